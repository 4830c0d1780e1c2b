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
        let private: Vec<&str> = users.iter().map(|u| u.1.as_str()).collect();

        let routes: Vec<_> = partsportal::web::route_table()
            .into_iter()
            .filter(|r| {
                r.perm != Permission::Public && r.path.contains('{') && !r.path.starts_with("/api/")
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
                    for p in &private {
                        assert!(!resp.body.contains(p), "{email} saw {p} at {path}");
                    }
                }
            }
        }
        // Nothing changed in A.
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
