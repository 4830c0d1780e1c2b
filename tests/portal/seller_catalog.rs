//! The seller portal's catalog management: dashboard, parts list with
//! search, filters and bulk changes, the part form (add, edit, duplicate)
//! with the importer's validation, stock adjustments with history,
//! compatibility and supersessions, and who may reach any of it.

use std::time::Duration;

use axum::http::StatusCode;
use partsportal::db::{catalog, outbox, users};
use partsportal::demo::users::DEMO_PASSWORD;
use partsportal::on_db;

use crate::helpers::{Client, Resp, TestApp, attrs, engines, org_of, spawn_app, texts};

const SELLER_ADMIN: &str = "seller-admin@manufacturer.example.com";
const SELLER_STAFF: &str = "seller-staff@manufacturer.example.com";
const SELLER_FINANCE: &str = "finance@manufacturer.example.com";
const OTHER_SELLER: &str = "seller-admin@supplier.example.com";
const BUYER: &str = "buyer@hospital.example.com";
/// Generous: conditions hold in well under a second; this only bounds a hang.
const DEADLINE: Duration = Duration::from_secs(5);

async fn user_id(app: &TestApp, email: &str) -> String {
    users::by_email(&app.db, email).await.unwrap().unwrap().id
}

/// The seller's first `n` parts by id: (id, part number).
async fn parts_of(app: &TestApp, org: &str, n: i64) -> Vec<(String, String)> {
    on_db!(&app.db, |p| sqlx::query_as(
        "SELECT id, part_number FROM parts WHERE seller_id = $1 ORDER BY id LIMIT $2"
    )
    .bind(org)
    .bind(n)
    .fetch_all(p)
    .await)
    .unwrap()
}

async fn exec(app: &TestApp, sql: &'static str, binds: &[&str]) {
    on_db!(&app.db, |p| {
        let mut q = sqlx::query(sql);
        for b in binds {
            q = q.bind(*b);
        }
        q.execute(p).await.unwrap();
    })
}

async fn scalar_i64(app: &TestApp, sql: &'static str, binds: &[&str]) -> i64 {
    on_db!(&app.db, |p| {
        let mut q = sqlx::query_scalar(sql);
        for b in binds {
            q = q.bind(*b);
        }
        q.fetch_one(p).await.unwrap()
    })
}

async fn scalar_text(app: &TestApp, sql: &'static str, binds: &[&str]) -> String {
    on_db!(&app.db, |p| {
        let mut q = sqlx::query_scalar(sql);
        for b in binds {
            q = q.bind(*b);
        }
        q.fetch_one(p).await.unwrap()
    })
}

async fn logged_in<'a>(app: &'a TestApp, email: &str) -> Client<'a> {
    let mut c = Client::new(app);
    c.login(email, DEMO_PASSWORD).await;
    c
}

/// Waits until searches see every change committed so far: a marker change
/// queued after them (outbox rows apply in order) has become visible.
async fn index_caught_up(app: &TestApp) {
    let (id, price, stock): (String, i64, i64) = on_db!(&app.db, |p| sqlx::query_as(
        "SELECT p.id, p.price_minor, p.stock FROM parts p JOIN users u ON u.org_id = p.seller_id \
         WHERE u.email = $1 AND p.status = 'active' AND p.visibility = 'public' ORDER BY p.id DESC LIMIT 1"
    )
    .bind(OTHER_SELLER)
    .fetch_one(p)
    .await)
    .unwrap();
    assert!(
        catalog::update_price_stock(&app.db, &id, price, stock + 1)
            .await
            .unwrap()
    );
    app.wakeup.notify_one();
    let done = app
        .eventually(DEADLINE, || async {
            app.catalog
                .get(&id)
                .unwrap()
                .is_some_and(|d| d.stock == stock + 1)
        })
        .await;
    assert!(done, "the index did not catch up");
}

/// The location of a redirect, after checking it is one.
fn location(r: &Resp) -> String {
    let doc = r.html();
    let said = [".notice-warn", ".error-text"].map(|s| texts(&doc, s).join(" | "));
    assert_eq!(r.status, StatusCode::SEE_OTHER, "not a redirect: {said:?}");
    r.headers["location"].to_str().unwrap().to_string()
}

/// The text of the first element matching `selector`, white space as is
/// (a textarea's lines).
fn raw(doc: &scraper::Html, selector: &str) -> String {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .next()
        .map(|e| e.text().collect())
        .unwrap_or_default()
}

/// The figure on the dashboard card with this label.
fn stat(doc: &scraper::Html, label: &str) -> i64 {
    let labels = texts(doc, ".seller-stat .stat-label");
    let figures = texts(doc, ".seller-stat .stat-figure");
    let i = labels
        .iter()
        .position(|l| l == label)
        .unwrap_or_else(|| panic!("no card {label}: {labels:?}"));
    figures[i].replace(',', "").parse().unwrap()
}

/// A valid new part's form fields, with `extra` replacing or adding fields.
fn part_fields<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("part_number", "ZX-900/1"),
        ("name", "Gradient coil cable"),
        ("description", "Shielded cable"),
        ("manufacturer", "GE HealthCare"),
        ("category", "Imaging > MRI > Cables"),
        ("brand", ""),
        ("oem_part_number", ""),
        ("unit_price", "1,250.50"),
        ("currency", "INR"),
        ("gst_rate", "18"),
        ("stock", "7"),
        ("moq", "1"),
        ("lead_time", "5 days"),
        ("warranty_months", "12"),
        ("condition", "new"),
        ("weight", "0.4 kg"),
        ("hsn", "90189099"),
        ("low_stock_threshold", "2"),
        ("visibility", "public"),
        ("compatible_models", ""),
        ("supersedes", ""),
    ];
    for (k, v) in extra {
        match fields.iter_mut().find(|(n, _)| n == k) {
            Some(f) => f.1 = v,
            None => fields.push((k, v)),
        }
    }
    fields
}

/// Creates a part through the form; returns its id.
async fn create_part(c: &mut Client<'_>, extra: &[(&str, &str)]) -> String {
    c.get("/seller/parts/new").await;
    let r = c.post("/seller/parts/new", &part_fields(extra)).await;
    let to = location(&r);
    to.strip_prefix("/seller/parts/")
        .and_then(|s| s.strip_suffix("?done=created"))
        .unwrap_or_else(|| panic!("unexpected redirect {to}"))
        .to_string()
}

#[tokio::test]
async fn seller_dashboard_shows_figures_low_stock_last_import_and_state() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let parts = parts_of(&app, &org, 6).await;
        assert!(parts.len() == 6, "the demo seller has parts");
        // Arrange a known mix: one archived, one hidden, two out of stock,
        // one low (3 of threshold 5), one out with a threshold.
        exec(
            &app,
            "UPDATE parts SET low_stock_threshold = 0, stock = 50 WHERE seller_id = $1",
            &[&org],
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET status = 'archived' WHERE id = $1",
            &[&parts[0].0],
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET visibility = 'hidden' WHERE id = $1",
            &[&parts[1].0],
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET stock = 0 WHERE id = $1",
            &[&parts[2].0],
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET stock = 0, low_stock_threshold = 4 WHERE id = $1",
            &[&parts[3].0],
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET stock = 3, low_stock_threshold = 5 WHERE id = $1",
            &[&parts[4].0],
        )
        .await;
        let total = scalar_i64(
            &app,
            "SELECT COUNT(*) FROM parts WHERE seller_id = $1",
            &[&org],
        )
        .await;

        let mut c = logged_in(&app, SELLER_ADMIN).await;
        let r = c.get("/seller").await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert_eq!(stat(&doc, "Active parts"), total - 2, "{engine:?}");
        assert_eq!(stat(&doc, "Hidden"), 1);
        assert_eq!(stat(&doc, "Archived"), 1);
        assert_eq!(stat(&doc, "Out of stock"), 2);
        assert_eq!(stat(&doc, "Low stock"), 2);
        // The low-stock list: emptiest first, with stock and threshold.
        assert_eq!(texts(&doc, "table.low-stock tbody tr").len(), 2);
        let first = texts(&doc, "table.low-stock tbody tr:nth-child(1) td");
        assert_eq!(first[0], parts[3].1);
        assert_eq!(&first[2..4], ["0", "4"], "{first:?}");
        let second = texts(&doc, "table.low-stock tbody tr:nth-child(2) td");
        assert_eq!(second[0], parts[4].1);
        assert_eq!(&second[2..4], ["3", "5"], "{second:?}");
        assert!(
            attrs(&doc, "table.low-stock a", "href")
                .contains(&format!("/seller/parts/{}", parts[4].0))
        );
        // The chart's figures are in its text alternative.
        let chart = attrs(&doc, ".seller-donut svg", "aria-label").join("");
        assert!(
            chart.contains("Low stock: 1") && chart.contains("Out of stock: 2"),
            "{chart}"
        );
        // Live, and no import yet: the call to action.
        assert_eq!(texts(&doc, ".seller-live .badge"), vec!["Live"]);
        assert!(
            attrs(&doc, "#import-h ~ p a", "href").contains(&"/seller/imports/new".to_string())
        );

        // An import and a pending organization.
        let uid = user_id(&app, SELLER_ADMIN).await;
        exec(&app, "INSERT INTO files (id, org_id, purpose, original_name, content_type, size_bytes, sha256, stored_name, created_by, created_at) \
                    VALUES ('f-1', $1, 'import', 'pricelist.xlsx', 'application/zip', 10, 'x', 'stored-1', $2, 1000)", &[&org, &uid]).await;
        exec(&app, "INSERT INTO imports (id, seller_id, created_by, file_id, file_name, format, status, total_rows, new_count, updated_count, unchanged_count, invalid_count, created_at, finished_at) \
                    VALUES ('imp-1', $1, $2, 'f-1', 'pricelist.xlsx', 'xlsx', 'succeeded', 120, 17, 90, 10, 3, 1767225600000, 1767225660000)", &[&org, &uid]).await;
        exec(
            &app,
            "UPDATE organizations SET status = 'pending' WHERE id = $1",
            &[&org],
        )
        .await;
        let doc = c.get("/seller").await.html();
        assert_eq!(texts(&doc, ".import-file a"), vec!["pricelist.xlsx"]);
        assert!(
            attrs(&doc, ".import-file a", "href").contains(&"/seller/imports/imp-1".to_string())
        );
        assert_eq!(
            texts(&doc, ".import-counts dd"),
            vec!["17", "90", "10", "3"]
        );
        let state = texts(&doc, ".seller-state").join(" ");
        assert!(
            state.contains("Pending approval — your parts are not searchable yet"),
            "{state}"
        );
        assert!(texts(&doc, ".seller-live").is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_parts_list_searches_filters_sorts_and_pages() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let other = org_of(&app, OTHER_SELLER).await;
        let mut c = logged_in(&app, SELLER_ADMIN).await;
        let mine = parts_of(&app, &org, 3).await;
        let theirs = parts_of(&app, &other, 1).await;
        exec(&app, "UPDATE parts SET part_number = 'QQ-100%/7', part_number_norm = 'QQ1007', name = 'Xylo_fone alpha', stock = 0, category = 'Imaging > Ultrasound > Probes' WHERE id = $1", &[&mine[0].0]).await;
        exec(&app, "UPDATE parts SET name = 'Xylo fone beta', stock = 9, status = 'archived', category = 'Imaging > Ultrasound' WHERE id = $1", &[&mine[1].0]).await;

        let pns = |r: &Resp| texts(&r.html(), ".parts-table tbody td.pn");
        // Part number in another spelling, and by name.
        assert_eq!(
            pns(&c.get("/seller/parts?q=qq1007").await),
            vec!["QQ-100%/7"]
        );
        // By name: "xylo fone" sorts before "xylo_fone" (a space before an underscore).
        assert_eq!(
            pns(&c.get("/seller/parts?q=XYLO&sort=name").await),
            vec![mine[1].1.clone(), "QQ-100%/7".to_string()]
        );
        // Wildcards are literal: '_' matches only an underscore, '%' only a percent sign.
        assert_eq!(
            pns(&c.get("/seller/parts?q=xylo+fone").await),
            vec![mine[1].1.clone()]
        );
        assert_eq!(
            pns(&c.get("/seller/parts?q=xylo_fone").await),
            vec!["QQ-100%/7"]
        );
        assert_eq!(pns(&c.get("/seller/parts?q=_").await), vec!["QQ-100%/7"]);
        assert!(pns(&c.get("/seller/parts?q=%25%25%25").await).is_empty());
        // Another seller's part is not in this seller's list.
        let r = c
            .get(&format!(
                "/seller/parts?{}",
                serde_urlencoded::to_string([("q", &theirs[0].1)]).unwrap()
            ))
            .await;
        assert!(
            !pns(&r).contains(&theirs[0].1),
            "another seller's part listed"
        );
        // Filters: status, stock, category (with everything below it).
        assert_eq!(
            pns(&c.get("/seller/parts?status=archived").await),
            vec![mine[1].1.clone()]
        );
        let out = pns(&c.get("/seller/parts?stock=out&status=active").await);
        assert!(
            out.contains(&"QQ-100%/7".to_string()) && !out.contains(&mine[1].1),
            "{out:?}"
        );
        // A category selects itself and everything below it, nothing beside it.
        exec(
            &app,
            "UPDATE parts SET category = 'Imaging > Ultrasonics' WHERE id = $1",
            &[&mine[2].0],
        )
        .await;
        let expect = |sql: &'static str| {
            let (app, org) = (&app, &org);
            async move {
                let mut v: Vec<String> = on_db!(&app.db, |p| sqlx::query_scalar(sql)
                    .bind(org)
                    .fetch_all(p)
                    .await)
                .unwrap();
                v.sort();
                v
            }
        };
        let mut cat = pns(&c.get("/seller/parts?category=Imaging+%3E+Ultrasound").await);
        cat.sort();
        assert_eq!(cat, expect("SELECT part_number FROM parts WHERE seller_id = $1 AND (category = 'Imaging > Ultrasound' OR category LIKE 'Imaging > Ultrasound > %')").await);
        assert!(
            cat.contains(&"QQ-100%/7".to_string())
                && cat.contains(&mine[1].1)
                && !cat.contains(&mine[2].1),
            "{cat:?}"
        );
        let mut probes = pns(&c
            .get("/seller/parts?category=Imaging+%3E+Ultrasound+%3E+Probes")
            .await);
        probes.sort();
        assert_eq!(probes, expect("SELECT part_number FROM parts WHERE seller_id = $1 AND category = 'Imaging > Ultrasound > Probes'").await);
        assert!(!probes.contains(&mine[1].1));
        // A value the form does not offer is reported, not applied.
        let bad = c.get("/seller/parts?stock=plenty").await;
        assert_eq!(bad.status, StatusCode::OK);
        assert!(
            texts(&bad.html(), ".field-error .error-text")
                .join(" ")
                .contains("stock level")
        );
        assert_eq!(
            c.get("/seller/parts?page=0").await.status,
            StatusCode::BAD_REQUEST
        );
        // Pages of 50: every part exactly once, in the chosen order.
        let total = scalar_i64(
            &app,
            "SELECT COUNT(*) FROM parts WHERE seller_id = $1",
            &[&org],
        )
        .await;
        let mut seen = Vec::new();
        let mut page = 1;
        loop {
            let r = c
                .get(&format!("/seller/parts?sort=price_desc&page={page}"))
                .await;
            let rows = pns(&r);
            if rows.is_empty() {
                break;
            }
            seen.extend(rows);
            page += 1;
        }
        assert_eq!(seen.len() as i64, total);
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "no part on two pages");
        let (minor, currency): (i64, String) = on_db!(&app.db, |p| sqlx::query_as(
            "SELECT price_minor, currency FROM parts WHERE seller_id = $1 ORDER BY price_minor DESC, id LIMIT 1"
        )
        .bind(&org)
        .fetch_one(p)
        .await)
        .unwrap();
        let top = c.get("/seller/parts?sort=price_desc").await.html();
        let shown = texts(&top, ".parts-table tbody .price");
        assert_eq!(
            shown[0],
            partsportal::domain::money::format(minor, &currency)
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_bulk_archive_restore_hide_and_show() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let parts = parts_of(&app, &org, 3).await;
        let ids: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
        let mut c = logged_in(&app, SELLER_ADMIN).await;
        c.get("/seller/parts").await;
        let status_of = |id: String| {
            let app = &app;
            async move {
                scalar_text(
                    app,
                    "SELECT status || '/' || visibility FROM parts WHERE id = $1",
                    &[&id],
                )
                .await
            }
        };
        // Archive two.
        let head = outbox::head(&app.db).await.unwrap();
        let r = c
            .post(
                "/seller/parts/bulk",
                &[
                    ("action", "archive"),
                    ("part", ids[0]),
                    ("part", ids[1]),
                    ("status", "active"),
                ],
            )
            .await;
        let to = location(&r);
        assert!(
            to.starts_with("/seller/parts?status=active&done=archive&n=2"),
            "{to}"
        );
        let page = c.get(&to).await;
        assert_eq!(
            texts(&page.html(), ".notice[role=status]"),
            vec!["2 parts archived."]
        );
        assert_eq!(status_of(parts[0].0.clone()).await, "archived/public");
        assert_eq!(status_of(parts[1].0.clone()).await, "archived/public");
        assert_eq!(status_of(parts[2].0.clone()).await, "active/public");
        assert_eq!(
            outbox::head(&app.db).await.unwrap(),
            head + 2,
            "one outbox row per changed part"
        );
        let audit = scalar_text(
            &app,
            "SELECT summary FROM audit_log WHERE kind = 'parts_archived' AND org_id = $1",
            &[&org],
        )
        .await;
        assert!(
            audit.starts_with("archived 2 parts: ") && audit.contains(&parts[0].1),
            "{audit}"
        );
        // Archived parts leave search.
        index_caught_up(&app).await;
        assert!(
            app.catalog.get(ids[0]).unwrap().is_none(),
            "archived part still searchable"
        );

        // Archiving again changes nothing and says so.
        let r = c
            .post(
                "/seller/parts/bulk",
                &[("action", "archive"), ("part", ids[0]), ("part", ids[2])],
            )
            .await;
        let page = c.get(&location(&r)).await;
        assert_eq!(
            texts(&page.html(), ".notice[role=status]"),
            vec!["1 part archived; 1 part already was archived."]
        );
        // Restore all three; hide one; show it again.
        let r = c
            .post(
                "/seller/parts/bulk",
                &[
                    ("action", "unarchive"),
                    ("part", ids[0]),
                    ("part", ids[1]),
                    ("part", ids[2]),
                ],
            )
            .await;
        assert_eq!(
            texts(&c.get(&location(&r)).await.html(), ".notice[role=status]"),
            vec!["3 parts restored."]
        );
        let r = c
            .post(
                "/seller/parts/bulk",
                &[("action", "hide"), ("part", ids[1])],
            )
            .await;
        assert_eq!(
            texts(&c.get(&location(&r)).await.html(), ".notice[role=status]"),
            vec!["1 part hidden from buyers."]
        );
        assert_eq!(status_of(parts[1].0.clone()).await, "active/hidden");
        index_caught_up(&app).await;
        assert!(
            app.catalog.get(ids[1]).unwrap().is_none(),
            "hidden part still searchable"
        );
        assert!(
            app.catalog.get(ids[0]).unwrap().is_some(),
            "restored part searchable again"
        );
        let r = c
            .post(
                "/seller/parts/bulk",
                &[("action", "show"), ("part", ids[1])],
            )
            .await;
        location(&r);
        assert_eq!(status_of(parts[1].0.clone()).await, "active/public");
        index_caught_up(&app).await;
        assert!(app.catalog.get(ids[1]).unwrap().is_some());

        // Nothing ticked, or no action: refused with a message, nothing changed.
        let none = c.post("/seller/parts/bulk", &[("action", "archive")]).await;
        assert_eq!(none.status, StatusCode::OK);
        assert!(
            texts(&none.html(), ".notice-warn")
                .join(" ")
                .contains("tick the parts")
        );
        let what = c
            .post(
                "/seller/parts/bulk",
                &[("action", "explode"), ("part", ids[0])],
            )
            .await;
        assert!(
            texts(&what.html(), ".notice-warn")
                .join(" ")
                .contains("choose what to do")
        );
        assert_eq!(status_of(parts[0].0.clone()).await, "active/public");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_bulk_price_change_rounds_half_up_and_writes_price_history() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let parts = parts_of(&app, &org, 3).await;
        exec(
            &app,
            "UPDATE parts SET price_minor = 1010, currency = 'INR' WHERE id = $1",
            &[&parts[0].0],
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET price_minor = 1005, currency = 'USD' WHERE id = $1",
            &[&parts[1].0],
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET price_minor = 995 WHERE id = $1",
            &[&parts[2].0],
        )
        .await;
        let price = |id: String| {
            let app = &app;
            async move { scalar_i64(app, "SELECT price_minor FROM parts WHERE id = $1", &[&id]).await }
        };
        let mut c = logged_in(&app, SELLER_ADMIN).await;
        c.get("/seller/parts").await;
        let r = c
            .post(
                "/seller/parts/bulk",
                &[
                    ("action", "price"),
                    ("percent", "+5"),
                    ("part", &parts[0].0),
                    ("part", &parts[1].0),
                ],
            )
            .await;
        let page = c.get(&location(&r)).await;
        assert_eq!(
            texts(&page.html(), ".notice[role=status]"),
            vec!["2 parts repriced by +5%."]
        );
        // 1010 × 1.05 = 1060.5 → 1061 (half up); 1005 × 1.05 = 1055.25 → 1055.
        assert_eq!(price(parts[0].0.clone()).await, 1061);
        assert_eq!(price(parts[1].0.clone()).await, 1055);
        let history: Vec<(Option<i64>, i64, String, String, String)> = on_db!(&app.db, |p| sqlx::query_as(
            "SELECT old_minor, new_minor, currency, source, changed_by FROM price_history WHERE part_id IN ($1, $2) ORDER BY new_minor"
        )
        .bind(&parts[0].0)
        .bind(&parts[1].0)
        .fetch_all(p)
        .await)
        .unwrap();
        let uid = user_id(&app, SELLER_ADMIN).await;
        assert_eq!(
            history,
            vec![
                (Some(1005), 1055, "USD".into(), "bulk".into(), uid.clone()),
                (Some(1010), 1061, "INR".into(), "bulk".into(), uid.clone()),
            ]
        );
        // -10%: 995 → 895.5 → 896.
        let r = c
            .post(
                "/seller/parts/bulk",
                &[
                    ("action", "price"),
                    ("percent", "-10 %"),
                    ("part", &parts[2].0),
                ],
            )
            .await;
        location(&r);
        assert_eq!(price(parts[2].0.clone()).await, 896);
        // Below zero, not a number, zero: refused, nothing changed, typed value kept.
        for (pct, says) in [
            ("-150", "from -100 to +1000"),
            ("lots", "expected a percentage such as +5"),
            ("0", "0% changes nothing"),
        ] {
            let r = c
                .post(
                    "/seller/parts/bulk",
                    &[("action", "price"), ("percent", pct), ("part", &parts[0].0)],
                )
                .await;
            assert_eq!(r.status, StatusCode::OK);
            let doc = r.html();
            let banner = texts(&doc, ".notice-warn").join(" ");
            assert!(
                banner.contains(says) && banner.starts_with("Nothing changed"),
                "{pct}: {banner}"
            );
            assert_eq!(attrs(&doc, "#f-percent", "value"), vec![pct.to_string()]);
            assert_eq!(
                attrs(&doc, &format!("#sel-{}", parts[0].0), "checked").len(),
                1,
                "ticks kept"
            );
        }
        assert_eq!(price(parts[0].0.clone()).await, 1061);
        // The part's page shows the history.
        let doc = c.get(&format!("/seller/parts/{}", parts[0].0)).await.html();
        let rows = texts(&doc, "table.price-history tbody tr");
        assert!(
            rows[0].contains("₹10.10")
                && rows[0].contains("₹10.61")
                && rows[0].contains("Bulk change"),
            "{rows:?}"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_create_shows_errors_beside_fields_and_keeps_what_was_typed() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let mut c = logged_in(&app, SELLER_ADMIN).await;
        let form = c.get("/seller/parts/new").await;
        assert_eq!(form.status, StatusCode::OK);
        let doc = form.html();
        assert_eq!(
            attrs(&doc, "#f-currency option[selected]", "value"),
            vec!["INR"]
        );
        assert_eq!(texts(&doc, "label[for=f-unit_price]").len(), 1);
        assert_eq!(
            attrs(&doc, "textarea[data-model-picker]", "name"),
            vec!["compatible_models"]
        );
        assert!(
            attrs(&doc, "script[src]", "src")
                .iter()
                .any(|s| s.starts_with("/assets/model-picker."))
        );

        let r = c
            .post(
                "/seller/parts/new",
                &part_fields(&[
                    ("name", ""),
                    ("unit_price", "12,34.5x"),
                    ("gst_rate", "7"),
                    ("lead_time", "soon"),
                    ("compatible_models", "Signa Explorr"),
                    ("low_stock_threshold", "-3"),
                ]),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        let err =
            |name: &str| texts(&doc, &format!(".field-error #f-{name} ~ .error-text")).join(" ");
        assert!(
            err("unit_price").starts_with("Expected a price such as 1,234.50"),
            "{}",
            err("unit_price")
        );
        assert!(
            err("gst_rate").contains("0, 5, 12, 18 or 28"),
            "{}",
            err("gst_rate")
        );
        assert!(
            err("lead_time").contains("expected a duration")
                || err("lead_time").contains("Expected a duration"),
            "{}",
            err("lead_time")
        );
        assert!(err("name").contains("part's name"), "{}", err("name"));
        assert!(err("low_stock_threshold").contains("0 or more"));
        let models = texts(&doc, ".field-error #f-compatible_models ~ .error-text").join(" ");
        assert!(
            models.contains("“Signa Explorr” is not a known equipment model")
                && models.contains("GE HealthCare Signa Explorer"),
            "{models}"
        );
        // What was typed is kept, and valid fields are not marked.
        assert_eq!(attrs(&doc, "#f-unit_price", "value"), vec!["12,34.5x"]);
        assert_eq!(attrs(&doc, "#f-part_number", "value"), vec!["ZX-900/1"]);
        assert_eq!(texts(&doc, "#f-compatible_models"), vec!["Signa Explorr"]);
        assert_eq!(attrs(&doc, "#f-unit_price", "aria-invalid"), vec!["true"]);
        assert!(attrs(&doc, "#f-part_number", "aria-invalid").is_empty());
        assert!(
            texts(&doc, ".notice-warn")
                .join(" ")
                .contains("Nothing was saved")
        );
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT COUNT(*) FROM parts WHERE part_number_norm = 'ZX9001'",
                &[]
            )
            .await,
            0
        );

        // Fixed: saved with its price and stock history.
        let id = create_part(
            &mut c,
            &[("compatible_models", "GE HealthCare Signa Explorer")],
        )
        .await;
        let row: (String, String, i64, String, i64, i32, i64, i64, String) = on_db!(&app.db, |p| sqlx::query_as(
            "SELECT seller_id, part_number_norm, price_minor, currency, stock, lead_time_days, weight_grams, low_stock_threshold, category FROM parts WHERE id = $1"
        )
        .bind(&id)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(
            row,
            (
                org.clone(),
                "ZX9001".into(),
                125_050,
                "INR".into(),
                7,
                5,
                400,
                2,
                "Imaging > MRI > Cables".into()
            )
        );
        let src = scalar_text(
            &app,
            "SELECT source || ':' || new_minor FROM price_history WHERE part_id = $1",
            &[&id],
        )
        .await;
        assert_eq!(src, "create:125050");
        let src = scalar_text(
            &app,
            "SELECT source || ':' || new_stock FROM stock_history WHERE part_id = $1",
            &[&id],
        )
        .await;
        assert_eq!(src, "create:7");
        let page = c.get(&format!("/seller/parts/{id}?done=created")).await;
        assert_eq!(
            texts(&page.html(), ".notice[role=status]"),
            vec!["Part added."]
        );
        assert_eq!(texts(&page.html(), "h1"), vec!["Gradient coil cable"]);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_sets_an_order_multiple_that_buyers_and_search_see() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut c = logged_in(&app, SELLER_ADMIN).await;
        let doc = c.get("/seller/parts/new").await.html();
        assert_eq!(attrs(&doc, "#f-order_multiple", "value"), vec!["1"]);

        // Each problem next to its field, with what was typed kept.
        for (moq, multiple, field, expected) in [
            (
                "1",
                "0",
                "order_multiple",
                "Expected an order multiple (pack size) of 1 or more.",
            ),
            (
                "1000",
                "1000",
                "order_multiple",
                "Expected an order multiple (pack size) of at most 999, the most units one order line holds.",
            ),
            (
                "12",
                "5",
                "moq",
                "Minimum order 12 is not a multiple of the pack size 5; expected a whole number of packs, such as 10 or 15.",
            ),
        ] {
            let r = c
                .post(
                    "/seller/parts/new",
                    &part_fields(&[("moq", moq), ("order_multiple", multiple)]),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{moq}/{multiple}");
            let doc = r.html();
            assert_eq!(
                texts(&doc, &format!(".field-error #f-{field} ~ .error-text")),
                vec![expected],
                "{moq}/{multiple}"
            );
            assert_eq!(attrs(&doc, "#f-order_multiple", "value"), vec![multiple]);
            assert_eq!(attrs(&doc, "#f-moq", "value"), vec![moq]);
        }
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT COUNT(*) FROM parts WHERE part_number_norm = 'ZX9001'",
                &[]
            )
            .await,
            0
        );

        let id = create_part(&mut c, &[("moq", "20"), ("order_multiple", "10")]).await;
        let stored = scalar_text(
            &app,
            "SELECT moq || '/' || order_multiple FROM parts WHERE id = $1",
            &[&id],
        )
        .await;
        assert_eq!(stored, "20/10");
        let page = c.get(&format!("/seller/parts/{id}")).await.html();
        assert!(
            texts(&page, ".seller-stat .stat-note")
                .iter()
                .any(|t| t == "units, sold in multiples of 10"),
            "{:?}",
            texts(&page, ".seller-stat .stat-note")
        );
        let form = c.get(&format!("/seller/parts/{id}/edit")).await.html();
        assert_eq!(attrs(&form, "#f-order_multiple", "value"), vec!["10"]);
        assert_eq!(attrs(&form, "#f-moq", "value"), vec!["20"]);

        // Buyers see it on the page, in the API and on search results.
        let page = app.get(&format!("/parts/{id}")).await.html();
        assert_eq!(
            texts(&page, ".buy-box dd.order-multiple"),
            vec!["multiples of 10"]
        );
        let p = app.get(&format!("/api/v1/parts/{id}")).await.json();
        assert_eq!(
            (p["moq"].as_i64(), p["order_multiple"].as_i64()),
            (Some(20), Some(10))
        );
        app.wakeup.notify_one();
        let seen = app
            .eventually(DEADLINE, || async {
                let j = app.get("/api/v1/search?q=ZX-900/1").await.json();
                j["hits"][0]["part"]["id"].as_str() == Some(id.as_str())
                    && j["hits"][0]["part"]["order_multiple"].as_i64() == Some(10)
            })
            .await;
        assert!(seen, "{engine:?}: the order multiple did not reach search");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_duplicate_part_number_is_refused_and_duplicate_prefills() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let mut c = logged_in(&app, SELLER_ADMIN).await;
        let id = create_part(
            &mut c,
            &[("compatible_models", "GE HealthCare Signa Explorer")],
        )
        .await;
        // The same number in another spelling.
        let r = c
            .post(
                "/seller/parts/new",
                &part_fields(&[("part_number", "zx 9001"), ("name", "Other")]),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        let err = texts(&doc, ".field-error #f-part_number ~ .error-text").join(" ");
        assert!(
            err.contains("You already list this part number as ZX-900/1"),
            "{err}"
        );
        assert_eq!(
            attrs(&doc, "#f-part_number-error a", "href"),
            vec![format!("/seller/parts/{id}/edit")]
        );
        assert_eq!(attrs(&doc, "#f-name", "value"), vec!["Other"]);
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT COUNT(*) FROM parts WHERE seller_id = $1 AND part_number_norm = 'ZX9001'",
                &[&org]
            )
            .await,
            1
        );
        // Another seller may list the same number.
        let mut other = logged_in(&app, OTHER_SELLER).await;
        create_part(&mut other, &[]).await;

        // Duplicate: everything but the part number (and stock), models kept.
        let doc = c.get(&format!("/seller/parts/{id}/duplicate")).await.html();
        assert_eq!(
            attrs(&doc, "form.part-form", "action"),
            vec!["/seller/parts/new"]
        );
        assert_eq!(attrs(&doc, "#f-part_number", "value"), vec![""]);
        assert_eq!(attrs(&doc, "#f-name", "value"), vec!["Gradient coil cable"]);
        assert_eq!(attrs(&doc, "#f-unit_price", "value"), vec!["1250.50"]);
        assert_eq!(
            texts(&doc, "#f-compatible_models"),
            vec!["GE HealthCare Signa Explorer"]
        );
        // Editing keeps its own number without a clash.
        let r = c
            .post(
                &format!("/seller/parts/{id}/edit"),
                &part_fields(&[("part_number", "ZX-900/1")]),
            )
            .await;
        assert_eq!(location(&r), format!("/seller/parts/{id}?done=saved"));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_edit_becomes_searchable_and_records_the_price_change() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let (id, _) = parts_of(&app, &org, 1).await.remove(0);
        let mut c = logged_in(&app, SELLER_ADMIN).await;
        let form = c.get(&format!("/seller/parts/{id}/edit")).await;
        assert_eq!(form.status, StatusCode::OK);
        let doc = form.html();
        assert!(
            attrs(&doc, "#f-stock", "name").is_empty(),
            "stock is not edited here"
        );
        // Post the form as shown, with a new name and price.
        let names = attrs(
            &doc,
            "form.part-form input[name], form.part-form select[name]",
            "name",
        );
        let mut fields: Vec<(String, String)> = Vec::new();
        for n in &names {
            if n == "_csrf" {
                continue;
            }
            let v = attrs(&doc, &format!("input[name={n}]"), "value")
                .into_iter()
                .next()
                .or_else(|| {
                    attrs(&doc, &format!("select[name={n}] option[selected]"), "value")
                        .into_iter()
                        .next()
                })
                .unwrap_or_default();
            fields.push((n.clone(), v));
        }
        for t in ["description", "compatible_models", "supersedes"] {
            fields.push((t.into(), raw(&doc, &format!("textarea[name={t}]"))));
        }
        assert!(
            !raw(&doc, "textarea[name=compatible_models]").is_empty(),
            "the demo part fits models"
        );
        let old_price =
            scalar_i64(&app, "SELECT price_minor FROM parts WHERE id = $1", &[&id]).await;
        for (k, v) in fields.iter_mut() {
            match k.as_str() {
                "name" => *v = "Zyxwvut mounting bracket".into(),
                "unit_price" => *v = "4321.00".into(),
                _ => {}
            }
        }
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = c.post(&format!("/seller/parts/{id}/edit"), &borrowed).await;
        assert_eq!(location(&r), format!("/seller/parts/{id}?done=saved"));
        app.wakeup.notify_one();
        let seen = app
            .eventually(DEADLINE, || async {
                let j = app.get("/api/v1/search?q=zyxwvut").await.json();
                j["hits"][0]["part"]["id"].as_str() == Some(id.as_str())
                    && j["hits"][0]["part"]["price_minor"].as_i64() == Some(432_100)
            })
            .await;
        assert!(seen, "{engine:?}: the edit did not reach search");
        let h = scalar_text(&app, "SELECT source || ':' || old_minor || ':' || new_minor FROM price_history WHERE part_id = $1", &[&id]).await;
        assert_eq!(h, format!("edit:{old_price}:432100"));
        let audit = scalar_text(
            &app,
            "SELECT summary FROM audit_log WHERE kind = 'part_updated' AND org_id = $1",
            &[&org],
        )
        .await;
        assert!(audit.contains("4,321.00"), "{audit}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_stock_adjustments_keep_history_and_never_go_below_zero() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let (id, pn) = parts_of(&app, &org, 1).await.remove(0);
        exec(&app, "UPDATE parts SET stock = 5 WHERE id = $1", &[&id]).await;
        let stock =
            || async { scalar_i64(&app, "SELECT stock FROM parts WHERE id = $1", &[&id]).await };
        let mut c = logged_in(&app, SELLER_STAFF).await;
        let url = format!("/seller/parts/{id}/stock");
        let page = c.get(&url).await;
        assert_eq!(texts(&page.html(), ".stock-now strong"), vec!["5"]);

        let r = c
            .post(
                &url,
                &[
                    ("mode", "add"),
                    ("quantity", "3"),
                    ("reason", "received"),
                    ("note", "PO 4471"),
                ],
            )
            .await;
        assert_eq!(
            location(&r),
            format!("/seller/parts/{id}?done=stock&from=5&to=8")
        );
        assert_eq!(stock().await, 8);
        // Below zero: refused beside the quantity, nothing written.
        let r = c
            .post(
                &url,
                &[
                    ("mode", "subtract"),
                    ("quantity", "10"),
                    ("reason", "damaged"),
                    ("note", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let err = texts(&r.html(), ".field-error #f-quantity ~ .error-text").join(" ");
        assert!(err.contains("Only 8 in stock"), "{err}");
        assert_eq!(attrs(&r.html(), "#f-quantity", "value"), vec!["10"]);
        assert_eq!(stock().await, 8);
        // "Other" needs a note; a bad quantity names what is expected.
        let r = c
            .post(
                &url,
                &[
                    ("mode", "set"),
                    ("quantity", "two"),
                    ("reason", "other"),
                    ("note", " "),
                ],
            )
            .await;
        let doc = r.html();
        assert!(
            texts(&doc, ".field-error #f-note ~ .error-text")
                .join(" ")
                .contains("note is required")
        );
        assert!(
            texts(&doc, ".field-error #f-quantity ~ .error-text")
                .join(" ")
                .contains("Expected a whole number")
        );
        // Set after a count; subtract to exactly zero.
        location(
            &c.post(
                &url,
                &[
                    ("mode", "set"),
                    ("quantity", "2"),
                    ("reason", "counted"),
                    ("note", ""),
                ],
            )
            .await,
        );
        location(
            &c.post(
                &url,
                &[
                    ("mode", "subtract"),
                    ("quantity", "2"),
                    ("reason", "other"),
                    ("note", "sent for repair"),
                ],
            )
            .await,
        );
        assert_eq!(stock().await, 0);
        let rows: Vec<(Option<i64>, i64, String, String)> = on_db!(&app.db, |p| sqlx::query_as(
            "SELECT old_stock, new_stock, reason, source FROM stock_history WHERE part_id = $1 ORDER BY changed_at, new_stock DESC"
        )
        .bind(&id)
        .fetch_all(p)
        .await)
        .unwrap();
        assert_eq!(
            rows,
            vec![
                (Some(5), 8, "received: PO 4471".into(), "adjustment".into()),
                (Some(8), 2, "counted".into(), "adjustment".into()),
                (
                    Some(2),
                    0,
                    "other: sent for repair".into(),
                    "adjustment".into()
                ),
            ]
        );
        // The part's page shows who, from, to and why, newest first.
        let doc = c.get(&format!("/seller/parts/{id}")).await.html();
        let hist = texts(&doc, "table.stock-history tbody tr");
        assert_eq!(hist.len(), 3, "{hist:?}");
        assert!(
            hist[0].contains("Demo Seller staff") && hist[0].contains("sent for repair"),
            "{}",
            hist[0]
        );
        assert!(
            hist[2].contains("Goods received — PO 4471") && hist[2].contains("+3"),
            "{}",
            hist[2]
        );
        let audit = scalar_text(&app, "SELECT summary FROM audit_log WHERE kind = 'stock_adjusted' AND org_id = $1 ORDER BY at LIMIT 1", &[&org]).await;
        assert_eq!(
            audit,
            format!("changed the stock of {pn} from 5 to 8 (received: PO 4471)")
        );
        // The index has the new stock.
        index_caught_up(&app).await;
        assert_eq!(app.catalog.get(&id).unwrap().unwrap().stock, 0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_compatibility_and_supersessions_show_on_the_public_part_page() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let models = catalog::all_models(&app.db).await.unwrap();
        let (a, b) = (models[0].label(), models[1].label());
        let mut c = logged_in(&app, SELLER_ADMIN).await;
        // The picker's endpoint finds models by words of their label.
        let j = c
            .get(&format!(
                "/seller/models/suggest?{}",
                serde_urlencoded::to_string([("q", &models[0].name)]).unwrap()
            ))
            .await
            .json();
        assert!(
            j["models"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["label"] == a.as_str()),
            "{j}"
        );
        // One label as listed, one by the model's name in lower case.
        let typed = format!("{a}\n{}", b.to_lowercase());
        let id = create_part(
            &mut c,
            &[
                ("compatible_models", &typed),
                ("supersedes", "OLD-77/1\nold 78"),
            ],
        )
        .await;
        let page = app.get(&format!("/parts/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let doc = page.html();
        let listed = texts(&doc, ".model-list a");
        assert!(listed.contains(&a) && listed.contains(&b), "{listed:?}");
        assert_eq!(texts(&doc, ".replaces code"), vec!["OLD-77/1", "old 78"]);
        // The old number finds the part in search.
        index_caught_up(&app).await;
        let j = app.get("/api/v1/search?q=OLD-77%2F1").await.json();
        assert_eq!(
            j["hits"][0]["part"]["id"].as_str(),
            Some(id.as_str()),
            "{j}"
        );
        // Editing replaces both sets.
        let r = c
            .post(
                &format!("/seller/parts/{id}/edit"),
                &part_fields(&[("compatible_models", &b), ("supersedes", "")]),
            )
            .await;
        location(&r);
        let doc = app.get(&format!("/parts/{id}")).await.html();
        assert_eq!(texts(&doc, ".model-list a"), vec![b.clone()]);
        assert!(texts(&doc, ".replaces code").is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_cannot_reach_another_sellers_parts() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let (id, pn) = parts_of(&app, &org, 1).await.remove(0);
        let before = scalar_text(&app, "SELECT status || visibility || price_minor || ':' || stock || name FROM parts WHERE id = $1", &[&id]).await;
        let mut other = logged_in(&app, OTHER_SELLER).await;
        let own = parts_of(&app, &org_of(&app, OTHER_SELLER).await, 1)
            .await
            .remove(0);
        for path in ["", "/edit", "/duplicate", "/stock"] {
            let r = other.get(&format!("/seller/parts/{id}{path}")).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "GET {path}");
            assert!(!r.body.contains(&pn), "{path} shows the part number");
        }
        other.get("/seller/parts").await;
        let r = other
            .post(&format!("/seller/parts/{id}/edit"), &part_fields(&[]))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = other
            .post(
                &format!("/seller/parts/{id}/stock"),
                &[("mode", "set"), ("quantity", "0"), ("reason", "counted")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // A bulk change naming a foreign part changes nothing, not even its own part.
        for action in ["archive", "hide", "price"] {
            let r = other
                .post(
                    "/seller/parts/bulk",
                    &[
                        ("action", action),
                        ("percent", "+50"),
                        ("part", &own.0),
                        ("part", &id),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{action}");
        }
        let after = scalar_text(&app, "SELECT status || visibility || price_minor || ':' || stock || name FROM parts WHERE id = $1", &[&id]).await;
        assert_eq!(before, after);
        assert_eq!(
            scalar_text(
                &app,
                "SELECT status || visibility FROM parts WHERE id = $1",
                &[&own.0]
            )
            .await,
            "activepublic"
        );
        // Nor does its list show it.
        let r = other
            .get(&format!(
                "/seller/parts?{}",
                serde_urlencoded::to_string([("q", &pn)]).unwrap()
            ))
            .await;
        assert!(!texts(&r.html(), ".parts-table td.pn").contains(&pn));
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_admin_and_staff_manage_the_catalog_others_may_not() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        let (id, _) = parts_of(&app, &org, 1).await.remove(0);
        let pages = [
            "/seller".to_string(),
            "/seller/parts".into(),
            "/seller/parts/new".into(),
            format!("/seller/parts/{id}"),
            format!("/seller/parts/{id}/edit"),
            format!("/seller/parts/{id}/duplicate"),
            format!("/seller/parts/{id}/stock"),
            "/seller/models/suggest?q=signa".into(),
        ];
        for (email, pn) in [(SELLER_ADMIN, "ST-ADMIN"), (SELLER_STAFF, "ST-STAFF")] {
            let mut c = logged_in(&app, email).await;
            for p in &pages {
                assert_eq!(c.get(p).await.status, StatusCode::OK, "{email} {p}");
            }
            create_part(&mut c, &[("part_number", pn)]).await;
        }
        for email in [BUYER, SELLER_FINANCE] {
            let mut c = logged_in(&app, email).await;
            for p in &pages {
                assert_eq!(c.get(p).await.status, StatusCode::FORBIDDEN, "{email} {p}");
            }
            c.get("/account").await;
            let r = c
                .post(
                    "/seller/parts/new",
                    &part_fields(&[("part_number", "NOPE-1")]),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
            let r = c
                .post(
                    "/seller/parts/bulk",
                    &[("action", "archive"), ("part", &id)],
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
        }
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT COUNT(*) FROM parts WHERE part_number_norm = 'NOPE1'",
                &[]
            )
            .await,
            0
        );
        assert_eq!(
            scalar_text(&app, "SELECT status FROM parts WHERE id = $1", &[&id]).await,
            "active"
        );
        let anon = app.get("/seller/parts").await;
        assert_eq!(anon.status, StatusCode::SEE_OTHER);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn seller_pending_builds_a_catalog_that_is_not_searchable_until_approved() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let org = org_of(&app, SELLER_ADMIN).await;
        exec(
            &app,
            "UPDATE organizations SET status = 'pending' WHERE id = $1",
            &[&org],
        )
        .await;
        let mut c = logged_in(&app, SELLER_ADMIN).await;
        let id = create_part(
            &mut c,
            &[("part_number", "PEND-4242"), ("name", "Qwertyuiop filter")],
        )
        .await;
        let doc = c.get(&format!("/seller/parts/{id}")).await.html();
        assert!(
            texts(&doc, ".notice-warn")
                .join(" ")
                .contains("Not searchable until your organization is approved")
        );
        index_caught_up(&app).await;
        assert!(
            app.catalog.get(&id).unwrap().is_none(),
            "a pending seller's part is searchable"
        );
        let j = app.get("/api/v1/search?q=qwertyuiop").await.json();
        assert_eq!(j["total"].as_u64(), Some(0), "{j}");
        assert_eq!(
            app.get(&format!("/parts/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        app.cleanup().await;
    }
}
