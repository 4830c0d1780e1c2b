//! API tokens: created by an organization's admin and shown once, stored
//! hashed, used as `Authorization: Bearer` on the JSON API (never the
//! cookie), use recorded at most once a minute, revocable only by their own
//! organization, scopes limited by the organization's class.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use partsportal::on_db;
use tower::ServiceExt;

use crate::helpers::{Client, Resp, TestApp, attrs, engines, signed_in, spawn_app, texts};

const HOSPITAL_ADMIN: &str = "org-admin@hospital.example.com";
const CLINIC_ADMIN: &str = "org-admin@clinic.example.com";
const BUYER: &str = "buyer@hospital.example.com";
const SELLER_ADMIN: &str = "seller-admin@manufacturer.example.com";

/// A GET with an optional `Authorization` header and nothing else: what an
/// integrator's HTTP client sends.
async fn api_get(app: &TestApp, uri: &str, authorization: Option<&str>) -> Resp {
    let mut b = Request::builder().uri(uri);
    if let Some(a) = authorization {
        b = b.header("authorization", a);
    }
    let resp = app
        .router
        .clone()
        .oneshot(b.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// Creates a token through the form and returns the token the page shows.
async fn create_token(c: &mut Client<'_>, name: &str, scopes: &[&str]) -> String {
    c.get("/org/api-tokens").await;
    let mut fields = vec![("name", name)];
    fields.extend(scopes.iter().map(|s| ("scope", *s)));
    let r = c.post("/org/api-tokens", &fields).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let shown = texts(&r.html(), "#new-token");
    assert_eq!(shown.len(), 1, "the token is shown: {}", r.body);
    shown[0].clone()
}

async fn token_count(app: &TestApp) -> i64 {
    on_db!(&app.db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM api_tokens"
    )
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn last_used_at(app: &TestApp, token: &str) -> Option<i64> {
    on_db!(&app.db, |p| sqlx::query_scalar::<_, Option<i64>>(
        "SELECT last_used_at FROM api_tokens WHERE token_hash = $1"
    )
    .bind(partsportal::auth::token::digest(token))
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn audit_count(app: &TestApp, kind: &str) -> i64 {
    on_db!(&app.db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM audit_log WHERE kind = $1"
    )
    .bind(kind)
    .fetch_one(p)
    .await)
    .unwrap()
}

#[tokio::test]
async fn a_new_token_is_shown_once_and_stored_only_as_a_hash() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut admin = signed_in(&app, HOSPITAL_ADMIN).await;
        let home = admin.get("/").await;
        assert!(
            attrs(&home.html(), ".account a", "href").contains(&"/org/api-tokens".to_string()),
            "the header links to the tokens page"
        );

        // Act: create a token.
        admin.get("/org/api-tokens").await;
        let r = admin
            .post(
                "/org/api-tokens",
                &[
                    ("name", "  ERP sync  "),
                    ("scope", "catalog:read"),
                    ("scope", "orders:read"),
                ],
            )
            .await;

        // Assert: the page shows the whole token once, uncached.
        assert_eq!(r.status, StatusCode::OK, "{engine:?}");
        assert_eq!(r.headers["cache-control"], "no-store");
        let doc = r.html();
        let token = texts(&doc, "#new-token").concat();
        assert!(
            token.len() == 67
                && token.starts_with("pp_")
                && token[3..]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{token}"
        );
        assert!(
            texts(&doc, ".token-created")
                .concat()
                .contains("will not be shown again")
        );

        // The list shows the name and prefix, never the token.
        let list = admin.get("/org/api-tokens").await;
        assert!(!list.body.contains(&token));
        assert!(!list.body.contains(&token[11..]));
        let doc = list.html();
        assert_eq!(texts(&doc, ".token-name"), ["ERP sync"], "name trimmed");
        assert_eq!(texts(&doc, ".token-prefix"), [format!("{}…", &token[..11])]);
        assert_eq!(texts(&doc, ".token-scopes"), ["catalog:read orders:read"]);
        assert!(texts(&doc, "#new-token").is_empty());

        // The database holds its SHA-256 and no column holds the token.
        let rows: Vec<(String, String, String, String, String, String, String)> =
            on_db!(&app.db, |p| sqlx::query_as(
                "SELECT id, org_id, name, scopes, token_hash, prefix, created_by FROM api_tokens"
            )
            .fetch_all(p)
            .await)
            .unwrap();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_ne!(row.4, token);
        assert_eq!(row.4, partsportal::auth::token::digest(&token));
        for column in [&row.0, &row.1, &row.2, &row.3, &row.4, &row.5, &row.6] {
            assert!(!column.contains(&token[3..]), "{column}");
        }
        assert_eq!(audit_count(&app, "api_token_created").await, 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_api_takes_bearer_tokens_only_and_records_use_once_a_minute() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut admin = signed_in(&app, HOSPITAL_ADMIN).await;
        let token = create_token(&mut admin, "ERP sync", &["orders:read", "catalog:read"]).await;
        assert_eq!(last_used_at(&app, &token).await, None);

        // /me names the organization and the token.
        let me = api_get(&app, "/api/v1/me", Some(&bearer(&token))).await;
        assert_eq!(me.status, StatusCode::OK, "{engine:?}: {}", me.body);
        let j = me.json();
        let org_id: String = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT org_id FROM users WHERE email = $1"
        )
        .bind(HOSPITAL_ADMIN)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(j["organization"]["id"], org_id.as_str());
        assert_eq!(
            j["organization"]["name"],
            "Sunrise Multispeciality Hospital"
        );
        assert_eq!(j["organization"]["kind"], "hospital");
        assert_eq!(j["token"]["name"], "ERP sync");
        assert_eq!(
            j["token"]["scopes"],
            serde_json::json!(["catalog:read", "orders:read"])
        );
        assert_eq!(j["token"]["prefix"], &token[..11]);

        // Use is recorded, then not rewritten within the minute.
        let first = last_used_at(&app, &token).await.expect("use recorded");
        app.clock.advance(Duration::from_secs(30));
        api_get(&app, "/api/v1/me", Some(&bearer(&token))).await;
        assert_eq!(last_used_at(&app, &token).await, Some(first));
        app.clock.advance(Duration::from_secs(31));
        api_get(&app, "/api/v1/me", Some(&bearer(&token))).await;
        let later = last_used_at(&app, &token).await.unwrap();
        assert!(later >= first + 61_000, "{first} then {later}");
        let listed = texts(&admin.get("/org/api-tokens").await.html(), "td").join(" ");
        assert!(!listed.contains("Never"), "the list shows the last use");

        // A wrong, malformed or non-bearer credential is a 401 with a challenge.
        let unknown = format!("pp_{}", "0".repeat(64));
        for auth in [
            bearer(&unknown),
            bearer("nope"),
            bearer(&token.to_uppercase()),
            "Basic dXNlcjpwYXNz".to_string(),
        ] {
            let r = api_get(&app, "/api/v1/me", Some(&auth)).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{auth}");
            let challenge = r.headers["www-authenticate"].to_str().unwrap();
            assert!(
                challenge.starts_with("Bearer ") && challenge.contains("invalid_token"),
                "{challenge}"
            );
            assert_eq!(r.json()["error"]["code"], "unauthenticated");
        }

        // The catalog stays public, but a bad token is never ignored.
        let search = "/api/v1/search?q=coil";
        assert_eq!(api_get(&app, search, None).await.status, StatusCode::OK);
        assert_eq!(
            api_get(&app, search, Some(&bearer(&token))).await.status,
            StatusCode::OK
        );
        assert_eq!(
            api_get(&app, search, Some(&bearer(&unknown))).await.status,
            StatusCode::UNAUTHORIZED
        );

        // A signed-in browser's cookie is not an API credential.
        let cookie_only = admin.get("/api/v1/me").await;
        assert_eq!(cookie_only.status, StatusCode::UNAUTHORIZED);
        assert!(
            cookie_only.headers["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Bearer"),
        );
        let none = api_get(&app, "/api/v1/me", None).await;
        assert_eq!(none.status, StatusCode::UNAUTHORIZED);

        // The OpenAPI document describes the scheme and /me.
        let doc = api_get(&app, "/api/v1/openapi.json", None).await.json();
        assert_eq!(
            doc["components"]["securitySchemes"]["bearerAuth"]["scheme"],
            "bearer"
        );
        assert!(doc["paths"]["/api/v1/me"]["get"]["responses"]["401"].is_object());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn revoking_ends_a_token_and_only_its_own_organization_can() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut admin = signed_in(&app, HOSPITAL_ADMIN).await;
        let token = create_token(&mut admin, "Old ERP", &["catalog:read"]).await;
        let doc = admin.get("/org/api-tokens").await.html();
        let revoke = attrs(&doc, "form[action$='/revoke']", "action");
        assert_eq!(revoke.len(), 1);
        let revoke = revoke[0].clone();

        // Another organization's admin neither sees nor revokes it.
        let mut other = signed_in(&app, CLINIC_ADMIN).await;
        let theirs = other.get("/org/api-tokens").await;
        assert_eq!(theirs.status, StatusCode::OK);
        assert!(texts(&theirs.html(), ".token-name").is_empty());
        let r = other.post(&revoke, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{engine:?}");
        assert_eq!(
            api_get(&app, "/api/v1/me", Some(&bearer(&token)))
                .await
                .status,
            StatusCode::OK,
            "still works"
        );
        assert_eq!(audit_count(&app, "api_token_revoked").await, 0);

        // Its own admin revokes it: the next call is refused.
        let r = admin.post(&revoke, &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.headers["location"], "/org/api-tokens");
        assert_eq!(
            api_get(&app, "/api/v1/me", Some(&bearer(&token)))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        let doc = admin.get("/org/api-tokens").await.html();
        assert_eq!(texts(&doc, ".api-tokens .badge"), ["Revoked"]);
        assert!(attrs(&doc, "form[action$='/revoke']", "action").is_empty());
        // Revoking again changes nothing and writes no second audit row.
        assert_eq!(admin.post(&revoke, &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(audit_count(&app, "api_token_revoked").await, 1);

        // A suspended organization's tokens stop working too.
        let live = create_token(&mut admin, "New ERP", &["catalog:read"]).await;
        on_db!(&app.db, |p| sqlx::query(
            "UPDATE organizations SET status = 'suspended' \
             WHERE id = (SELECT org_id FROM users WHERE email = $1)"
        )
        .bind(HOSPITAL_ADMIN)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();
        let r = api_get(&app, "/api/v1/me", Some(&bearer(&live))).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(
            r.headers["www-authenticate"]
                .to_str()
                .unwrap()
                .contains("suspended")
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn only_admins_manage_tokens_and_mistakes_show_beside_their_fields() {
    for engine in engines() {
        let app = spawn_app(engine).await;

        // A buyer has no tokens page and cannot create one.
        let mut buyer = signed_in(&app, BUYER).await;
        let page = buyer.get("/org/api-tokens").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{engine:?}");
        assert!(
            !attrs(&page.html(), ".account a", "href").contains(&"/org/api-tokens".to_string())
        );
        let r = buyer
            .post(
                "/org/api-tokens",
                &[("name", "Mine"), ("scope", "catalog:read")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        let mut admin = signed_in(&app, HOSPITAL_ADMIN).await;
        admin.get("/org/api-tokens").await;

        // No scope: the error is beside the scopes, the name is kept.
        let r = admin.post("/org/api-tokens", &[("name", "ERP sync")]).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert_eq!(
            texts(&doc, "fieldset.scopes.field-error .error-text"),
            ["Choose at least one scope."]
        );
        assert_eq!(texts(&doc, ".field-error .error-text").len(), 1);
        assert_eq!(attrs(&doc, "input[name=name]", "value"), ["ERP sync"]);
        assert!(texts(&doc, "#new-token").is_empty());

        // No name (or too long a one): the error is beside the name, the
        // ticked scopes stay ticked.
        let long = "x".repeat(81);
        for name in ["   ", long.as_str()] {
            let r = admin
                .post(
                    "/org/api-tokens",
                    &[("name", name), ("scope", "orders:read")],
                )
                .await;
            let doc = r.html();
            assert_eq!(
                texts(&doc, ".field-error .error-text").len(),
                1,
                "{name:.5}"
            );
            assert_eq!(
                attrs(&doc, ".field-error input[name=name]", "value"),
                [name]
            );
            assert_eq!(
                attrs(&doc, "input[name=scope][checked]", "value"),
                ["orders:read"]
            );
        }
        assert_eq!(token_count(&app).await, 0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn scopes_outside_the_organizations_class_are_refused() {
    for engine in engines() {
        let app = spawn_app(engine).await;

        // A hospital buys: selling is neither offered nor accepted.
        let mut hospital = signed_in(&app, HOSPITAL_ADMIN).await;
        let offered = attrs(
            &hospital.get("/org/api-tokens").await.html(),
            "input[name=scope]",
            "value",
        );
        assert_eq!(offered, ["catalog:read", "orders:read", "orders:write"]);
        let r = hospital
            .post(
                "/org/api-tokens",
                &[
                    ("name", "Sneaky"),
                    ("scope", "catalog:read"),
                    ("scope", "catalog:write"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let errors = texts(&r.html(), "fieldset.scopes.field-error .error-text").concat();
        assert!(errors.contains("catalog:write"), "{engine:?}: {errors}");
        let r = hospital
            .post(
                "/org/api-tokens",
                &[("name", "Odd"), ("scope", "admin:all")],
            )
            .await;
        assert_eq!(
            texts(&r.html(), "fieldset.scopes.field-error .error-text").len(),
            1
        );
        assert_eq!(token_count(&app).await, 0);

        // A manufacturer sells: it may write its catalog, not place orders.
        let mut seller = signed_in(&app, SELLER_ADMIN).await;
        let offered = attrs(
            &seller.get("/org/api-tokens").await.html(),
            "input[name=scope]",
            "value",
        );
        assert_eq!(offered, ["catalog:read", "catalog:write", "orders:read"]);
        let r = seller
            .post(
                "/org/api-tokens",
                &[("name", "Orders bot"), ("scope", "orders:write")],
            )
            .await;
        assert!(texts(&r.html(), "#new-token").is_empty());
        assert_eq!(token_count(&app).await, 0);
        let token = create_token(&mut seller, "Stock feed", &["catalog:write"]).await;
        let me = api_get(&app, "/api/v1/me", Some(&bearer(&token)))
            .await
            .json();
        assert_eq!(me["organization"]["kind"], "manufacturer");
        assert_eq!(me["token"]["scopes"], serde_json::json!(["catalog:write"]));
        app.cleanup().await;
    }
}
