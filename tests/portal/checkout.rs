//! Checkout through its pages: address (added inline), shipping, payment,
//! details, review with the GST split, place, confirmation; placing twice
//! or with made-up fields changes nothing; another user's checkout is not
//! found; stock that runs out stops the order with the line named.

use axum::http::StatusCode;
use partsportal::db::users;
use partsportal::demo::users::DEMO_PASSWORD;
use partsportal::on_db;

use crate::helpers::{Client, Resp, TestApp, attrs, engines, org_of, signed_in, spawn_app, texts};

const BUYER: &str = "buyer@hospital.example.com";
const ENGINEER: &str = "engineer@hospital.example.com";
const CLINIC_BUYER: &str = "buyer@clinic.example.com";

use crate::cart::{Part, parts_from_sellers};

async fn user_of(app: &TestApp, email: &str) -> String {
    users::by_email(&app.db, email).await.unwrap().unwrap().id
}

/// The seller's GST state, and bank details when `bank` (none otherwise).
async fn seller_settings(app: &TestApp, seller: &str, state_code: &str, bank: bool) {
    let (name, number, ifsc, bank_name) = if bank {
        (
            "Demo Seller Pvt Ltd",
            "001234567890",
            "SBIN0001234",
            "State Bank of India",
        )
    } else {
        ("", "", "", "")
    };
    on_db!(&app.db, |p| sqlx::query(
        "INSERT INTO seller_settings (org_id, state_code, bank_account_name, bank_account_number, \
         bank_ifsc, bank_name, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0) \
         ON CONFLICT (org_id) DO UPDATE SET state_code = $2, bank_account_name = $3, \
         bank_account_number = $4, bank_ifsc = $5, bank_swift = '', bank_name = $6"
    )
    .bind(seller)
    .bind(state_code)
    .bind(name)
    .bind(number)
    .bind(ifsc)
    .bind(bank_name)
    .execute(p)
    .await
    .map(|_| ()))
    .unwrap();
}

/// Net terms from `seller` to `buyer_org`, or none (`days` 0).
async fn terms(app: &TestApp, seller: &str, buyer_org: &str, days: i64, limit_minor: i64) {
    on_db!(&app.db, |p| sqlx::query(
        "DELETE FROM credit_terms WHERE seller_id = $1 AND buyer_id = $2"
    )
    .bind(seller)
    .bind(buyer_org)
    .execute(p)
    .await
    .map(|_| ()))
    .unwrap();
    if days > 0 {
        on_db!(&app.db, |p| sqlx::query(
            "INSERT INTO credit_terms (seller_id, buyer_id, net_days, credit_limit_minor, currency, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, 'INR', 0, 0)"
        )
        .bind(seller)
        .bind(buyer_org)
        .bind(days as i32)
        .bind(limit_minor)
        .execute(p)
        .await
        .map(|_| ()))
        .unwrap();
    }
}

/// No approval threshold for the organization, so orders go straight on.
async fn no_approval(app: &TestApp, org: &str) {
    on_db!(&app.db, |p| sqlx::query(
        "DELETE FROM buyer_settings WHERE org_id = $1"
    )
    .bind(org)
    .execute(p)
    .await
    .map(|_| ()))
    .unwrap();
}

async fn stock(app: &TestApp, part_id: &str) -> i64 {
    on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT CAST(stock AS BIGINT) FROM parts WHERE id = $1"
    )
    .bind(part_id)
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn set_stock(app: &TestApp, part_id: &str, n: i64) {
    on_db!(&app.db, |p| sqlx::query(
        "UPDATE parts SET stock = $1 WHERE id = $2"
    )
    .bind(n as i32)
    .bind(part_id)
    .execute(p)
    .await
    .map(|_| ()))
    .unwrap();
}

async fn count(app: &TestApp, sql: &'static str, id: &str) -> i64 {
    on_db!(&app.db, |p| sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(p)
        .await)
    .unwrap()
}

fn location(r: &Resp) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.headers["location"].to_str().unwrap().to_owned()
}

/// "₹1,234.50" as 123450.
fn minor(text: &str) -> i64 {
    if text.trim() == "Free" {
        return 0;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("not an amount: {text:?}"))
}

fn address(line1: &str, city: &str) -> Vec<(&'static str, String)> {
    vec![
        ("add", "1".into()),
        ("label", "Main stores".into()),
        ("contact_name", "Priya Nair".into()),
        ("phone", "+91 22 4000 1234".into()),
        ("line1", line1.into()),
        ("line2", String::new()),
        ("city", city.into()),
        ("state", "Maharashtra".into()),
        ("postal_code", "400001".into()),
        ("country", "IN".into()),
        ("gstin", String::new()),
    ]
}

async fn post_owned(c: &mut Client<'_>, uri: &str, fields: &[(&str, String)]) -> Resp {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post(uri, &borrowed).await
}

/// Puts `qty` of each part in the cart and walks the steps up to the
/// review with a new Maharashtra address, the first open shipping option
/// and bank transfer for every seller. Returns the checkout id.
async fn ready_checkout(c: &mut Client<'_>, parts: &[(&Part, &str)]) -> String {
    for (p, qty) in parts {
        let r = c
            .post("/cart/add", &[("part_id", p.0.as_str()), ("quantity", qty)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let step = location(&c.get("/checkout").await);
    let id = step
        .strip_prefix("/checkout/")
        .and_then(|s| s.strip_suffix("/address"))
        .unwrap()
        .to_owned();
    let base = format!("/checkout/{id}");
    c.get(&step).await;
    location(&post_owned(c, &step, &address("Stores, Block A", "Mumbai")).await);
    let doc = c.get(&step).await.html();
    let ship = attrs(&doc, "input[name=shipping_address_id][checked]", "value");
    let r = c
        .post(
            &step,
            &[
                ("shipping_address_id", &ship[0]),
                ("billing_address_id", ""),
            ],
        )
        .await;
    assert_eq!(location(&r), format!("{base}/shipping"));
    let doc = c.get(&format!("{base}/shipping")).await.html();
    let chosen: Vec<(String, String)> = attrs(&doc, "input[type=radio][checked]", "name")
        .into_iter()
        .zip(attrs(&doc, "input[type=radio][checked]", "value"))
        .collect();
    let fields: Vec<(&str, &str)> = chosen
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    location(&c.post(&format!("{base}/shipping"), &fields).await);
    let names = attrs(
        &c.get(&format!("{base}/payment")).await.html(),
        "input[value=bank_transfer]",
        "name",
    );
    let fields: Vec<(&str, &str)> = names
        .iter()
        .map(|n| (n.as_str(), "bank_transfer"))
        .collect();
    location(&c.post(&format!("{base}/payment"), &fields).await);
    id
}

#[tokio::test]
async fn a_buyer_walks_the_checkout_and_places_one_order_per_seller() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let parts = parts_from_sellers(&app, 2).await;
        let (a, b) = (&parts[0], &parts[1]);
        let org = org_of(&app, BUYER).await;
        // Seller A is in Maharashtra like the buyer (CGST + SGST) and has
        // bank details; seller B is in Karnataka (IGST) and grants terms.
        seller_settings(&app, &a.2, "27", true).await;
        seller_settings(&app, &b.2, "29", false).await;
        terms(&app, &a.2, &org, 0, 0).await;
        // ₹1,00,00,000.00 of credit.
        terms(&app, &b.2, &org, 30, 1_000_000_000).await;
        no_approval(&app, &org).await;
        let (stock_a, stock_b) = (stock(&app, &a.0).await, stock(&app, &b.0).await);
        let mut c = signed_in(&app, BUYER).await;
        c.post("/cart/add", &[("part_id", a.0.as_str()), ("quantity", "2")])
            .await;
        c.post("/cart/add", &[("part_id", b.0.as_str()), ("quantity", "1")])
            .await;

        // The cart offers checkout.
        let cart = c.get("/cart").await.html();
        assert_eq!(attrs(&cart, "a.checkout-link", "href"), vec!["/checkout"]);
        let step = location(&c.get("/checkout").await);
        assert!(
            step.starts_with("/checkout/") && step.ends_with("/address"),
            "{step}"
        );
        let base = step.trim_end_matches("/address").to_owned();
        let id = base.trim_start_matches("/checkout/").to_owned();
        assert_eq!(
            location(&c.get("/checkout").await),
            step,
            "the same draft resumes"
        );

        // Address: none yet, so the inline form is open. A missing city is
        // refused next to its field, with what was typed kept.
        let page = c.get(&step).await.html();
        assert_eq!(
            texts(&page, "nav.checkout-steps [aria-current=step]"),
            vec!["1 Address"]
        );
        assert_eq!(attrs(&page, "details.new-address[open]", "class").len(), 1);
        let r = post_owned(&mut c, &step, &address("Stores, Block A", "")).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert_eq!(texts(&doc, "#f-city ~ .error-text"), vec!["Required."]);
        assert_eq!(attrs(&doc, "#f-line1", "value"), vec!["Stores, Block A"]);
        let r = post_owned(&mut c, &step, &address("Stores, Block A", "Mumbai")).await;
        assert_eq!(location(&r), format!("{step}?added=1"));
        let doc = c.get(&format!("{step}?added=1")).await.html();
        let ship = attrs(&doc, "input[name=shipping_address_id][checked]", "value");
        assert_eq!(ship.len(), 1, "the new address is chosen");
        let r = c
            .post(
                &step,
                &[
                    ("shipping_address_id", "not-ours"),
                    ("billing_address_id", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!texts(&r.html(), "#ship-error").is_empty());
        let r = c
            .post(
                &step,
                &[
                    ("shipping_address_id", &ship[0]),
                    ("billing_address_id", ""),
                ],
            )
            .await;
        assert_eq!(location(&r), format!("{base}/shipping"));

        // Shipping: both options priced for each seller.
        let doc = c.get(&format!("{base}/shipping")).await.html();
        assert_eq!(
            texts(&doc, "nav.checkout-steps [aria-current=step]"),
            vec!["2 Shipping"]
        );
        for s in [&a.2, &b.2] {
            let sel = format!("input[name='option-{s}']:not([disabled])");
            assert_eq!(attrs(&doc, &sel, "value"), vec!["standard", "express"]);
        }
        assert!(
            texts(&doc, ".option-detail")
                .iter()
                .all(|t| t.contains("delivery by"))
        );
        let oa = format!("option-{}", a.2);
        let ob = format!("option-{}", b.2);
        let r = c
            .post(&format!("{base}/shipping"), &[(oa.as_str(), "express")])
            .await;
        assert_eq!(r.status, StatusCode::OK, "every seller needs an option");
        let r = c
            .post(
                &format!("{base}/shipping"),
                &[(oa.as_str(), "express"), (ob.as_str(), "standard")],
            )
            .await;
        assert_eq!(location(&r), format!("{base}/payment"));

        // Payment: A's bank account in full, no terms; B's terms open.
        let doc = c.get(&format!("{base}/payment")).await.html();
        assert!(texts(&doc, ".bank-details dd").contains(&"001234567890".to_owned()));
        let pa = format!("payment-{}", a.2);
        let pb = format!("payment-{}", b.2);
        assert_eq!(
            attrs(&doc, &format!("input[name='{pa}'][disabled]"), "value"),
            vec!["net_terms"]
        );
        assert!(
            texts(&doc, ".option-why")
                .iter()
                .any(|t| t.contains("not granted")),
            "{:?}",
            texts(&doc, ".option-why")
        );
        assert!(
            texts(&doc, ".option-detail")
                .iter()
                .any(|t| t.starts_with("Net 30 days, credit left ₹1,00,00,000.00")),
            "{:?}",
            texts(&doc, ".option-detail")
        );
        assert!(
            texts(&doc, ".option-card")
                .iter()
                .any(|t| t.contains("bank details will be sent with the order")),
            "B has no bank details yet"
        );
        let r = c
            .post(
                &format!("{base}/payment"),
                &[(pa.as_str(), "net_terms"), (pb.as_str(), "net_terms")],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "terms A did not grant are refused"
        );
        let r = c
            .post(
                &format!("{base}/payment"),
                &[(pa.as_str(), "bank_transfer"), (pb.as_str(), "net_terms")],
            )
            .await;
        assert_eq!(location(&r), format!("{base}/details"));

        // Details: a date that is not one is refused, everything kept.
        let fields = [
            ("po_number", "PO/77"),
            ("notes", "Deliver to stores"),
            ("required_by", "30/11/2026"),
            ("ticket_ref", "TCK-9"),
        ];
        let r = c.post(&format!("{base}/details"), &fields).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        let err = texts(&doc, "#f-required_by-error");
        assert!(err.len() == 1 && err[0].contains("not a date"), "{err:?}");
        assert_eq!(attrs(&doc, "#f-required_by", "value"), vec!["30/11/2026"]);
        assert_eq!(attrs(&doc, "#f-po_number", "value"), vec!["PO/77"]);
        assert_eq!(texts(&doc, "#f-notes"), vec!["Deliver to stores"]);
        let r = c
            .post(
                &format!("{base}/details"),
                &[
                    ("po_number", "PO/77"),
                    ("notes", "Deliver to stores"),
                    ("required_by", ""),
                    ("ticket_ref", "TCK-9"),
                ],
            )
            .await;
        assert_eq!(location(&r), format!("{base}/review"));

        // Review: A is split into CGST and SGST, B is IGST; each order's
        // total is its lines plus shipping, the grand total their sum.
        let review = c.get(&format!("{base}/review")).await;
        assert_eq!(review.status, StatusCode::OK);
        let doc = review.html();
        assert!(
            texts(&doc, "#missing").is_empty(),
            "{:?}",
            texts(&doc, "#missing li")
        );
        assert!(attrs(&doc, "form.place-form button[disabled]", "type").is_empty());
        let sel_a = format!("section[aria-labelledby='seller-{}']", a.2);
        let sel_b = format!("section[aria-labelledby='seller-{}']", b.2);
        let rows_a = texts(&doc, &format!("{sel_a} dt.tax-row"));
        assert!(rows_a.iter().any(|t| t.starts_with("CGST")), "{rows_a:?}");
        assert!(rows_a.iter().any(|t| t.starts_with("SGST")), "{rows_a:?}");
        let rows_b = texts(&doc, &format!("{sel_b} dt.tax-row"));
        assert!(
            !rows_b.is_empty() && rows_b.iter().all(|t| t.starts_with("IGST")),
            "{rows_b:?}"
        );
        let mut order_totals = Vec::new();
        for sel in [&sel_a, &sel_b] {
            let lines: i64 = texts(&doc, &format!("{sel} table tbody td:last-child"))
                .iter()
                .map(|t| minor(t))
                .sum();
            let taxable: i64 = texts(&doc, &format!("{sel} table tbody td:nth-child(5)"))
                .iter()
                .map(|t| minor(t))
                .sum();
            let line_tax: i64 = texts(&doc, &format!("{sel} table tbody td:nth-child(7)"))
                .iter()
                .map(|t| minor(t))
                .sum();
            let tax_rows: i64 = texts(&doc, &format!("{sel} dd.tax-row"))
                .iter()
                .map(|t| minor(t))
                .sum();
            let shipping = minor(&texts(&doc, &format!("{sel} dd.shipping"))[0]);
            let total = minor(&texts(&doc, &format!("{sel} dd.order-total"))[0]);
            assert_eq!(lines, taxable + line_tax);
            assert_eq!(
                tax_rows, line_tax,
                "the breakdown adds up to the lines' tax"
            );
            assert_eq!(total, lines + shipping);
            order_totals.push(total);
        }
        let grand: Vec<i64> = texts(&doc, ".grand-total")
            .iter()
            .map(|t| minor(t))
            .collect();
        assert_eq!(grand, vec![order_totals.iter().sum::<i64>()]);
        let payments = texts(&doc, "dd.payment-method");
        assert!(
            payments[0].starts_with("Bank transfer") && payments[1].starts_with("Net terms"),
            "{payments:?}"
        );
        assert_eq!(
            texts(&doc, "dl.order-details dd"),
            vec!["PO/77", "No date", "TCK-9", "Deliver to stores"]
        );

        // Place, with made-up fields that must change nothing.
        let r = c
            .post(
                &format!("{base}/place"),
                &[
                    ("part_id", b.0.as_str()),
                    ("unit_price_minor", "1"),
                    ("quantity", "999"),
                    ("total_minor", "1"),
                ],
            )
            .await;
        assert_eq!(location(&r), format!("{base}/done"));
        let done = c.get(&format!("{base}/done")).await;
        assert_eq!(done.status, StatusCode::OK);
        let doc = done.html();
        let numbers = texts(&doc, "a.order-number");
        assert_eq!(numbers.len(), 2, "{numbers:?}");
        for n in &numbers {
            let (prefix, seq) = n.rsplit_once('-').unwrap();
            assert!(
                prefix.len() == 7
                    && prefix.starts_with("SO-")
                    && seq.len() == 6
                    && seq.chars().all(|c| c.is_ascii_digit()),
                "{n}"
            );
        }
        let links = attrs(&doc, "a.order-number", "href");
        assert!(links.iter().all(|l| l.starts_with("/orders/")), "{links:?}");
        assert!(texts(&doc, ".checkout-reference strong")[0].starts_with("CO-"));
        assert!(
            texts(&doc, ".pay-by-transfer .bank-details dd").contains(&"001234567890".to_owned())
        );
        assert_eq!(
            texts(&doc, ".pay-by-transfer").len(),
            1,
            "only A is paid by transfer"
        );

        // What was stored: the cart's parts at the catalog's prices, the
        // totals the review showed, stock taken, the cart emptied.
        let stored: Vec<(String, i64, i64)> = on_db!(&app.db, |p| {
            sqlx::query_as(
            "SELECT l.part_id, CAST(l.quantity AS BIGINT), l.unit_price_minor FROM order_lines l \
             JOIN orders o ON o.id = l.order_id WHERE o.checkout_id = $1 ORDER BY l.part_id"
        )
        .bind(&id)
        .fetch_all(p)
        .await
        })
        .unwrap();
        let mut want = vec![(a.0.clone(), 2, a.3), (b.0.clone(), 1, b.3)];
        want.sort();
        assert_eq!(stored, want);
        let mut totals: Vec<i64> = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT total_minor FROM orders WHERE checkout_id = $1"
        )
        .bind(&id)
        .fetch_all(p)
        .await)
        .unwrap();
        totals.sort();
        order_totals.sort();
        assert_eq!(totals, order_totals);
        assert_eq!(stock(&app, &a.0).await, stock_a - 2);
        assert_eq!(stock(&app, &b.0).await, stock_b - 1);
        let user = user_of(&app, BUYER).await;
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM cart_lines WHERE user_id = $1",
                &user
            )
            .await,
            0
        );

        // Placing again shows the same orders and stores nothing new; the
        // steps of a placed checkout lead to its confirmation.
        let r = c.post(&format!("{base}/place"), &[]).await;
        assert_eq!(location(&r), format!("{base}/done"));
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM orders WHERE checkout_id = $1",
                &id
            )
            .await,
            2
        );
        assert_eq!(
            texts(
                &c.get(&format!("{base}/done")).await.html(),
                "a.order-number"
            ),
            numbers
        );
        for s in ["address", "shipping", "payment", "details", "review"] {
            let r = c.get(&format!("{base}/{s}")).await;
            assert_eq!(location(&r), format!("{base}/done"), "{s}");
        }
        assert_eq!(stock(&app, &a.0).await, stock_a - 2);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_users_checkout_is_not_found_and_a_draft_has_no_confirmation() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let parts = parts_from_sellers(&app, 1).await;
        seller_settings(&app, &parts[0].2, "27", false).await;
        let mut c = signed_in(&app, BUYER).await;
        let id = ready_checkout(&mut c, &[(&parts[0], "1")]).await;
        let base = format!("/checkout/{id}");
        assert_eq!(
            location(&c.get(&format!("{base}/done")).await),
            format!("{base}/review")
        );

        for email in [ENGINEER, CLINIC_BUYER] {
            let mut other = signed_in(&app, email).await;
            for s in [
                "address", "shipping", "payment", "details", "review", "done",
            ] {
                let r = other.get(&format!("{base}/{s}")).await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{email} {s}");
            }
            let r = other.post(&format!("{base}/place"), &[]).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{email} place");
            let r = other
                .post(&format!("{base}/details"), &[("po_number", "X")])
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{email} details");
        }
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM orders WHERE checkout_id = $1",
                &id
            )
            .await,
            0
        );
        let po: String = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT po_number FROM checkouts WHERE id = $1"
        )
        .bind(&id)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(po, "");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn stock_that_runs_out_stops_the_order_with_the_line_named() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let parts = parts_from_sellers(&app, 1).await;
        let part = &parts[0];
        seller_settings(&app, &part.2, "27", false).await;
        no_approval(&app, &org_of(&app, BUYER).await).await;
        no_approval(&app, &org_of(&app, CLINIC_BUYER).await).await;

        // Stock lowered under the cart's quantity after the review: the
        // review names the line and placing stores nothing (422).
        let mut c = signed_in(&app, BUYER).await;
        let id = ready_checkout(&mut c, &[(part, "3")]).await;
        let base = format!("/checkout/{id}");
        set_stock(&app, &part.0, 2).await;
        let r = c.post(&format!("{base}/place"), &[]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let named = texts(&r.html(), "[role=alert] li");
        assert!(
            named
                .iter()
                .any(|t| t.contains(&part.1) && t.contains("Only 2 left")),
            "{named:?}"
        );
        assert!(!attrs(&r.html(), "form.place-form button[disabled]", "type").is_empty());
        assert_eq!(stock(&app, &part.0).await, 2);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM orders WHERE checkout_id = $1",
                &id
            )
            .await,
            0
        );

        // Two buyers race for the last units: exactly one order is placed,
        // and the other is told which line ran short (409 when the stock
        // went between its review and its placing, 422 when its review
        // already saw it gone), with nothing stored for it.
        set_stock(&app, &part.0, 4).await;
        let mut other = signed_in(&app, CLINIC_BUYER).await;
        let other_id = ready_checkout(&mut other, &[(part, "3")]).await;
        let (place1, place2) = (
            format!("{base}/place"),
            format!("/checkout/{other_id}/place"),
        );
        let (r1, r2) = tokio::join!(c.post(&place1, &[]), other.post(&place2, &[]));
        let (placed, refused, refused_id) = if r1.status == StatusCode::SEE_OTHER {
            (r1, r2, &other_id)
        } else {
            (r2, r1, &id)
        };
        assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
        assert!(
            refused.status == StatusCode::CONFLICT
                || refused.status == StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.status
        );
        let named = texts(&refused.html(), "[role=alert] li").join(" ");
        assert!(named.contains(&part.1), "{named}");
        assert_eq!(stock(&app, &part.0).await, 1);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM orders WHERE checkout_id = $1",
                refused_id
            )
            .await,
            0
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_buyer_reviews_and_places_in_headless_chromium() {
    use fantoccini::Locator;

    let app = spawn_app(crate::helpers::Engine::Sqlite).await;
    let Some(b) = crate::browser::browser(&app).await else {
        return;
    };
    let (client, base) = (&b.client, &b.base);
    let parts = parts_from_sellers(&app, 2).await;
    let org = org_of(&app, BUYER).await;
    seller_settings(&app, &parts[0].2, "27", true).await;
    seller_settings(&app, &parts[1].2, "29", false).await;
    // ₹5,00,000.00 of credit.
    terms(&app, &parts[1].2, &org, 30, 50_000_000).await;
    no_approval(&app, &org).await;
    // The steps up to the review go through the router; the browser, signed
    // in as the same user, resumes the same draft.
    let mut c = signed_in(&app, BUYER).await;
    let id = ready_checkout(&mut c, &[(&parts[0], "2"), (&parts[1], "1")]).await;

    crate::browser::log_in(client, base, BUYER, DEMO_PASSWORD).await;
    for step in ["shipping", "payment"] {
        client
            .goto(&format!("{base}/checkout/{id}/{step}"))
            .await
            .unwrap();
        crate::browser::shot(client, &format!("checkout-{step}")).await;
    }
    client
        .goto(&format!("{base}/checkout/{id}/review"))
        .await
        .unwrap();
    crate::browser::shot(client, "checkout-review").await;
    let current = client
        .find(Locator::Css("nav.checkout-steps [aria-current=step]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(current.ends_with("Review"), "{current}");
    client
        .find(Locator::Css("form.place-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let numbers = client
        .wait()
        .for_element(Locator::Css("a.order-number"))
        .await
        .unwrap();
    assert!(numbers.text().await.unwrap().starts_with("SO-"));
    assert_eq!(
        client.current_url().await.unwrap().path(),
        format!("/checkout/{id}/done")
    );
    crate::browser::shot(client, "checkout-done").await;
    // Ends the WebDriver session: dropping the driver alone kills
    // chromedriver and leaves Chromium running.
    client.clone().close().await.unwrap();
    app.cleanup().await;
}
