//! The organization's API tokens: the list, the create form, and the one
//! time a new token is shown.

use maud::{Markup, html};

use super::account::{FormState, field};
use super::layout::{self, Chrome, csrf_field};
use crate::db::api_tokens::Listed;
use crate::domain::api_tokens::Scope;
use crate::domain::dates::utc_minute;

/// A token just created: the only page that ever shows it whole.
pub struct Created<'a> {
    pub name: &'a str,
    pub token: &'a str,
}

/// What the tokens page shows.
pub struct TokensPage<'a> {
    pub tokens: &'a [Listed],
    /// The scopes the organization may hold, offered as checkboxes.
    pub allowed: &'a [Scope],
    /// The checkboxes ticked (what was submitted, on a failed submit).
    pub checked: &'a [Scope],
    pub form: &'a FormState,
    pub created: Option<Created<'a>>,
}

/// The tokens page.
pub fn page(chrome: &Chrome, p: &TokensPage) -> Markup {
    let org = chrome.viewer.map_or("", |v| v.org_name.as_str());
    let body = html! {
        h1 { "API tokens" }
        p.lede {
            "Tokens let your systems (ERP, maintenance software, scripts) call the "
            a href="/api/v1/openapi.json" { "JSON API" }
            " as " (org) ". Send one in the header "
            code { "Authorization: Bearer <token>" } ". "
            "A token acts for the organization, not for the person who created it: it keeps working until it is revoked."
        }
        @if let Some(c) = &p.created { (created(c)) }
        section aria-labelledby="tokens-h" {
            h2 #tokens-h { "Your organization's tokens" }
            @if p.tokens.is_empty() {
                p.empty { "No API tokens yet." }
            } @else {
                (token_table(chrome, p.tokens))
            }
        }
        (create_form(chrome, p))
    };
    layout::page(chrome, "API tokens", "", body)
}

fn created(c: &Created) -> Markup {
    html! {
        section.notice.token-created role="status" aria-labelledby="created-h" {
            h2 #created-h { "Token “" (c.name) "” created" }
            p { strong { "Copy it now: it will not be shown again." }
                " partsportal keeps only a fingerprint of it, so a lost token cannot be recovered; revoke it and create a new one." }
            p { code #new-token.token-secret { (c.token) } }
            p.muted { "Click the token to select all of it, then copy it (Ctrl+C, or ⌘C on a Mac) into your system's secret store." }
        }
    }
}

fn token_table(chrome: &Chrome, tokens: &[Listed]) -> Markup {
    html! {
        table.api-tokens {
            thead { tr {
                th scope="col" { "Name" }
                th scope="col" { "Token" }
                th scope="col" { "Scopes" }
                th scope="col" { "Created" }
                th scope="col" { "Last used" }
                th scope="col" { "Status" }
            } }
            tbody {
                @for t in tokens {
                    tr {
                        td.token-name { (t.name) }
                        td { code.token-prefix { (t.prefix) "…" } }
                        td.token-scopes { @for s in t.scopes.split_whitespace() { code { (s) } " " } }
                        td { (utc_minute(t.created_at)) br; span.muted { "by " (t.created_by_name) } }
                        td { @match t.last_used_at { Some(at) => (utc_minute(at)), None => "Never" } }
                        td {
                            @if let Some(at) = t.revoked_at {
                                span.badge.badge-out { "Revoked" } br; span.muted { (utc_minute(at)) }
                            } @else {
                                form method="post" action={ "/org/api-tokens/" (t.id) "/revoke" } {
                                    (csrf_field(chrome.csrf))
                                    button type="submit" aria-label={ "Revoke " (t.name) } { "Revoke" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn create_form(chrome: &Chrome, p: &TokensPage) -> Markup {
    let f = p.form;
    let err = f.error("scopes");
    html! {
        section aria-labelledby="new-h" {
            h2 #new-h { "Create a token" }
            form.token-form method="post" action="/org/api-tokens" novalidate {
                (csrf_field(chrome.csrf))
                (field(f, "name", "Name: what will use it, e.g. “ERP sync” (up to 80 characters)", "text", "off"))
                fieldset.field.scopes.field-error[err.is_some()]
                    aria-describedby=[err.map(|_| "f-scopes-error")] {
                    legend { "Scopes" }
                    @for s in p.allowed {
                        label.scope-option {
                            input type="checkbox" name="scope" value=(s.as_str()) checked[p.checked.contains(s)];
                            code { (s.as_str()) }
                            span { (s.description()) }
                        }
                    }
                    @if let Some(e) = err { p.error-text #f-scopes-error { (e) } }
                }
                button.primary type="submit" { "Create token" }
            }
        }
    }
}
