//! The home page.

use maud::{Markup, html};
use partsportal_index::SearchResult;

use super::components::{Buying, part_card};
use super::layout;
use super::layout::Chrome;
use crate::db::catalog::ManufacturerRow;

fn enc(k: &str, v: &str) -> String {
    serde_urlencoded::to_string([(k, v)]).unwrap_or_default()
}

/// The page: search, modalities, top categories, manufacturers, popular
/// parts, and in demo mode the demo logins.
pub fn page(
    chrome: &Chrome,
    res: &SearchResult,
    makers: &[ManufacturerRow],
    demo: &[crate::demo::users::Login],
) -> Markup {
    let group = |key: &str| res.facets.iter().find(|g| g.key == key);
    let body = html! {
        section.hero {
            h1 { "Spare parts for the equipment you run" }
            p { "Search " strong { (partsportal_index::format_inr_whole(res.total)) } " parts by part number, equipment model or description. Part numbers match however they are typed." }
            form.hero-search role="search" aria-label="Catalog search" action="/search" method="get" {
                label.visually-hidden for="hero-q" { "Search parts" }
                input #hero-q type="search" name="q" placeholder="e.g. signa coil · AB1234 · spo2 sensor under 5000" autocomplete="off" data-suggest="/api/v1/suggest";
                button type="submit" { "Search" }
            }
            p.examples { "Try: "
                @for ex in ["signa coil", "ab1234", "spo2 sensr", "ventilator flow sensor below ₹2,000", "ge probe in stock"] {
                    a href={ "/search?" (enc("q", ex)) } { (ex) } " "
                }
            }
        }
        // Collapsed, so the catalog stays the first thing on the page.
        @if !demo.is_empty() {
            details.demo-home {
                summary { "Demo mode: sign in as any of " (demo.len()) " demo users" }
                (super::account::demo_logins(demo))
            }
        }
        @if let Some(g) = group("modality") {
            section aria-labelledby="modalities" {
                h2 #modalities { "Shop by modality" }
                ul.tiles {
                    @for v in &g.values {
                        li { a.tile href={ "/search?" (enc("modality", &v.value)) } { span.tile-name { (v.label) } span.count { (v.count) " parts" } } }
                    }
                }
            }
        }
        @if let Some(g) = group("category") {
            section aria-labelledby="categories" {
                h2 #categories { "Top categories" }
                ul.tiles.tiles-small {
                    @for v in g.values.iter().filter(|v| v.value.matches(" > ").count() == 2).take(16) {
                        li { a.tile href={ "/search?" (enc("category", &v.value)) } { span.tile-name { (v.value.rsplit(" > ").next().unwrap_or(&v.value)) } span.muted { (v.value.split(" > ").nth(1).unwrap_or("")) } span.count { (v.count) } } }
                    }
                }
            }
        }
        section aria-labelledby="makers" {
            h2 #makers { "Equipment manufacturers" }
            ul.maker-list {
                @for m in makers { li { a href={ "/manufacturers/" (m.id) } { (m.name) } } }
            }
        }
        @if !res.hits.is_empty() {
            section aria-labelledby="popular" {
                h2 #popular { "Best sellers" }
                div.cards { @for h in &res.hits { (part_card(h, Buying::of(chrome))) } }
            }
        }
    };
    layout::page(chrome, "Medical equipment spare parts", "", body)
}
