//! The order pages after placing: the buyer's list and filters, one order's
//! page, the bank-transfer flow through the pages with each refusal
//! changing nothing, payment proofs, messages, the packing slip, reorder,
//! approvals, the seller's dashboard, and another organization seeing none
//! of it.

use std::time::Duration;

use axum::http::StatusCode;
use partsportal::db::orders::PlaceOutcome;
use partsportal::on_db;
use partsportal::ordering::place::Placing;
use partsportal::ordering::{Choices, SellerChoice};

use crate::helpers::{Client, TestApp, attrs, engines, signed_in, spawn_app, texts};

const BUYER: &str = "buyer@hospital.example.com";
const APPROVER: &str = "approver@hospital.example.com";
const BUYER_FINANCE: &str = "finance@hospital.example.com";
const CLINIC_BUYER: &str = "buyer@clinic.example.com";
const SELLER_ADMIN: &str = "seller-admin@manufacturer.example.com";
const SELLER_STAFF: &str = "seller-staff@manufacturer.example.com";
const SELLER_FINANCE: &str = "finance@manufacturer.example.com";
const OTHER_SELLER: &str = "seller-admin@supplier.example.com";

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// (user id, organization id) of a demo user.
async fn who(app: &TestApp, email: &str) -> (String, String) {
    let u = partsportal::db::users::by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap();
    (u.id, u.org_id)
}

async fn one_string(app: &TestApp, sql: &'static str, a: &str) -> String {
    on_db!(&app.db, |p| sqlx::query_scalar(sql)
        .bind(a)
        .fetch_one(p)
        .await)
    .unwrap()
}

async fn count(app: &TestApp, sql: &'static str, a: &str) -> i64 {
    on_db!(&app.db, |p| sqlx::query_scalar(sql)
        .bind(a)
        .fetch_one(p)
        .await)
    .unwrap()
}

async fn exec(app: &TestApp, sql: &'static str, a: &str, b: i64) {
    on_db!(&app.db, |p| sqlx::query(sql)
        .bind(a)
        .bind(b)
        .execute(p)
        .await
        .map(|_| ()))
    .unwrap();
}

async fn status(app: &TestApp, order_id: &str) -> String {
    one_string(app, "SELECT status FROM orders WHERE id = $1", order_id).await
}

async fn history(app: &TestApp, order_id: &str) -> Vec<String> {
    on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT to_status FROM order_status_history WHERE order_id = $1 ORDER BY at, id"
    )
    .bind(order_id)
    .fetch_all(p)
    .await)
    .unwrap()
}

/// A part of the manufacturer seller with stock, sold one at a time:
/// (id, part number).
async fn seller_part(app: &TestApp) -> (String, String) {
    let (_, seller) = who(app, SELLER_ADMIN).await;
    on_db!(&app.db, |p| sqlx::query_as(
        "SELECT id, part_number FROM parts WHERE seller_id = $1 AND stock >= 20 AND moq = 1 \
         AND status = 'active' AND visibility = 'public' AND currency = 'INR' ORDER BY id LIMIT 1"
    )
    .bind(&seller)
    .fetch_one(p)
    .await)
    .unwrap()
}

/// The seller's GST state and bank details, as its settings page saves them.
async fn seller_ready(app: &TestApp) {
    let (_, seller) = who(app, SELLER_ADMIN).await;
    on_db!(&app.db, |p| sqlx::query(
        "INSERT INTO seller_settings (org_id, state_code, bank_account_name, bank_account_number, \
         bank_ifsc, bank_name, updated_at) VALUES ($1, '27', 'Demo Manufacturer', '001234567890', \
         'SBIN0001234', 'State Bank of India', $2) \
         ON CONFLICT (org_id) DO UPDATE SET state_code = '27', bank_account_number = '001234567890', \
         bank_account_name = 'Demo Manufacturer', bank_ifsc = 'SBIN0001234', bank_name = 'State Bank of India'"
    )
    .bind(&seller)
    .bind(app.clock.now_ms())
    .execute(p)
    .await
    .map(|_| ()))
    .unwrap();
}

/// Places an order of `qty` of the seller's part by bank transfer through
/// the library, as checkout does; returns the order id.
async fn place_order(
    app: &TestApp,
    buyer: &mut Client<'_>,
    qty: u32,
    po: &str,
    ticket: &str,
) -> String {
    seller_ready(app).await;
    let (user_id, org_id) = who(app, BUYER).await;
    let (_, seller_id) = who(app, SELLER_ADMIN).await;
    let (part_id, _) = seller_part(app).await;
    buyer.get("/cart").await;
    let r = buyer
        .post(
            "/cart/add",
            &[("part_id", &part_id), ("quantity", &qty.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let addresses = count(
        app,
        "SELECT COUNT(*) FROM addresses WHERE org_id = $1",
        &org_id,
    )
    .await;
    if addresses == 0 {
        buyer.get("/org/addresses").await;
        let r = buyer
            .post(
                "/org/addresses",
                &[
                    ("kind", "shipping"),
                    ("label", "Main stores"),
                    ("contact_name", "Priya Nair"),
                    ("phone", "+91 22 4000 1234"),
                    ("line1", "Stores, Block A"),
                    ("line2", ""),
                    ("city", "Mumbai"),
                    ("state", "Maharashtra"),
                    ("postal_code", "400001"),
                    ("country", "IN"),
                    ("gstin", "27AAPFU0939F1ZV"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let address_id = one_string(
        app,
        "SELECT id FROM addresses WHERE org_id = $1 ORDER BY created_at, id LIMIT 1",
        &org_id,
    )
    .await;
    let now = app.clock.now_ms();
    let db = &app.db;
    let checkout = partsportal::db::checkouts::create(db, &user_id, &org_id, now)
        .await
        .unwrap();
    assert!(
        partsportal::db::checkouts::set_addresses(db, &user_id, &checkout, &address_id, None, now)
            .await
            .unwrap()
    );
    let mut choices = Choices::default();
    choices.sellers.insert(
        seller_id,
        SellerChoice {
            option: "standard".into(),
            payment: "bank_transfer".into(),
        },
    );
    assert!(
        partsportal::db::checkouts::set_choices(db, &user_id, &checkout, &choices.to_json(), now)
            .await
            .unwrap()
    );
    let details = partsportal::domain::checkout::DetailsInput {
        po_number: po.into(),
        ticket_ref: ticket.into(),
        ..Default::default()
    };
    assert!(
        partsportal::db::checkouts::set_details(db, &user_id, &checkout, &details, now)
            .await
            .unwrap()
    );
    let placed =
        partsportal::ordering::place::place(db, &user_id, &org_id, &checkout, now, "http://x")
            .await
            .unwrap();
    let Placing::Done(PlaceOutcome::Placed { orders, .. }) = placed else {
        panic!("not placed: {placed:?}");
    };
    assert_eq!(orders.len(), 1);
    // Each later step happens at a later time, so the history reads in order.
    app.clock.advance(Duration::from_secs(1));
    orders[0].id.clone()
}

/// Posts an action from the order page (read first, for the CSRF token).
async fn act(c: &mut Client<'_>, order_id: &str, fields: &[(&str, &str)]) -> crate::helpers::Resp {
    c.get(&format!("/orders/{order_id}")).await;
    let r = c.post(&format!("/orders/{order_id}/act"), fields).await;
    c.app.clock.advance(Duration::from_secs(1));
    r
}

async fn upload_proof(
    c: &mut Client<'_>,
    order_id: &str,
    name: &str,
    bytes: &[u8],
) -> crate::helpers::Resp {
    c.get(&format!("/orders/{order_id}")).await;
    let r = c
        .post_multipart(
            &format!("/orders/{order_id}/act"),
            &[
                ("action", None, b"submit_proof".as_slice()),
                ("proof", Some(name), bytes),
            ],
        )
        .await;
    c.app.clock.advance(Duration::from_secs(1));
    r
}

#[tokio::test]
async fn the_buyer_lists_and_filters_the_organizations_orders() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut buyer = signed_in(&app, BUYER).await;
        let a = place_order(&app, &mut buyer, 1, "PO-ALPHA-7", "TCK-100").await;
        let b = place_order(&app, &mut buyer, 2, "PO-BETA-9", "").await;
        let number_a = one_string(&app, "SELECT number FROM orders WHERE id = $1", &a).await;
        let number_b = one_string(&app, "SELECT number FROM orders WHERE id = $1", &b).await;

        let doc = buyer.get("/orders").await.html();
        let numbers = texts(&doc, ".order-list .order-number a");
        assert_eq!(numbers.len(), 2, "{numbers:?}");
        assert!(numbers.iter().all(|n| n.starts_with("SO-")));
        assert_eq!(
            texts(&doc, ".order-list .order-status"),
            vec!["Pending payment", "Pending payment"]
        );

        let only = |doc: &scraper::Html| texts(doc, ".order-list .order-number a");
        assert_eq!(
            only(&buyer.get("/orders?q=alpha").await.html()),
            vec![number_a.clone()]
        );
        assert_eq!(
            only(&buyer.get("/orders?q=po-beta").await.html()),
            vec![number_b.clone()]
        );
        assert_eq!(
            only(&buyer.get(&format!("/orders?q={number_b}")).await.html()),
            vec![number_b.clone()]
        );
        assert_eq!(
            only(&buyer.get("/orders?ticket=tck-100").await.html()),
            vec![number_a.clone()]
        );
        assert_eq!(
            only(&buyer.get("/orders?status=pending_payment").await.html()).len(),
            2
        );
        let none = buyer.get("/orders?status=delivered").await.html();
        assert!(only(&none).is_empty());
        assert!(
            texts(&none, ".empty")
                .join(" ")
                .contains("No order matches")
        );
        let (_, seller) = who(&app, SELLER_ADMIN).await;
        assert_eq!(
            only(&buyer.get(&format!("/orders?seller={seller}")).await.html()).len(),
            2
        );
        let today = partsportal::domain::checkout::ymd(app.clock.now_ms().div_euclid(86_400_000));
        let tomorrow =
            partsportal::domain::checkout::ymd(app.clock.now_ms().div_euclid(86_400_000) + 1);
        assert_eq!(
            only(
                &buyer
                    .get(&format!("/orders?from={today}&to={today}"))
                    .await
                    .html()
            )
            .len(),
            2
        );
        assert!(only(&buyer.get(&format!("/orders?from={tomorrow}")).await.html()).is_empty());
        // A date that is not one is refused next to its field.
        let bad = buyer.get("/orders?from=31-12-2026").await.html();
        assert_eq!(
            texts(&bad, ".field-error .error-text"),
            vec!["Enter a date as YYYY-MM-DD."]
        );

        // The header links each side to its orders, and approvers to
        // their queue.
        assert_eq!(
            attrs(&doc, "nav.account a.orders-link", "href"),
            vec!["/orders"]
        );
        assert!(
            attrs(&doc, "nav.account a", "href")
                .iter()
                .all(|h| h != "/approvals")
        );
        let mut approver = signed_in(&app, APPROVER).await;
        let home = approver.get("/").await.html();
        assert!(
            attrs(&home, "nav.account a", "href")
                .iter()
                .any(|h| h == "/approvals")
        );

        // A seller's user is sent to the seller's dashboard.
        let mut seller_user = signed_in(&app, SELLER_STAFF).await;
        let home = seller_user.get("/").await.html();
        assert_eq!(
            attrs(&home, "nav.account a.orders-link", "href"),
            vec!["/seller/orders"]
        );
        let r = seller_user.get("/orders").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.headers["location"], "/seller/orders");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_order_page_shows_timeline_lines_totals_and_bank_details() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut buyer = signed_in(&app, BUYER).await;
        let id = place_order(&app, &mut buyer, 3, "PO-42", "TCK-7").await;
        let (_, part_number) = seller_part(&app).await;
        let r = buyer.get(&format!("/orders/{id}")).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        let number = one_string(&app, "SELECT number FROM orders WHERE id = $1", &id).await;
        assert_eq!(texts(&doc, "dd.order-number"), vec![number.clone()]);
        assert_eq!(
            texts(&doc, ".order-status-now .order-status"),
            vec!["Pending payment"]
        );
        assert_eq!(texts(&doc, "dd.po-number"), vec!["PO-42"]);
        assert_eq!(texts(&doc, "dd.ticket"), vec!["TCK-7"]);
        assert_eq!(
            texts(&doc, ".order-timeline .tl-status"),
            vec!["Placed: Pending payment"]
        );
        assert_eq!(texts(&doc, ".order-timeline .tl-who").len(), 1);
        assert!(texts(&doc, ".order-timeline .tl-who")[0].starts_with("Demo Buyer ("));
        assert!(texts(&doc, ".order-timeline .tl-when")[0].ends_with("UTC"));
        assert_eq!(texts(&doc, ".order-lines tbody tr").len(), 1);
        assert_eq!(texts(&doc, ".order-lines code.pn"), vec![part_number]);
        assert_eq!(texts(&doc, ".order-lines .qty"), vec!["3"]);
        let total: i64 = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT total_minor FROM orders WHERE id = $1"
        )
        .bind(&id)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(
            texts(&doc, ".order-total"),
            vec![partsportal::domain::money::format(total, "INR")]
        );
        // Seller and buyer both in Maharashtra: CGST and SGST.
        let taxes = texts(&doc, ".order-totals .tax-row th");
        assert!(taxes.iter().any(|t| t.starts_with("CGST")), "{taxes:?}");
        assert!(taxes.iter().any(|t| t.starts_with("SGST")), "{taxes:?}");
        assert!(texts(&doc, "address.ship-to")[0].contains("Mumbai"));
        assert_eq!(
            texts(&doc, "#bank-details .account-number"),
            vec!["001234567890"]
        );
        // The buyer's buttons: pay, or cancel.
        assert_eq!(
            attrs(&doc, "form.order-action input[name=action]", "value"),
            vec!["submit_proof", "cancel"]
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_bank_transfer_order_goes_all_the_way_through_the_pages() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut buyer = signed_in(&app, BUYER).await;
        let id = place_order(&app, &mut buyer, 1, "", "").await;

        // A text file named like a picture is refused next to the file
        // field, and nothing is stored.
        let r = upload_proof(&mut buyer, &id, "receipt.png", b"this is not a picture").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let err = texts(&r.html(), "#f-submit_proof-proof-error");
        assert_eq!(err.len(), 1);
        assert!(err[0].contains("not a PDF, JPG or PNG"), "{err:?}");
        assert_eq!(status(&app, &id).await, "pending_payment");
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM files WHERE purpose = $1",
                "payment_proof"
            )
            .await,
            0
        );
        // Over 10 MB: refused next to the file field.
        let mut big = b"%PDF-1.4\n".to_vec();
        big.resize(partsportal::web::orders::MAX_PROOF_BYTES + 1, b'x');
        let r = upload_proof(&mut buyer, &id, "huge.pdf", &big).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let err = texts(&r.html(), "#f-submit_proof-proof-error");
        assert!(err[0].contains("larger than 10 MB"), "{err:?}");
        assert_eq!(status(&app, &id).await, "pending_payment");
        // No file at all: the proof is missing.
        let r = act(&mut buyer, &id, &[("action", "submit_proof")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(texts(&r.html(), "#f-submit_proof-proof-error").len(), 1);

        // A real PDF moves the order to payment_submitted.
        let r = upload_proof(&mut buyer, &id, "neft-receipt.pdf", PDF).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(status(&app, &id).await, "payment_submitted");
        let doc = buyer.get(&format!("/orders/{id}")).await.html();
        let links = attrs(&doc, "ul.proofs a", "href");
        assert_eq!(links.len(), 1);
        assert_eq!(texts(&doc, "ul.proofs a"), vec!["neft-receipt.pdf"]);

        // Seller finance downloads the proof and verifies the payment.
        let mut finance = signed_in(&app, SELLER_FINANCE).await;
        let dl = finance.get(&links[0]).await;
        assert_eq!(dl.status, StatusCode::OK);
        assert_eq!(dl.headers["content-type"], "application/pdf");
        assert!(
            dl.headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
        assert_eq!(dl.body.as_bytes(), PDF);
        let r = act(&mut finance, &id, &[("action", "verify_payment")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(status(&app, &id).await, "payment_verified");

        // Seller staff accepts and packs.
        let mut staff = signed_in(&app, SELLER_STAFF).await;
        for (action, to) in [("accept", "processing"), ("mark_packed", "packed")] {
            let r = act(&mut staff, &id, &[("action", action)]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{action}: {}", r.body);
            assert_eq!(status(&app, &id).await, to);
        }
        // Shipping without a tracking link: the error is next to that
        // field, what was typed stays, nothing changes.
        let r = act(
            &mut staff,
            &id,
            &[
                ("action", "ship"),
                ("carrier", "Blue Dart"),
                ("tracking_number", "BD123456"),
                ("tracking_link", "see website"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let doc = r.html();
        assert_eq!(
            texts(&doc, "#f-ship-tracking_link-error"),
            vec!["Enter the tracking link: a web address starting with https:// or http://."]
        );
        assert_eq!(texts(&doc, ".field-error .error-text").len(), 1);
        assert_eq!(attrs(&doc, "#f-ship-carrier", "value"), vec!["Blue Dart"]);
        assert_eq!(
            attrs(&doc, "#f-ship-tracking_link", "value"),
            vec!["see website"]
        );
        assert_eq!(status(&app, &id).await, "packed");
        let r = act(
            &mut staff,
            &id,
            &[
                ("action", "ship"),
                ("carrier", "Blue Dart"),
                ("tracking_number", "BD123456"),
                ("tracking_link", "https://track.example/BD123456"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(status(&app, &id).await, "shipped");

        // The buyer sees the tracking and confirms delivery.
        let doc = buyer.get(&format!("/orders/{id}")).await.html();
        assert_eq!(
            attrs(&doc, "a.tracking-link", "href"),
            vec!["https://track.example/BD123456"]
        );
        assert_eq!(texts(&doc, "dd.carrier"), vec!["Blue Dart"]);
        let r = act(&mut buyer, &id, &[("action", "confirm_delivery")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(status(&app, &id).await, "delivered");

        let steps = [
            "pending_payment",
            "payment_submitted",
            "payment_verified",
            "processing",
            "packed",
            "shipped",
            "delivered",
        ];
        assert_eq!(history(&app, &id).await, steps);
        let doc = buyer.get(&format!("/orders/{id}")).await.html();
        assert_eq!(
            texts(&doc, ".order-timeline .tl-status"),
            vec![
                "Placed: Pending payment",
                "Payment submitted",
                "Payment verified",
                "Processing",
                "Packed",
                "Shipped",
                "Delivered"
            ]
        );
        let who = texts(&doc, ".order-timeline .tl-who");
        assert!(who[2].starts_with("Demo Finance ("), "{who:?}");
        assert!(who[3].starts_with("Demo Seller staff ("), "{who:?}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn refused_actions_answer_403_or_409_and_change_nothing() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut buyer = signed_in(&app, BUYER).await;
        let id = place_order(&app, &mut buyer, 1, "", "").await;

        // The buyer tries the seller's move.
        let r = act(&mut buyer, &id, &[("action", "mark_packed")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(texts(&r.html(), ".refusal")[0].contains("Mark packed"));
        // The buyer's finance may not verify its own payment.
        let mut finance = signed_in(&app, BUYER_FINANCE).await;
        let r = act(&mut finance, &id, &[("action", "verify_payment")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // Seller staff may ship, but not an unpaid order.
        let mut staff = signed_in(&app, SELLER_STAFF).await;
        let r = act(
            &mut staff,
            &id,
            &[
                ("action", "ship"),
                ("carrier", "Blue Dart"),
                ("tracking_number", "BD1"),
                ("tracking_link", "https://track.example/BD1"),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(texts(&r.html(), ".refusal").len(), 1);

        assert_eq!(status(&app, &id).await, "pending_payment");
        assert_eq!(history(&app, &id).await, ["pending_payment"]);
        let tracking: String = one_string(
            &app,
            "SELECT carrier || tracking_number FROM orders WHERE id = $1",
            &id,
        )
        .await;
        assert_eq!(tracking, "");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_organization_gets_404_on_every_order_route() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut buyer = signed_in(&app, BUYER).await;
        let id = place_order(&app, &mut buyer, 1, "", "").await;
        let r = upload_proof(&mut buyer, &id, "receipt.pdf", PDF).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let proof = attrs(
            &buyer.get(&format!("/orders/{id}")).await.html(),
            "ul.proofs a",
            "href",
        )[0]
        .clone();

        for email in [CLINIC_BUYER, OTHER_SELLER] {
            let mut c = signed_in(&app, email).await;
            c.get("/").await;
            for uri in [
                format!("/orders/{id}"),
                proof.clone(),
                format!("/orders/{id}/packing-slip"),
            ] {
                assert_eq!(
                    c.get(&uri).await.status,
                    StatusCode::NOT_FOUND,
                    "{email} {uri}"
                );
            }
            let posts: [(String, Vec<(&str, &str)>); 3] = [
                (format!("/orders/{id}/act"), vec![("action", "cancel")]),
                (format!("/orders/{id}/messages"), vec![("body", "hello")]),
                (format!("/orders/{id}/reorder"), vec![]),
            ];
            for (uri, fields) in &posts {
                let r = c.post(uri, fields).await;
                // The reorder route needs the Buy permission: a seller is
                // refused before the order is looked up.
                let want = if email == OTHER_SELLER && uri.ends_with("/reorder") {
                    StatusCode::FORBIDDEN
                } else {
                    StatusCode::NOT_FOUND
                };
                assert_eq!(r.status, want, "{email} {uri}");
            }
            let list = c.get("/orders").await;
            if email == CLINIC_BUYER {
                assert!(texts(&list.html(), ".order-list .order-number").is_empty());
            }
        }
        let mut other_seller = signed_in(&app, OTHER_SELLER).await;
        let doc = other_seller.get("/seller/orders?tab=all").await.html();
        assert!(texts(&doc, ".order-list .order-number").is_empty());
        assert_eq!(status(&app, &id).await, "payment_submitted");
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM order_messages WHERE order_id = $1",
                &id
            )
            .await,
            0
        );
        let (clinic_user, _) = who(&app, CLINIC_BUYER).await;
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM cart_lines WHERE user_id = $1",
                &clinic_user
            )
            .await,
            0,
            "the order's parts reached no other buyer's cart"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn both_sides_write_on_the_thread_and_the_other_side_is_notified() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut buyer = signed_in(&app, BUYER).await;
        let id = place_order(&app, &mut buyer, 1, "", "").await;
        let before = count(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE order_id = $1",
            &id,
        )
        .await;

        buyer.get(&format!("/orders/{id}")).await;
        let r = buyer
            .post(&format!("/orders/{id}/messages"), &[("body", "   ")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            texts(&r.html(), "#f-body-error"),
            vec!["Write a message first."]
        );
        let long = "x".repeat(2001);
        let r = buyer
            .post(&format!("/orders/{id}/messages"), &[("body", &long)])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(texts(&r.html(), "#f-body-error")[0].contains("2000"));
        assert_eq!(texts(&r.html(), "#f-body"), vec![long.clone()]);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM order_messages WHERE order_id = $1",
                &id
            )
            .await,
            0
        );

        let r = buyer
            .post(
                &format!("/orders/{id}/messages"),
                &[("body", "Please ship before Friday.")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        app.clock.advance(Duration::from_secs(1));
        // The seller's admins and staff hear of it.
        let (_, seller) = who(&app, SELLER_ADMIN).await;
        let told: Vec<String> = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT u.role FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE n.order_id = $1 AND u.org_id = $2 AND n.title LIKE 'New message%' ORDER BY u.role"
        )
        .bind(&id)
        .bind(&seller)
        .fetch_all(p)
        .await)
        .unwrap();
        assert_eq!(told, ["seller_admin", "seller_staff"]);

        let mut staff = signed_in(&app, SELLER_STAFF).await;
        staff.get(&format!("/orders/{id}")).await;
        let r = staff
            .post(&format!("/orders/{id}/messages"), &[("body", "Will do.")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (buyer_id, _) = who(&app, BUYER).await;
        let buyer_told = count(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND title LIKE 'New message%'",
            &buyer_id,
        )
        .await;
        assert_eq!(buyer_told, 1);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM notifications WHERE order_id = $1",
                &id
            )
            .await,
            before + 3
        );

        let doc = buyer.get(&format!("/orders/{id}")).await.html();
        assert_eq!(
            texts(&doc, ".order-messages .msg-body"),
            vec!["Please ship before Friday.", "Will do."]
        );
        assert_eq!(
            texts(&doc, ".order-messages .msg-author"),
            vec!["Demo Buyer", "Demo Seller staff"]
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_packing_slip_is_the_sellers_and_has_no_prices() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut buyer = signed_in(&app, BUYER).await;
        let id = place_order(&app, &mut buyer, 4, "PO-SLIP", "").await;
        let (_, part_number) = seller_part(&app).await;
        let mut staff = signed_in(&app, SELLER_STAFF).await;
        let r = staff.get(&format!("/orders/{id}/packing-slip")).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert_eq!(texts(&doc, ".slip-lines tbody tr").len(), 1);
        assert_eq!(texts(&doc, ".slip-lines tbody code"), vec![part_number]);
        assert_eq!(texts(&doc, ".slip-lines tbody td.num")[1], "4");
        assert!(texts(&doc, ".slip-ship-to address")[0].contains("Mumbai"));
        assert!(texts(&doc, ".packing-slip .price").is_empty(), "no prices");
        let number = one_string(&app, "SELECT number FROM orders WHERE id = $1", &id).await;
        assert_eq!(texts(&doc, ".packing-slip .order-number"), vec![number]);
        // The buyer has no packing slip.
        assert_eq!(
            buyer
                .get(&format!("/orders/{id}/packing-slip"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn reorder_puts_the_parts_back_and_says_what_it_could_not() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut buyer = signed_in(&app, BUYER).await;
        let id = place_order(&app, &mut buyer, 2, "", "").await;
        let (part_id, part_number) = seller_part(&app).await;
        let (buyer_id, _) = who(&app, BUYER).await;
        let in_cart = |app: &TestApp| {
            let (buyer_id, part_id) = (buyer_id.clone(), part_id.clone());
            let db = app.db.clone();
            async move {
                let q: Option<i64> = on_db!(&db, |p| sqlx::query_scalar(
                    "SELECT CAST(quantity AS BIGINT) FROM cart_lines WHERE user_id = $1 AND part_id = $2"
                )
                .bind(&buyer_id)
                .bind(&part_id)
                .fetch_optional(p)
                .await)
                .unwrap();
                q
            }
        };
        assert_eq!(in_cart(&app).await, None, "placing emptied the cart");

        // Out of stock: refused, with the reason.
        let stock: i64 = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT stock FROM parts WHERE id = $1"
        )
        .bind(&part_id)
        .fetch_one(p)
        .await)
        .unwrap();
        exec(
            &app,
            "UPDATE parts SET stock = $2 WHERE id = $1",
            &part_id,
            0,
        )
        .await;
        buyer.get(&format!("/orders/{id}")).await;
        let r = buyer.post(&format!("/orders/{id}/reorder"), &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        let banner = texts(&r.html(), ".notice-warn").join(" ");
        assert!(
            banner.starts_with("Not added:") && banner.contains(&part_number),
            "{banner}"
        );
        assert_eq!(in_cart(&app).await, None);

        // In stock again: added at the ordered quantity, once.
        exec(
            &app,
            "UPDATE parts SET stock = $2 WHERE id = $1",
            &part_id,
            stock,
        )
        .await;
        buyer.get(&format!("/orders/{id}")).await;
        let r = buyer.post(&format!("/orders/{id}/reorder"), &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        let notice = texts(&doc, "div.notice[role=status]").join(" ");
        assert!(
            notice.contains(&format!("added 2 × {part_number}")),
            "{notice}"
        );
        assert!(texts(&doc, ".notice-warn").is_empty());
        assert_eq!(in_cart(&app).await, Some(2));
        let r = buyer.post(&format!("/orders/{id}/reorder"), &[]).await;
        let notice = texts(&r.html(), "div.notice[role=status]").join(" ");
        assert!(notice.contains("Already in your cart"), "{notice}");
        assert_eq!(in_cart(&app).await, Some(2), "a second send adds nothing");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn an_order_above_the_threshold_waits_in_the_approvals_queue() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let (_, buyer_org) = who(&app, BUYER).await;
        exec(
            &app,
            "INSERT INTO buyer_settings (org_id, approval_threshold_minor, currency, updated_at) \
             VALUES ($1, 100, 'INR', $2) ON CONFLICT (org_id) DO UPDATE SET approval_threshold_minor = 100",
            &buyer_org,
            app.clock.now_ms(),
        )
        .await;
        let mut buyer = signed_in(&app, BUYER).await;
        let id = place_order(&app, &mut buyer, 1, "PO-APPROVE", "").await;
        assert_eq!(status(&app, &id).await, "awaiting_approval");
        let number = one_string(&app, "SELECT number FROM orders WHERE id = $1", &id).await;

        // The seller does not see it yet; a buyer without Approve has no queue.
        let mut staff = signed_in(&app, SELLER_STAFF).await;
        assert_eq!(
            staff.get(&format!("/orders/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert!(
            texts(
                &staff.get("/seller/orders?tab=all").await.html(),
                ".order-number"
            )
            .is_empty()
        );
        assert_eq!(buyer.get("/approvals").await.status, StatusCode::FORBIDDEN);

        let mut approver = signed_in(&app, APPROVER).await;
        let doc = approver.get("/approvals").await.html();
        assert_eq!(texts(&doc, ".approval-card h2"), vec![number.clone()]);
        let (_, seller) = who(&app, SELLER_ADMIN).await;
        let seller_name = one_string(
            &app,
            "SELECT name FROM organizations WHERE id = $1",
            &seller,
        )
        .await;
        assert_eq!(texts(&doc, ".approval-card dd")[2], seller_name);
        assert!(texts(&doc, ".approval-card dd")[1].starts_with("Demo Buyer"));

        // Rejecting needs a reason: the error is next to the field.
        let r = approver
            .post(
                &format!("/orders/{id}/act"),
                &[("action", "reject"), ("from", "approvals"), ("reason", " ")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            texts(&r.html(), "#f-reject-reason-error"),
            vec!["Give a reason: the other party reads it."]
        );
        assert_eq!(status(&app, &id).await, "awaiting_approval");

        let r = approver
            .post(
                &format!("/orders/{id}/act"),
                &[("action", "approve"), ("from", "approvals")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let back = r.headers["location"].to_str().unwrap().to_owned();
        assert!(back.starts_with("/approvals?"), "{back}");
        assert_eq!(status(&app, &id).await, "pending_payment");
        let doc = approver.get(&back).await.html();
        assert_eq!(
            texts(&doc, "div.notice[role=status]"),
            vec![format!("Order {number} approved.")]
        );
        assert!(texts(&doc, ".approval-card").is_empty());
        // Now the seller sees it.
        assert_eq!(
            staff.get(&format!("/orders/{id}")).await.status,
            StatusCode::OK
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_seller_dashboard_groups_orders_by_what_they_need() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut buyer = signed_in(&app, BUYER).await;
        let a = place_order(&app, &mut buyer, 1, "PO-DASH-A", "").await;
        let _b = place_order(&app, &mut buyer, 1, "PO-DASH-B", "").await;
        let r = upload_proof(&mut buyer, &a, "receipt.pdf", PDF).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let number_a = one_string(&app, "SELECT number FROM orders WHERE id = $1", &a).await;

        let mut staff = signed_in(&app, SELLER_STAFF).await;
        let doc = staff.get("/seller/orders").await.html();
        assert_eq!(
            texts(&doc, ".order-tabs a"),
            vec![
                "Needs attention 1",
                "Awaiting payment verification 1",
                "Processing 0",
                "Shipped 0",
                "Completed 0",
                "Cancelled 0",
                "All 2"
            ]
        );
        assert_eq!(
            texts(&doc, ".order-tabs a[aria-current=page]"),
            vec!["Needs attention 1"]
        );
        assert_eq!(
            texts(&doc, ".order-list .order-number a"),
            vec![number_a.clone()]
        );
        assert_eq!(
            attrs(&doc, ".order-list .order-number a", "href"),
            vec![format!("/orders/{a}")]
        );
        let all = staff.get("/seller/orders?tab=all").await.html();
        assert_eq!(texts(&all, ".order-list .order-number a").len(), 2);
        let found = staff.get("/seller/orders?tab=all&q=dash-a").await.html();
        assert_eq!(
            texts(&found, ".order-list .order-number a"),
            vec![number_a.clone()]
        );
        let (_, buyer_org) = who(&app, BUYER).await;
        let buyer_name = one_string(
            &app,
            "SELECT name FROM organizations WHERE id = $1",
            &buyer_org,
        )
        .await;
        let q = serde_urlencoded::to_string([("q", buyer_name.to_uppercase())]).unwrap();
        let by_buyer = staff
            .get(&format!("/seller/orders?tab=all&{q}"))
            .await
            .html();
        assert_eq!(texts(&by_buyer, ".order-list .order-number a").len(), 2);
        app.cleanup().await;
    }
}
