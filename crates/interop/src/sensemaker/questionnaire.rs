//! A framework becomes a Vertelpunt core questionnaire, and a plan of which export columns
//! feed which question.
//!
//! | SenseMaker                   | Vertelpunt                                            |
//! |------------------------------|-------------------------------------------------------|
//! | the fragment free text       | the story                                             |
//! | a free text about a title or headline | the story title                              |
//! | other free text              | free text                                             |
//! | list, one response           | single choice (one item: a tick box)                  |
//! | list, several responses      | multiple choice                                       |
//! | triad                        | triad, corners in the definition's order              |
//! | dyad                         | slider, 0 = first pole, 100 = second pole             |
//! | stones                       | two sliders per stone: the horizontal and vertical axis |
//!
//! Question ids are `sm_` and the first characters of the signifier id, so they stay the same
//! in every version of the framework; option ids are made from the item titles. SenseMaker has
//! no role question: a role question is added and imported stories are "niet gevraagd".

use std::collections::HashSet;

use vertelpunt_model::definition::{RawCompleteness, RawDefinition, RawOption, RawQuestion};
use vertelpunt_model::Text;

use super::framework::{Axis, Framework, Item, Signifier, SignifierKind};

/// How one question is read from an export row; columns are header names.
#[derive(Debug, Clone, PartialEq)]
pub enum Reader {
    Story {
        column: String,
    },
    Title {
        column: String,
    },
    FreeText {
        question: String,
        column: String,
    },
    Single {
        question: String,
        title: String,
        column: String,
        /// (SenseMaker item id, item title, Vertelpunt option id)
        options: Vec<(String, String, String)>,
        /// A list of one item: stored as a multiple choice of one option.
        tick_box: bool,
    },
    Multi {
        question: String,
        title: String,
        max: u32,
        /// (column, Vertelpunt option id)
        columns: Vec<(String, String)>,
    },
    Triad {
        question: String,
        title: String,
        shares: [String; 3],
        not_applicable: String,
    },
    Dyad {
        question: String,
        title: String,
        x: String,
        not_applicable: String,
    },
    Stone {
        question_x: String,
        question_y: String,
        title: String,
        x: String,
        y: String,
    },
}

/// The generated questionnaire and how to read an export into it.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub definition: RawDefinition,
    pub readers: Vec<Reader>,
    /// Signifiers that carry data Vertelpunt cannot import (type and title).
    pub unsupported: Vec<String>,
}

/// The id of the added role question.
pub const ROLE_QUESTION: &str = "rol";
/// The id of the story question.
pub const STORY_QUESTION: &str = "verhaal";
/// The id of the story title question, when the framework has one.
pub const TITLE_QUESTION: &str = "titel";
/// Free text up to this many characters is imported.
pub const MAX_FREE_TEXT: u32 = 20_000;

fn same(text: &str) -> Text {
    Text::new(text, text)
}

/// Lower-case letters, digits and `_`, at most `max` characters.
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Ids that stay unique: a second `x` becomes `x_2`.
#[derive(Default)]
pub(crate) struct Ids(HashSet<String>);

impl Ids {
    pub(crate) fn unique(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut n = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }
}

fn question_id(ids: &mut Ids, signifier: &str, suffix: &str) -> String {
    let hex: String = signifier
        .to_ascii_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    ids.unique(format!("sm_{hex}{suffix}"))
}

fn options(items: &[Item]) -> (Vec<RawOption>, Vec<(String, String, String)>) {
    let mut ids = Ids::default();
    let mut raw = Vec::new();
    let mut map = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let base = slug(&item.title, 40);
        let id = ids.unique(if base.is_empty() {
            format!("optie_{}", n + 1)
        } else {
            base
        });
        let label = if item.title.is_empty() {
            id.clone()
        } else {
            item.title.clone()
        };
        raw.push(RawOption::new(id.clone(), Text::new(label.clone(), label)));
        map.push((item.id.clone(), item.title.clone(), id));
    }
    (raw, map)
}

fn question(id: &str, kind: &str, text: &str, required: bool) -> RawQuestion {
    RawQuestion {
        id: id.to_string(),
        kind: kind.to_string(),
        text: same(text),
        required,
        ..RawQuestion::default()
    }
}

pub(crate) fn is_title(s: &Signifier) -> bool {
    let t = s.title.to_lowercase();
    ["title", "headline", "titel", "kop "]
        .iter()
        .any(|w| t.contains(w))
}

fn pole(label: &str, nl: &str, en: &str) -> Text {
    if label.is_empty() {
        Text::new(nl, en)
    } else {
        same(label)
    }
}

fn stone_axis(
    id: &str,
    title: &str,
    stone: &Item,
    axis: &Axis,
    (nl, en): (&str, &str),
) -> RawQuestion {
    let name = if axis.name.is_empty() {
        Text::new(nl, en)
    } else {
        same(&axis.name)
    };
    RawQuestion {
        id: id.to_string(),
        kind: "slider".into(),
        text: Text::new(
            format!("{title} — {}: {}", stone.title, name.nl),
            format!("{title} — {}: {}", stone.title, name.en),
        ),
        short: Some(Text::new(
            format!("{} ({})", stone.title, name.nl),
            format!("{} ({})", stone.title, name.en),
        )),
        left: Some(pole(&axis.start, "laag", "low")),
        right: Some(pole(&axis.end, "hoog", "high")),
        ..RawQuestion::default()
    }
}

/// Builds the questionnaire for `framework` under `key`.
pub fn map(framework: &Framework, key: &str) -> Mapping {
    let mut ids = Ids::default();
    for fixed in [ROLE_QUESTION, STORY_QUESTION, TITLE_QUESTION] {
        ids.unique(fixed.to_string());
    }
    let mut role = question(
        ROLE_QUESTION,
        "role",
        "Wie vertelt? (niet gevraagd in SenseMaker)",
        false,
    );
    role.text.en = "Who is telling? (not asked in SenseMaker)".into();
    let mut questions = vec![role];
    let mut readers = Vec::new();
    let mut unsupported = Vec::new();
    let mut has_title = false;
    let fragment = framework.fragment_id.as_deref().or_else(|| {
        framework
            .signifiers
            .iter()
            .find(|s| s.kind == SignifierKind::FreeText)
            .map(|s| s.id.as_str())
    });
    let mut story = question(STORY_QUESTION, "story", "Verhaal", true);
    story.text.en = "Story".into();
    if let Some(s) = fragment.and_then(|f| framework.signifier(f)) {
        story.text = same(&s.title);
        readers.push(Reader::Story {
            column: s.id.clone(),
        });
    }
    questions.push(story);

    for s in &framework.signifiers {
        if Some(s.id.as_str()) == fragment {
            continue;
        }
        let title = s.title.clone();
        match &s.kind {
            SignifierKind::Layout => {}
            SignifierKind::Unsupported(kind) => unsupported.push(format!("{kind}: {title}")),
            SignifierKind::FreeText if !has_title && is_title(s) => {
                has_title = true;
                questions.push(question(TITLE_QUESTION, "story_title", &title, false));
                readers.push(Reader::Title {
                    column: s.id.clone(),
                });
            }
            SignifierKind::FreeText => {
                let id = question_id(&mut ids, &s.id, "");
                let mut q = question(&id, "free_text", &title, false);
                q.max_length = Some(MAX_FREE_TEXT);
                questions.push(q);
                readers.push(Reader::FreeText {
                    question: id,
                    column: s.id.clone(),
                });
            }
            SignifierKind::List {
                items,
                max_responses,
            } => {
                let id = question_id(&mut ids, &s.id, "");
                let (raw, map) = options(items);
                let single = *max_responses == 1 && items.len() >= 2;
                let mut q = question(
                    &id,
                    if single {
                        "single_choice"
                    } else {
                        "multiple_choice"
                    },
                    &title,
                    s.required,
                );
                q.options = Some(raw);
                if single {
                    readers.push(Reader::Single {
                        question: id.clone(),
                        title: title.clone(),
                        column: s.id.clone(),
                        options: map,
                        tick_box: false,
                    });
                } else {
                    let max = (*max_responses).min(items.len().max(1) as u32);
                    q.max_picks = Some(max);
                    readers.push(if items.len() == 1 {
                        // A tick box: one column holding the item id when ticked.
                        Reader::Single {
                            question: id.clone(),
                            title: title.clone(),
                            column: s.id.clone(),
                            options: map,
                            tick_box: true,
                        }
                    } else {
                        Reader::Multi {
                            question: id.clone(),
                            title: title.clone(),
                            max,
                            columns: map
                                .into_iter()
                                .map(|(item, _, option)| (format!("{}_{item}", s.id), option))
                                .collect(),
                        }
                    });
                }
                questions.push(q);
            }
            SignifierKind::Triad { corners } => {
                let id = question_id(&mut ids, &s.id, "");
                let mut q = question(&id, "triad", &title, s.required);
                q.corners = Some(corners.iter().map(|c| same(&c.title)).collect());
                q.not_applicable = Some(s.allow_na);
                questions.push(q);
                readers.push(Reader::Triad {
                    question: id,
                    title,
                    shares: corners.clone().map(|c| format!("{}_{}", s.id, c.id)),
                    not_applicable: format!("{}_NA", s.id),
                });
            }
            SignifierKind::Dyad { poles } => {
                let id = question_id(&mut ids, &s.id, "");
                let mut q = question(&id, "slider", &title, s.required);
                q.left = Some(pole(&poles[0].title, "links", "left"));
                q.right = Some(pole(&poles[1].title, "rechts", "right"));
                q.not_applicable = Some(s.allow_na);
                questions.push(q);
                readers.push(Reader::Dyad {
                    question: id,
                    title,
                    x: format!("{}_percentX", s.id),
                    not_applicable: format!("{}_NA", s.id),
                });
            }
            SignifierKind::Stones { stones, x, y } => {
                for stone in stones {
                    let stone_hex: String = stone
                        .id
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .take(8)
                        .collect::<String>()
                        .to_ascii_lowercase();
                    let qx = question_id(&mut ids, &s.id, &format!("_{stone_hex}_x"));
                    let qy = question_id(&mut ids, &s.id, &format!("_{stone_hex}_y"));
                    let horizontal = ("horizontaal", "horizontal");
                    let vertical = ("verticaal", "vertical");
                    questions.push(stone_axis(&qx, &title, stone, x, horizontal));
                    questions.push(stone_axis(&qy, &title, stone, y, vertical));
                    let column = format!("{}_{}", s.id, stone.id);
                    readers.push(Reader::Stone {
                        question_x: qx,
                        question_y: qy,
                        title: format!("{title} — {}", stone.title),
                        x: format!("{column}_percentX"),
                        y: format!("{column}_percentY"),
                    });
                }
            }
        }
    }

    // Complete: some story text and the leading required signifiers answered.
    let questions_of = |s: &Signifier| match &s.kind {
        SignifierKind::List { .. } | SignifierKind::Triad { .. } | SignifierKind::Dyad { .. } => 1,
        SignifierKind::Stones { stones, .. } => 2 * stones.len() as u32,
        _ => 0,
    };
    let first_signifiers = framework
        .signifiers
        .iter()
        .filter(|s| questions_of(s) > 0)
        .take_while(|s| s.required)
        .map(questions_of)
        .sum();
    let name = if framework.name.is_empty() {
        key.to_string()
    } else {
        framework.name.clone()
    };
    let definition = RawDefinition {
        languages: None,
        key: key.to_string(),
        kind: "core".into(),
        extends: None,
        title: same(&name),
        description: Some(Text::new(
            format!(
                "Gemaakt uit SenseMaker-framework {name} ({}), taal {}.",
                framework.id, framework.language
            ),
            format!(
                "Generated from SenseMaker framework {name} ({}), language {}.",
                framework.id, framework.language
            ),
        )),
        completeness: Some(RawCompleteness {
            min_words: 1,
            first_signifiers,
        }),
        questions,
    };
    Mapping {
        definition,
        readers,
        unsupported,
    }
}

/// A value found in an export's list column that is not an item of the definition: an option
/// removed from the framework after some stories chose it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unlisted {
    pub question: String,
    pub value: String,
    pub stories: usize,
}

/// Keeps every answer of an export: values of list columns that the definition does not know
/// become extra options of their question (labelled with the value itself).
pub fn add_unlisted_options(mapping: &mut Mapping, table: &crate::table::Table) -> Vec<Unlisted> {
    let mut found = Vec::new();
    for reader in &mut mapping.readers {
        let Reader::Single {
            question,
            title,
            column,
            options,
            ..
        } = reader
        else {
            continue;
        };
        let raw = mapping
            .definition
            .questions
            .iter_mut()
            .find(|q| &q.id == question)
            .expect("every reader's question is in the definition");
        let raw_options = raw.options.get_or_insert_with(Vec::new);
        for (value, stories) in table.values(column) {
            if options.iter().any(|(id, t, _)| *id == value || *t == value) {
                continue;
            }
            let mut ids = Ids(raw_options.iter().map(|o| o.id.clone()).collect());
            let base = slug(&value, 40);
            let id = ids.unique(if base.is_empty() {
                format!("optie_{}", raw_options.len() + 1)
            } else {
                base
            });
            raw_options.push(RawOption::new(
                id.clone(),
                Text::new(value.clone(), value.clone()),
            ));
            options.push((value.clone(), value.clone(), id));
            found.push(Unlisted {
                question: title.clone(),
                value,
                stories,
            });
        }
    }
    found
}
