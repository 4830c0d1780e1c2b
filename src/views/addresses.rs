//! The address book: an organization's billing and shipping addresses, the
//! default of each kind, and the form to add or change one.

use maud::{Markup, html};

use super::account::{FormState, field};
use super::admin::select_field;
use super::layout::{self, Chrome, csrf_field};
use crate::db::addresses::AddressRow;
use crate::domain::address::{COUNTRIES, Kind, state_name};
use crate::domain::gstin::State;

fn card(chrome: &Chrome, a: &AddressRow) -> Markup {
    html! {
        li.address-card.is-default[a.is_default] {
            @if a.is_default { span.badge.badge-in { "Default" } " " }
            @if !a.label.is_empty() { strong { (a.label) } }
            address {
                (a.contact_name) br;
                (a.line1) br;
                @if !a.line2.is_empty() { (a.line2) br; }
                (a.city) ", " (state_name(&a.country, &a.state_code)) " " (a.postal_code) br;
                (COUNTRIES.iter().find(|(c, _)| *c == a.country).map_or(a.country.as_str(), |(_, n)| n))
                @if !a.phone.is_empty() { br; "Phone " (a.phone) }
            }
            @if !a.gstin.is_empty() { p.small { "GSTIN " code { (a.gstin) } } }
            div.address-actions {
                a href={ "/org/addresses/" (a.id) "/edit" } { "Edit" span.visually-hidden { " " (a.contact_name) ", " (a.line1) } }
                @if !a.is_default {
                    form.inline method="post" action={ "/org/addresses/" (a.id) "/default" } {
                        (csrf_field(chrome.csrf))
                        button.link-button type="submit" { "Make default" }
                    }
                }
                form.inline method="post" action={ "/org/addresses/" (a.id) "/delete" } {
                    (csrf_field(chrome.csrf))
                    button.link-button type="submit" { "Delete" }
                }
            }
        }
    }
}

/// The fields of the address form; `kind_fixed` hides the kind (on edit,
/// and for checkout's new shipping address).
pub fn fields(f: &FormState, kind_fixed: bool) -> Markup {
    let countries: Vec<(String, String)> = COUNTRIES
        .iter()
        .map(|(c, n)| ((*c).to_owned(), (*n).to_owned()))
        .collect();
    let err = f.error("state");
    html! {
        @if !kind_fixed {
            (select_field(f, "kind", "Kind", "Choose…", &[
                ("shipping".into(), "Shipping address".into()),
                ("billing".into(), "Billing address".into()),
            ]))
        }
        (field(f, "label", "Label (optional), such as “Main stores”", "text", "off"))
        (field(f, "contact_name", "Contact name", "text", "name"))
        (field(f, "phone", "Phone (optional)", "tel", "tel"))
        (field(f, "line1", "Address line 1", "text", "address-line1"))
        (field(f, "line2", "Address line 2 (optional)", "text", "address-line2"))
        (field(f, "city", "City", "text", "address-level2"))
        div.field.field-error[err.is_some()] {
            label for="f-state" { "State (in India) or region code" }
            input #f-state name="state" type="text" list="states" autocomplete="address-level1"
                value=(f.value("state")) aria-invalid=[err.map(|_| "true")]
                aria-describedby=[err.map(|_| "f-state-error")];
            datalist #states { @for s in State::all() { option value=(s.name()) {} } }
            @if let Some(e) = err { p.error-text #f-state-error { (e) } }
        }
        (field(f, "postal_code", "PIN or postal code", "text", "postal-code"))
        (select_field(f, "country", "Country", "Choose…", &countries))
        (field(f, "gstin", "GSTIN (optional)", "text", "off"))
    }
}

/// The address book, with the form to add one.
pub fn page(chrome: &Chrome, addresses: &[AddressRow], f: &FormState) -> Markup {
    let body = html! {
        h1 { "Addresses" }
        p.muted { "Where your parts are delivered and invoices are addressed. The state of the shipping address decides the GST (CGST + SGST or IGST)." }
        @if let Some(n) = &f.notice { div.notice role="status" { (n) } }
        @if let Some(b) = &f.banner { div.notice.notice-warn role="alert" { (b) } }
        @for kind in [Kind::Shipping, Kind::Billing] {
            section aria-labelledby={ "h-" (kind.as_str()) } {
                h2 id={ "h-" (kind.as_str()) } { (kind.label()) "es" }
                @let of_kind: Vec<&AddressRow> = addresses.iter().filter(|a| a.kind == kind.as_str()).collect();
                @if of_kind.is_empty() { p.muted { "None yet." } }
                @else { ul.address-list { @for a in of_kind { (card(chrome, a)) } } }
            }
        }
        section aria-labelledby="h-add" {
            h2 #h-add { "Add an address" }
            form.address-form method="post" action="/org/addresses" {
                (csrf_field(chrome.csrf))
                (fields(f, false))
                button type="submit" { "Add address" }
            }
        }
    };
    layout::page(chrome, "Addresses", "", body)
}

/// The form to change one address.
pub fn edit(chrome: &Chrome, a: &AddressRow, f: &FormState) -> Markup {
    let kind = Kind::parse(&a.kind).unwrap_or(Kind::Shipping);
    let body = html! {
        p { a href="/org/addresses" { "← Addresses" } }
        h1 { "Edit " (kind.label().to_lowercase()) }
        @if let Some(b) = &f.banner { div.notice.notice-warn role="alert" { (b) } }
        form.address-form method="post" action={ "/org/addresses/" (a.id) "/edit" } {
            (csrf_field(chrome.csrf))
            (fields(f, true))
            button type="submit" { "Save" }
        }
    };
    layout::page(chrome, "Edit address", "", body)
}
