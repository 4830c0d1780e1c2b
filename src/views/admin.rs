//! Platform administration: figures, organizations, users, and the audit log
//! (the whole log for platform admins, one organization's for org admins).

use maud::{Markup, html};

use super::account::{FormState, SIGNUP_KINDS, field};
use super::layout::{self, Chrome, csrf_field};
use crate::db::admin::{OrgListRow, UserListRow};
use crate::db::audit::Row as AuditRow;
use crate::domain::access::Role;
use crate::domain::dates::utc_minute;
use crate::domain::moderation::{OrgAction, OrgState, Refusal, UserAction};

/// Organization statuses, with what the pages call them.
pub const ORG_STATUSES: [(&str, &str); 3] = [
    ("pending", "Awaiting approval"),
    ("active", "Active"),
    ("suspended", "Suspended"),
];

/// What the admin pages call an organization kind: short, for tables and
/// the chart ("Service provider").
pub fn kind_label(kind: &str) -> String {
    capitalized(&kind.replace('_', " "))
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn org_kinds() -> impl Iterator<Item = (&'static str, String)> {
    SIGNUP_KINDS
        .iter()
        .map(|(k, _)| *k)
        .chain(["platform"])
        .map(|k| (k, kind_label(k)))
}

fn figure(n: i64) -> String {
    partsportal_index::format_inr_whole(n.max(0) as u64)
}

/// The admin section's own navigation, the current page marked.
pub(crate) fn admin_nav(current: &str) -> Markup {
    let links = [
        ("/admin", "Overview"),
        ("/admin/orgs", "Organizations"),
        ("/admin/users", "Users"),
        ("/admin/tax-rates", "Tax rates"),
        ("/admin/audit", "Audit log"),
    ];
    html! {
        nav.admin-nav aria-label="Administration" {
            ul {
                @for (href, label) in links {
                    li { a href=(href) aria-current=[(href == current).then_some("page")] { (label) } }
                }
            }
        }
    }
}

/// A select with an "any" first option and its error beside it.
pub fn select_field(
    f: &FormState,
    name: &'static str,
    label: &str,
    any: &str,
    options: &[(String, String)],
) -> Markup {
    let err = f.error(name);
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let chosen = f.value(name);
    html! {
        div.field.field-error[err.is_some()] {
            label for=(id) { (label) }
            select id=(id) name=(name) aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| err_id.as_str())] {
                option value="" selected[chosen.is_empty()] { (any) }
                @for (v, l) in options { option value=(v) selected[chosen == v] { (l) } }
            }
            @if let Some(e) = err { p.error-text id=(err_id) { (e) } }
        }
    }
}

fn pairs(
    options: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>,
) -> Vec<(String, String)> {
    options
        .into_iter()
        .map(|(v, l)| (v.into(), l.into()))
        .collect()
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

/// The result of the last move, shown after the redirect.
#[derive(Debug, Clone)]
pub enum Outcome<'a> {
    Org {
        name: &'a str,
        result: Result<OrgAction, Refusal>,
    },
    User {
        email: &'a str,
        result: Result<UserAction, Refusal>,
    },
}

fn outcome(o: Option<&Outcome>) -> Markup {
    let (ok, text) = match o {
        None => return html! {},
        Some(Outcome::Org {
            name,
            result: Ok(a),
        }) => (
            true,
            match a {
                OrgAction::Approve => format!(
                    "{name} is approved. Its seller admins are mailed, and its parts become searchable within seconds."
                ),
                OrgAction::Suspend => format!(
                    "{name} is suspended: its users are signed out and cannot sign in, and its parts leave search."
                ),
                OrgAction::Reactivate => format!(
                    "{name} is active again: its users can sign in, and its parts are searchable again."
                ),
                OrgAction::Verify => format!("{name} is marked verified."),
                OrgAction::Unverify => format!("{name} is no longer marked verified."),
            },
        ),
        Some(Outcome::User {
            email,
            result: Ok(a),
        }) => (
            true,
            match a {
                UserAction::Lock => format!("{email} is locked and signed out everywhere."),
                UserAction::Unlock => format!("{email} is unlocked and can sign in again."),
            },
        ),
        Some(Outcome::Org {
            name,
            result: Err(r),
        }) => (false, format!("Nothing changed for {name}: {}", r.why())),
        Some(Outcome::User {
            email,
            result: Err(r),
        }) => (false, format!("Nothing changed for {email}: {}", r.why())),
    };
    html! {
        @if ok { div.notice role="status" { (text) } }
        @else { div.notice.notice-warn role="alert" { (text) } }
    }
}

/// The figures on the admin home page.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub by_kind: Vec<(String, i64)>,
    pub users: i64,
    pub parts: i64,
    /// (id, name, kind, signed up at)
    pub pending: Vec<(String, String, String, i64)>,
}

/// Horizontal bars of organizations per kind, drawn with SVG attributes
/// (the CSP allows no inline style). The numbers are in the text too.
fn kind_chart(by_kind: &[(String, i64)]) -> Markup {
    const ROW: i64 = 30;
    const LABEL_W: i64 = 190;
    const BAR_W: i64 = 360;
    let max = by_kind.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let height = ROW * by_kind.len() as i64;
    let summary = by_kind
        .iter()
        .map(|(k, n)| format!("{}: {n}", kind_label(k)))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        figure.chart-figure {
            svg.chart role="img" aria-label={ "Organizations by kind. " (summary) } viewBox={ "0 0 " (LABEL_W + BAR_W + 60) " " (height) } width=(LABEL_W + BAR_W + 60) height=(height) {
                @for (i, (kind, n)) in by_kind.iter().enumerate() {
                    @let y = i as i64 * ROW;
                    // A nonzero count always gets a visible sliver.
                    @let w = if *n > 0 { (n * BAR_W / max).max(2) } else { 0 };
                    text.chart-label x=(LABEL_W - 10) y=(y + 20) text-anchor="end" { (kind_label(kind)) }
                    rect.chart-bar x=(LABEL_W) y=(y + 6) width=(w) height=(ROW - 12) rx="3" {}
                    text.chart-value x=(LABEL_W + w + 8) y=(y + 20) { (n) }
                }
            }
            figcaption { "Organizations by kind" }
        }
    }
}

/// `/admin`: the platform at a glance and the way to each admin page.
pub fn home(chrome: &Chrome, fig: &Figures) -> Markup {
    let orgs: i64 = fig.by_kind.iter().map(|(_, n)| n).sum();
    let body = html! {
        h1 { "Platform" }
        (admin_nav("/admin"))
        dl.facts.admin-figures {
            dt { "Organizations" } dd { a href="/admin/orgs" { (figure(orgs)) } }
            dt { "Users" } dd { a href="/admin/users" { (figure(fig.users)) } }
            dt { "Parts" } dd { (figure(fig.parts)) }
            dt { "Sellers awaiting approval" } dd { a href="/admin/orgs?status=pending" { (fig.pending.len()) } }
        }
        @if !fig.by_kind.is_empty() { (kind_chart(&fig.by_kind)) }
        section aria-labelledby="pending-h" {
            h2 #pending-h { "Sellers awaiting approval" }
            @if fig.pending.is_empty() { p.muted { "None: every seller that signed up has been reviewed." } }
            @else {
                table.admin-table {
                    thead { tr { th scope="col" { "Organization" } th scope="col" { "Kind" } th scope="col" { "Signed up" } } }
                    tbody {
                        @for (_, name, kind, at) in &fig.pending {
                            tr {
                                td { a href={ "/admin/orgs?" (query(&[("status", "pending"), ("q", name)])) } { (name) } }
                                td { (kind_label(kind)) }
                                td.when { (utc_minute(*at)) }
                            }
                        }
                    }
                }
                p { a href="/admin/orgs?status=pending" { "Review them →" } }
            }
        }
    };
    layout::page(chrome, "Platform admin", "", body)
}

fn query(pairs: &[(&str, &str)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .copied()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}

/// The organizations page's inputs.
pub struct OrgsPage<'a> {
    /// The filter form's values (`kind`, `status`, `q`) and errors.
    pub form: &'a FormState,
    pub rows: &'a [OrgListRow],
    pub outcome: Option<Outcome<'a>>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub page: i64,
}

fn status_badge(status: &str) -> Markup {
    html! {
        @match status {
            "pending" => span.badge.badge-warn { "awaiting approval" },
            "suspended" => span.badge.badge-out { "suspended" },
            "active" => span.badge.badge-in { "active" },
            s => span.badge { (s) },
        }
    }
}

fn org_button(a: OrgAction) -> &'static str {
    match a {
        OrgAction::Approve => "Approve",
        OrgAction::Suspend => "Suspend",
        OrgAction::Reactivate => "Reactivate",
        OrgAction::Verify => "Mark verified",
        OrgAction::Unverify => "Unverify",
    }
}

/// Hidden fields that carry a listing's filters through a move, so the
/// redirect lands on the same listing.
fn keep_filters(f: &FormState, names: &[&str], page: i64) -> Markup {
    html! {
        @for n in names {
            @if !f.value(n).is_empty() { input type="hidden" name=(n) value=(f.value(n)); }
        }
        @if page > 1 { input type="hidden" name="page" value=(page); }
    }
}

/// `/admin/orgs`.
pub fn orgs(chrome: &Chrome, p: &OrgsPage) -> Markup {
    let f = p.form;
    let body = html! {
        h1 { "Organizations" }
        (admin_nav("/admin/orgs"))
        (outcome(p.outcome.as_ref()))
        form.filters method="get" action="/admin/orgs" {
            (select_field(f, "kind", "Kind", "Any kind", &pairs(org_kinds())))
            (select_field(f, "status", "Status", "Any status", &pairs(ORG_STATUSES)))
            (field(f, "q", "Name contains", "search", "off"))
            button type="submit" { "Filter" }
            @if !f.values.iter().all(|(_, v)| v.is_empty()) { a href="/admin/orgs" { "Clear" } }
        }
        @if p.rows.is_empty() { p.empty { "No organization matches these filters." } }
        @else {
            table.admin-table.orgs {
                thead { tr {
                    th scope="col" { "Organization" } th scope="col" { "Kind" } th scope="col" { "Status" }
                    th scope="col" { "Users" } th scope="col" { "Parts" } th scope="col" { "Signed up" }
                    th scope="col" { "Actions" }
                } }
                tbody {
                    @for o in p.rows {
                        @let state = OrgState { kind: &o.kind, status: &o.status, verified: o.verified };
                        tr id={ "org-" (o.id) } {
                            td.org-name {
                                @if o.status == "active" && crate::domain::is_seller_kind(&o.kind) {
                                    a href={ "/sellers/" (o.id) } { (o.name) }
                                } @else { (o.name) }
                                @if o.verified { " " span.verified { span aria-hidden="true" { "✔ " } "verified" } }
                                @if !o.city.is_empty() { br; span.muted { (o.city) } }
                            }
                            td { (kind_label(&o.kind)) }
                            td { (status_badge(&o.status)) }
                            td { a href={ "/admin/users?" (query(&[("org", &o.id)])) } { (o.users) } }
                            td { (figure(o.parts)) }
                            td.when { (utc_minute(o.created_at)) }
                            td.actions {
                                @for a in OrgAction::ALL.into_iter().filter(|a| a.apply(&state).is_ok()) {
                                    form.inline method="post" action={ "/admin/orgs/" (o.id) "/" (a.as_str()) } {
                                        (csrf_field(chrome.csrf))
                                        (keep_filters(f, &["kind", "status", "q"], p.page))
                                        button.danger[a == OrgAction::Suspend] type="submit" {
                                            (org_button(a)) span.visually-hidden { " " (o.name) }
                                        }
                                    }
                                }
                                " " a href={ "/admin/audit?" (query(&[("org", &o.id)])) } { "Audit" span.visually-hidden { " log of " (o.name) } }
                            }
                        }
                    }
                }
            }
        }
        (pager(p.prev.as_deref(), p.next.as_deref()))
    };
    layout::page(chrome, "Organizations · Platform admin", "", body)
}

/// The users page's inputs.
pub struct UsersPage<'a> {
    /// The filter form's values (`q`, `org`) and errors.
    pub form: &'a FormState,
    pub rows: &'a [UserListRow],
    /// The organization the list is narrowed to, by name.
    pub org_name: Option<&'a str>,
    pub outcome: Option<Outcome<'a>>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub page: i64,
}

/// `/admin/users`.
pub fn users(chrome: &Chrome, p: &UsersPage) -> Markup {
    let f = p.form;
    let me = chrome.viewer.map_or("", |v| v.user_id.as_str());
    let role_label = |r: &str| {
        r.parse::<Role>()
            .map_or(r.to_string(), |r| r.label().to_string())
    };
    let body = html! {
        h1 { "Users" @if let Some(n) = p.org_name { " of " (n) } }
        (admin_nav("/admin/users"))
        (outcome(p.outcome.as_ref()))
        form.filters method="get" action="/admin/users" {
            (field(f, "q", "Email or name contains", "search", "off"))
            @if !f.value("org").is_empty() {
                input type="hidden" name="org" value=(f.value("org"));
            }
            button type="submit" { "Search" }
            @if !f.values.iter().all(|(_, v)| v.is_empty()) { a href="/admin/users" { "Clear" } }
        }
        @if p.rows.is_empty() { p.empty { "No user matches." } }
        @else {
            table.admin-table.users {
                thead { tr {
                    th scope="col" { "Email" } th scope="col" { "Name" } th scope="col" { "Organization" }
                    th scope="col" { "Role" } th scope="col" { "Status" } th scope="col" { "Last active" }
                    th scope="col" { "Actions" }
                } }
                tbody {
                    @for u in p.rows {
                        tr id={ "user-" (u.id) } {
                            td.email { (u.email) @if u.id == me { " " span.badge { "you" } } }
                            td { (u.name) }
                            td {
                                a href={ "/admin/users?" (query(&[("org", &u.org_id)])) } { (u.org_name) }
                                @if u.org_status != "active" { " " (status_badge(&u.org_status)) }
                            }
                            td { (role_label(&u.role)) }
                            td {
                                @match u.status.as_str() {
                                    "active" => span.badge.badge-in { "active" },
                                    "locked" => span.badge.badge-out { "locked" },
                                    s => span.badge.badge-warn { (s) },
                                }
                            }
                            td {
                                @match u.last_seen_at {
                                    Some(at) => { (utc_minute(at)) " " span.muted { "(" (u.sessions) " " (if u.sessions == 1 { "session" } else { "sessions" }) ")" } },
                                    None => span.muted { "not signed in" },
                                }
                            }
                            td.actions {
                                @for a in UserAction::ALL.into_iter().filter(|a| a.apply(&u.status, u.id == me).is_ok()) {
                                    form.inline method="post" action={ "/admin/users/" (u.id) "/" (a.as_str()) } {
                                        (csrf_field(chrome.csrf))
                                        (keep_filters(f, &["q", "org"], p.page))
                                        button.danger[a == UserAction::Lock] type="submit" {
                                            @if a == UserAction::Lock { "Lock" } @else { "Unlock" }
                                            span.visually-hidden { " " (u.email) }
                                        }
                                    }
                                }
                                " " a href={ "/admin/audit?" (query(&[("actor", &u.email)])) } { "Audit" span.visually-hidden { " log of " (u.email) } }
                            }
                        }
                    }
                }
            }
        }
        (pager(p.prev.as_deref(), p.next.as_deref()))
    };
    layout::page(chrome, "Users · Platform admin", "", body)
}

/// Whose audit log a page shows.
pub enum AuditScope<'a> {
    /// Every organization's; the filter offers them all (id, name).
    Platform { orgs: &'a [(String, String)] },
    /// The signed-in admin's own organization only.
    Org { name: &'a str },
}

/// The audit page's inputs.
pub struct AuditPage<'a> {
    pub scope: AuditScope<'a>,
    /// The filter form's values (`org`, `actor`, `kind`, `from`, `to`) and
    /// errors.
    pub form: &'a FormState,
    /// Kinds the filter offers.
    pub kinds: &'a [String],
    pub rows: &'a [AuditRow],
    /// How many rows a page shows at most.
    pub limit: usize,
    /// More rows match than are shown.
    pub more: bool,
}

/// `/admin/audit` and `/org/audit`.
pub fn audit(chrome: &Chrome, p: &AuditPage) -> Markup {
    let f = p.form;
    let (action, title, platform) = match &p.scope {
        AuditScope::Platform { .. } => ("/admin/audit", "Audit log".to_string(), true),
        AuditScope::Org { name } => ("/org/audit", format!("Audit log of {name}"), false),
    };
    let mut kinds = pairs(p.kinds.iter().map(|k| (k.clone(), k.clone())));
    let chosen = f.value("kind");
    if !chosen.is_empty() && f.error("kind").is_none() && !p.kinds.iter().any(|k| k == chosen) {
        kinds.push((chosen.to_string(), chosen.to_string()));
    }
    let body = html! {
        h1 { (title) }
        @if platform { (admin_nav("/admin/audit")) }
        p.lede { "Every sign-in, change of access and administrative action, newest first. Times are UTC." }
        form.filters method="get" action=(action) novalidate {
            @if let AuditScope::Platform { orgs } = &p.scope {
                (select_field(f, "org", "Organization", "Any organization", orgs))
            }
            (field(f, "actor", "Actor's email contains", "search", "off"))
            (select_field(f, "kind", "Kind", "Any kind", &kinds))
            // Text, not type=date: a date picker cannot show back a
            // mistyped value next to its error.
            (field(f, "from", "From (YYYY-MM-DD)", "text", "off"))
            (field(f, "to", "To (YYYY-MM-DD, inclusive)", "text", "off"))
            button type="submit" { "Filter" }
            @if !f.values.iter().all(|(_, v)| v.is_empty()) { a href=(action) { "Clear" } }
        }
        @if f.failed() {
            p.notice.notice-warn role="alert" { "Fix the filters marked above; the log below is not filtered by them." }
        }
        @if p.rows.is_empty() { p.empty { "No entries match." } }
        @else {
            p.muted.audit-count {
                @if p.more { "Showing the newest " (p.limit) " matching entries. Narrow the dates or filters to see older ones." }
                @else { (p.rows.len()) " matching " (if p.rows.len() == 1 { "entry" } else { "entries" }) "." }
            }
            table.admin-table.audit {
                thead { tr {
                    th scope="col" { "When" } th scope="col" { "Kind" } th scope="col" { "Actor" }
                    @if platform { th scope="col" { "Organization" } }
                    th scope="col" { "What happened" } th scope="col" { "From" }
                } }
                tbody {
                    @for r in p.rows {
                        tr {
                            td.when { (utc_minute(r.at)) }
                            td.kind { code { (r.kind) } }
                            td.actor { (r.actor_label) }
                            @if platform {
                                td.org {
                                    @match (&r.org_id, &r.org_name) {
                                        (Some(id), Some(name)) => a href={ "/admin/audit?" (query(&[("org", id)])) } { (name) },
                                        _ => span.muted { "—" },
                                    }
                                }
                            }
                            td.summary { (r.summary) }
                            td.from {
                                (r.ip)
                                @if !r.request_id.is_empty() { br; span.muted.request-id { "request " (r.request_id) } }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(chrome, &title, "", body)
}
