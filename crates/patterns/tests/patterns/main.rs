//! The pattern engine's tests, one binary: the engine end to end, and its statistics against
//! scipy (`crosscheck`, with the files of analysis/crosscheck).

mod crosscheck;
mod engine;
mod recall;
