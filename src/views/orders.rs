//! The order pages after placing: the buyer's list, one order (header,
//! timeline, lines, totals, tracking, addresses, bank details, the actions
//! the viewer may take, proofs and messages), approvals, the seller's
//! dashboard and the packing slip.

use maud::{Markup, html};

use super::account::{FormState, field};
use super::admin::select_field;
use super::components::price;
use super::layout::{self, Chrome, csrf_field};
use crate::db::order_pages::{Detail, HistoryRow, Line, ListRow, Message, Proof};
use crate::db::seller_settings::SellerSettingsRow;
use crate::domain::checkout::TaxRow;
use crate::domain::dates::utc_minute;
use crate::domain::order_status::{
    Action, Field, Guard, OrderStatus, PaymentMethod, Side, TransitionInput,
};

/// The badge of a stored status: its label, coloured by what it asks of
/// whom (the same everywhere an order's status is shown).
pub fn status_badge(status: &str) -> Markup {
    let label = status.parse::<OrderStatus>().map_or(status, |s| s.label());
    html! { span.badge.order-status.{ "status-" (status) } { (label) } }
}

fn payment_label(method: &str) -> &str {
    method
        .parse::<PaymentMethod>()
        .map_or(method, |m| m.label())
}

fn day(ms: i64) -> String {
    utc_minute(ms).chars().take(10).collect()
}

/// Previous/next links of a listing.
fn pager(prev: Option<&str>, next: Option<&str>) -> Markup {
    html! {
        @if prev.is_some() || next.is_some() {
            nav.pagination aria-label="Pages" {
                @if let Some(p) = prev { a rel="prev" href=(p) { "← Previous" } }
                @if let Some(n) = next { a rel="next" href=(n) { "Next →" } }
            }
        }
    }
}

/// The statuses, for a status filter.
fn status_options() -> Vec<(String, String)> {
    OrderStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), s.label().to_owned()))
        .collect()
}

/// A list of orders; `viewer` decides whether the other party column names
/// the seller (for a buyer) or the buyer (for a seller).
fn order_table(rows: &[ListRow], viewer: Side) -> Markup {
    html! {
        div.table-scroll {
            table.admin-table.order-list {
                thead { tr {
                    th scope="col" { "Order" } th scope="col" { "Placed" }
                    th scope="col" { @if viewer == Side::Buyer { "Seller" } @else { "Buyer" } }
                    th scope="col" { "Status" } th scope="col" { "Payment" } th.num scope="col" { "Total" }
                } }
                tbody {
                    @for o in rows {
                        tr {
                            td.order-number {
                                a href={ "/orders/" (o.id) } { (o.number) }
                                @if !o.po_number.is_empty() { br; span.muted { "PO " (o.po_number) } }
                            }
                            td.when { (day(o.placed_at)) }
                            td { @if viewer == Side::Buyer { (o.seller_name) } @else { (o.buyer_name) } }
                            td { (status_badge(&o.status)) }
                            td { (payment_label(&o.payment_method)) }
                            td.num { (price(o.total_minor, &o.currency)) }
                        }
                    }
                }
            }
        }
    }
}

/// The buyer's list page's inputs.
pub struct ListPage<'a> {
    /// The filters as typed (`status`, `from`, `to`, `seller`, `ticket`,
    /// `q`) and their errors.
    pub form: &'a FormState,
    /// The sellers the organization has ordered from: (id, name).
    pub sellers: &'a [(String, String)],
    pub rows: &'a [ListRow],
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// `GET /orders`.
pub fn list(chrome: &Chrome, p: &ListPage) -> Markup {
    let f = p.form;
    let filtered = f.values.iter().any(|(_, v)| !v.is_empty());
    let body = html! {
        h1 { "Orders" }
        form.filters.order-filters method="get" action="/orders" {
            (select_field(f, "status", "Status", "Any status", &status_options()))
            (field(f, "from", "Placed from", "date", "off"))
            (field(f, "to", "Placed to", "date", "off"))
            (select_field(f, "seller", "Seller", "Any seller", p.sellers))
            (field(f, "ticket", "Ticket reference", "text", "off"))
            (field(f, "q", "Order number or PO contains", "search", "off"))
            button type="submit" { "Filter" }
            @if filtered { a href="/orders" { "Clear" } }
        }
        @if p.rows.is_empty() {
            p.empty {
                @if filtered { "No order matches these filters." }
                @else { "Your organization has not placed an order yet. " a href="/" { "Search for parts" } "." }
            }
        } @else {
            (order_table(p.rows, Side::Buyer))
        }
        (pager(p.prev.as_deref(), p.next.as_deref()))
    };
    layout::page(chrome, "Orders", "", body)
}

/// An action the viewer may take, with the inputs its form needs.
#[derive(Debug, Clone, Copy)]
pub struct ActionForm {
    pub action: Action,
    pub guards: &'static [Guard],
}

/// A refused action's form: which field failed and what was typed.
#[derive(Debug, Clone)]
pub struct Failed {
    pub order_id: String,
    pub action: Action,
    pub field: Field,
    pub message: String,
    pub input: TransitionInput,
}

/// The message form: what was typed and why it was refused.
#[derive(Debug, Clone, Default)]
pub struct MessageForm {
    pub typed: String,
    pub error: Option<String>,
}

/// The order page's inputs.
pub struct DetailPage<'a> {
    pub order: &'a Detail,
    pub side: Side,
    pub lines: &'a [Line],
    pub history: &'a [HistoryRow],
    pub proofs: &'a [Proof],
    pub messages: &'a [Message],
    pub tax_rows: &'a [TaxRow],
    /// The seller's bank details, for a bank-transfer order awaiting payment.
    pub bank: Option<&'a SellerSettingsRow>,
    pub actions: &'a [ActionForm],
    pub failed: Option<&'a Failed>,
    pub message_form: &'a MessageForm,
    pub notice: Option<&'a str>,
    /// Whether the viewer may put the order's parts back in the cart.
    pub can_reorder: bool,
}

/// The most characters a message may have.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// Whether an action gives something up, for the button's style.
fn is_negative(a: Action) -> bool {
    matches!(
        a,
        Action::Reject
            | Action::RejectPayment
            | Action::Cancel
            | Action::CancelBySeller
            | Action::DeclineReturn
    )
}

fn text_line(text: &str) -> Markup {
    html! {
        @for (i, l) in text.lines().enumerate() {
            @if i > 0 { br; }
            (l)
        }
    }
}

/// One input of an action's form, with its error beside it.
fn action_input(
    a: Action,
    field: Field,
    label: &str,
    kind: &str,
    typed: &str,
    error: Option<&str>,
) -> Markup {
    let id = format!("f-{}-{}", a.as_str(), field.as_str());
    let err_id = format!("{id}-error");
    html! {
        div.field.field-error[error.is_some()] {
            label for=(id) { (label) }
            @match kind {
                "textarea" => {
                    textarea id=(id) name=(field.as_str()) rows="3" maxlength="2000"
                        aria-invalid=[error.map(|_| "true")]
                        aria-describedby=[error.map(|_| err_id.as_str())] { (typed) }
                }
                "file" => {
                    input id=(id) name=(field.as_str()) type="file"
                        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                        aria-invalid=[error.map(|_| "true")]
                        aria-describedby=[error.map(|_| err_id.as_str())];
                    p.hint { "PDF, JPG or PNG, up to 10 MB: the bank's receipt or statement." }
                }
                _ => {
                    input id=(id) name=(field.as_str()) type=(kind) value=(typed)
                        aria-invalid=[error.map(|_| "true")]
                        aria-describedby=[error.map(|_| err_id.as_str())];
                }
            }
            @if let Some(e) = error { p.error-text id=(err_id) { (e) } }
        }
    }
}

fn action_form(
    chrome: &Chrome,
    order_id: &str,
    f: &ActionForm,
    failed: Option<&Failed>,
    from: &str,
) -> Markup {
    let a = f.action;
    let mine = failed.filter(|x| x.action == a && x.order_id == order_id);
    let input = mine.map(|x| &x.input);
    let error = |field: Field| {
        mine.filter(|x| x.field == field)
            .map(|x| x.message.as_str())
    };
    let typed = |get: fn(&TransitionInput) -> &str| input.map_or("", get);
    let needs = |g: Guard| f.guards.contains(&g);
    let multipart = needs(Guard::NeedsProof);
    let action_url = if multipart {
        format!("/orders/{order_id}/act?_csrf={}", chrome.csrf)
    } else {
        format!("/orders/{order_id}/act")
    };
    html! {
        form.order-action id={ "action-" (a.as_str()) } method="post" action=(action_url)
            enctype=[multipart.then_some("multipart/form-data")] {
            (csrf_field(chrome.csrf))
            input type="hidden" name="action" value=(a.as_str());
            @if !from.is_empty() { input type="hidden" name="from" value=(from); }
            @if needs(Guard::NeedsReason) {
                (action_input(a, Field::Reason, "Reason", "textarea", typed(|i| &i.reason), error(Field::Reason)))
            }
            @if needs(Guard::NeedsProof) {
                (action_input(a, Field::Proof, "Payment proof", "file", "", error(Field::Proof)))
            }
            @if needs(Guard::NeedsTracking) {
                (action_input(a, Field::Carrier, "Carrier", "text", typed(|i| &i.carrier), error(Field::Carrier)))
                (action_input(a, Field::TrackingNumber, "Tracking number", "text", typed(|i| &i.tracking_number), error(Field::TrackingNumber)))
                (action_input(a, Field::TrackingLink, "Tracking link", "url", typed(|i| &i.tracking_link), error(Field::TrackingLink)))
            }
            button.danger[is_negative(a)] type="submit" { (a.label()) }
        }
    }
}

fn history_label(h: &HistoryRow) -> String {
    match h.to_status.parse::<OrderStatus>() {
        Ok(s) if h.action == "place" => format!("Placed: {}", s.label()),
        Ok(s) => s.label().to_owned(),
        Err(()) => h.to_status.clone(),
    }
}

fn header_rows(o: &Detail, side: Side) -> Markup {
    html! {
        dl.order-header {
            dt { "Order number" } dd.order-number { (o.number) }
            @if let Some(r) = &o.checkout_reference { dt { "Checkout reference" } dd { (r) } }
            @match side {
                Side::Buyer => { dt { "Seller" } dd.order-party { (o.seller_name) } }
                Side::Seller => { dt { "Buyer" } dd.order-party { (o.buyer_name) } }
            }
            dt { "Placed" } dd { (utc_minute(o.placed_at)) " by " (o.placed_by_name) }
            dt { "Status" } dd.order-status-now { (status_badge(&o.status)) }
            dt { "Payment" } dd.order-payment { (payment_label(&o.payment_method)) }
            @if !o.due_date.is_empty() { dt { "Payment due" } dd.due-date { (o.due_date) } }
            @if !o.po_number.is_empty() { dt { "PO number" } dd.po-number { (o.po_number) } }
            @if !o.required_by.is_empty() { dt { "Required by" } dd { (o.required_by) } }
            @if !o.ticket_ref.is_empty() { dt { "Service ticket" } dd.ticket { (o.ticket_ref) } }
            @if !o.notes.is_empty() { dt { "Notes" } dd { (text_line(&o.notes)) } }
            @if o.refund_due_minor > 0 { dt { "Refund due" } dd { (price(o.refund_due_minor, &o.currency)) } }
        }
    }
}

fn lines_table(o: &Detail, lines: &[Line], tax_rows: &[TaxRow]) -> Markup {
    html! {
        section #lines aria-labelledby="lines-h" {
            h2 #lines-h { "Lines" }
            div.table-scroll {
                table.admin-table.order-lines {
                    thead { tr {
                        th scope="col" { "#" } th scope="col" { "Part" } th scope="col" { "HSN" }
                        th.num scope="col" { "Qty" } th.num scope="col" { "Unit price" }
                        th.num scope="col" { "Taxable" } th scope="col" { "GST" } th.num scope="col" { "Total" }
                    } }
                    tbody {
                        @for l in lines {
                            tr {
                                td.num { (l.line_no) }
                                td { a href={ "/parts/" (l.part_id) } { code.pn { (l.part_number) } } " " (l.name) }
                                td { (l.hsn_code) }
                                td.num.qty { (l.quantity) }
                                td.num { (price(l.unit_price_minor, &o.currency)) }
                                td.num { (price(l.taxable_minor, &o.currency)) }
                                td { (l.tax_label) " " (price(l.tax_minor, &o.currency)) }
                                td.num { (price(l.total_minor, &o.currency)) }
                            }
                        }
                    }
                }
            }
            table.order-totals {
                tbody {
                    tr { th scope="row" { "Subtotal" } td.num { (price(o.subtotal_minor, &o.currency)) } }
                    tr { th scope="row" { "Shipping" } td.num { (price(o.shipping_minor, &o.currency)) } }
                    @for t in tax_rows {
                        tr.tax-row {
                            th scope="row" { (t.label) " on " (price(t.taxable_minor, &o.currency)) }
                            td.num { (price(t.amount_minor, &o.currency)) }
                        }
                    }
                    tr { th scope="row" { "GST" } td.num { (price(o.tax_minor, &o.currency)) } }
                    tr.grand { th scope="row" { "Total" } td.num.order-total { (price(o.total_minor, &o.currency)) } }
                }
            }
            @if !o.tax_note.is_empty() { p.muted.tax-note { (o.tax_note) } }
        }
    }
}

/// `GET /orders/{id}` (and the same page re-rendered with a form's errors).
pub fn detail(chrome: &Chrome, p: &DetailPage) -> Markup {
    let o = p.order;
    let body = html! {
        p.breadcrumb {
            @match p.side {
                Side::Buyer => a href="/orders" { "← Orders" },
                Side::Seller => a href="/seller/orders" { "← Orders" },
            }
        }
        h1 { "Order " (o.number) }
        @if let Some(n) = p.notice { div.notice role="status" { (n) } }
        @if p.failed.is_some() {
            div.notice.notice-warn role="alert" { "Nothing was changed: correct the form below and send it again." }
        }
        (header_rows(o, p.side))
        @if !p.actions.is_empty() {
            section #actions.order-actions aria-labelledby="actions-h" {
                h2 #actions-h { "What you can do" }
                @for a in p.actions { (action_form(chrome, &o.id, a, p.failed, "")) }
            }
        }
        @if let Some(b) = p.bank {
            section #bank-details aria-labelledby="bank-h" {
                h2 #bank-h { "Pay by bank transfer" }
                @if b.bank_account_number.is_empty() {
                    p { "The seller has not published bank details yet; send them a message below." }
                } @else {
                    dl.bank-details {
                        dt { "Account name" } dd { (b.bank_account_name) }
                        dt { "Account number" } dd.account-number { (b.bank_account_number) }
                        dt { "IFSC" } dd { (b.bank_ifsc) }
                        @if !b.bank_swift.is_empty() { dt { "SWIFT" } dd { (b.bank_swift) } }
                        dt { "Bank" } dd { (b.bank_name) }
                        dt { "Amount" } dd { (price(o.total_minor, &o.currency)) }
                        dt { "Reference" } dd { (o.number) }
                    }
                }
            }
        }
        section #timeline aria-labelledby="timeline-h" {
            h2 #timeline-h { "History" }
            ol.order-timeline {
                @for h in p.history {
                    li {
                        span.tl-status { (history_label(h)) }
                        " · "
                        span.tl-who {
                            (h.actor_name.as_deref().unwrap_or("The portal"))
                            @if let Some(org) = &h.actor_org { " (" (org) ")" }
                        }
                        " · "
                        time.tl-when { (utc_minute(h.at)) }
                        @if !h.note.is_empty() { p.tl-note { (h.note) } }
                    }
                }
            }
        }
        (lines_table(o, p.lines, p.tax_rows))
        section #shipping aria-labelledby="shipping-h" {
            h2 #shipping-h { "Shipping" }
            dl.order-shipping {
                dt { "Option" } dd { (o.shipping_option) }
                @if !o.estimated_delivery.is_empty() { dt { "Estimated delivery" } dd { (o.estimated_delivery) } }
                @if !o.carrier.is_empty() {
                    dt { "Carrier" } dd.carrier { (o.carrier) }
                    dt { "Tracking number" } dd.tracking-number { (o.tracking_number) }
                    // Checked as an http(s) address when the order shipped.
                    dt { "Track it" } dd { a.tracking-link href=(o.tracking_link) rel="noopener noreferrer" { (o.tracking_link) } }
                }
            }
            div.order-addresses {
                div { h3 { "Ship to" } address.ship-to { (text_line(&o.ship_to)) } }
                @if !o.bill_to.is_empty() { div { h3 { "Bill to" } address.bill-to { (text_line(&o.bill_to)) } } }
            }
        }
        @if !p.proofs.is_empty() {
            section #proofs aria-labelledby="proofs-h" {
                h2 #proofs-h { "Payment proofs" }
                ul.proofs {
                    @for (i, pr) in p.proofs.iter().enumerate() {
                        li {
                            a href={ "/orders/" (o.id) "/proofs/" (pr.id) } { (pr.original_name) }
                            " · " (pr.uploaded_by) " · " (utc_minute(pr.uploaded_at))
                            @if i == 0 { " " span.badge.badge-cond { "current" } }
                        }
                    }
                }
            }
        }
        @if p.side == Side::Seller {
            p { a href={ "/orders/" (o.id) "/packing-slip" } { "Packing slip (printable)" } }
        }
        @if p.can_reorder {
            form.inline method="post" action={ "/orders/" (o.id) "/reorder" } {
                (csrf_field(chrome.csrf))
                button type="submit" { "Order these parts again" }
            }
        }
        (messages(chrome, &o.id, p.messages, p.message_form))
    };
    layout::page(chrome, &format!("Order {}", o.number), "", body)
}

fn messages(chrome: &Chrome, order_id: &str, list: &[Message], form: &MessageForm) -> Markup {
    let err = form.error.as_deref();
    html! {
        section #messages aria-labelledby="messages-h" {
            h2 #messages-h { "Messages" }
            @if list.is_empty() { p.muted { "No messages yet." } }
            @else {
                ol.order-messages {
                    @for m in list {
                        li {
                            p.msg-meta {
                                span.msg-author { (m.author_name) } " (" span.msg-org { (m.org_name) } ") · "
                                time { (utc_minute(m.created_at)) }
                            }
                            p.msg-body { (text_line(&m.body)) }
                        }
                    }
                }
            }
            form #message-form method="post" action={ "/orders/" (order_id) "/messages" } {
                (csrf_field(chrome.csrf))
                div.field.field-error[err.is_some()] {
                    label for="f-body" { "Write to the other party" }
                    textarea #f-body name="body" rows="3" maxlength=(MAX_MESSAGE_CHARS)
                        aria-invalid=[err.map(|_| "true")]
                        aria-describedby=[err.map(|_| "f-body-error")] { (form.typed) }
                    @if let Some(e) = err { p.error-text #f-body-error { (e) } }
                }
                button type="submit" { "Send message" }
            }
        }
    }
}

/// A refused action (403 or 409): what was refused and why; nothing changed.
pub fn refused(chrome: &Chrome, order_id: &str, number: &str, message: &str) -> Markup {
    let body = html! {
        section.error-page {
            h1 { "That could not be done" }
            p.refusal { (message) }
            p { "Nothing was changed. " a href={ "/orders/" (order_id) } { "Back to order " (number) } "." }
        }
    };
    layout::page(chrome, "Not done", "", body)
}

/// An order awaiting approval, as the approvals queue lists it.
pub struct ApprovalsPage<'a> {
    pub rows: &'a [ListRow],
    pub notice: Option<&'a str>,
    /// A refused approve or reject, shown at its order.
    pub failed: Option<&'a Failed>,
}

/// `GET /approvals`.
pub fn approvals(chrome: &Chrome, p: &ApprovalsPage) -> Markup {
    let approve = ActionForm {
        action: Action::Approve,
        guards: &[],
    };
    let reject = ActionForm {
        action: Action::Reject,
        guards: &[Guard::NeedsReason],
    };
    let body = html! {
        h1 { "Orders awaiting approval" }
        @if let Some(n) = p.notice { div.notice role="status" { (n) } }
        @if p.rows.is_empty() { p.empty { "No order is waiting for approval." } }
        @else {
            ul.approval-list {
                @for o in p.rows {
                    li.approval-card id={ "approval-" (o.id) } {
                        h2 { a href={ "/orders/" (o.id) } { (o.number) } }
                        dl {
                            dt { "Total" } dd.order-total { (price(o.total_minor, &o.currency)) }
                            dt { "Placed by" } dd { (o.placed_by_name) " · " (day(o.placed_at)) }
                            dt { "Seller" } dd { (o.seller_name) }
                            dt { "Payment" } dd { (payment_label(&o.payment_method)) }
                            @if !o.po_number.is_empty() { dt { "PO" } dd { (o.po_number) } }
                        }
                        div.approval-actions {
                            (action_form(chrome, &o.id, &approve, p.failed, "approvals"))
                            (action_form(chrome, &o.id, &reject, p.failed, "approvals"))
                        }
                    }
                }
            }
        }
    };
    layout::page(chrome, "Approvals", "", body)
}

/// One tab of the seller's dashboard: (key, label, count).
pub type Tab = (&'static str, &'static str, i64);

/// The seller's dashboard's inputs.
pub struct SellerPage<'a> {
    pub tabs: &'a [Tab],
    pub tab: &'a str,
    pub q: &'a str,
    pub rows: &'a [ListRow],
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// `GET /seller/orders`.
pub fn seller(chrome: &Chrome, p: &SellerPage) -> Markup {
    let href = |key: &str| {
        let mut pairs = vec![("tab", key)];
        if !p.q.is_empty() {
            pairs.push(("q", p.q));
        }
        format!(
            "/seller/orders?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    };
    let body = html! {
        h1 { "Orders" }
        nav.order-tabs aria-label="Order status" {
            ul {
                @for (key, label, count) in p.tabs {
                    li {
                        a href=(href(key)) aria-current=[(*key == p.tab).then_some("page")] {
                            (label) " " span.tab-count { (count) }
                        }
                    }
                }
            }
        }
        form.filters method="get" action="/seller/orders" {
            input type="hidden" name="tab" value=(p.tab);
            div.field {
                label for="f-q" { "Order number, PO or buyer contains" }
                input #f-q type="search" name="q" value=(p.q) autocomplete="off";
            }
            button type="submit" { "Search" }
        }
        @if p.rows.is_empty() { p.empty { "No orders here." } }
        @else {
            (order_table(p.rows, Side::Seller))
        }
        (pager(p.prev.as_deref(), p.next.as_deref()))
    };
    layout::page(chrome, "Orders · Seller", "", body)
}

/// `GET /orders/{id}/packing-slip`: what goes in the box, without prices.
pub fn packing_slip(chrome: &Chrome, o: &Detail, lines: &[Line]) -> Markup {
    let body = html! {
        article.packing-slip {
            header.slip-head {
                div {
                    p.slip-seller { strong { (o.seller_name) } }
                    @if !o.seller_gstin.is_empty() { p { "GSTIN " (o.seller_gstin) } }
                }
                div {
                    h1 { "Packing slip" }
                    p { "Order " strong.order-number { (o.number) } }
                    p { "Date " (day(o.placed_at)) }
                    @if !o.po_number.is_empty() { p { "PO " (o.po_number) } }
                }
            }
            section.slip-ship-to {
                h2 { "Ship to" }
                address { (text_line(&o.ship_to)) }
            }
            table.admin-table.slip-lines {
                thead { tr {
                    th scope="col" { "#" } th scope="col" { "Part number" } th scope="col" { "Name" }
                    th scope="col" { "HSN" } th.num scope="col" { "Qty" }
                } }
                tbody {
                    @for l in lines {
                        tr {
                            td.num { (l.line_no) }
                            td { code { (l.part_number) } }
                            td { (l.name) }
                            td { (l.hsn_code) }
                            td.num { (l.quantity) }
                        }
                    }
                }
            }
            p.no-print.muted { "Print this page from your browser; the site's header and footer are left out." }
        }
    };
    layout::page(chrome, &format!("Packing slip {}", o.number), "", body)
}
