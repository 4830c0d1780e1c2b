//! The page frame: head, header with the search box, main landmark, footer.

use maud::{DOCTYPE, Markup, html};

use crate::assets::Assets;

/// A whole page. `q` pre-fills the search box.
pub fn page(assets: &Assets, title: &str, q: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · partsportal" }
                meta name="description" content="Spare parts for medical equipment: search by part number, model or description.";
                link rel="icon" href=(assets.url("favicon.svg")) type="image/svg+xml";
                link rel="stylesheet" href=(assets.url("app.css"));
                script src=(assets.url("app.js")) defer {}
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site-header {
                    div.wrap.header-row {
                        a.brand href="/" aria-label="partsportal home" {
                            span.brand-mark aria-hidden="true" { "+" }
                            span { "parts" b { "portal" } }
                        }
                        form.searchbar role="search" aria-label="Site search" action="/search" method="get" {
                            label.visually-hidden for="q" { "Search parts, part numbers and models" }
                            input #q type="search" name="q" value=(q) autocomplete="off" spellcheck="false"
                                placeholder="Part number, model or part name — e.g. signa coil, AB-123/4"
                                aria-describedby="search-hint" data-suggest="/api/v1/suggest";
                            button type="submit" { "Search" }
                            span #search-hint.visually-hidden { "Press / to focus the search box. Suggestions appear as you type." }
                            div #suggestions.suggestions role="listbox" aria-label="Suggestions" hidden {}
                        }
                    }
                }
                main #main.wrap tabindex="-1" { (body) }
                footer.site-footer {
                    div.wrap {
                        p { "partsportal — spare parts for medical equipment. Prices exclude GST unless stated. "
                            a href="/api/v1/openapi.json" { "API" } }
                    }
                }
            }
        }
    }
}
