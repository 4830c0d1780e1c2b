//! Platform administration: approving, suspending and verifying
//! organizations, locking users, the audit log views, and who may reach them.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use partsportal::db::admin::{OrgFilter, list_orgs};
use partsportal::db::audit::{self, Filter};
use partsportal::db::{catalog, mail_outbox, outbox, users};
use partsportal::demo::users::DEMO_PASSWORD;
use partsportal::domain::dates::civil_from_days;
use partsportal::on_db;

use crate::helpers::{Client, Resp, TestApp, attrs, engines, org_of, spawn_app, texts};

const PLATFORM: &str = "platform-admin@platform.example.com";
const SELLER_ADMIN: &str = "seller-admin@manufacturer.example.com";
const BUYER: &str = "buyer@hospital.example.com";
const HOSPITAL_ADMIN: &str = "org-admin@hospital.example.com";
/// Generous: conditions hold in well under a second; this only bounds a hang.
const DEADLINE: Duration = Duration::from_secs(5);

fn enc(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

async fn audit_rows(app: &TestApp, kind: &str, org_id: &str) -> Vec<audit::Row> {
    let f = Filter {
        kind: Some(kind.into()),
        org_id: Some(org_id.into()),
        ..Filter::default()
    };
    audit::list(&app.db, &f, 100).await.unwrap()
}

/// Result cards of one seller on the search page (the index alone).
async fn cards_of(app: &TestApp, seller: &str) -> scraper::Html {
    app.get(&format!("/search?{}", enc(&[("seller", seller)])))
        .await
        .html()
}

/// Waits until the index has applied every outbox row written so far.
async fn index_caught_up(app: &TestApp) {
    let head = outbox::head(&app.db).await.unwrap();
    app.wakeup.notify_one();
    let done = app
        .eventually(DEADLINE, || async {
            app.catalog.position().unwrap().unwrap_or(0) as i64 >= head
        })
        .await;
    assert!(done, "index did not reach outbox row {head}");
}

/// Follows a redirect after a move and returns the listing it lands on.
async fn follow(c: &mut Client<'_>, r: &Resp) -> Resp {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers["location"].to_str().unwrap().to_string();
    c.get(&to).await
}

/// Posts the move form `action` of the row `#<row>` on `page`, as a browser
/// would: the form's own URL and hidden fields.
async fn press(c: &mut Client<'_>, page: &str, row: &str, action: &str) -> Resp {
    let doc = c.get(page).await.html();
    let sel = format!("#{row} form[action$='/{action}']");
    let url = attrs(&doc, &sel, "action")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no {action} button on {row} at {page}"));
    let names = attrs(&doc, &format!("{sel} input[type=hidden]"), "name");
    let values = attrs(&doc, &format!("{sel} input[type=hidden]"), "value");
    let fields: Vec<(&str, &str)> = names
        .iter()
        .zip(&values)
        .filter(|(n, _)| *n != "_csrf")
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    c.post(&url, &fields).await
}

/// Adds a part for `seller_id` (a copy of any demo part under a new id) and
/// queues it for the index the way catalog writes do.
async fn add_part(app: &TestApp, seller_id: &str) -> String {
    let id = partsportal::db::new_id();
    on_db!(&app.db, |p| {
        sqlx::query(
        "INSERT INTO parts (id, seller_id, part_number, part_number_norm, name, description, category, \
         manufacturer_id, price_minor, currency, stock, lead_time_days, created_at, updated_at) \
         SELECT $1, $2, part_number, part_number_norm, name, description, category, manufacturer_id, \
         price_minor, currency, stock, lead_time_days, created_at, updated_at \
         FROM parts WHERE id = (SELECT MIN(id) FROM parts)"
    )
    .bind(&id)
    .bind(seller_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
        .unwrap()
    });
    assert!(
        catalog::update_price_stock(&app.db, &id, 150_000, 4)
            .await
            .unwrap()
    );
    id
}

async fn signup_supplier(app: &TestApp) -> String {
    let mut s = Client::new(app);
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
                ("password", "marigold-Harbour-93-violin"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    org_of(app, "ravi@kaveri.in").await
}

#[tokio::test]
async fn approving_a_pending_seller_mails_its_admin_and_makes_its_parts_searchable() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // Arrange: a supplier signs up; a part of it is queued for the index.
        let org = signup_supplier(&app).await;
        add_part(&app, &org).await;
        index_caught_up(&app).await;
        assert!(
            texts(&cards_of(&app, "Kaveri Biomedical Spares").await, ".card").is_empty(),
            "{engine:?}: a pending seller's parts are not searchable"
        );
        let mut admin = Client::new(&app);
        admin.login(PLATFORM, DEMO_PASSWORD).await;
        let home = admin.get("/admin").await.html();
        assert!(
            texts(&home, "#pending-h + table td").contains(&"Kaveri Biomedical Spares".into()),
            "the admin home lists it as awaiting approval"
        );
        assert_eq!(
            attrs(&home, "svg.chart rect.chart-bar", "width").len(),
            8,
            "a bar per kind"
        );

        // Act: approve from the pending listing.
        let list = "/admin/orgs?status=pending";
        let r = press(&mut admin, list, &format!("org-{org}"), "approve").await;
        let page = follow(&mut admin, &r).await;

        // Assert: active, one audit row, one mail, searchable.
        assert!(
            texts(&page.html(), ".notice[role=status]")
                .join(" ")
                .contains("Kaveri Biomedical Spares is approved"),
            "{}",
            page.body
        );
        let row = catalog::org(&app.db, &org).await.unwrap().unwrap();
        assert_eq!(row.status, "active");
        let rows = audit_rows(&app, "seller_approved", &org).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].actor_label, PLATFORM);
        let mail = mail_outbox::by_dedup_key(&app.db, &format!("seller-approved:{org}"))
            .await
            .unwrap()
            .expect("approval mail queued");
        assert_eq!(mail.to_addr, "ravi@kaveri.in");
        assert!(
            mail.subject
                .contains("Kaveri Biomedical Spares is approved")
        );
        let found = app
            .eventually(DEADLINE, || async {
                texts(&cards_of(&app, "Kaveri Biomedical Spares").await, ".card").len() == 1
            })
            .await;
        assert!(found, "{engine:?}: approved seller's part is searchable");

        // Approving again changes nothing and says why.
        let again = admin
            .post(
                &format!("/admin/orgs/{org}/approve"),
                &[("status", "pending")],
            )
            .await;
        let page = follow(&mut admin, &again).await;
        assert!(
            texts(&page.html(), ".notice-warn").join(" ").contains(
                "Nothing changed for Kaveri Biomedical Spares: it is not awaiting approval"
            ),
            "{}",
            page.body
        );
        assert_eq!(audit_rows(&app, "seller_approved", &org).await.len(), 1);
        let mails: i64 = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT COUNT(*) FROM mail_outbox WHERE dedup_key LIKE 'seller-approved:%'"
        )
        .fetch_one(p)
        .await
        .unwrap());
        assert_eq!(mails, 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn suspending_a_seller_signs_its_users_out_and_takes_its_parts_out_of_search() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let name = catalog::org(&app.db, &org).await.unwrap().unwrap().name;
        let listed = texts(&cards_of(&app, &name).await, ".card").len();
        assert!(listed > 0, "the demo seller has parts in search");
        let part = attrs(&cards_of(&app, &name).await, ".card-title a", "href")[0].clone();
        let mut seller = Client::new(&app);
        seller.login(SELLER_ADMIN, DEMO_PASSWORD).await;
        let mut admin = Client::new(&app);
        admin.login(PLATFORM, DEMO_PASSWORD).await;

        let list = format!("/admin/orgs?{}", enc(&[("q", &name)]));
        let r = press(&mut admin, &list, &format!("org-{org}"), "suspend").await;
        let page = follow(&mut admin, &r).await;
        assert!(
            texts(&page.html(), &format!("#org-{org} .badge")).contains(&"suspended".into()),
            "{}",
            page.body
        );

        // Its users are signed out and cannot sign in.
        assert_eq!(seller.get("/seller").await.status, StatusCode::SEE_OTHER);
        seller.get("/login").await;
        let refused = seller
            .post(
                "/login",
                &[("email", SELLER_ADMIN), ("password", DEMO_PASSWORD)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::OK);
        assert!(
            texts(&refused.html(), ".notice-warn")
                .join(" ")
                .contains("suspended")
        );
        // Its parts leave search, its storefront and part pages.
        let gone = app
            .eventually(DEADLINE, || async {
                texts(&cards_of(&app, &name).await, ".card").is_empty()
            })
            .await;
        assert!(gone, "{engine:?}: suspended seller's parts left search");
        assert_eq!(
            app.get(&format!("/sellers/{org}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(app.get(&part).await.status, StatusCode::NOT_FOUND);
        assert_eq!(audit_rows(&app, "org_suspended", &org).await.len(), 1);

        // Reactivating brings all of it back.
        let r = press(&mut admin, &list, &format!("org-{org}"), "reactivate").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let back = app
            .eventually(DEADLINE, || async {
                texts(&cards_of(&app, &name).await, ".card").len() == listed
            })
            .await;
        assert!(back, "{engine:?}: reactivated seller's parts are back");
        assert_eq!(app.get(&part).await.status, StatusCode::OK);
        seller.login(SELLER_ADMIN, DEMO_PASSWORD).await;
        assert_eq!(audit_rows(&app, "org_reactivated", &org).await.len(), 1);

        // The platform itself cannot be suspended.
        let platform = org_of(&app, PLATFORM).await;
        admin.get("/admin/orgs").await;
        let r = admin
            .post(&format!("/admin/orgs/{platform}/suspend"), &[])
            .await;
        assert!(
            r.headers["location"]
                .to_str()
                .unwrap()
                .contains("refused=platform_org")
        );
        assert_eq!(admin.get("/admin").await.status, StatusCode::OK);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn marking_a_seller_verified_shows_the_badge_on_its_storefront_and_cards() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let orgs = list_orgs(&app.db, &OrgFilter::default(), 100, 0)
            .await
            .unwrap();
        let org = orgs
            .iter()
            .find(|o| {
                !o.verified
                    && o.parts > 0
                    && o.status == "active"
                    && partsportal::domain::is_seller_kind(&o.kind)
            })
            .expect("an unverified demo seller with parts");
        let store = format!("/sellers/{}", org.id);
        assert!(texts(&app.get(&store).await.html(), "h1 .verified").is_empty());
        assert!(texts(&cards_of(&app, &org.name).await, ".card .verified").is_empty());
        let mut admin = Client::new(&app);
        admin.login(PLATFORM, DEMO_PASSWORD).await;

        let list = format!("/admin/orgs?{}", enc(&[("q", &org.name)]));
        let r = press(&mut admin, &list, &format!("org-{}", org.id), "verify").await;
        follow(&mut admin, &r).await;

        assert_eq!(
            texts(&app.get(&store).await.html(), "h1 .verified"),
            vec!["✔ verified seller"]
        );
        let badged = app
            .eventually(DEADLINE, || async {
                let doc = cards_of(&app, &org.name).await;
                let cards = texts(&doc, ".card").len();
                cards > 0 && texts(&doc, ".card .verified").len() == cards
            })
            .await;
        assert!(badged, "{engine:?}: every card shows the badge");
        assert_eq!(audit_rows(&app, "org_verified", &org.id).await.len(), 1);

        let r = press(&mut admin, &list, &format!("org-{}", org.id), "unverify").await;
        follow(&mut admin, &r).await;
        assert!(texts(&app.get(&store).await.html(), "h1 .verified").is_empty());
        let cleared = app
            .eventually(DEADLINE, || async {
                texts(&cards_of(&app, &org.name).await, ".card .verified").is_empty()
            })
            .await;
        assert!(cleared, "{engine:?}: the badge left the cards");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn locking_a_user_ends_their_sessions_and_blocks_login_until_unlocked() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let buyer = users::by_email(&app.db, BUYER).await.unwrap().unwrap();
        let mut b = Client::new(&app);
        b.login(BUYER, DEMO_PASSWORD).await;
        assert_eq!(b.get("/account").await.status, StatusCode::OK);
        let mut admin = Client::new(&app);
        admin.login(PLATFORM, DEMO_PASSWORD).await;

        let list = format!("/admin/users?{}", enc(&[("q", BUYER)]));
        let doc = admin.get(&list).await.html();
        assert_eq!(texts(&doc, "td.email"), vec![BUYER], "search by email");
        let r = press(&mut admin, &list, &format!("user-{}", buyer.id), "lock").await;
        let page = follow(&mut admin, &r).await;
        assert!(
            texts(&page.html(), ".notice[role=status]")
                .join(" ")
                .contains("is locked")
        );
        // The form kept the search.
        assert_eq!(
            attrs(&page.html(), "form.filters input[name=q]", "value"),
            vec![BUYER]
        );

        assert_eq!(b.get("/account").await.status, StatusCode::SEE_OTHER);
        assert!(
            partsportal::db::sessions::list(&app.db, &buyer.id)
                .await
                .unwrap()
                .is_empty(),
            "no session row left"
        );
        b.get("/login").await;
        let refused = b
            .post("/login", &[("email", BUYER), ("password", DEMO_PASSWORD)])
            .await;
        assert_eq!(refused.status, StatusCode::OK);
        assert!(
            texts(&refused.html(), ".notice-warn")
                .join(" ")
                .contains("locked")
        );
        let locked = audit_rows(&app, "user_locked", &buyer.org_id).await;
        assert_eq!(locked.len(), 1);
        assert_eq!(locked[0].actor_label, PLATFORM);

        // Locking yourself is refused and changes nothing.
        let me = users::by_email(&app.db, PLATFORM).await.unwrap().unwrap();
        admin.get("/admin/users").await;
        let r = admin
            .post(&format!("/admin/users/{}/lock", me.id), &[])
            .await;
        let page = follow(&mut admin, &r).await;
        assert!(
            texts(&page.html(), ".notice-warn")
                .join(" ")
                .contains("cannot lock your own account")
        );
        assert_eq!(
            users::by_email(&app.db, PLATFORM)
                .await
                .unwrap()
                .unwrap()
                .status,
            "active"
        );

        // Unlocking lets the user back in.
        let r = press(&mut admin, &list, &format!("user-{}", buyer.id), "unlock").await;
        follow(&mut admin, &r).await;
        b.login(BUYER, DEMO_PASSWORD).await;
        assert_eq!(b.get("/account").await.status, StatusCode::OK);
        assert_eq!(
            audit_rows(&app, "user_unlocked", &buyer.org_id).await.len(),
            1
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn audit_log_filters_and_an_org_admin_sees_only_their_organization() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // Arrange: sign-ins in two organizations, and a failed one.
        Client::new(&app).login(BUYER, DEMO_PASSWORD).await;
        Client::new(&app).login(SELLER_ADMIN, DEMO_PASSWORD).await;
        let mut nobody = Client::new(&app);
        nobody.get("/login").await;
        nobody
            .post(
                "/login",
                &[("email", BUYER), ("password", "wrong-password")],
            )
            .await;
        let mut admin = Client::new(&app);
        admin.login(PLATFORM, DEMO_PASSWORD).await;

        // By kind: only that kind, and the form keeps it.
        let doc = admin.get("/admin/audit?kind=login").await.html();
        let kinds = texts(&doc, "table.audit td.kind");
        assert!(
            kinds.len() >= 3 && kinds.iter().all(|k| k == "login"),
            "{kinds:?}"
        );
        assert_eq!(
            attrs(&doc, "select[name=kind] option[selected]", "value"),
            vec!["login"]
        );
        let actors = texts(&doc, "table.audit td.actor");
        assert!(actors.contains(&BUYER.into()) && actors.contains(&SELLER_ADMIN.into()));

        // By actor (email contains) and kind together.
        let doc = admin
            .get("/admin/audit?actor=BUYER%40hospital&kind=login_failed")
            .await
            .html();
        assert_eq!(texts(&doc, "table.audit td.actor"), vec![BUYER]);
        assert_eq!(
            attrs(&doc, "input[name=actor]", "value"),
            vec!["BUYER@hospital"]
        );

        // By date: today has rows, tomorrow has none.
        let now = app.clock.now_ms();
        let day = |ms: i64| {
            let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
            format!("{y:04}-{m:02}-{d:02}")
        };
        let today = day(now);
        let tomorrow = day(now + 86_400_000);
        let doc = admin
            .get(&format!(
                "/admin/audit?{}",
                enc(&[("from", &today), ("to", &today)])
            ))
            .await
            .html();
        assert!(!texts(&doc, "table.audit tbody tr").is_empty());
        let doc = admin
            .get(&format!("/admin/audit?{}", enc(&[("from", &tomorrow)])))
            .await
            .html();
        assert!(texts(&doc, "table.audit tbody tr").is_empty());

        // A bad date is reported beside its field and kept as typed.
        let r = admin.get("/admin/audit?from=2024-02-30&to=yesterday").await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert_eq!(texts(&doc, "#f-from-error").len(), 1);
        assert_eq!(texts(&doc, "#f-to-error").len(), 1);
        assert_eq!(attrs(&doc, "input[name=from]", "value"), vec!["2024-02-30"]);
        let r = admin
            .get(&format!(
                "/admin/audit?{}",
                enc(&[("from", &tomorrow), ("to", &today)])
            ))
            .await;
        assert!(
            texts(&r.html(), "#f-to-error")
                .join(" ")
                .contains("before the start date")
        );

        // By organization.
        let hospital = org_of(&app, BUYER).await;
        let seller = org_of(&app, SELLER_ADMIN).await;
        let doc = admin
            .get(&format!("/admin/audit?org={seller}"))
            .await
            .html();
        let actors = texts(&doc, "table.audit td.actor");
        assert!(actors.contains(&SELLER_ADMIN.into()) && !actors.contains(&BUYER.into()));

        // An org admin sees their organization's rows only, whatever `org`
        // says, and not the platform's log.
        let mut org_admin = Client::new(&app);
        org_admin.login(HOSPITAL_ADMIN, DEMO_PASSWORD).await;
        assert_eq!(
            org_admin.get("/admin/audit").await.status,
            StatusCode::FORBIDDEN
        );
        let home = org_admin.get("/").await.html();
        assert_eq!(
            attrs(&home, ".account a[href='/org/audit']", "href").len(),
            1
        );
        for uri in ["/org/audit".to_string(), format!("/org/audit?org={seller}")] {
            let r = org_admin.get(&uri).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}");
            let actors = texts(&r.html(), "table.audit td.actor");
            assert!(actors.contains(&BUYER.into()), "{uri}: {actors:?}");
            assert!(actors.contains(&HOSPITAL_ADMIN.into()), "{uri}: {actors:?}");
            assert!(
                !actors.iter().any(|a| a == SELLER_ADMIN || a == PLATFORM),
                "{uri}: another organization's rows: {actors:?}"
            );
        }
        let all = audit::list(&app.db, &Filter::default(), 1000)
            .await
            .unwrap();
        let ours = all
            .iter()
            .filter(|r| r.org_id.as_deref() == Some(hospital.as_str()))
            .count();
        let shown = texts(
            &org_admin.get("/org/audit").await.html(),
            "table.audit tbody tr",
        )
        .len();
        assert_eq!(shown, ours, "every row of the organization, no other");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn every_admin_route_refuses_every_other_role() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let routes: Vec<_> = partsportal::web::route_table()
            .into_iter()
            .filter(|r| r.path.starts_with("/admin"))
            .collect();
        assert!(routes.len() >= 10, "{routes:?}");
        let target = org_of(&app, BUYER).await;
        for email in [
            "org-admin@hospital.example.com",
            "buyer@hospital.example.com",
            "approver@hospital.example.com",
            "finance@hospital.example.com",
            "engineer@hospital.example.com",
            "org-admin@service-provider.example.com",
            "engineer@service-provider.example.com",
            "seller-admin@manufacturer.example.com",
            "seller-staff@manufacturer.example.com",
            "finance@manufacturer.example.com",
        ] {
            let mut c = Client::new(&app);
            c.login(email, DEMO_PASSWORD).await;
            c.get("/account").await;
            for r in &routes {
                let path = r.path.replace("{id}", &target);
                let status = if r.method == Method::GET {
                    c.get(&path).await.status
                } else {
                    c.post(&path, &[]).await.status
                };
                assert_eq!(status, StatusCode::FORBIDDEN, "{email} {} {path}", r.method);
            }
        }
        // Nothing was changed by the refused posts.
        assert_eq!(
            catalog::org(&app.db, &target)
                .await
                .unwrap()
                .unwrap()
                .status,
            "active"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn home_page_lists_the_demo_logins() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let doc = app.get("/").await.html();
        let emails = texts(&doc, ".demo-home .demo-logins td code");
        assert!(emails.contains(&PLATFORM.to_string()), "{emails:?}");
        assert!(emails.contains(&BUYER.to_string()));
        app.cleanup().await;
    }
}
