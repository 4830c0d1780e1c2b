//! The seller portal's pages: dashboard, parts list with bulk changes, a
//! part's page with its histories, and the stock adjustment form. The part
//! form is in `seller_form`.

use maud::{Markup, html};

use super::account::FormState;
use super::components::price;
use super::layout::{self, Chrome, csrf_field};
use crate::db::catalog::{ModelRow, PartRow};
use crate::db::seller_parts::{
    Figures, LastImport, ListRow, LowRow, PriceChange, Sort, StockChange, StockFilter,
};
use crate::domain::dates::utc_minute;
use crate::domain::stock::{Reason, describe};

fn figure(n: i64) -> String {
    partsportal_index::format_inr_whole(n.max(0) as u64)
}

/// `path?pairs` without empty values.
fn link(path: &str, pairs: &[(&str, &str)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .copied()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    match serde_urlencoded::to_string(kept) {
        Ok(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_owned(),
    }
}

/// The seller section's own navigation, the current page marked.
pub fn seller_nav(current: &str) -> Markup {
    let links = [
        ("/seller", "Dashboard"),
        ("/seller/parts", "Parts"),
        ("/seller/parts/new", "Add a part"),
        ("/seller/imports", "Imports"),
        ("/seller/settings", "Settings"),
    ];
    html! {
        nav.admin-nav aria-label="Seller" {
            ul {
                @for (href, label) in links {
                    li { a href=(href) aria-current=[(href == current).then_some("page")] { (label) } }
                }
            }
        }
    }
}

/// Whether buyers can find the seller's parts, said once at the top of
/// each seller page.
fn approval(chrome: &Chrome) -> Markup {
    let pending = chrome.viewer.is_some_and(|v| v.org_status == "pending");
    html! {
        @if pending {
            div.notice.notice-warn.seller-state role="status" {
                strong { "Pending approval — your parts are not searchable yet." }
                " Build your catalog now: buyers will find it as soon as a platform administrator approves your organization."
            }
        } @else {
            p.seller-state.seller-live { span.badge.badge-in { "Live" } " Your active, public parts are searchable by buyers." }
        }
    }
}

/// A labelled select with an "any" first option (unless `any` is empty) and
/// its error beside it.
pub(crate) fn select(
    f: &FormState,
    name: &'static str,
    label: &str,
    any: &str,
    options: &[(&str, &str)],
) -> Markup {
    let err = f.error(name);
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let chosen = f.value(name);
    html! {
        div.field.field-error[err.is_some()] {
            label for=(id) { (label) }
            select id=(id) name=(name) aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| err_id.as_str())] {
                @if !any.is_empty() { option value="" selected[chosen.is_empty()] { (any) } }
                @for (v, l) in options { option value=(v) selected[chosen == *v] { (l) } }
            }
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

fn notices(f: &FormState) -> Markup {
    html! {
        @if let Some(b) = &f.banner { div.notice.notice-warn role="alert" { (b) } }
        @if let Some(n) = &f.notice { div.notice role="status" { (n) } }
    }
}

/// What the dashboard shows.
pub struct Dashboard<'a> {
    pub figures: Figures,
    pub low: &'a [LowRow],
    pub last_import: Option<&'a LastImport>,
}

/// A donut of stock status: in stock, low, out of stock. Drawn with SVG
/// attributes only (the CSP allows no inline style); the figures are in the
/// legend as text too.
fn stock_donut(fig: &Figures) -> Markup {
    const R: f64 = 54.0;
    let circumference = 2.0 * std::f64::consts::PI * R;
    let total = fig.current();
    let segments = [
        (fig.healthy(), "seg-in", "In stock"),
        (fig.low_in_stock, "seg-low", "Low stock"),
        (fig.out_of_stock, "seg-out", "Out of stock"),
    ];
    let summary = segments
        .iter()
        .map(|(n, _, l)| format!("{l}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    // Each drawn segment: its class, length along the ring, and start.
    let mut arcs = Vec::new();
    let mut start = 0.0;
    for (n, class, _) in segments {
        if n > 0 && total > 0 {
            let len = circumference * n as f64 / total as f64;
            arcs.push((class, len, start));
            start += len;
        }
    }
    html! {
        figure.seller-donut {
            svg viewBox="0 0 140 140" width="140" height="140" role="img" aria-label={ "Stock status of " (total) " current parts. " (summary) } {
                circle.seg-track cx="70" cy="70" r=(R) fill="none" stroke-width="20" {}
                @for (class, len, start) in &arcs {
                    circle class=(class) cx="70" cy="70" r=(R) fill="none" stroke-width="20"
                        stroke-dasharray=(format!("{len:.2} {:.2}", circumference - len))
                        stroke-dashoffset=(format!("{:.2}", -start))
                        transform="rotate(-90 70 70)" {}
                }
                text.donut-figure x="70" y="68" text-anchor="middle" { (figure(total)) }
                text.donut-caption x="70" y="88" text-anchor="middle" { "current parts" }
            }
            figcaption {
                ul.legend {
                    @for (n, class, label) in segments {
                        li { span class={ "swatch " (class) } aria-hidden="true" {} (label) ": " strong { (figure(n)) } }
                    }
                }
            }
        }
    }
}

fn import_status(status: &str) -> Markup {
    html! {
        @match status {
            "succeeded" => span.badge.badge-in { "succeeded" },
            "failed" => span.badge.badge-out { "failed" },
            "cancelled" => span.badge.badge-out { "cancelled" },
            "queued" | "running" => span.badge.badge-warn { (status) },
            "previewed" => span.badge { "previewed, not applied" },
            s => span.badge { (s) },
        }
    }
}

/// `/seller`.
pub fn dashboard(chrome: &Chrome, d: &Dashboard) -> Markup {
    let fig = &d.figures;
    let org = chrome.viewer.map_or("", |v| v.org_name.as_str());
    let stat = |label: &str, n: i64, href: String, class: &str, note: &str| {
        html! {
            a class={ "seller-stat " (class) } href=(href) {
                span.stat-label { (label) }
                span.stat-figure { (figure(n)) }
                @if !note.is_empty() { span.stat-note { (note) } }
            }
        }
    };
    let body = html! {
        div.page-head {
            h1 { "Seller dashboard" }
            p.muted { (org) }
        }
        (seller_nav("/seller"))
        (approval(chrome))
        section aria-labelledby="catalog-h" {
            h2 #catalog-h.visually-hidden { "Your catalog in figures" }
            div.seller-stats {
                (stat("Active parts", fig.active, link("/seller/parts", &[("status", "active"), ("visibility", "public")]), "", "listed for buyers"))
                (stat("Hidden", fig.hidden, link("/seller/parts", &[("status", "active"), ("visibility", "hidden")]), "", "kept from buyers"))
                (stat("Archived", fig.archived, link("/seller/parts", &[("status", "archived")]), "", "retired"))
                (stat("Out of stock", fig.out_of_stock, link("/seller/parts", &[("status", "active"), ("stock", "out")]), if fig.out_of_stock > 0 { "stat-bad" } else { "" }, "stock 0"))
                (stat("Low stock", fig.low_stock, link("/seller/parts", &[("status", "active"), ("stock", "low")]), if fig.low_stock > 0 { "stat-warn" } else { "" }, "at or below threshold"))
            }
        }
        div.seller-grid {
            section.seller-panel aria-labelledby="stock-h" {
                h2 #stock-h { "Stock status" }
                @if fig.current() == 0 {
                    p.muted { "No current parts yet." }
                } @else {
                    (stock_donut(fig))
                }
            }
            section.seller-panel aria-labelledby="import-h" {
                h2 #import-h { "Last import" }
                @match d.last_import {
                    Some(i) => {
                        p.import-file { a href={ "/seller/imports/" (i.id) } { (i.file_name) } " " (import_status(&i.status)) }
                        p.muted { "Uploaded " (utc_minute(i.created_at)) @if let Some(f) = i.finished_at { " · finished " (utc_minute(f)) } }
                        dl.import-counts {
                            div { dt { "New" } dd { (figure(i.new_count)) } }
                            div { dt { "Updated" } dd { (figure(i.updated_count)) } }
                            div { dt { "Unchanged" } dd { (figure(i.unchanged_count)) } }
                            div { dt { "Invalid rows" } dd { (figure(i.invalid_count)) } }
                        }
                        p { a href={ "/seller/imports/" (i.id) } { "See the import →" } " · " a href="/seller/imports/new" { "Import another file" } }
                    },
                    None => {
                        p { "You have not imported a catalog yet. Upload your price list as a spreadsheet (Excel, ODS or CSV): columns are recognised, every row is checked, and you see what will change before anything is saved." }
                        p { a.button-link-primary href="/seller/imports/new" { "Import a spreadsheet" } " " a href="/seller/parts/new" { "or add one part by hand" } }
                    },
                }
            }
        }
        section.seller-panel aria-labelledby="low-h" {
            h2 #low-h { "Low on stock" }
            @if d.low.is_empty() {
                p.muted { "No part is at or below its low-stock threshold. Set a threshold on a part to be warned here." }
            } @else {
                div.table-wrap { table.admin-table.low-stock {
                    thead { tr { th scope="col" { "Part number" } th scope="col" { "Name" } th.num scope="col" { "Stock" } th.num scope="col" { "Threshold" } th scope="col" { span.visually-hidden { "Action" } } } }
                    tbody {
                        @for r in d.low {
                            tr {
                                td.pn { a href={ "/seller/parts/" (r.id) } { (r.part_number) } }
                                td { (r.name) }
                                td.num { @if r.stock == 0 { span.badge.badge-out { "0" } } @else { span.badge.badge-low { (r.stock) } } }
                                td.num { (r.low_stock_threshold) }
                                td { a href={ "/seller/parts/" (r.id) "/stock" } { "Adjust stock" span.visually-hidden { " of " (r.part_number) } } }
                            }
                        }
                    }
                } }
                @if fig.low_stock > d.low.len() as i64 {
                    p { a href=(link("/seller/parts", &[("status", "active"), ("stock", "low")])) { "All " (figure(fig.low_stock)) " low-stock parts →" } }
                }
            }
        }
    };
    layout::page(chrome, "Seller dashboard", "", body)
}

/// What the parts list shows.
pub struct PartsPage<'a> {
    /// The filter form's values and errors, and the page's notice or banner.
    pub form: &'a FormState,
    pub rows: &'a [ListRow],
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub categories: &'a [String],
    /// The applied filters, carried through a bulk change.
    pub keep: &'a [(&'a str, &'a str)],
    pub prev: Option<&'a str>,
    pub next: Option<&'a str>,
    /// Rows ticked before a refused bulk change.
    pub checked: &'a [String],
    /// The percentage typed before a refused price change.
    pub percent: &'a str,
}

/// The status and visibility badges of a part.
fn state_badges(status: &str, visibility: &str) -> Markup {
    html! {
        @if status == "archived" { span.badge.badge-out { "Archived" } }
        @else if visibility == "hidden" { span.badge.badge-warn { "Hidden" } }
        @else { span.badge.badge-in { "Active" } }
    }
}

fn stock_cell(stock: i64, threshold: i64) -> Markup {
    html! {
        @if stock == 0 { span.badge.badge-out { "Out of stock" } }
        @else if threshold > 0 && stock <= threshold { span.badge.badge-low { (figure(stock)) " · low" } }
        @else { (figure(stock)) }
    }
}

/// `/seller/parts`.
pub fn parts(chrome: &Chrome, p: &PartsPage) -> Markup {
    let f = p.form;
    let statuses = [("active", "Active"), ("archived", "Archived")];
    let visibilities = [("public", "Public"), ("hidden", "Hidden")];
    let stocks: Vec<(&str, &str)> = StockFilter::ALL.iter().map(|(_, k, l)| (*k, *l)).collect();
    let sorts: Vec<(&str, &str)> = Sort::ALL.iter().map(|(_, k, l)| (*k, *l)).collect();
    let cats: Vec<(&str, &str)> = p
        .categories
        .iter()
        .map(|c| (c.as_str(), c.as_str()))
        .collect();
    let first = (p.page - 1) * p.per_page + 1;
    let last = first + p.rows.len() as i64 - 1;
    let filtered = f.values.iter().any(|(k, v)| *k != "sort" && !v.is_empty());
    let body = html! {
        div.page-head {
            h1 { "Parts" }
            div.head-actions {
                a.button-link href="/seller/catalog/export.xlsx" { "Download as Excel" }
                a.button-link href="/seller/catalog/export.csv" { "CSV" span.visually-hidden { " download" } }
                a.button-link-primary href="/seller/parts/new" { "Add a part" }
            }
        }
        (seller_nav("/seller/parts"))
        (approval(chrome))
        form.filters.parts-filters method="get" action="/seller/parts" role="search" aria-label="Filter parts" {
            div.field.field-error[f.error("q").is_some()] {
                label for="f-q" { "Part number or name" }
                input #f-q type="search" name="q" value=(f.value("q")) autocomplete="off" spellcheck="false";
                @if let Some(e) = f.error("q") { p.error-text { (e) } }
            }
            (select(f, "status", "Status", "Any status", &statuses))
            (select(f, "visibility", "Visibility", "Any", &visibilities))
            (select(f, "stock", "Stock", "Any stock", &stocks))
            @if !cats.is_empty() { (select(f, "category", "Category", "Any category", &cats)) }
            (select(f, "sort", "Sort by", "", &sorts))
            button type="submit" { "Apply" }
            @if filtered { a href="/seller/parts" { "Clear filters" } }
        }
        (notices(f))
        @if p.rows.is_empty() {
            div.empty {
                @if p.total == 0 && !filtered {
                    h2 { "No parts yet" }
                    p { a href="/seller/parts/new" { "Add your first part" } " or " a href="/seller/imports/new" { "import a spreadsheet" } "." }
                } @else if p.total == 0 {
                    p { "No part matches these filters. " a href="/seller/parts" { "Show all parts" } }
                } @else {
                    p { "This page is past the end of the list. " a href=(link("/seller/parts", p.keep)) { "Back to the first page" } }
                }
            }
        } @else {
            form #bulk method="post" action="/seller/parts/bulk" {
                (csrf_field(chrome.csrf))
                @for (k, v) in p.keep { input type="hidden" name=(k) value=(v); }
                @if p.page > 1 { input type="hidden" name="page" value=(p.page); }
                div.bulk-bar role="group" aria-labelledby="bulk-h" {
                    span #bulk-h.bulk-title { "With the ticked parts:" }
                    button type="submit" name="action" value="archive" { "Archive" }
                    button type="submit" name="action" value="unarchive" { "Restore" }
                    button type="submit" name="action" value="hide" { "Hide" }
                    button type="submit" name="action" value="show" { "Show" }
                    span.bulk-price {
                        label for="f-percent" { "Change price by" }
                        input #f-percent type="text" name="percent" inputmode="decimal" size="6" placeholder="+5 or -10" value=(p.percent) aria-describedby="percent-hint";
                        span #percent-hint.muted { "%" }
                        button type="submit" name="action" value="price" { "Change prices" }
                    }
                }
                p.list-count.muted { "Parts " (figure(first)) "–" (figure(last)) " of " (figure(p.total)) }
                div.table-wrap { table.admin-table.parts-table {
                    caption.visually-hidden { "Your parts" }
                    thead { tr {
                        th scope="col" { span.visually-hidden { "Select" } }
                        th scope="col" { "Part number" }
                        th scope="col" { "Name" }
                        th.num scope="col" { "Price" }
                        th.num scope="col" { "Stock" }
                        th scope="col" { "Status" }
                        th scope="col" { span.visually-hidden { "Actions" } }
                    } }
                    tbody {
                        @for r in p.rows {
                            tr id={ "part-" (r.id) } {
                                td.check {
                                    input id={ "sel-" (r.id) } type="checkbox" name="part" value=(r.id) checked[p.checked.contains(&r.id)];
                                    label.visually-hidden for={ "sel-" (r.id) } { "Select " (r.part_number) }
                                }
                                td.pn { a href={ "/seller/parts/" (r.id) } { (r.part_number) } }
                                td { (r.name) br; span.muted.small { (r.category) } }
                                td.num { (price(r.price_minor, &r.currency)) }
                                td.num.stock-cell { (stock_cell(r.stock, r.low_stock_threshold)) }
                                td { (state_badges(&r.status, &r.visibility)) }
                                td.actions {
                                    a href={ "/seller/parts/" (r.id) "/edit" } { "Edit" span.visually-hidden { " " (r.part_number) } }
                                    " · "
                                    a href={ "/seller/parts/" (r.id) "/stock" } { "Stock" span.visually-hidden { " of " (r.part_number) } }
                                }
                            }
                        }
                    }
                } }
            }
        }
        @if p.prev.is_some() || p.next.is_some() {
            nav.pagination aria-label="Pages" {
                @if let Some(u) = p.prev { a rel="prev" href=(u) { "← Previous" } }
                span aria-current="page" { "Page " (p.page) }
                @if let Some(u) = p.next { a rel="next" href=(u) { "Next →" } }
            }
        }
    };
    layout::page(chrome, "Parts · Seller", "", body)
}

fn by(name: &Option<String>, email: &Option<String>) -> Markup {
    html! {
        @match (name, email) {
            (Some(n), Some(e)) => { (n) br; span.muted.small { (e) } },
            (Some(n), None) => { (n) },
            (None, Some(e)) => { (e) },
            (None, None) => span.muted { "the system" },
        }
    }
}

fn price_source(source: &str) -> &str {
    match source {
        "create" => "Part added",
        "edit" => "Edited",
        "bulk" => "Bulk change",
        "import" => "Import",
        other => other,
    }
}

fn stock_source(source: &str) -> &str {
    match source {
        "create" => "Part added",
        "adjustment" => "Adjustment",
        "import" => "Import",
        "order" => "Order",
        other => other,
    }
}

/// The stock history table.
pub fn stock_table(rows: &[StockChange]) -> Markup {
    html! {
        @if rows.is_empty() { p.muted { "No stock changes recorded." } }
        @else {
            div.table-wrap { table.admin-table.history.stock-history {
                thead { tr {
                    th scope="col" { "When" } th scope="col" { "Who" } th.num scope="col" { "From" }
                    th.num scope="col" { "To" } th.num scope="col" { "Change" } th scope="col" { "Why" }
                } }
                tbody {
                    @for r in rows {
                        @let delta = r.new_stock - r.old_stock.unwrap_or(0);
                        tr {
                            td.when { (utc_minute(r.changed_at)) }
                            td { (by(&r.by_name, &r.by_email)) }
                            td.num { @match r.old_stock { Some(s) => (figure(s)), None => span.muted { "—" } } }
                            td.num { (figure(r.new_stock)) }
                            td.num { @if delta > 0 { span.delta-up { "+" (delta) } } @else if delta < 0 { span.delta-down { "−" (-delta) } } @else { "0" } }
                            td { (describe(&r.reason)) br; span.muted.small { (stock_source(&r.source)) } }
                        }
                    }
                }
            } }
        }
    }
}

fn price_table(rows: &[PriceChange]) -> Markup {
    html! {
        @if rows.is_empty() { p.muted { "No price changes recorded." } }
        @else {
            div.table-wrap { table.admin-table.history.price-history {
                thead { tr {
                    th scope="col" { "When" } th scope="col" { "Who" } th.num scope="col" { "From" }
                    th.num scope="col" { "To" } th scope="col" { "Why" }
                } }
                tbody {
                    @for r in rows {
                        tr {
                            td.when { (utc_minute(r.changed_at)) }
                            td { (by(&r.by_name, &r.by_email)) }
                            td.num { @match r.old_minor { Some(m) => (price(m, &r.currency)), None => span.muted { "—" } } }
                            td.num { (price(r.new_minor, &r.currency)) }
                            td { (price_source(&r.source)) }
                        }
                    }
                }
            } }
        }
    }
}

/// What a part's seller page shows.
pub struct PartPage<'a> {
    pub part: &'a PartRow,
    pub models: &'a [ModelRow],
    pub replaces: &'a [String],
    pub prices: &'a [PriceChange],
    pub stocks: &'a [StockChange],
    pub notice: Option<String>,
}

fn crumbs(part: &PartRow, here: Option<&str>) -> Markup {
    html! {
        nav.breadcrumbs aria-label="Breadcrumb" {
            ol {
                li { a href="/seller" { "Seller" } }
                li { a href="/seller/parts" { "Parts" } }
                @match here {
                    Some(h) => { li { a href={ "/seller/parts/" (part.id) } { (part.part_number) } } li aria-current="page" { (h) } },
                    None => { li aria-current="page" { (part.part_number) } },
                }
            }
        }
    }
}

/// A value, or a muted dash when there is none.
fn or_dash(v: &str) -> Markup {
    html! {
        @if v.trim().is_empty() { span.muted aria-label="none" { "—" } } @else { (v) }
    }
}

/// Why buyers cannot see a part, if they cannot.
fn listing_state(p: &PartRow) -> Option<&'static str> {
    if p.status == "archived" {
        Some("Archived: buyers cannot find or order it.")
    } else if p.visibility == "hidden" {
        Some("Hidden: kept in your catalog, but buyers cannot find or order it.")
    } else if p.seller_status != "active" {
        Some("Not searchable until your organization is approved.")
    } else {
        None
    }
}

/// `/seller/parts/{id}`.
pub fn part(chrome: &Chrome, c: &PartPage) -> Markup {
    let p = c.part;
    let body = html! {
        (crumbs(p, None))
        @if let Some(n) = &c.notice { div.notice role="status" { (n) } }
        div.page-head {
            div {
                p.pn { (p.part_number) }
                h1 { (p.name) }
                p { (state_badges(&p.status, &p.visibility)) " " span.muted { (p.category) } }
            }
            div.head-actions {
                a.button-link-primary href={ "/seller/parts/" (p.id) "/edit" } { "Edit" }
                a.button-link href={ "/seller/parts/" (p.id) "/stock" } { "Adjust stock" }
                a.button-link href={ "/seller/parts/" (p.id) "/images" } { "Pictures" }
                a.button-link href={ "/seller/parts/" (p.id) "/duplicate" } { "Duplicate" }
            }
        }
        @match listing_state(p) {
            Some(why) => p.notice.notice-warn { (why) },
            None => p { a href={ "/parts/" (p.id) } { "See the part as buyers see it →" } },
        }
        div.seller-stats.part-stats {
            div.seller-stat { span.stat-label { "Price" } span.stat-figure { (price(p.price_minor, &p.currency)) } span.stat-note { "excl. " (p.gst_rate) "% GST" } }
            div.seller-stat.stat-bad[p.stock == 0].stat-warn[p.stock > 0 && p.low_stock_threshold > 0 && p.stock <= p.low_stock_threshold] {
                span.stat-label { "Stock" } span.stat-figure { (figure(p.stock)) }
                span.stat-note { @if p.low_stock_threshold > 0 { "warn at " (p.low_stock_threshold) } @else { "no low-stock warning" } }
            }
            div.seller-stat {
                span.stat-label { "Minimum order" } span.stat-figure { (p.moq) }
                span.stat-note { "units" @if p.order_multiple > 1 { ", sold in multiples of " (p.order_multiple) } }
            }
            div.seller-stat {
                span.stat-label { "Lead time" }
                @if p.lead_time_days == 0 { span.stat-figure { "Same day" } span.stat-note { "ships from stock" } }
                @else { span.stat-figure { (p.lead_time_days) } span.stat-note { "days to dispatch" } }
            }
        }
        section aria-labelledby="details-h" {
            h2 #details-h { "Details" }
            table.specs {
                tbody {
                    tr { th scope="row" { "Manufacturer" } td { (p.manufacturer_name) } }
                    tr { th scope="row" { "Brand" } td { (or_dash(&p.brand)) } }
                    tr { th scope="row" { "OEM part number" } td { (or_dash(&p.oem_part_number)) } }
                    tr { th scope="row" { "Condition" } td.capitalize { (p.condition) } }
                    tr { th scope="row" { "Warranty" } td { @if p.warranty_months == 0 { "None" } @else { (p.warranty_months) " months" } } }
                    tr { th scope="row" { "Weight" } td { @if p.weight_grams > 0 { (figure(p.weight_grams)) " g" } @else { (or_dash("")) } } }
                    tr { th scope="row" { "HSN code" } td { (or_dash(&p.hsn_code)) } }
                    tr { th scope="row" { "Compatible models" } td {
                        @if c.models.is_empty() { span.muted { "none listed" } }
                        @for (i, m) in c.models.iter().enumerate() { @if i > 0 { ", " } a href={ "/models/" (m.id) } { (m.label()) } }
                    } }
                    tr { th scope="row" { "Replaces" } td {
                        @if c.replaces.is_empty() { span.muted { "no older numbers" } }
                        @for (i, r) in c.replaces.iter().enumerate() { @if i > 0 { ", " } code { (r) } }
                    } }
                    tr { th scope="row" { "Description" } td { (or_dash(&p.description)) } }
                }
            }
        }
        section aria-labelledby="stock-h" {
            h2 #stock-h { "Stock history" }
            (stock_table(c.stocks))
        }
        section aria-labelledby="price-h" {
            h2 #price-h { "Price history" }
            (price_table(c.prices))
        }
    };
    layout::page(chrome, &format!("{} · Seller", p.part_number), "", body)
}

/// `/seller/parts/{id}/stock`.
pub fn stock_form(chrome: &Chrome, p: &PartRow, f: &FormState, history: &[StockChange]) -> Markup {
    let modes = [
        ("add", "Add", "received or found more"),
        ("subtract", "Subtract", "damaged, lost, used"),
        ("set", "Set to", "after a count"),
    ];
    let reasons: Vec<(&str, &str)> = Reason::ALL.iter().map(|r| (r.key(), r.label())).collect();
    let mode_err = f.error("mode");
    let q_err = f.error("quantity");
    let note_err = f.error("note");
    let body = html! {
        (crumbs(p, Some("Adjust stock")))
        h1 { "Adjust stock" }
        p.muted { (p.part_number) " · " (p.name) }
        div.seller-panel.stock-panel {
            p.stock-now { "In stock now: " strong { (figure(p.stock)) } }
            (notices(f))
            form method="post" action={ "/seller/parts/" (p.id) "/stock" } novalidate {
                (csrf_field(chrome.csrf))
                fieldset.modes.field-error[mode_err.is_some()] {
                    legend { "Change" }
                    @for (v, l, hint) in modes {
                        label.mode {
                            input type="radio" name="mode" value=(v) checked[f.value("mode") == v];
                            " " strong { (l) } " " span.muted { "(" (hint) ")" }
                        }
                    }
                    @if let Some(e) = mode_err { p.error-text { (e) } }
                }
                div.field.field-error[q_err.is_some()] {
                    label for="f-quantity" { "Quantity" }
                    input #f-quantity name="quantity" type="text" inputmode="numeric" autocomplete="off" value=(f.value("quantity"))
                        aria-invalid=[q_err.map(|_| "true")] aria-describedby=[q_err.map(|_| "f-quantity-error")];
                    @if let Some(e) = q_err { p.error-text #f-quantity-error { (e) } }
                }
                (select(f, "reason", "Reason", "", &reasons))
                div.field.field-error[note_err.is_some()] {
                    label for="f-note" { "Note " span.muted { "(required for “Other”)" } }
                    input #f-note name="note" type="text" maxlength="200" autocomplete="off" value=(f.value("note"))
                        aria-invalid=[note_err.map(|_| "true")] aria-describedby=[note_err.map(|_| "f-note-error")];
                    @if let Some(e) = note_err { p.error-text #f-note-error { (e) } }
                }
                button.primary type="submit" { "Save stock" }
                " " a href={ "/seller/parts/" (p.id) } { "Cancel" }
            }
        }
        section aria-labelledby="hist-h" {
            h2 #hist-h { "Stock history" }
            (stock_table(history))
        }
    };
    layout::page(
        chrome,
        &format!("Adjust stock · {}", p.part_number),
        "",
        body,
    )
}
