//! Platform administration (`/admin/...`, `Permission::Platform`): figures,
//! approving, suspending and verifying organizations, locking users, and the
//! audit log; plus an organization's own audit log (`/org/audit`,
//! `Permission::ManageOrg`).
//!
//! Every move is a POST that writes its change, its audit row and whatever
//! follows from it (index outbox rows, mail, ended sessions) in one
//! transaction, then redirects back to the listing it came from with the
//! outcome in the query string. A refused move changes nothing and says why.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::chrome;
use super::error::Error;
use super::extract::{Form, Path, RawQuery};
use super::session::{CurrentUser, Viewer, Visit};
use crate::app::AppState;
use crate::db;
use crate::domain::access::OrgClass;
use crate::domain::dates::{DAY_MS, parse_ymd};
use crate::domain::moderation::{OrgAction, OrgState, Refusal, UserAction};
use crate::mail::OutgoingMail;
use crate::views::account::FormState;
use crate::views::admin::{self as view, AuditScope, Outcome};

/// Rows per page of the organizations and users listings.
const PER_PAGE: i64 = 50;
/// Audit rows a page shows; older ones are reached by narrowing the dates.
const AUDIT_LIMIT: i64 = 200;
/// Longest text a filter accepts (an email's length).
const MAX_FILTER: usize = 254;

/// Decodes a listing's query string; unknown parameters are ignored.
pub(crate) fn query<T: DeserializeOwned>(raw: Option<&str>) -> Result<T, Error> {
    serde_urlencoded::from_str(raw.unwrap_or("")).map_err(|_| Error::BadParam {
        param: "query string",
        message: "it is not valid URL encoding, or a parameter is repeated".into(),
    })
}

pub(crate) fn page_number(s: &str) -> Result<i64, Error> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(1);
    }
    match s.parse::<i64>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        _ => Err(Error::BadParam {
            param: "page",
            message: format!(
                "expected a page number from 1, got \"{}\"",
                s.chars().take(20).collect::<String>()
            ),
        }),
    }
}

pub(crate) fn non_empty(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

/// `path?pairs`, leaving out empty values.
pub(crate) fn href(path: &str, pairs: &[(&str, &str)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .copied()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    match serde_urlencoded::to_string(kept) {
        Ok(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_string(),
    }
}

/// Links to the neighbouring pages of a listing filtered by `pairs`.
pub(crate) fn neighbours(
    path: &str,
    pairs: &[(&str, &str)],
    page: i64,
    more: bool,
) -> (Option<String>, Option<String>) {
    let at = |n: i64| {
        let n = n.to_string();
        let mut all = pairs.to_vec();
        if n != "1" {
            all.push(("page", &n));
        }
        href(path, &all)
    };
    ((page > 1).then(|| at(page - 1)), more.then(|| at(page + 1)))
}

/// The redirect after a move: back to the listing (its filters kept), with
/// the outcome for the notice.
fn back(
    path: &str,
    keep: &[(&str, &str)],
    target: &str,
    result: Result<&str, Refusal>,
) -> Response {
    let mut pairs = keep.to_vec();
    pairs.push(("target", target));
    match result {
        Ok(done) => pairs.push(("done", done)),
        Err(r) => pairs.push(("refused", r.as_str())),
    }
    Redirect::to(&href(path, &pairs)).into_response()
}

/// The page a move came from, if it is one the listing accepts: a tampered
/// value lands on the first page rather than on an error.
fn kept_page(page: &str) -> &str {
    if page_number(page).is_ok() { page } else { "" }
}

/// The outcome named by a listing's `done` / `refused` parameters.
fn outcome_of<A>(
    done: &str,
    refused: &str,
    parse: impl Fn(&str) -> Option<A>,
) -> Option<Result<A, Refusal>> {
    parse(done)
        .map(Ok)
        .or_else(|| Refusal::parse(refused).map(Err))
}

/// `GET /admin`: the platform at a glance.
pub async fn home(State(state): State<AppState>, visit: Visit) -> Result<Markup, Error> {
    let fig = view::Figures {
        by_kind: db::platform::orgs_by_kind(&state.db).await?,
        users: db::users::count(&state.db).await?,
        parts: db::catalog::count_parts(&state.db).await?,
        pending: db::platform::pending_sellers(&state.db).await?,
    };
    Ok(view::home(&chrome(&state, &visit), &fig))
}

#[derive(Deserialize)]
pub struct OrgsQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    done: String,
    #[serde(default)]
    refused: String,
}

/// `GET /admin/orgs?kind=&status=&q=&page=`.
pub async fn orgs(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> Result<Markup, Error> {
    let q: OrgsQuery = query(raw.as_deref())?;
    let page = page_number(&q.page)?;
    let mut form = FormState {
        values: vec![
            ("kind", q.kind.trim().to_string()),
            ("status", q.status.trim().to_string()),
            ("q", q.q.trim().to_string()),
        ],
        ..FormState::default()
    };
    // A value the form does not offer is reported and not applied.
    let mut kind = non_empty(&q.kind);
    if kind.is_some_and(|k| OrgClass::of_kind(k).is_none()) {
        form.fail("kind", "Choose a kind from the list.");
        kind = None;
    }
    let mut status = non_empty(&q.status);
    if status.is_some_and(|s| !view::ORG_STATUSES.iter().any(|(v, _)| *v == s)) {
        form.fail("status", "Choose a status from the list.");
        status = None;
    }
    let mut name = non_empty(&q.q);
    if name.is_some_and(|n| n.chars().count() > MAX_FILTER) {
        form.fail("q", "Enter at most 254 characters.");
        name = None;
    }
    let filter = db::admin::OrgFilter { kind, status, name };
    let mut rows =
        db::admin::list_orgs(&state.db, &filter, PER_PAGE + 1, (page - 1) * PER_PAGE).await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let target = match non_empty(&q.target) {
        Some(id) => db::catalog::org(&state.db, id).await?,
        None => None,
    };
    let outcome = target.as_ref().and_then(|o| {
        outcome_of(&q.done, &q.refused, OrgAction::parse).map(|result| Outcome::Org {
            name: &o.name,
            result,
        })
    });
    let keep = [
        ("kind", form.value("kind")),
        ("status", form.value("status")),
        ("q", form.value("q")),
    ];
    let (prev, next) = neighbours("/admin/orgs", &keep, page, more);
    Ok(view::orgs(
        &chrome(&state, &visit),
        &view::OrgsPage {
            form: &form,
            rows: &rows,
            outcome,
            prev,
            next,
            page,
        },
    ))
}

/// The listing an organization move came from.
#[derive(Deserialize)]
pub struct OrgsBack {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: String,
}

/// The "your organization is approved" mail to each active seller admin.
/// The first (the one who signed up) gets the event's key
/// `seller-approved:<org id>`; further admins get their own keys, since the
/// outbox keeps one mail per key.
async fn approval_mails(
    state: &AppState,
    org: &db::catalog::OrgRow,
) -> Result<Vec<OutgoingMail>, Error> {
    let link = format!("{}/seller", state.config.public_url.trim_end_matches('/'));
    let admins = db::admin::seller_admins(&state.db, &org.id).await?;
    let mut mails = Vec::with_capacity(admins.len());
    for (i, a) in admins.iter().enumerate() {
        let key = if i == 0 {
            format!("seller-approved:{}", org.id)
        } else {
            format!("seller-approved:{}:{}", org.id, a.id)
        };
        let content = crate::views::mail::seller_approved(&a.name, &org.name, &link);
        match OutgoingMail::new(key, &a.email, &a.name, content) {
            Ok(m) => mails.push(m),
            // An address that no longer parses must not block the approval;
            // the log says who was not mailed.
            Err(e) => tracing::warn!(error = %e, user_id = %a.id, "approval mail not queued"),
        }
    }
    Ok(mails)
}

async fn org_move(
    state: &AppState,
    v: &Viewer,
    visit: &Visit,
    id: &str,
    action: OrgAction,
    b: &OrgsBack,
) -> Result<Response, Error> {
    let org = db::catalog::org(&state.db, id)
        .await?
        .ok_or(Error::NotFound)?;
    let from = OrgState {
        kind: &org.kind,
        status: &org.status,
        verified: org.verified,
    };
    let result = match action.apply(&from) {
        Err(r) => Err(r),
        Ok(to) => {
            let mails = if action == OrgAction::Approve {
                approval_mails(state, &org).await?
            } else {
                Vec::new()
            };
            let summary = match action {
                OrgAction::Approve => format!("approved seller {}", org.name),
                OrgAction::Suspend => format!("suspended {}", org.name),
                OrgAction::Reactivate => format!("reactivated {}", org.name),
                OrgAction::Verify => format!("marked {} verified", org.name),
                OrgAction::Unverify => format!("removed the verified mark from {}", org.name),
            };
            // A seller's status decides whether its parts are searchable,
            // and its badge is on every card: both need fresh index docs.
            let effects = db::admin::OrgEffects {
                reindex_parts: crate::domain::is_seller_kind(&org.kind),
                end_sessions: action == OrgAction::Suspend,
                mails: &mails,
            };
            let changed = db::admin::change_org(
                &state.db,
                &org.id,
                &from,
                &to,
                &effects,
                state.clock.now_ms(),
                &visit.audit(v, action.audit_kind(), &org.id, &summary),
            )
            .await?;
            if changed {
                if effects.reindex_parts {
                    state.index_wakeup.notify_one();
                }
                if !mails.is_empty() {
                    state.mail_wakeup.notify_one();
                }
                Ok(action.as_str())
            } else {
                Err(Refusal::Changed)
            }
        }
    };
    Ok(back(
        "/admin/orgs",
        &[
            ("kind", b.kind.as_str()),
            ("status", &b.status),
            ("q", &b.q),
            ("page", kept_page(&b.page)),
        ],
        &org.id,
        result,
    ))
}

/// `POST /admin/orgs/{id}/approve`: a pending seller becomes active.
pub async fn approve_org(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(b): Form<OrgsBack>,
) -> Result<Response, Error> {
    org_move(&state, &v, &visit, &id, OrgAction::Approve, &b).await
}

/// `POST /admin/orgs/{id}/suspend`.
pub async fn suspend_org(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(b): Form<OrgsBack>,
) -> Result<Response, Error> {
    org_move(&state, &v, &visit, &id, OrgAction::Suspend, &b).await
}

/// `POST /admin/orgs/{id}/reactivate`.
pub async fn reactivate_org(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(b): Form<OrgsBack>,
) -> Result<Response, Error> {
    org_move(&state, &v, &visit, &id, OrgAction::Reactivate, &b).await
}

/// `POST /admin/orgs/{id}/verify`.
pub async fn verify_org(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(b): Form<OrgsBack>,
) -> Result<Response, Error> {
    org_move(&state, &v, &visit, &id, OrgAction::Verify, &b).await
}

/// `POST /admin/orgs/{id}/unverify`.
pub async fn unverify_org(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(b): Form<OrgsBack>,
) -> Result<Response, Error> {
    org_move(&state, &v, &visit, &id, OrgAction::Unverify, &b).await
}

#[derive(Deserialize)]
pub struct UsersQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    page: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    done: String,
    #[serde(default)]
    refused: String,
}

/// `GET /admin/users?q=&org=&page=`.
pub async fn users(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> Result<Markup, Error> {
    let q: UsersQuery = query(raw.as_deref())?;
    let page = page_number(&q.page)?;
    let mut form = FormState {
        values: vec![
            ("q", q.q.trim().to_string()),
            ("org", q.org.trim().to_string()),
        ],
        ..FormState::default()
    };
    let mut text = non_empty(&q.q);
    if text.is_some_and(|t| t.chars().count() > MAX_FILTER) {
        form.fail("q", "Enter at most 254 characters.");
        text = None;
    }
    let org = match non_empty(&q.org) {
        Some(id) => db::catalog::org(&state.db, id).await?,
        None => None,
    };
    let filter = db::admin::UserFilter {
        q: text,
        // An unknown organization id matches nobody rather than everybody.
        org_id: non_empty(&q.org),
    };
    let mut rows =
        db::admin::list_users(&state.db, &filter, PER_PAGE + 1, (page - 1) * PER_PAGE).await?;
    let more = rows.len() as i64 > PER_PAGE;
    rows.truncate(PER_PAGE as usize);
    let target = match non_empty(&q.target) {
        Some(id) => db::users::by_id(&state.db, id).await?,
        None => None,
    };
    let outcome = target.as_ref().and_then(|u| {
        outcome_of(&q.done, &q.refused, UserAction::parse).map(|result| Outcome::User {
            email: &u.email,
            result,
        })
    });
    let keep = [("q", form.value("q")), ("org", form.value("org"))];
    let (prev, next) = neighbours("/admin/users", &keep, page, more);
    Ok(view::users(
        &chrome(&state, &visit),
        &view::UsersPage {
            form: &form,
            rows: &rows,
            org_name: org.as_ref().map(|o| o.name.as_str()),
            outcome,
            prev,
            next,
            page,
        },
    ))
}

/// The listing a user move came from.
#[derive(Deserialize)]
pub struct UsersBack {
    #[serde(default)]
    q: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    page: String,
}

async fn user_move(
    state: &AppState,
    v: &Viewer,
    visit: &Visit,
    id: &str,
    action: UserAction,
    b: &UsersBack,
) -> Result<Response, Error> {
    let user = db::users::by_id(&state.db, id)
        .await?
        .ok_or(Error::NotFound)?;
    let result = match action.apply(&user.status, user.id == v.user_id) {
        Err(r) => Err(r),
        Ok(to) => {
            let summary = match action {
                UserAction::Lock => format!("locked {} and ended their sessions", user.email),
                UserAction::Unlock => format!("unlocked {}", user.email),
            };
            let changed = db::admin::change_user_status(
                &state.db,
                &user.id,
                &user.status,
                to,
                action == UserAction::Lock,
                state.clock.now_ms(),
                &visit.audit(v, action.audit_kind(), &user.org_id, &summary),
            )
            .await?;
            if changed {
                Ok(action.as_str())
            } else {
                Err(Refusal::Changed)
            }
        }
    };
    Ok(back(
        "/admin/users",
        &[
            ("q", b.q.as_str()),
            ("org", &b.org),
            ("page", kept_page(&b.page)),
        ],
        &user.id,
        result,
    ))
}

/// `POST /admin/users/{id}/lock`: the user cannot sign in; their sessions end.
pub async fn lock_user(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(b): Form<UsersBack>,
) -> Result<Response, Error> {
    user_move(&state, &v, &visit, &id, UserAction::Lock, &b).await
}

/// `POST /admin/users/{id}/unlock`.
pub async fn unlock_user(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    Path(id): Path<String>,
    Form(b): Form<UsersBack>,
) -> Result<Response, Error> {
    user_move(&state, &v, &visit, &id, UserAction::Unlock, &b).await
}

#[derive(Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// Checks the filters other than the organization: each bad one is reported
/// beside its field and left out of the filter.
fn audit_filter(q: &AuditQuery, form: &mut FormState) -> db::audit::Filter {
    let mut f = db::audit::Filter::default();
    for (name, value) in [
        ("actor", &q.actor),
        ("kind", &q.kind),
        ("from", &q.from),
        ("to", &q.to),
    ] {
        form.values.push((name, value.trim().to_string()));
    }
    match non_empty(&q.actor) {
        Some(a) if a.chars().count() > MAX_FILTER => {
            form.fail("actor", "Enter at most 254 characters.")
        }
        a => f.actor = a.map(str::to_string),
    }
    match non_empty(&q.kind) {
        Some(k)
            if k.len() > 60
                || !k
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') =>
        {
            form.fail("kind", "Choose a kind from the list.")
        }
        k => f.kind = k.map(str::to_string),
    }
    let date = |form: &mut FormState, name: &'static str, v: &str| match non_empty(v) {
        None => None,
        Some(d) => {
            let ms = parse_ymd(d);
            if ms.is_none() {
                form.fail(name, "Enter a date as YYYY-MM-DD, such as 2026-03-14.");
            }
            ms
        }
    };
    f.from_ms = date(form, "from", &q.from);
    // The end date is inclusive: rows before the next day's start.
    f.to_ms = date(form, "to", &q.to).map(|ms| ms + DAY_MS);
    if let (Some(from), Some(to)) = (f.from_ms, f.to_ms)
        && to <= from
    {
        form.fail("to", "The end date is before the start date.");
        f.to_ms = None;
    }
    f
}

async fn audit_rows(
    state: &AppState,
    f: &db::audit::Filter,
) -> Result<(Vec<db::audit::Row>, bool), Error> {
    let mut rows = db::audit::list(&state.db, f, AUDIT_LIMIT + 1).await?;
    let more = rows.len() as i64 > AUDIT_LIMIT;
    rows.truncate(AUDIT_LIMIT as usize);
    Ok((rows, more))
}

/// `GET /admin/audit?org=&actor=&kind=&from=&to=`: the whole log.
pub async fn audit(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> Result<Markup, Error> {
    let q: AuditQuery = query(raw.as_deref())?;
    let mut form = FormState {
        values: vec![("org", q.org.trim().to_string())],
        ..FormState::default()
    };
    let mut filter = audit_filter(&q, &mut form);
    let orgs = db::admin::org_names(&state.db).await?;
    match non_empty(&q.org) {
        Some(id) if orgs.iter().any(|(o, _)| o == id) => filter.org_id = Some(id.to_string()),
        Some(_) => form.fail("org", "Choose an organization from the list."),
        None => {}
    }
    let kinds = db::admin::recent_audit_kinds(&state.db, None).await?;
    let (rows, more) = audit_rows(&state, &filter).await?;
    Ok(view::audit(
        &chrome(&state, &visit),
        &view::AuditPage {
            scope: AuditScope::Platform { orgs: &orgs },
            form: &form,
            kinds: &kinds,
            rows: &rows,
            limit: AUDIT_LIMIT as usize,
            more,
        },
    ))
}

/// `GET /org/audit?actor=&kind=&from=&to=`: the caller's organization's
/// log. The organization is always the caller's; an `org` parameter is
/// ignored.
pub async fn org_audit(
    State(state): State<AppState>,
    CurrentUser(v, visit): CurrentUser,
    RawQuery(raw): RawQuery,
) -> Result<Markup, Error> {
    let q: AuditQuery = query(raw.as_deref())?;
    let mut form = FormState::default();
    let mut filter = audit_filter(&q, &mut form);
    filter.org_id = Some(v.org_id.clone());
    let kinds = db::admin::recent_audit_kinds(&state.db, Some(&v.org_id)).await?;
    let (rows, more) = audit_rows(&state, &filter).await?;
    Ok(view::audit(
        &chrome(&state, &visit),
        &view::AuditPage {
            scope: AuditScope::Org { name: &v.org_name },
            form: &form,
            kinds: &kinds,
            rows: &rows,
            limit: AUDIT_LIMIT as usize,
            more,
        },
    ))
}
