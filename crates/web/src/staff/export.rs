//! `/exporteren`: analysts and admins download a selection of stories for their own tools —
//! the same files as `vertelpunt export`. An XLSX workbook is one file (with the sheets
//! `vragen` and `definities`); CSV, Parquet, the NarraFirma and the SenseMaker layouts come as a
//! ZIP holding the data and the files that explain it, so `vertelpunt import table` (or the
//! import page) reads it back anywhere.
//!
//! The text of stories whose identifying details wait for review is left out; only an admin may
//! ask for it, and the download then says so in its name.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use tera::Context;
use vertelpunt_interop::export::{self, ExportError, ExportFormat};
use vertelpunt_interop::{narrafirma, sensemaker};
use vertelpunt_model::Lang;
use vertelpunt_patterns::dataset::load::{self, LoadOptions};
use vertelpunt_patterns::Selection;
use vertelpunt_store::sessions::StaffSession;
use vertelpunt_store::users::UserRole;

use crate::support::auth::{staff_context, StaffForm, StaffPage};
use crate::support::error::PageError;
use crate::support::pages;
use crate::support::permissions::can;
use crate::support::selection_form::{self, choices, Offer, SelectionAsked};
use crate::support::state::AppState;

/// The form's own fields.
const FORMAT: &str = "formaat";
const UNREVIEWED: &str = "ongecontroleerd";

/// The layouts offered: value, and what the download is.
const FORMATS: [&str; 5] = ["xlsx", "csv", "parquet", "narrafirma", "sensemaker"];

/// What the form was filled in with.
#[derive(Debug, Default, Clone)]
struct Asked {
    selection: SelectionAsked,
    format: String,
    unreviewed: bool,
}

fn is_admin(session: &StaffSession) -> bool {
    UserRole::parse(&session.user.role) == Some(UserRole::Admin)
}

/// The form, with `errors` next to their fields.
fn form_page(
    state: &AppState,
    session: &StaffSession,
    lang: Lang,
    status: StatusCode,
    offer: &Offer,
    asked: &Asked,
    errors: &BTreeMap<&'static str, String>,
) -> HttpResponse {
    let mut context = staff_context(state, session, lang, Context::new());
    selection_form::insert(lang, offer, &asked.selection, &mut context);
    let formats: Vec<(String, String)> = FORMATS
        .iter()
        .map(|f| {
            let label = state.locales.text(lang, &format!("export.format_{f}"));
            (f.to_string(), label.to_string())
        })
        .collect();
    context.insert("formats", &choices(&formats, &|v| v == asked.format));
    context.insert("unreviewed", &asked.unreviewed);
    context.insert("admin", &is_admin(session));
    context.insert("errors", errors);
    pages::page(state, status, "export/index.html", lang, context)
}

pub async fn show(
    state: web::Data<AppState>,
    StaffPage {
        query: _query,
        lang,
        session,
        ..
    }: StaffPage<can::Export>,
) -> Result<HttpResponse, PageError> {
    let offer = match selection_form::offer(&state, &session.user).await {
        Ok(o) => o,
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let asked = Asked {
        selection: SelectionAsked::fresh(&offer),
        format: "xlsx".to_string(),
        unreviewed: false,
    };
    let errors = BTreeMap::new();
    Ok(form_page(
        &state,
        &session,
        lang,
        StatusCode::OK,
        &offer,
        &asked,
        &errors,
    ))
}

/// A finished download.
struct Download {
    name: String,
    content_type: &'static str,
    bytes: Vec<u8>,
    stories: usize,
}

/// Why nothing could be downloaded.
enum Refusal {
    /// The selection holds no stories; how many there were before selecting.
    NoStories(usize),
    TooManyForXlsx(usize),
    Failed(String),
}

pub async fn download(
    state: web::Data<AppState>,
    StaffForm {
        form,
        lang,
        session,
        ..
    }: StaffForm<can::Export>,
) -> Result<HttpResponse, PageError> {
    let offer = match selection_form::offer(&state, &session.user).await {
        Ok(o) => o,
        Err(e) => return Err(PageError::failure(&state, lang, &e)),
    };
    let asked = Asked {
        selection: SelectionAsked::of(&form),
        format: form.trimmed(FORMAT).to_string(),
        unreviewed: form.ticked(UNREVIEWED),
    };
    let known: Vec<String> = (asked.selection.points.iter())
        .filter(|p| offer.points.iter().any(|(slug, _)| slug == *p))
        .cloned()
        .collect();
    selection_form::remember_point(&state, &session.user.id, &known).await;
    let mut errors = BTreeMap::new();
    let selection = selection_form::check(&state, lang, &offer, &asked.selection, &mut errors);
    let say = |key: &str, args: &[(&str, String)]| {
        state.locales.format(lang, &format!("export.{key}"), args)
    };
    if !FORMATS.contains(&asked.format.as_str()) {
        errors.insert(
            FORMAT,
            state.locales.format(
                lang,
                "evaluations.error_choice",
                &[("value", asked.format.clone())],
            ),
        );
    }
    if asked.unreviewed && !is_admin(&session) {
        errors.insert(UNREVIEWED, say("error_unreviewed", &[]));
    }
    let refuse = |errors: &BTreeMap<&'static str, String>| {
        form_page(
            &state,
            &session,
            lang,
            StatusCode::BAD_REQUEST,
            &offer,
            &asked,
            errors,
        )
    };
    if !errors.is_empty() {
        return Ok(refuse(&errors));
    }
    let store = state.store.clone();
    let format = asked.format.clone();
    let unreviewed = asked.unreviewed;
    let scope = session.user.scope();
    let made = web::block(move || -> Result<Download, Refusal> {
        let mut conn = store.conn().map_err(|e| Refusal::Failed(e.to_string()))?;
        build(&mut conn, &selection, &scope, &format, unreviewed)
    })
    .await;
    Ok(match made {
        Ok(Ok(download)) => {
            tracing::info!(
                by = %session.user.email,
                stories = download.stories,
                format = %asked.format,
                unreviewed_text = asked.unreviewed,
                "stories exported"
            );
            HttpResponse::Ok()
                .content_type(download.content_type)
                .insert_header((
                    "Content-Disposition",
                    format!("attachment; filename=\"{}\"", download.name),
                ))
                .insert_header(("Cache-Control", "no-store"))
                .body(download.bytes)
        }
        Ok(Err(Refusal::NoStories(before))) => {
            errors.insert(
                selection_form::POINT,
                say("error_no_stories", &[("before", before.to_string())]),
            );
            refuse(&errors)
        }
        Ok(Err(Refusal::TooManyForXlsx(n))) => {
            errors.insert(
                FORMAT,
                say(
                    "error_too_many_for_xlsx",
                    &[
                        ("n", n.to_string()),
                        ("max", export::XLSX_MAX_STORIES.to_string()),
                    ],
                ),
            );
            refuse(&errors)
        }
        Ok(Err(Refusal::Failed(e))) => pages::failure(&state, lang, &e),
        Err(e) => pages::failure(&state, lang, &e),
    })
}

/// Loads, selects and writes the export; gives the file to download.
fn build(
    conn: &mut vertelpunt_store::DbConnection,
    selection: &Selection,
    scope: &vertelpunt_store::users::Scope,
    format: &str,
    unreviewed: bool,
) -> Result<Download, Refusal> {
    let failed = |e: &dyn std::fmt::Display| Refusal::Failed(e.to_string());
    let points = &selection.collection_points;
    let options = LoadOptions {
        texts: true,
        unreviewed_text: unreviewed,
    };
    let full = load::load_with(conn, points, options).map_err(|e| failed(&e))?;
    let selected = selection.apply(&full).map_err(|e| failed(&e))?;
    if selected.is_empty() {
        // How many there were before selecting: of the account's own regions only.
        let before = crate::support::scope::stories_within(&full, scope).map_err(|e| failed(&e))?;
        return Err(Refusal::NoStories(before));
    }
    let questionnaires = export::questionnaires_of(conn, points).map_err(|e| failed(&e))?;
    let dir = tempfile::tempdir().map_err(|e| failed(&e))?;
    // Demo stories are marked in the file's name (and, in a ZIP, by a note beside the data),
    // besides their `synthetic` column in the formats that have one.
    let synthetic = selected
        .booleans(vertelpunt_patterns::dataset::story_columns::SYNTHETIC)
        .map_err(|e| failed(&e))?
        .iter()
        .filter(|s| **s == Some(true))
        .count();
    let stem = format!(
        "vertelpunt-{}-{}{}{}",
        points.join("-"),
        vertelpunt_store::now().format("%Y%m%d"),
        if synthetic > 0 {
            "-met-demoverhalen"
        } else {
            ""
        },
        if unreviewed {
            "-met-ongecontroleerde-tekst"
        } else {
            ""
        }
    );
    let data = |ext: &str| dir.path().join(format!("{stem}.{ext}"));
    let written = match format {
        "xlsx" | "csv" | "parquet" => {
            export::write(&selected, &questionnaires, &data(format)).map(|w| w.files)
        }
        "narrafirma" => narrafirma::export::write(&selected, &questionnaires, &data("csv"))
            .map(|form| vec![data("csv"), form]),
        _ => sensemaker::export::write(&selected, &questionnaires, &data("csv"))
            .map(|definition| vec![data("csv"), definition]),
    }
    .map_err(|e| match e {
        ExportError::TooManyForXlsx(n) => Refusal::TooManyForXlsx(n),
        other => failed(&other),
    })?;
    let stories = selected.len();
    if format == "xlsx" && ExportFormat::of(&written[0]) == Some(ExportFormat::Xlsx) {
        // The workbook holds the questions and definitions as sheets: one file is enough.
        let bytes = std::fs::read(&written[0]).map_err(|e| failed(&e))?;
        return Ok(Download {
            name: format!("{stem}.xlsx"),
            content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes,
            stories,
        });
    }
    let mut written = written;
    if synthetic > 0 {
        let note = dir.path().join("DEMOVERHALEN-LEESMIJ.txt");
        std::fs::write(&note, demo_readme(synthetic, stories)).map_err(|e| failed(&e))?;
        written.push(note);
    }
    let bytes = zipped(&written).map_err(|e| failed(&e))?;
    Ok(Download {
        name: format!("{stem}-{format}.zip"),
        content_type: "application/zip",
        bytes,
        stories,
    })
}

/// The note beside an export that holds demo stories, in both languages (a file leaves the
/// site and is read without it).
fn demo_readme(synthetic: usize, stories: usize) -> String {
    format!(
        "DEMO\n\nDeze export bevat {synthetic} demoverhalen (synthetisch) van de {stories} verhalen: \
         dat zijn geen echte verhalen. In de formaten met een kolom \"synthetic\" staan ze daar op true.\n\n\
         This export holds {synthetic} demo stories (synthetic) of its {stories} stories: they are \
         not real stories. In the formats with a \"synthetic\" column they are marked true there.\n"
    )
}

/// The files in one ZIP, by their own names.
fn zipped(files: &[PathBuf]) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(&std::fs::read(Path::new(file))?)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}
