//! The part detail page.

use maud::{Markup, html};
use partsportal_index::Hit;

use super::components::{Buying, part_card, price};
use super::layout;
use super::layout::Chrome;
use super::part_images::{alt_or, rendition};
use crate::db::catalog::{ModelRow, PartRow};
use crate::db::part_images::ImageRow;
use crate::domain::money;
use crate::media::images::{LARGE_SIDE, SMALL_SIDE};
use crate::web::files::image_path;

/// What the part page shows.
pub struct PartPage<'a> {
    pub part: &'a PartRow,
    pub models: &'a [ModelRow],
    pub replaces: &'a [String],
    pub replaced_by: &'a [PartRow],
    pub others: &'a [PartRow],
    pub related: &'a [Hit],
    /// The part's pictures, primary first.
    pub images: &'a [ImageRow],
}

/// The primary picture large, linking to its full size, and the others as
/// thumbnails linking to their large size.
fn gallery(p: &PartRow, images: &[ImageRow], crumb: &str) -> Markup {
    let Some(first) = images.first() else {
        return html! { div.thumb.thumb-large aria-hidden="true" { span { (crumb) } } };
    };
    html! {
        div.gallery {
            a.gallery-main href=(image_path(&first.full_name)) {
                (rendition(&first.large_name, first.width, first.height, LARGE_SIDE, alt_or(&first.alt_text, &p.name), false))
            }
            @if images.len() > 1 {
                ul.gallery-thumbs aria-label="More pictures" {
                    @for img in &images[1..] {
                        li {
                            a href=(image_path(&img.large_name)) {
                                (rendition(&img.small_name, img.width, img.height, SMALL_SIDE, alt_or(&img.alt_text, &p.name), true))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn stock_text(p: &PartRow) -> Markup {
    let ships = if p.lead_time_days == 1 {
        "1 day".to_string()
    } else {
        format!("{} days", p.lead_time_days)
    };
    html! {
        @if p.stock <= 0 { span.badge.badge-out { "Out of stock" } " — ships in " (ships) " after order" }
        @else if p.stock <= 5 { span.badge.badge-low { "Low stock: " (p.stock) " left" } " — ships in " (ships) }
        @else { span.badge.badge-in { "In stock" } " (" (p.stock) " units) — ships in " (ships) }
    }
}

fn weight(grams: i64) -> String {
    if grams >= 1000 {
        format!("{:.2} kg", grams as f64 / 1000.0)
    } else {
        format!("{grams} g")
    }
}

/// The page.
pub fn page(chrome: &Chrome, c: &PartPage) -> Markup {
    let p = c.part;
    // The minimum in whole packs: what a buyer can actually order.
    let smallest =
        crate::domain::cart::smallest_quantity(i64::from(p.moq), i64::from(p.order_multiple));
    let crumbs: Vec<&str> = p.category.split(" > ").collect();
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumb" {
            ol {
                li { a href="/" { "Home" } }
                @for (i, _) in crumbs.iter().enumerate() {
                    @let path = crumbs[..=i].join(" > ");
                    li { a href={ "/search?" (serde_urlencoded::to_string([("category", &path)]).unwrap_or_default()) } { (crumbs[i]) } }
                }
            }
        }
        @if p.status != "active" {
            p.notice.notice-warn role="status" { "This listing is archived and cannot be ordered." }
        }
        @for newer in c.replaced_by {
            p.notice.notice-warn role="status" {
                "This part number is superseded by "
                a href={ "/parts/" (newer.id) } { code { (newer.part_number) } } " — " (newer.name) "."
            }
        }
        article.part-detail {
            div.part-main.has-pictures[!c.images.is_empty()] {
                (gallery(p, c.images, crumbs.last().unwrap_or(&"")))
                div {
                    p.pn { "Part number " strong { (p.part_number) } }
                    h1 { (p.name) }
                    @if !c.replaces.is_empty() {
                        p.replaces { "Replaces " @for (i, r) in c.replaces.iter().enumerate() { @if i > 0 { ", " } code { (r) } } }
                    }
                    p.meta {
                        "Made by " a href={ "/manufacturers/" (p.manufacturer_id) } { (p.manufacturer_name) }
                        " · sold by " a href={ "/sellers/" (p.seller_id) } { (p.seller_name) }
                        @if p.seller_verified { " " span.verified { span aria-hidden="true" { "✔ " } "verified seller" } }
                        @if !p.seller_city.is_empty() { " · ships from " (p.seller_city) ", " (p.seller_state) }
                    }
                    p.description { (p.description) }
                }
            }
            aside.buy-box aria-label="Price and availability" {
                p.big-price { (price(p.price_minor, &p.currency)) }
                p.tax-note { "per unit, excl. " (p.gst_rate) "% GST" }
                @if p.currency != "INR" {
                    p.tax-note { "≈ " (money::format(money::to_inr_minor(p.price_minor, &p.currency), "INR")) " at reference rates" }
                }
                p { (stock_text(p)) }
                dl.facts {
                    dt { "Minimum order" } dd { (smallest) " unit" @if smallest != 1 { "s" } }
                    @if p.order_multiple > 1 {
                        dt { "Sold in" } dd.order-multiple { "multiples of " (p.order_multiple) }
                    }
                    dt { "Condition" } dd { (p.condition) }
                    dt { "Warranty" } dd { @if p.warranty_months == 0 { "None" } @else { (p.warranty_months) " months" } }
                }
                @if p.status == "active" && p.visibility == "public" {
                    @match Buying::of(chrome) {
                        Buying::Form(_) if p.stock > 0 && !crate::domain::cart::fits_a_line(i64::from(p.moq), i64::from(p.order_multiple)) => {
                            (crate::views::components::more_than_a_line(smallest))
                        }
                        Buying::Form(csrf) if p.stock > 0 => {
                            (crate::views::cart::add_form(csrf, &p.id, &smallest.to_string(), (i64::from(p.moq), i64::from(p.order_multiple)), None, "buy"))
                        }
                        Buying::Form(_) => { p.muted { "Out of stock: the seller has none to sell now." } }
                        Buying::SignIn => {
                            p { a.button-link href={ "/login?next=/parts/" (p.id) } { "Log in to order" } }
                        }
                        Buying::No => { p.muted { "Sign in with a hospital, clinic or service account to order." } }
                    }
                }
            }
        }
        section aria-labelledby="specs" {
            h2 #specs { "Specifications" }
            table.specs {
                tbody {
                    tr { th scope="row" { "Part number" } td { (p.part_number) } }
                    tr { th scope="row" { "Manufacturer" } td { (p.manufacturer_name) } }
                    tr { th scope="row" { "Category" } td { (p.category) } }
                    tr { th scope="row" { "Condition" } td { (p.condition) } }
                    tr { th scope="row" { "Weight" } td { (weight(p.weight_grams)) } }
                    tr { th scope="row" { "Dimensions" } td { (p.dimensions) } }
                    tr { th scope="row" { "HSN code" } td { (p.hsn_code) } }
                    tr { th scope="row" { "GST rate" } td { (p.gst_rate) "%" } }
                    tr { th scope="row" { "Lead time" } td { (p.lead_time_days) @if p.lead_time_days == 1 { " day" } @else { " days" } } }
                    tr { th scope="row" { "Minimum order quantity" } td { (smallest) } }
                    @if p.order_multiple > 1 {
                        tr { th scope="row" { "Order multiple" } td { "Sold in multiples of " (p.order_multiple) } }
                    }
                    tr { th scope="row" { "Warranty" } td { (p.warranty_months) " months" } }
                }
            }
        }
        section aria-labelledby="compat" {
            h2 #compat { "Compatible equipment (" (c.models.len()) ")" }
            @if c.models.is_empty() { p.muted { "The seller has not listed compatible models." } }
            @else {
                ul.model-list {
                    @for m in c.models {
                        li { a href={ "/models/" (m.id) } { (m.label()) } span.muted { " · " (m.modality) } }
                    }
                }
            }
        }
        section aria-labelledby="sellers" {
            h2 #sellers { "Other sellers of this part (" (c.others.len()) ")" }
            @if c.others.is_empty() { p.muted { "No other seller lists this part number." } }
            @else {
                table.offers {
                    thead { tr { th scope="col" { "Seller" } th scope="col" { "Condition" } th scope="col" { "Price" } th scope="col" { "Availability" } } }
                    tbody {
                        @for o in c.others {
                            tr {
                                td { a href={ "/parts/" (o.id) } { (o.seller_name) } @if o.seller_verified { " " span.verified { span aria-hidden="true" { "✔" } span.visually-hidden { "verified seller" } } } }
                                td { (o.condition) }
                                td { (price(o.price_minor, &o.currency)) }
                                td { (stock_text(o)) }
                            }
                        }
                    }
                }
            }
        }
        @if !c.related.is_empty() {
            section aria-labelledby="related" {
                h2 #related { "Related parts for the same equipment" }
                div.cards { @for h in c.related { (part_card(h, Buying::of(chrome))) } }
            }
        }
    };
    layout::page(chrome, &format!("{} {}", p.part_number, p.name), "", body)
}
