//! The shipped questionnaires validate, and broken definitions get precise messages.

use vertelpunt_model::definition::{DefinitionFormat, RawDefinition};
use vertelpunt_model::shipped::SHIPPED;
use vertelpunt_model::validate::{validate, validate_module};
use vertelpunt_model::{QuestionKind, Role};

fn core() -> vertelpunt_model::Questionnaire {
    validate(&SHIPPED[0].parse()).expect("jeugdhulp validates")
}

fn messages(source: &str) -> Vec<String> {
    let raw = RawDefinition::parse(source, DefinitionFormat::Toml).expect("parses");
    match validate(&raw) {
        Ok(_) => vec![],
        Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
    }
}

const HEADER: &str = r#"
key = "test"
kind = "core"
title = { nl = "Test", en = "Test" }
[completeness]
min_words = 5
first_signifiers = 1
[[questions]]
id = "rol"
kind = "role"
text = { nl = "Wie?", en = "Who?" }
[[questions]]
id = "verhaal"
kind = "story"
text = { nl = "Vertel", en = "Tell" }
"#;

#[test]
fn shipped_core_has_at_least_twelve_signifiers_for_every_role() {
    let core = core();
    assert_eq!(core.key, "jeugdhulp");
    for role in Role::ALL {
        let n = core.signifiers_for(role).count();
        assert!(n >= 12, "{role}: only {n} signifier questions");
    }
    // The questions the national Vertelpunt asks.
    for id in [
        "gevolgen",
        "gehoord",
        "juiste_hulp",
        "op_tijd",
        "duidelijkheid",
        "wie_hielp",
        "soort_hulp",
        "regio",
        "leeftijd",
        "meta",
    ] {
        assert!(core.question(id).is_some(), "core lacks '{id}'");
    }
    match &core.question("gehoord").unwrap().kind {
        QuestionKind::Slider {
            left,
            right,
            not_applicable,
        } => {
            assert_eq!(left.nl, "Zeker niet");
            assert_eq!(right.nl, "Zeker wel");
            assert!(*not_applicable);
        }
        other => panic!("gehoord is a {other:?}"),
    }
}

#[test]
fn shipped_module_validates_against_the_core() {
    let module = validate_module(&core(), &SHIPPED[1].parse()).expect("module validates");
    assert_eq!(module.extends.as_deref(), Some("jeugdhulp"));
    assert!(module.question("thuis_wonen").is_some());
    assert!(module.question("steunfiguur").is_some());
    assert!(module.question("verhuizingen").is_some());
}

#[test]
fn duplicate_question_ids_are_named() {
    let src = format!(
        "{HEADER}\n[[questions]]\nid = \"verhaal\"\nkind = \"free_text\"\ntext = {{ nl = \"a\", en = \"b\" }}\n"
    );
    let m = messages(&src);
    assert!(
        m.contains(&"question id 'verhaal' is used more than once".to_string()),
        "{m:?}"
    );
}

#[test]
fn a_triad_without_three_corners_is_refused() {
    let src = format!(
        "{HEADER}\n[[questions]]\nid = \"t\"\nkind = \"triad\"\ntext = {{ nl = \"a\", en = \"b\" }}\ncorners = [{{ nl = \"x\", en = \"x\" }}, {{ nl = \"y\", en = \"y\" }}]\n"
    );
    let m = messages(&src);
    assert!(
        m.contains(&"question 't': a triad needs exactly three corners, found 2".to_string()),
        "{m:?}"
    );
}

#[test]
fn a_slider_without_both_poles_is_refused() {
    let src = format!(
        "{HEADER}\n[[questions]]\nid = \"s\"\nkind = \"slider\"\ntext = {{ nl = \"a\", en = \"b\" }}\nleft = {{ nl = \"x\", en = \"x\" }}\n"
    );
    let m = messages(&src);
    assert!(
        m.contains(
            &"question 's': a slider needs both a left and a right pole label; right is missing"
                .to_string()
        ),
        "{m:?}"
    );
}

#[test]
fn a_scale_with_one_option_is_refused() {
    let src = format!(
        "{HEADER}\n[[questions]]\nid = \"sc\"\nkind = \"scale\"\ntext = {{ nl = \"a\", en = \"b\" }}\noptions = [{{ id = \"1\", nl = \"x\", en = \"x\" }}]\n"
    );
    let m = messages(&src);
    assert!(
        m.contains(&"question 'sc': a scale needs at least two options, found 1".to_string()),
        "{m:?}"
    );
}

#[test]
fn a_single_choice_needs_two_options_and_a_tick_box_one() {
    let one = |kind: &str| {
        format!(
            "{HEADER}\n[[questions]]\nid = \"c\"\nkind = \"{kind}\"\ntext = {{ nl = \"a\", en = \"b\" }}\noptions = [{{ id = \"ja\", nl = \"x\", en = \"x\" }}]\n"
        )
    };
    let m = messages(&one("single_choice"));
    assert!(
        m.contains(
            &"question 'c': a single choice needs at least two options, found 1".to_string()
        ),
        "{m:?}"
    );
    let m = messages(&one("multiple_choice"));
    assert!(!m.iter().any(|m| m.starts_with("question 'c'")), "{m:?}");
}

#[test]
fn a_module_redefining_a_core_id_is_refused() {
    let src = r#"
key = "extra"
kind = "module"
extends = "jeugdhulp"
title = { nl = "Extra", en = "Extra" }
[[questions]]
id = "gehoord"
kind = "slider"
text = { nl = "a", en = "b" }
left = { nl = "x", en = "x" }
right = { nl = "y", en = "y" }
"#;
    let raw = RawDefinition::parse(src, DefinitionFormat::Toml).unwrap();
    let errors = validate_module(&core(), &raw).unwrap_err();
    let m: Vec<String> = errors.0.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        m,
        vec![
            "question id 'gehoord' is already defined by the core set; a module cannot redefine it"
        ]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let src = r#"
key = "Bad Key"
kind = "core"
title = { nl = "Test" }
[[questions]]
id = "x"
kind = "dial"
text = { nl = "a", en = "b" }
[[questions]]
id = "c"
kind = "multiple_choice"
text = { nl = "a", en = "" }
max_picks = 5
options = [{ id = "a", nl = "a", en = "a" }, { id = "a", nl = "b", en = "b" }]
"#;
    let m = messages(src);
    for expected in [
        "key 'Bad Key' is not valid: use lower-case letters, digits, '-' and '_', starting with a letter",
        "the title has no English (en) text",
        "question 'x': kind 'dial' is unknown (known: role, story, story_title, slider, scale, single_choice, multiple_choice, triad, free_text, region)",
        "question 'c': the question text has no English (en) text",
        "question 'c': option id 'a' is used more than once",
        "question 'c': max_picks is 5 but must be between 1 and the number of options (2)",
        "a core set needs exactly one 'role' question, found 0",
        "a core set needs exactly one 'story' question, found 0",
        "a core set needs a [completeness] rule (min_words and first_signifiers)",
    ] {
        assert!(m.contains(&expected.to_string()), "missing {expected:?} in {m:#?}");
    }
}

#[test]
fn fields_of_another_kind_are_refused() {
    let src = format!(
        "{HEADER}\n[[questions]]\nid = \"s\"\nkind = \"single_choice\"\ntext = {{ nl = \"a\", en = \"b\" }}\nleft = {{ nl = \"x\", en = \"x\" }}\noptions = [{{ id = \"a\", nl = \"a\", en = \"a\" }}, {{ id = \"b\", nl = \"b\", en = \"b\" }}]\n"
    );
    assert_eq!(
        messages(&src),
        vec!["question 's': a single_choice question has no 'left'"]
    );
}

#[test]
fn an_unknown_field_is_a_parse_error_naming_it() {
    let src = format!("{HEADER}\ncolour = \"blue\"\n");
    let err = RawDefinition::parse(&src, DefinitionFormat::Toml).unwrap_err();
    assert!(err.to_string().contains("colour"), "{err}");
}

#[test]
fn json_and_toml_give_the_same_definition_and_checksum() {
    let raw = SHIPPED[0].parse();
    let json = raw.canonical_json();
    let again = RawDefinition::parse(&json, DefinitionFormat::Json).unwrap();
    assert_eq!(raw, again);
    assert_eq!(raw.checksum(), again.checksum());
    let mut changed = raw.clone();
    changed.title.nl.push('!');
    assert_ne!(raw.checksum(), changed.checksum());
}

#[test]
fn every_question_a_young_person_reads_has_plain_wording_for_them() {
    let core = core();
    let module = validate_module(&core, &SHIPPED[1].parse()).expect("module validates");
    for q in core.questions.iter().chain(&module.questions) {
        if !q.shown_to(Role::Jongere) || q.kind == QuestionKind::Role {
            continue;
        }
        let worded = q.worded_for(Role::Jongere);
        assert!(
            q.wording.iter().any(|(r, _)| *r == Role::Jongere),
            "question '{}' has no wording for jongere",
            q.id
        );
        // Written to the young person ("je", "jou", "jij"), not about "het kind".
        let text = worded.text.nl.to_lowercase();
        assert!(!text.contains("het kind"), "'{}': {text}", q.id);
        assert!(!text.contains("de jongere"), "'{}': {text}", q.id);
    }
    // Jargon is explained where it stays, and a parent still reads the general wording.
    let who = core.question("wie_hielp").unwrap();
    let QuestionKind::MultipleChoice { options, .. } = who.worded_for(Role::Jongere).kind else {
        panic!("a multiple choice");
    };
    let gi = options.iter().find(|o| o.id == "gi").unwrap();
    assert!(gi.label.nl.contains("jeugdbeschermer ("), "{}", gi.label.nl);
    assert!(options.iter().all(|o| !o.label.nl.contains("POH")));
    let right = core.question("juiste_hulp").unwrap();
    assert_eq!(
        right.worded_for(Role::Jongere).text.nl,
        "Kreeg je de hulp die je nodig had?"
    );
    assert_eq!(
        right.worded_for(Role::Ouder).text.nl,
        "Kreeg het kind / de jongere / het gezin de juiste hulp?"
    );
    // Pole labels are written the same way everywhere ("Zeker niet", never "Zeker NIET").
    for q in &core.questions {
        if let QuestionKind::Slider { left, right, .. } = &q.kind {
            for pole in [left, right] {
                assert_ne!(pole.nl, pole.nl.to_uppercase(), "'{}'", q.id);
                assert!(
                    !pole.nl.contains("NIET") && !pole.nl.contains("WEL"),
                    "'{}'",
                    q.id
                );
            }
        }
    }
}

#[test]
fn a_wording_for_a_role_is_checked_like_the_question_itself() {
    let source = format!(
        r#"{HEADER}
[[questions]]
id = "schaal"
kind = "scale"
text = {{ nl = "Hoe was het?", en = "How was it?" }}
options = [{{ id = "1", nl = "slecht", en = "bad" }}, {{ id = "2", nl = "goed", en = "good" }}]
[questions.wording.jongere]
text = {{ nl = "Hoe was het voor jou?" }}
left = {{ nl = "nee", en = "no" }}
options = [{{ id = "3", nl = "heel goed", en = "very good" }}]
[questions.wording.kleuter]
text = {{ nl = "?", en = "?" }}
[[questions]]
id = "prof"
kind = "slider"
roles = ["professional"]
text = {{ nl = "Werk", en = "Work" }}
left = {{ nl = "weinig", en = "little" }}
right = {{ nl = "veel", en = "much" }}
[questions.wording.jongere]
text = {{ nl = "Werk", en = "Work" }}
[[questions]]
id = "drie"
kind = "triad"
text = {{ nl = "Wat telde?", en = "What counted?" }}
corners = [{{ nl = "a", en = "a" }}, {{ nl = "b", en = "b" }}, {{ nl = "c", en = "c" }}]
[questions.wording.jongere]
corners = [{{ nl = "a", en = "a" }}]
"#
    );
    let found = messages(&source);
    for expected in [
        "question 'schaal': the wording for 'jongere' has a 'text' without English (en) text",
        "question 'schaal': the wording for 'jongere' has 'left', which a scale question does not have",
        "question 'schaal': the wording for 'jongere' names option '3', which the question does not have",
        "question 'schaal': wording for role 'kleuter', which is unknown (known: jongere, ouder, professional)",
        "question 'prof': wording for role 'jongere', but the question is not shown to that role",
        "question 'drie': the wording for 'jongere' must give all three corners, found 1",
    ] {
        assert!(found.iter().any(|m| m == expected), "{expected}\nin {found:#?}");
    }
}

/// A core in one language: `lang` is the key of every text, `languages` the line naming them.
fn written_in(lang: &str, languages: &str) -> String {
    format!(
        r#"{languages}
key = "micro"
kind = "core"
title = {{ {lang} = "Micro stories" }}
[completeness]
min_words = 5
first_signifiers = 3
[[questions]]
id = "rol"
kind = "role"
text = {{ {lang} = "Who are you?" }}
[[questions]]
id = "verhaal"
kind = "story"
text = {{ {lang} = "Tell" }}
[[questions]]
id = "gehoord"
kind = "slider"
text = {{ {lang} = "I was heard" }}
left = {{ {lang} = "not at all" }}
right = {{ {lang} = "completely" }}
[[questions]]
id = "hulp"
kind = "single_choice"
text = {{ {lang} = "Who helped?" }}
options = [{{ id = "school", {lang} = "School" }}, {{ id = "team", {lang} = "Team" }}]
[[questions]]
id = "balans"
kind = "triad"
text = {{ {lang} = "What mattered?" }}
corners = [{{ {lang} = "Me" }}, {{ {lang} = "Family" }}, {{ {lang} = "School" }}]
"#
    )
}

#[test]
fn a_definition_in_english_only_is_valid_when_it_says_so_and_reads_in_english_everywhere() {
    let raw = RawDefinition::parse(
        &written_in("en", r#"languages = ["en"]"#),
        DefinitionFormat::Toml,
    )
    .unwrap();
    let q = validate(&raw).expect("an English-only definition is valid");
    // Dutch pages show the English text: there is no Dutch one.
    assert_eq!(q.title.nl, "Micro stories");
    let slider = q.question("gehoord").unwrap();
    assert_eq!(slider.text.nl, "I was heard");
    match &slider.kind {
        QuestionKind::Slider { left, .. } => assert_eq!(left.nl, "not at all"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        q.question("hulp").unwrap().kind.options()[1].label.nl,
        "Team"
    );
    // The stored form is the definition as written (same checksum as read again).
    let again = RawDefinition::parse(&raw.canonical_json(), DefinitionFormat::Json).unwrap();
    assert_eq!(again, raw);
}

#[test]
fn a_definition_may_be_written_in_any_language_it_names() {
    let raw = RawDefinition::parse(
        &written_in("de", r#"languages = ["de"]"#),
        DefinitionFormat::Toml,
    )
    .unwrap();
    let q = validate(&raw).expect("a German definition is valid");
    assert_eq!(q.question("rol").unwrap().text.en, "Who are you?");
    // Naming German and English needs both.
    let raw = RawDefinition::parse(
        &written_in("de", r#"languages = ["de", "en"]"#),
        DefinitionFormat::Toml,
    )
    .unwrap();
    let m: Vec<String> = validate(&raw)
        .unwrap_err()
        .0
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert!(
        m.contains(&"the title has no English (en) text".to_string()),
        "{m:#?}"
    );
    assert!(
        m.contains(&"question 'gehoord': the left pole label has no English (en) text".to_string()),
        "{m:#?}"
    );
}

#[test]
fn an_english_only_definition_that_names_no_languages_gets_one_message_saying_what_to_add() {
    let m = messages(&written_in("en", ""));
    assert_eq!(
        m,
        vec![
            "no text is in Dutch (nl): a definition that names no languages needs Dutch and \
             English. If it is written in that language only, say so at the top: \
             languages = [\"en\"] (in JSON: \"languages\": [\"en\"])"
        ]
    );
}

#[test]
fn unknown_or_repeated_language_codes_are_named() {
    let m = messages(&written_in("en", r#"languages = ["en", "english", "en"]"#));
    assert_eq!(
        m,
        vec![
            "languages: 'english' is not a language code: use a two-letter ISO 639-1 code such as nl, en or de",
            "languages: 'en' is named more than once",
        ]
    );
    let err = RawDefinition::parse(
        &written_in("en", r#"languages = ["en"]"#).replace("en = \"Team\"", "engels = \"Team\""),
        DefinitionFormat::Toml,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("'engels' is not a language code"),
        "{err}"
    );
}

#[test]
fn a_pole_without_one_language_says_which_pole_and_language_and_a_broken_question_does_not_empty_the_set(
) {
    let src = format!(
        "{HEADER}\n[[questions]]\nid = \"a\"\nkind = \"slider\"\ntext = {{ nl = \"a\", en = \"a\" }}\nleft = {{ en = \"low\" }}\nright = {{ nl = \"hoog\", en = \"high\" }}\n"
    );
    // The set's one signifier is the broken slider: the completeness rule still counts it.
    assert_eq!(
        messages(&src),
        vec!["question 'a': the left pole label has no Dutch (nl) text"]
    );
}
