//! Accounts and sessions: login, rotation, expiry, password change, CSRF on
//! every state-changing route, and the login rate limit under a burst.

use std::time::Duration;

use axum::http::StatusCode;
use partsportal::demo::users::DEMO_PASSWORD;
use partsportal::domain::access::Permission;

use crate::helpers::{Client, attrs, engines, spawn_app, spawn_app_with, texts};

const BUYER: &str = "buyer@hospital.example.com";

#[tokio::test]
async fn session_lifecycle_rotation_expiry_logout_and_password_change() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut c = Client::new(&app);

        // Arrange: a session cookie from before login must not survive it.
        c.cookies.insert("pp_session".into(), "ab".repeat(32));
        let r = c.login(BUYER, DEMO_PASSWORD).await;
        assert_eq!(r.headers["location"], "/");
        let first = c.cookies["pp_session"].clone();
        assert_ne!(first, "ab".repeat(32), "the id changes at login");
        let cookie = r
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|v| v.starts_with("pp_session="))
            .unwrap();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );

        // The header shows who is signed in.
        let home = c.get("/").await;
        let who = texts(&home.html(), ".account-who").join(" ");
        assert!(
            who.contains("Demo Buyer")
                && who.contains("Sunrise Multispeciality Hospital")
                && who.contains("Buyer"),
            "{who}"
        );

        // Logging in again rotates the id and ends the old session.
        c.login(BUYER, DEMO_PASSWORD).await;
        let second = c.cookies["pp_session"].clone();
        assert_ne!(first, second);
        let mut stale = Client::new(&app);
        stale.cookies.insert("pp_session".into(), first);
        assert_eq!(stale.get("/account").await.status, StatusCode::SEE_OTHER);

        // Idle timeout, with the injected clock.
        assert_eq!(c.get("/account").await.status, StatusCode::OK);
        app.clock.advance(Duration::from_secs(31 * 60));
        let r = c.get("/account").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "idle session expired");
        assert!(
            r.headers["location"]
                .to_str()
                .unwrap()
                .starts_with("/login?next=")
        );

        // Absolute timeout, even when active.
        c.login(BUYER, DEMO_PASSWORD).await;
        for _ in 0..25 {
            app.clock.advance(Duration::from_secs(29 * 60));
            if c.get("/account").await.status != StatusCode::OK {
                break;
            }
        }
        assert_eq!(
            c.get("/account").await.status,
            StatusCode::SEE_OTHER,
            "12 h absolute timeout"
        );

        // Logout ends the session.
        c.login(BUYER, DEMO_PASSWORD).await;
        let id = c.cookies["pp_session"].clone();
        c.get("/").await;
        assert_eq!(c.post("/logout", &[]).await.status, StatusCode::SEE_OTHER);
        let mut replay = Client::new(&app);
        replay.cookies.insert("pp_session".into(), id);
        assert_eq!(replay.get("/account").await.status, StatusCode::SEE_OTHER);

        // A password change ends the other sessions, keeps this one.
        let mut a = Client::new(&app);
        let mut b = Client::new(&app);
        a.login("approver@hospital.example.com", DEMO_PASSWORD)
            .await;
        b.login("approver@hospital.example.com", DEMO_PASSWORD)
            .await;
        a.get("/account").await;
        let weak = a
            .post(
                "/account/password",
                &[
                    ("current", DEMO_PASSWORD),
                    ("new", "password1234"),
                    ("confirm", "password1234"),
                ],
            )
            .await;
        assert_eq!(weak.status, StatusCode::OK);
        assert!(
            !texts(&weak.html(), ".field-error .error-text").is_empty(),
            "weak password refused next to its field"
        );
        let new = "quartz-Lantern-58-orchid-Delta";
        let ok = a
            .post(
                "/account/password",
                &[("current", DEMO_PASSWORD), ("new", new), ("confirm", new)],
            )
            .await;
        assert!(
            texts(&ok.html(), ".notice")
                .join(" ")
                .contains("Password changed"),
            "{}",
            ok.body
        );
        assert_eq!(
            a.get("/account").await.status,
            StatusCode::OK,
            "this session stays"
        );
        assert_eq!(
            b.get("/account").await.status,
            StatusCode::SEE_OTHER,
            "the other session ended"
        );
        a.post("/logout", &[]).await;
        a.login("approver@hospital.example.com", new).await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn every_state_changing_route_refuses_a_missing_or_foreign_csrf_token() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // Signed in as a platform admin, so permission checks pass and only
        // CSRF can refuse.
        let mut c = Client::new(&app);
        c.login("platform-admin@platform.example.com", DEMO_PASSWORD)
            .await;
        c.get("/account").await;
        let token = c.csrf.clone();
        let routes: Vec<_> = partsportal::web::route_table()
            .into_iter()
            .filter(|r| r.method != axum::http::Method::GET && !r.path.starts_with("/api/"))
            .collect();
        assert!(routes.len() >= 5, "state-changing routes found: {routes:?}");
        for r in &routes {
            let path = r.path.replace("{id}", "x");
            let no_token = c.post_raw(&path, "a=1", Some(crate::helpers::ORIGIN)).await;
            assert_eq!(
                no_token.status,
                StatusCode::FORBIDDEN,
                "{} without a token",
                r.path
            );
            let wrong = c
                .post_raw(
                    &path,
                    &format!("_csrf={}", "0".repeat(64)),
                    Some(crate::helpers::ORIGIN),
                )
                .await;
            assert_eq!(
                wrong.status,
                StatusCode::FORBIDDEN,
                "{} with a wrong token",
                r.path
            );
            let foreign = c
                .post_raw(
                    &path,
                    &format!("_csrf={token}"),
                    Some("https://evil.example"),
                )
                .await;
            assert_eq!(
                foreign.status,
                StatusCode::FORBIDDEN,
                "{} from another origin",
                r.path
            );
            let no_origin = c.post_raw(&path, &format!("_csrf={token}"), None).await;
            assert_eq!(
                no_origin.status,
                StatusCode::FORBIDDEN,
                "{} without an origin",
                r.path
            );
        }
        // Nothing changed: still signed in (logout was refused every time).
        assert_eq!(c.get("/account").await.status, StatusCode::OK);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn routes_that_need_a_role_refuse_other_roles() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut seller = Client::new(&app);
        seller
            .login("seller-staff@manufacturer.example.com", DEMO_PASSWORD)
            .await;
        let mut anon = Client::new(&app);
        for r in partsportal::web::route_table() {
            if r.method != axum::http::Method::GET || r.path.contains('{') {
                continue;
            }
            if r.perm != Permission::Public {
                let a = anon.get(r.path).await;
                assert_eq!(a.status, StatusCode::SEE_OTHER, "{} needs a login", r.path);
            }
            if matches!(
                r.perm,
                Permission::SeeInvoices
                    | Permission::WorkTickets
                    | Permission::Platform
                    | Permission::ManageOrg
            ) {
                assert_eq!(
                    seller.get(r.path).await.status,
                    StatusCode::FORBIDDEN,
                    "seller staff on {}",
                    r.path
                );
            }
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn fifty_parallel_wrong_passwords_get_no_more_tries_than_the_limit() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut c = Client::new(&app);
        c.get("/login").await;
        let csrf = c.csrf.clone();
        let cookies = c.cookies.clone();
        let mut tasks = Vec::new();
        for i in 0..50 {
            let router = app.router.clone();
            let cookie = cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            let body = serde_urlencoded::to_string([
                ("_csrf", csrf.as_str()),
                ("email", "finance@hospital.example.com"),
                ("password", &format!("wrong-{i}")),
            ])
            .unwrap();
            tasks.push(tokio::spawn(async move {
                use tower::ServiceExt;
                let req = axum::http::Request::builder()
                    .method("POST")
                    .uri("/login")
                    .header("cookie", cookie)
                    .header("origin", crate::helpers::ORIGIN)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(axum::body::Body::from(body))
                    .unwrap();
                let resp = router.oneshot(req).await.unwrap();
                (resp.status(), resp.headers().get("retry-after").is_some())
            }));
        }
        let mut tried = 0;
        let mut limited = 0;
        for t in tasks {
            let (status, retry_after) = t.await.unwrap();
            match status {
                StatusCode::OK => tried += 1,
                StatusCode::TOO_MANY_REQUESTS => {
                    assert!(retry_after, "429 says when to retry");
                    limited += 1;
                }
                s => panic!("unexpected {s}"),
            }
        }
        assert_eq!(tried, 5, "exactly the limit got a password check");
        assert_eq!(limited, 45);
        // Even the right password waits now.
        c.get("/login").await;
        let r = c
            .post(
                "/login",
                &[
                    ("email", "finance@hospital.example.com"),
                    ("password", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(
            texts(&r.html(), "h1")
                .join(" ")
                .contains("Too many attempts")
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn sign_up_keeps_what_was_typed_and_lands_each_kind_where_its_work_is() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut c = Client::new(&app);
        c.get("/signup").await;
        let bad = c
            .post(
                "/signup",
                &[
                    ("org_name", "Lotus Eye Hospital"),
                    ("org_kind", ""),
                    ("city", "Coimbatore"),
                    ("name", "Dr. Lakshmi"),
                    ("email", "lakshmi@lotus"),
                    ("password", "short"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::OK);
        let doc = bad.html();
        assert_eq!(
            attrs(&doc, "input[name=org_name]", "value"),
            vec!["Lotus Eye Hospital"]
        );
        assert_eq!(
            attrs(&doc, "input[name=email]", "value"),
            vec!["lakshmi@lotus"]
        );
        assert_eq!(
            attrs(&doc, "input[name=password]", "value"),
            vec![""],
            "passwords are never echoed"
        );
        let errors = texts(&doc, ".field-error .error-text");
        assert_eq!(
            errors.len(),
            3,
            "kind, email and password each say what is wrong: {errors:?}"
        );

        let pw = "marigold-Harbour-93-violin";
        let ok = c
            .post(
                "/signup",
                &[
                    ("org_name", "Lotus Eye Hospital"),
                    ("org_kind", "hospital"),
                    ("city", "Coimbatore"),
                    ("name", "Dr. Lakshmi"),
                    ("email", "lakshmi@lotuseye.in"),
                    ("password", pw),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        assert_eq!(ok.headers["location"], "/");
        let who = texts(&c.get("/").await.html(), ".account-who").join(" ");
        assert!(
            who.contains("Lotus Eye Hospital") && who.contains("Organization admin"),
            "{who}"
        );

        // The same organization name again is refused on its field.
        let mut d = Client::new(&app);
        d.get("/signup").await;
        let dup = d
            .post(
                "/signup",
                &[
                    ("org_name", "lotus eye hospital"),
                    ("org_kind", "clinic"),
                    ("city", ""),
                    ("name", "Someone"),
                    ("email", "someone@lotuseye.in"),
                    ("password", pw),
                ],
            )
            .await;
        assert!(
            texts(&dup.html(), ".field-error .error-text")
                .join(" ")
                .contains("already has an account")
        );

        // A seller lands on its dashboard and waits for approval.
        let mut s = Client::new(&app);
        s.get("/signup").await;
        let r = s
            .post(
                "/signup",
                &[
                    ("org_name", "Kaveri Biomedical Spares"),
                    ("org_kind", "supplier"),
                    ("city", "Mysuru"),
                    ("name", "Ravi"),
                    ("email", "ravi@kaveri.in"),
                    ("password", pw),
                ],
            )
            .await;
        assert_eq!(r.headers["location"], "/seller");
        let acct = s.get("/account").await;
        assert!(
            texts(&acct.html(), ".badge")
                .join(" ")
                .contains("awaiting approval")
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn under_tls_cookies_are_secure_and_responses_carry_hsts() {
    for engine in engines() {
        let plain = spawn_app(engine).await;
        let r = Client::new(&plain).get("/login").await;
        assert!(
            r.headers.get("strict-transport-security").is_none(),
            "no HSTS without TLS"
        );
        for h in [
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
        ] {
            assert!(r.headers.get(h).is_some(), "{h} on every response");
        }
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        plain.cleanup().await;

        let app = spawn_app_with(engine, |c| c.tls = true).await;
        let mut c = Client::new(&app);
        let r = c.get("/login").await;
        assert!(
            r.headers["strict-transport-security"]
                .to_str()
                .unwrap()
                .contains("max-age=")
        );
        let login = c.login(BUYER, DEMO_PASSWORD).await;
        let cookie = login
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|v| v.starts_with("pp_session="))
            .unwrap();
        assert!(cookie.contains("; Secure"), "{cookie}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn demo_mode_refuses_a_non_loopback_address() {
    use clap::Parser;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let cli = partsportal::cli::Cli::try_parse_from([
        "partsportal",
        "--data-dir",
        data,
        "serve",
        "--listen",
        "0.0.0.0:0",
    ])
    .unwrap();
    let err = partsportal::server::run(cli).await.unwrap_err();
    assert!(format!("{err:#}").contains("loopback"), "{err:#}");
    assert!(
        !dir.path().join("partsportal.db").exists(),
        "refused before touching the data dir"
    );
}

#[tokio::test]
async fn sessions_nobody_comes_back_to_are_purged() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut a = Client::new(&app);
        a.login(BUYER, DEMO_PASSWORD).await;
        let count = || async {
            partsportal::on_db!(&app.db, |p| sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM sessions"
            )
            .fetch_one(p)
            .await)
            .unwrap()
        };
        let idle = Duration::from_secs(30 * 60);
        let absolute = Duration::from_secs(12 * 3600);
        let purge = || {
            let now = app.clock.now_ms();
            partsportal::db::sessions::purge_expired(
                &app.db,
                now - idle.as_millis() as i64,
                now - absolute.as_millis() as i64,
            )
        };
        assert_eq!(purge().await.unwrap(), 0, "a live session stays");
        assert_eq!(count().await, 1);
        app.clock.advance(Duration::from_secs(31 * 60));
        assert_eq!(purge().await.unwrap(), 1);
        assert_eq!(count().await, 0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_next_address_that_is_not_a_plain_site_path_is_ignored_after_login() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        for next in [
            "/orders\r\nSet-Cookie: x=1",
            "/orders\u{7f}",
            "//evil.example/",
            "https://evil.example/",
        ] {
            let mut c = Client::new(&app);
            c.get("/login").await;
            let r = c
                .post(
                    "/login",
                    &[
                        ("email", "buyer@hospital.example.com"),
                        ("password", DEMO_PASSWORD),
                        ("next", next),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{next:?}: {}", r.body);
            let to = r.headers["location"].to_str().unwrap();
            assert!(
                to.starts_with('/') && !to.starts_with("//"),
                "{next:?} → {to}"
            );
            assert!(!to.contains("evil") && !to.contains("Set-Cookie"), "{to}");
        }
        let mut c = Client::new(&app);
        c.get("/login").await;
        let r = c
            .post(
                "/login",
                &[
                    ("email", "buyer@hospital.example.com"),
                    ("password", DEMO_PASSWORD),
                    ("next", "/orders?status=shipped"),
                ],
            )
            .await;
        assert_eq!(r.headers["location"], "/orders?status=shipped");
        app.cleanup().await;
    }
}
