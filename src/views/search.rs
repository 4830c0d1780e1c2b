//! The results page.

use std::time::Duration;

use maud::{Markup, html};
use partsportal_index::constraints::{Constraint, without_phrase};
use partsportal_index::{FacetGroup, Relaxation, SearchResult, Sort};

use super::components::{Buying, part_card};
use super::layout;
use super::layout::Chrome;
use crate::web::params::{Layout, SearchParams, url, url_with};

fn toggle(list: &mut Vec<String>, v: &str) {
    if let Some(i) = list.iter().position(|x| x == v) {
        list.remove(i);
    } else {
        list.push(v.to_string());
    }
}

fn facet_list(key: &str) -> Option<fn(&mut SearchParams) -> &mut Vec<String>> {
    Some(match key {
        "modality" => |p| &mut p.req.modality,
        "manufacturer" => |p| &mut p.req.manufacturer,
        "category" => |p| &mut p.req.category,
        "model" => |p| &mut p.req.model,
        "seller" => |p| &mut p.req.seller,
        "condition" => |p| &mut p.req.condition,
        _ => return None,
    })
}

/// Where a click on a facet value goes.
fn facet_href(p: &SearchParams, key: &str, value: &str, selected: bool) -> String {
    if let Some(list) = facet_list(key) {
        if key == "category" {
            // Categories drill down: one selected path at a time.
            return url_with(p, |n| {
                let l = list(n);
                l.clear();
                if !selected {
                    l.push(value.to_string());
                } else if let Some((parent, _)) = value.rsplit_once(" > ") {
                    l.push(parent.to_string());
                }
            });
        }
        return url_with(p, |n| toggle(list(n), value));
    }
    url_with(p, |n| match key {
        "in_stock" => n.req.in_stock = !selected && value == "true",
        "lead_time_max" => n.req.lead_time_max = if selected { None } else { value.parse().ok() },
        "warranty_min" => n.req.warranty_min = if selected { None } else { value.parse().ok() },
        "price" => {
            let (lo, hi) = value.split_once('-').unwrap_or(("", ""));
            if selected {
                n.req.price_min = None;
                n.req.price_max = None;
            } else {
                n.req.price_min = lo.parse().ok().filter(|v| *v > 0);
                n.req.price_max = hi.parse().ok();
            }
        }
        _ => {}
    })
}

/// A category facet value: path, label (last level), count.
type CategoryValue = (String, String, u64);

fn category_values(g: &FacetGroup, p: &SearchParams) -> (Vec<String>, Vec<CategoryValue>) {
    // Breadcrumb of the selected path and its children (or the top level).
    let selected = p.req.category.first().cloned();
    let depth = selected.as_ref().map_or(0, |s| s.split(" > ").count());
    let crumbs: Vec<String> = selected
        .as_ref()
        .map(|s| {
            let parts: Vec<&str> = s.split(" > ").collect();
            (1..=parts.len()).map(|i| parts[..i].join(" > ")).collect()
        })
        .unwrap_or_default();
    let mut values: Vec<CategoryValue> = g
        .values
        .iter()
        .filter(|v| {
            let levels = v.value.split(" > ").count();
            levels == depth + 1
                && selected
                    .as_ref()
                    .is_none_or(|s| v.value.starts_with(&format!("{s} > ")))
        })
        .map(|v| {
            (
                v.value.clone(),
                v.value.rsplit(" > ").next().unwrap_or(&v.value).to_string(),
                v.count,
            )
        })
        .collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.2));
    (crumbs, values)
}

fn facets(p: &SearchParams, res: &SearchResult) -> Markup {
    html! {
        @for g in &res.facets {
            @if g.key == "category" {
                @let (crumbs, values) = category_values(g, p);
                @if !crumbs.is_empty() || !values.is_empty() {
                    section.facet aria-labelledby="facet-category" {
                        h2 #facet-category { (g.label) }
                        @if !crumbs.is_empty() {
                            ol.crumbs {
                                li { a href=(url_with(p, |n| n.req.category.clear())) { "All categories" } }
                                @for (i, c) in crumbs.iter().enumerate() {
                                    li {
                                        @if i + 1 == crumbs.len() { strong aria-current="true" { (c.rsplit(" > ").next().unwrap_or(c)) } }
                                        @else { a href=(url_with(p, |n| n.req.category = vec![c.clone()])) { (c.rsplit(" > ").next().unwrap_or(c)) } }
                                    }
                                }
                            }
                        }
                        ul.facet-values {
                            @for (value, label, count) in &values {
                                li { a.facet-value href=(facet_href(p, "category", value, false)) { span.facet-label { (label) } span.count { (count) } } }
                            }
                        }
                    }
                }
            } @else if g.values.iter().any(|v| v.count > 0 || v.selected) {
                @let id = format!("facet-{}", g.key);
                section.facet aria-labelledby=(id) {
                    h2 id=(id) { (g.label) }
                    ul.facet-values {
                        @for v in g.values.iter().filter(|v| v.count > 0 || v.selected) {
                            li {
                                a.facet-value.selected[v.selected] href=(facet_href(p, g.key, &v.value, v.selected)) aria-current=[v.selected.then_some("true")] rel="nofollow" {
                                    span.check aria-hidden="true" {}
                                    @if v.selected { span.visually-hidden { "Selected: " } }
                                    span.facet-label { (v.label) }
                                    span.count { (v.count) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn chips(p: &SearchParams, res: &SearchResult) -> Markup {
    let mut items: Vec<(String, String)> = Vec::new();
    for c in &res.constraints {
        let label = match &c.constraint {
            Constraint::PriceMax(v) => {
                format!("Price up to ₹{}", partsportal_index::format_inr_whole(*v))
            }
            Constraint::PriceMin(v) => {
                format!("Price from ₹{}", partsportal_index::format_inr_whole(*v))
            }
            Constraint::InStock => "In stock".into(),
            Constraint::LeadTimeMax(d) => format!("Ships within {d} days"),
            Constraint::WarrantyMin(m) => format!("Warranty {m}+ months"),
        };
        let q = without_phrase(&p.req.q, &c.phrase);
        items.push((
            format!("{label} (from “{}”)", c.phrase),
            url_with(p, |n| n.req.q = q),
        ));
    }
    for (key, list) in [
        ("modality", &p.req.modality),
        ("manufacturer", &p.req.manufacturer),
        ("category", &p.req.category),
        ("model", &p.req.model),
        ("seller", &p.req.seller),
        ("condition", &p.req.condition),
    ] {
        for v in list {
            let label = if key == "model" {
                format!("Fits {v}")
            } else {
                v.clone()
            };
            let v = v.clone();
            items.push((
                label,
                url_with(p, |n| {
                    if let Some(l) = facet_list(key) {
                        toggle(l(n), &v)
                    }
                }),
            ));
        }
    }
    if p.req.in_stock {
        items.push(("In stock".into(), url_with(p, |n| n.req.in_stock = false)));
    }
    if p.req.price_min.is_some() || p.req.price_max.is_some() {
        let label = match (p.req.price_min, p.req.price_max) {
            (Some(a), Some(b)) => format!(
                "₹{} – ₹{}",
                partsportal_index::format_inr_whole(a),
                partsportal_index::format_inr_whole(b)
            ),
            (Some(a), None) => format!("From ₹{}", partsportal_index::format_inr_whole(a)),
            (None, Some(b)) => format!("Up to ₹{}", partsportal_index::format_inr_whole(b)),
            _ => String::new(),
        };
        items.push((
            label,
            url_with(p, |n| {
                n.req.price_min = None;
                n.req.price_max = None;
            }),
        ));
    }
    if let Some(d) = p.req.lead_time_max {
        items.push((
            format!("Ships within {d} days"),
            url_with(p, |n| n.req.lead_time_max = None),
        ));
    }
    if let Some(m) = p.req.warranty_min {
        items.push((
            format!("Warranty {m}+ months"),
            url_with(p, |n| n.req.warranty_min = None),
        ));
    }
    html! {
        @if !items.is_empty() {
            ul.chips aria-label="Active filters" {
                @for (label, href) in &items {
                    li { a.chip href=(href) aria-label={ "Remove filter: " (label) } { (label) span aria-hidden="true" { " ×" } } }
                }
                @if items.len() > 1 {
                    li { a.chip.chip-clear href=(url_with(p, |n| { let q = n.req.q.clone(); n.req = Default::default(); n.req.q = q; n.req.per_page = p.req.per_page; })) { "Clear all" } }
                }
            }
        }
    }
}

fn hidden_inputs(p: &SearchParams, skip: &[&str]) -> Markup {
    let query = crate::web::params::to_query(p);
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap_or_default();
    html! {
        @for (k, v) in pairs.iter().filter(|(k, _)| !skip.contains(&k.as_str()) && k != "page") {
            input type="hidden" name=(k) value=(v);
        }
    }
}

fn notices(p: &SearchParams, res: &SearchResult) -> Markup {
    html! {
        @for m in &res.matched_models {
            div.notice.notice-model role="status" {
                "Equipment model " strong { (m.label) } " — showing parts that fit it. "
                a href={ "/models/" (m.id) } { "All parts for this model, by category →" }
            }
        }
        @if !res.corrections.is_empty() {
            p.notice role="status" {
                "Showing results for "
                @for (i, (_, to)) in res.corrections.iter().enumerate() { @if i > 0 { ", " } strong { (to) } }
                " (you typed "
                @for (i, (from, _)) in res.corrections.iter().enumerate() { @if i > 0 { ", " } em { (from) } }
                ")."
            }
        }
        @match res.relaxed {
            Some(Relaxation::AnyTerm) => p.notice role="status" { "No part matched all your words, so these match " strong { "some" } " of them." },
            Some(Relaxation::Fuzzier) => p.notice role="status" { "No close match, so we widened the spelling tolerance. Check the results carefully." },
            None => {},
        }
        @if !res.unmatched_numbers.is_empty() {
            div.notice.notice-warn role="status" {
                p { strong { "No exact match" } " for part number " @for (i, n) in res.unmatched_numbers.iter().enumerate() { @if i > 0 { ", " } code { (n) } } "." }
                @if !res.closest_numbers.is_empty() {
                    p { "Closest part numbers in the catalog (no exact match — check before ordering):" }
                    ul.closest {
                        @for s in &res.closest_numbers {
                            li { a href={ "/parts/" (s.id) } { code { (s.part_number) } } " — " (s.name) }
                        }
                    }
                }
            }
        }
        @if res.total == 0 {
            div.empty {
                h2 { "Nothing matches yet" }
                @if has_filters(p) && res.matches_without_filters > 0 {
                    p {
                        (partsportal_index::format_inr_whole(res.matches_without_filters)) " parts match "
                        @if p.req.q.is_empty() { "the catalog" } @else { "“" (p.req.q) "”" }
                        ", but none of them pass your filters. The counts beside each filter show what is left if you change it."
                    }
                }
                ul {
                    @if !p.req.q.is_empty() && res.matches_without_filters == 0 { li { "Check the spelling, or search by part number or equipment model." } }
                    @if has_filters(p) { li { a href=(url_with(p, |n| { let q = n.req.q.clone(); n.req = Default::default(); n.req.q = q; n.req.per_page = p.req.per_page; })) { "Remove all filters" } } }
                    li { a href="/" { "Browse by modality and category" } }
                }
            }
        }
    }
}

fn has_filters(p: &SearchParams) -> bool {
    let r = &p.req;
    !(r.modality.is_empty()
        && r.manufacturer.is_empty()
        && r.category.is_empty()
        && r.model.is_empty()
        && r.seller.is_empty()
        && r.condition.is_empty())
        || r.in_stock
        || r.price_min.is_some()
        || r.price_max.is_some()
        || r.lead_time_max.is_some()
        || r.warranty_min.is_some()
}

fn pagination(p: &SearchParams, total: u64) -> Markup {
    let per = u64::from(p.req.per_page);
    let reachable = total.min(u64::from(partsportal_index::MAX_RESULT_WINDOW));
    let last = reachable.div_ceil(per).max(1) as u32;
    let cur = p.req.page;
    let pages: Vec<u32> = (1..=last)
        .filter(|n| *n == 1 || *n == last || n.abs_diff(cur) <= 2)
        .collect();
    let mut items: Vec<Option<u32>> = Vec::new();
    for n in pages {
        if items
            .last()
            .and_then(|x| *x)
            .is_some_and(|prev| n > prev + 1)
        {
            items.push(None);
        }
        items.push(Some(n));
    }
    let page_url = |n: u32| {
        let mut x = p.clone();
        x.req.page = n;
        url(&x)
    };
    html! {
        @if last > 1 {
            nav.pagination aria-label="Pages" {
                @if cur > 1 && cur <= last { a rel="prev" href=(page_url(cur - 1)) { "← Previous" } }
                @for n in &items {
                    @match n {
                        None => span.gap { "…" },
                        Some(n) if *n == cur => span aria-current="page" { (n) },
                        Some(n) => a href=(page_url(*n)) { (n) },
                    }
                }
                @if cur < last { a rel="next" href=(page_url(cur + 1)) { "Next →" } }
            }
        }
    }
}

/// The results page.
pub fn page(chrome: &Chrome, p: &SearchParams, res: &SearchResult, took: Duration) -> Markup {
    let title = if p.req.q.is_empty() {
        "All parts".to_string()
    } else {
        format!("{} — search", p.req.q)
    };
    let per = u64::from(p.req.per_page);
    let from = u64::from(p.req.page - 1) * per + 1;
    let to = (from + res.hits.len() as u64).saturating_sub(1);
    let past_end = res.hits.is_empty() && res.total > 0;
    let body = html! {
        div.results-head {
            h1 {
                @if res.total == 0 { "No results" }
                @else { (partsportal_index::format_inr_whole(res.total)) " " (if res.total == 1 { "part" } else { "parts" }) }
                @if !res.text.is_empty() { " for “" (res.text) "”" }
            }
            p.took { @if res.total > 0 && !past_end { "Showing " (from) "–" (to) " · " } "found in " (format!("{:.1}", took.as_secs_f64() * 1000.0)) " ms" }
        }
        (chips(p, res))
        (notices(p, res))
        div.results-layout {
            aside.filters aria-label="Filters" {
                details.filters-panel open {
                    summary { "Filters" }
                    form.range-form action="/search" method="get" {
                        (hidden_inputs(p, &["price_min", "price_max", "lead_time_max", "warranty_min"]))
                        fieldset {
                            legend { "Price (₹)" }
                            div.range-row {
                                label { span { "Min" } input type="number" name="price_min" min="0" step="1" inputmode="numeric" value=[p.req.price_min]; }
                                label { span { "Max" } input type="number" name="price_max" min="0" step="1" inputmode="numeric" value=[p.req.price_max]; }
                            }
                        }
                        label.field { span { "Ships within (days)" } input type="number" name="lead_time_max" min="0" max="3650" value=[p.req.lead_time_max]; }
                        label.field { span { "Warranty at least (months)" } input type="number" name="warranty_min" min="0" max="600" value=[p.req.warranty_min]; }
                        button type="submit" { "Apply" }
                    }
                    (facets(p, res))
                }
            }
            section.results aria-labelledby="results-heading" {
                h2 #results-heading.visually-hidden { "Results" }
                @if res.total > 0 {
                div.toolbar {
                    form.sort-form action="/search" method="get" {
                        (hidden_inputs(p, &["sort"]))
                        label for="sort" { "Sort by " }
                        select #sort name="sort" data-autosubmit {
                            @for (s, v, label) in Sort::ALL {
                                option value=(v) selected[s == p.req.sort] { (label) }
                            }
                        }
                        button.sort-apply type="submit" { "Sort" }
                    }
                    div.view-toggle role="group" aria-label="Layout" {
                        a href=(url_with(p, |n| n.layout = Layout::Grid)) aria-current=[(p.layout == Layout::Grid).then_some("true")] { "Grid" }
                        a href=(url_with(p, |n| n.layout = Layout::List)) aria-current=[(p.layout == Layout::List).then_some("true")] { "List" }
                    }
                }
                @if past_end {
                    div.empty {
                        h2 { "This page is past the end of the results" }
                        p { a href=(url_with(p, |_| {})) { "Back to the first page" } }
                    }
                }
                div.cards.list[p.layout == Layout::List] {
                    @for hit in &res.hits { (part_card(hit, Buying::of(chrome))) }
                }
                (pagination(p, res.total))
                }
            }
        }
    };
    layout::page(chrome, &title, &p.req.q, body)
}
