//! In-app notifications: the list and marking them read. Every query is
//! bound to the signed-in user, so another user's notification id is not
//! found (404). Links are followed only when they are paths on this site.

use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Route;
use super::admin::{neighbours, page_number, query};
use super::chrome;
use super::error::Error;
use super::extract::{Path, RawQuery};
use super::session::CurrentUser;
use crate::app::AppState;
use crate::db;
use crate::domain::access::Permission;
use crate::domain::site_path::local_link;
use crate::views::notifications::{self as view, NotificationsPage};

/// Notifications on one page.
const PER_PAGE: i64 = 30;

/// This module's rows of the route table.
pub fn routes() -> Vec<Route> {
    use super::route as r;
    use Permission as P;
    vec![
        r(Method::GET, "/notifications", P::SignedIn, get(list)),
        r(
            Method::POST,
            "/notifications/read-all",
            P::SignedIn,
            post(read_all),
        ),
        r(
            Method::POST,
            "/notifications/{id}/read",
            P::SignedIn,
            post(read),
        ),
    ]
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    page: String,
    #[serde(default)]
    done: String,
}

/// `GET /notifications?page=`.
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, Error> {
    let q: ListQuery = query(raw.as_deref())?;
    let page = page_number(&q.page)?;
    let mut rows =
        db::notifications::list(&state.db, &v.user_id, PER_PAGE + 1, (page - 1) * PER_PAGE).await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    // Counted now rather than taken from the session: a read in another
    // tab since this request's session lookup is already reflected.
    let unread = db::notifications::unread_count(&state.db, &v.user_id).await?;
    let (prev, next) = neighbours("/notifications", &[], page, more);
    let notice = (q.done == "all").then_some("All notifications marked read.");
    Ok(view::page(
        &chrome(&state, &visit),
        &NotificationsPage {
            rows: &rows,
            unread,
            prev: prev.as_deref(),
            next: next.as_deref(),
            notice,
        },
    )
    .into_response())
}

/// `POST /notifications/{id}/read`: marks it read and goes to its link
/// (back to the list when it has none).
pub async fn read(
    State(state): State<AppState>,
    CurrentUser(v, _): CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let link = db::notifications::mark_read(&state.db, &v.user_id, &id, state.clock.now_ms())
        .await?
        .ok_or(Error::NotFound)?;
    let to = local_link(&link).unwrap_or("/notifications");
    Ok(Redirect::to(to).into_response())
}

/// `POST /notifications/read-all`.
pub async fn read_all(
    State(state): State<AppState>,
    CurrentUser(v, _): CurrentUser,
) -> Result<Response, Error> {
    db::notifications::mark_all_read(&state.db, &v.user_id, state.clock.now_ms()).await?;
    Ok(Redirect::to("/notifications?done=all").into_response())
}
