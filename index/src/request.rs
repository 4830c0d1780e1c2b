//! Search requests and results.

use serde::Serialize;

use crate::constraints::ParsedConstraint;
use crate::doc::{ModelRef, PartDoc};

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; exact part numbers always lead.
    #[default]
    Relevance,
    /// Cheapest first.
    PriceAsc,
    /// Dearest first.
    PriceDesc,
    /// Most recently listed first.
    Newest,
    /// Shortest dispatch time first.
    Fastest,
    /// Most units sold first.
    BestSelling,
}

impl Sort {
    /// Every order, with its URL value and label.
    pub const ALL: [(Sort, &'static str, &'static str); 6] = [
        (Sort::Relevance, "relevance", "Best match"),
        (Sort::PriceAsc, "price_asc", "Price: low to high"),
        (Sort::PriceDesc, "price_desc", "Price: high to low"),
        (Sort::Newest, "newest", "Newest"),
        (Sort::Fastest, "fastest", "Fastest delivery"),
        (Sort::BestSelling, "best_selling", "Best selling"),
    ];

    /// Parses a URL value.
    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL
            .iter()
            .find(|(_, v, _)| *v == s)
            .map(|(s, _, _)| *s)
    }

    /// The URL value.
    pub fn as_str(self) -> &'static str {
        Sort::ALL
            .iter()
            .find(|(s, _, _)| *s == self)
            .map(|(_, v, _)| *v)
            .unwrap_or("relevance")
    }
}

/// What a caller asks for. Facet selections are lists: several values of one
/// facet are ORed, different facets are ANDed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchRequest {
    /// Free text as typed; may hold part numbers, model codes and constraints.
    pub q: String,
    /// Selected modalities.
    pub modality: Vec<String>,
    /// Selected manufacturers.
    pub manufacturer: Vec<String>,
    /// Selected category paths (a path selects everything below it).
    pub category: Vec<String>,
    /// Selected equipment models (full labels): "fits model X".
    pub model: Vec<String>,
    /// Selected sellers.
    pub seller: Vec<String>,
    /// Selected conditions.
    pub condition: Vec<String>,
    /// Only parts in stock.
    pub in_stock: bool,
    /// Minimum price in whole rupees.
    pub price_min: Option<u64>,
    /// Maximum price in whole rupees.
    pub price_max: Option<u64>,
    /// Ships within this many days.
    pub lead_time_max: Option<u32>,
    /// At least this many months of warranty.
    pub warranty_min: Option<u32>,
    /// Order of results.
    pub sort: Sort,
    /// 1-based page number.
    pub page: u32,
    /// Hits per page.
    pub per_page: u32,
}

/// How a hit matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "number", rename_all = "snake_case")]
pub enum MatchKind {
    /// The part number typed, in any spelling.
    ExactNumber,
    /// An old part number this part replaces.
    Replaces(String),
    /// A part number starting with what was typed.
    NumberPrefix,
    /// A model code typed fits this part.
    Model,
    /// Words of the query.
    Text,
}

/// A piece of highlighted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// The text.
    pub text: String,
    /// Whether it matched the query.
    pub mark: bool,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The stored part.
    pub part: PartDoc,
    /// How it matched.
    pub matched: MatchKind,
    /// The name, split into matched and unmatched pieces.
    pub name_highlight: Vec<Segment>,
}

/// One value of a facet, with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    /// The URL value ("GE HealthCare", "1000-5000", "12").
    pub value: String,
    /// What the page shows.
    pub label: String,
    /// Matching parts if this value were selected (other facets applied).
    pub count: u64,
    /// Whether the request selects it.
    pub selected: bool,
}

/// A facet group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetGroup {
    /// URL parameter it sets.
    pub key: &'static str,
    /// Heading.
    pub label: &'static str,
    /// Values, most frequent first (buckets in their natural order).
    pub values: Vec<FacetValue>,
}

/// How a query that found nothing was loosened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relaxation {
    /// Parts matching any of the words, not all.
    AnyTerm,
    /// Any of the words, with wider typo tolerance.
    Fuzzier,
}

/// A part number close to one that matched nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberSuggestion {
    /// Part id.
    pub id: String,
    /// The part number.
    pub part_number: String,
    /// The part's name.
    pub name: String,
}

/// A search's answer.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    /// Parts matching query and every filter.
    pub total: u64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet groups with disjunctive counts.
    pub facets: Vec<FacetGroup>,
    /// Constraints read from the text ("under 5000").
    pub constraints: Vec<ParsedConstraint>,
    /// The text searched after constraints were taken out.
    pub text: String,
    /// Set when the query was loosened to find anything.
    pub relaxed: Option<Relaxation>,
    /// Parts the words matched before the filters; with `total` zero, it
    /// tells the user the filters are what left the page empty.
    pub matches_without_filters: u64,
    /// Code-like words of the query that match no part number.
    pub unmatched_numbers: Vec<String>,
    /// Closest part numbers to those, labelled "no exact match".
    pub closest_numbers: Vec<NumberSuggestion>,
    /// Equipment models named in the query.
    pub matched_models: Vec<ModelRef>,
    /// Typo corrections applied ("sensr" → "sensor").
    pub corrections: Vec<(String, String)>,
}

/// A suggestion for the search box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// part, model or query.
    pub kind: &'static str,
    /// Main text.
    pub label: String,
    /// Secondary text.
    pub detail: String,
    /// Part id (part), model label (model) or query text (query).
    pub target: String,
}
