//! Answer checks, completeness, identifying details and the shipped regions.

use vertelpunt_model::answer::check_answer;
use vertelpunt_model::completeness::{is_complete, word_count};
use vertelpunt_model::identifying::{find_identifying, IdentifyingKind};
use vertelpunt_model::regions::{jeugdregios, region};
use vertelpunt_model::shipped::SHIPPED;
use vertelpunt_model::validate::validate;
use vertelpunt_model::{AnswerError, AnswerValue, Questionnaire, Role};

fn core() -> Questionnaire {
    validate(&SHIPPED[0].parse()).unwrap()
}

fn check(q: &str, v: AnswerValue) -> Result<(), AnswerError> {
    let core = core();
    check_answer(core.question(q).unwrap(), &v, |c| region(c).is_some())
}

#[test]
fn slider_accepts_0_to_100_and_not_applicable() {
    assert!(check("gehoord", AnswerValue::Slider { value: 0 }).is_ok());
    assert!(check("gehoord", AnswerValue::Slider { value: 100 }).is_ok());
    assert!(check("gehoord", AnswerValue::NotApplicable).is_ok());
    assert_eq!(
        check("gehoord", AnswerValue::Slider { value: 101 })
            .unwrap_err()
            .code(),
        "answer-slider-out-of-range"
    );
}

#[test]
fn choices_check_options_and_max_picks() {
    let picks = |v: &[&str]| AnswerValue::MultipleChoice {
        options: v.iter().map(|s| s.to_string()).collect(),
    };
    assert!(check("wie_hielp", picks(&["wijkteam", "school", "netwerk"])).is_ok());
    assert_eq!(
        check("wie_hielp", picks(&["wijkteam", "school", "netwerk", "gi"])).unwrap_err(),
        AnswerError::TooManyPicks {
            question: "wie_hielp".into(),
            picked: 4,
            max: 3
        }
    );
    assert_eq!(
        check("wie_hielp", picks(&["wijkteam", "wijkteam"]))
            .unwrap_err()
            .code(),
        "answer-duplicate-pick"
    );
    assert_eq!(
        check(
            "soort_hulp",
            AnswerValue::SingleChoice {
                option: "tandarts".into()
            }
        )
        .unwrap_err()
        .code(),
        "answer-unknown-option"
    );
    // A single choice question has no "not applicable".
    assert_eq!(
        check("soort_hulp", AnswerValue::NotApplicable)
            .unwrap_err()
            .code(),
        "answer-wrong-kind"
    );
}

#[test]
fn triad_shares_must_sum_to_100() {
    assert!(check(
        "belangrijk",
        AnswerValue::Triad {
            shares: [33.34, 33.33, 33.33]
        }
    )
    .is_ok());
    assert_eq!(
        check(
            "belangrijk",
            AnswerValue::Triad {
                shares: [50.0, 30.0, 30.0]
            }
        )
        .unwrap_err()
        .code(),
        "answer-triad-sum"
    );
    assert_eq!(
        check(
            "belangrijk",
            AnswerValue::Triad {
                shares: [120.0, -10.0, -10.0]
            }
        )
        .unwrap_err()
        .code(),
        "answer-triad-share-out-of-range"
    );
}

#[test]
fn region_answers_name_a_shipped_region() {
    assert!(check(
        "regio",
        AnswerValue::Region {
            code: "JR28".into()
        }
    )
    .is_ok());
    assert_eq!(
        check(
            "regio",
            AnswerValue::Region {
                code: "JR99".into()
            }
        )
        .unwrap_err()
        .code(),
        "answer-unknown-region"
    );
}

#[test]
fn forty_two_regions_with_unique_codes_including_nijmegen_and_twente() {
    let regions = jeugdregios();
    assert_eq!(regions.len(), 42);
    let mut codes: Vec<_> = regions.iter().map(|r| r.code.as_str()).collect();
    codes.dedup();
    assert_eq!(codes.len(), 42);
    assert!(regions.iter().any(|r| r.name == "Rijk van Nijmegen"));
    assert!(regions.iter().any(|r| r.name == "Twente"));
    assert!(regions.iter().any(|r| r.name == "Groningen"));
}

#[test]
fn completeness_needs_words_and_the_first_signifiers() {
    let core = core();
    let rule = core.completeness.unwrap();
    let story = "Het wijkteam luisterde eindelijk naar ons en regelde binnen een week hulp.";
    assert!(word_count(story) >= rule.min_words as usize);
    let first: Vec<String> = core
        .signifiers_for(Role::Ouder)
        .take(rule.first_signifiers as usize)
        .map(|q| q.id.clone())
        .collect();
    assert_eq!(first, ["gevolgen", "gehoord", "juiste_hulp"]);
    let all = |id: &str| first.iter().any(|f| f == id);
    assert!(is_complete(rule, &core, Role::Ouder, story, all));
    let missing_one = |id: &str| id != "juiste_hulp" && all(id);
    assert!(!is_complete(rule, &core, Role::Ouder, story, missing_one));
    assert!(!is_complete(
        rule,
        &core,
        Role::Ouder,
        "Te kort verhaal.",
        all
    ));
    assert_eq!(word_count("  een - twee, drie!  "), 3);
}

#[test]
fn identifying_details_are_found() {
    let text = "Mail me op jan.jansen@example.nl of bel 06-12345678. We wonen op 1234 AB 12. \
                BSN 111222333, rekening NL91 ABNA 0417 1643 00.";
    let kinds: Vec<IdentifyingKind> = find_identifying(text).iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [
            IdentifyingKind::Email,
            IdentifyingKind::Phone,
            IdentifyingKind::PostcodeWithHouseNumber,
            IdentifyingKind::Bsn,
            IdentifyingKind::Iban
        ]
    );
}

#[test]
fn ordinary_story_text_is_not_flagged() {
    let text = "In 2019 en 2020 wachtten we 12 weken. De wachtlijst was 150 kinderen lang en \
                het kostte 1200 euro. Mijn zoon van 14 kreeg uiteindelijk hulp.";
    assert_eq!(find_identifying(text), vec![]);
    // Nine digits that fail the elfproef are not a BSN.
    assert_eq!(find_identifying("ordernummer 123456789"), vec![]);
}
