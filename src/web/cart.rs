//! The cart (`Permission::Buy`): adding parts from search results, the part
//! page and equipment pages, changing quantities, saving lines for later,
//! quick order, and the page that shows it all grouped by seller with what
//! changed since each line was added.
//!
//! Prices always come from the database: a form names a part and a
//! quantity, nothing else. Every move is a POST that redirects (a reload
//! never repeats it); a refused move re-renders its form with the error
//! next to the field and what was typed, and changes nothing.

use std::collections::HashMap;

use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::chrome;
use super::error::Error;
use super::extract::{Form, Path, RawQuery};
use super::session::{CurrentUser, Viewer, Visit};
use crate::app::AppState;
use crate::db::{self, cart::Buyable, cart::CartLine};
use crate::domain::cart::{self as rules, Orderable, QuantityError};
use crate::domain::cart_estimate::{EstLine, Estimate, estimate};
use crate::domain::dates;
use crate::domain::shipping::ShippingRules;
use crate::domain::tax::{Place, TaxTable};
use crate::views::cart as view;
use partsportal_importers::values::{parse_part_number, parse_text};
use partsportal_importers::{Cell, ReadError, Workbook};

/// What the cart page shows besides the lines.
#[derive(Debug, Default)]
pub struct Messages {
    /// A success message ("Added 2 × AB-123 to your cart").
    pub notice: Option<String>,
    /// An error about the whole cart.
    pub banner: Option<String>,
    /// Per line: what was typed and why it was refused.
    pub line_errors: HashMap<String, (String, String)>,
    /// The quick-order box: what was typed, and its outcome.
    pub quick: Option<view::QuickOutcome>,
}

fn orderable(b: &Buyable) -> Orderable<'_> {
    Orderable {
        status: &b.status,
        visibility: &b.visibility,
        seller_status: &b.seller_status,
        stock: b.stock,
        moq: i64::from(b.moq),
        order_multiple: i64::from(b.order_multiple),
    }
}

fn line_orderable(l: &CartLine) -> Orderable<'_> {
    Orderable {
        status: &l.status,
        visibility: &l.visibility,
        seller_status: &l.seller_status,
        stock: l.stock,
        moq: i64::from(l.moq),
        order_multiple: i64::from(l.order_multiple),
    }
}

async fn render(
    state: &AppState,
    v: &Viewer,
    visit: &Visit,
    messages: &Messages,
) -> Result<Response, Error> {
    let lines = db::cart::lines(&state.db, &v.user_id, &v.org_id).await?;
    let cart = view::Cart::new(&lines);
    let estimates = estimates(state, v, &cart).await?;
    Ok(view::page(&chrome(state, visit), &cart, &estimates, messages).into_response())
}

/// Shipping, tax and delivery estimates per seller, from the buyer's default
/// shipping address (or the organization's state) and each seller's rules.
async fn estimates(
    state: &AppState,
    v: &Viewer,
    cart: &view::Cart<'_>,
) -> Result<HashMap<String, Estimate>, Error> {
    let mut out = HashMap::new();
    if cart.groups.is_empty() {
        return Ok(out);
    }
    let (b_state, b_country, from_address) = db::cart::buyer_place(&state.db, &v.org_id).await?;
    let buyer = Place::new(&b_country, &b_state).map_err(|e| {
        if from_address {
            format!("the default shipping address has no usable state ({e}); shipping and tax are worked out at checkout")
        } else {
            "add a default shipping address to see shipping and tax".to_owned()
        }
    });
    let ids: Vec<&str> = cart.groups.iter().map(|g| g.seller_id).collect();
    let sellers = db::cart::seller_shipping(&state.db, &ids).await?;
    let table: TaxTable = db::tax_rates::table(&state.db).await?;
    let today = state.clock.now_ms().div_euclid(dates::DAY_MS);
    for g in &cart.groups {
        let Some(s) = sellers.iter().find(|s| s.id == g.seller_id) else {
            continue;
        };
        let rules: ShippingRules = if s.shipping_rules.is_empty() {
            ShippingRules::default()
        } else {
            match serde_json::from_str(&s.shipping_rules) {
                Ok(r) => r,
                Err(e) => {
                    tracing::warn!(seller = s.id, error = %e, "unreadable shipping rules; using the defaults");
                    ShippingRules::default()
                }
            }
        };
        let seller = Place::new(&s.country, &s.state).map_err(|_| {
            "the seller's state is not set; shipping and tax are worked out at checkout".to_owned()
        });
        let lines: Vec<EstLine> = g
            .lines
            .iter()
            .map(|l| EstLine {
                unit_minor: l.price_minor,
                currency: &l.currency,
                quantity: u32::try_from(l.quantity).unwrap_or(0),
                gst_rate: l.gst_rate,
                weight_grams: l.weight_grams,
                lead_time_days: l.lead_time_days,
            })
            .collect();
        if let Some(e) = estimate(
            &lines,
            seller.as_ref().map_err(Clone::clone),
            buyer.as_ref().map_err(Clone::clone),
            &rules,
            &table,
            today,
        ) {
            out.insert(g.seller_id.to_owned(), e);
        }
    }
    Ok(out)
}

/// `GET /cart`.
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(q): RawQuery,
) -> Result<Response, Error> {
    let mut messages = Messages::default();
    // After an add, the page says what was added (the redirect carries it).
    if let Some(q) = q {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&q).unwrap_or_default();
        for (k, val) in pairs {
            match k.as_str() {
                "added" => {
                    if let Some(l) = db::cart::line(&state.db, &v.user_id, &v.org_id, &val).await? {
                        messages.notice = Some(format!(
                            "Added to your cart: {} × {} {}.",
                            l.quantity, l.part_number, l.name
                        ));
                    }
                }
                "cleared" => messages.notice = Some("Your cart is empty now.".into()),
                _ => {}
            }
        }
    }
    render(&state, &v, &visit, &messages).await
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    part_id: String,
    #[serde(default)]
    quantity: String,
}

/// `POST /cart/add`: a part and a quantity from a results card, the part
/// page or an equipment page. Adding a part already in the cart adds to its
/// line.
pub async fn add(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<AddForm>,
) -> Result<Response, Error> {
    let part = db::cart::buyable(&state.db, f.part_id.trim())
        .await?
        .filter(|p| p.visibility == "public" || p.seller_id == v.org_id)
        .ok_or(Error::NotFound)?;
    let existing = db::cart::line_for_part(&state.db, &v.user_id, &v.org_id, &part.id).await?;
    let refuse = |message: String| {
        view::add_page(&chrome(&state, &visit), &part, &f.quantity, &message).into_response()
    };
    let quantity = match rules::parse_quantity(&f.quantity) {
        Ok(q) => q,
        Err(e) => return Ok(refuse(e.to_string())),
    };
    let already = existing
        .as_ref()
        .filter(|l| !l.saved_for_later)
        .map_or(0, |l| l.quantity as u32);
    let total = already + quantity;
    if total > rules::MAX_LINE_QUANTITY {
        return Ok(refuse(format!(
            "You already have {already} in your cart; a line holds at most {} units.",
            rules::MAX_LINE_QUANTITY
        )));
    }
    if let Err(e) = rules::check_quantity(total, &orderable(&part)) {
        let message = match (&e, already) {
            (QuantityError::OverStock { available, .. }, a) if a > 0 && *available > 0 => {
                format!("You already have {a} in your cart and only {available} are in stock.")
            }
            _ => e.adding_to(already).to_string(),
        };
        return Ok(refuse(message));
    }
    if existing.is_none()
        && db::cart::count_all(&state.db, &v.user_id, &v.org_id).await? >= rules::MAX_LINES as i64
    {
        return Ok(refuse(format!(
            "Your cart holds {} lines, the most it can; check out or remove some first.",
            rules::MAX_LINES
        )));
    }
    let id = db::cart::put(
        &state.db,
        &db::cart::NewLine {
            user_id: &v.user_id,
            org_id: &v.org_id,
            part_id: &part.id,
            quantity: total as i32,
            price_minor: part.price_minor,
            currency: &part.currency,
        },
        state.clock.now_ms(),
    )
    .await?;
    Ok(Redirect::to(&format!("/cart?added={id}")).into_response())
}

#[derive(Deserialize)]
pub struct QuantityForm {
    #[serde(default)]
    quantity: String,
}

/// `POST /cart/lines/{id}/quantity`.
pub async fn set_quantity(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<QuantityForm>,
) -> Result<Response, Error> {
    let line = db::cart::line(&state.db, &v.user_id, &v.org_id, &id)
        .await?
        .ok_or(Error::NotFound)?;
    let checked = rules::parse_quantity(&f.quantity)
        .and_then(|q| rules::check_quantity(q, &line_orderable(&line)).map(|()| q));
    match checked {
        Ok(q) => {
            db::cart::set_quantity(&state.db, &v.user_id, &id, q as i32, state.clock.now_ms())
                .await?;
            Ok(Redirect::to("/cart").into_response())
        }
        Err(e) => {
            let mut messages = Messages::default();
            messages
                .line_errors
                .insert(id, (f.quantity.clone(), e.to_string()));
            render(&state, &v, &visit, &messages).await
        }
    }
}

/// `POST /cart/lines/{id}/remove`.
pub async fn remove(
    State(state): State<AppState>,
    CurrentUser(v, _visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    if !db::cart::remove(&state.db, &v.user_id, &id).await? {
        return Err(Error::NotFound);
    }
    Ok(Redirect::to("/cart").into_response())
}

/// `POST /cart/lines/{id}/save`: moves a line to "saved for later".
pub async fn save_for_later(
    State(state): State<AppState>,
    CurrentUser(v, _visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    if !db::cart::set_saved(&state.db, &v.user_id, &id, true, state.clock.now_ms()).await? {
        return Err(Error::NotFound);
    }
    Ok(Redirect::to("/cart#saved").into_response())
}

/// `POST /cart/lines/{id}/restore`: moves a saved line back into the cart.
pub async fn move_to_cart(
    State(state): State<AppState>,
    CurrentUser(v, _visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    if !db::cart::set_saved(&state.db, &v.user_id, &id, false, state.clock.now_ms()).await? {
        return Err(Error::NotFound);
    }
    Ok(Redirect::to("/cart").into_response())
}

/// `POST /cart/clear`: empties the cart; saved lines stay.
pub async fn clear(
    State(state): State<AppState>,
    CurrentUser(v, _visit): CurrentUser,
) -> Result<Response, Error> {
    db::cart::clear(&state.db, &v.user_id).await?;
    Ok(Redirect::to("/cart?cleared=1").into_response())
}

#[derive(Deserialize)]
pub struct QuickForm {
    #[serde(default)]
    lines: String,
}

/// The most text the quick-order box takes.
const MAX_QUICK_BYTES: usize = 20_000;

/// `POST /cart/quick`: pasted "part number, quantity" lines. Every line is
/// accounted for: added, refused with the reason, or not found with the
/// closest part numbers in the catalog. Nothing is dropped silently.
pub async fn quick(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(f): Form<QuickForm>,
) -> Result<Response, Error> {
    let mut outcome = view::QuickOutcome {
        typed: f.lines.clone(),
        ..Default::default()
    };
    if f.lines.len() > MAX_QUICK_BYTES {
        outcome.error = Some(format!(
            "Paste at most {} lines at a time.",
            rules::MAX_QUICK_LINES
        ));
    }
    let parsed = if outcome.error.is_none() {
        rules::parse_quick_order(&f.lines)
    } else {
        Vec::new()
    };
    if parsed.is_empty() && outcome.error.is_none() {
        outcome.error = Some("Paste one part number per line, with a quantity: AB-123/4, 2".into());
    }
    add_quick_lines(&state, &v, parsed, &mut outcome).await?;
    let messages = Messages {
        quick: Some(outcome),
        ..Messages::default()
    };
    render(&state, &v, &visit, &messages).await
}

/// The listed part with this number: the exact number in one seller's
/// catalog, cheapest in-stock offer first when several sellers list it.
async fn find_by_number(state: &AppState, typed: &str) -> Result<Option<Buyable>, Error> {
    let norm = partsportal_index::normalize_code(typed);
    if norm.is_empty() {
        return Ok(None);
    }
    Ok(db::cart::buyable_by_number(&state.db, &norm)
        .await?
        .into_iter()
        .next())
}

/// The closest part numbers the catalog has, for a number it does not:
/// the search's "no exact match" numbers, else its best hits. Searching is
/// CPU work, so it runs off the async threads.
async fn suggest(state: &AppState, typed: &str) -> Vec<(String, String, String)> {
    let catalog = state.catalog.clone();
    let req = partsportal_index::SearchRequest {
        q: typed.to_owned(),
        page: 1,
        per_page: 3,
        ..Default::default()
    };
    let found = tokio::task::spawn_blocking(move || catalog.search(&req)).await;
    match found {
        Ok(Ok(res)) if !res.closest_numbers.is_empty() => res
            .closest_numbers
            .into_iter()
            .take(3)
            .map(|n| (n.id, n.part_number, n.name))
            .collect(),
        Ok(Ok(res)) => res
            .hits
            .into_iter()
            .map(|h| (h.part.id, h.part.part_number, h.part.name))
            .collect(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "quick-order suggestions failed");
            Vec::new()
        }
        Err(e) => {
            tracing::warn!(error = %e, "quick-order suggestions stopped");
            Vec::new()
        }
    }
}

/// Puts quick-order lines in the cart, recording what became of each.
async fn add_quick_lines(
    state: &AppState,
    v: &Viewer,
    parsed: Vec<rules::QuickLine>,
    outcome: &mut view::QuickOutcome,
) -> Result<(), Error> {
    let now = state.clock.now_ms();
    let mut lines_now = db::cart::count_all(&state.db, &v.user_id, &v.org_id).await?;
    for q in parsed {
        let mut found = find_by_number(state, &q.part_number).await?;
        let mut quantity = q.quantity.clone();
        let mut typed = q.part_number.clone();
        if found.is_none()
            && let Some(whole) = &q.whole_line
            && let Some(p) = find_by_number(state, whole).await?
        {
            found = Some(p);
            quantity = Ok(1);
            typed = whole.clone();
        }
        let Some(part) = found else {
            let suggestions = suggest(state, &q.part_number).await;
            outcome.rows.push(view::QuickRow {
                line: q.line,
                typed,
                result: view::QuickResult::NotFound { suggestions },
            });
            continue;
        };
        let result = match quantity {
            Err(e) => view::QuickResult::Refused(e.to_string()),
            Ok(qty) => {
                let existing =
                    db::cart::line_for_part(&state.db, &v.user_id, &v.org_id, &part.id).await?;
                let already = existing
                    .as_ref()
                    .filter(|l| !l.saved_for_later)
                    .map_or(0, |l| l.quantity as u32);
                let total = already + qty;
                let check = if total > rules::MAX_LINE_QUANTITY {
                    Err(QuantityError::TooMany.to_string())
                } else {
                    // A pasted list names many parts: the message names this one.
                    rules::check_quantity(total, &orderable(&part))
                        .map_err(|e| e.adding_to(already).for_part(&part.part_number))
                };
                match check {
                    Err(message) => view::QuickResult::Refused(message),
                    Ok(()) if existing.is_none() && lines_now >= rules::MAX_LINES as i64 => {
                        view::QuickResult::Refused(format!(
                            "your cart already holds {} lines, the most it can",
                            rules::MAX_LINES
                        ))
                    }
                    Ok(()) => {
                        db::cart::put(
                            &state.db,
                            &db::cart::NewLine {
                                user_id: &v.user_id,
                                org_id: &v.org_id,
                                part_id: &part.id,
                                quantity: total as i32,
                                price_minor: part.price_minor,
                                currency: &part.currency,
                            },
                            now,
                        )
                        .await?;
                        if existing.is_none() {
                            lines_now += 1;
                        }
                        view::QuickResult::Added {
                            quantity: qty,
                            part_id: part.id.clone(),
                            name: part.name.clone(),
                            seller: part.seller_name.clone(),
                        }
                    }
                }
            }
        };
        outcome.rows.push(view::QuickRow {
            line: q.line,
            typed,
            result,
        });
    }
    Ok(())
}

/// The largest file quick order reads: a few hundred lines fit in far less.
pub const MAX_QUICK_FILE_BYTES: usize = 1024 * 1024;

/// `POST /cart/quick/upload` (multipart): a small .csv or .xlsx (any format
/// the importers read) whose first column is the part number and second the
/// quantity; a header row is skipped. Every row is reported like a pasted
/// line, numbered as the spreadsheet shows it.
pub async fn quick_upload(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    mut multipart: Multipart,
) -> Result<Response, Error> {
    let mut outcome = view::QuickOutcome::default();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = super::extract::uploaded_name(&field);
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(_) => {
                        outcome.upload_error = Some(format!(
                            "The file could not be received; files up to {} KB are read.",
                            MAX_QUICK_FILE_BYTES / 1024
                        ))
                    }
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                outcome.upload_error = Some(format!(
                    "The file could not be received; files up to {} KB are read.",
                    MAX_QUICK_FILE_BYTES / 1024
                ));
                break;
            }
        }
    }
    if outcome.upload_error.is_none() {
        match file.filter(|(n, b)| !n.is_empty() || !b.is_empty()) {
            None => outcome.upload_error = Some("Choose a .csv or .xlsx file.".into()),
            Some((name, bytes)) if bytes.len() > MAX_QUICK_FILE_BYTES => {
                outcome.upload_error = Some(format!(
                    "“{name}” is larger than {} KB; paste the lines or split the file.",
                    MAX_QUICK_FILE_BYTES / 1024
                ))
            }
            Some((name, bytes)) => {
                let read = tokio::task::spawn_blocking(move || quick_rows(&bytes, &name))
                    .await
                    .map_err(|e| Error::Internal(e.into()))?;
                match read {
                    Ok(lines) if lines.is_empty() => {
                        outcome.upload_error =
                            Some("The file has no rows with a part number in column A.".into())
                    }
                    Ok(lines) => add_quick_lines(&state, &v, lines, &mut outcome).await?,
                    Err(e) => outcome.upload_error = Some(format!("The file cannot be read: {e}.")),
                }
            }
        }
    }
    let messages = Messages {
        quick: Some(outcome),
        ..Messages::default()
    };
    render(&state, &v, &visit, &messages).await
}

/// The quick-order lines of a file's first sheet: column A the part number
/// (as the spreadsheet shows it, leading zeros kept), column B the quantity
/// (empty means one). A first row that looks like a header is skipped.
fn quick_rows(bytes: &[u8], name: &str) -> Result<Vec<rules::QuickLine>, ReadError> {
    let mut book = Workbook::open(bytes, name)?;
    let mut out = Vec::new();
    for row in book.rows(0)? {
        let row = row?;
        let cell = |i: usize| row.cells.get(i).cloned().unwrap_or(Cell::Empty);
        let pn = match parse_part_number(&cell(0), None) {
            Ok(Some(pn)) => pn,
            _ => continue,
        };
        let qty = match cell(1) {
            Cell::Empty => String::new(),
            other => parse_text(&other).ok().flatten().unwrap_or_default(),
        };
        if out.is_empty() && rules::is_header_line(&pn, &qty) {
            continue;
        }
        if out.len() == rules::MAX_QUICK_LINES {
            break;
        }
        out.push(rules::QuickLine {
            line: row.number as usize,
            part_number: pn,
            quantity: if qty.is_empty() {
                Ok(1)
            } else {
                rules::parse_quantity(&qty)
            },
            whole_line: None,
        });
    }
    Ok(out)
}
