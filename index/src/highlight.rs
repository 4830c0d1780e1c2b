//! Marks the words of a part name that the query matched. Done on the stored
//! name with the query's own terms, so it costs microseconds per hit.

use std::collections::{HashMap, HashSet};

use crate::request::Segment;

/// What counts as a match.
#[derive(Debug, Default)]
pub struct Highlighter {
    /// Lower-case words matched as they are (synonym words included).
    pub exact: HashSet<String>,
    /// Stems matched.
    pub stems: HashSet<String>,
    /// Unknown query words and the edit distance they tolerate.
    pub fuzzy: Vec<(String, usize)>,
    /// Lower-case words already judged: the names on one page share most
    /// of their words, and stemming each again was 8% of a page at 100k.
    seen: HashMap<String, bool>,
}

impl Highlighter {
    /// Whether the lower-case `word` matches the query.
    fn matches(&mut self, word: &str, stem: &mut impl FnMut(&str) -> String) -> bool {
        if let Some(&m) = self.seen.get(word) {
            return m;
        }
        let m = self.exact.contains(word)
            || self.stems.contains(&stem(word))
            || self.fuzzy.iter().any(|(f, d)| within(word, f, *d));
        self.seen.insert(word.to_string(), m);
        m
    }
}

/// Levenshtein distance (with adjacent transpositions counting one), on chars.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

/// Whether two words are within `d` edits.
pub fn within(a: &str, b: &str, d: usize) -> bool {
    a.chars().count().abs_diff(b.chars().count()) <= d && distance(a, b) <= d
}

/// Splits `text` into pieces, marking words that match.
pub fn highlight(
    text: &str,
    h: &mut Highlighter,
    mut stem: impl FnMut(&str) -> String,
) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |s: &str, mark: bool| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.mark == mark => last.text.push_str(s),
            _ => out.push(Segment {
                text: s.to_string(),
                mark,
            }),
        }
    };
    let mut start = None;
    let mut last_end = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (idx, &(pos, c)) in chars.iter().enumerate() {
        let is_word = c.is_alphanumeric();
        if is_word && start.is_none() {
            push(&text[last_end..pos], false);
            start = Some(pos);
        }
        let at_end = idx + 1 == chars.len();
        if let Some(s) = start
            && (!is_word || at_end)
        {
            let end = if is_word { text.len() } else { pos };
            let word = &text[s..end];
            let mark = h.matches(&word.to_lowercase(), &mut stem);
            push(word, mark);
            start = None;
            last_end = end;
        }
    }
    push(&text[last_end..], false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("sensr", "sensor"), 1);
        assert_eq!(distance("trasducer", "transducer"), 1);
        assert_eq!(distance("ventilater", "ventilator"), 1);
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn marks_matching_words_only() {
        let mut h = Highlighter::default();
        h.exact.insert("spo2".into());
        h.fuzzy.push(("sensr".into(), 1));
        let segs = highlight("SpO2 Sensor, adult", &mut h, |w| w.to_string());
        let marked: Vec<_> = segs
            .iter()
            .filter(|s| s.mark)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, vec!["SpO2", "Sensor"]);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, "SpO2 Sensor, adult");
    }
}
