//! A framework read from an export's own columns, for the many SenseMaker exports that are shared
//! as the data CSV only.
//!
//! SenseMaker names every column after the signifier it holds, so the columns say what each
//! signifier was:
//!
//! | columns                                                    | signifier                       |
//! |------------------------------------------------------------|---------------------------------|
//! | `S_percentX`, `S_percentY` and three `S_CORNER` (+ `S_NA`) | triad, corners in column order  |
//! | `S_percentX` and two `S_POLE` (+ `S_NA`)                   | dyad, poles in column order     |
//! | `S_STONE_percentX`, `S_STONE_percentY` per stone           | stones                          |
//! | two or more `S_ITEM` holding only ticks (1, empty)         | list, several responses         |
//! | one column of short values without spaces, or few values that repeat | list, one response (one value: a tick box) |
//! | any other column with answers                              | free text; the one with the most text is the story |
//!
//! Export metadata (`id`, `project_id`, `version`, `language`, `server_upload_time`,
//! `definition_version`, `responder_id`, `meta_…`) is left out, and so is a column no row
//! answers. A title row above the ids (`2.1 What matters most…_percentX` over
//! `4db072a8-…_percentX`) gives the question texts and the corner, pole, stone and item labels;
//! without one, they are the column ids. What was inferred is printed (`--dry-run` shows it
//! without storing); a definition file corrects it.

use std::collections::{HashMap, HashSet};

use super::framework::{Axis, Framework, Item, Signifier, SignifierKind};
use crate::table::Table;

/// Columns of every export that are not answers.
const META: &[&str] = &[
    "id",
    "project_id",
    "version",
    "language",
    "server_upload_time",
    "definition_version",
    "responder_id",
];

/// A single-response list has at most this many distinct values when they contain spaces.
const MAX_CHOICE_VALUES: usize = 50;

/// A framework inferred from an export, and what was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Inference {
    pub framework: Framework,
    /// The file had a title row above the column ids.
    pub title_row: bool,
    /// Columns that are not imported, each with why.
    pub left_out: Vec<(String, LeftOut)>,
}

/// Why a column of an export without definition is not imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// `project_id`, `meta_platform`, …: about the export, not the story.
    Metadata,
    /// No row has a value in it.
    Unanswered,
    /// A `_percentX` column without the columns of a triad, dyad or stone around it.
    Position,
}

impl LeftOut {
    /// A code for messages: `metadata`, `unanswered`, `position`.
    pub fn code(self) -> &'static str {
        match self {
            LeftOut::Metadata => "metadata",
            LeftOut::Unanswered => "unanswered",
            LeftOut::Position => "position",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            LeftOut::Metadata => "export metadata",
            LeftOut::Unanswered => "no row answers it",
            LeftOut::Position => "a position without the columns of a triad, dyad or stone",
        }
    }
}

/// One question read from the columns, as the summary shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The signifier id (the columns' common start).
    pub id: String,
    pub title: String,
    /// `story`, `title`, `free_text`, `tick_box`, `single`, `multiple`, `triad`, `dyad` or
    /// `stones`.
    pub kind: &'static str,
    /// Its options, corners, poles or stones (the first eight, and how many more).
    pub labels: String,
}

/// How a signifier was found: its first column's place, for the form order.
struct Found {
    at: usize,
    signifier: Signifier,
}

/// The columns' titles, by column name, from a title row.
struct Titles<'a> {
    by_column: HashMap<&'a str, &'a str>,
}

impl<'a> Titles<'a> {
    fn new(names: &'a [String], titles: Option<&'a [String]>) -> Self {
        let by_column = titles
            .map(|t| {
                names
                    .iter()
                    .zip(t)
                    .map(|(n, t)| (n.as_str(), t.trim()))
                    .filter(|(_, t)| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        Titles { by_column }
    }

    /// The title of `column` without the `suffix` the export adds (`_percentX`).
    fn of(&self, column: &str, suffix: &str) -> Option<String> {
        let t = self.by_column.get(column)?;
        Some(t.strip_suffix(suffix).unwrap_or(t).trim().to_string())
    }

    /// The signifier's title and each part's label from the titles of a signifier's part
    /// columns, which SenseMaker writes `QUESTION_PART`: their common start up to its last `_`,
    /// and what follows it. `fallback` names the signifier and its parts when a title is missing.
    fn split(
        &self,
        columns: &[(String, &str)],
        fallback: (&str, Vec<String>),
    ) -> (String, Vec<String>) {
        let titles: Option<Vec<String>> = columns.iter().map(|(c, s)| self.of(c, s)).collect();
        let Some(titles) = titles else {
            return (fallback.0.to_string(), fallback.1);
        };
        let cut = if titles.len() == 1 {
            titles[0].rfind('_')
        } else {
            let first = &titles[0];
            let mut common = first.len();
            for t in &titles[1..] {
                common = first
                    .char_indices()
                    .zip(t.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| (i + a.len_utf8()).min(common));
            }
            first[..common].rfind('_')
        };
        match cut {
            Some(cut) if cut > 0 => {
                let question = titles[0][..cut].trim().to_string();
                let parts = titles
                    .iter()
                    .zip(fallback.1)
                    .map(|(t, f)| {
                        let part = t[cut + 1..].trim();
                        if part.is_empty() {
                            f
                        } else {
                            part.to_string()
                        }
                    })
                    .collect();
                (question, parts)
            }
            _ => (fallback.0.to_string(), fallback.1),
        }
    }
}

/// Whether every answered cell of a column is a tick (1) or its absence.
fn ticks_only(table: &Table, column: &str) -> bool {
    table.column(column).all(|v| {
        matches!(
            v.to_ascii_lowercase().as_str(),
            "" | "0" | "1" | "true" | "false"
        )
    })
}

/// Reads a framework from the columns of `table`; `titles` is the title row, if the file had one.
pub fn infer(table: &Table, titles: Option<&[String]>, data_file: &str) -> Inference {
    let names = &table.names;
    let title = Titles::new(names, titles);
    let index: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut used: HashSet<&str> = HashSet::new();
    let mut left_out: Vec<(String, LeftOut)> = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    for n in names {
        if n.is_empty() {
            continue;
        }
        if META.contains(&n.as_str()) || n.starts_with("meta_") {
            used.insert(n);
            if !matches!(n.as_str(), "id" | "language" | "server_upload_time") {
                left_out.push((n.clone(), LeftOut::Metadata));
            }
        }
    }

    // The columns of each signifier `S` (`S_PART`, the part's id after the last `_`), so that a
    // signifier's part columns are found without comparing every column with every other.
    let mut under: HashMap<&str, Vec<&String>> = HashMap::new();
    for n in names {
        if let Some((signifier, _)) = n.rsplit_once('_') {
            under.entry(signifier).or_default().push(n);
        }
    }

    // Positions: triads, dyads and stones, from their `_percentX` columns.
    // Stones canvases: (signifier id, place of its first column, (stone id, x column) each).
    type Stones = Vec<(String, usize, Vec<(String, String)>)>;
    let mut stones: Stones = Vec::new();
    let mut stone_groups: HashMap<String, usize> = HashMap::new();
    for (at, n) in names.iter().enumerate() {
        let Some(s) = n.strip_suffix("_percentX") else {
            continue;
        };
        let y = format!("{s}_percentY");
        let na = format!("{s}_NA");
        let prefix = format!("{s}_");
        let parts: Vec<&String> = under
            .get(s)
            .into_iter()
            .flatten()
            .copied()
            .filter(|c| *c != n && **c != y && **c != na)
            .filter(|c| !c.ends_with("_percentX") && !c.ends_with("_percentY"))
            .collect();
        let has_y = index.contains_key(y.as_str());
        let has_na = index.contains_key(na.as_str());
        let ids: Vec<String> = parts
            .iter()
            .map(|c| c[prefix.len()..].to_string())
            .collect();
        let part_columns: Vec<(String, &str)> = parts.iter().map(|c| ((*c).clone(), "")).collect();
        let kind = match (has_y, parts.len()) {
            (true, 3) | (false, 2) => {
                let (question, labels) = title.split(&part_columns, (s, ids.clone()));
                let question = title.of(n, "_percentX").unwrap_or(question);
                let parts = items(&ids, labels);
                let kind = match parts.try_into() {
                    Ok(corners) => SignifierKind::Triad { corners },
                    Err(parts) => SignifierKind::Dyad {
                        poles: parts.try_into().expect("two parts"),
                    },
                };
                Some((question, kind))
            }
            (true, 0) => {
                if let Some((group, stone)) = s.rsplit_once('_') {
                    match stone_groups.get(group) {
                        Some(&k) => stones[k].2.push((stone.to_string(), n.clone())),
                        None => {
                            stone_groups.insert(group.to_string(), stones.len());
                            stones.push((
                                group.to_string(),
                                at,
                                vec![(stone.to_string(), n.clone())],
                            ));
                        }
                    }
                    used.insert(n);
                    if let Some((y, _)) = index.get_key_value(y.as_str()) {
                        used.insert(y);
                    }
                } else {
                    left_out.push((n.clone(), LeftOut::Position));
                    used.insert(n);
                }
                None
            }
            _ => {
                left_out.push((n.clone(), LeftOut::Position));
                used.insert(n);
                None
            }
        };
        if let Some((question, kind)) = kind {
            used.insert(n);
            for c in [&y, &na] {
                if let Some((c, _)) = index.get_key_value(c.as_str()) {
                    used.insert(c);
                }
            }
            used.extend(parts.iter().map(|c| c.as_str()));
            found.push(Found {
                at,
                signifier: signifier(s, question, has_na, kind),
            });
        }
    }
    for (group, at, list) in stones {
        let columns: Vec<(String, &str)> =
            list.iter().map(|(_, c)| (c.clone(), "_percentX")).collect();
        let ids: Vec<String> = list.iter().map(|(id, _)| id.clone()).collect();
        let (question, labels) = title.split(&columns, (&group, ids.clone()));
        found.push(Found {
            at,
            signifier: signifier(
                &group,
                question,
                false,
                SignifierKind::Stones {
                    stones: items(&ids, labels),
                    x: Axis::default(),
                    y: Axis::default(),
                },
            ),
        });
    }

    // Lists of several responses: two or more `S_ITEM` columns of ticks.
    let mut groups: Vec<(&str, Vec<&String>)> = Vec::new();
    let mut group_index: HashMap<&str, usize> = HashMap::new();
    for n in names {
        if used.contains(n.as_str()) || n.is_empty() {
            continue;
        }
        if let Some((group, _)) = n.rsplit_once('_') {
            match group_index.get(group) {
                Some(&k) => groups[k].1.push(n),
                None => {
                    group_index.insert(group, groups.len());
                    groups.push((group, vec![n]));
                }
            }
        }
    }
    for (group, columns) in groups {
        if columns.len() < 2 || !columns.iter().all(|c| ticks_only(table, c)) {
            continue;
        }
        let ids: Vec<String> = columns
            .iter()
            .map(|c| c[group.len() + 1..].to_string())
            .collect();
        let part_columns: Vec<(String, &str)> =
            columns.iter().map(|c| ((*c).clone(), "")).collect();
        let (question, labels) = title.split(&part_columns, (group, ids.clone()));
        used.extend(columns.iter().map(|c| c.as_str()));
        found.push(Found {
            at: index[columns[0].as_str()],
            signifier: signifier(
                group,
                question,
                false,
                SignifierKind::List {
                    max_responses: ids.len() as u32,
                    items: items(&ids, labels),
                },
            ),
        });
    }

    // The other columns, one signifier each: a list of one response or free text.
    let mut texts: Vec<(usize, usize)> = Vec::new();
    for (at, n) in names.iter().enumerate() {
        if used.contains(n.as_str()) || n.is_empty() {
            continue;
        }
        let values = table.values(n);
        if values.is_empty() {
            left_out.push((n.clone(), LeftOut::Unanswered));
            continue;
        }
        let answered: usize = values.iter().map(|(_, c)| c).sum();
        let short_ids = values
            .iter()
            .all(|(v, _)| v.chars().count() <= 64 && !v.chars().any(char::is_whitespace));
        let repeated = values.len() <= MAX_CHOICE_VALUES
            && 2 * values.len() <= answered
            && values.iter().all(|(v, _)| v.chars().count() <= 200);
        let question = title.of(n, "").unwrap_or_else(|| n.clone());
        let kind = if short_ids || repeated {
            let ids: Vec<String> = values.into_iter().map(|(v, _)| v).collect();
            SignifierKind::List {
                items: ids
                    .iter()
                    .map(|v| Item {
                        id: v.clone(),
                        title: v.clone(),
                    })
                    .collect(),
                max_responses: 1,
            }
        } else {
            let length: usize = table.column(n).map(|v| v.chars().count()).sum();
            texts.push((found.len(), length));
            SignifierKind::FreeText
        };
        found.push(Found {
            at,
            signifier: signifier(n, question, false, kind),
        });
    }
    // The story is the free text with the most text.
    let fragment = texts
        .iter()
        .max_by_key(|(_, length)| *length)
        .map(|(i, _)| found[*i].signifier.id.clone());

    found.sort_by_key(|f| f.at);
    let first = |column: &str| {
        table
            .column(column)
            .find(|v| !v.is_empty())
            .map(str::to_string)
    };
    let mut languages: Vec<(String, usize)> = table.values("language");
    languages.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let name = std::path::Path::new(data_file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let name = ["_Data", "_data", "-data", "_export"]
        .iter()
        .find_map(|end| name.strip_suffix(end))
        .unwrap_or(name)
        .to_string();
    Inference {
        framework: Framework {
            id: first("project_id").unwrap_or_else(|| name.clone()),
            name,
            language: languages
                .first()
                .map(|(l, _)| l.clone())
                .unwrap_or_else(|| "en".into()),
            fragment_id: fragment,
            signifiers: found.into_iter().map(|f| f.signifier).collect(),
        },
        title_row: titles.is_some(),
        left_out,
    }
}

fn items(ids: &[String], labels: Vec<String>) -> Vec<Item> {
    ids.iter()
        .zip(labels)
        .map(|(id, title)| Item {
            id: id.clone(),
            title,
        })
        .collect()
}

fn signifier(id: &str, title: String, allow_na: bool, kind: SignifierKind) -> Signifier {
    Signifier {
        id: id.to_string(),
        fragment: false,
        title,
        required: false,
        allow_na,
        kind,
    }
}

impl Inference {
    /// The questions read, in the export's order.
    pub fn questions(&self) -> Vec<Read> {
        let f = &self.framework;
        let mut out = Vec::new();
        let mut has_title = false;
        for s in &f.signifiers {
            let (kind, labels) = match &s.kind {
                SignifierKind::FreeText if f.fragment_id.as_deref() == Some(s.id.as_str()) => {
                    ("story", String::new())
                }
                // As the questionnaire is made: the first free text about a title or headline.
                SignifierKind::FreeText if !has_title && super::questionnaire::is_title(s) => {
                    has_title = true;
                    ("title", String::new())
                }
                SignifierKind::FreeText => ("free_text", String::new()),
                SignifierKind::List { items, .. } if items.len() == 1 => {
                    ("tick_box", labels(items))
                }
                SignifierKind::List {
                    items,
                    max_responses: 1,
                } => ("single", labels(items)),
                SignifierKind::List { items, .. } => ("multiple", labels(items)),
                SignifierKind::Triad { corners } => ("triad", labels(corners)),
                SignifierKind::Dyad { poles } => ("dyad", labels(poles)),
                SignifierKind::Stones { stones, .. } => ("stones", labels(stones)),
                SignifierKind::Layout | SignifierKind::Unsupported(_) => continue,
            };
            out.push(Read {
                id: s.id.clone(),
                title: s.title.clone(),
                kind,
                labels,
            });
        }
        out
    }

    /// What was inferred, a line per question and per column left out (English, for the CLI).
    pub fn describe(&self) -> Vec<String> {
        let f = &self.framework;
        let mut lines = vec![format!(
            "no definition: the questionnaire was read from the columns{} (framework {}, language {})",
            if self.title_row {
                " and the title row above them"
            } else {
                ", without a title row, so questions and labels are named by their column ids"
            },
            f.id,
            f.language
        )];
        for q in self.questions() {
            let what = match q.kind {
                "story" => "the story",
                "title" => "the story's title",
                "free_text" => "free text",
                "tick_box" => "a tick box",
                "single" => "a list of one response",
                "multiple" => "a list of several responses",
                "triad" => "a triad",
                "dyad" => "a dyad",
                _ => "stones",
            };
            let labels = if q.labels.is_empty() {
                String::new()
            } else {
                format!(": {}", q.labels)
            };
            // Without a title row the title is the id: said once.
            if q.title == q.id {
                lines.push(format!("  {}: {what}{labels}", q.id));
            } else {
                lines.push(format!("  \"{}\" ({}): {what}{labels}", q.title, q.id));
            }
        }
        for (column, why) in &self.left_out {
            lines.push(format!("  left out: {column} ({})", why.describe()));
        }
        lines
    }
}

fn labels(items: &[Item]) -> String {
    let shown: Vec<&str> = items.iter().take(8).map(|i| i.title.as_str()).collect();
    let more = items.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

impl Inference {
    /// The inferred framework as a SenseMaker definition (`…_Definition.json`), to correct by
    /// hand and give back with the export: the same story ids, the texts as corrected.
    pub fn definition_json(&self) -> String {
        use serde_json::{json, Value};
        let f = &self.framework;
        let items = |list: &[Item], text: &str| -> Value {
            list.iter()
                .map(|i| json!({ "id": i.id, text: i.title }))
                .collect()
        };
        let signifiers: Vec<Value> = f
            .signifiers
            .iter()
            .filter_map(|s| {
                let (kind, content) = match &s.kind {
                    SignifierKind::FreeText => ("freetext", json!({})),
                    SignifierKind::List {
                        items: list,
                        max_responses,
                    } => (
                        "list",
                        json!({ "max_responses": max_responses, "items": items(list, "title") }),
                    ),
                    SignifierKind::Triad { corners } => {
                        ("triad", json!({ "labels": items(corners, "text") }))
                    }
                    SignifierKind::Dyad { poles } => {
                        ("dyad", json!({ "labels": items(poles, "text") }))
                    }
                    SignifierKind::Stones { stones, x, y } => {
                        let axis = |a: &Axis| {
                            json!({ "name": a.name, "start_label": a.start, "end_label": a.end })
                        };
                        (
                            "stones",
                            json!({
                                "stones": items(stones, "title"),
                                "axis": { "x": axis(x), "y": axis(y) },
                            }),
                        )
                    }
                    SignifierKind::Layout | SignifierKind::Unsupported(_) => return None,
                };
                Some(json!({
                    "id": s.id,
                    "type": kind,
                    "title": s.title,
                    "required": s.required,
                    "allow_na": s.allow_na,
                    "content": content,
                }))
            })
            .collect();
        let root = json!({
            "id": f.id,
            "name": f.name,
            "language": f.language,
            "fragment_signifier_id": f.fragment_id,
            "signifiers": signifiers,
        });
        serde_json::to_string_pretty(&root).expect("a framework always serialises")
    }
}
