//! Error pages. They stand alone (no asset lookups) so they render even when
//! the state is unusable.

use maud::{DOCTYPE, Markup, html};

fn frame(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · partsportal" }
                style { "body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b2430;background:#f5f7fa}main{max-width:40rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:12px;border:1px solid #d9e0e8}h1{margin-top:0;color:#0b4f8a}a{color:#0b5cad}code{background:#eef2f6;padding:.1em .3em;border-radius:4px}" }
            }
            body {
                main #main {
                    (body)
                    form role="search" action="/search" method="get" {
                        label for="q" { "Search the catalog " }
                        input #q type="search" name="q";
                        " " button type="submit" { "Search" }
                    }
                    p { a href="/" { "Back to the home page" } }
                }
            }
        }
    }
}

/// 404.
pub fn not_found() -> Markup {
    frame(
        "Not found",
        html! {
            h1 { "We could not find that page" }
            p { "The part, model or page may have been removed, or the link is mistyped. Try a search:" }
        },
    )
}

/// 400, naming the parameter.
pub fn bad_request(param: &str, message: &str) -> Markup {
    frame(
        "Bad request",
        html! {
            h1 { "That search has an invalid value" }
            p { "The parameter " code { (param) } " is not valid: " (message) "." }
            p { "Fix the value in the address bar, or start a new search." }
        },
    )
}

/// 500 with the request id.
pub fn internal(request_id: &str) -> Markup {
    frame(
        "Something went wrong",
        html! {
            h1 { "Something went wrong on our side" }
            p { "The error has been logged. If it keeps happening, quote this reference to support: " code { (request_id) } }
        },
    )
}
