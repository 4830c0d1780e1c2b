//! Purchasing pages: a buying organization's approval threshold, and the
//! payment terms a seller grants each buying organization.

use maud::{Markup, html};

use super::account::FormState;
use super::components::price;
use super::layout::{self, Chrome, csrf_field};
use super::seller::seller_nav;
use crate::db::buyer_settings::BuyerSettingsRow;
use crate::db::credit_terms::CustomerRow;

/// Minor units as a form shows them for editing: `50000.00`, no symbol or
/// grouping, so the amount reads back exactly.
pub fn amount_input(minor: i64) -> String {
    rust_decimal::Decimal::new(minor, 2).to_string()
}

/// The approval threshold: what it is now, and the form to change it.
pub fn threshold_page(chrome: &Chrome, saved: Option<&BuyerSettingsRow>, f: &FormState) -> Markup {
    let current = saved.and_then(|s| s.approval_threshold_minor.map(|m| (m, s.currency.as_str())));
    let err = f.error("threshold");
    let body = html! {
        h1 { "Purchasing" }
        @if let Some(n) = &f.notice { div.notice role="status" { (n) } }
        section.purchasing aria-labelledby="approval-h" {
            h2 #approval-h { "Order approval" }
            p.current-rule {
                @match current {
                    Some((minor, currency)) => {
                        "Now: orders above " strong { (price(minor, currency)) } " wait for an approver."
                    }
                    None => { "Now: " strong { "no approval needed" } ". Orders are placed as soon as they are submitted." }
                }
            }
            form.address-form method="post" action="/org/purchasing" {
                (csrf_field(chrome.csrf))
                div.field.field-error[err.is_some()] {
                    label for="f-threshold" { "Approval threshold (₹)" }
                    p.hint #f-threshold-hint {
                        "Orders above this total wait for an approver. "
                        "Type an amount such as 50,000 or 50000.00; leave it empty if no order needs approval."
                    }
                    input #f-threshold name="threshold" type="text" inputmode="decimal" autocomplete="off"
                        value=(f.value("threshold"))
                        aria-invalid=[err.map(|_| "true")]
                        aria-describedby=(if err.is_some() { "f-threshold-hint f-threshold-error" } else { "f-threshold-hint" });
                    @if let Some(e) = err { p.error-text #f-threshold-error { (e) } }
                }
                button.primary type="submit" { "Save threshold" }
            }
        }
    };
    layout::page(chrome, "Purchasing", "", body)
}

/// One buying organization with what it owes the seller now.
pub struct Customer {
    pub row: CustomerRow,
    pub owed_minor: i64,
}

/// What the customer list shows.
pub struct CustomersPage<'a> {
    pub customers: &'a [Customer],
    pub page: i64,
    pub prev: Option<&'a str>,
    pub next: Option<&'a str>,
    pub notice: Option<&'a str>,
    /// A refused terms form: the buyer's id and what was typed.
    pub editing: Option<(&'a str, &'a FormState)>,
    /// Seller admins change terms; staff only see them.
    pub can_edit: bool,
}

/// A labelled input of a row's form, its id unique on the page, with its
/// error beside it.
fn row_field(
    row_id: &str,
    name: &str,
    label: &str,
    value: &str,
    err: Option<&str>,
    inputmode: &str,
) -> Markup {
    let id = format!("t-{row_id}-{name}");
    let err_id = format!("{id}-error");
    html! {
        div.field.field-error[err.is_some()] {
            label for=(id) { (label) }
            input id=(id) name=(name) type="text" inputmode=(inputmode) autocomplete="off" value=(value)
                aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| err_id.as_str())];
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

fn terms_forms(chrome: &Chrome, p: &CustomersPage, c: &CustomerRow) -> Markup {
    let refused = p.editing.filter(|(id, _)| *id == c.id).map(|(_, f)| f);
    let (net_days, limit) = match refused {
        Some(f) => (
            f.value("net_days").to_owned(),
            f.value("credit_limit").to_owned(),
        ),
        None => (
            c.net_days.map(|d| d.to_string()).unwrap_or_default(),
            c.credit_limit_minor.map(amount_input).unwrap_or_default(),
        ),
    };
    let err = |name: &str| refused.and_then(|f| f.error(name));
    let page = p.page.to_string();
    html! {
        form.terms-form method="post" action={ "/seller/customers/" (c.id) "/terms" } {
            (csrf_field(chrome.csrf))
            input type="hidden" name="page" value=(page);
            div.inline-fields {
                (row_field(&c.id, "net_days", "Net days (1–180)", &net_days, err("net_days"), "numeric"))
                (row_field(&c.id, "credit_limit", "Credit limit (₹)", &limit, err("credit_limit"), "decimal"))
            }
            button.small type="submit" {
                @if c.net_days.is_some() { "Save terms" } @else { "Grant terms" }
                span.visually-hidden { " for " (c.name) }
            }
        }
        @if c.net_days.is_some() {
            form.inline method="post" action={ "/seller/customers/" (c.id) "/terms/revoke" } {
                (csrf_field(chrome.csrf))
                input type="hidden" name="page" value=(page);
                button.link-button type="submit" { "Withdraw terms" span.visually-hidden { " of " (c.name) } }
            }
        }
    }
}

/// The seller's customers: each buying organization, the net terms and
/// credit limit granted to it, what it owes now, and (for admins) the
/// forms to change them.
pub fn customers_page(chrome: &Chrome, p: &CustomersPage) -> Markup {
    let body = html! {
        (seller_nav("/seller/customers"))
        h1 { "Customers" }
        @if let Some(n) = p.notice { div.notice role="status" { (n) } }
        p.hint {
            "Net terms let a buyer order now and pay by invoice within the days you set, "
            "as long as what it owes you on open orders stays within its credit limit."
        }
        @if p.customers.is_empty() {
            p.empty { "No buying organizations yet." }
        } @else {
            div.table-scroll {
                table.admin-table.customers {
                    caption.visually-hidden { "Buying organizations and the terms you grant them" }
                    thead {
                        tr {
                            th scope="col" { "Organization" }
                            th scope="col" { "Net terms" }
                            th.num scope="col" { "Credit limit" }
                            th.num scope="col" { "Owed now" }
                            @if p.can_edit { th scope="col" { "Change" } }
                        }
                    }
                    tbody {
                        @for c in p.customers {
                            @let row = &c.row;
                            tr.has-terms[row.net_days.is_some()] id={ "c-" (row.id) } {
                                th scope="row" {
                                    (row.name)
                                    br;
                                    span.muted.small.capitalize { (row.kind) @if !row.city.is_empty() { " · " (row.city) } }
                                }
                                td.terms {
                                    @match row.net_days {
                                        Some(d) => { span.badge.badge-in { "Net " (d) " days" } }
                                        None => { span.muted { "None" } }
                                    }
                                }
                                td.num.limit {
                                    @match (row.credit_limit_minor, row.currency.as_deref()) {
                                        (Some(m), Some(cur)) => { (price(m, cur)) }
                                        _ => { span.muted { "—" } }
                                    }
                                }
                                td.num.owed { (price(c.owed_minor, row.currency.as_deref().unwrap_or("INR"))) }
                                @if p.can_edit { td.actions { (terms_forms(chrome, p, row)) } }
                            }
                        }
                    }
                }
            }
        }
        @if p.prev.is_some() || p.next.is_some() {
            nav.pagination aria-label="Pages" {
                @if let Some(h) = p.prev { a rel="prev" href=(h) { "← Previous" } }
                @if let Some(h) = p.next { a rel="next" href=(h) { "Next →" } }
            }
        }
        @if !p.can_edit {
            p.muted { "Only a seller administrator can change terms." }
        }
    };
    layout::page(chrome, "Customers", "", body)
}
