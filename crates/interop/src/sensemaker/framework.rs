//! A SenseMaker framework definition (the `*_Definition.json` beside an export): the
//! signifiers and, for each, what the export's columns hold.
//!
//! Two spellings are read: the platform's own JSON, where single values are plain, and the
//! JSON written by R tooling (`sensemakerdatar`), where every single value is a one-element
//! array.

use serde_json::Value;

use crate::error::ImportProblem;
use crate::html::plain_text;

/// A choice item, triad corner, dyad pole or stone.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    /// Plain text (HTML removed).
    pub title: String,
}

/// One axis of a stones canvas.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Axis {
    pub name: String,
    pub start: String,
    pub end: String,
}

/// What a signifier is and what only that type has.
#[derive(Debug, Clone, PartialEq)]
pub enum SignifierKind {
    FreeText,
    /// A list: one column with the item id when `max_responses` is 1, else one column per item.
    List {
        items: Vec<Item>,
        max_responses: u32,
    },
    Triad {
        corners: [Item; 3],
    },
    Dyad {
        poles: [Item; 2],
    },
    Stones {
        stones: Vec<Item>,
        x: Axis,
        y: Axis,
    },
    /// Layout only (label, save, navigation, image …): no data.
    Layout,
    /// A type that carries data but that Vertelpunt cannot import (photo, audio …).
    Unsupported(String),
}

/// One signifier of the framework, in form order.
#[derive(Debug, Clone, PartialEq)]
pub struct Signifier {
    pub id: String,
    /// Marked as the story itself (older definitions say so here, not at the top).
    pub fragment: bool,
    pub title: String,
    pub required: bool,
    pub allow_na: bool,
    pub kind: SignifierKind,
}

/// A framework definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub language: String,
    /// The free-text signifier that holds the story itself.
    pub fragment_id: Option<String>,
    pub signifiers: Vec<Signifier>,
}

impl Framework {
    pub fn signifier(&self, id: &str) -> Option<&Signifier> {
        self.signifiers.iter().find(|s| s.id == id)
    }
}

const LAYOUT_TYPES: &[&str] = &[
    "label",
    "save",
    "navigation",
    "image",
    "embedded",
    "html",
    "submit",
];

/// A single value, unwrapping the one-element arrays of R-written definitions.
fn single(v: &Value) -> &Value {
    match v {
        Value::Array(a) if a.len() == 1 => &a[0],
        other => other,
    }
}

fn string(v: Option<&Value>) -> String {
    match v.map(single) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn boolean(v: Option<&Value>) -> bool {
    matches!(v.map(single), Some(Value::Bool(true)))
}

fn malformed(detail: String) -> ImportProblem {
    ImportProblem::Malformed {
        expected: "SenseMaker framework definition",
        detail,
    }
}

fn items(content: &Value, field: &str, text_field: &str) -> Vec<Item> {
    content
        .get(field)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|i| Item {
                    id: string(i.get("id")),
                    title: plain_text(&string(i.get(text_field))),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn axis(content: &Value, name: &str) -> Axis {
    let a = content.get("axis").and_then(|a| a.get(name));
    let field = |f: &str| plain_text(&string(a.and_then(|a| a.get(f))));
    Axis {
        name: field("name"),
        start: field("start_label"),
        end: field("end_label"),
    }
}

fn exactly<const N: usize>(
    found: Vec<Item>,
    signifier: &str,
    what: &str,
) -> Result<[Item; N], ImportProblem> {
    let count = found.len();
    found
        .try_into()
        .map_err(|_| malformed(format!("signifier {signifier} has {count} {what}, not {N}")))
}

/// Reads a framework definition.
pub fn parse(json: &str) -> Result<Framework, ImportProblem> {
    let root: Value = serde_json::from_str(json.trim_start_matches('\u{feff}'))
        .map_err(|e| malformed(e.to_string()))?;
    let list = root
        .get("signifiers")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed("it has no list of signifiers".into()))?;
    let mut signifiers = Vec::with_capacity(list.len());
    for (n, s) in list.iter().enumerate() {
        let id = string(s.get("id"));
        if id.is_empty() {
            return Err(malformed(format!("signifier {} has no id", n + 1)));
        }
        let kind_name = string(s.get("type"));
        let content = s.get("content").unwrap_or(&Value::Null);
        let kind = match kind_name.as_str() {
            "freetext" => SignifierKind::FreeText,
            "list" => SignifierKind::List {
                items: items(content, "items", "title"),
                max_responses: content
                    .get("max_responses")
                    .map(single)
                    .and_then(Value::as_u64)
                    .unwrap_or(1)
                    .max(1) as u32,
            },
            "triad" => SignifierKind::Triad {
                corners: exactly(items(content, "labels", "text"), &id, "corner labels")?,
            },
            "dyad" => SignifierKind::Dyad {
                poles: exactly(items(content, "labels", "text"), &id, "pole labels")?,
            },
            "stones" => SignifierKind::Stones {
                stones: items(content, "stones", "title"),
                x: axis(content, "x"),
                y: axis(content, "y"),
            },
            t if LAYOUT_TYPES.contains(&t) => SignifierKind::Layout,
            other => SignifierKind::Unsupported(other.to_string()),
        };
        signifiers.push(Signifier {
            title: plain_text(&string(s.get("title"))),
            required: boolean(s.get("required")),
            allow_na: boolean(s.get("allow_na")),
            fragment: boolean(s.get("fragment")),
            id,
            kind,
        });
    }
    let fragment = Some(string(root.get("fragment_signifier_id")))
        .filter(|f| !f.is_empty())
        .or_else(|| {
            signifiers
                .iter()
                .find(|s| s.fragment && s.kind == SignifierKind::FreeText)
                .map(|s| s.id.clone())
        });
    Ok(Framework {
        id: string(root.get("id")),
        name: plain_text(&string(root.get("name"))),
        language: string(root.get("language")),
        fragment_id: fragment,
        signifiers,
    })
}
