//! The domain synonym table.
//!
//! Each group has one canonical token. At index time the canonical token of
//! every phrase found in a part's text is appended to it; at query time a
//! phrase is replaced by its canonical token. So "pulse oximetry sensor" and
//! "SpO2 sensor" search the same thing, with one term lookup per group.

use std::collections::HashMap;

/// One synonym group: the canonical token and the phrases (as lower-case word
/// sequences) that mean the same thing.
pub struct SynonymGroup {
    /// The single token both sides are mapped to.
    pub canonical: &'static str,
    /// Phrases of the group, words separated by one space.
    pub phrases: &'static [&'static str],
}

/// The synonym table. Phrases are matched on whole words after lower-casing
/// and splitting on punctuation, so "X-Ray" is the phrase "x ray".
pub const SYNONYMS: &[SynonymGroup] = &[
    SynonymGroup {
        canonical: "xray",
        phrases: &[
            "x ray",
            "xray",
            "radiography",
            "radiographic",
            "radiograph",
            "roentgen",
        ],
    },
    SynonymGroup {
        canonical: "probe",
        phrases: &["probe", "probes", "transducer", "transducers"],
    },
    SynonymGroup {
        canonical: "spo2",
        phrases: &[
            "spo2",
            "sp o2",
            "pulse oximetry",
            "pulse oximeter",
            "pulse ox",
            "oximeter",
            "oximetry",
        ],
    },
    SynonymGroup {
        canonical: "nibp",
        phrases: &[
            "nibp",
            "blood pressure cuff",
            "bp cuff",
            "non invasive blood pressure",
            "blood pressure",
        ],
    },
    SynonymGroup {
        canonical: "ecg",
        phrases: &[
            "ecg",
            "ekg",
            "electrocardiogram",
            "electrocardiograph",
            "electrocardiography",
        ],
    },
    SynonymGroup {
        canonical: "psu",
        phrases: &["psu", "power supply", "power supply unit", "smps"],
    },
    SynonymGroup {
        canonical: "ct",
        phrases: &["ct", "computed tomography", "cat scan", "ct scanner"],
    },
    SynonymGroup {
        canonical: "mri",
        phrases: &["mri", "magnetic resonance", "mr scanner"],
    },
    SynonymGroup {
        canonical: "ultrasound",
        phrases: &[
            "ultrasound",
            "sonography",
            "usg",
            "ultrasonography",
            "sonography",
        ],
    },
    SynonymGroup {
        canonical: "ventilator",
        phrases: &["ventilator", "ventilators", "respirator"],
    },
    SynonymGroup {
        canonical: "defibrillator",
        phrases: &["defibrillator", "defib", "aed"],
    },
    SynonymGroup {
        canonical: "mammography",
        phrases: &["mammography", "mammo", "mammogram"],
    },
    SynonymGroup {
        canonical: "carm",
        phrases: &["c arm", "carm"],
    },
    SynonymGroup {
        canonical: "anaesthesia",
        phrases: &["anaesthesia", "anesthesia", "anaesthetic", "anesthetic"],
    },
    SynonymGroup {
        canonical: "dialysis",
        phrases: &["dialysis", "haemodialysis", "hemodialysis"],
    },
    SynonymGroup {
        canonical: "pcb",
        phrases: &["pcb", "pcba", "circuit board", "board"],
    },
    SynonymGroup {
        canonical: "lcd",
        phrases: &["lcd", "display", "screen", "monitor screen"],
    },
    SynonymGroup {
        canonical: "battery",
        phrases: &["battery", "batteries", "batt", "accumulator"],
    },
    SynonymGroup {
        canonical: "leadwire",
        phrases: &["lead wire", "leadwire", "lead set", "leadset"],
    },
    SynonymGroup {
        canonical: "co2",
        phrases: &["co2", "capnography", "etco2"],
    },
];

/// The synonym table indexed by each phrase's first word, so matching at a
/// position costs one hash lookup and a few slice comparisons, with no
/// allocation (it runs over every word of every part at index time).
pub struct SynonymTable {
    by_first: HashMap<&'static str, Vec<(Vec<&'static str>, &'static SynonymGroup)>>,
}

impl SynonymTable {
    /// Builds the lookup from [`SYNONYMS`].
    pub fn new() -> SynonymTable {
        let mut by_first: HashMap<&'static str, Vec<(Vec<&'static str>, &'static SynonymGroup)>> =
            HashMap::new();
        for group in SYNONYMS {
            for phrase in group.phrases {
                let words: Vec<&'static str> = phrase.split(' ').collect();
                by_first.entry(words[0]).or_default().push((words, group));
            }
        }
        // Longest phrase first, so "power supply unit" wins over "power supply".
        for v in by_first.values_mut() {
            v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        SynonymTable { by_first }
    }

    fn group_at(&self, words: &[String], start: usize) -> Option<(usize, &'static SynonymGroup)> {
        let candidates = self.by_first.get(words[start].as_str())?;
        let rest = &words[start..];
        candidates
            .iter()
            .find(|(phrase, _)| {
                phrase.len() <= rest.len() && phrase.iter().zip(rest).all(|(p, w)| *p == w.as_str())
            })
            .map(|(phrase, group)| (phrase.len(), *group))
    }

    /// The canonical tokens of every synonym phrase found in `words`, once
    /// each. Appended to a part's text at index time.
    pub fn canonical_tokens(&self, words: &[String]) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for start in 0..words.len() {
            if let Some((_, group)) = self.group_at(words, start)
                && !out.contains(&group.canonical)
            {
                out.push(group.canonical);
            }
        }
        out
    }

    /// Replaces synonym phrases in a query by their canonical token, longest
    /// phrase first.
    pub fn canonicalize_query(&self, words: &[String]) -> Vec<QueryWord> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            match self.group_at(words, i) {
                Some((len, group)) => {
                    out.push(QueryWord {
                        text: group.canonical.to_string(),
                        group: Some(group.canonical),
                    });
                    i += len;
                }
                None => {
                    out.push(QueryWord {
                        text: words[i].clone(),
                        group: None,
                    });
                    i += 1;
                }
            }
        }
        out
    }
}

impl Default for SynonymTable {
    fn default() -> Self {
        Self::new()
    }
}

/// A query word after synonym mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The word to search for (a canonical token when `group` is set).
    pub text: String,
    /// The synonym group the word came from, if any.
    pub group: Option<&'static str>,
}

/// Every single word that belongs to a group, for highlighting.
pub fn group_words(canonical: &str) -> impl Iterator<Item = &'static str> {
    SYNONYMS
        .iter()
        .filter(move |g| g.canonical == canonical)
        .flat_map(|g| g.phrases.iter().flat_map(|p| p.split(' ')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::words;

    fn canonical_tokens(w: &[String]) -> Vec<&'static str> {
        SynonymTable::new().canonical_tokens(w)
    }

    fn canonicalize_query(w: &[String]) -> Vec<QueryWord> {
        SynonymTable::new().canonicalize_query(w)
    }

    #[test]
    fn index_side_appends_canonical_tokens() {
        assert_eq!(
            canonical_tokens(&words("Pulse Oximetry finger sensor")),
            vec!["spo2"]
        );
        assert_eq!(canonical_tokens(&words("X-Ray tube housing")), vec!["xray"]);
        assert_eq!(
            canonical_tokens(&words("Linear Transducer, EKG lead")),
            vec!["probe", "ecg"]
        );
        assert!(canonical_tokens(&words("head coil")).is_empty());
    }

    #[test]
    fn query_side_maps_phrases_to_one_token() {
        let q = canonicalize_query(&words("blood pressure cuff adult"));
        assert_eq!(q[0].text, "nibp");
        assert_eq!(q[1].text, "adult");
        let q = canonicalize_query(&words("x-ray tube"));
        assert_eq!(
            q.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            vec!["xray", "tube"]
        );
        let q = canonicalize_query(&words("PSU"));
        assert_eq!(q[0].text, "psu");
        let q = canonicalize_query(&words("power supply"));
        assert_eq!(q[0].text, "psu");
    }

    #[test]
    fn highlight_words_of_group() {
        let w: Vec<_> = group_words("probe").collect();
        assert!(w.contains(&"transducer"));
    }
}
