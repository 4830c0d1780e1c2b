//! Autocomplete over equipment models for the part form's compatibility
//! picker. Resolving a typed name to one model, and the closest names when
//! none matches, is [`super::catalog_import::ModelMatcher`]'s job, shared
//! with spreadsheet imports so both accept the same names.

use super::catalog_import::{KnownModel, key};

/// Models whose label or an alias contains every word of `q`, those whose
/// label or name starts with `q` first, then by label; at most `limit`.
pub fn suggest<'a>(q: &str, models: &'a [KnownModel], limit: usize) -> Vec<&'a KnownModel> {
    let words: Vec<String> = q
        .split_whitespace()
        .map(key)
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let whole = key(q);
    let mut hits: Vec<(u8, String, &KnownModel)> = models
        .iter()
        .filter_map(|m| {
            let label = m.label();
            let mut hay = key(&label);
            for a in &m.aliases {
                hay.push(' ');
                hay.push_str(&key(a));
            }
            if !words.iter().all(|w| hay.contains(w.as_str())) {
                return None;
            }
            let prefix = key(&label).starts_with(&whole) || key(&m.name).starts_with(&whole);
            Some((u8::from(!prefix), label, m))
        })
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    hits.into_iter().take(limit).map(|(_, _, m)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn models() -> Vec<KnownModel> {
        let m = |id: &str, maker: &str, name: &str, aliases: &[&str]| KnownModel {
            id: id.into(),
            manufacturer: maker.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
        };
        vec![
            m("1", "GE HealthCare", "Signa Explorer", &["SignaExplorer"]),
            m("2", "GE HealthCare", "Signa Creator", &[]),
            m("3", "Philips", "IntelliVue MX450", &["MX450"]),
            m("4", "Mindray", "Vista 300", &[]),
            m("5", "Acme", "Vista 300", &[]),
        ]
    }

    fn labels(q: &str) -> Vec<String> {
        let ms = models();
        suggest(q, &ms, 10).iter().map(|m| m.label()).collect()
    }

    #[test]
    fn every_word_must_match_and_prefixes_come_first() {
        assert_eq!(
            labels("signa"),
            vec![
                "GE HealthCare Signa Creator",
                "GE HealthCare Signa Explorer"
            ]
        );
        assert_eq!(labels("ge expl"), vec!["GE HealthCare Signa Explorer"]);
        assert_eq!(labels("vista"), vec!["Acme Vista 300", "Mindray Vista 300"]);
        // An alias finds its model; a label prefix ranks before a match inside.
        assert_eq!(labels("mx450"), vec!["Philips IntelliVue MX450"]);
        assert_eq!(
            labels("philips"),
            vec!["Philips IntelliVue MX450".to_string()]
        );
        assert!(labels("  ").is_empty());
        assert!(labels("signa ultrasound").is_empty());
    }
}
