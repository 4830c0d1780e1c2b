//! The organization's users page: members, roles, invitations.

use maud::{Markup, html};

use super::account::{FormState, field};
use super::layout::{self, Chrome, csrf_field};
use crate::db::email_tokens::TokenRow;
use crate::db::users::UserRow;
use crate::domain::access::Role;

fn role_select(name: &'static str, id: &str, roles: &[Role], selected: &str) -> Markup {
    html! {
        select id=(id) name=(name) {
            @for r in roles { option value=(r.as_str()) selected[r.as_str() == selected] { (r.label()) } }
        }
    }
}

/// The users page.
pub fn users(
    chrome: &Chrome,
    f: &FormState,
    users: &[UserRow],
    invitations: &[TokenRow],
    roles: &[Role],
) -> Markup {
    let me = chrome.viewer.map(|v| v.user_id.as_str()).unwrap_or("");
    let role_label = |r: &str| {
        r.parse::<Role>()
            .map_or(r.to_string(), |r| r.label().to_string())
    };
    let body = html! {
        h1 { "Users of " (chrome.viewer.map(|v| v.org_name.as_str()).unwrap_or("")) }
        @if let Some(b) = &f.banner { div.notice.notice-warn role="alert" { (b) } }
        @if let Some(n) = &f.notice { div.notice role="status" { (n) } }
        table.members {
            thead { tr { th scope="col" { "Name" } th scope="col" { "Email" } th scope="col" { "Role" } th scope="col" { "Status" } th scope="col" { span.visually-hidden { "Actions" } } } }
            tbody {
                @for u in users {
                    tr {
                        td { (u.name) @if u.id == me { " " span.badge { "you" } } }
                        td { (u.email) @if !u.email_verified { " " span.badge.badge-warn { "not verified" } } }
                        td {
                            form.inline method="post" action={ "/org/users/" (u.id) "/role" } {
                                (csrf_field(chrome.csrf))
                                label.visually-hidden for={ "role-" (u.id) } { "Role of " (u.name) }
                                (role_select("role", &format!("role-{}", u.id), roles, &u.role))
                                button type="submit" { "Change" }
                            }
                        }
                        td { @if u.status == "active" { "Active" } @else { span.badge.badge-warn { (u.status) } } }
                        td {
                            @if u.id != me {
                                form.inline method="post" action={ "/org/users/" (u.id) (if u.status == "active" { "/deactivate" } else { "/reactivate" }) } {
                                    (csrf_field(chrome.csrf))
                                    button type="submit" { @if u.status == "active" { "Deactivate" } @else { "Reactivate" } }
                                }
                            }
                        }
                    }
                }
            }
        }
        section.auth-card aria-labelledby="invite-h" {
            h2 #invite-h { "Invite someone" }
            p { "They get a link by email that works for 7 days and joins them to this organization with the role you choose." }
            form method="post" action="/org/users/invite" novalidate {
                (csrf_field(chrome.csrf))
                (field(f, "email", "Their work email", "email", "off"))
                div.field.field-error[f.error("role").is_some()] {
                    label for="f-role" { "Role" }
                    (role_select("role", "f-role", roles, f.value("role")))
                    @if let Some(e) = f.error("role") { p.error-text { (e) } }
                }
                button.primary type="submit" { "Send invitation" }
            }
        }
        @if !invitations.is_empty() {
            h2 { "Invitations waiting" }
            table {
                thead { tr { th scope="col" { "Email" } th scope="col" { "Role" } } }
                tbody { @for i in invitations { tr { td { (i.email) } td { (role_label(i.role.as_deref().unwrap_or(""))) } } } }
            }
        }
    };
    layout::page(chrome, "Users", "", body)
}
