//! Words: which words a group of stories uses distinctly more (or less) than the other stories
//! of the selection (log-likelihood keyness, each story's language's stop words left out).

use std::collections::{HashMap, HashSet};

use vertelpunt_model::Text;

use super::effect;
use crate::pattern::{Family, Group, Pattern};
use crate::preset::Preset;
use crate::stats::log_likelihood;

/// Function words of Dutch and English that say nothing about an experience. Dutch and English
/// stories lose both: young Dutch tellers mix in English words.
const STOP_WORDS: &str = include_str!("stop_words.txt");

/// The stop words of a story in `language` (an ISO 639-1 code): Dutch and English together for
/// either; else the language's list from NLTK (Snowball), or from Stopwords ISO for a language
/// NLTK lacks (such as Czech); none for a language neither has.
fn stop_words(language: &str) -> HashSet<&'static str> {
    match language {
        "nl" | "en" | "" => STOP_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect(),
        other => stop_words::lookup(other)
            .unwrap_or_default()
            .iter()
            .copied()
            .collect(),
    }
}

/// The stories' words, tokenised once for every group.
pub struct Corpus {
    words: Vec<String>,
    /// Word ids of every story, concatenated; story `i` is `tokens[offsets[i]..offsets[i + 1]]`.
    tokens: Vec<u32>,
    offsets: Vec<usize>,
}

impl Corpus {
    /// Lower-cased runs of letters (and digits inside words), at least two characters, without
    /// numbers and the stop words of each story's language (`languages[i]` is story `i`'s).
    pub fn new(bodies: &[String], languages: &[String]) -> Corpus {
        let mut lists: HashMap<&str, HashSet<&'static str>> = HashMap::new();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut words = Vec::new();
        let mut tokens = Vec::new();
        let mut offsets = vec![0];
        let mut current = String::new();
        for (i, body) in bodies.iter().enumerate() {
            let language = languages.get(i).map(String::as_str).unwrap_or_default();
            let stop = lists
                .entry(language)
                .or_insert_with(|| stop_words(language));
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
        p.word_counts = Some([in_group[w], rest, group_total, rest_total]);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(body: &str, language: &str) -> Vec<String> {
        let corpus = Corpus::new(&[body.to_string()], &[language.to_string()]);
        corpus
            .story(0)
            .iter()
            .map(|&t| corpus.words[t as usize].clone())
            .collect()
    }

    #[test]
    fn each_story_loses_the_stop_words_of_its_own_language() {
        assert_eq!(
            words_of(
                "Ich bin zu der Schule gegangen, und die Lehrerin half mir",
                "de"
            ),
            ["schule", "gegangen", "lehrerin", "half"]
        );
        assert_eq!(
            words_of("Mi hanno aiutato con la scuola e la famiglia", "it"),
            ["aiutato", "scuola", "famiglia"]
        );
        // Czech has no NLTK list: Stopwords ISO's.
        assert_eq!(
            words_of("Pomohli mi a je to dobré", "cs"),
            ["pomohli", "dobré"]
        );
        // Dutch and English stories lose both languages' function words, as before.
        assert_eq!(
            words_of("Ik kreeg the help die ik nodig had", "nl"),
            ["kreeg", "help", "nodig"]
        );
    }
}
