//! Error pages, in the site layout so the search box is right there.

use maud::{Markup, html};

use super::layout;
use super::layout::Chrome;

/// What an error page says.
#[derive(Debug, Clone)]
pub enum ErrorPage {
    /// 404.
    NotFound,
    /// 400, naming the parameter.
    BadParam {
        param: &'static str,
        message: String,
    },
    /// 403: the role or organization does not allow it.
    Forbidden,
    /// 403: a form without a valid token (expired page, or another site).
    Csrf,
    /// 429.
    TooMany { retry_after_s: i64 },
    /// 500, quoting the request id.
    Internal,
}

/// Renders an error page.
pub fn page(chrome: &Chrome, e: &ErrorPage, request_id: &str) -> Markup {
    let (title, body) = match e {
        ErrorPage::NotFound => (
            "Not found",
            html! {
                h1 { "We could not find that page" }
                p { "The part, model or page may have been removed, or the link is mistyped. Search the catalog above, or "
                    a href="/" { "start from the home page" } "." }
            },
        ),
        ErrorPage::BadParam { param, message } => (
            "Invalid search",
            html! {
                h1 { "That search has an invalid value" }
                p { "The parameter " code { (param) } " is not valid: " (message) "." }
                p { "Fix the value in the address bar, or " a href="/search" { "start a new search" } "." }
            },
        ),
        ErrorPage::Forbidden => (
            "Not allowed",
            html! {
                h1 { "Your role does not allow this" }
                p { "Ask an administrator of your organization if you need access. " a href="/" { "Back to the home page" } "." }
            },
        ),
        ErrorPage::Csrf => (
            "Form expired",
            html! {
                h1 { "That form has expired" }
                p { "Nothing was changed. Go back, reload the page and send the form again." }
            },
        ),
        ErrorPage::TooMany { retry_after_s } => (
            "Too many attempts",
            html! {
                h1 { "Too many attempts" }
                p { "For your account's safety, wait " (wait_label(*retry_after_s)) " before trying again." }
                p { "Forgot your password? " a href="/password/forgot" { "Reset it by email" } "." }
            },
        ),
        ErrorPage::Internal => (
            "Something went wrong",
            html! {
                h1 { "Something went wrong on our side" }
                p { "The error has been logged. If it keeps happening, quote this reference to support: " code { (request_id) } }
                p { a href="/" { "Back to the home page" } }
            },
        ),
    };
    layout::page(chrome, title, "", html! { section.error-page { (body) } })
}

fn wait_label(s: i64) -> String {
    if s >= 90 {
        format!("{} minutes", (s + 59) / 60)
    } else {
        format!("{} seconds", s.max(1))
    }
}
