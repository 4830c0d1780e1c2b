//! The cart page: lines grouped by seller with their notices and a summary
//! per seller, the lines saved for later, and the quick-order box; and the
//! small page that explains a refused "add to cart".

use std::collections::HashMap;

use maud::{Markup, html};

use super::components::price;
use super::layout::{self, Chrome, csrf_field};
use crate::db::cart::{Buyable, CartLine};
use crate::domain::cart::{self as rules, Notice};
use crate::domain::cart_estimate::Estimate;
use crate::domain::money;
use crate::web::cart::Messages;

/// The lines of one seller.
pub struct SellerGroup<'a> {
    pub seller_id: &'a str,
    pub seller_name: &'a str,
    pub lines: Vec<&'a CartLine>,
}

impl SellerGroup<'_> {
    /// Subtotals per currency (a seller may price parts in several).
    pub fn subtotals(&self) -> Vec<(String, i64)> {
        totals(self.lines.iter().copied())
    }
}

/// The cart, ready to show.
pub struct Cart<'a> {
    pub groups: Vec<SellerGroup<'a>>,
    pub saved: Vec<&'a CartLine>,
}

impl<'a> Cart<'a> {
    /// Groups lines by seller (they come ordered by seller).
    pub fn new(lines: &'a [CartLine]) -> Cart<'a> {
        let mut groups: Vec<SellerGroup<'a>> = Vec::new();
        let mut saved = Vec::new();
        for l in lines {
            if l.saved_for_later {
                saved.push(l);
                continue;
            }
            match groups.last_mut() {
                Some(g) if g.seller_id == l.seller_id => g.lines.push(l),
                _ => groups.push(SellerGroup {
                    seller_id: &l.seller_id,
                    seller_name: &l.seller_name,
                    lines: vec![l],
                }),
            }
        }
        Cart { groups, saved }
    }

    /// Lines in the cart (not saved for later).
    pub fn line_count(&self) -> usize {
        self.groups.iter().map(|g| g.lines.len()).sum()
    }

    /// The whole cart's totals per currency.
    pub fn totals(&self) -> Vec<(String, i64)> {
        totals(self.groups.iter().flat_map(|g| g.lines.iter().copied()))
    }
}

fn totals<'a>(lines: impl Iterator<Item = &'a CartLine>) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = Vec::new();
    for l in lines {
        let amount = l.price_minor.saturating_mul(i64::from(l.quantity));
        match out.iter_mut().find(|(c, _)| *c == l.currency) {
            Some((_, sum)) => *sum = sum.saturating_add(amount),
            None => out.push((l.currency.clone(), amount)),
        }
    }
    out
}

/// What a notice says to the buyer.
pub fn notice_text(n: &Notice) -> String {
    match n {
        Notice::PriceChanged {
            old_minor,
            old_currency,
            new_minor,
            new_currency,
        } => {
            let up = new_currency == old_currency && new_minor > old_minor;
            format!(
                "Price {} since you added it: {} → {}.",
                if new_currency != old_currency {
                    "changed"
                } else if up {
                    "went up"
                } else {
                    "went down"
                },
                money::format(*old_minor, old_currency),
                money::format(*new_minor, new_currency)
            )
        }
        Notice::OutOfStock => "Now out of stock: remove it or save it for later.".into(),
        Notice::NotEnoughStock { available } => {
            format!("Only {available} left in stock: lower the quantity to order it.")
        }
        Notice::BelowMinimum { moq } => {
            format!("The seller now sells this in quantities of at least {moq}.")
        }
        Notice::NotAMultiple {
            multiple,
            lower,
            higher,
        } => match (lower, higher) {
            (Some(l), Some(h)) => format!(
                "The seller now sells this in packs of {multiple}: change the quantity to {l} or {h}."
            ),
            (Some(n), None) | (None, Some(n)) => format!(
                "The seller now sells this in packs of {multiple}: change the quantity to {n}."
            ),
            (None, None) => format!(
                "The seller now sells this in packs of {multiple}: change the quantity to a multiple of {multiple}."
            ),
        },
        Notice::Unavailable(why) => format!("{why} Remove it from your cart."),
    }
}

/// The quick-order box's outcome, line by line.
#[derive(Debug, Default)]
pub struct QuickOutcome {
    pub typed: String,
    pub error: Option<String>,
    /// Why an uploaded file was not read.
    pub upload_error: Option<String>,
    pub rows: Vec<QuickRow>,
}

/// One pasted line and what became of it.
#[derive(Debug)]
pub struct QuickRow {
    pub line: usize,
    pub typed: String,
    pub result: QuickResult,
}

/// What became of a pasted line.
#[derive(Debug)]
pub enum QuickResult {
    Added {
        quantity: u32,
        part_id: String,
        name: String,
        seller: String,
    },
    Refused(String),
    /// (id, part number, name) of the closest part numbers.
    NotFound {
        suggestions: Vec<(String, String, String)>,
    },
}

fn line_row(chrome: &Chrome, l: &CartLine, error: Option<&(String, String)>) -> Markup {
    let notices = l.notices();
    let qty_id = format!("qty-{}", l.id);
    let err_id = format!("{qty_id}-error");
    let typed = error.map_or_else(|| l.quantity.to_string(), |(t, _)| t.clone());
    html! {
        tr.cart-line.has-warning[notices.iter().any(Notice::blocks_checkout)] {
            td.cart-thumb {
                @if let Some(src) = &l.image_small {
                    img src={ "/images/" (src) } alt="" width="64" height="64" loading="lazy";
                }
            }
            td.cart-part {
                a href={ "/parts/" (l.part_id) } { code { (l.part_number) } " " (l.name) }
                @if !notices.is_empty() {
                    ul.line-notices {
                        @for n in &notices {
                            li.notice-warn[n.blocks_checkout()] role="status" { (notice_text(n)) }
                        }
                    }
                }
            }
            td.num data-label="Unit price" { (price(l.price_minor, &l.currency)) }
            td.cart-qty {
                form method="post" action={ "/cart/lines/" (l.id) "/quantity" } {
                    (csrf_field(chrome.csrf))
                    label.visually-hidden for=(qty_id) { "Quantity of " (l.part_number) }
                    input id=(qty_id) name="quantity" type="number" inputmode="numeric"
                        min=(rules::smallest_quantity(i64::from(l.moq), i64::from(l.order_multiple)))
                        step=(i64::from(l.order_multiple).max(1))
                        max=(rules::MAX_LINE_QUANTITY) value=(typed)
                        aria-invalid=[error.map(|_| "true")]
                        aria-describedby=[error.map(|_| err_id.as_str())];
                    button.small type="submit" { "Update" }
                    @if let Some((_, e)) = error { p.error-text id=(err_id) { (e) } }
                }
            }
            td.num data-label="Line total" { (price(l.price_minor.saturating_mul(i64::from(l.quantity)), &l.currency)) }
            td.cart-actions {
                form method="post" action={ "/cart/lines/" (l.id) "/save" } {
                    (csrf_field(chrome.csrf))
                    button.link-button type="submit" { "Save for later" }
                }
                form method="post" action={ "/cart/lines/" (l.id) "/remove" } {
                    (csrf_field(chrome.csrf))
                    button.link-button type="submit" { "Remove" span.visually-hidden { " " (l.part_number) } }
                }
            }
        }
    }
}

fn money_list(amounts: &[(String, i64)]) -> Markup {
    html! {
        @for (i, (currency, minor)) in amounts.iter().enumerate() {
            @if i > 0 { " + " }
            (price(*minor, currency))
        }
    }
}

/// A day number as "Mon 30 Nov".
fn day_label(day: i64) -> String {
    let (_, m, d) = crate::domain::dates::civil_from_days(day);
    // 1970-01-01 was a Thursday.
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][day.rem_euclid(7) as usize];
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(m - 1).clamp(0, 11) as usize];
    format!("{weekday} {d} {month}")
}

fn estimate_rows(e: &Estimate) -> Markup {
    html! {
        @match &e.shipping {
            Ok(q) => {
                dt { "Estimated shipping (standard, " (q.transit_days) " day" @if q.transit_days != 1 { "s" } ")" }
                dd { @if q.free_shipping_applied { "Free" } @else { (price(q.fee_minor, &q.currency)) } }
            }
            Err(why) => {
                dt { "Shipping" }
                dd.muted.why { (why) " · " a href="/org/addresses" { "Addresses" } }
            }
        }
        @match &e.tax {
            Ok((rows, _)) => {
                @for r in rows {
                    dt { "Estimated " (r.label) } dd { (price(r.amount_minor, &e.currency)) }
                }
            }
            Err(why) => { dt { "Tax" } dd.muted.why { (why) } }
        }
        @if let Some(total) = e.total_minor {
            dt.grand { "Estimated total" } dd.grand { (price(total, &e.currency)) }
        }
        @if let Some(day) = e.delivery_day {
            dt { "Estimated delivery" } dd { "by " (day_label(day)) }
        }
    }
}

fn group_section(
    chrome: &Chrome,
    g: &SellerGroup,
    estimate: Option<&Estimate>,
    m: &Messages,
) -> Markup {
    let heading = format!("seller-{}", g.seller_id);
    html! {
        section.cart-seller aria-labelledby=(heading) {
            h2 id=(heading) { "From " a href={ "/sellers/" (g.seller_id) } { (g.seller_name) } }
            div.table-scroll {
                table.cart-table {
                    thead { tr {
                        th scope="col" { span.visually-hidden { "Picture" } }
                        th scope="col" { "Part" }
                        th.num scope="col" { "Unit price" }
                        th scope="col" { "Quantity" }
                        th.num scope="col" { "Line total" }
                        th scope="col" { span.visually-hidden { "Actions" } }
                    } }
                    tbody {
                        @for l in &g.lines { (line_row(chrome, l, m.line_errors.get(&l.id))) }
                    }
                }
            }
            dl.cart-summary {
                dt { "Subtotal (" (g.lines.len()) " line" @if g.lines.len() != 1 { "s" } ", excl. GST)" }
                dd { (money_list(&g.subtotals())) }
                @if let Some(e) = estimate { (estimate_rows(e)) }
            }
            @if let Some(e) = estimate && !e.tax_note.is_empty() { p.muted.small { (e.tax_note) } }
        }
    }
}

fn quick_order(chrome: &Chrome, q: Option<&QuickOutcome>) -> Markup {
    let typed = q.map_or("", |q| q.typed.as_str());
    let error = q.and_then(|q| q.error.as_deref());
    html! {
        section.quick-order aria-labelledby="quick-h" {
            h2 #quick-h { "Quick order" }
            @if let Some(q) = q && !q.rows.is_empty() {
                div.table-scroll {
                    table.admin-table.quick-results {
                        caption { "What happened to each line you pasted" }
                        thead { tr { th scope="col" { "Line" } th scope="col" { "You typed" } th scope="col" { "Result" } } }
                        tbody {
                            @for r in &q.rows {
                                tr {
                                    td.num { (r.line) }
                                    td { code { (r.typed) } }
                                    td {
                                        @match &r.result {
                                            QuickResult::Added { quantity, part_id, name, seller } => {
                                                span.badge.badge-in { "Added" } " " (quantity) " × "
                                                a href={ "/parts/" (part_id) } { (name) } " from " (seller)
                                            }
                                            QuickResult::Refused(why) => {
                                                span.badge.badge-out { "Not added" } " " (why)
                                            }
                                            QuickResult::NotFound { suggestions } => {
                                                span.badge.badge-low { "No such part number" }
                                                @if suggestions.is_empty() { " and nothing close to it." }
                                                @else {
                                                    " Did you mean "
                                                    @for (i, (id, pn, name)) in suggestions.iter().enumerate() {
                                                        @if i > 0 { ", " }
                                                        a href={ "/parts/" (id) } { code { (pn) } } " (" (name) ")"
                                                    }
                                                    "?"
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form method="post" action="/cart/quick" {
                (csrf_field(chrome.csrf))
                div.field.field-error[error.is_some()] {
                    label for="quick-lines" { "Part numbers and quantities, one per line" }
                    textarea #quick-lines name="lines" rows="5" spellcheck="false"
                        placeholder="AB-123/4, 2\n00451223\t10\nSX 100 5"
                        aria-invalid=[error.map(|_| "true")]
                        aria-describedby=[error.map(|_| "quick-lines-error")] { (typed) }
                    @if let Some(e) = error { p.error-text #quick-lines-error { (e) } }
                    p.hint { "Separate the quantity with a comma, tab, semicolon or space. No quantity means one." }
                }
                button type="submit" { "Add to cart" }
            }
            @let upload_error = q.and_then(|q| q.upload_error.as_deref());
            form.quick-upload method="post" action={ "/cart/quick/upload?_csrf=" (chrome.csrf) } enctype="multipart/form-data" {
                div.field.field-error[upload_error.is_some()] {
                    label for="quick-file" { "Or upload a .csv or .xlsx file: part numbers in column A, quantities in column B" }
                    input #quick-file type="file" name="file"
                        accept=".csv,.tsv,.xlsx,.xlsm,.xls,.ods,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        aria-invalid=[upload_error.map(|_| "true")]
                        aria-describedby=[upload_error.map(|_| "quick-file-error")];
                    @if let Some(e) = upload_error { p.error-text #quick-file-error { (e) } }
                }
                button type="submit" { "Upload and add" }
            }
        }
    }
}

/// The sum of every seller's estimated total, when each is known and all
/// are in one currency.
fn grand_total(cart: &Cart, estimates: &HashMap<String, Estimate>) -> Option<(String, i64)> {
    let mut currency: Option<&str> = None;
    let mut sum = 0i64;
    for g in &cart.groups {
        let e = estimates.get(g.seller_id)?;
        if currency.is_some_and(|c| c != e.currency) {
            return None;
        }
        currency = Some(&e.currency);
        sum = sum.checked_add(e.total_minor?)?;
    }
    Some((currency?.to_owned(), sum))
}

/// The cart page.
pub fn page(
    chrome: &Chrome,
    cart: &Cart,
    estimates: &HashMap<String, Estimate>,
    m: &Messages,
) -> Markup {
    let body = html! {
        h1 { "Your cart" }
        @if let Some(n) = &m.notice { div.notice role="status" { (n) } }
        @if let Some(b) = &m.banner { div.notice.notice-warn role="alert" { (b) } }
        @if cart.groups.is_empty() {
            p.empty-cart { "Your cart is empty. " a href="/" { "Search for parts" } " or paste part numbers below." }
        } @else {
            p.muted {
                (cart.line_count()) " line" @if cart.line_count() != 1 { "s" }
                " from " (cart.groups.len()) " seller" @if cart.groups.len() != 1 { "s" }
                ". Each seller ships and invoices its own order."
            }
            @for g in &cart.groups { (group_section(chrome, g, estimates.get(g.seller_id), m)) }
            div.cart-total {
                @if let Some((currency, total)) = grand_total(cart, estimates) {
                    p { "Estimated grand total, with GST and shipping: " strong { (price(total, &currency)) } }
                } @else {
                    p { "Total, excl. GST and shipping: " strong { (money_list(&cart.totals())) } }
                }
                form method="post" action="/cart/clear" {
                    (csrf_field(chrome.csrf))
                    button.link-button type="submit" { "Empty the cart" }
                }
                @let blocked = cart.groups.iter().flat_map(|g| g.lines.iter())
                    .filter(|l| l.notices().iter().any(Notice::blocks_checkout)).count();
                @if blocked == 0 {
                    a.button-link-primary.checkout-link href="/checkout" { "Proceed to checkout" }
                } @else {
                    div.checkout-blocked {
                        button.primary type="button" disabled aria-describedby="checkout-blocked" { "Proceed to checkout" }
                        p.small #checkout-blocked {
                            (blocked) " line" @if blocked != 1 { "s" } " cannot be ordered as "
                            @if blocked != 1 { "they are" } @else { "it is" } ": see the notices above."
                        }
                    }
                }
            }
        }
        @if !cart.saved.is_empty() {
            section #saved aria-labelledby="saved-h" {
                h2 #saved-h { "Saved for later (" (cart.saved.len()) ")" }
                ul.saved-lines {
                    @for l in &cart.saved {
                        li {
                            a href={ "/parts/" (l.part_id) } { code { (l.part_number) } " " (l.name) }
                            " · " (l.seller_name) " · " (price(l.price_minor, &l.currency)) " × " (l.quantity)
                            form.inline method="post" action={ "/cart/lines/" (l.id) "/restore" } {
                                (csrf_field(chrome.csrf))
                                button.small type="submit" { "Move to cart" }
                            }
                            form.inline method="post" action={ "/cart/lines/" (l.id) "/remove" } {
                                (csrf_field(chrome.csrf))
                                button.link-button type="submit" { "Remove" }
                            }
                        }
                    }
                }
            }
        }
        (quick_order(chrome, m.quick.as_ref()))
    };
    layout::page(chrome, "Cart", "", body)
}

/// A refused "add to cart": the part, the quantity as typed and why.
pub fn add_page(chrome: &Chrome, part: &Buyable, typed: &str, error: &str) -> Markup {
    let body = html! {
        h1 { "Add to cart" }
        p { a href={ "/parts/" (part.id) } { code { (part.part_number) } " " (part.name) } " · sold by " (part.seller_name) }
        p {
            (price(part.price_minor, &part.currency)) " per unit · " (part.stock) " in stock · minimum order "
            (rules::smallest_quantity(i64::from(part.moq), i64::from(part.order_multiple)))
            @if part.order_multiple > 1 { " · sold in multiples of " (part.order_multiple) }
        }
        (add_form(chrome.csrf, &part.id, typed, (i64::from(part.moq), i64::from(part.order_multiple)), Some(error), "add"))
    };
    layout::page(chrome, "Add to cart", "", body)
}

/// The add-to-cart form: quantity and button. `rule` is the part's
/// (minimum order, order multiple): the browser is told the smallest
/// quantity and the step, so its spinner only offers whole packs. `error`
/// shows next to the quantity; `id_prefix` keeps ids unique when a page
/// has several forms.
pub fn add_form(
    csrf: &str,
    part_id: &str,
    typed: &str,
    rule: (i64, i64),
    error: Option<&str>,
    id_prefix: &str,
) -> Markup {
    let qty_id = format!("{id_prefix}-qty-{part_id}");
    let err_id = format!("{qty_id}-error");
    let hint_id = format!("{qty_id}-hint");
    let (moq, multiple) = rule;
    let multiple = multiple.max(1);
    let described: Vec<&str> = [
        (multiple > 1).then_some(hint_id.as_str()),
        error.map(|_| err_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        form.add-to-cart method="post" action="/cart/add" {
            (csrf_field(csrf))
            input type="hidden" name="part_id" value=(part_id);
            div.field.field-error[error.is_some()] {
                label for=(qty_id) { "Quantity" }
                input id=(qty_id) name="quantity" type="number" inputmode="numeric"
                    min=(rules::smallest_quantity(moq, multiple)) step=(multiple)
                    max=(rules::MAX_LINE_QUANTITY) value=(typed)
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[(!described.is_empty()).then(|| described.join(" "))];
                @if multiple > 1 { p.hint id=(hint_id) { "Sold in multiples of " (multiple) } }
                @if let Some(e) = error { p.error-text id=(err_id) { (e) } }
            }
            button type="submit" { "Add to cart" }
        }
    }
}
