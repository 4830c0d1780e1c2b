//! Search for the partsportal catalog: the tantivy schema, the part-number
//! normalizer, domain synonyms, typo tolerance, disjunctive facets, typed
//! constraints ("under 5000") and suggestions. No database, no HTTP.
#![warn(missing_docs)]

mod catalog;
mod collector;
pub mod constraints;
pub mod doc;
mod error;
mod facet_arrays;
mod facets;
pub mod highlight;
pub mod normalize;
pub mod request;
mod schema;
pub mod synonyms;

pub use catalog::{Catalog, MAX_RESULT_WINDOW, Opened};
pub use collector::{LEAD_BUCKETS, PRICE_BUCKETS, WARRANTY_BUCKETS};
pub use doc::{ModelRef, PartDoc, StockLevel};
pub use error::{Error, Result};
pub use normalize::{code_variants, normalize_code};
pub use request::{
    FacetGroup, FacetValue, Hit, MatchKind, NumberSuggestion, Relaxation, SearchRequest,
    SearchResult, Segment, Sort, Suggestion,
};

/// Formats whole rupees with Indian digit grouping: 123456 → "1,23,456".
pub fn format_inr_whole(v: u64) -> String {
    let s = v.to_string();
    if s.len() <= 3 {
        return s;
    }
    let (head, tail) = s.split_at(s.len() - 3);
    let mut groups: Vec<&str> = Vec::new();
    let mut h = head;
    while h.len() > 2 {
        let (a, b) = h.split_at(h.len() - 2);
        groups.push(b);
        h = a;
    }
    if !h.is_empty() {
        groups.push(h);
    }
    groups.reverse();
    format!("{},{}", groups.join(","), tail)
}

#[cfg(test)]
mod tests {
    #[test]
    fn indian_grouping() {
        assert_eq!(super::format_inr_whole(0), "0");
        assert_eq!(super::format_inr_whole(999), "999");
        assert_eq!(super::format_inr_whole(1000), "1,000");
        assert_eq!(super::format_inr_whole(123456), "1,23,456");
        assert_eq!(super::format_inr_whole(12345678), "1,23,45,678");
    }
}
