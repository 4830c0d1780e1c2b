//! Account pages: log in, sign up, profile with password and sessions.

use maud::{Markup, html};

use super::layout::{self, Chrome, csrf_field};
use crate::db::sessions::Listed;

/// A form's values and per-field errors, so a failed submit re-renders with
/// what was typed and each error beside its field.
#[derive(Debug, Default, Clone)]
pub struct FormState {
    pub values: Vec<(&'static str, String)>,
    pub errors: Vec<(&'static str, String)>,
    /// An error about the whole form.
    pub banner: Option<String>,
    /// A success message.
    pub notice: Option<String>,
}

impl FormState {
    /// The typed value of a field.
    pub fn value(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| v.as_str())
    }
    /// The error of a field.
    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
    /// Adds an error to a field.
    pub fn fail(&mut self, name: &'static str, msg: impl Into<String>) {
        self.errors.push((name, msg.into()));
    }
    /// Whether any field failed.
    pub fn failed(&self) -> bool {
        !self.errors.is_empty() || self.banner.is_some()
    }
}

/// A labelled input with its error beside it. Passwords are never echoed.
pub fn field(
    f: &FormState,
    name: &'static str,
    label: &str,
    kind: &str,
    autocomplete: &str,
) -> Markup {
    let err = f.error(name);
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    html! {
        div.field.field-error[err.is_some()] {
            label for=(id) { (label) }
            input id=(id) name=(name) type=(kind) autocomplete=(autocomplete)
                value=(if kind == "password" { "" } else { f.value(name) })
                aria-invalid=[err.map(|_| "true")]
                aria-describedby=[err.map(|_| err_id.as_str())];
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

fn banner(f: &FormState) -> Markup {
    html! {
        @if let Some(b) = &f.banner { div.notice.notice-warn role="alert" { (b) } }
        @if let Some(n) = &f.notice { div.notice role="status" { (n) } }
    }
}

/// The login page.
pub fn login(
    chrome: &Chrome,
    f: &FormState,
    next: &str,
    demo: &[(String, String, String, String)],
) -> Markup {
    let body = html! {
        section.auth-card {
            h1 { "Log in" }
            (banner(f))
            form method="post" action="/login" novalidate {
                (csrf_field(chrome.csrf))
                input type="hidden" name="next" value=(next);
                (field(f, "email", "Email", "email", "username"))
                (field(f, "password", "Password", "password", "current-password"))
                button.primary type="submit" { "Log in" }
            }
            p { a href="/password/forgot" { "Forgot your password?" } }
            p { "New here? " a href="/signup" { "Create an organization account" } }
        }
        @if !demo.is_empty() { (demo_logins(demo)) }
    };
    layout::page(chrome, "Log in", "", body)
}

/// The demo logins table (demo mode only).
pub fn demo_logins(demo: &[(String, String, String, String)]) -> Markup {
    html! {
        section.demo-logins aria-labelledby="demo-h" {
            h2 #demo-h { "Demo logins" }
            p { "Every demo user has the password " code { (crate::demo::users::DEMO_PASSWORD) } "." }
            table {
                thead { tr { th scope="col" { "Email" } th scope="col" { "Role" } th scope="col" { "Organization" } } }
                tbody {
                    @for (email, _name, role, org) in demo {
                        tr { td { code { (email) } } td { (role) } td { (org) } }
                    }
                }
            }
        }
    }
}

/// Organization kinds offered at sign-up, with their labels.
pub const SIGNUP_KINDS: [(&str, &str); 7] = [
    ("hospital", "Hospital"),
    ("clinic", "Clinic"),
    ("service_provider", "Service provider (field engineers)"),
    ("manufacturer", "Manufacturer"),
    ("supplier", "Supplier"),
    ("distributor", "Distributor"),
    ("dealer", "Dealer"),
];

/// The sign-up page.
pub fn signup(chrome: &Chrome, f: &FormState) -> Markup {
    let kind = f.value("org_kind");
    let kind_err = f.error("org_kind");
    let body = html! {
        section.auth-card {
            h1 { "Create an organization account" }
            p.lede { "Hospitals, clinics and service providers can buy at once. Sellers can prepare their catalog straight away; it becomes visible to buyers once a platform administrator approves the organization." }
            (banner(f))
            form method="post" action="/signup" novalidate {
                (csrf_field(chrome.csrf))
                fieldset {
                    legend { "Organization" }
                    (field(f, "org_name", "Organization name", "text", "organization"))
                    div.field.field-error[kind_err.is_some()] {
                        label for="f-org_kind" { "Kind of organization" }
                        select #f-org_kind name="org_kind" aria-invalid=[kind_err.map(|_| "true")] aria-describedby=[kind_err.map(|_| "f-org_kind-error")] {
                            option value="" selected[kind.is_empty()] { "Choose…" }
                            @for (v, l) in SIGNUP_KINDS { option value=(v) selected[kind == v] { (l) } }
                        }
                        @if let Some(e) = kind_err { p.error-text #f-org_kind-error { (e) } }
                    }
                    (field(f, "city", "City", "text", "address-level2"))
                }
                fieldset {
                    legend { "You (the organization's administrator)" }
                    (field(f, "name", "Your name", "text", "name"))
                    (field(f, "email", "Work email", "email", "email"))
                    (field(f, "password", "Password (at least 12 characters)", "password", "new-password"))
                }
                button.primary type="submit" { "Create account" }
            }
            p { "Already have an account? " a href="/login" { "Log in" } }
        }
    };
    layout::page(chrome, "Sign up", "", body)
}

/// The profile page: who you are, your password, your sessions.
pub fn profile(chrome: &Chrome, f: &FormState, sessions: &[Listed], current: &str) -> Markup {
    let Some(v) = chrome.viewer else {
        return layout::page(chrome, "Your account", "", html! {});
    };
    let body = html! {
        h1 { "Your account" }
        (banner(f))
        dl.facts {
            dt { "Name" } dd { (v.name) }
            dt { "Email" } dd { (v.email) @if !v.email_verified { " " span.badge.badge-warn { "not verified" } " " (resend_verification(chrome)) } }
            dt { "Organization" } dd { (v.org_name) @if v.org_status == "pending" { " " span.badge.badge-warn { "awaiting approval" } } }
            dt { "Role" } dd { (v.role.label()) }
        }
        section aria-labelledby="pw-h" {
            h2 #pw-h { "Change password" }
            p { "Changing your password signs out your other sessions." }
            form method="post" action="/account/password" novalidate {
                (csrf_field(chrome.csrf))
                (field(f, "current", "Current password", "password", "current-password"))
                (field(f, "new", "New password (at least 12 characters)", "password", "new-password"))
                (field(f, "confirm", "New password again", "password", "new-password"))
                button.primary type="submit" { "Change password" }
            }
        }
        section aria-labelledby="sess-h" {
            h2 #sess-h { "Where you are signed in" }
            table.sessions {
                thead { tr { th scope="col" { "Signed in" } th scope="col" { "Last active" } th scope="col" { "Address" } th scope="col" { "Browser" } th scope="col" { span.visually-hidden { "Action" } } } }
                tbody {
                    @for s in sessions {
                        tr {
                            td { (crate::domain::dates::utc_minute(s.created_at)) }
                            td { (crate::domain::dates::utc_minute(s.last_seen_at)) @if s.public_id == current { " " span.badge { "this session" } } }
                            td { (s.ip) }
                            td.ua { (s.user_agent) }
                            td {
                                form method="post" action={ "/account/sessions/" (s.public_id) "/revoke" } {
                                    (csrf_field(chrome.csrf))
                                    button type="submit" { @if s.public_id == current { "Log out" } @else { "Revoke" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(chrome, "Your account", "", body)
}

/// A page for work that arrives in a later step, so each role's landing
/// page exists.
pub fn placeholder(chrome: &Chrome, title: &str, text: &str) -> Markup {
    layout::page(
        chrome,
        title,
        "",
        html! { h1 { (title) } p.empty { (text) } },
    )
}

/// A page about a mailed link: it worked, or why it did not and how to get
/// a new one.
pub fn link_result(
    chrome: &Chrome,
    title: &str,
    text: &str,
    action: Option<(&str, &str)>,
) -> Markup {
    let body = html! {
        section.auth-card {
            h1 { (title) }
            p { (text) }
            @if let Some((href, label)) = action { p { a.button-link-primary href=(href) { (label) } } }
        }
    };
    layout::page(chrome, title, "", body)
}

/// The "send a new verification link" button on the account page.
pub fn resend_verification(chrome: &Chrome) -> Markup {
    html! {
        form.inline method="post" action="/account/verify/resend" {
            (csrf_field(chrome.csrf))
            button type="submit" { "Send a new verification link" }
        }
    }
}

/// Forgot password: ask for the email.
pub fn forgot(chrome: &Chrome, f: &FormState) -> Markup {
    let body = html! {
        section.auth-card {
            h1 { "Reset your password" }
            p { "Enter your account's email. If it has an account, we send a link that works for one hour." }
            (banner(f))
            form method="post" action="/password/forgot" novalidate {
                (csrf_field(chrome.csrf))
                (field(f, "email", "Email", "email", "username"))
                button.primary type="submit" { "Send the link" }
            }
            p { a href="/login" { "Back to log in" } }
        }
    };
    layout::page(chrome, "Reset your password", "", body)
}

/// Choose a new password behind a reset link.
pub fn reset(chrome: &Chrome, f: &FormState, token: &str, email: &str) -> Markup {
    let body = html! {
        section.auth-card {
            h1 { "Choose a new password" }
            p { "For " strong { (email) } ". Every session of this account will be signed out." }
            (banner(f))
            form method="post" action="/password/reset" novalidate {
                (csrf_field(chrome.csrf))
                input type="hidden" name="token" value=(token);
                (field(f, "new", "New password (at least 12 characters)", "password", "new-password"))
                (field(f, "confirm", "New password again", "password", "new-password"))
                button.primary type="submit" { "Set the password" }
            }
        }
    };
    layout::page(chrome, "Choose a new password", "", body)
}

/// Accept an invitation: name and password for the new account.
pub fn accept_invitation(
    chrome: &Chrome,
    f: &FormState,
    token: &str,
    email: &str,
    org: &str,
    role: &str,
) -> Markup {
    let body = html! {
        section.auth-card {
            h1 { "Join " (org) }
            p { "You are invited as " strong { (role) } ". Your login will be " strong { (email) } "." }
            (banner(f))
            form method="post" action="/invite" novalidate {
                (csrf_field(chrome.csrf))
                input type="hidden" name="token" value=(token);
                (field(f, "name", "Your name", "text", "name"))
                (field(f, "password", "Password (at least 12 characters)", "password", "new-password"))
                button.primary type="submit" { "Create my account" }
            }
        }
    };
    layout::page(chrome, "Accept invitation", "", body)
}
