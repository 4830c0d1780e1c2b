//! Tenant isolation: every non-public route that takes an id, called by
//! every role of every other organization with the ids of one
//! organization's rows, answers 403 or 404, shows none of its data, and
//! changes nothing. Routes come from the route table, so a new route is
//! covered without editing this test.

use axum::http::{Method, StatusCode};
use partsportal::demo::users::DEMO_PASSWORD;
use partsportal::domain::access::Permission;

use crate::helpers::{Client, engines, spawn_app};

#[tokio::test]
async fn no_organization_reaches_another_organizations_rows() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // Organization A: the demo hospital. Give it a live session, so
        // there are session ids to try as well as user ids.
        let mut a = Client::new(&app);
        a.login("buyer@hospital.example.com", DEMO_PASSWORD).await;
        let a_org: String = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT org_id FROM users WHERE email = 'buyer@hospital.example.com'"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        let users: Vec<(String, String, String)> =
            partsportal::on_db!(&app.db, |p| sqlx::query_as(
                "SELECT id, email, status FROM users WHERE org_id = $1"
            )
            .bind(&a_org)
            .fetch_all(p)
            .await)
            .unwrap();
        let sessions: Vec<String> = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT s.public_id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.org_id = $1"
        )
        .bind(&a_org)
        .fetch_all(p)
        .await)
        .unwrap();
        let tokens: Vec<String> = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT id FROM api_tokens WHERE org_id = $1"
        )
        .bind(&a_org)
        .fetch_all(p)
        .await)
        .unwrap();
        let mut ids: Vec<String> = users.iter().map(|u| u.0.clone()).collect();
        ids.extend(sessions.iter().cloned());
        ids.extend(tokens.iter().cloned());
        ids.push(a_org.clone());
        // An order A placed, with a seller that has no demo users (so every
        // other organization below is a stranger to it), and everything
        // hanging off it: the checkout, its lines, history, notifications,
        // addresses and cart lines.
        let quiet_seller: String = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT o.id FROM organizations o WHERE o.kind = 'manufacturer' \
             AND NOT EXISTS (SELECT 1 FROM users u WHERE u.org_id = o.id) \
             AND EXISTS (SELECT 1 FROM parts p WHERE p.seller_id = o.id) ORDER BY o.id LIMIT 1"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        let w = crate::ordering::world_selling(&app.db, 10, quiet_seller).await;
        let order = crate::ordering::one_order(&app.db, &w).await;
        for sql in [
            "SELECT checkout_id FROM orders WHERE id = $1",
            "SELECT id FROM order_lines WHERE order_id = $1",
            "SELECT id FROM order_status_history WHERE order_id = $1",
            "SELECT id FROM notifications WHERE order_id = $1",
        ] {
            let more: Vec<String> =
                partsportal::on_db!(&app.db, |p| sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .bind(&order)
                    .fetch_all(p)
                    .await)
                .unwrap();
            ids.extend(more);
        }
        ids.push(order.clone());
        let addresses: Vec<String> = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT id FROM addresses WHERE org_id = $1"
        )
        .bind(&a_org)
        .fetch_all(p)
        .await)
        .unwrap();
        ids.extend(addresses);
        let order_number: String = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT number FROM orders WHERE id = $1"
        )
        .bind(&order)
        .fetch_one(p)
        .await)
        .unwrap();
        let order_state = || async {
            partsportal::on_db!(&app.db, |p| sqlx::query_as::<_, (String, i64)>(
                "SELECT status, version FROM orders WHERE id = $1"
            )
            .bind(&order)
            .fetch_one(p)
            .await)
            .unwrap()
        };
        let order_before = order_state().await;
        let private: Vec<&str> = users.iter().map(|u| u.1.as_str()).collect();

        let routes: Vec<_> = partsportal::web::route_table()
            .into_iter()
            .filter(|r| {
                r.perm != Permission::Public
                    && r.path.contains('{')
                    && !r.path.starts_with("/api/")
                    // The id here names another organization by design: the
                    // customer a seller grants terms to. The row written is
                    // the seller's own (tests/portal/purchasing.rs covers it).
                    && !r.path.starts_with("/seller/customers/")
            })
            .collect();
        assert!(routes.len() >= 4, "routes with ids: {routes:?}");

        // Every role of every other organization (the platform's admins
        // run all organizations by design and are tested elsewhere).
        let others: Vec<String> = app
            .config_logins()
            .into_iter()
            .filter(|(_, _, _, org)| {
                org != "Sunrise Multispeciality Hospital" && org != "partsportal"
            })
            .map(|(email, ..)| email)
            .collect();
        assert!(others.len() >= 15);
        for email in &others {
            let mut c = Client::new(&app);
            c.login(email, DEMO_PASSWORD).await;
            c.get("/account").await;
            for r in &routes {
                for id in &ids {
                    let path = r.path.replace("{id}", id);
                    let resp = if r.method == Method::GET {
                        c.get(&path).await
                    } else {
                        c.post(&path, &[("role", "buyer"), ("name", "x")]).await
                    };
                    assert!(
                        matches!(resp.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                        "{email} {} {path} answered {}",
                        r.method,
                        resp.status
                    );
                    for p in private.iter().chain([&order_number.as_str()]) {
                        assert!(!resp.body.contains(p), "{email} saw {p} at {path}");
                    }
                }
            }
        }
        // Nothing changed in A.
        assert_eq!(order_state().await, order_before, "A's order unchanged");
        let after: Vec<(String, String, String)> =
            partsportal::on_db!(&app.db, |p| sqlx::query_as(
                "SELECT id, email, status FROM users WHERE org_id = $1"
            )
            .bind(&a_org)
            .fetch_all(p)
            .await)
            .unwrap();
        let mut before = users.clone();
        before.sort();
        let mut after = after;
        after.sort();
        assert_eq!(before, after);
        assert_eq!(
            a.get("/account").await.status,
            StatusCode::OK,
            "A's session survived"
        );
        app.cleanup().await;
    }
}
