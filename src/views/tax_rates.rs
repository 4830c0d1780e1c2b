//! `/admin/tax-rates`: the sales tax and VAT table for sellers outside
//! India, grouped by country, with the forms to add, change and delete
//! rates, and how checkout uses it.

use maud::{Markup, html};

use super::account::FormState;
use super::admin::admin_nav;
use super::layout::{self, Chrome, csrf_field};
use crate::db::tax_rates::StoredRate;
use crate::domain::address::COUNTRIES;
use crate::domain::dates::utc_minute;
use crate::domain::tax::TaxKind;

/// What the page shows.
pub struct TaxRatesPage<'a> {
    /// Every stored rate, by country then region.
    pub rows: &'a [StoredRate],
    /// Why the stored table cannot be used, when it cannot.
    pub problem: Option<String>,
    /// The add form: what was typed and what was refused.
    pub add: &'a FormState,
    /// A refused change: the row's (country, region) and its form.
    pub editing: Option<((&'a str, &'a str), &'a FormState)>,
    /// The outcome of the last move.
    pub notice: Option<String>,
    /// A move that changed nothing, and why.
    pub banner: Option<String>,
}

/// "US/CA", or "DE" for a country-wide row.
pub fn place(country: &str, region: &str) -> String {
    if region.is_empty() {
        country.to_owned()
    } else {
        format!("{country}/{region}")
    }
}

/// The id of a row's `tr`, for links back to it.
pub fn row_anchor(country: &str, region: &str) -> String {
    if region.is_empty() {
        format!("rate-{country}")
    } else {
        format!("rate-{country}-{region}")
    }
}

fn country_name(code: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

fn kind_label(kind: &str) -> &str {
    match TaxKind::parse(kind) {
        Some(k) => k.label(),
        None => kind,
    }
}

/// A field's label. A row's fields sit under the table's "Change" column,
/// so their labels are for screen readers only and name the row's place.
struct Label<'a> {
    text: &'a str,
    hidden: bool,
}

fn shown(text: &str) -> Label<'_> {
    Label {
        text,
        hidden: false,
    }
}

/// A labelled text input with an optional hint and its error beside it;
/// `id` is unique on the page.
fn text_field(
    id: &str,
    name: &str,
    label: Label,
    hint: Option<&str>,
    value: &str,
    err: Option<&str>,
    inputmode: &str,
) -> Markup {
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    html! {
        div.field.field-error[err.is_some()] {
            label.visually-hidden[label.hidden] for=(id) { (label.text) }
            @if let Some(h) = hint { p.hint id=(hint_id) { (h) } }
            input id=(id) name=(name) type="text" inputmode=(inputmode) autocomplete="off"
                spellcheck="false" value=(value)
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=[described(hint.map(|_| hint_id.as_str()), err.map(|_| err_id.as_str()))];
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

/// The sales tax / VAT select with an optional hint and its error beside it.
fn kind_field(
    id: &str,
    label: Label,
    hint: Option<&str>,
    chosen: &str,
    err: Option<&str>,
) -> Markup {
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    html! {
        div.field.field-error[err.is_some()] {
            label.visually-hidden[label.hidden] for=(id) { (label.text) }
            @if let Some(h) = hint { p.hint id=(hint_id) { (h) } }
            select id=(id) name="kind" aria-invalid=[err.map(|_| "true")]
                aria-describedby=[described(hint.map(|_| hint_id.as_str()), err.map(|_| err_id.as_str()))] {
                @for k in TaxKind::TABLE {
                    option value=(k.as_str()) selected[chosen == k.as_str()] { (k.label()) }
                }
            }
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

/// An `aria-describedby` naming a field's hint and error, if it has them.
fn described(hint_id: Option<&str>, err_id: Option<&str>) -> Option<String> {
    let ids: Vec<&str> = [hint_id, err_id].into_iter().flatten().collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn add_form(chrome: &Chrome, f: &FormState) -> Markup {
    html! {
        section aria-labelledby="add-h" {
            h2 #add-h { "Add a rate" }
            form.address-form.tax-rate-add method="post" action="/admin/tax-rates" novalidate {
                (csrf_field(chrome.csrf))
                div.inline-fields {
                    (text_field("f-country", "country", shown("Country"), Some("Two letters: US, DE."),
                        f.value("country"), f.error("country"), "text"))
                    (text_field("f-region", "region", shown("Region (optional)"),
                        Some("CA, NY; empty for the whole country."),
                        f.value("region"), f.error("region"), "text"))
                    (kind_field("f-kind", shown("Tax"), Some("Sales tax or VAT."), f.value("kind"), f.error("kind")))
                    (text_field("f-rate", "rate", shown("Rate (%)"), Some("Up to 4 decimals: 7.25."),
                        f.value("rate"), f.error("rate"), "decimal"))
                }
                button.primary type="submit" { "Add rate" }
            }
        }
    }
}

/// The change and delete forms of one row. A refused change shows what was
/// typed and why.
fn row_forms(chrome: &Chrome, p: &TaxRatesPage, r: &StoredRate) -> Markup {
    let refused = p
        .editing
        .filter(|((c, reg), _)| *c == r.country && *reg == r.region)
        .map(|(_, f)| f);
    let (kind, rate) = match refused {
        Some(f) => (f.value("kind").to_owned(), f.value("rate").to_owned()),
        None => (r.kind.clone(), r.rate().to_string()),
    };
    let err = |name: &str| refused.and_then(|f| f.error(name));
    let id = row_anchor(&r.country, &r.region);
    let place = place(&r.country, &r.region);
    let kind_label = format!("Tax for {place}");
    let rate_label = format!("Rate (%) for {place}");
    let hidden = |text| Label { text, hidden: true };
    html! {
        form.rate-edit method="post" action="/admin/tax-rates/edit" novalidate {
            (csrf_field(chrome.csrf))
            input type="hidden" name="country" value=(r.country);
            input type="hidden" name="region" value=(r.region);
            (kind_field(&format!("{id}-kind"), hidden(&kind_label), None, &kind, err("kind")))
            (text_field(&format!("{id}-rate"), "rate", hidden(&rate_label), None, &rate, err("rate"), "decimal"))
            button.small type="submit" { "Save" span.visually-hidden { " " (place) } }
        }
        form.inline method="post" action="/admin/tax-rates/delete" {
            (csrf_field(chrome.csrf))
            input type="hidden" name="country" value=(r.country);
            input type="hidden" name="region" value=(r.region);
            button.small.danger type="submit" { "Delete" span.visually-hidden { " " (place) } }
        }
    }
}

fn explanation() -> Markup {
    html! {
        section.tax-rates-help aria-labelledby="how-h" {
            h2 #how-h { "How checkout uses this table" }
            ul {
                li { "It applies to orders from sellers " strong { "outside India" } ". "
                    "Checkout looks up the shipping address: first the row for its region (US/CA), "
                    "then the country-wide row (DE). The rate applies to every line, whatever the part's GST rate." }
                li { "A destination with no row is charged " strong { "no tax" } ", and the order says "
                    "“no rate configured for US/WA”. A rate of 0% is a rate: the order says “Sales tax 0% for US/OR”." }
                li { "Indian GST is not configured here: orders from sellers in India follow the GST rules "
                    "(CGST + SGST within a state, IGST between states, zero-rated exports)." }
                li { "A change applies from the next checkout; placed orders keep the tax they were placed with." }
            }
        }
    }
}

/// `/admin/tax-rates`.
pub fn page(chrome: &Chrome, p: &TaxRatesPage) -> Markup {
    // Rows arrive sorted by country, so each country's rows are one run.
    let groups: Vec<&[StoredRate]> = p.rows.chunk_by(|a, b| a.country == b.country).collect();
    let body = html! {
        h1 { "Tax rates" }
        (admin_nav("/admin/tax-rates"))
        @if let Some(n) = &p.notice { div.notice role="status" { (n) } }
        @if let Some(b) = &p.banner { div.notice.notice-warn role="alert" { (b) } }
        @if let Some(problem) = &p.problem {
            div.notice.notice-warn.table-problem role="alert" {
                "The stored table cannot be used, so checkout stops for orders from sellers outside India until it is fixed: "
                (problem)
            }
        }
        @if let Some(((country, region), _)) = p.editing {
            div.notice.notice-warn role="alert" {
                "Nothing was saved for " (place(country, region)) ": "
                a href={ "#" (row_anchor(country, region)) } { "fix its row" } "."
            }
        }
        p.lede { "Sales tax and VAT by destination, for orders from sellers outside India. Times are UTC." }
        (explanation())
        (add_form(chrome, p.add))
        section aria-labelledby="rates-h" {
            h2 #rates-h { "Rates" }
            @if p.rows.is_empty() {
                p.empty { "No rates: no order from a seller outside India is charged tax." }
            } @else {
                div.table-scroll {
                    table.admin-table.tax-rates {
                        thead { tr {
                            th scope="col" { "Country" } th scope="col" { "Region" } th scope="col" { "Tax" }
                            th.num scope="col" { "Rate" } th scope="col" { "Last changed" } th scope="col" { "Change" }
                        } }
                        @for group in &groups {
                            @let country = group[0].country.as_str();
                            tbody.country-group id={ "country-" (country) } {
                                @for (i, r) in group.iter().enumerate() {
                                    tr id=(row_anchor(&r.country, &r.region)) {
                                        @if i == 0 {
                                            th.country scope="rowgroup" rowspan=(group.len()) {
                                                (country)
                                                @if let Some(name) = country_name(country) { " " br; span.muted.small { (name) } }
                                            }
                                        }
                                        td.region {
                                            @if r.region.is_empty() { span.muted { "Whole country" } } @else { (r.region) }
                                        }
                                        td.kind { (kind_label(&r.kind)) }
                                        td.num.rate { (r.rate()) "%" }
                                        td.when {
                                            @match (r.updated_at, &r.updated_by) {
                                                (Some(at), by) => {
                                                    (utc_minute(at))
                                                    @if let Some(by) = by { br; span.muted.small.by { (by) } }
                                                }
                                                (None, _) => span.muted { "Starter rate" },
                                            }
                                        }
                                        td.actions { (row_forms(chrome, p, r)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(chrome, "Tax rates · Platform admin", "", body)
}
