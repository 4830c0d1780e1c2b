//! The checkout steps: shipping and billing address, shipping option and
//! payment method per seller, the order details, the review with the
//! place button, and the confirmation. Each step is a plain form, so the
//! whole checkout works without JavaScript. Everything shown is read from
//! `ordering::Review`; no price or part travels in a form.

use maud::{Markup, html};

use super::account::{FormState, field};
use super::components::price;
use super::layout::{self, Chrome, csrf_field};
use crate::db::addresses::AddressRow;
use crate::db::orders::Shortfall;
use crate::db::seller_settings::SellerSettingsRow;
use crate::domain::address::{COUNTRIES, state_name};
use crate::domain::checkout::ymd;
use crate::domain::money;
use crate::domain::order_status::PaymentMethod;
use crate::ordering::{Review, SellerReview};

/// A checkout step, in the order the buyer walks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Address,
    Shipping,
    Payment,
    Details,
    Review,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 5] = [
        Step::Address,
        Step::Shipping,
        Step::Payment,
        Step::Details,
        Step::Review,
    ];

    /// The last segment of the step's URL.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Address => "address",
            Step::Shipping => "shipping",
            Step::Payment => "payment",
            Step::Details => "details",
            Step::Review => "review",
        }
    }

    /// What the step indicator calls it.
    pub fn label(self) -> &'static str {
        match self {
            Step::Address => "Address",
            Step::Shipping => "Shipping",
            Step::Payment => "Payment",
            Step::Details => "Details",
            Step::Review => "Review",
        }
    }
}

/// The URL of step `step` of checkout `id`.
pub fn step_url(id: &str, step: Step) -> String {
    format!("/checkout/{id}/{}", step.slug())
}

/// The step indicator: every step a link, the current one marked.
fn steps_nav(id: &str, current: Step) -> Markup {
    html! {
        nav.checkout-steps aria-label="Checkout steps" {
            ol {
                @for (i, s) in Step::ALL.into_iter().enumerate() {
                    li.done[(s as usize) < (current as usize)] {
                        a href=(step_url(id, s)) aria-current=[(s == current).then_some("step")] {
                            span.step-no aria-hidden="true" { (i + 1) }
                            " " (s.label())
                        }
                    }
                }
            }
        }
    }
}

/// The frame of every step: title, step indicator, what blocks the cart.
fn step_page(chrome: &Chrome, r: &Review, step: Step, title: &str, body: Markup) -> Markup {
    let id = r.checkout.id.as_str();
    let body = html! {
        p.muted { a href="/cart" { "← Cart" } }
        h1 { "Checkout: " (title) }
        (steps_nav(id, step))
        @if r.sellers.is_empty() {
            div.notice.notice-warn role="alert" {
                "Your cart is empty. " a href="/cart" { "Back to the cart" }
            }
        }
        @if !r.blockers.is_empty() {
            div.notice.notice-warn role="alert" {
                p { "Some lines cannot be ordered as they are; change them in " a href="/cart" { "the cart" } ":" }
                ul { @for b in &r.blockers { li { (b) } } }
            }
        }
        (body)
    };
    layout::page(chrome, &format!("Checkout: {title}"), "", body)
}

fn country_name(code: &str) -> &str {
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, n)| n)
}

/// An address, one line a row.
fn address_block(a: &AddressRow) -> Markup {
    html! {
        address {
            @if !a.label.is_empty() { strong { (a.label) } br; }
            (a.contact_name) br;
            (a.line1) br;
            @if !a.line2.is_empty() { (a.line2) br; }
            (a.city) ", " (state_name(&a.country, &a.state_code)) " " (a.postal_code) br;
            (country_name(&a.country))
            @if !a.phone.is_empty() { br; "Phone " (a.phone) }
            @if !a.gstin.is_empty() { br; "GSTIN " code { (a.gstin) } }
        }
    }
}

/// The choices of the address step, and what went wrong with them.
#[derive(Debug, Default)]
pub struct AddressChoice {
    pub shipping_id: String,
    /// Empty: bill to the shipping address.
    pub billing_id: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

/// Step 1: where to ship and whom to bill, or a new shipping address.
pub fn address_page(
    chrome: &Chrome,
    r: &Review,
    choice: &AddressChoice,
    new: &FormState,
) -> Markup {
    let id = r.checkout.id.as_str();
    let shipping: Vec<&AddressRow> = r
        .addresses
        .iter()
        .filter(|a| a.kind == "shipping")
        .collect();
    let billing: Vec<&AddressRow> = r.addresses.iter().filter(|a| a.kind == "billing").collect();
    let body = html! {
        @if let Some(n) = &choice.notice { div.notice role="status" { (n) } }
        @if shipping.is_empty() {
            p { "Your organization has no shipping address yet: add one below." }
        } @else {
            form.checkout-form method="post" action=(step_url(id, Step::Address)) {
                (csrf_field(chrome.csrf))
                fieldset.checkout-choices.field-error[choice.error.is_some()]
                    aria-describedby=[choice.error.as_ref().map(|_| "ship-error")] {
                    legend { "Ship to" }
                    @if let Some(e) = &choice.error { p.error-text #ship-error { (e) } }
                    @for a in &shipping {
                        label.option-card {
                            input type="radio" name="shipping_address_id" value=(a.id)
                                checked[choice.shipping_id == a.id] required;
                            (address_block(a))
                            @if a.is_default { span.badge.badge-in { "Default" } }
                        }
                    }
                }
                fieldset.checkout-choices {
                    legend { "Bill to" }
                    label.option-card {
                        input type="radio" name="billing_address_id" value=""
                            checked[choice.billing_id.is_empty()];
                        span { "The shipping address" }
                    }
                    @for a in &billing {
                        label.option-card {
                            input type="radio" name="billing_address_id" value=(a.id)
                                checked[choice.billing_id == a.id];
                            (address_block(a))
                            @if a.is_default { span.badge.badge-in { "Default" } }
                        }
                    }
                    p.hint { "Billing addresses are kept in " a href="/org/addresses" { "the address book" } "." }
                }
                div.step-actions {
                    button.primary type="submit" { "Continue to shipping" }
                }
            }
        }
        details.new-address open[shipping.is_empty() || new.failed()] {
            summary { "Ship to a new address" }
            form.address-form method="post" action=(step_url(id, Step::Address)) {
                (csrf_field(chrome.csrf))
                input type="hidden" name="add" value="1";
                input type="hidden" name="billing_address_id" value=(choice.billing_id);
                @if let Some(b) = &new.banner { div.notice.notice-warn role="alert" { (b) } }
                (crate::views::addresses::fields(new, true))
                p.hint { "It is saved in your organization's address book and chosen for this order." }
                button type="submit" { "Add and ship here" }
            }
        }
    };
    step_page(chrome, r, Step::Address, "Shipping address", body)
}

/// "3 days" / "1 day".
fn days(n: u32) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// A seller's heading, as every per-seller step shows it.
fn seller_heading(s: &SellerReview) -> Markup {
    html! {
        h2 id={ "seller-" (s.seller_id) } { "From " (s.seller_name) }
        p.muted.small {
            (s.lines.len()) " line" @if s.lines.len() != 1 { "s" } ": "
            @for (i, l) in s.lines.iter().enumerate() {
                @if i > 0 { ", " }
                (l.quantity) " × " code { (l.part_number) }
            }
        }
    }
}

/// An error of one seller's choice on the shipping or payment step.
pub type SellerError = (String, String);

fn seller_error<'a>(errors: &'a [SellerError], seller_id: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(s, _)| s == seller_id)
        .map(|(_, e)| e.as_str())
}

/// Step 2: each seller's shipping option, priced, or refused with why.
pub fn shipping_page(chrome: &Chrome, r: &Review, errors: &[SellerError]) -> Markup {
    let id = r.checkout.id.as_str();
    let body = html! {
        @if r.ship_to.is_none() {
            div.notice.notice-warn role="alert" {
                "Choose a shipping address first: " a href=(step_url(id, Step::Address)) { "Shipping address" }
            }
        }
        form.checkout-form method="post" action=(step_url(id, Step::Shipping)) {
            (csrf_field(chrome.csrf))
            @for s in &r.sellers {
                @let err = seller_error(errors, &s.seller_id);
                @let err_id = format!("ship-{}-error", s.seller_id);
                section.checkout-seller aria-labelledby={ "seller-" (s.seller_id) } {
                    (seller_heading(s))
                    fieldset.checkout-choices.field-error[err.is_some()] aria-describedby=[err.map(|_| err_id.as_str())] {
                        legend { "Shipping option" }
                        @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
                        @for (o, priced) in &s.options {
                            @match priced {
                                Ok(p) => {
                                    label.option-card {
                                        input type="radio" name={ "option-" (s.seller_id) } value=(o.key())
                                            checked[s.option == Some(*o)];
                                        span.option-name { (o.label()) }
                                        span.option-detail {
                                            @if p.shipping.free_shipping_applied { "Free" }
                                            @else { (price(p.shipping.fee_minor, &p.shipping.currency)) }
                                            " · " (days(p.shipping.transit_days)) " in transit · delivery by "
                                            time datetime=(ymd(p.delivery_day)) { (ymd(p.delivery_day)) }
                                        }
                                        @if p.shipping.weight_estimated {
                                            span.option-why { "Some parts have no recorded weight, so the seller may revise the fee." }
                                        }
                                    }
                                }
                                Err(why) => {
                                    label.option-card.disabled {
                                        input type="radio" name={ "option-" (s.seller_id) } value=(o.key()) disabled;
                                        span.option-name { (o.label()) }
                                        span.option-why { "Not available: " (why) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            div.step-actions {
                a href=(step_url(id, Step::Address)) { "← Address" }
                button.primary type="submit" { "Continue to payment" }
            }
        }
    };
    step_page(chrome, r, Step::Shipping, "Shipping", body)
}

/// The account a buyer pays a bank transfer into.
pub fn bank_details(s: &SellerSettingsRow) -> Markup {
    html! {
        @if s.bank_account_number.is_empty() {
            p.muted { "The seller's bank details will be sent with the order." }
        } @else {
            dl.bank-details {
                dt { "Account name" } dd { (s.bank_account_name) }
                dt { "Account number" } dd { code { (s.bank_account_number) } }
                @if !s.bank_ifsc.is_empty() { dt { "IFSC" } dd { code { (s.bank_ifsc) } } }
                @if !s.bank_swift.is_empty() { dt { "SWIFT" } dd { code { (s.bank_swift) } } }
                @if !s.bank_name.is_empty() { dt { "Bank" } dd { (s.bank_name) } }
            }
        }
    }
}

/// What net terms say when open: "Net 30 days, credit left ₹X".
fn terms_text(s: &SellerReview) -> Option<String> {
    s.terms.as_ref().map(|t| {
        let left = t.credit_limit_minor.saturating_sub(s.owed_minor).max(0);
        format!(
            "Net {} days, credit left {}",
            t.net_days,
            money::format(left, &t.currency)
        )
    })
}

/// Step 3: each seller's payment method.
pub fn payment_page(chrome: &Chrome, r: &Review, errors: &[SellerError]) -> Markup {
    let id = r.checkout.id.as_str();
    let body = html! {
        form.checkout-form method="post" action=(step_url(id, Step::Payment)) {
            (csrf_field(chrome.csrf))
            @for s in &r.sellers {
                @let err = seller_error(errors, &s.seller_id);
                @let err_id = format!("pay-{}-error", s.seller_id);
                section.checkout-seller aria-labelledby={ "seller-" (s.seller_id) } {
                    (seller_heading(s))
                    @if let Some(p) = s.priced() {
                        p { "Order total " strong { (price(p.total_minor, &p.currency)) } " with GST and shipping." }
                    }
                    fieldset.checkout-choices.field-error[err.is_some()] aria-describedby=[err.map(|_| err_id.as_str())] {
                        legend { "Payment method" }
                        @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
                        @for (m, open) in &s.payments {
                            @let name = format!("payment-{}", s.seller_id);
                            @match open {
                                Ok(()) => {
                                    label.option-card {
                                        input type="radio" name=(name) value=(m.as_str())
                                            checked[s.payment == Some(*m)];
                                        span.option-name { (m.label()) }
                                        @match m {
                                            PaymentMethod::BankTransfer => {
                                                span.option-detail { "Pay before dispatch, then upload the payment proof on the order page." }
                                                (bank_details(&s.settings))
                                            }
                                            PaymentMethod::NetTerms => {
                                                @if let Some(t) = terms_text(s) { span.option-detail { (t) } }
                                            }
                                        }
                                    }
                                }
                                Err(why) => {
                                    label.option-card.disabled {
                                        input type="radio" name=(name) value=(m.as_str()) disabled;
                                        span.option-name { (m.label()) }
                                        span.option-why { "Not available: " (why) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            div.step-actions {
                a href=(step_url(id, Step::Shipping)) { "← Shipping" }
                button.primary type="submit" { "Continue to details" }
            }
        }
    };
    step_page(chrome, r, Step::Payment, "Payment", body)
}

/// Step 4: PO number, notes, required-by date, service ticket.
pub fn details_page(chrome: &Chrome, r: &Review, f: &FormState) -> Markup {
    let id = r.checkout.id.as_str();
    let notes_err = f.error("notes");
    let body = html! {
        form.checkout-form.details-form method="post" action=(step_url(id, Step::Details)) {
            (csrf_field(chrome.csrf))
            (field(f, "po_number", "Purchase order number (optional)", "text", "off"))
            div.field.field-error[notes_err.is_some()] {
                label for="f-notes" { "Notes for the sellers (optional)" }
                textarea #f-notes name="notes" rows="4"
                    aria-invalid=[notes_err.map(|_| "true")]
                    aria-describedby=[notes_err.map(|_| "f-notes-error")] { (f.value("notes")) }
                @if let Some(e) = notes_err { p.error-text #f-notes-error { (e) } }
            }
            (field(f, "required_by", "Required by (optional)", "date", "off"))
            (field(f, "ticket_ref", "Service ticket reference (optional)", "text", "off"))
            div.step-actions {
                a href=(step_url(id, Step::Payment)) { "← Payment" }
                button.primary type="submit" { "Continue to review" }
            }
        }
    };
    step_page(chrome, r, Step::Details, "Order details", body)
}

/// Why placing was refused, for the review page.
#[derive(Debug, Clone)]
pub enum Problem {
    /// The stock no longer covers these lines.
    Short(Vec<Shortfall>),
    /// Net terms closed with this seller since the review.
    Credit { seller_name: String, reason: String },
    /// Still missing, step by step.
    NotReady(Vec<String>),
}

fn problem_banner(p: &Problem) -> Markup {
    html! {
        div.notice.notice-warn role="alert" {
            @match p {
                Problem::Short(lines) => {
                    p { "Nothing was ordered: the stock no longer covers these lines. Lower the quantities in " a href="/cart" { "the cart" } " and try again." }
                    ul.shortfalls {
                        @for s in lines {
                            li {
                                code { (s.part_number) } " " (s.name) " from " (s.seller_name)
                                ": you want " (s.wanted) ", " (s.available) " available."
                            }
                        }
                    }
                }
                Problem::Credit { seller_name, reason } => {
                    p { "Nothing was ordered: net terms with " (seller_name) " are no longer open (" (reason) "). Choose another payment method." }
                }
                Problem::NotReady(missing) => {
                    p { "Nothing was ordered yet. Still to do:" }
                    ul { @for m in missing { li { (m) } } }
                }
            }
        }
    }
}

fn seller_review(id: &str, s: &SellerReview) -> Markup {
    html! {
        section.checkout-seller aria-labelledby={ "seller-" (s.seller_id) } {
            h2 id={ "seller-" (s.seller_id) } {
                "From " (s.seller_name)
                @if s.needs_approval { " " span.badge.badge-warn { "Needs approval" } }
            }
            @if s.needs_approval {
                p.small.muted { "This order goes to your organization's approver before the seller sees it." }
            }
            @match s.priced() {
                Some(p) => {
                    div.table-scroll {
                        table.review-lines {
                            thead { tr {
                                th scope="col" { "Part number" }
                                th scope="col" { "Name" }
                                th.num scope="col" { "Qty" }
                                th.num scope="col" { "Unit price" }
                                th.num scope="col" { "Taxable value" }
                                th scope="col" { "GST" }
                                th.num scope="col" { "Tax" }
                                th.num scope="col" { "Line total" }
                            } }
                            tbody {
                                @for l in &p.lines {
                                    tr {
                                        td { code { (l.part_number) } }
                                        td { (l.name) }
                                        td.num { (l.quantity) }
                                        td.num { (price(l.unit_minor, &p.currency)) }
                                        td.num { (price(l.taxable_minor, &p.currency)) }
                                        td { (l.tax_label) }
                                        td.num { (price(l.tax_minor, &p.currency)) }
                                        td.num { (price(l.total_minor, &p.currency)) }
                                    }
                                }
                            }
                        }
                    }
                    dl.cart-summary.review-summary {
                        dt { "Subtotal (taxable value)" } dd { (price(p.subtotal_minor, &p.currency)) }
                        @for t in &p.tax_rows {
                            dt.tax-row { (t.label) " on " (money::format(t.taxable_minor, &p.currency)) }
                            dd.tax-row { (price(t.amount_minor, &p.currency)) }
                        }
                        dt { "Shipping (" (p.option.label().to_lowercase()) ", " (days(p.shipping.transit_days)) ")" }
                        dd.shipping { @if p.shipping.free_shipping_applied { "Free" } @else { (price(p.shipping.fee_minor, &p.shipping.currency)) } }
                        dt.grand { "Order total" } dd.grand.order-total { (price(p.total_minor, &p.currency)) }
                    }
                    p.muted.small.tax-note { (p.tax_note) }
                    dl.review-facts {
                        dt { "Delivery estimate" }
                        dd { "by " time datetime=(ymd(p.delivery_day)) { (ymd(p.delivery_day)) } " · " a href=(step_url(id, Step::Shipping)) { "Change" } }
                        dt { "Payment" }
                        dd.payment-method {
                            @match s.payment {
                                Some(m) => { (m.label()) @if m == PaymentMethod::NetTerms && let Some(t) = terms_text(s) { " (" (t) ")" } }
                                None => span.muted { "Not chosen yet" },
                            }
                            " · " a href=(step_url(id, Step::Payment)) { "Change" }
                        }
                    }
                }
                None => {
                    ul.review-unpriced {
                        @for l in &s.lines {
                            li { (l.quantity) " × " code { (l.part_number) } " " (l.name) " at " (price(l.price_minor, &l.currency)) }
                        }
                    }
                    p.muted { "Shipping and tax cannot be worked out yet." }
                }
            }
        }
    }
}

/// Step 5: everything that will be ordered, and the place button.
pub fn review_page(chrome: &Chrome, r: &Review, problem: Option<&Problem>) -> Markup {
    let id = r.checkout.id.as_str();
    let missing = r.missing();
    let c = &r.checkout;
    let body = html! {
        @if let Some(p) = problem { (problem_banner(p)) }
        div.review-parties {
            section aria-labelledby="h-ship" {
                h2 #h-ship { "Ship to" }
                @match &r.ship_to { Some(a) => (address_block(a)), None => p.muted { "Not chosen yet" } }
                a href=(step_url(id, Step::Address)) { "Change" span.visually-hidden { " the shipping address" } }
            }
            section aria-labelledby="h-bill" {
                h2 #h-bill { "Bill to" }
                @match &r.bill_to { Some(a) => (address_block(a)), None => p { "The shipping address" } }
                a href=(step_url(id, Step::Address)) { "Change" span.visually-hidden { " the billing address" } }
            }
            section aria-labelledby="h-details" {
                h2 #h-details { "Details" }
                dl.review-facts.order-details {
                    dt { "PO number" } dd { @if c.po_number.is_empty() { span.muted { "None" } } @else { (c.po_number) } }
                    dt { "Required by" } dd { @if c.required_by.is_empty() { span.muted { "No date" } } @else { (c.required_by) } }
                    dt { "Service ticket" } dd { @if c.ticket_ref.is_empty() { span.muted { "None" } } @else { (c.ticket_ref) } }
                    dt { "Notes" } dd { @if c.notes.is_empty() { span.muted { "None" } } @else { (c.notes) } }
                }
                a href=(step_url(id, Step::Details)) { "Change" span.visually-hidden { " the details" } }
            }
        }
        @for s in &r.sellers { (seller_review(id, s)) }
        @let totals = r.totals();
        div.cart-total.review-total {
            @if !totals.is_empty() {
                p {
                    "Grand total, with GST and shipping: "
                    @for (i, (currency, minor)) in totals.iter().enumerate() {
                        @if i > 0 { " + " }
                        strong.grand-total { (price(*minor, currency)) }
                    }
                }
            }
            form.place-form method="post" action={ "/checkout/" (id) "/place" } {
                (csrf_field(chrome.csrf))
                @if missing.is_empty() {
                    button.primary type="submit" { "Place order" @if r.sellers.len() > 1 { "s" } }
                } @else {
                    button.primary type="submit" disabled aria-describedby="missing" { "Place order" }
                }
            }
        }
        @if !missing.is_empty() {
            section.missing #missing aria-labelledby="h-missing" {
                h2 #h-missing { "Before you can place the order" }
                ul { @for m in &missing { li { (m) } } }
            }
        }
        @if missing.is_empty() && r.sellers.len() > 1 {
            p.muted.small { "Each seller gets its own order, numbered, invoiced and shipped separately." }
        }
    };
    step_page(chrome, r, Step::Review, "Review and place", body)
}

/// One order of a placed checkout, as the confirmation lists it.
#[derive(Debug, Clone)]
pub struct DoneOrder {
    pub id: String,
    pub number: String,
    pub seller_name: String,
    pub status_label: String,
    pub currency: String,
    pub total_minor: i64,
    /// The seller's bank details, for a bank-transfer order.
    pub bank: Option<SellerSettingsRow>,
}

/// The confirmation of a placed checkout.
pub fn done_page(chrome: &Chrome, reference: &str, orders: &[DoneOrder]) -> Markup {
    let body = html! {
        h1 { "Thank you: your order" @if orders.len() != 1 { "s are" } @else { " is" } " placed" }
        p.checkout-reference { "Checkout reference " strong { (reference) } }
        div.table-scroll {
            table.done-orders {
                thead { tr {
                    th scope="col" { "Order" }
                    th scope="col" { "Seller" }
                    th scope="col" { "Status" }
                    th.num scope="col" { "Total" }
                } }
                tbody {
                    @for o in orders {
                        tr {
                            td { a.order-number href={ "/orders/" (o.id) } { (o.number) } }
                            td { (o.seller_name) }
                            td { (o.status_label) }
                            td.num { (price(o.total_minor, &o.currency)) }
                        }
                    }
                }
            }
        }
        @for o in orders {
            @if let Some(bank) = &o.bank {
                section.pay-by-transfer aria-labelledby={ "pay-" (o.id) } {
                    h2 id={ "pay-" (o.id) } { "Pay " (o.seller_name) " for " (o.number) }
                    p { "Transfer " (price(o.total_minor, &o.currency)) " with the order number "
                        strong { (o.number) } " as the reference:" }
                    (bank_details(bank))
                    p { "Then upload the payment proof on " a href={ "/orders/" (o.id) } { "the order page" } "." }
                }
            }
        }
        p { a href="/" { "Continue shopping" } }
    };
    layout::page(chrome, "Order placed", "", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortfall_names_each_line_its_seller_and_the_counts() {
        let short = vec![Shortfall {
            part_number: "AB-123/4".into(),
            name: "Flow sensor".into(),
            seller_name: "Acme Medical".into(),
            wanted: 5,
            available: 2,
        }];
        let html = problem_banner(&Problem::Short(short)).into_string();
        let doc = scraper::Html::parse_fragment(&html);
        let sel = scraper::Selector::parse("ul.shortfalls li").unwrap();
        let items: Vec<String> = doc
            .select(&sel)
            .map(|e| e.text().collect::<String>())
            .collect();
        assert_eq!(
            items,
            ["AB-123/4 Flow sensor from Acme Medical: you want 5, 2 available."]
        );
    }
}
