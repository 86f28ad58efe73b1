//! The tera templates (from `web/templates/`, compiled into the binary) and the one function
//! that renders a page: every page gets its language, the message tree `m` of that language
//! and the page's own values. Autoescaping is on for every template (they all end in `.html`).

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use tera::{Context, Tera};
use vertelpunt_model::Lang;

use crate::support::i18n::Locales;

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../../../web/templates/", $name)))),*]
    };
}

/// Every template, by name.
const TEMPLATES: &[(&str, &str)] = &templates!(
    "base.html",
    "macros.html",
    "error.html",
    "vertelpunt/landing.html",
    "vertelpunt/home.html",
    "vertelpunt/closed.html",
    "vertelpunt/form.html",
    "vertelpunt/thanks.html",
    "vertelpunt/duplicate.html",
    "vertelpunt/withdraw.html",
    "vertelpunt/withdrawn.html",
    "login/index.html",
    "verteltafel/index.html",
    "verteltafel/point.html",
    "review/index.html",
    "account/index.html",
    "dashboard/index.html",
    "start/index.html",
    "import/index.html",
    "import/job.html",
    "export/index.html",
    "patterns/list.html",
    "patterns/run.html",
    "patterns/new.html",
    "patterns/job.html",
    "reading/index.html",
    "accounts/index.html",
    "cards/list.html",
    "cards/card.html",
    "cards/edit.html",
    "cards/suggest_job.html",
    "cards/figures.html",
    "sessions/list.html",
    "sessions/new.html",
    "sessions/console.html",
    "sessions/code.html",
    "sessions/join.html",
    "sessions/board.html",
    "sessions/proposals.html",
    "sessions/presentation.html",
    "sessions/follow_up_list.html",
    "sessions/follow_up_proposal.html",
    "sessions/follow_up_owner.html",
    "sessions/follow_up_history.html",
    "sessions/follow_up_form.html",
    "sessions/follow_up_facts.html",
    "sessions/report.html",
    "sessions/report_body.html",
    "sessions/report.md",
    "sessions/evaluation.html",
    "sessions/pack.html",
    "sessions/paper.html",
    "sessions/owner_link.html",
    "cards/compare.html",
    "cards/compare_new.html",
);

/// Builds the template set; a template error is a build mistake and stops start-up with the
/// template's name and the reason.
pub fn load() -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(TEMPLATES.iter().copied())
        .unwrap_or_else(|e| panic!("templates are not valid: {e:?}"));
    tera
}

/// Renders `template` in `lang` with `context` and answers with `status`.
pub fn render(
    tera: &Tera,
    locales: &Locales,
    status: StatusCode,
    template: &str,
    lang: Lang,
    mut context: Context,
) -> HttpResponse {
    context.insert("lang", lang.code());
    context.insert("m", locales.tree(lang));
    match tera.render(template, &context) {
        Ok(html) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .insert_header(("Cache-Control", "no-store"))
            .body(html),
        Err(e) => {
            tracing::error!("template {template} failed: {e:?}");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body(locales.text(lang, "common.error_body").to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_compiles() {
        let tera = super::load();
        assert_eq!(tera.get_template_names().count(), super::TEMPLATES.len());
    }

    /// A template file that is not compiled in renders as a 500 at run time.
    #[test]
    fn every_template_file_is_compiled_in() {
        fn files(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    files(&path, root, out);
                } else if path.extension().is_some_and(|e| e == "html") {
                    let name = path.strip_prefix(root).unwrap().to_string_lossy();
                    out.push(name.replace('\\', "/"));
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/templates");
        let mut on_disk = Vec::new();
        files(&root, &root, &mut on_disk);
        let compiled: Vec<&str> = super::TEMPLATES.iter().map(|(name, _)| *name).collect();
        let missing: Vec<&String> = on_disk
            .iter()
            .filter(|f| !compiled.contains(&f.as_str()))
            .collect();
        assert!(missing.is_empty(), "not in TEMPLATES: {missing:?}");
    }
}
