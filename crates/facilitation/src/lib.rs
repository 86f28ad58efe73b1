//! vertelpunt-facilitation: sense-making sessions (tables, post-its, clusters, improvement
//! proposals and their follow-up across cycles).
//!
//! Nothing is built here yet; this crate only fixes its place in the workspace. It exports
//! nothing, so nothing can mistake it for a working module.
