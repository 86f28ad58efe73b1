//! Running the `vertelpunt` binary the way a user does, on one database.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `vertelpunt --database DB ARGS…` in `dir`, without the caller's environment settings.
pub fn vertelpunt(dir: &Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vertelpunt"))
        .current_dir(dir)
        .env_remove("VERTELPUNT_DATABASE")
        .env_remove("RUST_LOG")
        .args(["--database", db])
        .args(args)
        .output()
        .unwrap()
}

/// The standard output of a run that must have succeeded.
#[track_caller]
pub fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}
