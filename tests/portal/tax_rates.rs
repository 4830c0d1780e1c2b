//! The tax rate table at /admin/tax-rates: a platform administrator adds,
//! changes and deletes rates, each change audited; bad input is refused
//! next to its field with what was typed kept; nobody else reaches it; the
//! database refuses rows the table could not hold; and a change applies to
//! the next checkout review.

use axum::http::StatusCode;
use partsportal::db::audit::{self, Filter};
use partsportal::db::tax_rates;
use partsportal::domain::tax::TaxTable;
use partsportal::on_db;

use crate::cart::parts_from_sellers;
use crate::helpers::{Client, Resp, TestApp, attrs, engines, signed_in, spawn_app, texts};

const PLATFORM: &str = "platform-admin@platform.example.com";
const BUYER: &str = "buyer@hospital.example.com";
const PAGE: &str = "/admin/tax-rates";

fn location(r: &Resp) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.headers["location"].to_str().unwrap().to_owned()
}

/// Posts a form and follows its redirect back to the table.
async fn done(c: &mut Client<'_>, uri: &str, fields: &[(&str, &str)]) -> scraper::Html {
    let r = c.post(uri, fields).await;
    let to = location(&r);
    assert!(to.starts_with(PAGE), "{to}");
    c.get(&to).await.html()
}

/// The rendered cells of the row `#rate-<place>`: (region, tax, rate).
fn row(doc: &scraper::Html, anchor: &str) -> Option<(String, String, String)> {
    let cell = |c: &str| texts(doc, &format!("#{anchor} td.{c}")).into_iter().next();
    Some((cell("region")?, cell("kind")?, cell("rate")?))
}

/// Audit rows of `kind`, newest first.
async fn audited(app: &TestApp, kind: &str) -> Vec<audit::Row> {
    let f = Filter {
        kind: Some(kind.into()),
        ..Filter::default()
    };
    audit::list(&app.db, &f, 100).await.unwrap()
}

async fn audited_changes(app: &TestApp) -> usize {
    let mut n = 0;
    for kind in ["tax_rate_added", "tax_rate_changed", "tax_rate_deleted"] {
        n += audited(app, kind).await.len();
    }
    n
}

#[tokio::test]
async fn the_starter_rows_are_stored_and_listed_by_country() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // The migration's rows are the code's starter table.
        assert_eq!(
            tax_rates::table(&app.db).await.unwrap(),
            TaxTable::default(),
            "{engine:?}"
        );
        let mut c = signed_in(&app, PLATFORM).await;
        let r = c.get(PAGE).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert_eq!(
            texts(&doc, "nav.admin-nav a[aria-current=page]"),
            vec!["Tax rates"]
        );
        assert_eq!(
            texts(&doc, "table.tax-rates tbody th.country"),
            vec![
                "DE Germany",
                "ES Spain",
                "FR France",
                "IE Ireland",
                "IT Italy",
                "NL Netherlands",
                "US United States"
            ]
        );
        assert_eq!(
            texts(&doc, "#country-US td.region"),
            vec!["CA", "NY", "OR", "TX"]
        );
        assert_eq!(
            row(&doc, "rate-US-CA"),
            Some(("CA".into(), "Sales tax".into(), "7.25%".into()))
        );
        assert_eq!(
            row(&doc, "rate-DE"),
            Some(("Whole country".into(), "VAT".into(), "19%".into()))
        );
        assert_eq!(texts(&doc, "#rate-US-OR td.rate"), vec!["0%"]);
        assert_eq!(texts(&doc, "#rate-DE td.when"), vec!["Starter rate"]);
        // The page says how checkout uses the table.
        let help = texts(&doc, ".tax-rates-help li").join(" ");
        for said in [
            "first the row for its region",
            "then the country-wide row",
            "no rate configured for",
            "Indian GST is not configured here",
        ] {
            assert!(help.contains(said), "{said}: {help}");
        }
        assert!(texts(&doc, ".table-problem").is_empty());
        // The admin home links to it.
        let home = c.get("/admin").await.html();
        assert_eq!(
            attrs(&home, "nav.admin-nav a[href='/admin/tax-rates']", "href").len(),
            1
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_admin_adds_changes_and_deletes_a_rate_and_each_change_is_audited() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut c = signed_in(&app, PLATFORM).await;
        c.get(PAGE).await;

        // Add: codes are taken in any case and stored uppercase.
        let doc = done(
            &mut c,
            PAGE,
            &[
                ("country", "us"),
                ("region", " wa "),
                ("kind", "sales_tax"),
                ("rate", "6.5"),
            ],
        )
        .await;
        assert_eq!(
            texts(&doc, ".notice[role=status]"),
            vec!["Added US/WA: Sales tax 6.5%. It applies from the next checkout."]
        );
        assert_eq!(
            row(&doc, "rate-US-WA"),
            Some(("WA".into(), "Sales tax".into(), "6.5%".into()))
        );
        let when = texts(&doc, "#rate-US-WA td.when span.by");
        assert_eq!(when, vec![PLATFORM], "last changed by");
        assert_eq!(attrs(&doc, "#rate-US-WA-rate", "value"), vec!["6.5"]);

        // Change the rate and the kind.
        let doc = done(
            &mut c,
            "/admin/tax-rates/edit",
            &[
                ("country", "US"),
                ("region", "WA"),
                ("kind", "vat"),
                ("rate", "6.75"),
            ],
        )
        .await;
        assert_eq!(
            row(&doc, "rate-US-WA"),
            Some(("WA".into(), "VAT".into(), "6.75%".into()))
        );
        assert_eq!(
            texts(&doc, ".notice[role=status]"),
            vec!["US/WA is now VAT 6.75%. It applies from the next checkout."]
        );
        // A starter row changed shows who changed it.
        let doc = done(
            &mut c,
            "/admin/tax-rates/edit",
            &[
                ("country", "DE"),
                ("region", ""),
                ("kind", "vat"),
                ("rate", "19.5"),
            ],
        )
        .await;
        assert_eq!(texts(&doc, "#rate-DE td.rate"), vec!["19.5%"]);
        assert_eq!(texts(&doc, "#rate-DE td.when span.by"), vec![PLATFORM]);
        // Saving what is there already writes nothing.
        let doc = done(
            &mut c,
            "/admin/tax-rates/edit",
            &[
                ("country", "DE"),
                ("region", ""),
                ("kind", "vat"),
                ("rate", "19.50"),
            ],
        )
        .await;
        assert_eq!(
            texts(&doc, ".notice[role=status]"),
            vec!["Nothing to save: DE is already VAT 19.5%."]
        );

        // Delete.
        let doc = done(
            &mut c,
            "/admin/tax-rates/delete",
            &[("country", "US"), ("region", "WA")],
        )
        .await;
        assert_eq!(row(&doc, "rate-US-WA"), None);
        assert!(texts(&doc, ".notice[role=status]")[0].starts_with("Deleted the rate for US/WA."));

        // The stored table is what the page showed.
        let table = tax_rates::table(&app.db).await.unwrap();
        assert_eq!(table.lookup("US", Some("WA")), None);
        assert_eq!(
            table.lookup("DE", None).map(|t| t.rate.to_string()),
            Some("19.5".into())
        );

        // One audit row per change, by the admin, about no organization.
        let summaries = |rows: Vec<audit::Row>| -> Vec<(String, String, Option<String>)> {
            rows.into_iter()
                .map(|r| (r.summary, r.actor_label, r.org_id))
                .collect()
        };
        assert_eq!(
            summaries(audited(&app, "tax_rate_added").await),
            vec![(
                "added US/WA: Sales tax 6.5%".to_owned(),
                PLATFORM.to_owned(),
                None
            )]
        );
        assert_eq!(
            summaries(audited(&app, "tax_rate_changed").await),
            vec![
                (
                    "changed DE from VAT 19% to VAT 19.5%".to_owned(),
                    PLATFORM.to_owned(),
                    None
                ),
                (
                    "changed US/WA from Sales tax 6.5% to VAT 6.75%".to_owned(),
                    PLATFORM.to_owned(),
                    None
                ),
            ]
        );
        assert_eq!(
            summaries(audited(&app, "tax_rate_deleted").await),
            vec![(
                "deleted US/WA: VAT 6.75%".to_owned(),
                PLATFORM.to_owned(),
                None
            )]
        );
        // And the audit log page shows them.
        let log = c.get("/admin/audit?kind=tax_rate_changed").await.html();
        assert_eq!(texts(&log, "table.audit td.summary").len(), 2);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn bad_input_is_refused_next_to_its_field_with_what_was_typed() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let before = tax_rates::list(&app.db).await.unwrap();
        let mut c = signed_in(&app, PLATFORM).await;
        c.get(PAGE).await;
        let add = |country: &'static str, region: &'static str, kind: &'static str, rate| {
            [
                ("country", country),
                ("region", region),
                ("kind", kind),
                ("rate", rate),
            ]
        };
        for (fields, field, says) in [
            (add("USA", "", "vat", "5"), "country", "Not a country code"),
            (
                add("", "", "vat", "5"),
                "country",
                "two-letter country code",
            ),
            (
                add("US", "California", "sales_tax", "5"),
                "region",
                "short code",
            ),
            (add("US", "WA", "sales_tax", "101"), "rate", "from 0 to 100"),
            (add("US", "WA", "sales_tax", "-1"), "rate", "from 0 to 100"),
            (
                add("US", "WA", "sales_tax", "7.12345"),
                "rate",
                "at most 4 decimals",
            ),
            (add("US", "WA", "sales_tax", "7,5"), "rate", "with a point"),
            (add("US", "WA", "sales_tax", ""), "rate", "as a percentage"),
            (add("IN", "27", "cgst", "9"), "kind", "follow the GST rules"),
            (add("IN", "", "igst", "18"), "kind", "follow the GST rules"),
            (
                add("US", "WA", "excise", "5"),
                "kind",
                "Choose sales tax or VAT",
            ),
            (
                add("de", "", "vat", "7"),
                "country",
                "DE already has a country-wide rate",
            ),
            (
                add("US", "ca", "vat", "7"),
                "region",
                "US/CA already has a rate",
            ),
        ] {
            let r = c.post(PAGE, &fields).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
            let doc = r.html();
            let errors = texts(&doc, &format!("#f-{field}-error"));
            assert_eq!(errors.len(), 1, "{fields:?}: {errors:?}");
            assert!(errors[0].contains(says), "{fields:?}: {errors:?}");
            assert_eq!(
                attrs(&doc, &format!("#f-{field}"), "aria-invalid"),
                vec!["true"]
            );
            // Every typed text is kept.
            for (name, typed) in fields.iter().filter(|(n, _)| *n != "kind") {
                assert_eq!(
                    attrs(&doc, &format!("#f-{name}"), "value"),
                    vec![typed.to_string()],
                    "{fields:?}"
                );
            }
        }
        // Several bad fields at once are each reported.
        let doc = c.post(PAGE, &add("U", "C-A", "vat", "x")).await.html();
        for field in ["country", "region", "rate"] {
            assert_eq!(
                texts(&doc, &format!("#f-{field}-error")).len(),
                1,
                "{field}"
            );
        }

        // A refused change shows on its own row, with what was typed.
        let r = c
            .post(
                "/admin/tax-rates/edit",
                &[
                    ("country", "US"),
                    ("region", "CA"),
                    ("kind", "sales_tax"),
                    ("rate", "7.255555"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let doc = r.html();
        assert_eq!(
            texts(&doc, "#rate-US-CA-rate-error"),
            vec!["A rate has at most 4 decimals, such as 8.8750."]
        );
        assert_eq!(attrs(&doc, "#rate-US-CA-rate", "value"), vec!["7.255555"]);
        assert_eq!(texts(&doc, "#rate-US-CA td.rate"), vec!["7.25%"]);
        assert!(texts(&doc, "#rate-US-NY .error-text").is_empty());
        let r = c
            .post(
                "/admin/tax-rates/edit",
                &[
                    ("country", "US"),
                    ("region", "CA"),
                    ("kind", "sgst"),
                    ("rate", "9"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(texts(&r.html(), "#rate-US-CA-kind-error").len(), 1);

        // A place with no row: said, nothing written; not a place at all: 404.
        let r = c
            .post(
                "/admin/tax-rates/edit",
                &[
                    ("country", "US"),
                    ("region", "WA"),
                    ("kind", "sales_tax"),
                    ("rate", "5"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(texts(&r.html(), ".notice-warn")[0].contains("US/WA has no rate any more"));
        let r = c
            .post(
                "/admin/tax-rates/delete",
                &[("country", "US"), ("region", "WA")],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let r = c
            .post(
                "/admin/tax-rates/delete",
                &[("country", "U.S."), ("region", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        assert_eq!(tax_rates::list(&app.db).await.unwrap(), before);
        assert_eq!(audited_changes(&app).await, 0, "nothing audited");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn nobody_but_platform_admins_reaches_the_tax_rates() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let before = tax_rates::list(&app.db).await.unwrap();
        let anon = app.get(PAGE).await;
        assert_eq!(anon.status, StatusCode::SEE_OTHER, "sign in first");
        for email in [
            "org-admin@hospital.example.com",
            BUYER,
            "finance@hospital.example.com",
            "seller-admin@manufacturer.example.com",
            "seller-staff@manufacturer.example.com",
        ] {
            let mut c = signed_in(&app, email).await;
            let r = c.get(PAGE).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{email}");
            assert!(texts(&r.html(), "table.tax-rates").is_empty());
            for (uri, fields) in [
                (
                    PAGE,
                    &[
                        ("country", "US"),
                        ("region", "WA"),
                        ("kind", "vat"),
                        ("rate", "5"),
                    ][..],
                ),
                (
                    "/admin/tax-rates/edit",
                    &[
                        ("country", "US"),
                        ("region", "CA"),
                        ("kind", "vat"),
                        ("rate", "50"),
                    ][..],
                ),
                (
                    "/admin/tax-rates/delete",
                    &[("country", "DE"), ("region", "")][..],
                ),
            ] {
                let r = c.post(uri, fields).await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{email} {uri}");
            }
        }
        assert_eq!(tax_rates::list(&app.db).await.unwrap(), before);
        assert_eq!(audited_changes(&app).await, 0);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_database_refuses_rows_the_table_could_not_hold() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        for (country, region, kind, ppm) in [
            ("us", "WA", "sales_tax", 65_000),
            ("USA", "", "sales_tax", 65_000),
            ("U1", "", "sales_tax", 65_000),
            ("US", "wa", "sales_tax", 65_000),
            ("US", "WASH", "sales_tax", 65_000),
            ("US", "W-", "sales_tax", 65_000),
            ("IN", "27", "cgst", 90_000),
            ("GB", "", "vat", 1_000_001),
            ("GB", "", "vat", -1),
            // One country-wide row per country: '' is equal to ''.
            ("DE", "", "vat", 70_000),
        ] {
            let r = on_db!(&app.db, |p| {
                sqlx::query(
                "INSERT INTO tax_rates (country, region, kind, rate_ppm) VALUES ($1, $2, $3, $4)"
            )
            .bind(country)
            .bind(region)
            .bind(kind)
            .bind(ppm as i64)
            .execute(p)
            .await
            .map(|_| ())
            });
            assert!(
                r.is_err(),
                "{engine:?} accepted {country}/{region} {kind} {ppm}"
            );
        }
        let r = on_db!(&app.db, |p| {
            sqlx::query(
            "INSERT INTO tax_rates (country, region, kind, rate_ppm) VALUES ('GB', NULL, 'vat', 200000)"
        )
        .execute(p)
        .await
        .map(|_| ())
        });
        assert!(r.is_err(), "{engine:?}: a NULL region");
        assert_eq!(
            tax_rates::table(&app.db).await.unwrap(),
            TaxTable::default()
        );
        app.cleanup().await;
    }
}

/// A US buyer address at checkout, as the inline form takes it.
fn us_address(region: &str) -> Vec<(&'static str, String)> {
    vec![
        ("add", "1".into()),
        ("label", "Receiving dock".into()),
        ("contact_name", "Dana Whitfield".into()),
        ("phone", "+1 415 555 0100".into()),
        ("line1", "500 Mission Street".into()),
        ("line2", String::new()),
        ("city", "San Francisco".into()),
        ("state", region.into()),
        ("postal_code", "94105".into()),
        ("country", "US".into()),
        ("gstin", String::new()),
    ]
}

/// The review's tax note and its tax rows as (label, amount in minor units).
async fn reviewed(c: &mut Client<'_>, review: &str) -> (String, Vec<(String, i64)>) {
    let r = c.get(review).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let doc = r.html();
    let note = texts(&doc, ".tax-note").join(" ");
    let labels = texts(&doc, "dt.tax-row");
    let amounts = texts(&doc, "dd.tax-row");
    let rows = labels
        .into_iter()
        .zip(amounts)
        .map(|(l, a)| {
            let digits: String = a.chars().filter(char::is_ascii_digit).collect();
            (l, digits.parse().unwrap())
        })
        .collect();
    (note, rows)
}

#[tokio::test]
async fn a_changed_rate_applies_to_the_next_checkout_review() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // A seller in New York, so the table, not GST, decides the tax.
        let (part, _, seller, price_minor) = parts_from_sellers(&app, 1).await.remove(0);
        on_db!(&app.db, |p| sqlx::query(
            "UPDATE organizations SET country = 'US', state = 'NY' WHERE id = $1"
        )
        .bind(&seller)
        .execute(p)
        .await
        .map(|_| ()))
        .unwrap();
        on_db!(&app.db, |p| sqlx::query(
            "UPDATE seller_settings SET state_code = '' WHERE org_id = $1"
        )
        .bind(&seller)
        .execute(p)
        .await
        .map(|_| ()))
        .unwrap();

        // The buyer ships to California.
        let mut buyer = signed_in(&app, BUYER).await;
        let r = buyer
            .post(
                "/cart/add",
                &[("part_id", part.as_str()), ("quantity", "1")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let step = location(&buyer.get("/checkout").await);
        let base = step.trim_end_matches("/address").to_owned();
        buyer.get(&step).await;
        let fields = us_address("CA");
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        location(&buyer.post(&step, &fields).await);
        let doc = buyer.get(&step).await.html();
        let ship = attrs(&doc, "input[name=shipping_address_id][checked]", "value");
        let r = buyer
            .post(
                &step,
                &[
                    ("shipping_address_id", &ship[0]),
                    ("billing_address_id", ""),
                ],
            )
            .await;
        location(&r);
        let review = format!("{base}/review");
        // Half up to whole paise, as the tax module rounds.
        let tax_at = |per_100_000: i64| (price_minor * per_100_000 + 50_000) / 100_000;

        let (note, rows) = reviewed(&mut buyer, &review).await;
        assert_eq!(note, "Sales tax 7.25% for US/CA", "{engine:?}");
        assert_eq!(rows.len(), 1);
        assert!(rows[0].0.starts_with("Sales tax 7.25% on"), "{rows:?}");
        assert_eq!(rows[0].1, tax_at(7_250));

        // The admin changes California: the next review charges the new rate.
        let mut admin = signed_in(&app, PLATFORM).await;
        admin.get(PAGE).await;
        done(
            &mut admin,
            "/admin/tax-rates/edit",
            &[
                ("country", "US"),
                ("region", "CA"),
                ("kind", "sales_tax"),
                ("rate", "8.5"),
            ],
        )
        .await;
        let (note, rows) = reviewed(&mut buyer, &review).await;
        assert_eq!(note, "Sales tax 8.5% for US/CA");
        assert_eq!(rows[0].1, tax_at(8_500));

        // Without California's row a country-wide row applies...
        done(
            &mut admin,
            PAGE,
            &[
                ("country", "US"),
                ("region", ""),
                ("kind", "sales_tax"),
                ("rate", "5"),
            ],
        )
        .await;
        done(
            &mut admin,
            "/admin/tax-rates/delete",
            &[("country", "US"), ("region", "CA")],
        )
        .await;
        let (note, rows) = reviewed(&mut buyer, &review).await;
        assert_eq!(note, "Sales tax 5% for US");
        assert_eq!(rows[0].1, tax_at(5_000));

        // ...and without either, no tax, and the review says why.
        done(
            &mut admin,
            "/admin/tax-rates/delete",
            &[("country", "US"), ("region", "")],
        )
        .await;
        let (note, rows) = reviewed(&mut buyer, &review).await;
        assert_eq!(note, "no rate configured for US/CA");
        assert!(rows.is_empty(), "{rows:?}");
        app.cleanup().await;
    }
}

/// A row the table refuses cannot be written through the page or past the
/// database's checks; if one gets in anyway (here with SQLite's checks
/// switched off on one connection), it is shown on the page and checkout
/// stops, rather than the row quietly dropping out.
#[tokio::test]
async fn a_stored_row_the_table_refuses_is_shown_and_stops_checkout() {
    let app = spawn_app(crate::helpers::Engine::Sqlite).await;
    let partsportal::db::Db::Sqlite(pool) = &app.db else {
        unreachable!("spawned on SQLite")
    };
    let mut conn = pool.acquire().await.unwrap();
    for sql in [
        "PRAGMA ignore_check_constraints = ON",
        "INSERT INTO tax_rates (country, region, kind, rate_ppm) VALUES ('GB', '', 'vat', 2000000)",
        "PRAGMA ignore_check_constraints = OFF",
    ] {
        sqlx::query(sql).execute(&mut *conn).await.unwrap();
    }
    drop(conn);
    assert!(tax_rates::table(&app.db).await.is_err());

    let mut admin = signed_in(&app, PLATFORM).await;
    let doc = admin.get(PAGE).await.html();
    let problem = texts(&doc, ".table-problem").join(" ");
    assert!(
        problem.contains("GB: a rate is a percentage from 0 to 100"),
        "{problem}"
    );
    assert_eq!(texts(&doc, "#rate-GB td.rate"), vec!["200%"], "listed");

    // The cart's estimates use the table too: an error, not a guess.
    let mut buyer = signed_in(&app, BUYER).await;
    let (part, ..) = parts_from_sellers(&app, 1).await.remove(0);
    buyer
        .post(
            "/cart/add",
            &[("part_id", part.as_str()), ("quantity", "1")],
        )
        .await;
    assert_eq!(
        buyer.get("/cart").await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );

    // Deleting the row through the page mends it.
    let doc = done(
        &mut admin,
        "/admin/tax-rates/delete",
        &[("country", "GB"), ("region", "")],
    )
    .await;
    assert!(texts(&doc, ".table-problem").is_empty());
    assert_eq!(buyer.get("/cart").await.status, StatusCode::OK);
    app.cleanup().await;
}
