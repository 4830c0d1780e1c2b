//! Turns raw counts into the facet groups a page shows.

use crate::collector::{Counts, LEAD_BUCKETS, PRICE_BUCKETS, Selections, WARRANTY_BUCKETS};
use crate::request::{FacetGroup, FacetValue};

const STRING_GROUPS: [(&str, &str); 6] = [
    ("modality", "Modality"),
    ("manufacturer", "Manufacturer"),
    ("category", "Category"),
    ("model", "Fits equipment"),
    ("seller", "Seller"),
    ("condition", "Condition"),
];

/// Most values shown per string facet (selected ones are always kept).
const MAX_VALUES: usize = 30;

fn rupees(v: u64) -> String {
    crate::format_inr_whole(v)
}

/// The groups in display order.
pub fn facet_groups(c: &Counts, sel: &Selections) -> Vec<FacetGroup> {
    let mut out = Vec::new();
    for (g, (key, label)) in STRING_GROUPS.iter().enumerate() {
        let selected = &sel.strings[g];
        let is_selected = |v: &str| selected.iter().any(|s| s == v);
        // Ranked before anything is copied: a broad query counts hundreds
        // of models, and only the first MAX_VALUES are shown.
        let mut ranked: Vec<(&str, u64, bool)> = c.strings[g]
            .iter()
            .map(|(v, n)| (v.as_ref(), *n, is_selected(v)))
            .collect();
        for s in selected {
            if !ranked.iter().any(|r| r.0 == s) {
                ranked.push((s.as_str(), 0, true));
            }
        }
        ranked.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
        if *key != "category" {
            let keep = ranked.iter().filter(|v| v.2).count().max(MAX_VALUES);
            ranked.truncate(keep);
        }
        let values: Vec<FacetValue> = ranked
            .into_iter()
            .map(|(v, count, selected)| FacetValue {
                value: v.to_string(),
                label: v.to_string(),
                count,
                selected,
            })
            .collect();
        out.push(FacetGroup { key, label, values });
    }
    out.push(FacetGroup {
        key: "in_stock",
        label: "Availability",
        values: vec![
            FacetValue {
                value: "true".into(),
                label: "In stock".into(),
                count: c.avail[0],
                selected: sel.in_stock,
            },
            FacetValue {
                value: "false".into(),
                label: "Out of stock (ships on order)".into(),
                count: c.avail[1],
                selected: false,
            },
        ],
    });
    out.push(FacetGroup {
        key: "lead_time_max",
        label: "Ships within",
        values: LEAD_BUCKETS
            .iter()
            .zip(c.lead)
            .map(|(d, n)| FacetValue {
                value: d.to_string(),
                label: format!("{d} days"),
                count: n,
                selected: sel.lead_max == Some(*d),
            })
            .collect(),
    });
    out.push(FacetGroup {
        key: "warranty_min",
        label: "Warranty",
        values: WARRANTY_BUCKETS
            .iter()
            .zip(c.warranty)
            .map(|(m, n)| FacetValue {
                value: m.to_string(),
                label: format!("{m}+ months"),
                count: n,
                selected: sel.warranty_min == Some(*m),
            })
            .collect(),
    });
    out.push(FacetGroup {
        key: "price",
        label: "Price",
        values: PRICE_BUCKETS
            .iter()
            .zip(c.price)
            .map(|((lo, hi), n)| {
                let (value, label) = match hi {
                    Some(h) if *lo == 0 => (format!("-{h}"), format!("Under ₹{}", rupees(*h))),
                    Some(h) => (
                        format!("{lo}-{h}"),
                        format!("₹{} – ₹{}", rupees(*lo), rupees(*h)),
                    ),
                    None => (format!("{lo}-"), format!("Over ₹{}", rupees(*lo))),
                };
                let selected = sel.price_min.unwrap_or(0) == lo * 100
                    && sel.price_max == hi.map(|h| h * 100 + 99);
                FacetValue {
                    value,
                    label,
                    count: n,
                    selected,
                }
            })
            .collect(),
    });
    out
}
