//! NarraFirma story form and stories CSV, modelled on the example of NarraFirma's import guide
//! (every question type it can read), and the ways such files are refused. No database:
//! storing is tested by the CLI round trip.

use chrono::NaiveDateTime;
use vertelpunt_interop::narrafirma::{self, Prepared};
use vertelpunt_interop::ImportError;
use vertelpunt_model::validate::validate;
use vertelpunt_model::{AnswerValue, Lang, QuestionKind};

const FORM: &str = r#"Data column name,Type,About,Short name,Long name,Answers,,,,
;a comment: NarraFirma skips it,,,,,,,,,
,Title,form,,,Verhalen uit de wijk,,,,
,Participant ID column name,import,,,Respondent,,,,
EQuestion,eliciting,eliciting,Eliciting question,Please choose a question.,Surprise|Surprise|What surprised you?,ReallyLike|Really like|What is success really like?,Discovered|Discovery|What did you discover?,,
,Story text column name,import,,,SText,,,,
,Story title column name,import,,,STitle,,,,
LongAgo,Single choice,story,How long ago,How long ago did this story take place?,Last week|In the past week,3 months|Within 3 months,1 year|Within a year,,
Source,Single choice indexed,story,Where story came from,Where did this story come from?,first-person,second-hand,rumor,,
Remember,Scale,story,How long remember,How long will you remember this story?,for a few minutes,for the rest of my life,1,10,
Feel about,Multi-choice multi-column texts,story,Feel about,How do you feel about this story?,happy|positive,glad|positive,sad|negative,,
Needed,Multi-choice multi-column yes/no,story,Needed,What did the people need?,help|to be helped,understanding|to be understood,,,
,Yes no questions yes indicator,import,,,Yes,,,,
,Yes no questions Q-A separator,import,,, [,,,,
,Yes no questions Q-A ending,import,,,],,,,
Helped,Multi-choice single-column delimited,story,People who helped,Who helped?,manager|A manager,colleague|A colleague,friend|A friend,,
,Multi choice single column delimiter,import,,,";",,,,
Surprised,Multi-choice single-column delimited indexed,story,Who would be surprised,Who would be surprised?,head office,customers,colleagues,,
Comment,Text,participant,Comment,Anything else?,,,,,
,Minimum words to include story,import,,,3,,,,
"#;

const DATA: &str = "Respondent,EQuestion,SText,STitle,LongAgo,Source,Remember,Feel about,Feel about,Needed [help],Needed [understanding],Helped,Surprised,Comment
2554,Surprise,I was surprised one day when the team called back.,Never would have guessed,1 year,1,3,happy,,Yes,No,manager; colleague,1;3,It's okay
1543,ReallyLike,It was on my last day at work and everyone came.,Finally,3 months,3,10,,sad,No,Yes,friend,2,
;a comment row
532,Discovered,Too short.,Never knew,Last week,2,9,glad,sad,Yes,No,,,No comment
99,Surprise,testing123,,,,,,,,,,,
";

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-23 10:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

fn prepare(form: &str, data: &str) -> Result<Prepared, ImportError> {
    narrafirma::prepare(
        "form.csv",
        form.as_bytes(),
        "data.csv",
        data.as_bytes(),
        "narrafirma-wijk",
        Lang::En.into(),
        now(),
    )
}

fn answer<'a>(p: &'a Prepared, story: usize, question: &str) -> Option<&'a AnswerValue> {
    p.stories[story]
        .answers
        .iter()
        .find(|(q, _)| q == question)
        .map(|(_, v)| v)
}

#[test]
fn every_question_type_of_the_import_guide_is_read() {
    let p = prepare(FORM, DATA).unwrap();
    assert_eq!(
        p.stories.len(),
        2,
        "one too-short story and one test story left out"
    );
    assert_eq!((p.too_short, p.tests), (1, 1));
    assert_eq!(p.definition.title.nl, "Verhalen uit de wijk");

    let q = validate(&p.definition).unwrap();
    let kind = |id: &str| {
        &q.question(id)
            .unwrap_or_else(|| panic!("no question {id}"))
            .kind
    };
    assert!(matches!(
        kind("vertelvraag"),
        QuestionKind::SingleChoice { .. }
    ));
    assert!(matches!(kind("remember"), QuestionKind::Slider { .. }));
    assert!(
        matches!(kind("feel_about"), QuestionKind::MultipleChoice { options, .. } if options.len() == 2),
        "happy and glad are lumped into 'positive'"
    );
    assert!(matches!(kind("comment"), QuestionKind::FreeText { .. }));

    let s = &p.stories[0];
    assert_eq!(s.row, 2);
    assert_eq!(s.title.as_deref(), Some("Never would have guessed"));
    assert_eq!(s.body, "I was surprised one day when the team called back.");
    assert_eq!(s.language, Lang::En.into());
    assert_eq!(
        s.submitted_at,
        now(),
        "no dates in the file: the moment of the import"
    );
    let single = |o: &str| AnswerValue::SingleChoice { option: o.into() };
    let multi = |o: &[&str]| AnswerValue::MultipleChoice {
        options: o.iter().map(|x| x.to_string()).collect(),
    };
    assert_eq!(answer(&p, 0, "vertelvraag"), Some(&single("surprise")));
    assert_eq!(answer(&p, 0, "longago"), Some(&single("1_year")));
    assert_eq!(
        answer(&p, 0, "source"),
        Some(&single("first_person")),
        "answer 1"
    );
    assert_eq!(
        answer(&p, 0, "remember"),
        Some(&AnswerValue::Slider { value: 22 }),
        "3 on 1–10"
    );
    assert_eq!(answer(&p, 0, "feel_about"), Some(&multi(&["positive"])));
    assert_eq!(answer(&p, 0, "needed"), Some(&multi(&["help"])));
    assert_eq!(
        answer(&p, 0, "helped"),
        Some(&multi(&["manager", "colleague"]))
    );
    assert_eq!(
        answer(&p, 0, "surprised"),
        Some(&multi(&["head_office", "colleagues"]))
    );
    assert_eq!(
        answer(&p, 0, "comment"),
        Some(&AnswerValue::FreeText {
            text: "It's okay".into()
        })
    );

    assert_eq!(p.stories[1].row, 3);
    assert_eq!(
        answer(&p, 1, "remember"),
        Some(&AnswerValue::Slider { value: 100 })
    );
    assert_eq!(
        answer(&p, 1, "feel_about"),
        Some(&multi(&["sad"])),
        "the second 'Feel about' column; one answer keeps its data text as id"
    );
    assert_eq!(answer(&p, 1, "needed"), Some(&multi(&["understanding"])));
    assert_eq!(answer(&p, 1, "surprised"), Some(&multi(&["customers"])));
    assert_eq!(answer(&p, 1, "comment"), None);
}

#[test]
fn story_ids_come_from_the_rows_so_a_second_import_finds_the_same_stories() {
    let first = prepare(FORM, DATA).unwrap();
    let again = prepare(FORM, DATA).unwrap();
    let ids = |p: &Prepared| {
        p.stories
            .iter()
            .map(|s| s.external_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&first), ids(&again));
    // Two identical rows are two stories.
    let doubled = DATA.replace(
        ";a comment row\n",
        "1543,ReallyLike,It was on my last day at work and everyone came.,Finally,3 months,3,10,,sad,No,Yes,friend,2,\n",
    );
    let p = prepare(FORM, &doubled).unwrap();
    assert_eq!(p.stories.len(), 3);
    assert_ne!(p.stories[1].external_id, p.stories[2].external_id);
    assert_eq!(p.stories[1].external_id, first.stories[1].external_id);
}

#[test]
fn bad_story_forms_and_stories_are_refused_with_their_place() {
    let cases = [
        (
            FORM.replace("Multi-choice single-column delimited indexed", "Ranking"),
            DATA.to_string(),
            "form.csv, row 18, column 'Type': 'Ranking' is not a question type NarraFirma can import",
        ),
        (
            FORM.replace(",Story text column name,import,,,SText,,,,\n", ""),
            DATA.to_string(),
            "form.csv: the story form does not say which column holds the stories: add a row with Type 'Story text column name', About 'import' and the column's name under Answers",
        ),
        (
            FORM.replace("Data column name,", "Column,"),
            DATA.to_string(),
            "form.csv, row 1, column 'Data column name': the column is missing (needed for question \"a NarraFirma story form\")",
        ),
        (
            FORM.to_string(),
            DATA.replace(",Remember,", ",Onthouden,"),
            "data.csv, row 1, column 'Remember': the column is missing (needed for question \"remember\")",
        ),
        (
            FORM.to_string(),
            DATA.replace(",1 year,", ",2 years,"),
            "data.csv, row 2, column 'LongAgo': '2 years' is not an option of question \"longago\"",
        ),
        (
            FORM.to_string(),
            DATA.replace(",1 year,1,3,", ",1 year,1,11,"),
            "data.csv, row 2, column 'Remember': 11 is outside 1–10",
        ),
        (
            FORM.to_string(),
            DATA.replace(",1 year,1,", ",1 year,7,"),
            "data.csv, row 2, column 'Source': '7' is not an option of question \"source\"",
        ),
        (
            FORM.to_string(),
            DATA.replace("It's okay", "It's okay,extra"),
            "data.csv, row 2: the row has 15 fields; the header has 14",
        ),
    ];
    for (form, data, expected) in cases {
        let err = prepare(&form, &data).expect_err(expected);
        assert_eq!(err.to_string(), expected);
    }
}
