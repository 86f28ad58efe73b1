//! `/importeren`: analysts and admins upload a SenseMaker export (with its framework
//! definition), a NarraFirma story form with its stories, or a spreadsheet (CSV, XLSX, Parquet)
//! with a mapping file — or a Vertelpunt's own export with its questionnaires. The files go through the same
//! import as `vertelpunt import` ([`vertelpunt_interop::generated`]): all or nothing in one
//! transaction, idempotent, and a refusal names the file, row and column in the user's language.
//! "Only check" reads everything and stores nothing.

use std::collections::HashMap;
use std::sync::Arc;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use serde::Serialize;
use tera::Context;
use vertelpunt_interop::generated::{self, Generated, Note, TableFiles, Target};
use vertelpunt_interop::{ImportError, ImportReport};
use vertelpunt_model::{regions, Lang, LanguageCode};
use vertelpunt_store::{collection_points, setup};

use crate::support::auth::{csrf_ok, staff_context, StaffPage};
use crate::support::error::PageError;
use crate::support::forms::field;
use crate::support::forms::see_other;
use crate::support::jobs::Standing;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::state::AppState;

/// The most one uploaded file may hold: the import's own limit, as on the command line.
const MAX_FILE_BYTES: usize = vertelpunt_interop::DEFAULT_MAX_FILE_BYTES as usize;
/// The most an upload may hold in all: two files of the import's own limit (and the form).
const MAX_UPLOAD_BYTES: usize = 2 * MAX_FILE_BYTES + 64 * 1024;

/// The forms' fields.
const DEFINITION: &str = "definitie";
const DATA: &str = "verhalen";
const FORM: &str = "formulier";
const LANGUAGE: &str = "taal";
const POINT: &str = "punt";
const REGION: &str = "regio";
const DRY_RUN: &str = "controleren";
const TABLE_DATA: &str = "gegevens";
const MAPPING: &str = "koppeling";
const QUESTIONNAIRES: &str = "vragenlijsten";
const SHEET: &str = "blad";

/// Where a Vertelpunt export's questionnaires are, as the refusal names them.
const QUESTIONNAIRES_EXPECTED: &str = "….questionnaires.json";

/// What an upload held: text fields, and files by field name with the file's own name.
#[derive(Default)]
struct Upload {
    fields: HashMap<String, String>,
    files: HashMap<String, (String, Vec<u8>)>,
}

/// Why an upload could not be read.
enum UploadError {
    /// More than two files' worth in all: reading stopped there.
    TooLarge,
    /// One file over the limit (its name and size); the rest of the upload was read past.
    FileTooLarge(String, usize),
    Unreadable,
}

async fn read_upload(mut payload: Multipart) -> Result<Upload, UploadError> {
    let mut found = Upload::default();
    let mut total = 0usize;
    let mut too_large: Option<(String, usize)> = None;
    while let Some(item) = payload.next().await {
        let mut part = item.map_err(|_| UploadError::Unreadable)?;
        let name = part.name().unwrap_or_default().to_string();
        let file_name = part
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(str::to_string);
        let mut bytes = Vec::new();
        let mut size = 0usize;
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|_| UploadError::Unreadable)?;
            total += chunk.len();
            size += chunk.len();
            if total > MAX_UPLOAD_BYTES {
                return Err(UploadError::TooLarge);
            }
            // A file over the limit is read past (not kept), so that the answer names it.
            if size <= MAX_FILE_BYTES {
                bytes.extend_from_slice(&chunk);
            }
        }
        if size > MAX_FILE_BYTES {
            too_large.get_or_insert((file_name.clone().unwrap_or(name), size));
            continue;
        }
        match file_name {
            // A file input left empty sends a part without a name and without bytes.
            Some(file_name) if !(file_name.is_empty() && bytes.is_empty()) => {
                found.files.insert(name, (file_name, bytes));
            }
            Some(_) => {}
            None => {
                found
                    .fields
                    .insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    match too_large {
        Some((name, size)) => Err(UploadError::FileTooLarge(name, size)),
        None => Ok(found),
    }
}

/// The kind of import, from the URL.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    SenseMaker,
    NarraFirma,
    Table,
}

impl Kind {
    fn parse(text: &str) -> Option<Kind> {
        match text {
            "sensemaker" => Some(Kind::SenseMaker),
            "narrafirma" => Some(Kind::NarraFirma),
            "tabel" => Some(Kind::Table),
            _ => None,
        }
    }

    /// The files it needs: (field, the label's locale key).
    fn files(self) -> &'static [(&'static str, &'static str)] {
        match self {
            // The definition is optional: without it the framework is read from the columns.
            Kind::SenseMaker => &[(DATA, "import.data_label")],
            Kind::NarraFirma => &[(FORM, "import.form_label"), (DATA, "import.data_label")],
            Kind::Table => &[(TABLE_DATA, "import.table_data_label")],
        }
    }
}

/// What the page shows above the forms.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    title: String,
    /// Refused, or stored, or only checked.
    refused: bool,
    lines: Vec<String>,
    answers: Vec<(String, usize)>,
    notes: Vec<String>,
    dashboard: Option<String>,
    review: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    StaffPage {
        query: _query,
        lang,
        session,
        ..
    }: StaffPage<can::Import>,
) -> Result<HttpResponse, PageError> {
    let context = staff_context(&state, &session, lang, Context::new());
    Ok(page(
        &state,
        lang,
        context,
        None,
        &HashMap::new(),
        StatusCode::OK,
    ))
}

pub async fn receive(
    state: web::Data<AppState>,
    kind: web::Path<String>,
    payload: Multipart,
    StaffPage {
        query: _query,
        lang,
        session,
        ..
    }: StaffPage<can::Import>,
) -> Result<HttpResponse, PageError> {
    let Some(kind) = Kind::parse(&kind) else {
        return Err(PageError::not_found(&state, lang));
    };
    let context = staff_context(&state, &session, lang, Context::new());
    let refuse = |message: String, fields: &HashMap<String, String>, status| {
        let outcome = Outcome {
            title: state.locales.text(lang, "import.refused_title").to_string(),
            refused: true,
            lines: vec![message],
            ..Default::default()
        };
        page(&state, lang, context.clone(), Some(outcome), fields, status)
    };
    let upload = match read_upload(payload).await {
        Ok(upload) => upload,
        Err(UploadError::TooLarge) => {
            let max = (MAX_FILE_BYTES / 1_048_576).to_string();
            let message = state
                .locales
                .format(lang, "import.too_large", &[("max", max)]);
            return Ok(refuse(
                message,
                &HashMap::new(),
                StatusCode::PAYLOAD_TOO_LARGE,
            ));
        }
        Err(UploadError::FileTooLarge(name, size)) => {
            let problem = vertelpunt_interop::ImportProblem::TooLarge {
                size_mb: size as f64 / 1_048_576.0,
                max_mb: MAX_FILE_BYTES as f64 / 1_048_576.0,
            };
            let error = vertelpunt_interop::ImportError::file(&name, problem);
            let message = import_error(&state, lang, &error);
            return Ok(refuse(
                message,
                &HashMap::new(),
                StatusCode::PAYLOAD_TOO_LARGE,
            ));
        }
        Err(UploadError::Unreadable) => {
            let message = state.locales.text(lang, "import.not_a_form").to_string();
            return Ok(refuse(message, &HashMap::new(), StatusCode::BAD_REQUEST));
        }
    };
    if !csrf_ok(&session, upload.fields.get(field::CSRF).map(String::as_str)) {
        return Ok(crate::support::auth::csrf_refused(&state, lang));
    }
    let fields = upload.fields.clone();
    let text = |name: &str| {
        Some(
            fields
                .get(name)
                .map(|v| v.trim())
                .unwrap_or_default()
                .to_string(),
        )
        .filter(|v| !v.is_empty())
    };
    for &(name, label) in kind.files() {
        if !upload.files.contains_key(name) {
            let message = state.locales.format(
                lang,
                "import.missing_file",
                &[("field", state.locales.text(lang, label).to_string())],
            );
            return Ok(refuse(message, &fields, StatusCode::UNPROCESSABLE_ENTITY));
        }
    }
    let point = text(POINT);
    if let Some(slug) = &point {
        if !collection_points::valid_slug(slug) {
            let message =
                state
                    .locales
                    .format(lang, "import.bad_point", &[("point", slug.clone())]);
            return Ok(refuse(message, &fields, StatusCode::UNPROCESSABLE_ENTITY));
        }
    }
    let region = text(REGION);
    if let Some(code) = &region {
        if regions::region(code).is_none() {
            let message =
                state
                    .locales
                    .format(lang, "import.unknown_region", &[("region", code.clone())]);
            return Ok(refuse(message, &fields, StatusCode::UNPROCESSABLE_ENTITY));
        }
    }
    let dry_run = fields.contains_key(DRY_RUN);
    // The stories' language: any ISO 639-1 code (Dutch when left empty).
    let story_lang = match text(LANGUAGE) {
        None => Lang::Nl.into(),
        Some(code) => match LanguageCode::parse(&code) {
            Some(language) => language,
            None => {
                let message =
                    state
                        .locales
                        .format(lang, "import.unknown_language", &[("language", code)]);
                return Ok(refuse(message, &fields, StatusCode::UNPROCESSABLE_ENTITY));
            }
        },
    };
    let target = Target {
        collection: point,
        name: None,
        project: setup::DEFAULT_PROJECT.to_string(),
        region,
    };
    let files = upload.files;
    let sheet = text(SHEET);
    let store = state.store.clone();
    let by = session.user.email.clone();
    let worker_state = state.get_ref().clone();
    let kept = fields.clone();
    let started = crate::support::jobs::of::<Import>(&state).start(
        session.user.email.clone(),
        move |job| {
            let result = execute(
                &store, kind, &files, &target, sheet, story_lang, dry_run, job,
            );
            match &result {
                Ok(Done {
                    read,
                    report: Some(report),
                }) => tracing::info!(
                    "import {} by {by}: {} of {} stories added to {}",
                    read.source,
                    report.added,
                    report.read,
                    read.collection(&target)
                ),
                Ok(_) => {}
                Err(Failed::Import(e)) => tracing::info!("import by {by} refused: {e}"),
                Err(Failed::Store(e)) => tracing::error!("import by {by} failed: {e}"),
            }
            Arc::new(finish(&worker_state, result, kept, &target))
        },
        Arc::new(Finished::Broken(
            "the import stopped unexpectedly".to_string(),
        )),
    );
    Ok(match started {
        Ok(job) => see_other(&job_href(&job.id, lang)),
        Err(running) => {
            let message = state.locales.format(
                lang,
                "import.running",
                &[
                    ("who", running.started_by.clone()),
                    ("when", running.started_at.format("%H:%M").to_string()),
                ],
            );
            let mut context = context.clone();
            context.insert("running_href", &job_href(&running.id, lang));
            let outcome = Outcome {
                title: state.locales.text(lang, "import.refused_title").to_string(),
                refused: true,
                lines: vec![message],
                ..Default::default()
            };
            page(
                &state,
                lang,
                context,
                Some(outcome),
                &fields,
                StatusCode::CONFLICT,
            )
        }
    })
}

/// Reads (and unless `dry_run`, stores) the uploaded files; tells `job` how far it is.
#[allow(clippy::too_many_arguments)]
fn execute(
    store: &vertelpunt_store::Store,
    kind: Kind,
    files: &HashMap<String, (String, Vec<u8>)>,
    into: &Target,
    sheet: Option<String>,
    story_lang: LanguageCode,
    dry_run: bool,
    job: &ImportJob,
) -> Result<Done, Failed> {
    let mut conn = store.conn().map_err(|e| Failed::Store(e.to_string()))?;
    let file = |name: &str| files.get(name).map(|(n, b)| (n.as_str(), b.as_slice()));
    let read = match kind {
        Kind::SenseMaker => {
            let data = &files[DATA];
            generated::sensemaker(file(DEFINITION), &data.0, &data.1, None)?
        }
        Kind::NarraFirma => {
            let (first, data) = (&files[FORM], &files[DATA]);
            generated::narrafirma(
                &first.0,
                &first.1,
                &data.0,
                &data.1,
                None,
                story_lang,
                vertelpunt_store::now(),
            )?
        }
        Kind::Table => {
            let (data_name, data) = &files[TABLE_DATA];
            let table = TableFiles {
                data_name,
                data,
                mapping: file(MAPPING),
                questionnaires: file(QUESTIONNAIRES),
                sheet: sheet.as_deref(),
                questionnaires_expected: QUESTIONNAIRES_EXPECTED,
            };
            generated::table(&mut conn, table, into.collection.as_deref())?
        }
    };
    if dry_run {
        return Ok(Done { read, report: None });
    }
    let report = read.store(&mut conn, into, &mut |done, total| {
        job.advance(done as u64, total as u64)
    })?;
    Ok(Done {
        read,
        report: Some(report),
    })
}

/// How an import started on the page ended: its page in each language (the stories read are
/// not kept), or why it could not run.
pub enum Finished {
    Page {
        status: StatusCode,
        outcomes: Vec<(Lang, Outcome)>,
        /// What the forms held, to show them again after a refusal.
        fields: HashMap<String, String>,
    },
    Broken(String),
}

/// The page of an import that ended with `result`.
fn finish(
    state: &AppState,
    result: Result<Done, Failed>,
    fields: HashMap<String, String>,
    target: &Target,
) -> Finished {
    let langs = [Lang::Nl, Lang::En];
    match result {
        Ok(done) => {
            if done.report.is_some() {
                // A new collection point or channel must be seen by the next request.
                state.catalog.clear();
            }
            let collection = done.read.collection(target);
            let outcomes = langs
                .iter()
                .map(|&lang| {
                    let outcome = match &done.report {
                        None => checked(state, lang, &done.read),
                        Some(report) => stored(state, lang, &done.read, report, &collection),
                    };
                    (lang, outcome)
                })
                .collect();
            Finished::Page {
                status: StatusCode::OK,
                outcomes,
                fields: HashMap::new(),
            }
        }
        Err(Failed::Import(e)) => Finished::Page {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            outcomes: langs
                .iter()
                .map(|&lang| {
                    let outcome = Outcome {
                        title: state.locales.text(lang, "import.refused_title").to_string(),
                        refused: true,
                        lines: vec![import_error(state, lang, &e)],
                        ..Default::default()
                    };
                    (lang, outcome)
                })
                .collect(),
            fields,
        },
        Err(Failed::Store(e)) => Finished::Broken(e),
    }
}

/// An import started on the page.
pub type ImportJob = crate::support::jobs::Job<Arc<Finished>>;
fn job_href(id: &str, lang: Lang) -> String {
    crate::support::jobs::href::<Import>(id, lang)
}

/// An import started on the import page, as a kind of background job.
pub struct Import;

impl crate::support::jobs::JobKind for Import {
    type Outcome = Arc<Finished>;
    const PATH: &'static str = "/importeren/taak";
    type Permission = can::Import;
    const UNKNOWN: &'static str = "import.unknown_job";
    const STARTED: &'static str = "import.job_started";
    const TEMPLATE: &'static str = "import/job.html";

    fn standing(state: &AppState, lang: Lang, job: &ImportJob) -> Standing {
        standing(state, lang, job)
    }

    /// What it read and stored (or why it refused the files), with the forms to import again.
    fn ended(
        state: &AppState,
        lang: Lang,
        _session: &vertelpunt_store::sessions::StaffSession,
        context: Context,
        job: &ImportJob,
    ) -> Option<HttpResponse> {
        let finished = job.outcome()?;
        Some(match finished.as_ref() {
            Finished::Page {
                status,
                outcomes,
                fields,
            } => {
                let outcome = outcomes
                    .iter()
                    .find(|(l, _)| *l == lang)
                    .map(|(_, o)| o.clone());
                page(state, lang, context, outcome, fields, *status)
            }
            Finished::Broken(e) => pages::failure(state, lang, e),
        })
    }
}

/// Where an import stands, for its page and the page's script.
fn standing(state: &AppState, lang: Lang, job: &ImportJob) -> Standing {
    let (done, total) = job.progress();
    let (state_code, text) = match job.outcome() {
        Some(_) => (
            "done",
            state.locales.text(lang, "import.job_done").to_string(),
        ),
        None if total == 0 => (
            "running",
            state.locales.text(lang, "import.job_reading").to_string(),
        ),
        None => (
            "running",
            state.locales.format(
                lang,
                "import.job_storing",
                &[("done", done.to_string()), ("total", total.to_string())],
            ),
        ),
    };
    Standing {
        state: state_code,
        done,
        total,
        text,
        href: (state_code == "done").then(|| job_href(&job.id, lang)),
    }
}

struct Done {
    read: Generated,
    report: Option<ImportReport>,
}

enum Failed {
    Import(ImportError),
    Store(String),
}

impl From<ImportError> for Failed {
    fn from(e: ImportError) -> Self {
        Failed::Import(e)
    }
}

/// "demo_Data.csv, rij 3, kolom ‘tr_ca’: de drie aandelen tellen op tot 1.5, niet tot 1".
pub fn import_error(state: &AppState, lang: Lang, e: &ImportError) -> String {
    let code = e.problem.code();
    let key = format!(
        "import_problem.{}",
        code.trim_start_matches("import-").replace('-', "_")
    );
    let problem = state.locales.format(lang, &key, &e.problem.args());
    let mut args = vec![("file", e.file.clone()), ("problem", problem)];
    let key = match (&e.row, &e.column) {
        (Some(row), Some(column)) => {
            args.push(("row", row.to_string()));
            args.push(("column", column.clone()));
            "import.at_cell"
        }
        (Some(row), None) => {
            args.push(("row", row.to_string()));
            "import.at_row"
        }
        _ => "import.at_file",
    };
    state.locales.format(lang, key, &args)
}

fn notes(state: &AppState, lang: Lang, read: &Generated) -> Vec<String> {
    read.notes
        .iter()
        .flat_map(|note| note_lines(state, lang, note))
        .collect()
}

/// What was read from the columns of a SenseMaker export without definition: a line per
/// question and per column left out.
fn inferred_lines(
    state: &AppState,
    lang: Lang,
    inferred: &vertelpunt_interop::sensemaker::infer::Inference,
) -> Vec<String> {
    let questions = inferred.questions();
    let key = if inferred.title_row {
        "import.note_inferred"
    } else {
        "import.note_inferred_untitled"
    };
    let mut lines = vec![state.locales.count(lang, key, questions.len(), &[])];
    for q in questions {
        let kind = state
            .locales
            .text(lang, &format!("import.inferred_kind_{}", q.kind))
            .to_string();
        let key = if q.labels.is_empty() {
            "import.note_inferred_question"
        } else {
            "import.note_inferred_labels"
        };
        lines.push(state.locales.format(
            lang,
            key,
            &[("title", q.title), ("kind", kind), ("labels", q.labels)],
        ));
    }
    for (column, why) in &inferred.left_out {
        let why = state
            .locales
            .text(lang, &format!("import.left_out_{}", why.code()))
            .to_string();
        lines.push(state.locales.format(
            lang,
            "import.note_left_out",
            &[("column", column.clone()), ("why", why)],
        ));
    }
    lines
}

fn note_lines(state: &AppState, lang: Lang, note: &Note) -> Vec<String> {
    let line = match note {
        Note::Unsupported(what) => {
            state
                .locales
                .format(lang, "import.note_unsupported", &[("what", what.clone())])
        }
        Note::Unlisted {
            question,
            value,
            stories,
        } => state.locales.format(
            lang,
            "import.note_unlisted",
            &[
                ("question", question.clone()),
                ("value", value.clone()),
                ("stories", stories.to_string()),
            ],
        ),
        Note::TestsLeftOut(n) => {
            state
                .locales
                .format(lang, "import.note_tests", &[("n", n.to_string())])
        }
        Note::TooShort(n) => state.locales.count(lang, "import.note_too_short", *n, &[]),
        Note::Rounded(r) => state.locales.count(
            lang,
            "import.note_rounded",
            r.values,
            &[(
                "largest",
                crate::support::i18n::decimal_comma(lang, format!("{:.2}", r.largest)),
            )],
        ),
        Note::Trimmed(n) => state.locales.count(lang, "import.note_trimmed", *n, &[]),
        Note::Inferred(inferred) => return inferred_lines(state, lang, inferred),
    };
    vec![line]
}

fn checked(state: &AppState, lang: Lang, read: &Generated) -> Outcome {
    Outcome {
        title: state.locales.text(lang, "import.checked_title").to_string(),
        lines: vec![state.locales.count(
            lang,
            "import.checked",
            read.stories.len(),
            &[
                ("file", read.data_name.clone()),
                ("key", read.definition.key.clone()),
                ("questions", read.definition.questions.len().to_string()),
            ],
        )],
        notes: notes(state, lang, read),
        ..Default::default()
    }
}

fn stored(
    state: &AppState,
    lang: Lang,
    read: &Generated,
    report: &ImportReport,
    collection: &str,
) -> Outcome {
    let mut lines = vec![state.locales.format(
        lang,
        "import.stored",
        &[
            ("read", report.read.to_string()),
            ("added", report.added.to_string()),
            ("point", collection.to_string()),
            ("already", report.already_present.to_string()),
            ("complete", report.complete.to_string()),
            ("flagged", report.flagged.to_string()),
        ],
    )];
    // Stories that were there already, but in another Vertelpunt: say where.
    for (slug, n) in &report.elsewhere {
        lines.push(
            state
                .locales
                .count(lang, "import.elsewhere", *n, &[("point", slug.clone())]),
        );
    }
    if report.collection_point_new {
        lines.push(state.locales.format(
            lang,
            "import.point_new",
            &[("point", collection.to_string())],
        ));
    }
    lines.push(state.locales.format(
        lang,
        if report.questionnaire_new {
            "import.questionnaire_new"
        } else {
            "import.questionnaire"
        },
        &[
            ("key", report.questionnaire_key.clone()),
            ("version", report.questionnaire_version.to_string()),
        ],
    ));
    let mut point_href = format!("/overzicht?lang={}&punt=", lang.code());
    point_href.extend(form_urlencoded::byte_serialize(collection.as_bytes()));
    Outcome {
        title: state.locales.text(lang, "import.stored_title").to_string(),
        refused: false,
        lines,
        answers: report
            .answers_per_question
            .iter()
            .map(|(id, n)| {
                let text = read
                    .definition
                    .questions
                    .iter()
                    .find(|q| &q.id == id)
                    .map(|q| format!("{} ({id})", q.text.get(lang)))
                    .unwrap_or_else(|| id.clone());
                (text, *n)
            })
            .collect(),
        notes: notes(state, lang, read),
        dashboard: Some(point_href),
        review: (report.flagged > 0).then(|| {
            let mut href = format!("/beoordelen?lang={}&punt=", lang.code());
            href.extend(form_urlencoded::byte_serialize(collection.as_bytes()));
            href
        }),
    }
}

/// The page: the outcome of the last upload (if any) and the two forms, with the text fields
/// as they were sent (files cannot be filled in again by a browser).
fn page(
    state: &AppState,
    lang: Lang,
    mut context: Context,
    outcome: Option<Outcome>,
    fields: &HashMap<String, String>,
    status: StatusCode,
) -> HttpResponse {
    let value = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let region = value(REGION);
    let region_choices: Vec<(String, String, bool)> = regions::jeugdregios()
        .iter()
        .map(|r| (r.code.clone(), r.name.clone(), r.code == region))
        .collect();
    context.insert("outcome", &outcome);
    context.insert("point", &value(POINT));
    context.insert("region_choices", &region_choices);
    context.insert("dry_run", &fields.contains_key(DRY_RUN));
    context.insert("story_lang", &value(LANGUAGE));
    context.insert("sheet", &value(SHEET));
    context.insert(
        "max_mb",
        &(vertelpunt_interop::DEFAULT_MAX_FILE_BYTES / 1_048_576),
    );
    pages::page(state, status, "import/index.html", lang, context)
}
