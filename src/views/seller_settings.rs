//! The seller's checkout settings: GST registration and bank details.
//! Staff see them (bank number masked); only seller admins change them.

use maud::{Markup, html};

use super::account::{FormState, field};
use super::layout::{self, Chrome, csrf_field};
use super::seller::seller_nav;
use crate::db::seller_settings::SellerSettingsRow;
use crate::domain::bank::masked;
use crate::domain::gstin::State;

/// The settings page: the form for an admin, a summary for staff.
pub fn page(chrome: &Chrome, saved: &SellerSettingsRow, f: &FormState, can_edit: bool) -> Markup {
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
    };
    layout::page(chrome, "Seller settings", "", body)
}
