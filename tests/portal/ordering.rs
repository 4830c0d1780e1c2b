//! Placing and moving orders under pressure, on both engines, through the
//! library calls the pages use: concurrent checkouts never oversell, a
//! checkout submitted many times places once, conflicting moves have one
//! winner, and the whole status machine holds in the database: every
//! status × action × role either moves the order exactly as the table says
//! or changes nothing.

use std::collections::HashMap;
use std::sync::Arc;

use partsportal::db::orders::{PlaceOutcome, PlaceRequest};
use partsportal::db::{self, Db};
use partsportal::domain::access::Role;
use partsportal::domain::checkout::{DetailsInput, LineIn, price_order};
use partsportal::domain::order_status::{
    Action, Actor, OrderStatus, PaymentMethod, Side, TransitionInput, transition,
};
use partsportal::domain::shipping::{ShipOption, ShippingRules};
use partsportal::domain::tax::{Place, TaxTable};
use partsportal::on_db;
use partsportal::ordering::act::{Acted, act};
use partsportal::ordering::place::{Placing, place};
use partsportal::ordering::{Choices, SellerChoice};

use crate::helpers::{engines, spawn_app};

const NOW: i64 = 1_795_000_000_000; // 2026-11-18

/// The demo hospital, its buyer, and the first manufacturer (which has a
/// user of every seller role) with one of its parts set to `stock` units
/// at ₹1,000.
pub struct World {
    pub hospital: String,
    pub buyer: String,
    pub seller: String,
    pub part: String,
    pub address: String,
}

async fn scalar(db: &Db, sql: &'static str, arg: &str) -> String {
    on_db!(db, |p| sqlx::query_scalar::<_, String>(sql)
        .bind(arg)
        .fetch_one(p)
        .await)
    .unwrap()
}

async fn count(db: &Db, sql: &'static str, arg: &str) -> i64 {
    on_db!(db, |p| sqlx::query_scalar::<_, i64>(sql)
        .bind(arg)
        .fetch_one(p)
        .await)
    .unwrap()
}

async fn exec(db: &Db, sql: &'static str, args: &[&str]) {
    on_db!(db, |p| {
        let mut q = sqlx::query(sql);
        for a in args {
            q = q.bind(*a);
        }
        q.execute(p).await.map(|_| ())
    })
    .unwrap();
}

async fn world(db: &Db, stock: i64) -> World {
    let seller = scalar(
        db,
        "SELECT org_id FROM users WHERE email = $1",
        "seller-admin@manufacturer.example.com",
    )
    .await;
    world_selling(db, stock, seller).await
}

/// The demo hospital buying from `seller`.
pub async fn world_selling(db: &Db, stock: i64, seller: String) -> World {
    let hospital = scalar(
        db,
        "SELECT org_id FROM users WHERE email = $1",
        "buyer@hospital.example.com",
    )
    .await;
    let buyer = scalar(
        db,
        "SELECT id FROM users WHERE email = $1",
        "buyer@hospital.example.com",
    )
    .await;
    exec(
        db,
        "UPDATE organizations SET status = 'active' WHERE id = $1",
        &[&seller],
    )
    .await;
    let part = scalar(
        db,
        "SELECT id FROM parts WHERE seller_id = $1 AND status = 'active' ORDER BY id LIMIT 1",
        &seller,
    )
    .await;
    on_db!(db, |p| sqlx::query(
        "UPDATE parts SET stock = $1, moq = 1, price_minor = 100000, currency = 'INR', gst_rate = 18, \
         visibility = 'public', lead_time_days = 2 WHERE id = $2"
    )
    .bind(stock)
    .bind(&part)
    .execute(p)
    .await
    .map(|_| ()))
    .unwrap();
    let raw = partsportal::domain::address::Raw {
        kind: "shipping".into(),
        contact_name: "Stores".into(),
        line1: "1 Hospital Road".into(),
        city: "Nagpur".into(),
        state: "27".into(),
        postal_code: "440010".into(),
        country: "IN".into(),
        ..Default::default()
    };
    let address = partsportal::domain::address::check(&raw).unwrap();
    let audit = db::audit::Entry {
        kind: "address.create",
        actor_id: None,
        actor_label: "test",
        org_id: Some(&hospital),
        ip: "",
        request_id: "",
        summary: "test",
    };
    let address = db::addresses::create(db, &hospital, &address, NOW, &audit)
        .await
        .unwrap();
    World {
        hospital,
        buyer,
        seller,
        part,
        address,
    }
}

/// Another buyer user of the hospital (a copy of the demo buyer).
async fn extra_buyer(db: &Db, w: &World, n: usize) -> String {
    let id = db::new_id();
    let email = format!("buyer{n}@hospital.example.com");
    on_db!(db, |p| sqlx::query(
        "INSERT INTO users (id, org_id, email, name, role, password_hash, email_verified, status, created_at, password_changed_at) \
         SELECT $1, org_id, $2, name, role, password_hash, email_verified, status, created_at, password_changed_at \
         FROM users WHERE id = $3"
    )
    .bind(&id)
    .bind(&email)
    .bind(&w.buyer)
    .execute(p)
    .await
    .map(|_| ()))
    .unwrap();
    id
}

/// A ready draft checkout of `quantity` of the world's part for `user`.
async fn ready_checkout(
    db: &Db,
    w: &World,
    user: &str,
    quantity: i32,
    payment: PaymentMethod,
) -> String {
    db::cart::put(
        db,
        &db::cart::NewLine {
            user_id: user,
            org_id: &w.hospital,
            part_id: &w.part,
            quantity,
            price_minor: 100_000,
            currency: "INR",
        },
        NOW,
    )
    .await
    .unwrap();
    let id = db::checkouts::create(db, user, &w.hospital, NOW)
        .await
        .unwrap();
    assert!(
        db::checkouts::set_addresses(db, user, &id, &w.address, None, NOW)
            .await
            .unwrap()
    );
    let mut choices = Choices::default();
    choices.sellers.insert(
        w.seller.clone(),
        SellerChoice {
            option: "standard".into(),
            payment: payment.as_str().into(),
        },
    );
    assert!(
        db::checkouts::set_choices(db, user, &id, &choices.to_json(), NOW)
            .await
            .unwrap()
    );
    id
}

async fn stock_of(db: &Db, part: &str) -> i64 {
    count(db, "SELECT stock FROM parts WHERE id = $1", part).await
}

#[tokio::test]
async fn fifty_concurrent_checkouts_for_five_units_sell_exactly_five() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let db = app.db.clone();
        let w = Arc::new(world(&db, 5).await);
        let mut drafts = Vec::new();
        for n in 0..50 {
            let user = extra_buyer(&db, &w, n).await;
            let checkout = ready_checkout(&db, &w, &user, 1, PaymentMethod::BankTransfer).await;
            drafts.push((user, checkout));
        }
        let tasks: Vec<_> = drafts
            .into_iter()
            .map(|(user, checkout)| {
                let (db, w) = (db.clone(), w.clone());
                tokio::spawn(async move {
                    place(&db, &user, &w.hospital, &checkout, NOW, "http://x").await
                })
            })
            .collect();
        let (mut placed, mut short, mut other) = (0, 0, Vec::new());
        for t in tasks {
            match t.await.unwrap() {
                Ok(Placing::Done(PlaceOutcome::Placed { orders, .. })) => {
                    assert_eq!(orders.len(), 1);
                    placed += 1;
                }
                Ok(Placing::Done(PlaceOutcome::Short(lines))) => {
                    assert_eq!(lines.len(), 1);
                    assert_eq!(lines[0].wanted, 1);
                    assert_eq!(lines[0].available, 0);
                    short += 1;
                }
                // Refused before the transaction: the review already saw
                // the stock gone.
                Ok(Placing::NotReady(why))
                    if why.len() == 1 && why[0].contains("Now out of stock") =>
                {
                    short += 1;
                }
                r => other.push(format!("{r:?}")),
            }
        }
        assert!(
            other.is_empty(),
            "{engine:?}: errors or odd outcomes: {other:?}"
        );
        assert_eq!((placed, short), (5, 45), "{engine:?}");
        assert_eq!(stock_of(&db, &w.part).await, 0);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM orders WHERE seller_org_id = $1",
                &w.seller
            )
            .await,
            5
        );
        // Order numbers are sequential per seller, without gaps.
        let numbers: Vec<String> = on_db!(&db, |p| sqlx::query_scalar(
            "SELECT number FROM orders WHERE seller_org_id = $1 ORDER BY number"
        )
        .bind(&w.seller)
        .fetch_all(p)
        .await)
        .unwrap();
        let year = partsportal::domain::checkout::year_of(NOW);
        let want: Vec<String> = (1..=5)
            .map(|i| partsportal::domain::checkout::order_number(year, i))
            .collect();
        assert_eq!(numbers, want);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn ten_submits_of_one_checkout_place_it_once() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let db = app.db.clone();
        let w = Arc::new(world(&db, 10).await);
        let checkout = ready_checkout(&db, &w, &w.buyer, 3, PaymentMethod::BankTransfer).await;
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let (db, w, checkout) = (db.clone(), w.clone(), checkout.clone());
                tokio::spawn(async move {
                    place(&db, &w.buyer, &w.hospital, &checkout, NOW, "http://x").await
                })
            })
            .collect();
        let mut outcomes: HashMap<&str, usize> = HashMap::new();
        for t in tasks {
            let key = match t.await.unwrap().unwrap() {
                Placing::Done(PlaceOutcome::Placed { .. }) => "placed",
                Placing::Done(PlaceOutcome::AlreadyPlaced) => "already",
                other => panic!("{engine:?}: {other:?}"),
            };
            *outcomes.entry(key).or_default() += 1;
        }
        assert_eq!(outcomes.get("placed"), Some(&1), "{engine:?} {outcomes:?}");
        assert_eq!(outcomes.get("already"), Some(&9));
        assert_eq!(stock_of(&db, &w.part).await, 7, "one decrement");
        let order: String = scalar(
            &db,
            "SELECT id FROM orders WHERE checkout_id = $1",
            &checkout,
        )
        .await;
        // One mail per recipient: the buyer and each of the seller's
        // admins and staff.
        let mails: Vec<String> = on_db!(&db, |p| sqlx::query_scalar(
            "SELECT to_addr FROM mail_outbox WHERE dedup_key LIKE $1 ORDER BY to_addr"
        )
        .bind(format!("order:{order}:%"))
        .fetch_all(p)
        .await)
        .unwrap();
        let mut unique = mails.clone();
        unique.dedup();
        assert_eq!(mails, unique, "no recipient mailed twice");
        assert!(
            mails.contains(&"buyer@hospital.example.com".to_string()),
            "{mails:?}"
        );
        assert!(mails.contains(&"seller-admin@manufacturer.example.com".to_string()));
        assert!(!mails.contains(&"finance@manufacturer.example.com".to_string()));
        // The cart line went with the order.
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM cart_lines WHERE user_id = $1",
                &w.buyer
            )
            .await,
            0
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_same_part_on_two_lines_over_stock_together_is_refused() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let db = app.db.clone();
        let w = world(&db, 5).await;
        let checkout = db::checkouts::create(&db, &w.buyer, &w.hospital, NOW)
            .await
            .unwrap();
        let req = direct_request(&w, checkout.clone(), &[(&w.part, 3), (&w.part, 3)], 100_000);
        match db::orders::place(&db, &req, |_| Vec::new()).await.unwrap() {
            PlaceOutcome::Short(lines) => {
                assert_eq!(lines.len(), 1);
                assert_eq!((lines[0].wanted, lines[0].available), (6, 5));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(stock_of(&db, &w.part).await, 5, "nothing taken");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM checkouts WHERE id = $1 AND status = 'draft'",
                &checkout
            )
            .await,
            1,
            "the checkout is still a draft"
        );
        app.cleanup().await;
    }
}

/// A placing request for `w`'s seller, built straight from catalog lines
/// (part id, quantity) at ₹`unit_minor`/100 each, around the cart: for
/// tests of the transaction itself.
fn direct_request(
    w: &World,
    checkout: String,
    lines: &[(&str, u32)],
    unit_minor: i64,
) -> PlaceRequest {
    let lines: Vec<LineIn> = lines
        .iter()
        .map(|(id, q)| LineIn {
            part_id: (*id).to_owned(),
            part_number: "X".into(),
            name: "X".into(),
            hsn_code: String::new(),
            unit_minor,
            currency: "INR".into(),
            quantity: *q,
            gst_rate: 18,
            weight_grams: 100,
            lead_time_days: 1,
        })
        .collect();
    let mh = Place::new("IN", "27").unwrap();
    let priced = price_order(
        &lines,
        &mh,
        &mh,
        &ShippingRules::default(),
        ShipOption::Standard,
        &TaxTable::default(),
        NOW / 86_400_000,
    )
    .unwrap();
    PlaceRequest {
        checkout_id: checkout,
        user_id: w.buyer.clone(),
        org_id: w.hospital.clone(),
        ship_to: "x".into(),
        ship_to_state: "27".into(),
        ship_to_country: "IN".into(),
        bill_to: String::new(),
        buyer_gstin: String::new(),
        details: DetailsInput::default(),
        orders: vec![db::orders::NewOrder {
            seller_id: w.seller.clone(),
            seller_name: "S".into(),
            seller_gstin: String::new(),
            payment: PaymentMethod::BankTransfer,
            priced,
            needs_approval: false,
            terms: None,
        }],
        now: NOW,
    }
}

/// Places one bank-transfer order of 2 units and returns its id.
pub async fn one_order(db: &Db, w: &World) -> String {
    let checkout = ready_checkout(db, w, &w.buyer, 2, PaymentMethod::BankTransfer).await;
    match place(db, &w.buyer, &w.hospital, &checkout, NOW, "http://x")
        .await
        .unwrap()
    {
        Placing::Done(PlaceOutcome::Placed { orders, .. }) => orders[0].id.clone(),
        other => panic!("{other:?}"),
    }
}

async fn user_of(db: &Db, email: &str) -> (String, String) {
    on_db!(db, |p| sqlx::query_as::<_, (String, String)>(
        "SELECT id, org_id FROM users WHERE email = $1"
    )
    .bind(email)
    .fetch_one(p)
    .await)
    .unwrap()
}

#[tokio::test]
async fn of_two_conflicting_moves_exactly_one_wins() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let db = app.db.clone();
        let w = world(&db, 10).await;
        let order = one_order(&db, &w).await;
        let (buyer_fin, hospital) = user_of(&db, "finance@hospital.example.com").await;
        let file = proof_file(&db, &hospital, &buyer_fin).await;
        let input = TransitionInput {
            reason: "No such credit on our statement".into(),
            ..TransitionInput::default()
        };
        assert_eq!(
            act(
                &db,
                &buyer_fin,
                &hospital,
                Role::Finance,
                &order,
                Action::SubmitProof,
                &input,
                Some(file),
                NOW,
                "http://x"
            )
            .await
            .unwrap(),
            Acted::Applied(OrderStatus::PaymentSubmitted)
        );
        let history_before = count(
            &db,
            "SELECT COUNT(*) FROM order_status_history WHERE order_id = $1",
            &order,
        )
        .await;
        let (fin, seller) = user_of(&db, "finance@manufacturer.example.com").await;
        let (admin, _) = user_of(&db, "seller-admin@manufacturer.example.com").await;
        let verify = {
            let (db, fin, seller, order, input) = (
                db.clone(),
                fin.clone(),
                seller.clone(),
                order.clone(),
                input.clone(),
            );
            tokio::spawn(async move {
                act(
                    &db,
                    &fin,
                    &seller,
                    Role::Finance,
                    &order,
                    Action::VerifyPayment,
                    &input,
                    None,
                    NOW,
                    "http://x",
                )
                .await
            })
        };
        let reject = {
            let (db, seller, order, input) =
                (db.clone(), seller.clone(), order.clone(), input.clone());
            tokio::spawn(async move {
                act(
                    &db,
                    &admin,
                    &seller,
                    Role::SellerAdmin,
                    &order,
                    Action::RejectPayment,
                    &input,
                    None,
                    NOW,
                    "http://x",
                )
                .await
            })
        };
        let results = [
            verify.await.unwrap().unwrap(),
            reject.await.unwrap().unwrap(),
        ];
        let applied: Vec<&Acted> = results
            .iter()
            .filter(|r| matches!(r, Acted::Applied(_)))
            .collect();
        assert_eq!(applied.len(), 1, "{engine:?}: {results:?}");
        assert!(
            results
                .iter()
                .any(|r| matches!(r, Acted::Conflict | Acted::Refused(_))),
            "{results:?}"
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM order_status_history WHERE order_id = $1",
                &order
            )
            .await,
            history_before + 1
        );
        app.cleanup().await;
    }
}

async fn proof_file(db: &Db, org: &str, user: &str) -> String {
    let stored = partsportal::files::Stored {
        stored_name: db::new_id(),
        size: 9,
        sha256: "0".repeat(64),
    };
    db::files::insert(
        db,
        &db::files::NewFile {
            org_id: org,
            purpose: "payment_proof",
            original_name: "proof.pdf",
            content_type: "application/pdf",
            stored: &stored,
            created_by: Some(user),
        },
        NOW,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn every_status_action_and_role_moves_as_the_table_says_or_changes_nothing() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let db = app.db.clone();
        let w = world(&db, 1_000).await;
        let order = one_order(&db, &w).await;
        // One user of every role on each side.
        let mut actors: Vec<(Actor, String, String)> = Vec::new();
        for (side, kind, roles) in [
            (
                Side::Buyer,
                "hospital",
                &[
                    Role::OrgAdmin,
                    Role::Buyer,
                    Role::Approver,
                    Role::Finance,
                    Role::Engineer,
                ][..],
            ),
            (
                Side::Seller,
                "manufacturer",
                &[Role::SellerAdmin, Role::SellerStaff, Role::Finance][..],
            ),
        ] {
            for role in roles {
                let email = format!("{}@{kind}.example.com", role.as_str().replace('_', "-"));
                let (id, org) = user_of(&db, &email).await;
                actors.push((Actor { side, role: *role }, id, org));
            }
        }
        let (_, payer, payer_org) = actors[1].clone();
        let file = proof_file(&db, &payer_org, &payer).await;
        let full = TransitionInput {
            reason: "Checked".into(),
            proof_attached: true,
            carrier: "DTDC".into(),
            tracking_number: "D1".into(),
            tracking_link: "https://track.example/D1".into(),
        };
        let (mut applied, mut refused) = (0, 0);
        for payment in PaymentMethod::ALL {
            exec(
                &db,
                "UPDATE orders SET payment_method = $1 WHERE id = $2",
                &[payment.as_str(), &order],
            )
            .await;
            for status in OrderStatus::ALL {
                for action in Action::ALL {
                    for (actor, user, org) in &actors {
                        exec(
                            &db,
                            "UPDATE orders SET status = $1 WHERE id = $2",
                            &[status.as_str(), &order],
                        )
                        .await;
                        let history = count(
                            &db,
                            "SELECT COUNT(*) FROM order_status_history WHERE order_id = $1",
                            &order,
                        )
                        .await;
                        let stock = stock_of(&db, &w.part).await;
                        let expected = transition(status, action, *actor, &full, payment);
                        let got = act(
                            &db,
                            user,
                            org,
                            actor.role,
                            &order,
                            action,
                            &full,
                            Some(file.clone()),
                            NOW,
                            "http://x",
                        )
                        .await
                        .unwrap();
                        let now_status =
                            scalar(&db, "SELECT status FROM orders WHERE id = $1", &order).await;
                        let history_after = count(
                            &db,
                            "SELECT COUNT(*) FROM order_status_history WHERE order_id = $1",
                            &order,
                        )
                        .await;
                        match expected {
                            Ok(mv) => {
                                assert_eq!(
                                    got,
                                    Acted::Applied(mv.to),
                                    "{engine:?} {status:?} {action:?} {actor:?}"
                                );
                                assert_eq!(now_status, mv.to.as_str());
                                assert_eq!(history_after, history + 1);
                                let released = mv.effects.contains(
                                    &partsportal::domain::order_status::Effect::ReleaseStock,
                                );
                                assert_eq!(
                                    stock_of(&db, &w.part).await,
                                    stock + if released { 2 } else { 0 }
                                );
                                applied += 1;
                            }
                            Err(r) => {
                                assert_eq!(
                                    got,
                                    Acted::Refused(r),
                                    "{engine:?} {status:?} {action:?} {actor:?}"
                                );
                                assert_eq!(now_status, status.as_str(), "unchanged");
                                assert_eq!(history_after, history, "no history row");
                                assert_eq!(stock_of(&db, &w.part).await, stock);
                                refused += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(
            applied > 40 && refused > 1_000,
            "{applied} applied, {refused} refused"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn concurrent_orders_of_the_same_parts_all_go_through() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let db = app.db.clone();
        let w = Arc::new(world(&db, 1_000).await);
        let parts: Vec<String> = on_db!(&db, |p| {
            sqlx::query_scalar(
            "SELECT id FROM parts WHERE seller_id = $1 AND status = 'active' ORDER BY id LIMIT 4"
        )
        .bind(&w.seller)
        .fetch_all(p)
        .await
        })
        .unwrap();
        for id in &parts {
            exec(
                &db,
                "UPDATE parts SET stock = 1000, currency = 'INR', gst_rate = 18 WHERE id = $1",
                &[id],
            )
            .await;
        }
        let mut tasks = Vec::new();
        for n in 0..24usize {
            // Each order lists the parts in another order.
            let mut mine = parts.clone();
            mine.rotate_left(n % parts.len());
            let lines: Vec<(&str, u32)> = mine.iter().map(|id| (id.as_str(), 1)).collect();
            let checkout = db::checkouts::create(&db, &w.buyer, &w.hospital, NOW)
                .await
                .unwrap();
            let req = direct_request(&w, checkout, &lines, 10_000);
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                db::orders::place(&db, &req, |_| Vec::new()).await
            }));
        }
        for t in tasks {
            let outcome = t.await.unwrap();
            assert!(
                matches!(outcome, Ok(PlaceOutcome::Placed { .. })),
                "{engine:?}: {outcome:?}"
            );
        }
        for id in &parts {
            assert_eq!(stock_of(&db, id).await, 1_000 - 24, "{engine:?}");
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_checkout_refused_in_a_rush_gives_back_what_it_took_and_the_others_place() {
    // Placings that arrive together share one transaction (group commit);
    // a checkout in it that takes one part and then falls short on the
    // next must hold nothing and change nothing, while the rest place.
    for engine in engines() {
        let app = spawn_app(engine).await;
        let db = app.db.clone();
        let w = Arc::new(world(&db, 1_000).await);
        // A part after `w.part` in id order, so the short checkouts take
        // `w.part` first and must give it back.
        let gone = on_db!(&db, |p| sqlx::query_scalar::<_, String>(
            "SELECT id FROM parts WHERE seller_id = $1 AND status = 'active' AND id > $2 ORDER BY id LIMIT 1"
        )
        .bind(&w.seller)
        .bind(&w.part)
        .fetch_one(p)
        .await)
        .unwrap();
        exec(
            &db,
            "UPDATE parts SET stock = 0, currency = 'INR', gst_rate = 18 WHERE id = $1",
            &[&gone],
        )
        .await;
        let mut tasks = Vec::new();
        for n in 0..30usize {
            let checkout = db::checkouts::create(&db, &w.buyer, &w.hospital, NOW)
                .await
                .unwrap();
            let lines: Vec<(&str, u32)> = if n % 2 == 0 {
                vec![(&w.part, 2)]
            } else {
                vec![(&w.part, 2), (&gone, 1)]
            };
            let req = direct_request(&w, checkout.clone(), &lines, 10_000);
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                (
                    n,
                    checkout,
                    db::orders::place(&db, &req, |_| Vec::new()).await,
                )
            }));
        }
        let mut numbers = Vec::new();
        let mut references = Vec::new();
        for t in tasks {
            let (n, checkout, outcome) = t.await.unwrap();
            match outcome.unwrap() {
                PlaceOutcome::Placed { reference, orders } if n % 2 == 0 => {
                    references.push(reference);
                    numbers.push(orders[0].number.clone());
                }
                PlaceOutcome::Short(lines) if n % 2 == 1 => {
                    assert_eq!(lines.len(), 1, "{engine:?}: only the gone part is short");
                    assert_eq!((lines[0].wanted, lines[0].available), (1, 0));
                    let (status, placed_at, updated_at) =
                        on_db!(&db, |p| sqlx::query_as::<_, (String, Option<i64>, i64)>(
                            "SELECT status, placed_at, updated_at FROM checkouts WHERE id = $1"
                        )
                        .bind(&checkout)
                        .fetch_one(p)
                        .await)
                        .unwrap();
                    assert_eq!(
                        (status.as_str(), placed_at, updated_at),
                        ("draft", None, NOW),
                        "{engine:?}: a refused checkout is as it was"
                    );
                }
                other => panic!("{engine:?}: checkout {n}: {other:?}"),
            }
        }
        assert_eq!(stock_of(&db, &w.part).await, 1_000 - 15 * 2, "{engine:?}");
        assert_eq!(stock_of(&db, &gone).await, 0, "{engine:?}");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM stock_history WHERE part_id = $1 AND source = 'order'",
                &w.part
            )
            .await,
            15,
            "{engine:?}: history for the placed ones only"
        );
        numbers.sort();
        let expected: Vec<String> = (1..=15).map(|n| format!("SO-2026-{n:06}")).collect();
        assert_eq!(numbers, expected, "{engine:?}: one number each, no gaps");
        references.sort();
        references.dedup();
        assert_eq!(references.len(), 15, "{engine:?}");
        app.cleanup().await;
    }
}
