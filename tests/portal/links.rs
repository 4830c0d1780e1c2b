//! Mailed links: email verification, password reset and invitations, each
//! used once, expiring on time, and answered clearly when unusable.

use std::time::Duration;

use axum::http::StatusCode;
use partsportal::db::Db;
use partsportal::demo::users::DEMO_PASSWORD;

use crate::helpers::{Client, TestApp, engines, spawn_app, texts};

/// The newest link to `path` mailed to `email`, as a local URL.
async fn mailed_link(db: &Db, email: &str, path: &str) -> Option<String> {
    let bodies: Vec<String> = partsportal::on_db!(db, |p| sqlx::query_scalar(
        "SELECT text_body FROM mail_outbox WHERE to_addr = $1 ORDER BY created_at DESC, id DESC"
    )
    .bind(email)
    .fetch_all(p)
    .await)
    .unwrap();
    let needle = format!("{path}?token=");
    bodies.iter().find_map(|b| {
        let i = b.find(&needle)?;
        let tail = &b[i..];
        let end = tail.find(|c: char| c.is_whitespace()).unwrap_or(tail.len());
        Some(tail[..end].to_string())
    })
}

async fn mails_to(db: &Db, email: &str) -> i64 {
    partsportal::on_db!(db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM mail_outbox WHERE to_addr = $1"
    )
    .bind(email)
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn sign_up<'a>(app: &'a TestApp, email: &str) -> Client<'a> {
    let mut c = Client::new(app);
    c.get("/signup").await;
    let r = c
        .post(
            "/signup",
            &[
                ("org_name", &format!("Org of {email}")),
                ("org_kind", "clinic"),
                ("city", "Pune"),
                ("name", "Meera Iyer"),
                ("email", email),
                ("password", "saffron-Canopy-47-meadow"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    c
}

#[tokio::test]
async fn verification_link_works_once_and_says_why_when_it_does_not() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut c = sign_up(&app, "meera@sunclinic.in").await;
        let acct = c.get("/account").await;
        assert!(
            texts(&acct.html(), ".badge")
                .join(" ")
                .contains("not verified")
        );
        let link = mailed_link(&app.db, "meera@sunclinic.in", "/verify")
            .await
            .expect("verification mail queued with sign-up");
        let r = c.get(&link).await;
        assert!(
            texts(&r.html(), "h1").join(" ").contains("Email verified"),
            "{}",
            r.body
        );
        assert!(
            !texts(&c.get("/account").await.html(), ".badge")
                .join(" ")
                .contains("not verified")
        );
        let again = c.get(&link).await;
        assert!(
            texts(&again.html(), "main")
                .join(" ")
                .contains("already been used")
        );
        let bogus = c.get("/verify?token=nonsense").await;
        assert_eq!(bogus.status, StatusCode::OK);
        assert!(texts(&bogus.html(), "main").join(" ").contains("not valid"));
        assert!(
            !texts(&bogus.html(), "main a").is_empty(),
            "offers a way to a new link"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn password_reset_answers_alike_expires_and_ends_every_session() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let email = "finance@clinic.example.com";
        let mut signed_in = Client::new(&app);
        signed_in.login(email, DEMO_PASSWORD).await;

        let mut c = Client::new(&app);
        c.get("/password/forgot").await;
        let known = c.post("/password/forgot", &[("email", email)]).await;
        c.get("/password/forgot").await;
        let unknown = c
            .post(
                "/password/forgot",
                &[("email", "nobody@nowhere.example.com")],
            )
            .await;
        let strip = |s: &str, e: &str| {
            texts(
                &crate::helpers::Resp {
                    status: StatusCode::OK,
                    headers: Default::default(),
                    body: s.replace(e, "X"),
                }
                .html(),
                "main",
            )
            .join(" ")
        };
        assert_eq!(
            strip(&known.body, email),
            strip(&unknown.body, "nobody@nowhere.example.com"),
            "same answer whether or not the account exists"
        );
        assert_eq!(mails_to(&app.db, "nobody@nowhere.example.com").await, 0);

        // The link expires after an hour.
        let old = mailed_link(&app.db, email, "/password/reset")
            .await
            .expect("reset mail");
        app.clock.advance(Duration::from_secs(3601));
        assert!(
            texts(&c.get(&old).await.html(), "main")
                .join(" ")
                .contains("expired")
        );

        c.get("/password/forgot").await;
        c.post("/password/forgot", &[("email", email)]).await;
        let link = mailed_link(&app.db, email, "/password/reset")
            .await
            .unwrap();
        assert_ne!(link, old);
        let form = c.get(&link).await;
        let token = crate::helpers::attrs(&form.html(), "input[name=token]", "value")
            .pop()
            .unwrap();
        // A weak password is refused beside its field and does not use the link up.
        let weak = c
            .post(
                "/password/reset",
                &[
                    ("token", &token),
                    ("new", "123456789012"),
                    ("confirm", "123456789012"),
                ],
            )
            .await;
        assert!(!texts(&weak.html(), ".field-error .error-text").is_empty());
        let new = "cobalt-Willow-62-harbour";
        let done = c
            .post(
                "/password/reset",
                &[("token", &token), ("new", new), ("confirm", new)],
            )
            .await;
        assert!(
            texts(&done.html(), ".notice")
                .join(" ")
                .contains("Password set"),
            "{}",
            done.body
        );
        assert_eq!(
            signed_in.get("/account").await.status,
            StatusCode::SEE_OTHER,
            "every session ended"
        );
        let reuse = c
            .post(
                "/password/reset",
                &[("token", &token), ("new", new), ("confirm", new)],
            )
            .await;
        assert!(
            texts(&reuse.html(), "main")
                .join(" ")
                .contains("already been used")
        );
        c.login(email, new).await;
        app.cleanup().await;
    }
}

#[tokio::test]
async fn invitations_join_the_inviters_org_and_admins_manage_only_their_users() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut admin = Client::new(&app);
        admin
            .login("org-admin@hospital.example.com", DEMO_PASSWORD)
            .await;
        admin.get("/org/users").await;
        let bad = admin
            .post(
                "/org/users/invite",
                &[("email", "not-an-email"), ("role", "seller_admin")],
            )
            .await;
        let errs = texts(&bad.html(), ".field-error .error-text");
        assert_eq!(
            errs.len(),
            2,
            "email and role each refused beside the field: {errs:?}"
        );
        let sent = admin
            .post(
                "/org/users/invite",
                &[("email", "kiran@sunrise.in"), ("role", "approver")],
            )
            .await;
        assert!(
            texts(&sent.html(), ".notice")
                .join(" ")
                .contains("Invitation sent"),
            "{}",
            sent.body
        );
        let link = mailed_link(&app.db, "kiran@sunrise.in", "/invite")
            .await
            .expect("invitation mail");

        let mut kiran = Client::new(&app);
        let form = kiran.get(&link).await;
        assert!(
            texts(&form.html(), "h1")
                .join(" ")
                .contains("Sunrise Multispeciality Hospital")
        );
        let token = crate::helpers::attrs(&form.html(), "input[name=token]", "value")
            .pop()
            .unwrap();
        let r = kiran
            .post(
                "/invite",
                &[
                    ("token", &token),
                    ("name", "Kiran Rao"),
                    ("password", "emerald-Spindle-38-river"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let who = texts(&kiran.get("/").await.html(), ".account-who").join(" ");
        assert!(
            who.contains("Kiran Rao") && who.contains("Approver"),
            "{who}"
        );
        let again = Client::new(&app).get(&link).await;
        assert!(
            texts(&again.html(), "main")
                .join(" ")
                .contains("already been used")
        );

        // The admin changes Kiran's role, then deactivates Kiran: the session ends.
        let kiran_id: String = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT id FROM users WHERE email = 'kiran@sunrise.in'"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        admin.get("/org/users").await;
        admin
            .post(
                &format!("/org/users/{kiran_id}/role"),
                &[("role", "finance")],
            )
            .await;
        assert!(
            texts(&kiran.get("/").await.html(), ".account-who")
                .join(" ")
                .contains("Finance")
        );
        admin
            .post(&format!("/org/users/{kiran_id}/deactivate"), &[])
            .await;
        assert_eq!(kiran.get("/account").await.status, StatusCode::SEE_OTHER);

        // Another organization's admin can neither see nor change Kiran.
        let mut other = Client::new(&app);
        other
            .login("org-admin@clinic.example.com", DEMO_PASSWORD)
            .await;
        let page = other.get("/org/users").await;
        assert!(!page.body.contains("kiran@sunrise.in"));
        let r = other
            .post(&format!("/org/users/{kiran_id}/reactivate"), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let status: String = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT status FROM users WHERE id = $1"
        )
        .bind(&kiran_id)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(status, "deactivated", "nothing changed");

        // A platform lock is not the organization admin's to lift.
        partsportal::on_db!(&app.db, |p| sqlx::query(
            "UPDATE users SET status = 'locked' WHERE id = $1"
        )
        .bind(&kiran_id)
        .execute(p)
        .await
        .map(|_| ()))
        .unwrap();
        admin.get("/org/users").await;
        let r = admin
            .post(&format!("/org/users/{kiran_id}/reactivate"), &[])
            .await;
        assert!(
            texts(&r.html(), ".notice-warn")
                .join(" ")
                .contains("locked by the platform"),
            "{}",
            r.body
        );
        let status: String = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT status FROM users WHERE id = $1"
        )
        .bind(&kiran_id)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(status, "locked");

        // The last admin cannot demote themself.
        let me: String = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT id FROM users WHERE email = 'org-admin@clinic.example.com'"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        other.get("/org/users").await;
        let r = other
            .post(&format!("/org/users/{me}/role"), &[("role", "buyer")])
            .await;
        assert!(
            texts(&r.html(), ".notice-warn")
                .join(" ")
                .contains("at least one active administrator"),
            "{}",
            r.body
        );
        app.cleanup().await;
    }
}
