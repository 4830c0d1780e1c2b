//! The seller's checkout settings: GST registration, bank details and
//! shipping rules. Staff see them (bank number masked); only seller admins
//! change them.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::account::{FormState, field};
use super::components::price;
use super::layout::{self, Chrome, csrf_field};
use super::seller::seller_nav;
use crate::db::seller_settings::SellerSettingsRow;
use crate::domain::bank::masked;
use crate::domain::gstin::State;
use crate::domain::money;
use crate::domain::shipping::{ParcelWeight, ShipOption, ShippingRules, Zone};

/// Weight-slab rows the shipping form offers for each service.
pub const SLAB_ROWS: usize = 5;

/// The weight the preview quotes.
const PREVIEW_GRAMS: u64 = 1_000;

/// The shipping rules form as typed. Field names are the paths
/// `ShippingRules::validate` names its errors by
/// (`other_state.express.rate.slabs.1.fee_minor`), so each error lands on
/// its input; they are built at run time, hence `String` keys rather than
/// `FormState`'s static names. Amounts are typed in major units.
#[derive(Debug, Clone, Default)]
pub struct RulesForm {
    pub values: BTreeMap<String, String>,
    pub errors: Vec<(String, String)>,
    pub notice: Option<String>,
}

impl RulesForm {
    /// The typed value of a field.
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
    /// Whether a checkbox is ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.value(name) == "on"
    }
    /// The first error of a field.
    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// Adds an error to a field, unless it already has one.
    pub fn fail(&mut self, name: String, msg: impl Into<String>) {
        if self.error(&name).is_none() {
            self.errors.push((name, msg.into()));
        }
    }
}

/// The HTML id of a shipping field.
fn rule_id(name: &str) -> String {
    format!("s-{}", name.replace('.', "-"))
}

/// A labelled text input with its error beside it; `hidden_label` keeps
/// the label for screen readers only (inside a table with headers).
fn rule_input(
    f: &RulesForm,
    name: &str,
    label: &str,
    inputmode: &str,
    hidden_label: bool,
) -> Markup {
    let err = f.error(name);
    let id = rule_id(name);
    let err_id = format!("{id}-error");
    html! {
        div.field.field-error[err.is_some()] {
            label.visually-hidden[hidden_label] for=(id) { (label) }
            input id=(id) name=(name) type="text" inputmode=(inputmode) autocomplete="off"
                value=(f.value(name)) aria-invalid=[err.map(|_| "true")]
                aria-describedby=[err.map(|_| err_id.as_str())];
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

fn rule_check(f: &RulesForm, name: &str, label: &str) -> Markup {
    let err = f.error(name);
    let id = rule_id(name);
    let err_id = format!("{id}-error");
    html! {
        div.check-field.field-error[err.is_some()] {
            label.choice for=(id) {
                input id=(id) name=(name) type="checkbox" value="on" checked[f.checked(name)]
                    aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| err_id.as_str())];
                (label)
            }
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

fn rule_select(f: &RulesForm, name: &str, label: &str, options: &[(&str, &str)]) -> Markup {
    let err = f.error(name);
    let id = rule_id(name);
    let err_id = format!("{id}-error");
    let chosen = f.value(name);
    html! {
        div.field.field-error[err.is_some()] {
            label for=(id) { (label) }
            select id=(id) name=(name) aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| err_id.as_str())] {
                @for (v, l) in options { option value=(v) selected[chosen == *v] { (l) } }
            }
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

/// One service (standard or express) of one zone.
fn service_fields(f: &RulesForm, zone: Zone, option: ShipOption, symbol: &str) -> Markup {
    let prefix = format!("{}.{}", zone.key(), option.key());
    let n = |s: &str| format!("{prefix}.{s}");
    let by_weight = f.value(&n("rate.mode")) == "slabs";
    let slab_error = f
        .errors
        .iter()
        .any(|(k, _)| k.starts_with(&n("rate.slabs")) || *k == n("rate.extra_kg_fee_minor"));
    html! {
        fieldset.service {
            legend { (option.label()) }
            @if option == ShipOption::Express {
                (rule_check(f, &n("offered"), &format!("Offer express {}", zone_phrase(zone))))
            }
            div.inline-fields {
                (rule_input(f, &n("transit_days"), "Transit (business days)", "numeric", false))
                (rule_select(f, &n("rate.mode"), "Priced", &[("flat", "Flat fee per order"), ("slabs", "By weight")]))
                (rule_input(f, &n("rate.fee_minor"), &format!("Flat fee ({symbol})"), "decimal", false))
            }
            details.slabs open[by_weight || slab_error] {
                summary { "Weight slabs" span.muted { " (used when priced by weight)" } }
                @if let Some(e) = f.error(&n("rate.slabs")) {
                    p.error-text id=(format!("{}-error", rule_id(&n("rate.slabs")))) { (e) }
                }
                table.slab-table {
                    thead { tr { th scope="col" { "Up to (grams)" } th scope="col" { "Fee (" (symbol) ")" } } }
                    tbody {
                        @for i in 0..SLAB_ROWS {
                            tr {
                                td { (rule_input(f, &n(&format!("rate.slabs.{i}.up_to_grams")), &format!("Slab {}: up to grams", i + 1), "numeric", true)) }
                                td { (rule_input(f, &n(&format!("rate.slabs.{i}.fee_minor")), &format!("Slab {}: fee", i + 1), "decimal", true)) }
                            }
                        }
                    }
                }
                p.hint { "From light to heavy; leave unused rows empty. Above the last slab, each further kilogram or part of one costs:" }
                (rule_input(f, &n("rate.extra_kg_fee_minor"), &format!("Fee per extra kg ({symbol})"), "decimal", false))
            }
        }
    }
}

/// Where a field is, for the error summary: "Other states, express: ".
fn where_is(name: &str) -> String {
    let mut parts = name.split('.');
    let zone = parts
        .next()
        .and_then(|z| Zone::ALL.into_iter().find(|zone| zone.key() == z));
    let option = parts
        .next()
        .and_then(|o| ShipOption::ALL.into_iter().find(|opt| opt.key() == o));
    match (zone, option) {
        (Some(z), Some(o)) => format!("{}, {}: ", z.label(), o.label().to_lowercase()),
        (Some(z), None) => format!("{}: ", z.label()),
        _ => String::new(),
    }
}

fn zone_phrase(zone: Zone) -> &'static str {
    match zone {
        Zone::SameState => "within your state",
        Zone::OtherState => "to other states",
        Zone::International => "to other countries",
    }
}

/// What a 1 kg order costs per zone and option under `rules`, before free
/// shipping.
pub fn shipping_preview(rules: &ShippingRules) -> Markup {
    html! {
        div.table-scroll {
            table.admin-table.shipping-preview {
                caption { "What a 1 kg order costs with your saved rules (before free shipping)" }
                thead { tr { th scope="col" { "Zone" } @for o in ShipOption::ALL { th scope="col" { (o.label()) } } } }
                tbody {
                    @for zone in Zone::ALL {
                        tr {
                            th scope="row" { (zone.label()) }
                            @for option in ShipOption::ALL {
                                @match rules.quote(zone, option, 0, ParcelWeight::known(PREVIEW_GRAMS)) {
                                    Ok(q) => td.quote {
                                        (price(q.fee_minor, &q.currency))
                                        br;
                                        span.muted.small { (q.transit_days) @if q.transit_days == 1 { " business day" } @else { " business days" } }
                                    },
                                    Err(why) => td.unavailable { span.muted { "Not offered: " (why) } },
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(t) = rules.free_standard_threshold_minor {
            p.hint { "Standard shipping within your country is free for orders of " (price(t, &rules.currency)) " or more." }
        }
    }
}

/// The shipping section: the preview, and the form for an admin.
fn shipping_section(
    chrome: &Chrome,
    rules: &ShippingRules,
    f: &RulesForm,
    can_edit: bool,
) -> Markup {
    let currency = if f.value("currency").is_empty() {
        rules.currency.as_str()
    } else {
        f.value("currency")
    };
    let symbol = money::symbol(currency);
    let currencies: Vec<(&str, &str)> = money::INR_PER_UNIT.iter().map(|(c, _)| (*c, *c)).collect();
    html! {
        section.shipping-rules #shipping aria-labelledby="shipping-h" {
            h2 #shipping-h { "Shipping" }
            @if let Some(n) = &f.notice { div.notice role="status" { (n) } }
            (shipping_preview(rules))
            @if can_edit {
                @if !f.errors.is_empty() {
                    div.notice.notice-warn role="alert" {
                        p { "The shipping rules were not saved. Check these fields:" }
                        ul.error-summary {
                            @for (name, message) in &f.errors {
                                li { a href={ "#" (rule_id(name)) } { (where_is(name)) (message) } }
                            }
                        }
                    }
                }
                form.address-form.shipping-form method="post" action="/seller/settings/shipping" {
                    (csrf_field(chrome.csrf))
                    fieldset {
                        legend { "Services" }
                        (rule_select(f, "currency", "Currency of fees", &currencies))
                        (rule_check(f, "standard_enabled", "Offer standard shipping"))
                        (rule_check(f, "express_enabled", "Offer express shipping"))
                        (rule_input(f, "free_standard_threshold_minor", &format!("Free standard shipping from ({symbol}, orders within your country; empty: never)"), "decimal", false))
                    }
                    @for zone in Zone::ALL {
                        fieldset.zone {
                            legend { (zone.label()) }
                            (rule_check(f, &format!("{}.enabled", zone.key()), &format!("Ship {}", zone_phrase(zone))))
                            (service_fields(f, zone, ShipOption::Standard, symbol))
                            (service_fields(f, zone, ShipOption::Express, symbol))
                        }
                    }
                    button.primary type="submit" { "Save shipping rules" }
                }
            }
        }
    }
}

/// The settings page: the forms for an admin, a summary for staff.
pub fn page(
    chrome: &Chrome,
    saved: &SellerSettingsRow,
    f: &FormState,
    rules: &ShippingRules,
    rules_form: &RulesForm,
    can_edit: bool,
) -> Markup {
    let err = f.error("state");
    let body = html! {
        (seller_nav("/seller/settings"))
        h1 { "Settings" }
        @if let Some(n) = &f.notice { div.notice role="status" { (n) } }
        @if let Some(b) = &f.banner { div.notice.notice-warn role="alert" { (b) } }
        @if can_edit {
            form.address-form method="post" action="/seller/settings" {
                (csrf_field(chrome.csrf))
                fieldset {
                    legend { "GST registration" }
                    p.hint { "Your state decides whether buyers pay CGST + SGST (same state) or IGST." }
                    div.field.field-error[err.is_some()] {
                        label for="f-state" { "State" }
                        input #f-state name="state" type="text" list="states" value=(f.value("state"))
                            aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| "f-state-error")];
                        datalist #states { @for s in State::all() { option value=(s.name()) {} } }
                        @if let Some(e) = err { p.error-text #f-state-error { (e) } }
                    }
                    (field(f, "gstin", "GSTIN", "text", "off"))
                }
                fieldset {
                    legend { "Bank details for transfers" }
                    p.hint { "Shown to buyers who pay by bank transfer. Every change is recorded in the audit log." }
                    (field(f, "account_name", "Account name", "text", "off"))
                    (field(f, "account_number", "Account number", "text", "off"))
                    (field(f, "ifsc", "IFSC (India)", "text", "off"))
                    (field(f, "swift", "SWIFT code (optional in India)", "text", "off"))
                    (field(f, "bank_name", "Bank and branch", "text", "off"))
                }
                button type="submit" { "Save settings" }
            }
        } @else {
            dl.facts {
                dt { "State" } dd { (State::find(&saved.state_code).map_or("Not set", |s| s.name())) }
                dt { "GSTIN" } dd { @if saved.gstin.is_empty() { "Not set" } @else { code { (saved.gstin) } } }
                dt { "Bank account" }
                dd {
                    @if saved.bank_account_number.is_empty() { "Not set" }
                    @else { (saved.bank_account_name) ", " (masked(&saved.bank_account_number)) ", " (saved.bank_ifsc) (saved.bank_swift) ", " (saved.bank_name) }
                }
            }
            p.muted { "Only a seller administrator can change these." }
        }
        (shipping_section(chrome, rules, rules_form, can_edit))
    };
    layout::page(chrome, "Seller settings", "", body)
}
