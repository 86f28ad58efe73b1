//! Spreadsheets read with a mapping file: CSV with commas or semicolons, XLSX, and every kind of
//! bad file refused with its file, row, column and reason. No database: storing is tested with
//! the SenseMaker import and the CLI round trips.

use vertelpunt_interop::tabular::mapping::MappingFile;
use vertelpunt_interop::tabular::{self, DataFormat, Questions};
use vertelpunt_interop::{ImportError, ImportProblem, ImportedStory};
use vertelpunt_model::shipped::SHIPPED;
use vertelpunt_model::validate::validate;
use vertelpunt_model::{AnswerValue, Questionnaire, Role};

const MAPPING: &str = r#"
questionnaire = "jeugdhulp"
[columns]
id = "Nr"
story = "Verhaal"
date = "Datum"
role = "Rol"
[answers]
gehoord = { column = "Gehoord" }
wie_hielp = { columns = { wijkteam = "Wijkteam", school = "School" } }
belangrijk = { columns = ["A", "B", "C"] }
"#;

fn jeugdhulp() -> Questionnaire {
    validate(&SHIPPED[0].parse()).unwrap()
}

fn read(file: &str, bytes: &[u8], format: DataFormat) -> Result<Vec<ImportedStory>, ImportError> {
    let q = jeugdhulp();
    let questions = Questions(vec![&q]);
    let mapping = MappingFile::parse("map.toml", MAPPING)?;
    let plan = mapping.plan("map.toml", &questions)?;
    let table = tabular::read_table(file, bytes, format, None)?;
    tabular::read(&table, &plan, &questions)
}

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from("Nr,Datum,Rol,Verhaal,Gehoord,Wijkteam,School,A,B,C\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

fn refused(file: &str, bytes: &[u8], format: DataFormat) -> ImportError {
    read(file, bytes, format).expect_err("the file must be refused")
}

#[test]
fn a_comma_csv_reads_every_answer() {
    let stories = read(
        "v.csv",
        &csv(&[
            "7,2025-01-31,ouder,\"Lang verhaal, met komma\",62,x,,60,30,10",
            "8,31-01-2025 09:15,,Kort.,,,,,,",
        ]),
        DataFormat::Csv,
    )
    .unwrap();
    assert_eq!(stories.len(), 2);
    let s = &stories[0];
    assert_eq!(s.external_id, "7");
    assert_eq!(s.row, 2);
    assert_eq!(s.role, Role::Ouder);
    assert_eq!(s.body, "Lang verhaal, met komma");
    assert_eq!(
        s.answers,
        vec![
            (
                "belangrijk".into(),
                AnswerValue::Triad {
                    shares: [60.0, 30.0, 10.0]
                }
            ),
            ("gehoord".into(), AnswerValue::Slider { value: 62 }),
            (
                "wie_hielp".into(),
                AnswerValue::MultipleChoice {
                    options: vec!["wijkteam".into()]
                }
            ),
        ]
    );
    assert_eq!(stories[1].role, Role::Onbekend);
    assert_eq!(
        stories[1].submitted_at.to_string(),
        "2025-01-31 09:15:00",
        "a Dutch day-month-year date"
    );
    assert!(stories[1].answers.is_empty());
}

#[test]
fn numbers_from_another_range_are_rescaled_and_the_rounding_is_reported() {
    let q = jeugdhulp();
    let questions = Questions(vec![&q]);
    let mapping = MAPPING.replace(
        "gehoord = { column = \"Gehoord\" }",
        "gehoord = { column = \"Gehoord\", range = [-100, 100] }",
    );
    let plan = MappingFile::parse("map.toml", &mapping)
        .unwrap()
        .plan("map.toml", &questions)
        .unwrap();
    let table = tabular::read_table(
        "v.csv",
        &csv(&[
            "1,2025-01-01,,x,-1,,,,,",
            "2,2025-01-01,,y,0,,,,,",
            "3,2025-01-01,,z,50,,,,,",
        ]),
        DataFormat::Csv,
        None,
    )
    .unwrap();
    let stories = tabular::read(&table, &plan, &questions).unwrap();
    let heard: Vec<&AnswerValue> = stories.iter().map(|s| &s.answers[0].1).collect();
    // −1 and 0 on −100…100 are 49.5 and 50 on 0–100: a slider keeps whole numbers.
    assert_eq!(
        heard,
        [50, 50, 75]
            .map(|value| AnswerValue::Slider { value })
            .iter()
            .collect::<Vec<_>>()
    );
    // Nothing changed without a word: the import says how many values were rounded.
    assert_eq!(
        tabular::rounding(&table, &plan),
        Some(tabular::Rounding {
            values: 1,
            largest: 0.5
        })
    );
    // Numbers already on 0–100 need no rounding.
    let plain = MappingFile::parse("map.toml", MAPPING)
        .unwrap()
        .plan("map.toml", &questions)
        .unwrap();
    assert_eq!(tabular::rounding(&table, &plain), None);
}

#[test]
fn story_texts_lose_the_spaces_and_line_breaks_around_them_and_the_import_says_how_many() {
    let q = jeugdhulp();
    let questions = Questions(vec![&q]);
    let plan = MappingFile::parse("map.toml", MAPPING)
        .unwrap()
        .plan("map.toml", &questions)
        .unwrap();
    let table = tabular::read_table(
        "v.csv",
        &csv(&[
            "1,2025-01-01,,\"Eindelijk hulp.\n\",,,,,,",
            "2,2025-01-01,,  Te laat.  ,,,,,,",
            "3,2025-01-01,,Precies goed.,,,,,,",
        ]),
        DataFormat::Csv,
        None,
    )
    .unwrap();
    let stories = tabular::read(&table, &plan, &questions).unwrap();
    let bodies: Vec<&str> = stories.iter().map(|s| s.body.as_str()).collect();
    assert_eq!(bodies, ["Eindelijk hulp.", "Te laat.", "Precies goed."]);
    assert_eq!(tabular::trimmed_texts(&table, &plan), 2);
}

#[test]
fn cells_that_mean_no_answer_are_read_as_empty_and_column_names_match_trimmed() {
    let q = jeugdhulp();
    let questions = Questions(vec![&q]);
    // A header with a trailing space, a mapping with one too; NA and "-" anywhere mean no
    // answer, and for one question "weet niet" as well.
    let mapping = MAPPING
        .replace(
            "questionnaire = \"jeugdhulp\"",
            "questionnaire = \"jeugdhulp\"\nmissing = [\"NA\", \"-\"]",
        )
        .replace(
            "gehoord = { column = \"Gehoord\" }",
            "gehoord = { column = \"Gehoord \", missing = [\"weet niet\"] }",
        );
    let mapping = MappingFile::parse("map.toml", &mapping).unwrap();
    let plan = mapping.plan("map.toml", &questions).unwrap();
    let bytes = b"Nr,Datum,Rol,Verhaal,Gehoord ,Wijkteam,School,A,B,C\n\
        1,2025-01-01,-,Een,NA,,,,,\n\
        2,2025-01-01,ouder,Twee,Weet niet,,,na,NA,-\n\
        3,2025-01-01,ouder,Drie,40,,,,,\n";
    let mut table = tabular::read_table("v.csv", bytes, DataFormat::Csv, None).unwrap();
    // Without the list, "-" and "NA" are refused.
    let refused = tabular::read(&table, &plan, &questions).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "v.csv, row 2, column 'Rol': '-' is not a role: jongere, ouder or professional"
    );
    mapping.blank_missing(&mut table);
    let stories = tabular::read(&table, &plan, &questions).unwrap();
    assert!(stories[0].answers.is_empty() && stories[0].role == Role::Onbekend);
    assert!(stories[1].answers.is_empty(), "{:?}", stories[1].answers);
    assert_eq!(
        stories[2].answers,
        vec![("gehoord".into(), AnswerValue::Slider { value: 40 })]
    );
}

#[test]
fn a_file_without_a_role_region_or_channel_column_gives_them_once_in_the_mapping() {
    let q = jeugdhulp();
    let questions = Questions(vec![&q]);
    let with_fixed = |fixed: &str| format!("{MAPPING}\n[fixed]\n{fixed}\n");
    let mapping = MappingFile::parse(
        "map.toml",
        &with_fixed("role = \"jongere\"\nregion = \"Haarlemmermeer\"\nchannel = \"tiktok\""),
    )
    .unwrap();
    let plan = mapping.plan("map.toml", &questions).unwrap();
    let table = tabular::read_table(
        "v.csv",
        &csv(&["1,2025-01-01,,Een,,,,,,", "2,2025-01-01,ouder,Twee,,,,,,"]),
        DataFormat::Csv,
        None,
    )
    .unwrap();
    let stories = tabular::read(&table, &plan, &questions).unwrap();
    assert_eq!(stories[0].role, Role::Jongere, "the row gives none");
    assert_eq!(stories[1].role, Role::Ouder, "the row's own role wins");
    for s in &stories {
        assert_eq!(s.region.as_deref(), Some("JR13"));
        assert_eq!(s.channel.as_deref(), Some("tiktok"));
    }
    // A fixed value that means nothing is refused with what to write.
    let bad = MappingFile::parse("map.toml", &with_fixed("role = \"tiener\""))
        .unwrap()
        .plan("map.toml", &questions)
        .unwrap_err();
    assert_eq!(
        bad.to_string(),
        "map.toml: the mapping is not valid: fixed.role = \"tiener\": use jongere, ouder or professional"
    );
}

#[test]
fn tick_columns_can_be_ticked_by_any_value_or_by_the_values_a_mapping_names() {
    let q = jeugdhulp();
    let questions = Questions(vec![&q]);
    let ticks = |rule: &str| {
        let mapping = MAPPING.replace(
            "wie_hielp = { columns = { wijkteam = \"Wijkteam\", school = \"School\" } }",
            &format!(
                "wie_hielp = {{ columns = {{ wijkteam = \"Wijkteam\", school = \"School\" }}, ticked = {rule} }}"
            ),
        );
        let plan = MappingFile::parse("map.toml", &mapping)
            .and_then(|m| m.plan("map.toml", &questions))?;
        let table = tabular::read_table(
            "v.csv",
            &csv(&[
                "1,2025-01-01,,Een,,Wijkteam Noord,,,,",
                "2,2025-01-01,,Twee,,,Ja,,,",
            ]),
            DataFormat::Csv,
            None,
        )?;
        tabular::read(&table, &plan, &questions)
    };
    let picks = |stories: &[ImportedStory]| -> Vec<Vec<(String, AnswerValue)>> {
        stories.iter().map(|s| s.answers.clone()).collect()
    };
    // A cell with anything in it is ticked ("Wijkteam Noord" in the column Wijkteam).
    let any = ticks("\"any\"").unwrap();
    assert_eq!(
        picks(&any),
        vec![
            vec![(
                "wie_hielp".to_string(),
                AnswerValue::MultipleChoice {
                    options: vec!["wijkteam".into()]
                }
            )],
            vec![(
                "wie_hielp".to_string(),
                AnswerValue::MultipleChoice {
                    options: vec!["school".into()]
                }
            )],
        ]
    );
    // Only the values named tick; others are not ticked.
    let named = ticks("[\"ja\"]").unwrap();
    assert!(named[0].answers.is_empty());
    assert_eq!(named[1].answers.len(), 1);
    // By default a tick column holds tick words, and anything else is refused.
    let refused = ticks("[]").unwrap_err();
    assert!(
        refused.to_string().contains("ticked takes \"any\""),
        "{refused}"
    );
}

#[test]
fn a_second_header_row_is_skipped_and_not_sure_means_not_applicable() {
    let q = jeugdhulp();
    let questions = Questions(vec![&q]);
    let mapping = MAPPING
        .replace(
            "questionnaire = \"jeugdhulp\"",
            "questionnaire = \"jeugdhulp\"\nskip_rows = [2]",
        )
        .replace(
            "gehoord = { column = \"Gehoord\" }",
            "gehoord = { column = \"Gehoord\", means_not_applicable = [\"Weet ik niet\"] }",
        );
    let mapping = MappingFile::parse("map.toml", &mapping).unwrap();
    let plan = mapping.plan("map.toml", &questions).unwrap();
    let mut table = tabular::read_table(
        "v.csv",
        &csv(&[
            "Nummer,Datum,Rol,Het verhaal,Hoe gehoord (0-100),,,,,",
            "1,2025-01-01,,Een,weet ik niet,,,,,",
        ]),
        DataFormat::Csv,
        None,
    )
    .unwrap();
    mapping.blank_missing(&mut table);
    let stories = tabular::read(&table, &plan, &questions).unwrap();
    assert_eq!(stories.len(), 1, "the second header row is left out");
    assert_eq!(stories[0].row, 3, "rows keep their spreadsheet numbers");
    assert_eq!(
        stories[0].answers,
        vec![("gehoord".into(), AnswerValue::NotApplicable)]
    );
}

#[test]
fn an_xlsx_sheet_reads_like_its_csv() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let header = [
        "Nr", "Datum", "Rol", "Verhaal", "Gehoord", "Wijkteam", "School", "A", "B", "C",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 7).unwrap();
    sheet.write_string(1, 1, "2025-01-31").unwrap();
    sheet.write_string(1, 2, "Kind of jongere").unwrap();
    sheet.write_string(1, 3, "Verhaal uit Excel.").unwrap();
    sheet.write_number(1, 4, 62).unwrap();
    sheet.write_boolean(1, 6, true).unwrap();
    sheet.write_number(1, 7, 0.5).unwrap();
    sheet.write_number(1, 8, 0.25).unwrap();
    sheet.write_number(1, 9, 0.25).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let stories = read("v.xlsx", &bytes, DataFormat::Xlsx).unwrap();
    assert_eq!(stories.len(), 1);
    let s = &stories[0];
    assert_eq!(s.external_id, "7", "a whole number has no decimal point");
    assert_eq!(s.role, Role::Jongere);
    assert!(s.answers.contains(&(
        "belangrijk".into(),
        AnswerValue::Triad {
            shares: [50.0, 25.0, 25.0]
        }
    )));
    assert!(s.answers.contains(&(
        "wie_hielp".into(),
        AnswerValue::MultipleChoice {
            options: vec!["school".into()]
        }
    )));

    let err = tabular::read_table("v.xlsx", &bytes, DataFormat::Xlsx, Some("Blad9")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "v.xlsx: the workbook has no sheet 'Blad9' (it has: Sheet1)"
    );
    let err = refused("v.xlsx", b"PK\x03\x04 not a workbook", DataFormat::Xlsx);
    assert_eq!(err.problem.code(), "import-malformed", "{err}");
}

#[test]
fn a_semicolon_csv_from_a_dutch_spreadsheet_reads_too() {
    let text =
        "Nr;Datum;Rol;Verhaal;Gehoord;Wijkteam;School;A;B;C\n1;2025-01-01;ouder;Tekst.;12,4;;;;;\n";
    let stories = read("v.csv", text.as_bytes(), DataFormat::Csv).unwrap();
    assert_eq!(
        stories[0].answers,
        vec![("gehoord".into(), AnswerValue::Slider { value: 12 })],
        "a decimal comma"
    );
}

#[test]
fn every_kind_of_bad_file_is_refused_with_its_place() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"Nr|Datum|Rol|Verhaal\n1|2025-01-01||x\n".to_vec(),
            "v.csv: the columns are separated by '|', not by ','; export the file again as comma-separated CSV",
        ),
        (
            b"Nr,Datum,Rol,Verhaal,Gehoord\n1,2025-01-01,,x,3\n".to_vec(),
            "v.csv, row 1, column 'A': the column is missing (needed for question \"belangrijk\")",
        ),
        (
            csv(&["1,2025-01-01,,x,,,,50,30,30"]),
            "v.csv, row 2, column 'A': the three shares add up to 110, not 100",
        ),
        (
            csv(&["1,2025-01-01,,x,,,,50,,"]),
            "v.csv, row 2, column 'B': only 1 of the three shares are filled in",
        ),
        (
            csv(&["1,2025-01-01,,x,101,,,,,"]),
            "v.csv, row 2, column 'Gehoord': 101 is outside 0–100",
        ),
        (
            csv(&["1,2025-01-01,,x,veel,,,,,"]),
            "v.csv, row 2, column 'Gehoord': 'veel' is not a number: write a number, or leave the cell empty for no answer",
        ),
        (
            csv(&["1,2025-01-01,grootouder,x,,,,,,"]),
            "v.csv, row 2, column 'Rol': 'grootouder' is not a role: jongere, ouder or professional",
        ),
        (
            csv(&["1,gisteren,,x,,,,,,"]),
            "v.csv, row 2, column 'Datum': 'gisteren' is not a date and time",
        ),
        (
            csv(&["1,2025-01-01,,,,,,,,"]),
            "v.csv, row 2, column 'Verhaal': the story text is empty",
        ),
        (
            csv(&["1,2025-01-01,,x,,,,,,", "1,2025-01-02,,y,,,,,,"]),
            "v.csv, row 3, column 'Nr': story id '1' also appears in row 2",
        ),
        (
            csv(&["1,2025-01-01,,x,,ja,misschien,,,"]),
            "v.csv, row 2, column 'School': 'misschien' is not a tick: use 1 for ticked and leave it empty otherwise",
        ),
        (
            csv(&["1,2025-01-01,,x,,,,,,,", "2,2025-01-01,,x,,,,,,"]),
            "v.csv, row 2: the row has 11 fields; the header has 10",
        ),
        (
            b"\n  \n".to_vec(),
            "v.csv: the file is empty",
        ),
    ];
    for (bytes, expected) in cases {
        let err = refused("v.csv", &bytes, DataFormat::Csv);
        assert_eq!(err.to_string(), expected);
    }
    let mut broken = csv(&["1,2025-01-01,,caf\u{e9},,,,,,"]);
    let at = broken.iter().position(|b| *b == 0xc3).unwrap();
    broken[at] = 0xe9; // Latin-1 é
    broken.remove(at + 1);
    assert_eq!(
        refused("v.csv", &broken, DataFormat::Csv).to_string(),
        "v.csv, row 2, column 'Verhaal': the text is not valid UTF-8; save the file as UTF-8 and import it again"
    );
}

#[test]
fn a_mapping_is_checked_against_the_questionnaire() {
    let q = jeugdhulp();
    let questions = Questions(vec![&q]);
    let plan = |text: &str| {
        MappingFile::parse("map.toml", text).and_then(|m| m.plan("map.toml", &questions))
    };
    let base = "[columns]\nid = \"a\"\nstory = \"b\"\ndate = \"c\"\n";
    for (answers, expected) in [
        (
            "onbekend = { column = \"x\" }",
            "map.toml: the mapping is not valid: answers.onbekend: the questionnaire has no question 'onbekend'",
        ),
        (
            "belangrijk = { column = \"x\" }",
            "map.toml: the mapping is not valid: answers.belangrijk: a triad takes its three share columns in corner order: { columns = [\"…\", \"…\", \"…\"] }",
        ),
        (
            "gevoel = { column = \"x\", values = { \"ok\" = \"prima\" } }",
            "map.toml: the mapping is not valid: answers.gevoel: values.\"ok\" = \"prima\": the question has no option 'prima'",
        ),
        (
            "gehoord = { column = \"x\", range = [5, 5] }",
            "map.toml: the mapping is not valid: answers.gehoord: range must be two different numbers, e.g. [1, 10]",
        ),
        (
            "verhaal = { column = \"x\" }",
            "map.toml: the mapping is not valid: answers.verhaal: the role, the story and its title are story fields: name their columns under [columns]",
        ),
    ] {
        let err = plan(&format!("{base}[answers]\n{answers}\n")).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
    let err = plan("[columns]\nid = \"a\"\n").unwrap_err();
    assert_eq!(err.problem.code(), "import-invalid-mapping");
    assert!(err.to_string().contains("missing field `story`"), "{err}");
    let refused: Result<_, ImportError> = plan(&format!("{base}kolom = 1\n"));
    assert!(matches!(
        refused.unwrap_err().problem,
        ImportProblem::InvalidMapping(m) if m.contains("unknown field `kolom`")
    ));
}

/// A workbook of 1.5 KB whose sheet holds A1 and XFD1048576 once made the reader allocate the
/// whole 1,048,576 × 16,384 grid and abort the process.
#[test]
fn a_sheet_with_a_cell_far_out_is_refused_not_allocated() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Nr").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000, "a small file: {} bytes", bytes.len());
    let err = tabular::read_table("ver.xlsx", &bytes, DataFormat::Xlsx, None).unwrap_err();
    assert_eq!(err.problem.code(), "import-sheet-too-large", "{err}");
    let text = err.to_string();
    assert!(text.contains("XFD1048576"), "names the stray cell: {text}");
    assert!(text.contains("1048576 rows × 16384 columns"), "{text}");

    // Empty but formatted cells far out (as spreadsheets leave them) are no reason to refuse.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Nr").unwrap();
    sheet.write_string(1, 0, "1").unwrap();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    sheet.write_blank(1_048_575, 16_383, &bold).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let table = tabular::read_table("ok.xlsx", &bytes, DataFormat::Xlsx, None).unwrap();
    assert_eq!((table.names.len(), table.len()), (1, 1));

    // Many rows over many columns: refused by the number of cells, not read to the end.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for c in 0..999u16 {
        sheet.write_string(0, c, format!("k{c}")).unwrap();
    }
    for r in 1..=10_100u32 {
        sheet.write_number(r, 998, r).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let err = tabular::read_table("wide.xlsx", &bytes, DataFormat::Xlsx, None).unwrap_err();
    assert_eq!(err.problem.code(), "import-sheet-too-large", "{err}");
}

/// A 3 MB upload holding 1 GB of sheet XML was once unpacked whole (3.96 GB peak).
#[test]
fn a_workbook_that_unpacks_beyond_the_limit_is_refused_before_parsing() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let chunk = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>".repeat(20_000);
    let mut written = 0u64;
    while written <= vertelpunt_interop::table::MAX_XLSX_UNPACKED {
        zip.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len() as u64;
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 5 * 1024 * 1024, "{} bytes", bytes.len());
    let err = tabular::read_table("bom.xlsx", &bytes, DataFormat::Xlsx, None).unwrap_err();
    assert_eq!(err.problem.code(), "import-workbook-too-large", "{err}");
    assert!(err.to_string().contains("256 MB"), "{err}");

    // The same file whose headers claim a few bytes is refused all the same.
    let mut lying = bytes.clone();
    for signature in [&b"PK\x01\x02"[..], &b"PK\x03\x04"[..]] {
        let at = lying
            .windows(4)
            .position(|w| w == signature)
            .expect("zip header");
        let offset = if signature == b"PK\x01\x02" { 24 } else { 22 };
        lying[at + offset..at + offset + 4].copy_from_slice(&100u32.to_le_bytes());
    }
    let err = tabular::read_table("bom.xlsx", &lying, DataFormat::Xlsx, None).unwrap_err();
    assert!(
        matches!(
            err.problem,
            ImportProblem::WorkbookTooLarge { .. } | ImportProblem::Malformed { .. }
        ),
        "{err}"
    );
}

#[test]
fn stories_keep_the_language_they_were_told_in_and_an_unknown_code_is_refused_with_its_place() {
    let q = jeugdhulp();
    let questions = Questions(vec![&q]);
    let mapping = MAPPING.replace(
        "[columns]",
        "language = \"de\"\n[columns]\nlanguage = \"Taal\"",
    );
    let plan = MappingFile::parse("map.toml", &mapping)
        .unwrap()
        .plan("map.toml", &questions)
        .unwrap();
    let file = |rows: &[&str]| {
        let mut s = String::from("Nr,Datum,Rol,Taal,Verhaal,Gehoord,Wijkteam,School,A,B,C\n");
        for r in rows {
            s.push_str(r);
            s.push('\n');
        }
        s.into_bytes()
    };
    let table = tabular::read_table(
        "v.csv",
        &file(&[
            "1,2025-01-31,ouder,it,Mi hanno aiutato.,,,,,,",
            "2,2025-01-31,ouder,EN-gb,They helped.,,,,,,",
            "3,2025-01-31,ouder,,Sie haben geholfen.,,,,,,",
            "4,2025-01-31,ouder,cs,Pomohli mi.,,,,,,",
        ]),
        DataFormat::Csv,
        None,
    )
    .unwrap();
    let stories = tabular::read(&table, &plan, &questions).unwrap();
    let codes: Vec<&str> = stories.iter().map(|s| s.language.as_str()).collect();
    // An empty cell takes the mapping's language; a region after the code is left off.
    assert_eq!(codes, ["it", "en", "de", "cs"]);

    let table = tabular::read_table(
        "v.csv",
        &file(&[
            "1,2025-01-31,ouder,it,Ja.,,,,,,",
            "2,2025-01-31,ouder,Italiaans,Ja.,,,,,,",
        ]),
        DataFormat::Csv,
        None,
    )
    .unwrap();
    let err = tabular::read(&table, &plan, &questions).unwrap_err();
    assert_eq!(
        err.to_string(),
        "v.csv, row 3, column 'Taal': 'Italiaans' is not a language code (ISO 639-1, such as nl, en, de or fr)"
    );

    let err = MappingFile::parse(
        "map.toml",
        &MAPPING.replace("[columns]", "language = \"german\"\n[columns]"),
    )
    .unwrap()
    .plan("map.toml", &questions)
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("language = \"german\": 'german' is not a language code"),
        "{err}"
    );
}

#[test]
fn a_spreadsheet_imports_into_a_questionnaire_written_in_english_only() {
    let definition = r#"
languages = ["en"]
key = "micro-open"
kind = "core"
title = { en = "Micro narratives" }
[completeness]
min_words = 3
first_signifiers = 1
[[questions]]
id = "role"
kind = "role"
text = { en = "Who are you?" }
[[questions]]
id = "story"
kind = "story"
text = { en = "Tell us" }
[[questions]]
id = "heard"
kind = "slider"
text = { en = "I was heard" }
left = { en = "not at all" }
right = { en = "completely" }
[[questions]]
id = "helped"
kind = "single_choice"
text = { en = "Who helped?" }
options = [{ id = "school", en = "School" }, { id = "family", en = "Family" }]
"#;
    let raw = vertelpunt_model::RawDefinition::parse(
        definition,
        vertelpunt_model::DefinitionFormat::Toml,
    )
    .unwrap();
    let q = validate(&raw).expect("an English-only questionnaire is valid");
    let questions = Questions(vec![&q]);
    let mapping = r#"
questionnaire = "micro-open"
language = "en"
[columns]
id = "ID"
story = "Story"
date = "Date"
language = "Lang"
[answers]
heard = { column = "Heard" }
helped = { column = "Helped" }
"#;
    let plan = MappingFile::parse("map.toml", mapping)
        .unwrap()
        .plan("map.toml", &questions)
        .unwrap();
    let table = tabular::read_table(
        "micro.csv",
        b"ID,Date,Lang,Story,Heard,Helped\n\
          1,2025-01-31,,They listened to me at school.,80,School\n\
          2,2025-02-01,de,Meine Familie hat mir geholfen.,35,family\n",
        DataFormat::Csv,
        None,
    )
    .unwrap();
    let stories = tabular::read(&table, &plan, &questions).unwrap();
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0].language.as_str(), "en");
    assert_eq!(stories[1].language.as_str(), "de");
    assert_eq!(
        stories[1].answers,
        vec![
            ("heard".to_string(), AnswerValue::Slider { value: 35 }),
            (
                "helped".to_string(),
                AnswerValue::SingleChoice {
                    option: "family".into()
                }
            ),
        ]
    );
}
