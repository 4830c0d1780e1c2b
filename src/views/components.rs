//! Small pieces used by several pages.

use maud::{Markup, html};
use partsportal_index::{Hit, MatchKind, PartDoc, Segment, StockLevel};

use crate::domain::cart::MAX_LINE_QUANTITY;
use crate::domain::money;

/// A price: "₹1,23,456.00".
pub fn price(minor: i64, currency: &str) -> Markup {
    html! { span.price { (money::format(minor, currency)) } }
}

/// The stock badge: In stock / Low stock / Out of stock, with dispatch time.
pub fn stock_badge(p: &PartDoc) -> Markup {
    let ships = match p.lead_time_days {
        0 => "ships today".to_string(),
        1 => "ships in 1 day".to_string(),
        d => format!("ships in {d} days"),
    };
    html! {
        @match p.stock_level() {
            StockLevel::In => { span.badge.badge-in { "In stock" } span.ships { " · " (ships) } },
            StockLevel::Low => { span.badge.badge-low { "Low stock: " (p.stock) " left" } span.ships { " · " (ships) } },
            StockLevel::Out => { span.badge.badge-out { "Out of stock" } span.ships { " · " (ships) } },
        }
    }
}

/// Highlighted text: matched words in `<mark>`.
pub fn highlighted(segments: &[Segment]) -> Markup {
    html! {
        @for s in segments {
            @if s.mark { mark { (s.text) } } @else { (s.text) }
        }
    }
}

/// The "how it matched" ribbon of a card.
pub fn match_ribbon(m: &MatchKind) -> Markup {
    html! {
        @match m {
            MatchKind::ExactNumber => span.ribbon.ribbon-exact { "Exact part number" },
            MatchKind::Replaces(old) => span.ribbon.ribbon-replaces { "Replaces " (old) },
            MatchKind::NumberPrefix => span.ribbon { "Part number starts with your search" },
            MatchKind::Model | MatchKind::Text => {},
        }
    }
}

/// Up to three compatible models, then "+N more".
pub fn model_list(p: &PartDoc) -> Markup {
    html! {
        @if !p.models.is_empty() {
            p.fits {
                "Fits: "
                @for (i, m) in p.models.iter().take(3).enumerate() {
                    @if i > 0 { ", " }
                    a href={ "/models/" (m.id) } { (m.label) }
                }
                @if p.models.len() > 3 { " +" (p.models.len() - 3) " more" }
            }
        }
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .collect()
}

/// A result card.
/// Whether a page offers "add to cart", and how.
#[derive(Debug, Clone, Copy)]
pub enum Buying<'a> {
    /// A buyer: the form, with this CSRF token.
    Form(&'a str),
    /// Nobody signed in: a link to log in first.
    SignIn,
    /// A seller or the platform: nothing to buy with.
    No,
}

impl<'a> Buying<'a> {
    /// What this viewer gets.
    pub fn of(chrome: &super::layout::Chrome<'a>) -> Buying<'a> {
        match chrome.viewer {
            None => Buying::SignIn,
            Some(v) if v.can(crate::domain::access::Permission::Buy) => Buying::Form(chrome.csrf),
            Some(_) => Buying::No,
        }
    }
}

/// A card's "add to cart": a quantity (the minimum order in whole packs to
/// start with, stepping by the pack) and a button, for parts that can be
/// ordered now.
fn card_buy(p: &PartDoc, buying: Buying) -> Markup {
    let smallest =
        crate::domain::cart::smallest_quantity(i64::from(p.moq), i64::from(p.order_multiple));
    html! {
        @match buying {
            Buying::Form(_) if p.stock > 0 && !crate::domain::cart::fits_a_line(i64::from(p.moq), i64::from(p.order_multiple)) => {
                (more_than_a_line(smallest))
            }
            Buying::Form(csrf) if p.stock > 0 => {
                form.card-buy method="post" action="/cart/add" {
                    (super::layout::csrf_field(csrf))
                    input type="hidden" name="part_id" value=(p.id);
                    label.visually-hidden for={ "cq-" (p.id) } { "Quantity of " (p.part_number) }
                    input.qty id={ "cq-" (p.id) } name="quantity" type="number" inputmode="numeric"
                        min=(smallest) step=(p.order_multiple.max(1)) max="999" value=(smallest);
                    button.small type="submit" { "Add to cart" }
                }
            }
            _ => {}
        }
    }
}

/// In place of "add to cart" for a part whose smallest order is more than
/// a cart line holds: the seller's minimum is never undercut.
pub fn more_than_a_line(smallest: i64) -> Markup {
    html! {
        p.muted.more-than-a-line {
            "Sold from " (smallest) " units, more than a cart line holds ("
            (MAX_LINE_QUANTITY) "): ask the seller for a quote."
        }
    }
}

pub fn part_card(hit: &Hit, buying: Buying) -> Markup {
    let p = &hit.part;
    html! {
        article.card {
            @if let Some(src) = &p.image {
                div.thumb.thumb-photo {
                    img src=(src) alt=(if p.image_alt.is_empty() { &p.name } else { &p.image_alt })
                        width=[p.image_size.map(|s| s.0)] height=[p.image_size.map(|s| s.1)]
                        loading="lazy" decoding="async";
                }
            } @else {
                div.thumb aria-hidden="true" { span { (initials(p.category.rsplit(" > ").next().unwrap_or(&p.name))) } }
            }
            div.card-body {
                (match_ribbon(&hit.matched))
                p.pn { (p.part_number) }
                h3.card-title { a href={ "/parts/" (p.id) } { (highlighted(&hit.name_highlight)) } }
                p.meta {
                    a href={ "/manufacturers/" (p.manufacturer_id) } { (p.manufacturer) }
                    " · sold by " a href={ "/sellers/" (p.seller_id) } { (p.seller) }
                    @if p.seller_verified { " " span.verified { span aria-hidden="true" { "✔ " } "verified" } }
                }
                (model_list(p))
                div.card-foot {
                    (price(p.price_minor, &p.currency))
                    @if p.condition != "new" { " " span.badge.badge-cond { (p.condition) } }
                    div.stock { (stock_badge(p)) }
                    @let smallest = crate::domain::cart::smallest_quantity(i64::from(p.moq), i64::from(p.order_multiple));
                    @if smallest > 1 { div.moq { "Min. order " (smallest) } }
                    @if p.order_multiple > 1 { div.moq { "Sold in multiples of " (p.order_multiple) } }
                }
                (card_buy(p, buying))
            }
        }
    }
}

/// A compact list of parts (part pages, model pages).
pub fn part_rows(hits: &[&PartDoc]) -> Markup {
    html! {
        ul.part-rows {
            @for p in hits {
                li {
                    a.pn href={ "/parts/" (p.id) } { (p.part_number) }
                    span.row-name { (p.name) }
                    span.row-seller { (p.seller) }
                    (price(p.price_minor, &p.currency))
                    span { (stock_badge(p)) }
                }
            }
        }
    }
}
