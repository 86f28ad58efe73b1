//! Words: which words a group of stories uses distinctly more (or less) than the other stories
//! of the selection (log-likelihood keyness, Dutch and English stop words left out).

use std::collections::HashMap;

use vertelpunt_model::Text;

use super::effect;
use crate::pattern::{Family, Group, Pattern};
use crate::preset::Preset;
use crate::stats::log_likelihood;

/// Function words of Dutch and English that say nothing about an experience.
const STOP_WORDS: &str = include_str!("stop_words.txt");

/// The stories' words, tokenised once for every group.
pub struct Corpus {
    words: Vec<String>,
    /// Word ids of every story, concatenated; story `i` is `tokens[offsets[i]..offsets[i + 1]]`.
    tokens: Vec<u32>,
    offsets: Vec<usize>,
}

impl Corpus {
    /// Lower-cased runs of letters (and digits inside words), at least two characters, without
    /// stop words and numbers.
    pub fn new(bodies: &[String]) -> Corpus {
        let stop: std::collections::HashSet<&str> = STOP_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut words = Vec::new();
        let mut tokens = Vec::new();
        let mut offsets = vec![0];
        let mut current = String::new();
        for body in bodies {
            for piece in body.split(|c: char| !c.is_alphanumeric()) {
                if piece.chars().count() < 2 || piece.chars().all(|c| c.is_numeric()) {
                    continue;
                }
                current.clear();
                current.extend(piece.chars().flat_map(char::to_lowercase));
                if stop.contains(current.as_str()) {
                    continue;
                }
                let id = match ids.get(current.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = words.len() as u32;
                        words.push(current.clone());
                        ids.insert(current.clone(), id);
                        id
                    }
                };
                tokens.push(id);
            }
            offsets.push(tokens.len());
        }
        Corpus {
            words,
            tokens,
            offsets,
        }
    }

    fn story(&self, i: usize) -> &[u32] {
        &self.tokens[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Occurrences of every word over all stories.
    pub fn totals(&self) -> Vec<u64> {
        let mut counts = vec![0u64; self.words.len()];
        for &t in &self.tokens {
            counts[t as usize] += 1;
        }
        counts
    }
}

/// A group of stories to look for key words in.
pub struct WordGroup {
    /// The key of the variable that defines it, e.g. `@rol=jongere` or `gevolgen=zeer_negatief`.
    pub key: String,
    pub label: Text,
    pub members: Vec<bool>,
}

/// The key words of `group` against the rest: one pattern per word that the group uses often
/// enough to test.
pub fn key_words(
    corpus: &Corpus,
    totals: &[u64],
    group: &WordGroup,
    preset: &Preset,
) -> Vec<Pattern> {
    let mut in_group = vec![0u64; corpus.words.len()];
    let mut stories_with = vec![0u64; corpus.words.len()];
    let mut last_story = vec![usize::MAX; corpus.words.len()];
    let mut stories = 0u64;
    for (i, _) in group.members.iter().enumerate().filter(|(_, &m)| m) {
        stories += 1;
        for &t in corpus.story(i) {
            let t = t as usize;
            in_group[t] += 1;
            if last_story[t] != i {
                last_story[t] = i;
                stories_with[t] += 1;
            }
        }
    }
    if stories < preset.min_group_size {
        return Vec::new();
    }
    let group_total: u64 = in_group.iter().sum();
    let all_total: u64 = totals.iter().sum();
    let rest_total = all_total - group_total;
    let rest_stories = group.members.len() as u64 - stories;
    if group_total == 0 || rest_total == 0 || rest_stories < preset.min_group_size {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (w, word) in corpus.words.iter().enumerate() {
        if in_group[w] < preset.words_min_count || stories_with[w] < preset.words_min_stories {
            continue;
        }
        let rest = totals[w] - in_group[w];
        let k = log_likelihood(in_group[w], rest, group_total, rest_total);
        let mut p = Pattern::new(
            Family::Words,
            vec![group.key.clone()],
            vec![group.label.clone()],
        );
        p.id = format!("words:{}|{word}", group.key);
        p.word = Some(word.clone());
        p.n = stories;
        p.groups = vec![
            Group {
                id: group.key.clone(),
                label: group.label.clone(),
                n: stories,
                stats: None,
                centre: None,
            },
            Group {
                id: "rest".into(),
                label: Text::new("de andere verhalen", "the other stories"),
                n: rest_stories,
                stats: None,
                centre: None,
            },
        ];
        p.test = Some("log_likelihood".into());
        p.statistic = Some(k.g2);
        p.df = Some(1.0);
        p.p = Some(k.p);
        p.effect = Some(effect("log_ratio", k.log_ratio, &preset.effect.log_ratio));
        let per = |count: u64, total: u64| format!("{:.1}", count as f64 * 10_000.0 / total as f64);
        let (a, b) = (per(in_group[w], group_total), per(rest, rest_total));
        let (more_nl, more_en) = if k.log_ratio >= 0.0 {
            ("vaker", "more often")
        } else {
            ("minder vaak", "less often")
        };
        p.description = Text::new(
            format!(
                "In verhalen met {} komt het woord '{word}' {more_nl} voor dan in de andere verhalen ({} tegen {} keer per 10.000 woorden).",
                group.label.nl,
                a.replace('.', ","),
                b.replace('.', ",")
            ),
            format!(
                "Stories with {} use the word '{word}' {more_en} than the other stories ({a} against {b} times per 10,000 words).",
                group.label.en
            ),
        );
        out.push(p);
    }
    out
}
