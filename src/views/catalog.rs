//! Equipment model, manufacturer and seller pages.

use std::collections::BTreeMap;

use maud::{Markup, html};
use partsportal_index::{PartDoc, SearchResult};

use super::components::{Buying, part_card, part_rows};
use super::layout;
use super::layout::Chrome;
use crate::db::catalog::{ManufacturerRow, ModelRow, OrgRow};

fn enc(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// `/models/{id}`: the model's parts grouped by category.
pub fn model_page(chrome: &Chrome, m: &ModelRow, res: &SearchResult) -> Markup {
    let label = m.label();
    let mut groups: BTreeMap<&str, Vec<&PartDoc>> = BTreeMap::new();
    for h in &res.hits {
        groups
            .entry(h.part.category.as_str())
            .or_default()
            .push(&h.part);
    }
    let counts = res.facets.iter().find(|g| g.key == "category");
    let aliases = m.alias_list();
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumb" { ol { li { a href="/" { "Home" } } li { a href={ "/manufacturers/" (m.manufacturer_id) } { (m.manufacturer_name) } } li aria-current="page" { (m.name) } } }
        h1 { (label) }
        p.meta { (m.modality) " · " (res.total) " compatible parts"
            @if !aliases.is_empty() { " · also written " (aliases.join(", ")) } }
        p { a.button href={ "/search?" (enc(&[("model", &label)])) } { "Search and filter all " (res.total) " parts for this model" } }
        @for (cat, parts) in &groups {
            @let total = counts.and_then(|g| g.values.iter().find(|v| v.value == *cat)).map_or(parts.len() as u64, |v| v.count);
            section.cat-group aria-label=(cat) {
                h2 { (cat.rsplit(" > ").next().unwrap_or(cat)) span.muted { " · " (total) } }
                (part_rows(parts))
                @if total > parts.len() as u64 {
                    p { a href={ "/search?" (enc(&[("model", &label), ("category", cat)])) } { "All " (total) " in " (cat) " →" } }
                }
            }
        }
    };
    layout::page(chrome, &label, "", body)
}

/// `/manufacturers/{id}`.
pub fn manufacturer_page(
    chrome: &Chrome,
    mk: &ManufacturerRow,
    models: &[ModelRow],
    res: &SearchResult,
) -> Markup {
    let mut by_modality: BTreeMap<&str, Vec<&ModelRow>> = BTreeMap::new();
    for m in models {
        by_modality.entry(m.modality.as_str()).or_default().push(m);
    }
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumb" { ol { li { a href="/" { "Home" } } li aria-current="page" { (mk.name) } } }
        h1 { (mk.name) }
        p.meta { @if !mk.country.is_empty() { (mk.country) " · " } (models.len()) " equipment models · " (res.total) " parts" }
        p { a.button href={ "/search?" (enc(&[("manufacturer", &mk.name)])) } { "Search all " (mk.name) " parts" } }
        section aria-labelledby="models" {
            h2 #models { "Equipment models" }
            @for (modality, ms) in &by_modality {
                h3 { (modality) }
                ul.model-list { @for m in ms { li { a href={ "/models/" (m.id) } { (m.name) } } } }
            }
        }
        @if !res.hits.is_empty() {
            section aria-labelledby="top" {
                h2 #top { "Best-selling parts" }
                div.cards { @for h in &res.hits { (part_card(h, Buying::of(chrome))) } }
            }
        }
    };
    layout::page(chrome, &mk.name, "", body)
}

/// `/sellers/{id}`: a seller's storefront.
pub fn seller_page(chrome: &Chrome, org: &OrgRow, res: &SearchResult) -> Markup {
    let cats = res.facets.iter().find(|g| g.key == "category");
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumb" { ol { li { a href="/" { "Home" } } li aria-current="page" { (org.name) } } }
        h1 { (org.name) @if org.verified { " " span.verified { span aria-hidden="true" { "✔ " } "verified seller" } } }
        p.meta { (org.kind) " · " (org.city) ", " (org.state) " · " (res.total) " parts listed" }
        p { a.button href={ "/search?" (enc(&[("seller", &org.name)])) } { "Search this seller's catalog" } }
        @if let Some(g) = cats {
            section aria-labelledby="seller-cats" {
                h2 #seller-cats { "Categories" }
                ul.tiles.tiles-small {
                    @for v in g.values.iter().filter(|v| v.value.matches(" > ").count() == 1).take(12) {
                        li { a.tile href={ "/search?" (enc(&[("seller", &org.name), ("category", &v.value)])) } { span.tile-name { (v.value) } span.count { (v.count) } } }
                    }
                }
            }
        }
        section aria-labelledby="seller-top" {
            h2 #seller-top { "Best sellers" }
            div.cards { @for h in &res.hits { (part_card(h, Buying::of(chrome))) } }
        }
    };
    layout::page(chrome, &org.name, "", body)
}
