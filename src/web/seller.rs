//! The seller portal (`Permission::Sell`): the dashboard, the parts list
//! with its bulk changes, a part's page with its price and stock history,
//! stock adjustments, and the equipment-model autocomplete of the part form
//! (`seller_form` has the form itself).
//!
//! Every query is limited to the viewer's organization: another seller's
//! part id is not found (404) and a bulk change naming one changes nothing.
//! Moves are POSTs that redirect to a page saying what happened, so a
//! reload never repeats them; a refused move re-renders its form and
//! changes nothing.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use partsportal_importers::Cell;
use serde::Deserialize;

use super::admin::{href, neighbours, non_empty, page_number, query};
use super::chrome;
use super::error::Error;
use super::extract::{Form, Path, RawQuery};
use super::session::{CurrentUser, Viewer, Visit};
use crate::app::AppState;
use crate::db;
use crate::db::catalog::PartRow;
use crate::db::seller_parts::{
    Adjusted, BulkAction, BulkOutcome, Filter, MAX_BULK, Sort, StockFilter,
};
use crate::domain::price_adjust::Percent;
use crate::domain::stock::{self, Change, Reason};
use crate::views::account::FormState;
use crate::views::seller as view;

/// Rows per page of the parts list.
pub const PER_PAGE: i64 = 50;
/// Low-stock parts the dashboard lists.
const LOW_STOCK_SHOWN: i64 = 10;
/// History rows a part's page shows.
const HISTORY_SHOWN: i64 = 50;
/// Longest search text accepted.
const MAX_SEARCH: usize = 200;
/// Longest autocomplete query read.
const MAX_SUGGEST: usize = 100;
/// Suggestions returned.
const SUGGESTIONS: usize = 10;

/// The seller's part `id`, or 404 when it is another organization's or
/// does not exist.
pub(crate) async fn own_part(state: &AppState, v: &Viewer, id: &str) -> Result<PartRow, Error> {
    db::catalog::part(&state.db, id)
        .await?
        .filter(|p| p.seller_id == v.org_id)
        .ok_or(Error::NotFound)
}

/// `GET /seller`: the catalog at a glance.
pub async fn dashboard(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
) -> Result<Markup, Error> {
    let figures = db::seller_parts::figures(&state.db, &v.org_id).await?;
    let low = db::seller_parts::low_stock(&state.db, &v.org_id, LOW_STOCK_SHOWN).await?;
    let last_import = db::seller_parts::last_import(&state.db, &v.org_id).await?;
    Ok(view::dashboard(
        &chrome(&state, &visit),
        &view::Dashboard {
            figures,
            low: &low,
            last_import: last_import.as_ref(),
        },
    ))
}

/// The parts list's parameters, as typed (every one optional).
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    stock: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: String,
    /// After a bulk change: the action, how many changed, how many already
    /// were as asked, and the percentage of a price change.
    #[serde(default)]
    done: String,
    #[serde(default)]
    n: String,
    #[serde(default)]
    same: String,
    #[serde(default)]
    pct: String,
}

/// The list's filters, checked: a value the form does not offer is reported
/// beside its field and not applied.
struct Listing {
    form: FormState,
    q: Option<String>,
    status: Option<&'static str>,
    visibility: Option<&'static str>,
    stock: Option<StockFilter>,
    category: Option<String>,
    sort: Sort,
    page: i64,
}

impl Listing {
    fn filter(&self) -> Filter<'_> {
        Filter {
            q: self.q.as_deref(),
            status: self.status,
            visibility: self.visibility,
            stock: self.stock,
            category: self.category.as_deref(),
        }
    }

    /// The applied filters as query pairs (without the page).
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(q) = &self.q {
            out.push(("q", q.clone()));
        }
        if let Some(s) = self.status {
            out.push(("status", s.to_owned()));
        }
        if let Some(s) = self.visibility {
            out.push(("visibility", s.to_owned()));
        }
        if let Some(s) = self.stock {
            out.push(("stock", s.key().to_owned()));
        }
        if let Some(c) = &self.category {
            out.push(("category", c.clone()));
        }
        if self.sort != Sort::default() {
            out.push(("sort", self.sort.key().to_owned()));
        }
        out
    }
}

fn one_of(value: &str, options: &[&'static str]) -> Option<&'static str> {
    options.iter().copied().find(|o| *o == value)
}

fn listing(q: &ListQuery) -> Result<Listing, Error> {
    let mut form = FormState {
        values: vec![
            ("q", q.q.trim().to_owned()),
            ("status", q.status.trim().to_owned()),
            ("visibility", q.visibility.trim().to_owned()),
            ("stock", q.stock.trim().to_owned()),
            ("category", q.category.trim().to_owned()),
            ("sort", q.sort.trim().to_owned()),
        ],
        ..FormState::default()
    };
    let mut text = non_empty(&q.q).map(str::to_owned);
    if text
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_SEARCH)
    {
        form.fail("q", "Enter at most 200 characters.");
        text = None;
    }
    let status = non_empty(&q.status).and_then(|s| {
        let found = one_of(s, &["active", "archived"]);
        if found.is_none() {
            form.fail("status", "Choose a status from the list.");
        }
        found
    });
    let visibility = non_empty(&q.visibility).and_then(|s| {
        let found = one_of(s, &["public", "hidden"]);
        if found.is_none() {
            form.fail("visibility", "Choose a visibility from the list.");
        }
        found
    });
    let stock = non_empty(&q.stock).and_then(|s| {
        let found = StockFilter::from_key(s);
        if found.is_none() {
            form.fail("stock", "Choose a stock level from the list.");
        }
        found
    });
    let category = non_empty(&q.category).map(str::to_owned);
    let sort = match non_empty(&q.sort) {
        None => Sort::default(),
        Some(s) => Sort::from_key(s).unwrap_or_else(|| {
            form.fail("sort", "Choose an order from the list.");
            Sort::default()
        }),
    };
    Ok(Listing {
        form,
        q: text,
        status,
        visibility,
        stock,
        category,
        sort,
        page: page_number(&q.page)?,
    })
}

/// What the bulk form sends back when it is shown again after a refusal.
#[derive(Debug, Default)]
struct BulkRetry {
    banner: Option<String>,
    checked: Vec<String>,
    percent: String,
}

async fn render_list(
    state: &AppState,
    visit: &Visit,
    v: &Viewer,
    l: &Listing,
    notice: Option<String>,
    retry: BulkRetry,
) -> Result<Markup, Error> {
    let filter = l.filter();
    let total = db::seller_parts::count(&state.db, &v.org_id, &filter).await?;
    let rows = db::seller_parts::list(
        &state.db,
        &v.org_id,
        &filter,
        l.sort,
        PER_PAGE,
        (l.page - 1) * PER_PAGE,
    )
    .await?;
    let categories = db::seller_parts::categories(&state.db, &v.org_id).await?;
    let pairs = l.pairs();
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let more = l.page * PER_PAGE < total;
    let (prev, next) = neighbours("/seller/parts", &borrowed, l.page, more);
    let mut form = l.form.clone();
    form.notice = notice;
    form.banner = retry.banner;
    Ok(view::parts(
        &chrome(state, visit),
        &view::PartsPage {
            form: &form,
            rows: &rows,
            total,
            page: l.page,
            per_page: PER_PAGE,
            categories: &categories,
            keep: &borrowed,
            prev: prev.as_deref(),
            next: next.as_deref(),
            checked: &retry.checked,
            percent: &retry.percent,
        },
    ))
}

fn bulk_action(key: &str, percent: &str) -> Result<BulkAction, String> {
    Ok(match key {
        "archive" => BulkAction::Archive,
        "unarchive" => BulkAction::Unarchive,
        "hide" => BulkAction::Hide,
        "show" => BulkAction::Show,
        "price" => BulkAction::Price(
            Percent::parse(percent).map_err(|e| format!("Nothing changed: {e}."))?,
        ),
        _ => return Err("Nothing changed: choose what to do with the parts you ticked.".into()),
    })
}

fn action_key(a: BulkAction) -> &'static str {
    match a {
        BulkAction::Archive => "archive",
        BulkAction::Unarchive => "unarchive",
        BulkAction::Hide => "hide",
        BulkAction::Show => "show",
        BulkAction::Price(_) => "price",
    }
}

/// "12 parts archived; 3 already were." from a bulk redirect's parameters.
fn bulk_notice(q: &ListQuery) -> Option<String> {
    let action = match q.done.as_str() {
        "archive" => BulkAction::Archive,
        "unarchive" => BulkAction::Unarchive,
        "hide" => BulkAction::Hide,
        "show" => BulkAction::Show,
        "price" => BulkAction::Price(Percent::parse(&q.pct).ok()?),
        _ => return None,
    };
    let n: usize = q.n.parse().ok()?;
    let same: usize = q.same.parse().unwrap_or(0);
    let parts = |k: usize| format!("{k} part{}", if k == 1 { "" } else { "s" });
    let mut text = match action {
        BulkAction::Price(p) => format!("{} repriced by {}", parts(n), p.label()),
        a => format!("{} {}", parts(n), a.done_word()),
    };
    if same > 0 {
        text.push_str(&match action {
            BulkAction::Price(_) => format!(
                "; {} kept {} price (rounding left it unchanged)",
                parts(same),
                if same == 1 { "its" } else { "their" }
            ),
            a => format!(
                "; {} already {} {}",
                parts(same),
                if same == 1 { "was" } else { "were" },
                a.done_word()
            ),
        });
    }
    text.push('.');
    Some(text)
}

/// `GET /seller/parts?q=&status=&visibility=&stock=&category=&sort=&page=`.
pub async fn parts(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(raw): RawQuery,
) -> Result<Markup, Error> {
    let q: ListQuery = query(raw.as_deref())?;
    let l = listing(&q)?;
    render_list(
        &state,
        &visit,
        &v,
        &l,
        bulk_notice(&q),
        BulkRetry::default(),
    )
    .await
}

/// `POST /seller/parts/bulk`: `action` (archive, unarchive, hide, show,
/// price with `percent`) on every ticked `part`, then back to the list with
/// its filters.
pub async fn bulk(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Error> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let ids: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "part" && !v.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    let back = ListQuery {
        q: get("q"),
        status: get("status"),
        visibility: get("visibility"),
        stock: get("stock"),
        category: get("category"),
        sort: get("sort"),
        page: get("page"),
        ..ListQuery::default()
    };
    let l = listing(&back)?;
    let percent = get("percent");
    let refuse = |banner: String| BulkRetry {
        banner: Some(banner),
        checked: ids.clone(),
        percent: percent.clone(),
    };
    let action = match bulk_action(&get("action"), &percent) {
        Ok(a) => a,
        Err(banner) => {
            return Ok(render_list(&state, &visit, &v, &l, None, refuse(banner))
                .await?
                .into_response());
        }
    };
    if ids.is_empty() {
        let banner = "Nothing changed: tick the parts to change in the first column.".to_owned();
        return Ok(render_list(&state, &visit, &v, &l, None, refuse(banner))
            .await?
            .into_response());
    }
    if ids.len() > MAX_BULK {
        let banner = format!("Nothing changed: change at most {MAX_BULK} parts at a time.");
        return Ok(render_list(&state, &visit, &v, &l, None, refuse(banner))
            .await?
            .into_response());
    }
    let audit = visit.audit(&v, "parts_bulk", &v.org_id, "");
    let outcome = db::seller_parts::bulk(
        &state.db,
        &v.org_id,
        &v.user_id,
        &ids,
        action,
        state.clock.now_ms(),
        &audit,
    )
    .await?;
    match outcome {
        BulkOutcome::NotFound => Err(Error::NotFound),
        BulkOutcome::PriceRefused { part_number, error } => {
            let banner = format!("Nothing changed: for {part_number}, {error}.");
            Ok(render_list(&state, &visit, &v, &l, None, refuse(banner))
                .await?
                .into_response())
        }
        BulkOutcome::Done { changed, unchanged } => {
            if changed > 0 {
                state.index_wakeup.notify_one();
            }
            let mut pairs = l.pairs();
            if l.page > 1 {
                pairs.push(("page", l.page.to_string()));
            }
            pairs.push(("done", action_key(action).to_owned()));
            pairs.push(("n", changed.to_string()));
            pairs.push(("same", unchanged.to_string()));
            if let BulkAction::Price(p) = action {
                pairs.push(("pct", p.label()));
            }
            let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            Ok(Redirect::to(&href("/seller/parts", &borrowed)).into_response())
        }
    }
}

/// What a part's page says after a change, from its redirect's parameters.
#[derive(Debug, Default, Deserialize)]
pub struct PartQuery {
    #[serde(default)]
    done: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

fn part_notice(q: &PartQuery) -> Option<String> {
    match q.done.as_str() {
        "created" => Some("Part added.".into()),
        "saved" => Some("Changes saved.".into()),
        "stock" => {
            let from: i64 = q.from.parse().ok()?;
            let to: i64 = q.to.parse().ok()?;
            Some(format!("Stock changed from {from} to {to}."))
        }
        _ => None,
    }
}

/// `GET /seller/parts/{id}`: the part as its seller sees it, with its price
/// and stock history.
pub async fn part(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Markup, Error> {
    let part = own_part(&state, &v, &id).await?;
    let q: PartQuery = query(raw.as_deref()).unwrap_or_default();
    let models = db::catalog::part_models(&state.db, &id).await?;
    let replaces = db::catalog::replaces(&state.db, &id).await?;
    let prices = db::seller_parts::price_history(&state.db, &v.org_id, &id, HISTORY_SHOWN).await?;
    let stocks = db::seller_parts::stock_history(&state.db, &v.org_id, &id, HISTORY_SHOWN).await?;
    Ok(view::part(
        &chrome(&state, &visit),
        &view::PartPage {
            part: &part,
            models: &models,
            replaces: &replaces,
            prices: &prices,
            stocks: &stocks,
            notice: part_notice(&q),
        },
    ))
}

async fn render_stock(
    state: &AppState,
    visit: &Visit,
    v: &Viewer,
    part: &PartRow,
    form: &FormState,
) -> Result<Markup, Error> {
    let stocks =
        db::seller_parts::stock_history(&state.db, &v.org_id, &part.id, HISTORY_SHOWN).await?;
    Ok(view::stock_form(&chrome(state, visit), part, form, &stocks))
}

/// `GET /seller/parts/{id}/stock`.
pub async fn stock_form(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
) -> Result<Markup, Error> {
    let part = own_part(&state, &v, &id).await?;
    let form = FormState {
        values: vec![("mode", "add".into()), ("reason", "received".into())],
        ..FormState::default()
    };
    render_stock(&state, &visit, &v, &part, &form).await
}

#[derive(Debug, Deserialize)]
pub struct StockForm {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    quantity: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

/// `POST /seller/parts/{id}/stock`: set, add or subtract, with a reason.
pub async fn adjust_stock(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<StockForm>,
) -> Result<Response, Error> {
    let part = own_part(&state, &v, &id).await?;
    let mut form = FormState {
        values: vec![
            ("mode", f.mode.clone()),
            ("quantity", f.quantity.clone()),
            ("reason", f.reason.clone()),
            ("note", f.note.clone()),
        ],
        ..FormState::default()
    };
    // The same reading of a quantity as a spreadsheet's stock column.
    let quantity =
        match partsportal_importers::values::parse_whole_number(&Cell::Text(f.quantity.clone())) {
            Ok(Some(n)) if n >= 0 => Some(n),
            Ok(Some(_)) => {
                form.fail("quantity", "Expected a quantity of 0 or more.");
                None
            }
            Ok(None) => {
                form.fail("quantity", "Enter a quantity, such as 12.");
                None
            }
            Err(e) => {
                form.fail("quantity", format!("{}.", capitalized(&e.to_string())));
                None
            }
        };
    let change = quantity.and_then(|n| match f.mode.as_str() {
        "set" => Some(Change::Set(n)),
        "add" => Some(Change::Add(n)),
        "subtract" => Some(Change::Subtract(n)),
        _ => {
            form.fail("mode", "Choose whether to set, add or subtract.");
            None
        }
    });
    let reason = Reason::from_key(&f.reason);
    if reason.is_none() {
        form.fail("reason", "Choose a reason from the list.");
    }
    let note = f.note.trim();
    if note.chars().count() > stock::MAX_NOTE_CHARS {
        form.fail("note", "Enter at most 200 characters.");
    } else if reason == Some(Reason::Other) && note.is_empty() {
        form.fail(
            "note",
            "Say why the stock changed: a note is required for “Other”.",
        );
    }
    let (Some(change), Some(reason)) = (change, reason) else {
        return Ok(render_stock(&state, &visit, &v, &part, &form)
            .await?
            .into_response());
    };
    if form.failed() {
        return Ok(render_stock(&state, &visit, &v, &part, &form)
            .await?
            .into_response());
    }
    let stored_reason = stock::reason_text(reason, note);
    let audit = visit.audit(&v, "stock_adjusted", &v.org_id, "");
    let pn = part.part_number.clone();
    let outcome = db::seller_parts::adjust_stock(
        &state.db,
        &v.org_id,
        &v.user_id,
        &id,
        change,
        &stored_reason,
        state.clock.now_ms(),
        &audit,
        |old, new| format!("changed the stock of {pn} from {old} to {new} ({stored_reason})"),
    )
    .await?;
    match outcome {
        Adjusted::NotFound => Err(Error::NotFound),
        Adjusted::Refused(r) => {
            form.fail("quantity", format!("{}.", capitalized(&r.to_string())));
            // Show the stock as it is now, not as the page had it.
            let part = own_part(&state, &v, &id).await?;
            Ok(render_stock(&state, &visit, &v, &part, &form)
                .await?
                .into_response())
        }
        Adjusted::Done { old, new } => {
            state.index_wakeup.notify_one();
            let (old, new) = (old.to_string(), new.to_string());
            let to = href(
                &format!("/seller/parts/{id}"),
                &[("done", "stock"), ("from", &old), ("to", &new)],
            );
            Ok(Redirect::to(&to).into_response())
        }
    }
}

/// A message's first letter in upper case.
pub(crate) fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

#[derive(Debug, Default, Deserialize)]
pub struct SuggestQuery {
    #[serde(default)]
    q: String,
}

/// `GET /seller/models/suggest?q=`: equipment models for the part form's
/// picker, as `{q, models[{id, label, manufacturer, name}]}`.
pub async fn suggest_models(
    State(state): State<AppState>,
    CurrentUser(_v, _visit): CurrentUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let q: SuggestQuery = query(raw.as_deref())?;
    let text: String = q.q.chars().take(MAX_SUGGEST).collect();
    let models = db::imports::known_models(&state.db).await?;
    let hits: Vec<serde_json::Value> =
        crate::domain::model_match::suggest(&text, &models, SUGGESTIONS)
            .into_iter()
            .map(|m| {
                serde_json::json!({
                    "id": m.id,
                    "label": m.label(),
                    "manufacturer": m.manufacturer,
                    "name": m.name,
                })
            })
            .collect();
    Ok(super::json(
        &serde_json::json!({ "q": text, "models": hits }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_notices_read_well() {
        let q = |done: &str, n: &str, same: &str, pct: &str| ListQuery {
            done: done.into(),
            n: n.into(),
            same: same.into(),
            pct: pct.into(),
            ..ListQuery::default()
        };
        assert_eq!(
            bulk_notice(&q("archive", "12", "0", "")).as_deref(),
            Some("12 parts archived.")
        );
        assert_eq!(
            bulk_notice(&q("hide", "1", "2", "")).as_deref(),
            Some("1 part hidden from buyers; 2 parts already were hidden from buyers.")
        );
        assert_eq!(
            bulk_notice(&q("price", "3", "0", "+5%")).as_deref(),
            Some("3 parts repriced by +5%.")
        );
        assert_eq!(bulk_notice(&q("explode", "3", "0", "")), None);
        assert_eq!(bulk_notice(&q("archive", "x", "0", "")), None);
    }
}
