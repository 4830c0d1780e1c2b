//! The procurement flow in headless Chromium: a hospital buyer searches,
//! adds two sellers' parts, checks out with bank transfer and uploads the
//! payment proof; the seller's finance verifies it and its staff accept,
//! pack and ship with tracking; the buyer reads the timeline.

use fantoccini::{Client, Locator};

use crate::browser::{browser, log_in, shot};
use crate::helpers::{Engine, spawn_app};

const PASSWORD: &str = "demo-parts-portal-2026";
const BUYER: &str = "buyer@hospital.example.com";

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn fill(client: &Client, css: &str, text: &str) {
    let el = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    el.clear().await.ok();
    el.send_keys(text).await.unwrap();
}

async fn path(client: &Client) -> String {
    client.current_url().await.unwrap().path().to_owned()
}

async fn page(client: &Client) -> String {
    client.source().await.unwrap()
}

/// Waits until the page (after a submit) has left `from`.
async fn left(client: &Client, from: &str) {
    for _ in 0..100 {
        if path(client).await != from {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("still on {from}");
}

/// Submits an action form on the order page and waits for the page that
/// follows.
async fn act(client: &Client, action: &str) {
    let before = client.current_url().await.unwrap();
    click(client, &format!("form#action-{action} button[type=submit]")).await;
    for _ in 0..100 {
        let html = page(client).await;
        if client.current_url().await.unwrap() != before
            || !html.contains(&format!("id=\"action-{action}\""))
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{action}: the form is still there");
}

#[tokio::test]
async fn a_buyer_checks_out_two_sellers_and_the_seller_ships_in_headless_chromium() {
    let app = spawn_app(Engine::Sqlite).await;
    let Some(b) = browser(&app).await else {
        return;
    };
    let (client, base) = (&b.client, &b.base);
    // Two sellers whose staff have demo logins, each with a part in stock.
    let mut picks = Vec::new();
    for kind in ["supplier", "manufacturer"] {
        let (seller, name): (String, String) = partsportal::on_db!(&app.db, |p| sqlx::query_as(
            "SELECT o.id, o.name FROM users u JOIN organizations o ON o.id = u.org_id WHERE u.email = $1"
        )
        .bind(format!("seller-admin@{kind}.example.com"))
        .fetch_one(p)
        .await)
        .unwrap();
        let (part, number, price): (String, String, i64) = partsportal::on_db!(&app.db, |p| sqlx::query_as(
            "SELECT id, part_number, price_minor FROM parts WHERE seller_id = $1 AND status = 'active' \
             AND visibility = 'public' AND currency = 'INR' ORDER BY id LIMIT 1"
        )
        .bind(&seller)
        .fetch_one(p)
        .await)
        .unwrap();
        partsportal::on_db!(&app.db, |p| sqlx::query(
            "UPDATE parts SET moq = 1, order_multiple = 1 WHERE id = $1"
        )
        .bind(&part)
        .execute(p)
        .await
        .map(|_| ()))
        .unwrap();
        // Through the catalog, so the index hears of the stock too.
        assert!(
            partsportal::db::catalog::update_price_stock(&app.db, &part, price, 20)
                .await
                .unwrap()
        );
        partsportal::on_db!(&app.db, |p| sqlx::query(
            "UPDATE organizations SET status = 'active' WHERE id = $1"
        )
        .bind(&seller)
        .execute(p)
        .await
        .map(|_| ()))
        .unwrap();
        picks.push((kind, name, number));
    }
    app.wakeup.notify_one();
    log_in(client, base, BUYER, PASSWORD).await;

    // Search each part number from the header and add the seller's offer.
    for (_, seller, number) in &picks {
        let mut found = false;
        for _ in 0..40 {
            client.goto(&format!("{base}/")).await.unwrap();
            fill(client, "form[role=search] input[name=q]", number).await;
            click(client, "form[role=search] button[type=submit]").await;
            client
                .wait()
                .for_element(Locator::Css("main"))
                .await
                .unwrap();
            let cards = client
                .find_all(Locator::Css("article.card:has(form.card-buy)"))
                .await
                .unwrap();
            for card in cards {
                let s = card
                    .find(Locator::Css(".meta a[href^='/sellers/']"))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                if &s == seller {
                    card.find(Locator::Css("form.card-buy button"))
                        .await
                        .unwrap()
                        .click()
                        .await
                        .unwrap();
                    found = true;
                    break;
                }
            }
            if found {
                break;
            }
            // The stock change is still on its way to the index.
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(found, "{seller}'s {number} in the results");
        client
            .wait()
            .for_element(Locator::Css("section.cart-seller"))
            .await
            .unwrap();
    }
    shot(client, "orders-1-cart").await;
    click(client, "a.checkout-link").await;

    // Address: the hospital has none yet, so one is added inline.
    client
        .wait()
        .for_element(Locator::Css("nav.checkout-steps"))
        .await
        .unwrap();
    fill(client, "#f-contact_name", "Stores in-charge").await;
    fill(client, "#f-line1", "Sunrise Hospital, Main Block").await;
    fill(client, "#f-city", "Nagpur").await;
    fill(client, "#f-state", "Maharashtra").await;
    fill(client, "#f-postal_code", "440010").await;
    client
        .find(Locator::Css("#f-country"))
        .await
        .unwrap()
        .select_by_value("IN")
        .await
        .unwrap();
    click(client, "form:has(input[name=add]) button[type=submit]").await;
    // The address page comes back with the new address chosen.
    client
        .wait()
        .for_element(Locator::Css("input[name=shipping_address_id]:checked"))
        .await
        .unwrap();
    shot(client, "orders-2-address").await;
    let here = path(client).await;
    click(client, "form.checkout-form button[type=submit]").await;
    left(client, &here).await;
    // Shipping: the standard options chosen for both sellers.
    assert!(
        path(client).await.ends_with("/shipping"),
        "{}",
        path(client).await
    );
    let here = path(client).await;
    click(client, "form.checkout-form button[type=submit]").await;
    left(client, &here).await;
    // Payment: bank transfer for both.
    assert!(path(client).await.ends_with("/payment"));
    for radio in client
        .find_all(Locator::Css("input[type=radio][value=bank_transfer]"))
        .await
        .unwrap()
    {
        radio.click().await.unwrap();
    }
    shot(client, "orders-2-payment").await;
    let here = path(client).await;
    click(client, "form.checkout-form button[type=submit]").await;
    left(client, &here).await;
    // Details: a PO number.
    assert!(path(client).await.ends_with("/details"));
    fill(client, "#f-po_number", "PO-SUN-2026-118").await;
    let here = path(client).await;
    click(client, "form.checkout-form button[type=submit]").await;
    left(client, &here).await;
    assert!(path(client).await.ends_with("/review"));
    let review = page(client).await;
    assert!(
        review.contains("CGST") || review.contains("IGST"),
        "tax breakdown shown"
    );
    click(client, "form.place-form button[type=submit]").await;
    let numbers = client
        .wait()
        .for_element(Locator::Css("a.order-number"))
        .await
        .unwrap();
    assert!(numbers.text().await.unwrap().starts_with("SO-"));
    let links = client
        .find_all(Locator::Css("a.order-number"))
        .await
        .unwrap();
    assert_eq!(links.len(), 2, "one order per seller");
    shot(client, "orders-3-done").await;

    // The supplier's order: upload the bank's receipt.
    let order: String = partsportal::on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT o.id FROM orders o JOIN users u ON u.org_id = o.seller_org_id \
         WHERE u.email = 'seller-admin@supplier.example.com'"
    )
    .fetch_one(p)
    .await)
    .unwrap();
    let proof = app.dir.path().join("neft-receipt.pdf");
    std::fs::write(
        &proof,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    )
    .unwrap();
    client
        .goto(&format!("{base}/orders/{order}"))
        .await
        .unwrap();
    client
        .find(Locator::Css("form#action-submit_proof input[type=file]"))
        .await
        .unwrap()
        .send_keys(proof.to_str().unwrap())
        .await
        .unwrap();
    act(client, "submit_proof").await;
    assert!(page(client).await.contains("Payment submitted"));

    // Seller finance verifies; seller staff accept, pack and ship.
    client.delete_all_cookies().await.unwrap();
    log_in(client, base, "finance@supplier.example.com", PASSWORD).await;
    client
        .goto(&format!("{base}/orders/{order}"))
        .await
        .unwrap();
    assert!(
        page(client).await.contains("neft-receipt.pdf"),
        "the proof is listed"
    );
    act(client, "verify_payment").await;
    client.delete_all_cookies().await.unwrap();
    log_in(client, base, "seller-staff@supplier.example.com", PASSWORD).await;
    client
        .goto(&format!("{base}/orders/{order}"))
        .await
        .unwrap();
    act(client, "accept").await;
    act(client, "mark_packed").await;
    fill(client, "#f-ship-carrier", "Blue Dart").await;
    fill(client, "#f-ship-tracking_number", "BD81234567").await;
    fill(
        client,
        "#f-ship-tracking_link",
        "https://tracking.example/BD81234567",
    )
    .await;
    act(client, "ship").await;
    shot(client, "orders-4-seller-shipped").await;
    // The seller's dashboard lists it under "Shipped".
    client
        .goto(&format!("{base}/seller/orders?tab=shipped"))
        .await
        .unwrap();
    assert!(
        page(client).await.contains(&format!("/orders/{order}")),
        "the shipped order is listed"
    );
    shot(client, "orders-5-seller-dashboard").await;

    // The buyer reads the timeline.
    client.delete_all_cookies().await.unwrap();
    log_in(client, base, BUYER, PASSWORD).await;
    client
        .goto(&format!("{base}/orders/{order}"))
        .await
        .unwrap();
    let steps: Vec<String> = {
        let mut out = Vec::new();
        for li in client
            .find_all(Locator::Css("ol.order-timeline li"))
            .await
            .unwrap()
        {
            out.push(li.text().await.unwrap());
        }
        out
    };
    let joined = steps.join(" | ");
    for want in [
        "Pending payment",
        "Payment submitted",
        "Payment verified",
        "Processing",
        "Packed",
        "Shipped",
    ] {
        assert!(joined.contains(want), "{want} in {joined}");
    }
    assert!(
        client
            .find(Locator::Css(
                "a[href='https://tracking.example/BD81234567']"
            ))
            .await
            .is_ok(),
        "tracking link"
    );
    shot(client, "orders-5-buyer-timeline").await;
    // Ending the session stops Chromium; dropping the driver alone left
    // the browser running after the test run.
    client.clone().close().await.unwrap();
    app.cleanup().await;
}
