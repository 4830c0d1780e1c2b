//! The notifications page: the user's notifications, newest first, unread
//! ones marked, each opened through a form that marks it read.

use maud::{Markup, html};

use super::layout::{self, Chrome, csrf_field};
use crate::db::notifications::NotificationRow;
use crate::domain::dates::utc_minute;
use crate::domain::site_path::local_link;

/// What the notifications page shows.
pub struct NotificationsPage<'a> {
    pub rows: &'a [NotificationRow],
    pub unread: i64,
    pub prev: Option<&'a str>,
    pub next: Option<&'a str>,
    pub notice: Option<&'a str>,
}

/// The list. Opening a notification is a POST (it marks it read), so each
/// is a small form whose button reads as the title; one without a link
/// only offers "Mark read".
pub fn page(chrome: &Chrome, p: &NotificationsPage) -> Markup {
    let body = html! {
        div.notifications-head {
            h1 { "Notifications" }
            @if p.unread > 0 {
                form.inline method="post" action="/notifications/read-all" {
                    (csrf_field(chrome.csrf))
                    button.small type="submit" { "Mark all read" }
                }
            }
        }
        @if let Some(n) = p.notice { div.notice role="status" { (n) } }
        p.muted {
            @if p.unread == 0 { "Nothing unread." }
            @else if p.unread == 1 { "1 unread notification." }
            @else { (p.unread) " unread notifications." }
        }
        @if p.rows.is_empty() {
            p.empty { "No notifications yet. Order updates appear here." }
        } @else {
            ol.notification-list {
                @for n in p.rows {
                    @let unread = n.read_at.is_none();
                    li.notification.unread[unread] {
                        form method="post" action={ "/notifications/" (n.id) "/read" } {
                            (csrf_field(chrome.csrf))
                            @if unread { span.badge.badge-warn { "New" } " " }
                            @if local_link(&n.link).is_some() {
                                button.link-button.notification-title type="submit" { (n.title) }
                            } @else {
                                strong.notification-title { (n.title) }
                                " "
                                @if unread {
                                    button.link-button type="submit" { "Mark read" span.visually-hidden { ": " (n.title) } }
                                }
                            }
                        }
                        @if !n.body.is_empty() { p.notification-body { (n.body) } }
                        p.muted.small { time { (utc_minute(n.created_at)) } }
                    }
                }
            }
        }
        @if p.prev.is_some() || p.next.is_some() {
            nav.pagination aria-label="Pages" {
                @if let Some(h) = p.prev { a rel="prev" href=(h) { "← Newer" } }
                @if let Some(h) = p.next { a rel="next" href=(h) { "Older →" } }
            }
        }
    };
    layout::page(chrome, "Notifications", "", body)
}
