//! `vertelpunt questionnaire …` and `vertelpunt collection-point …` as an administrator uses them.

use std::path::Path;
use std::process::{Command, Output};

fn vertelpunt(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vertelpunt"))
        .current_dir(dir)
        .env_remove("VERTELPUNT_DATABASE")
        .args(args)
        .output()
        .expect("run vertelpunt")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const SHIPPED_CORE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../model/data/questionnaires/jeugdhulp.toml"
);
const SHIPPED_MODULE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../model/data/questionnaires/zo-thuis-mogelijk.toml"
);

#[test]
fn check_names_every_problem_of_a_broken_file_and_accepts_the_shipped_ones() {
    let dir = tempfile::tempdir().unwrap();
    let ok = vertelpunt(
        dir.path(),
        &["questionnaire", "check", SHIPPED_CORE, SHIPPED_MODULE],
    );
    assert!(ok.status.success(), "{}", stdout(&ok));
    assert!(stdout(&ok)
        .contains("valid (core 'jeugdhulp', 19 questions of which 14 signifier questions)"));
    assert!(stdout(&ok).contains("valid (module 'zo-thuis-mogelijk'"));

    std::fs::write(
        dir.path().join("regio.toml"),
        r#"
key = "regio-twente"
kind = "module"
extends = "jeugdhulp"
title = { nl = "Twente", en = "Twente" }
[[questions]]
id = "gehoord"
kind = "slider"
text = { nl = "Gehoord?", en = "Heard?" }
left = { nl = "Nee", en = "No" }
[[questions]]
id = "driehoek"
kind = "triad"
text = { nl = "Wat telde?", en = "What counted?" }
corners = [{ nl = "a", en = "a" }]
"#,
    )
    .unwrap();
    let bad = vertelpunt(dir.path(), &["questionnaire", "check", "regio.toml"]);
    assert_eq!(bad.status.code(), Some(1));
    let out = stdout(&bad);
    assert!(out.contains("regio.toml: not valid"), "{out}");
    assert!(out.contains("- question 'gehoord': a slider needs both a left and a right pole label; right is missing"), "{out}");
    assert!(
        out.contains("- question 'driehoek': a triad needs exactly three corners, found 1"),
        "{out}"
    );
    assert!(out.contains("- question id 'gehoord' is already defined by the core set; a module cannot redefine it"), "{out}");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("1 of 1 definition files are not valid"));
}

#[test]
fn publishing_a_changed_core_makes_a_new_version_and_collection_points_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let changed = std::fs::read_to_string(SHIPPED_CORE)
        .unwrap()
        .replace("Voelde je je gehoord?", "Voelde jij je gehoord?");
    std::fs::write(dir.path().join("jeugdhulp.toml"), changed).unwrap();
    let first = vertelpunt(dir.path(), &["questionnaire", "publish", SHIPPED_CORE]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(stdout(&first).trim(), "jeugdhulp v1 published");
    let same = vertelpunt(dir.path(), &["questionnaire", "publish", SHIPPED_CORE]);
    assert_eq!(
        stdout(&same).trim(),
        "jeugdhulp unchanged: identical to the published v1"
    );
    let second = vertelpunt(dir.path(), &["questionnaire", "publish", "jeugdhulp.toml"]);
    assert_eq!(stdout(&second).trim(), "jeugdhulp v2 published");
    let list = stdout(&vertelpunt(dir.path(), &["questionnaire", "list"]));
    assert!(
        list.contains("jeugdhulp                v1")
            && list.contains("jeugdhulp                v2"),
        "{list}"
    );

    let created = vertelpunt(
        dir.path(),
        &[
            "collection-point",
            "create",
            "--slug",
            "twente-thuis",
            "--name",
            "Vertelpunt Twente",
            "--module",
            "zo-thuis-mogelijk",
            "--region",
            "JR31",
            "--opens",
            "2026-01-01",
            "--closes",
            "2026-04-01",
        ],
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert_eq!(
        stdout(&created).trim(),
        "collection point 'Vertelpunt Twente' created: jeugdhulp v2 + zo-thuis-mogelijk at /v/twente-thuis"
    );
    let points = stdout(&vertelpunt(dir.path(), &["collection-point", "list"]));
    assert!(points.contains("/v/twente-thuis"), "{points}");
    assert!(
        points
            .lines()
            .any(|l| l.contains("twente-thuis") && l.contains("closed")),
        "{points}"
    );
    assert!(
        points
            .lines()
            .any(|l| l.contains("/v/jeugdhulp") && l.contains("open")),
        "{points}"
    );

    for (args, message) in [
        (
            vec!["--slug", "twente-thuis", "--name", "x"],
            "a collection point with slug 'twente-thuis' already exists",
        ),
        (
            vec!["--slug", "x", "--name", "x", "--region", "JR77"],
            "region 'JR77' is unknown",
        ),
        (
            vec!["--slug", "x", "--name", "x", "--opens", "1 januari"],
            "--opens '1 januari' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)",
        ),
        (
            vec!["--slug", "x", "--name", "x", "--module", "onbekend"],
            "module 'onbekend' is not published",
        ),
        (
            vec!["--slug", "x", "--name", "x", "--languages", "nl,fr"],
            "language 'fr' is not supported",
        ),
    ] {
        let mut all = vec!["collection-point", "create"];
        all.extend(args);
        let out = vertelpunt(dir.path(), &all);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "expected {message:?} in {stderr}");
    }
}
