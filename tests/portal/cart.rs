//! The cart: adding from the catalog, quantities checked against the
//! minimum order, the stock and the limits, lines saved for later, notices
//! of what changed, quick order, and one user never touching another's
//! cart.

use axum::http::StatusCode;
use partsportal::db::users;
use partsportal::on_db;

use crate::helpers::{Client, Resp, TestApp, attrs, engines, signed_in, spawn_app, texts};

const BUYER: &str = "buyer@hospital.example.com";
const ENGINEER: &str = "engineer@hospital.example.com";
const CLINIC_BUYER: &str = "buyer@clinic.example.com";
const SELLER: &str = "seller-admin@manufacturer.example.com";

/// A listed part in stock: (id, part number, seller id, price minor).
pub(crate) type Part = (String, String, String, i64);

/// Listed parts with stock, from `n` different sellers, one each.
pub(crate) async fn parts_from_sellers(app: &TestApp, n: usize) -> Vec<Part> {
    let rows: Vec<Part> = on_db!(&app.db, |p| sqlx::query_as(
        "SELECT p.id, p.part_number, p.seller_id, p.price_minor FROM parts p \
         JOIN organizations o ON o.id = p.seller_id \
         WHERE p.stock >= 20 AND p.moq = 1 AND p.status = 'active' AND p.visibility = 'public' \
         AND o.status = 'active' AND p.currency = 'INR' ORDER BY p.id"
    )
    .fetch_all(p)
    .await)
    .unwrap();
    let mut out: Vec<Part> = Vec::new();
    for r in rows {
        if !out.iter().any(|o| o.2 == r.2) {
            out.push(r);
        }
        if out.len() == n {
            break;
        }
    }
    assert_eq!(out.len(), n, "the demo catalog has parts from {n} sellers");
    out
}

async fn exec(app: &TestApp, sql: &'static str, a: i64, id: &str) {
    on_db!(&app.db, |p| sqlx::query(sql)
        .bind(a)
        .bind(id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
}

async fn line_quantity(app: &TestApp, email: &str, part_id: &str) -> Option<i64> {
    let user = users::by_email(&app.db, email).await.unwrap().unwrap().id;
    on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT CAST(quantity AS BIGINT) FROM cart_lines WHERE user_id = $1 AND part_id = $2"
    )
    .bind(&user)
    .bind(part_id)
    .fetch_optional(p)
    .await)
    .unwrap()
}

/// The quantities of the user's lines whose part has this number.
async fn quantity_by_number(app: &TestApp, email: &str, part_number: &str) -> Vec<i64> {
    let user = users::by_email(&app.db, email).await.unwrap().unwrap().id;
    on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT CAST(c.quantity AS BIGINT) FROM cart_lines c JOIN parts p ON p.id = c.part_id \
         WHERE c.user_id = $1 AND p.part_number = $2"
    )
    .bind(&user)
    .bind(part_number)
    .fetch_all(p)
    .await)
    .unwrap()
}

async fn line_id(app: &TestApp, email: &str, part_id: &str) -> String {
    let user = users::by_email(&app.db, email).await.unwrap().unwrap().id;
    on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT id FROM cart_lines WHERE user_id = $1 AND part_id = $2"
    )
    .bind(&user)
    .bind(part_id)
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn add(c: &mut Client<'_>, part_id: &str, quantity: &str) -> Resp {
    c.post("/cart/add", &[("part_id", part_id), ("quantity", quantity)])
        .await
}

async fn set_quantity(c: &mut Client<'_>, line: &str, quantity: &str) -> Resp {
    c.post(
        &format!("/cart/lines/{line}/quantity"),
        &[("quantity", quantity)],
    )
    .await
}

/// A refused quantity update: the cart page again (200), with `message`
/// next to the line and what was typed kept in its field.
fn assert_refused_update(r: &Resp, message: &str, typed: &str) {
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.html();
    assert_eq!(texts(&doc, "tr.cart-line .error-text"), vec![message]);
    assert_eq!(
        attrs(&doc, "tr.cart-line input[aria-invalid=true]", "value"),
        vec![typed]
    );
}

#[tokio::test]
async fn a_buyer_adds_parts_of_two_sellers_and_sees_them_grouped_by_seller() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let parts = parts_from_sellers(&app, 2).await;
        let mut c = signed_in(&app, BUYER).await;

        // From the part page: the form is there for a buyer.
        let page = c.get(&format!("/parts/{}", parts[0].0)).await;
        assert_eq!(
            attrs(
                &page.html(),
                "form.add-to-cart input[name=part_id]",
                "value"
            ),
            vec![parts[0].0.clone()]
        );
        let r = add(&mut c, &parts[0].0, "2").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let to = r.headers["location"].to_str().unwrap().to_owned();
        assert!(to.starts_with("/cart?added="), "{to}");
        let cart = c.get(&to).await;
        assert!(
            texts(&cart.html(), "[role=status]")
                .iter()
                .any(|t| t.starts_with(&format!("Added to your cart: 2 × {}", parts[0].1))),
            "{:?}",
            texts(&cart.html(), "[role=status]")
        );
        add(&mut c, &parts[1].0, "1").await;
        // The same part again adds to its line.
        add(&mut c, &parts[0].0, "3").await;
        assert_eq!(line_quantity(&app, BUYER, &parts[0].0).await, Some(5));

        let cart = c.get("/cart").await.html();
        assert_eq!(texts(&cart, "section.cart-seller").len(), 2);
        assert_eq!(texts(&cart, "tr.cart-line").len(), 2);
        assert_eq!(texts(&cart, ".cart-count"), vec!["2"]);
        let qty = attrs(&cart, "tr.cart-line input[name=quantity]", "value");
        assert!(
            qty.contains(&"5".to_owned()) && qty.contains(&"1".to_owned()),
            "{qty:?}"
        );
        // The cart belongs to the user: it is there after logging in again.
        let mut again = signed_in(&app, BUYER).await;
        assert_eq!(
            texts(&again.get("/cart").await.html(), "tr.cart-line").len(),
            2
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn quantities_are_checked_against_the_minimum_order_the_stock_and_the_limits() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let part = parts_from_sellers(&app, 1).await.remove(0);
        exec(&app, "UPDATE parts SET moq = $1 WHERE id = $2", 5, &part.0).await;
        exec(
            &app,
            "UPDATE parts SET stock = $1 WHERE id = $2",
            7,
            &part.0,
        )
        .await;
        let mut c = signed_in(&app, BUYER).await;

        for (typed, expected) in [
            ("3", "This part is sold in quantities of at least 5."),
            ("8", "Only 7 in stock: you can order up to 7."),
            (
                "abc",
                "“abc” is not a quantity: enter a whole number such as 2.",
            ),
            ("0", "The quantity must be at least 1."),
            (
                "1000",
                "At most 999 units per line; for more, ask the seller for a quote.",
            ),
        ] {
            let r = add(&mut c, &part.0, typed).await;
            assert_eq!(r.status, StatusCode::OK, "{typed}");
            let doc = r.html();
            assert_eq!(
                texts(&doc, ".field-error .error-text"),
                vec![expected],
                "{typed}"
            );
            assert_eq!(
                attrs(&doc, ".field-error input[name=quantity]", "value"),
                vec![typed.to_owned()],
                "what was typed is kept"
            );
        }
        assert_eq!(
            line_quantity(&app, BUYER, &part.0).await,
            None,
            "nothing added"
        );

        assert_eq!(
            add(&mut c, &part.0, "6").await.status,
            StatusCode::SEE_OTHER
        );
        let line = line_id(&app, BUYER, &part.0).await;
        // On the cart page, the refused update shows next to its line.
        let r = set_quantity(&mut c, &line, "9").await;
        assert_refused_update(&r, "Only 7 in stock: you can order up to 7.", "9");
        assert_eq!(line_quantity(&app, BUYER, &part.0).await, Some(6));
        let r = set_quantity(&mut c, &line, "7").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(line_quantity(&app, BUYER, &part.0).await, Some(7));
        // Adding more than what is left, with some already in the cart.
        let r = add(&mut c, &part.0, "1").await;
        assert_eq!(
            texts(&r.html(), ".error-text"),
            vec!["You already have 7 in your cart and only 7 are in stock."]
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_price_in_the_form_is_ignored_and_unknown_parts_are_not_found() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let part = parts_from_sellers(&app, 1).await.remove(0);
        let mut c = signed_in(&app, BUYER).await;
        let r = c
            .post(
                "/cart/add",
                &[
                    ("part_id", &part.0),
                    ("quantity", "1"),
                    ("price_minor", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let user = users::by_email(&app.db, BUYER).await.unwrap().unwrap().id;
        let stored: i64 = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT price_minor_at_add FROM cart_lines WHERE user_id = $1"
        )
        .bind(&user)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(stored, part.3);
        let cart = c.get("/cart").await;
        assert!(
            cart.body
                .contains(&partsportal::domain::money::format(part.3, "INR"))
        );
        let r = add(&mut c, "no-such-part", "1").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn lines_can_be_saved_for_later_moved_back_removed_and_the_cart_emptied() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let parts = parts_from_sellers(&app, 2).await;
        let mut c = signed_in(&app, BUYER).await;
        add(&mut c, &parts[0].0, "1").await;
        add(&mut c, &parts[1].0, "2").await;
        let first = line_id(&app, BUYER, &parts[0].0).await;
        let second = line_id(&app, BUYER, &parts[1].0).await;

        let r = c.post(&format!("/cart/lines/{first}/save"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let doc = c.get("/cart").await.html();
        assert_eq!(texts(&doc, "tr.cart-line").len(), 1);
        assert_eq!(texts(&doc, "#saved li").len(), 1);
        assert_eq!(texts(&doc, ".cart-count"), vec!["1"]);

        c.post("/cart/clear", &[]).await;
        let doc = c.get("/cart").await.html();
        assert!(texts(&doc, "tr.cart-line").is_empty());
        assert_eq!(texts(&doc, "#saved li").len(), 1, "saved lines stay");
        assert_eq!(line_quantity(&app, BUYER, &parts[1].0).await, None);
        assert!(texts(&doc, ".cart-count").is_empty());

        c.post(&format!("/cart/lines/{first}/restore"), &[]).await;
        assert_eq!(texts(&c.get("/cart").await.html(), "tr.cart-line").len(), 1);
        c.post(&format!("/cart/lines/{first}/remove"), &[]).await;
        assert_eq!(line_quantity(&app, BUYER, &parts[0].0).await, None);
        // A line that is gone is not found.
        let r = c.post(&format!("/cart/lines/{second}/remove"), &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_cart_says_what_changed_since_a_line_was_added() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let parts = parts_from_sellers(&app, 3).await;
        let mut c = signed_in(&app, BUYER).await;
        for p in &parts {
            add(&mut c, &p.0, "2").await;
        }
        exec(
            &app,
            "UPDATE parts SET price_minor = $1 WHERE id = $2",
            parts[0].3 + 10_000,
            &parts[0].0,
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET stock = $1 WHERE id = $2",
            0,
            &parts[1].0,
        )
        .await;
        on_db!(&app.db, |p| sqlx::query(
            "UPDATE parts SET status = 'archived' WHERE id = $1"
        )
        .bind(&parts[2].0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();

        let doc = c.get("/cart").await.html();
        let notices = texts(&doc, ".line-notices li");
        let old = partsportal::domain::money::format(parts[0].3, "INR");
        let new = partsportal::domain::money::format(parts[0].3 + 10_000, "INR");
        assert!(
            notices.contains(&format!("Price went up since you added it: {old} → {new}.")),
            "{notices:?}"
        );
        assert!(notices.contains(&"Now out of stock: remove it or save it for later.".to_owned()));
        assert!(
            notices
                .contains(&"This part is no longer listed. Remove it from your cart.".to_owned())
        );
        assert_eq!(
            texts(&doc, "tr.cart-line.has-warning").len(),
            2,
            "price changes do not block"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn quick_order_accounts_for_every_pasted_line() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let parts = parts_from_sellers(&app, 2).await;
        let mut c = signed_in(&app, BUYER).await;
        // The second part typed the way a buyer might: lower case, no separators.
        let retyped = partsportal_index::normalize_code(&parts[1].1).to_lowercase();
        let text = format!(
            "Part No, Qty\n{}, 3\n{retyped}\t2\nZZ-NOT-A-PART-999, 1\n{}, lots\n",
            parts[0].1, parts[0].1
        );
        let r = c.post("/cart/quick", &[("lines", &text)]).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        let rows = texts(&doc, ".quick-results tbody tr");
        assert_eq!(rows.len(), 4, "{rows:?}");
        // Cells run together in the texts: line number, what was typed, result.
        assert!(
            rows[0].starts_with(&format!("2{}Added 3 ×", parts[0].1)),
            "{rows:?}"
        );
        assert!(rows[1].contains("Added 2 ×"), "{rows:?}");
        assert!(rows[2].contains("No such part number"), "{rows:?}");
        assert!(
            rows[3].contains("Not added “lots” is not a quantity"),
            "{rows:?}"
        );
        // Several sellers may list a number: the cheapest in-stock offer is
        // taken, and the result row names its seller.
        assert_eq!(quantity_by_number(&app, BUYER, &parts[0].1).await, vec![3]);
        assert_eq!(quantity_by_number(&app, BUYER, &parts[1].1).await, vec![2]);
        // What was pasted stays in the box.
        assert_eq!(
            texts(&doc, "#quick-lines"),
            vec![text.split_whitespace().collect::<Vec<_>>().join(" ")]
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_cart_is_its_users_alone() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let part = parts_from_sellers(&app, 1).await.remove(0);
        let mut buyer = signed_in(&app, BUYER).await;
        add(&mut buyer, &part.0, "2").await;
        let line = line_id(&app, BUYER, &part.0).await;

        for email in [ENGINEER, CLINIC_BUYER] {
            let mut other = signed_in(&app, email).await;
            assert!(texts(&other.get("/cart").await.html(), "tr.cart-line").is_empty());
            for action in ["remove", "save", "restore"] {
                let r = other
                    .post(&format!("/cart/lines/{line}/{action}"), &[])
                    .await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{email} {action}");
            }
            let r = set_quantity(&mut other, &line, "1").await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{email}");
            other.post("/cart/clear", &[]).await;
        }
        assert_eq!(line_quantity(&app, BUYER, &part.0).await, Some(2));

        // Sellers have no cart; visitors are asked to log in.
        let mut seller = signed_in(&app, SELLER).await;
        assert_eq!(seller.get("/cart").await.status, StatusCode::FORBIDDEN);
        let page = Client::new(&app).get(&format!("/parts/{}", part.0)).await;
        assert_eq!(
            attrs(&page.html(), ".buy-box a.button-link", "href"),
            vec![format!("/login?next=/parts/{}", part.0)]
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn quick_order_reads_an_uploaded_csv_or_xlsx() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let parts = parts_from_sellers(&app, 2).await;
        let mut c = signed_in(&app, BUYER).await;

        // An .xlsx as a spreadsheet program writes it: a header row, the
        // quantity as a number, a row without one.
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Part No.").unwrap();
        ws.write_string(0, 1, "Qty").unwrap();
        ws.write_string(1, 0, &parts[0].1).unwrap();
        ws.write_number(1, 1, 4.0).unwrap();
        ws.write_string(2, 0, &parts[1].1).unwrap();
        ws.write_string(3, 0, "ZZ-NOT-A-PART-999").unwrap();
        ws.write_number(3, 1, 1.0).unwrap();
        let xlsx = wb.save_to_buffer().unwrap();
        let r = c
            .post_multipart("/cart/quick/upload", &[("file", Some("order.xlsx"), &xlsx)])
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let rows = texts(&r.html(), ".quick-results tbody tr");
        assert_eq!(rows.len(), 3, "{rows:?}");
        // Rows are numbered as the spreadsheet shows them.
        assert!(
            rows[0].starts_with(&format!("2{}Added 4 ×", parts[0].1)),
            "{rows:?}"
        );
        assert!(
            rows[1].starts_with(&format!("3{}Added 1 ×", parts[1].1)),
            "{rows:?}"
        );
        assert!(
            rows[2].starts_with("4ZZ-NOT-A-PART-999No such part number"),
            "{rows:?}"
        );
        assert_eq!(quantity_by_number(&app, BUYER, &parts[0].1).await, vec![4]);

        // A CSV adds to the same lines; a PDF is refused next to the field.
        let csv = format!("{},2\n", parts[0].1);
        c.post_multipart(
            "/cart/quick/upload",
            &[("file", Some("more.csv"), csv.as_bytes())],
        )
        .await;
        assert_eq!(quantity_by_number(&app, BUYER, &parts[0].1).await, vec![6]);
        let r = c
            .post_multipart(
                "/cart/quick/upload",
                &[("file", Some("order.pdf"), b"%PDF-1.7\n1 0 obj\n")],
            )
            .await;
        let errors = texts(&r.html(), ".quick-upload .error-text");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("The file cannot be read: this is a PDF"),
            "{errors:?}"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn quantities_are_whole_packs_and_refusals_name_the_nearest_allowed() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let part = parts_from_sellers(&app, 1).await.remove(0);
        exec(
            &app,
            "UPDATE parts SET order_multiple = $1, moq = $1, stock = 100 WHERE id = $2",
            10,
            &part.0,
        )
        .await;
        let mut c = signed_in(&app, BUYER).await;

        // The part page says so, and the browser is told the steps.
        let page = c.get(&format!("/parts/{}", part.0)).await.html();
        assert_eq!(
            texts(&page, ".buy-box dd.order-multiple"),
            vec!["multiples of 10"]
        );
        let qty = "form.add-to-cart input[name=quantity]";
        assert_eq!(attrs(&page, qty, "min"), vec!["10"]);
        assert_eq!(attrs(&page, qty, "step"), vec!["10"]);
        assert_eq!(attrs(&page, qty, "value"), vec!["10"]);

        for (typed, expected) in [
            (
                "25",
                "This part is sold in packs of 10: order 20 or 30, not 25.",
            ),
            ("5", "This part is sold in packs of 10: order 10 or 20."),
        ] {
            let r = add(&mut c, &part.0, typed).await;
            assert_eq!(r.status, StatusCode::OK, "{typed}");
            let doc = r.html();
            assert_eq!(
                texts(&doc, ".field-error .error-text"),
                vec![expected],
                "{typed}"
            );
            let input = ".field-error input[name=quantity]";
            assert_eq!(attrs(&doc, input, "value"), vec![typed.to_owned()]);
            assert_eq!(attrs(&doc, input, "step"), vec!["10"]);
        }
        assert_eq!(line_quantity(&app, BUYER, &part.0).await, None);

        let r = add(&mut c, &part.0, "20").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(line_quantity(&app, BUYER, &part.0).await, Some(20));
        // More of it: what to add, not the line's total.
        let r = add(&mut c, &part.0, "15").await;
        assert_eq!(
            texts(&r.html(), ".field-error .error-text"),
            vec![
                "You already have 20 in your cart, and this part is sold in packs of 10: add 10 or 20, not 15."
            ]
        );
        assert_eq!(line_quantity(&app, BUYER, &part.0).await, Some(20));

        // The cart's quantity field steps by the pack; an update is checked.
        let cart = c.get("/cart").await.html();
        let field = "tr.cart-line input[name=quantity]";
        assert_eq!(attrs(&cart, field, "step"), vec!["10"]);
        assert_eq!(attrs(&cart, field, "min"), vec!["10"]);
        let line = line_id(&app, BUYER, &part.0).await;
        let r = set_quantity(&mut c, &line, "35").await;
        assert_refused_update(
            &r,
            "This part is sold in packs of 10: order 30 or 40, not 35.",
            "35",
        );
        assert_eq!(line_quantity(&app, BUYER, &part.0).await, Some(20));
        let r = set_quantity(&mut c, &line, "30").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(line_quantity(&app, BUYER, &part.0).await, Some(30));
        app.cleanup().await;
    }
}

/// A minimum order over what a cart line holds (999) makes the part one to
/// ask a quote for: the page offers no cart form, and a cart line below
/// the seller's minimum is refused rather than allowed at 999.
#[tokio::test]
async fn a_minimum_over_what_a_line_holds_is_never_undercut() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let part = parts_from_sellers(&app, 1).await.remove(0);
        exec(
            &app,
            "UPDATE parts SET moq = $1, order_multiple = 1, stock = 20000 WHERE id = $2",
            5000,
            &part.0,
        )
        .await;
        let mut c = signed_in(&app, BUYER).await;
        let page = c.get(&format!("/parts/{}", part.0)).await.html();
        assert!(
            texts(&page, ".buy-box dd").contains(&"5000 units".to_owned()),
            "{:?}",
            texts(&page, ".buy-box dd")
        );
        assert!(attrs(&page, "form.add-to-cart", "action").is_empty());
        assert_eq!(
            texts(&page, ".buy-box .more-than-a-line"),
            vec![
                "Sold from 5000 units, more than a cart line holds (999): ask the seller for a quote."
            ]
        );
        // The search card, once the index has the new minimum.
        on_db!(&app.db, |p| {
            let seq: i64 = sqlx::query_scalar(
                "UPDATE counters SET value = value + 1 WHERE name = 'index_outbox' RETURNING value",
            )
            .fetch_one(p)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO index_outbox (seq, part_id, op, created_at) VALUES ($1, $2, 'upsert', 0)",
            )
            .bind(seq)
            .bind(&part.0)
            .execute(p)
            .await
            .unwrap();
        });
        app.wakeup.notify_one();
        let search = format!("/search?q={}", part.1);
        let mut card = Vec::new();
        for _ in 0..100 {
            let page = c.get(&search).await.html();
            card = texts(&page, "article.card .more-than-a-line");
            if !card.is_empty() {
                let offered = attrs(&page, "form.card-buy input[name=part_id]", "value");
                assert!(!offered.contains(&part.0), "{offered:?}");
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(
            card,
            vec![
                "Sold from 5000 units, more than a cart line holds (999): ask the seller for a quote."
            ]
        );
        for typed in ["999", "5000"] {
            let r = add(&mut c, &part.0, typed).await;
            assert_eq!(r.status, StatusCode::OK, "{typed}");
            let expected = if typed == "999" {
                "This part's smallest order is more than a cart line holds: ask the seller for a quote."
            } else {
                "At most 999 units per line; for more, ask the seller for a quote."
            };
            assert_eq!(
                texts(&r.html(), ".field-error .error-text"),
                vec![expected],
                "{typed}"
            );
        }
        assert_eq!(line_quantity(&app, BUYER, &part.0).await, None);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn quick_order_names_the_part_and_the_packs_it_is_sold_in() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let parts = parts_from_sellers(&app, 2).await;
        // Every seller's offer of the number: quick order takes the cheapest.
        exec(
            &app,
            "UPDATE parts SET order_multiple = $1, moq = $1, stock = 100 WHERE part_number_norm = \
             (SELECT part_number_norm FROM parts WHERE id = $2)",
            5,
            &parts[0].0,
        )
        .await;
        let mut c = signed_in(&app, BUYER).await;
        let text = format!(
            "{}, 12\n{}, 2\n{}, 15\n",
            parts[0].1, parts[1].1, parts[0].1
        );
        let r = c.post("/cart/quick", &[("lines", &text)]).await;
        assert_eq!(r.status, StatusCode::OK);
        let rows = texts(&r.html(), ".quick-results tbody tr");
        assert_eq!(rows.len(), 3, "{rows:?}");
        // Cells run together: line number, what was typed, result.
        assert_eq!(
            rows[0],
            format!(
                "1{pn}Not added {pn} is sold in packs of 5: order 10 or 15, not 12.",
                pn = parts[0].1
            )
        );
        assert!(rows[1].contains("Added 2 ×"), "{rows:?}");
        assert!(rows[2].contains("Added 15 ×"), "{rows:?}");
        assert_eq!(quantity_by_number(&app, BUYER, &parts[0].1).await, vec![15]);

        // From a file, on top of the line: what to add.
        let csv = format!("Part No,Qty\n{},7\n", parts[0].1);
        let r = c
            .post_multipart(
                "/cart/quick/upload",
                &[("file", Some("order.csv"), csv.as_bytes())],
            )
            .await;
        let rows = texts(&r.html(), ".quick-results tbody tr");
        assert_eq!(
            rows,
            vec![format!(
                "2{pn}Not added You already have 15 in your cart, and {pn} is sold in packs of 5: add 5 or 10, not 7.",
                pn = parts[0].1
            )]
        );
        assert_eq!(quantity_by_number(&app, BUYER, &parts[0].1).await, vec![15]);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_line_that_stopped_being_whole_packs_blocks_checkout() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let part = parts_from_sellers(&app, 1).await.remove(0);
        let mut c = signed_in(&app, BUYER).await;
        assert_eq!(
            add(&mut c, &part.0, "12").await.status,
            StatusCode::SEE_OTHER
        );
        // The seller now sells it in packs of 5.
        exec(
            &app,
            "UPDATE parts SET order_multiple = $1, stock = 100 WHERE id = $2",
            5,
            &part.0,
        )
        .await;
        let notice = "The seller now sells this in packs of 5: change the quantity to 10 or 15.";
        let cart = c.get("/cart").await.html();
        assert_eq!(texts(&cart, ".line-notices li"), vec![notice]);
        assert_eq!(texts(&cart, "tr.cart-line.has-warning").len(), 1);
        assert!(attrs(&cart, "a.checkout-link", "href").is_empty());
        assert_eq!(
            texts(&cart, "button[disabled]"),
            vec!["Proceed to checkout"]
        );

        // The checkout says the same, naming the line.
        let r = c.get("/checkout").await;
        let step = r.headers["location"].to_str().unwrap().to_owned();
        let page = c.get(&step).await.html();
        let blockers = texts(&page, "[role=alert] li");
        assert_eq!(blockers.len(), 1, "{blockers:?}");
        assert!(
            blockers[0].starts_with(&part.1) && blockers[0].ends_with(notice),
            "{blockers:?}"
        );

        // Whole packs again: nothing stands in the way.
        let line = line_id(&app, BUYER, &part.0).await;
        let r = set_quantity(&mut c, &line, "10").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let cart = c.get("/cart").await.html();
        assert!(texts(&cart, ".line-notices li").is_empty());
        assert_eq!(attrs(&cart, "a.checkout-link", "href"), vec!["/checkout"]);
        app.cleanup().await;
    }
}
