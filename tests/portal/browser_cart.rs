//! A hospital buyer fills a cart in headless Chromium: searches, adds parts
//! of two sellers from the results and the part page, and reads the cart
//! grouped by seller with its estimates.

use fantoccini::Locator;

use crate::browser::{browser, log_in, shot};
use crate::helpers::{Engine, spawn_app};

const PASSWORD: &str = "demo-parts-portal-2026";

async fn text(client: &fantoccini::Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_buyer_fills_a_cart_from_search_results_and_a_part_page() {
    let app = spawn_app(Engine::Sqlite).await;
    let Some(b) = browser(&app).await else {
        return;
    };
    let (client, base) = (&b.client, &b.base);

    log_in(client, base, "buyer@hospital.example.com", PASSWORD).await;

    // From the results: the first card that offers "Add to cart".
    client
        .goto(&format!("{base}/search?q=spo2+sensor&in_stock=true"))
        .await
        .unwrap();
    shot(client, "cart-1-results").await;
    let first_seller = text(
        client,
        "article.card:has(form.card-buy) .meta a[href^='/sellers/']",
    )
    .await;
    client
        .find(Locator::Css("article.card form.card-buy button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("section.cart-seller"))
        .await
        .unwrap();
    assert!(
        text(client, "main [role=status]")
            .await
            .starts_with("Added to your cart: 1 ×")
    );

    // From a part page of another seller, with a quantity typed in.
    client
        .goto(&format!("{base}/search?q=ventilator+filter&in_stock=true"))
        .await
        .unwrap();
    let cards = client
        .find_all(Locator::Css("article.card:has(form.card-buy)"))
        .await
        .unwrap();
    let mut opened = false;
    for card in cards {
        let seller = card
            .find(Locator::Css(".meta a[href^='/sellers/']"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if seller != first_seller {
            card.find(Locator::Css("h3 a"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            opened = true;
            break;
        }
    }
    assert!(opened, "a second seller's part in the results");
    let qty = client
        .wait()
        .for_element(Locator::Css("form.add-to-cart input[name=quantity]"))
        .await
        .unwrap();
    // The minimum order, typed in (the browser itself refuses less).
    let moq = qty.attr("min").await.unwrap().unwrap_or_else(|| "1".into());
    qty.clear().await.unwrap();
    qty.send_keys(&moq).await.unwrap();
    shot(client, "cart-2-part-page").await;
    client
        .find(Locator::Css("form.add-to-cart button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("section.cart-seller"))
        .await
        .unwrap();

    let groups = client
        .find_all(Locator::Css("section.cart-seller"))
        .await
        .unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(text(client, ".cart-count").await, "2");
    // Each seller's summary has shipping, tax and delivery estimates (the
    // demo organizations have their states).
    let summary = text(client, "section.cart-seller .cart-summary").await;
    assert!(summary.contains("Estimated shipping"), "{summary}");
    assert!(summary.contains("Estimated delivery"), "{summary}");
    assert!(summary.contains("GST"), "{summary}");
    shot(client, "cart-3-cart").await;

    // The address book the estimates come from.
    client.goto(&format!("{base}/org/addresses")).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("form.address-form"))
        .await
        .unwrap();
    shot(client, "cart-5-addresses").await;
    client.goto(&format!("{base}/cart")).await.unwrap();

    // Narrow screens keep the cart usable.
    client.set_window_size(390, 900).await.unwrap();
    shot(client, "cart-4-cart-narrow").await;
    client.clone().close().await.unwrap();
    app.cleanup().await;
}
