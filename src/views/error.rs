//! Error pages, in the site layout so the search box is right there.

use maud::{Markup, html};

use super::layout;
use crate::assets::Assets;

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
    /// 500, quoting the request id.
    Internal,
}

/// Renders an error page.
pub fn page(assets: &Assets, e: &ErrorPage, request_id: &str) -> Markup {
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
        ErrorPage::Internal => (
            "Something went wrong",
            html! {
                h1 { "Something went wrong on our side" }
                p { "The error has been logged. If it keeps happening, quote this reference to support: " code { (request_id) } }
                p { a href="/" { "Back to the home page" } }
            },
        ),
    };
    layout::page(assets, title, "", html! { section.error-page { (body) } })
}
