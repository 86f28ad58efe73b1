//! Typical stories for an observation card: which stories show a pattern in a typical and
//! concrete way. The report found that the quality of improvement proposals depends on it, so
//! the analyst gets suggestions to start from (and always chooses).
//!
//! - a slider or scale per group: in the groups with the highest and the lowest mean, the
//!   stories whose answer lies closest to that group's median;
//! - two sliders or scales: the two ends of the relationship (both high and both low, or one
//!   high and the other low when they go against each other), closest to the quartiles;
//! - two choices: the two cells that stand out most above what no relationship would give
//!   (largest adjusted residuals, in different rows);
//!   — also a triad's zones against a choice, and a subgroup against the rest;
//! - a trend over time: the earliest and the latest stories at the two ends of the trend;
//! - one slider or scale: the stories around the median; one choice: its most chosen option;
//! - key words: the stories of the group that use the word most, quoted at its sentence.
//!
//! The quote is the sentence of the story that carries the pattern: the one that shares most
//! words with the pattern's questions and the part it shows (its poles, its group), with the next
//! sentence when it is short; the first sentence only when no sentence does. A key-word pattern
//! quotes the sentence with its word. The same quote is never suggested twice.
//!
//! Among equally typical stories, those whose text carries the pattern come first, then those of
//! a readable length (25–250 words), then the story id, so the same data gives the same
//! suggestions. Stories whose text may not be read
//! (waiting for review, erased: an empty text here) are never suggested. A triad on its own gets
//! no suggestions; the analyst finds stories by reading.

use vertelpunt_model::Text;

use crate::card::MAX_QUOTE;
use crate::dataset::{story_columns, Dataset, DatasetError};
use crate::evaluate::{subgroup_factor, Subgroup};
use crate::pattern::{Family, Pattern};
use crate::stats::MISSING;
use crate::variables::{Factor, Numeric, Scale, Variables};

/// A suggested typical story.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub story_id: String,
    /// Which part of the pattern it shows, e.g. "'Gevolgen: zeer negatief'".
    pub group: Text,
    /// A sentence from the story, word for word: the quote to start from.
    pub quote: String,
}

/// The sentences of a text (ending at `.`, `!` or `?` followed by a space or the end).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = matches!(c, '.' | '!' | '?')
            && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if ends {
            let end = i + c.len_utf8();
            let s = text[start..end].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// A quote of at most [`MAX_QUOTE`] characters, cut at a word.
fn short(sentence: &str) -> String {
    if sentence.chars().count() <= MAX_QUOTE {
        return sentence.to_string();
    }
    let mut out = String::new();
    for word in sentence.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > MAX_QUOTE * 3 / 4 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The words of a text, lower case, as the key-word family counts them.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Words too common to tell what a sentence is about, and the words of the suggestion labels
/// themselves ("richting", "hoogste", …).
const NOT_A_THEME: [&str; 44] = [
    "richting",
    "towards",
    "zeker",
    "definitely",
    "niet",
    "hoogste",
    "laagste",
    "highest",
    "lowest",
    "gemiddelde",
    "mean",
    "mediaan",
    "median",
    "rond",
    "around",
    "voor",
    "door",
    "over",
    "naar",
    "deze",
    "with",
    "that",
    "were",
    "what",
    "your",
    "jouw",
    "zijn",
    "werd",
    "wordt",
    "heeft",
    "hebben",
    "meer",
    "minder",
    "andere",
    "other",
    "more",
    "less",
    "very",
    "heel",
    "zeer",
    "echt",
    "verteller",
    "teller",
    "role",
];

/// The stems of the words a pattern is about: its questions' labels and the part a suggestion
/// shows. A stem is a word's start (all but its last two letters, at least four), so that
/// "voelen", "voelde" and "voelden" meet.
fn theme_stems(texts: &[&Text]) -> Vec<String> {
    let mut stems: Vec<String> = texts
        .iter()
        .flat_map(|t| [t.nl.as_str(), t.en.as_str()])
        .flat_map(words)
        .filter(|w| w.chars().count() >= 4 && !NOT_A_THEME.contains(&w.as_str()))
        .map(|w| {
            let keep = w.chars().count().saturating_sub(2).max(4);
            w.chars().take(keep).collect()
        })
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

/// How many of `stems` a sentence uses.
fn theme_hits(sentence: &str, stems: &[String]) -> usize {
    let used: Vec<String> = words(sentence).collect();
    stems
        .iter()
        .filter(|stem| used.iter().any(|w| w.starts_with(stem.as_str())))
        .count()
}

/// The quote of a story that carries the theme: its sentence with most of `stems` (the first
/// of equals), joined by the next sentence when it is short and both fit; the first sentence
/// when none carries the theme.
fn themed_quote(body: &str, stems: &[String]) -> String {
    let all = sentences(body);
    let best = all
        .iter()
        .enumerate()
        .map(|(i, s)| (theme_hits(s, stems), i))
        .filter(|(hits, _)| *hits > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let Some((_, i)) = best else {
        return first_sentence(body);
    };
    let sentence = all[i];
    if sentence.split_whitespace().count() < 8 {
        if let Some(next) = all.get(i + 1) {
            let both = format!("{sentence} {next}");
            if both.chars().count() <= MAX_QUOTE && body.contains(&both) {
                return both;
            }
        }
    }
    short(sentence)
}

/// How far a story's length is from readable (0 for 25–250 words).
fn length_penalty(body: &str) -> usize {
    let n = body.split_whitespace().count();
    if n < 25 {
        25 - n
    } else {
        n.saturating_sub(250) / 10
    }
}

/// The stories of the selection as the suggestions see them.
struct Stories<'a> {
    ids: Vec<Option<String>>,
    bodies: &'a [String],
    skip: &'a [String],
    /// The labels of the pattern's questions: what its stories are about.
    labels: &'a [Text],
    /// Quotes already suggested (normalised), so none is offered twice.
    quoted: std::cell::RefCell<Vec<String>>,
}

/// A quote as compared for repeats: lower case, single spaces, no end punctuation.
fn normalised(quote: &str) -> String {
    quote
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_end_matches(['.', '!', '?'])
        .to_string()
}

impl Stories<'_> {
    fn usable(&self, i: usize) -> bool {
        !self.bodies[i].trim().is_empty()
            && self.ids[i]
                .as_ref()
                .is_some_and(|id| !self.skip.contains(id))
    }

    /// The best `n` of `candidates` (story index, how far from typical), each with its quote:
    /// `quote` when given, else the sentence that carries the pattern. A story whose quote was
    /// suggested before is passed over.
    fn best(
        &self,
        mut candidates: Vec<(usize, f64)>,
        n: usize,
        group: &Text,
        quote: Option<&dyn Fn(&str) -> String>,
    ) -> Vec<Suggestion> {
        candidates.retain(|&(i, _)| self.usable(i));
        if n == 0 {
            return Vec::new();
        }
        // Only stories about as close as the closest few can be among the best n: the rest are
        // left before the texts are read (a million stories would otherwise be sorted whole).
        // A few more than n are kept, for the stories whose quote repeats another's.
        let keep = n * 8;
        if candidates.len() > keep {
            let (_, nth, _) =
                candidates.select_nth_unstable_by(keep - 1, |a, b| a.1.total_cmp(&b.1));
            let limit = nth.1;
            candidates.retain(|c| c.1.total_cmp(&limit).is_le());
        }
        // Many equally close stories (all of a table's cell): the texts of at most this many
        // are read, the first by story id.
        const READ_AT_MOST: usize = 2000;
        if candidates.len() > READ_AT_MOST {
            let ids = &self.ids;
            candidates.select_nth_unstable_by(READ_AT_MOST - 1, |a, b| {
                a.1.total_cmp(&b.1).then(ids[a.0].cmp(&ids[b.0]))
            });
            candidates.truncate(READ_AT_MOST);
        }
        let mut labels: Vec<&Text> = self.labels.iter().collect();
        labels.push(group);
        let stems = theme_stems(&labels);
        // How far from typical, how much of the theme it carries (most first), how far its
        // length is from readable, its id, its index.
        type Key<'k> = (
            f64,
            std::cmp::Reverse<usize>,
            usize,
            &'k Option<String>,
            usize,
        );
        let mut keyed: Vec<Key> = candidates
            .iter()
            .map(|&(i, distance)| {
                let body = &self.bodies[i];
                let hits = sentences(body)
                    .iter()
                    .map(|s| theme_hits(s, &stems))
                    .max()
                    .unwrap_or(0);
                (
                    distance,
                    std::cmp::Reverse(hits),
                    length_penalty(body),
                    &self.ids[i],
                    i,
                )
            })
            .collect();
        keyed.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(a.1.cmp(&b.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(b.3))
        });
        let mut out = Vec::new();
        for (_, _, _, _, i) in keyed {
            if out.len() == n {
                break;
            }
            let body = &self.bodies[i];
            let text = match quote {
                Some(quote) => quote(body),
                None => themed_quote(body, &stems),
            };
            let key = normalised(&text);
            if key.is_empty() || self.quoted.borrow().contains(&key) {
                continue;
            }
            self.quoted.borrow_mut().push(key);
            out.push(Suggestion {
                story_id: self.ids[i].clone().unwrap_or_default(),
                group: group.clone(),
                quote: text,
            });
        }
        out
    }
}

fn first_sentence(body: &str) -> String {
    sentences(body)
        .first()
        .map(|s| short(s))
        .unwrap_or_default()
}

fn value(n: &Numeric, i: usize) -> Option<f64> {
    let c = n.codes[i];
    (c != MISSING).then(|| n.values[c as usize])
}

/// The median and quartiles of the values present.
fn quartiles(values: &mut [f64]) -> Option<(f64, f64, f64)> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    Some((at(0.25), at(0.5), at(0.75)))
}

/// "Gehoord voelen: richting 'Zeker wel'" for the high (or low) end of a numeric answer.
fn end(n: &Numeric, high: bool) -> Text {
    let pole = match &n.scale {
        Scale::Slider { left, right } => {
            if high {
                right.clone()
            } else {
                left.clone()
            }
        }
        Scale::Ordinal { options } => {
            let o = if high {
                options.last()
            } else {
                options.first()
            };
            o.cloned().unwrap_or_default()
        }
        Scale::Days => {
            if high {
                Text::new("laat", "late")
            } else {
                Text::new("vroeg", "early")
            }
        }
    };
    Text::new(
        format!("{}: richting '{}'", n.label.nl, pole.nl),
        format!("{}: towards '{}'", n.label.en, pole.en),
    )
}

fn join(a: &Text, b: &Text) -> Text {
    Text::new(
        format!("{} · {}", a.nl, b.nl),
        format!("{} · {}", a.en, b.en),
    )
}

/// Up to `per_group` typical stories for each part of `pattern` the family has, leaving out the
/// stories in `skip` (already on the card). `data` and `variables` are the evaluation's
/// selection.
pub fn typical_stories(
    pattern: &Pattern,
    data: &Dataset,
    variables: &Variables,
    subgroup: Option<&Subgroup>,
    per_group: usize,
    skip: &[String],
) -> Result<Vec<Suggestion>, DatasetError> {
    let stories = Stories {
        ids: data.strings(story_columns::ID)?,
        bodies: &variables.bodies,
        skip,
        labels: &pattern.labels,
        quoted: std::cell::RefCell::new(Vec::new()),
    };
    let numeric = |q: &str| {
        std::iter::once(&variables.date)
            .chain(&variables.numerics)
            .find(|n| n.question == q)
    };
    let sub = subgroup.map(subgroup_factor);
    let factor = |key: &str| {
        variables
            .factors
            .iter()
            .chain(variables.triads.iter().map(|t| &t.zones))
            .chain(sub.as_ref())
            .find(|f| f.key() == key)
    };
    let q = |i: usize| pattern.questions.get(i).map(String::as_str).unwrap_or("");
    let all = 0..variables.stories;
    let out = match pattern.family {
        Family::NumericByGroup
        | Family::ChoiceByChoice
        | Family::Triad
        | Family::Subgroup
        | Family::OverTime
            if pattern.table.is_some() =>
        {
            let (Some(rows), Some(columns), Some(table)) =
                (factor(q(0)), factor(q(1)), pattern.table.as_ref())
            else {
                return Ok(Vec::new());
            };
            by_cell(pattern, rows, columns, table, &stories, per_group)
        }
        Family::NumericByGroup | Family::Subgroup | Family::OverTime
            if numeric(q(0)).is_some() && factor(q(1)).is_some() =>
        {
            let (Some(num), Some(fac)) = (numeric(q(0)), factor(q(1))) else {
                return Ok(Vec::new());
            };
            by_group(pattern, num, fac, &stories, per_group)
        }
        Family::NumericByNumeric | Family::OverTime => {
            let (Some(x), Some(y)) = (numeric(q(0)), numeric(q(1))) else {
                return Ok(Vec::new());
            };
            let Some(direction) = pattern.effect.as_ref().map(|e| e.value) else {
                return Ok(Vec::new());
            };
            let pairs: Vec<(usize, f64, f64)> = all
                .filter_map(|i| Some((i, value(x, i)?, value(y, i)?)))
                .collect();
            let mut xs: Vec<f64> = pairs.iter().map(|p| p.1).collect();
            let mut ys: Vec<f64> = pairs.iter().map(|p| p.2).collect();
            let (Some((x1, xm, x3)), Some((y1, ym, y3))) = (quartiles(&mut xs), quartiles(&mut ys))
            else {
                return Ok(Vec::new());
            };
            let spread = |lo: f64, hi: f64| (hi - lo).max(1e-9);
            let (sx, sy) = (
                spread(xs[0], xs[xs.len() - 1]),
                spread(ys[0], ys[ys.len() - 1]),
            );
            let ends = if direction >= 0.0 {
                [(true, true), (false, false)]
            } else {
                [(true, false), (false, true)]
            };
            let mut out = Vec::new();
            for (x_high, y_high) in ends {
                let (tx, ty) = (if x_high { x3 } else { x1 }, if y_high { y3 } else { y1 });
                let candidates = pairs
                    .iter()
                    .filter(|&&(_, vx, vy)| {
                        (vx >= xm) == x_high && (vy >= ym) == y_high && vx != xm && vy != ym
                    })
                    .map(|&(i, vx, vy)| (i, (vx - tx).abs() / sx + (vy - ty).abs() / sy))
                    .collect();
                let group = join(&end(x, x_high), &end(y, y_high));
                out.extend(stories.best(candidates, per_group, &group, None));
            }
            out
        }
        Family::Univariate => {
            if let Some(num) = numeric(q(0)) {
                let mut present: Vec<f64> = all.clone().filter_map(|i| value(num, i)).collect();
                let Some((_, median, _)) = quartiles(&mut present) else {
                    return Ok(Vec::new());
                };
                let candidates = all
                    .filter_map(|i| Some((i, (value(num, i)? - median).abs())))
                    .collect();
                let group = Text::new(
                    format!("{}: rond de mediaan", num.label.nl),
                    format!("{}: around the median", num.label.en),
                );
                stories.best(candidates, per_group, &group, None)
            } else if let Some(fac) = factor(q(0)) {
                let counts = fac.counts();
                let Some(level) = (0..counts.len()).max_by_key(|&l| (counts[l], usize::MAX - l))
                else {
                    return Ok(Vec::new());
                };
                let candidates = all
                    .filter(|&i| fac.codes[i] == level as u32)
                    .map(|i| (i, 0.0))
                    .collect();
                let group = crate::families::level_phrase(fac, level);
                stories.best(candidates, per_group, &group, None)
            } else {
                Vec::new()
            }
        }
        Family::Words => {
            let (Some(word), Some(group)) = (pattern.word.as_deref(), pattern.groups.first())
            else {
                return Ok(Vec::new());
            };
            // The group: a level of a factor (`@rol=jongere`), or the subgroup itself.
            let subgroup_key = sub
                .as_ref()
                .filter(|f| f.question == format!("@subgroep:{}", q(0)));
            let found = match subgroup_key {
                Some(f) => Some((f, 0)),
                None => q(0).split_once('=').and_then(|(key, level_id)| {
                    let f = factor(key)?;
                    let level = f.level_ids.iter().position(|l| l == level_id)?;
                    Some((f, level as u32))
                }),
            };
            let Some((fac, level)) = found else {
                return Ok(Vec::new());
            };
            let candidates = all
                .filter(|&i| fac.codes[i] == level)
                .filter_map(|i| {
                    let uses = words(&stories.bodies[i]).filter(|w| w == word).count();
                    (uses > 0).then_some((i, -(uses as f64)))
                })
                .collect();
            let label = Text::new(
                format!("'{word}' bij {}", group.label.nl),
                format!("'{word}' in {}", group.label.en),
            );
            let quote = |body: &str| {
                sentences(body)
                    .into_iter()
                    .find(|s| words(s).any(|w| w == word))
                    .map(short)
                    .unwrap_or_else(|| first_sentence(body))
            };
            stories.best(candidates, per_group, &label, Some(&quote))
        }
        _ => Vec::new(),
    };
    Ok(out)
}

/// A table (two choices, a triad's zones, the subgroup against the rest): the stories of the two
/// cells that stand out most above what no relationship would give (the largest adjusted
/// residuals), in different rows.
fn by_cell(
    pattern: &Pattern,
    rows: &Factor,
    columns: &Factor,
    table: &crate::pattern::Table,
    stories: &Stories,
    per_group: usize,
) -> Vec<Suggestion> {
    let width = table.columns.len().max(1);
    let mut cells: Vec<(usize, f64)> = table
        .residuals
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, r)| r.is_finite() && *r > 0.0)
        .collect();
    cells.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = Vec::new();
    let mut rows_used = Vec::new();
    for (cell, _) in cells {
        let (r, c) = (cell / width, cell % width);
        if rows_used.contains(&r) || rows_used.len() == 2 {
            continue;
        }
        let row_level = pattern
            .groups
            .get(r)
            .and_then(|g| rows.level_ids.iter().position(|l| *l == g.id));
        let column_level = table
            .columns
            .get(c)
            .and_then(|label| columns.levels.iter().position(|l| l == label));
        let (Some(row_level), Some(column_level)) = (row_level, column_level) else {
            continue;
        };
        rows_used.push(r);
        let candidates = (0..rows.codes.len())
            .filter(|&i| {
                rows.codes[i] == row_level as u32 && columns.codes[i] == column_level as u32
            })
            .map(|i| (i, 0.0))
            .collect();
        let group = join(
            &crate::families::level_phrase(rows, row_level),
            &crate::families::level_phrase(columns, column_level),
        );
        out.extend(stories.best(candidates, per_group, &group, None));
    }
    out
}

/// A slider or scale per group: the groups with the highest and the lowest mean.
fn by_group(
    pattern: &Pattern,
    num: &Numeric,
    fac: &Factor,
    stories: &Stories,
    per_group: usize,
) -> Vec<Suggestion> {
    let with_stats: Vec<_> = pattern
        .groups
        .iter()
        .filter_map(|g| Some((g, g.stats.as_ref()?)))
        .collect();
    let highest = with_stats
        .iter()
        .max_by(|a, b| a.1.mean.total_cmp(&b.1.mean));
    let lowest = with_stats
        .iter()
        .min_by(|a, b| a.1.mean.total_cmp(&b.1.mean));
    let mut chosen: Vec<(&crate::pattern::Group, f64, bool)> = Vec::new();
    for ((g, stats), highest) in [(highest, true), (lowest, false)]
        .into_iter()
        .filter_map(|(g, h)| Some((g?, h)))
    {
        if !chosen.iter().any(|(c, _, _)| c.id == g.id) {
            chosen.push((*g, stats.median, highest));
        }
    }
    let mut out = Vec::new();
    for (g, median, highest) in chosen {
        let Some(level) = fac.level_ids.iter().position(|l| *l == g.id) else {
            continue;
        };
        let candidates = (0..fac.codes.len())
            .filter(|&i| fac.codes[i] == level as u32)
            .filter_map(|i| Some((i, (value(num, i)? - median).abs())))
            .collect();
        let phrase = crate::families::level_phrase(fac, level);
        let (nl, en) = if highest {
            ("hoogste", "highest")
        } else {
            ("laagste", "lowest")
        };
        let group = Text::new(
            format!("{} ({nl} gemiddelde '{}')", phrase.nl, num.label.nl),
            format!("{} ({en} mean '{}')", phrase.en, num.label.en),
        );
        out.extend(stories.best(candidates, per_group, &group, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_a_stop_followed_by_a_space() {
        assert_eq!(
            sentences("Het duurde 2.5 maand. Toen belde ze! Eindelijk?Ja"),
            vec!["Het duurde 2.5 maand.", "Toen belde ze!", "Eindelijk?Ja"]
        );
        let long = "woord ".repeat(200);
        let quote = short(long.trim());
        assert!(quote.chars().count() <= MAX_QUOTE);
        assert!(long.contains(&quote));
    }

    #[test]
    fn the_quote_is_the_sentence_that_carries_the_pattern() {
        let feeling_heard = [Text::new("Gehoord voelen", "Feeling heard")];
        let group = Text::new("Gehoord voelen: richting 'Zeker niet'", "Feeling heard");
        let labels: Vec<&Text> = feeling_heard.iter().chain([&group]).collect();
        let stems = theme_stems(&labels);
        let body = "Als moeder van drie kinderen zocht ik hulp bij het wijkteam. \
                    Er kwam een gesprek na zes weken. Ik voelde me daar niet gehoord. \
                    Daarna ging het beter.";
        assert_eq!(
            themed_quote(body, &stems),
            "Ik voelde me daar niet gehoord. Daarna ging het beter."
        );
        // No sentence about the theme: the first sentence.
        assert_eq!(
            themed_quote("Het was slecht. Echt.", &stems),
            "Het was slecht."
        );
    }

    #[test]
    fn the_same_quote_is_never_suggested_twice() {
        let bodies: Vec<String> = [
            "Ik voelde me gehoord.",
            "Ik voelde me gehoord.",
            "Ik voelde me  gehoord",
            "De begeleider heeft me gehoord en dat hielp.",
        ]
        .iter()
        .map(|b| b.to_string())
        .collect();
        let labels = [Text::new("Gehoord voelen", "Feeling heard")];
        let stories = Stories {
            ids: (0..4).map(|i| Some(format!("s{i}"))).collect(),
            bodies: &bodies,
            skip: &[],
            labels: &labels,
            quoted: std::cell::RefCell::new(Vec::new()),
        };
        let group = Text::new("groep", "group");
        let candidates = (0..4).map(|i| (i, 0.0)).collect();
        let picked = stories.best(candidates, 3, &group, None);
        let quotes: Vec<&str> = picked.iter().map(|s| s.quote.as_str()).collect();
        assert_eq!(
            quotes,
            [
                "Ik voelde me gehoord.",
                "De begeleider heeft me gehoord en dat hielp."
            ]
        );
    }
}
