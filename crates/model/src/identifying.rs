//! Detection of identifying details in story text, so a story can be flagged for review
//! before anyone else reads it. Tellers are anonymous; these details must not travel further.

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// The kinds of identifying detail that are detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifyingKind {
    Email,
    Phone,
    PostcodeWithHouseNumber,
    Bsn,
    Iban,
}

impl IdentifyingKind {
    pub fn code(self) -> &'static str {
        match self {
            IdentifyingKind::Email => "email",
            IdentifyingKind::Phone => "phone",
            IdentifyingKind::PostcodeWithHouseNumber => "postcode",
            IdentifyingKind::Bsn => "bsn",
            IdentifyingKind::Iban => "iban",
        }
    }
}

/// One detected detail: its kind and byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: IdentifyingKind,
    pub start: usize,
    pub end: usize,
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}").unwrap()
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:\+|\b00)31[\s\-]?(?:\(0\)[\s\-]?)?|\b0)[1-9](?:[\s\-]?\d){8}\b").unwrap()
});
// A postcode (4 digits, 2 capitals, not SA/SD/SS) next to a house number, either order.
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b[1-9]\d{3}\s?(?:[A-RT-Z][A-Z]|S[B-CE-RT-Z])\b[\s,]+\d{1,5}[a-zA-Z]?\b|\b\d{1,5}[a-zA-Z]?,?\s+[1-9]\d{3}\s?(?:[A-RT-Z][A-Z]|S[B-CE-RT-Z])\b",
    )
    .unwrap()
});
static NINE_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{3}[.\s]?\d{3}[.\s]?\d{3}\b").unwrap());
static IBAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){10,30}\b").unwrap());

fn digits(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

/// The Dutch "elfproef" for a 9-digit citizen service number (BSN).
pub fn passes_bsn_check(candidate: &str) -> bool {
    let d = digits(candidate);
    if d.len() != 9 || d.iter().all(|&x| x == 0) {
        return false;
    }
    let sum: i64 = d[..8]
        .iter()
        .enumerate()
        .map(|(i, &x)| (9 - i as i64) * x as i64)
        .sum::<i64>()
        - d[8] as i64;
    sum % 11 == 0
}

/// The ISO 13616 mod-97 check of an IBAN (spaces ignored).
pub fn passes_iban_check(candidate: &str) -> bool {
    let compact: String = candidate.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 15 || compact.len() > 34 {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    let mut remainder: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let value = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        let factor = if value >= 10 { 100 } else { 10 };
        remainder = (remainder * factor + value) % 97;
    }
    remainder == 1
}

/// All identifying details found in `text`, in order of position.
pub fn find_identifying(text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut push = |kind, m: regex::Match| {
        findings.push(Finding {
            kind,
            start: m.start(),
            end: m.end(),
        })
    };
    for m in EMAIL.find_iter(text) {
        push(IdentifyingKind::Email, m);
    }
    for m in IBAN.find_iter(text) {
        if passes_iban_check(m.as_str()) {
            push(IdentifyingKind::Iban, m);
        }
    }
    for m in PHONE.find_iter(text) {
        push(IdentifyingKind::Phone, m);
    }
    for m in POSTCODE.find_iter(text) {
        push(IdentifyingKind::PostcodeWithHouseNumber, m);
    }
    for m in NINE_DIGITS.find_iter(text) {
        if passes_bsn_check(m.as_str()) {
            push(IdentifyingKind::Bsn, m);
        }
    }
    findings.sort_by_key(|f| (f.start, f.end));
    // A phone number inside an IBAN or e-mail address is the same detail, reported once.
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings {
        if let Some(last) = kept.last() {
            if f.start < last.end {
                continue;
            }
        }
        kept.push(f);
    }
    kept
}
