//! The page frame: head, header with the search box, main landmark, footer.

use maud::{DOCTYPE, Markup, html};

use crate::assets::Assets;
use crate::web::session::Viewer;

/// What every page's frame needs: assets, who is signed in, the CSRF token
/// for the logout form.
pub struct Chrome<'a> {
    pub assets: &'a Assets,
    pub viewer: Option<&'a Viewer>,
    pub csrf: &'a str,
}

/// The hidden CSRF field every state-changing form carries.
pub fn csrf_field(csrf: &str) -> Markup {
    html! { input type="hidden" name="_csrf" value=(csrf); }
}

/// A whole page. `q` pre-fills the search box.
pub fn page(chrome: &Chrome, title: &str, q: &str, body: Markup) -> Markup {
    let assets = chrome.assets;
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
                        (account_box(chrome))
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

/// The header's right side: who is signed in, for which organization, in
/// which role, and the way out; or the way in.
fn account_box(chrome: &Chrome) -> Markup {
    html! {
        nav.account aria-label="Account" {
            @if let Some(v) = chrome.viewer {
                @if v.can(crate::domain::access::Permission::Buy) {
                    a.cart-link href="/cart" {
                        // Drawn, not an emoji: not every system has the glyph.
                        svg.cart-icon aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" {
                            circle cx="9" cy="20" r="1.5" {}
                            circle cx="18" cy="20" r="1.5" {}
                            path d="M2 3h3l2.7 12.4a1 1 0 0 0 1 .8h9.6a1 1 0 0 0 1-.8L21 7H6" {}
                        }
                        "Cart"
                        @if v.cart_count > 0 {
                            " " span.cart-count { (v.cart_count) }
                            span.visually-hidden { " lines" }
                        }
                    }
                }
                @match v.class {
                    crate::domain::access::OrgClass::Seller => a.orders-link href="/seller/orders" { "Orders" },
                    crate::domain::access::OrgClass::Buyer | crate::domain::access::OrgClass::ServiceProvider => a.orders-link href="/orders" { "Orders" },
                    crate::domain::access::OrgClass::Platform => {},
                }
                @if v.can(crate::domain::access::Permission::Approve) { a href="/approvals" { "Approvals" } }
                a.notifications-link href="/notifications" {
                    "Notifications"
                    @if v.unread_count > 0 {
                        " " span.unread-count { (v.unread_count) }
                        span.visually-hidden { " unread" }
                    }
                }
                a.account-who href="/account" {
                    span.account-name { (v.name) }
                    span.account-org { (v.org_name) " · " (v.role.label()) }
                }
                @if v.can(crate::domain::access::Permission::Buy) {
                    a href="/org/addresses" { "Addresses" }
                }
                @if v.can(crate::domain::access::Permission::ManageOrg) {
                    @if v.class == crate::domain::access::OrgClass::Buyer {
                        a href="/org/purchasing" { "Purchasing" }
                    }
                    a href="/org/users" { "Users" }
                    a href="/org/api-tokens" { "API tokens" }
                    a href="/org/audit" { "Audit log" }
                }
                @if v.can(crate::domain::access::Permission::Sell) {
                    a href="/seller" { "Seller" }
                    a href="/seller/customers" { "Customers" }
                }
                @if v.can(crate::domain::access::Permission::Platform) {
                    a href="/admin" { "Admin" }
                }
                form.logout method="post" action="/logout" {
                    (csrf_field(chrome.csrf))
                    button type="submit" { "Log out" }
                }
            } @else {
                a href="/login" { "Log in" }
                a.button-link href="/signup" { "Sign up" }
            }
        }
    }
}
