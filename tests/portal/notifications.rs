//! In-app notifications: the list (newest first, unread marked, paged),
//! opening one marks it read and follows its link only when the link is a
//! path on this site, marking all read, the header's unread count, and
//! another user's notification is not found.

use axum::http::StatusCode;
use partsportal::db::notifications::{NewNotification, create};
use partsportal::demo::users::DEMO_PASSWORD;
use partsportal::on_db;

use crate::helpers::{Client, TestApp, attrs, engines, spawn_app, texts};

const BUYER: &str = "buyer@hospital.example.com";
const APPROVER: &str = "approver@hospital.example.com";

async fn user_id(app: &TestApp, email: &str) -> String {
    on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT id FROM users WHERE email = $1"
    )
    .bind(email)
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn notify(app: &TestApp, user: &str, title: &str, link: &str, at: i64) -> String {
    let n = NewNotification {
        user_id: user,
        order_id: None,
        title,
        body: "Order update",
        link,
    };
    create(&app.db, &n, at).await.unwrap()
}

async fn read_at(app: &TestApp, id: &str) -> Option<i64> {
    on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT read_at FROM notifications WHERE id = $1"
    )
    .bind(id)
    .fetch_one(p)
    .await)
    .unwrap()
}

fn header_count(doc: &scraper::Html) -> Vec<String> {
    texts(doc, ".account a.notifications-link .unread-count")
}

#[tokio::test]
async fn notifications_are_listed_read_and_followed_only_on_site() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let buyer = user_id(&app, BUYER).await;
        let approver = user_id(&app, APPROVER).await;
        let t = 1_770_000_000_000;
        let cart = notify(&app, &buyer, "Cart reminder", "/cart", t).await;
        let offsite = notify(&app, &buyer, "Phishing", "https://evil.example/", t + 1).await;
        let addresses = notify(&app, &buyer, "Address check", "/org/addresses", t + 2).await;
        let theirs = notify(&app, &approver, "Approve order", "/cart", t + 3).await;
        // A protocol-relative link written past `create` (as a raw insert
        // would) is not followed either.
        let sneaky = notify(&app, &buyer, "Sneaky", "/", t - 1).await;
        on_db!(&app.db, |p| sqlx::query(
            "UPDATE notifications SET link = '//evil.example' WHERE id = $1"
        )
        .bind(&sneaky)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();

        let mut c = Client::new(&app);
        c.login(BUYER, DEMO_PASSWORD).await;
        let doc = c.get("/notifications").await.html();
        assert_eq!(header_count(&doc), vec!["4"], "{engine:?}");
        assert_eq!(
            texts(&doc, "li.notification .notification-title"),
            vec!["Address check", "Phishing", "Cart reminder", "Sneaky"],
            "newest first, the user's own only"
        );
        assert_eq!(texts(&doc, "li.notification.unread").len(), 4);
        assert!(
            !doc.html().contains("evil.example"),
            "no off-site link on the page"
        );

        // Opening one marks it read and goes to its link.
        let r = c.post(&format!("/notifications/{cart}/read"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.headers["location"], "/cart");
        assert!(read_at(&app, &cart).await.is_some());
        let doc = c.get("/notifications").await.html();
        assert_eq!(header_count(&doc), vec!["3"]);
        assert_eq!(
            texts(&doc, "li.notification:not(.unread) .notification-title"),
            vec!["Cart reminder"]
        );

        // Links off the site are never followed.
        for id in [&offsite, &sneaky] {
            let r = c.post(&format!("/notifications/{id}/read"), &[]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
            assert_eq!(r.headers["location"], "/notifications");
        }

        // Another user's notification is not found and stays unread.
        let r = c.post(&format!("/notifications/{theirs}/read"), &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(read_at(&app, &theirs).await, None);

        // Mark all read: the badge goes.
        let r = c.post("/notifications/read-all", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(read_at(&app, &addresses).await.is_some());
        let doc = c.get("/notifications").await.html();
        assert!(header_count(&doc).is_empty());
        assert_eq!(
            attrs(&doc, ".account a.notifications-link", "href"),
            vec!["/notifications"]
        );
        assert!(texts(&doc, "li.notification.unread").is_empty());
        assert_eq!(
            read_at(&app, &theirs).await,
            None,
            "the other user's stay unread"
        );

        // The approver's header counts theirs only.
        let mut other = Client::new(&app);
        other.login(APPROVER, DEMO_PASSWORD).await;
        assert_eq!(header_count(&other.get("/").await.html()), vec!["1"]);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn notifications_page_by_thirty() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let buyer = user_id(&app, BUYER).await;
        for i in 0..32 {
            notify(
                &app,
                &buyer,
                &format!("Update {i:02}"),
                "/cart",
                1_770_000_000_000 + i,
            )
            .await;
        }
        let mut c = Client::new(&app);
        c.login(BUYER, DEMO_PASSWORD).await;
        let doc = c.get("/notifications").await.html();
        let titles = texts(&doc, "li.notification .notification-title");
        assert_eq!(titles.len(), 30, "{engine:?}");
        assert_eq!(titles[0], "Update 31");
        let next = attrs(&doc, "a[rel=next]", "href");
        assert_eq!(next, vec!["/notifications?page=2"]);
        let doc = c.get(&next[0]).await.html();
        assert_eq!(
            texts(&doc, "li.notification .notification-title"),
            vec!["Update 01", "Update 00"]
        );
        assert_eq!(attrs(&doc, "a[rel=prev]", "href"), vec!["/notifications"]);
        assert_eq!(
            c.get("/notifications?page=x").await.status,
            StatusCode::BAD_REQUEST
        );
        // Signed out: to the login page.
        assert_eq!(
            app.get("/notifications").await.status,
            StatusCode::SEE_OTHER
        );
        app.cleanup().await;
    }
}
