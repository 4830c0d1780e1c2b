//! The address book: adding with every field checked, one default per kind,
//! deleting promotes another, another organization's address is not found,
//! and the cart's estimates follow the default shipping address.

use axum::http::StatusCode;
use partsportal::on_db;

use crate::helpers::{TestApp, attrs, engines, signed_in, spawn_app, texts};

const BUYER: &str = "buyer@hospital.example.com";
const CLINIC_BUYER: &str = "buyer@clinic.example.com";

fn fields<'a>(state: &'a str, gstin: &'a str, line1: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "shipping"),
        ("label", "Main stores"),
        ("contact_name", "Priya Nair"),
        ("phone", "+91 22 4000 1234"),
        ("line1", line1),
        ("line2", ""),
        ("city", "Mumbai"),
        ("state", state),
        ("postal_code", "400001"),
        ("country", "IN"),
        ("gstin", gstin),
    ]
}

async fn defaults(app: &TestApp, email: &str) -> Vec<(String, bool)> {
    let org = partsportal::db::users::by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .org_id;
    on_db!(&app.db, |p| sqlx::query_as(
        "SELECT line1, is_default FROM addresses WHERE org_id = $1 ORDER BY created_at, id"
    )
    .bind(&org)
    .fetch_all(p)
    .await)
    .unwrap()
}

#[tokio::test]
async fn addresses_are_checked_and_one_per_kind_is_the_default() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut c = signed_in(&app, BUYER).await;

        // A GSTIN of another state is refused next to its field; what was
        // typed stays.
        let r = c
            .post(
                "/org/addresses",
                &fields("Karnataka", "27AAPFU0939F1ZV", "Stores, Block A"),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert_eq!(
            texts(&doc, ".field-error .error-text"),
            vec!["This GSTIN is registered in Maharashtra, not in the state of this address."]
        );
        assert_eq!(attrs(&doc, "#f-line1", "value"), vec!["Stores, Block A"]);
        assert!(defaults(&app, BUYER).await.is_empty());

        let r = c
            .post(
                "/org/addresses",
                &fields("Maharashtra", "27AAPFU0939F1ZV", "Stores, Block A"),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        c.post("/org/addresses", &fields("27", "", "Dock 2")).await;
        assert_eq!(
            defaults(&app, BUYER).await,
            vec![("Stores, Block A".into(), true), ("Dock 2".into(), false)],
            "the first of a kind is the default"
        );
        let doc = c.get("/org/addresses").await.html();
        assert_eq!(
            texts(&doc, ".address-card.is-default .badge"),
            vec!["Default"]
        );

        let ids: Vec<String> = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT id FROM addresses ORDER BY created_at, id"
        )
        .fetch_all(p)
        .await)
        .unwrap();
        let r = c
            .post(&format!("/org/addresses/{}/default", ids[1]), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            defaults(&app, BUYER).await,
            vec![("Stores, Block A".into(), false), ("Dock 2".into(), true)]
        );
        // Deleting the default promotes the other.
        c.post(&format!("/org/addresses/{}/delete", ids[1]), &[])
            .await;
        assert_eq!(
            defaults(&app, BUYER).await,
            vec![("Stores, Block A".into(), true)]
        );

        // Editing keeps the kind and checks again.
        let mut edit = fields("Maharashtra", "", "Stores, Block B");
        edit.retain(|(k, _)| *k != "kind");
        edit.push(("kind", "billing"));
        let r = c
            .post(&format!("/org/addresses/{}/edit", ids[0]), &edit)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let kind: String = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT kind FROM addresses WHERE id = $1"
        )
        .bind(&ids[0])
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(kind, "shipping");
        let r = c
            .post(
                &format!("/org/addresses/{}/edit", ids[0]),
                &fields("Maharashtra", "", "Stores, Block B")
                    .into_iter()
                    .map(|(k, v)| {
                        if k == "postal_code" {
                            (k, "0123")
                        } else {
                            (k, v)
                        }
                    })
                    .collect::<Vec<_>>(),
            )
            .await;
        assert_eq!(
            texts(&r.html(), ".field-error .error-text"),
            vec!["An Indian PIN code has 6 digits and does not start with 0."]
        );

        // Another organization: not found, nothing changes.
        let mut other = signed_in(&app, CLINIC_BUYER).await;
        assert!(texts(&other.get("/org/addresses").await.html(), ".address-card").is_empty());
        for action in ["default", "delete"] {
            let r = other
                .post(&format!("/org/addresses/{}/{action}", ids[0]), &[])
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND);
        }
        assert_eq!(
            other
                .get(&format!("/org/addresses/{}/edit", ids[0]))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(defaults(&app, BUYER).await.len(), 1);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn the_carts_estimates_follow_the_default_shipping_address() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // A part of a seller in Maharashtra (the demo seller states vary).
        let part: (String, String) = on_db!(&app.db, |p| sqlx::query_as(
            "SELECT p.id, o.state FROM parts p JOIN organizations o ON o.id = p.seller_id \
             WHERE p.stock >= 5 AND p.moq = 1 AND p.currency = 'INR' AND p.status = 'active' \
             AND p.visibility = 'public' AND o.status = 'active' AND o.state = 'Maharashtra' \
             ORDER BY p.id LIMIT 1"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        let mut c = signed_in(&app, BUYER).await;
        c.post("/cart/add", &[("part_id", &part.0), ("quantity", "1")])
            .await;

        c.post("/org/addresses", &fields("Maharashtra", "", "Stores"))
            .await;
        let summary = texts(&c.get("/cart").await.html(), ".cart-summary dt").join(" | ");
        assert!(summary.contains("Estimated CGST"), "{summary}");

        let ids: Vec<String> = on_db!(&app.db, |p| sqlx::query_scalar("SELECT id FROM addresses")
            .fetch_all(p)
            .await)
        .unwrap();
        let mut moved = fields("Karnataka", "", "Stores");
        moved.retain(|(k, _)| *k != "postal_code");
        moved.push(("postal_code", "560001"));
        c.post(&format!("/org/addresses/{}/edit", ids[0]), &moved)
            .await;
        let summary = texts(&c.get("/cart").await.html(), ".cart-summary dt").join(" | ");
        assert!(summary.contains("Estimated IGST"), "{summary}");
        assert!(!summary.contains("CGST"), "{summary}");
        app.cleanup().await;
    }
}
