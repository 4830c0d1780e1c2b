//! Purchasing settings: a hospital's approval threshold, the net terms each
//! seller grants a buyer (keyed by that seller), and a seller's shipping
//! rules with their preview. Forms keep what was typed and put each error
//! next to its field; only the right administrators change anything, and
//! every change leaves an audit row.

use axum::http::StatusCode;
use partsportal::domain::shipping::{Rate, ShippingRules, Slab};
use partsportal::on_db;

use crate::helpers::{TestApp, attrs, engines, org_of, signed_in, spawn_app, texts};

const HOSPITAL_ADMIN: &str = "org-admin@hospital.example.com";
const HOSPITAL_BUYER: &str = "buyer@hospital.example.com";
const SELLER_ADMIN: &str = "seller-admin@manufacturer.example.com";
const SELLER_STAFF: &str = "seller-staff@manufacturer.example.com";
const OTHER_SELLER_ADMIN: &str = "seller-admin@supplier.example.com";

async fn audit_count(app: &TestApp, kind: &str) -> i64 {
    on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE kind = $1"
    )
    .bind(kind)
    .fetch_one(p)
    .await)
    .unwrap()
}

/// The hospital's stored threshold: `None` without a row, `Some(None)`
/// when cleared.
async fn threshold(app: &TestApp, org: &str) -> Option<Option<i64>> {
    on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT approval_threshold_minor FROM buyer_settings WHERE org_id = $1"
    )
    .bind(org)
    .fetch_optional(p)
    .await)
    .unwrap()
}

async fn terms(app: &TestApp, seller: &str, buyer: &str) -> Option<(i32, i64)> {
    on_db!(&app.db, |p| sqlx::query_as(
        "SELECT net_days, credit_limit_minor FROM credit_terms WHERE seller_id = $1 AND buyer_id = $2"
    )
    .bind(seller)
    .bind(buyer)
    .fetch_optional(p)
    .await)
    .unwrap()
}

#[tokio::test]
async fn approval_threshold_is_saved_cleared_and_checked() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let hospital = org_of(&app, HOSPITAL_ADMIN).await;
        let mut admin = signed_in(&app, HOSPITAL_ADMIN).await;
        let page = admin.get("/org/purchasing").await;
        assert_eq!(page.status, StatusCode::OK, "{engine:?}");
        let doc = page.html();
        assert_eq!(
            texts(&doc, "label[for=f-threshold]"),
            vec!["Approval threshold (₹)"]
        );
        assert!(
            texts(&doc, "#f-threshold-hint")[0]
                .contains("Orders above this total wait for an approver")
        );
        assert_eq!(
            attrs(&doc, ".account a[href='/org/purchasing']", "href").len(),
            1,
            "the header links the page for a buyer admin"
        );

        // Indian grouping, then plain decimals.
        let r = admin
            .post("/org/purchasing", &[("threshold", "50,000")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(threshold(&app, &hospital).await, Some(Some(5_000_000)));
        let doc = admin.get("/org/purchasing").await.html();
        assert!(texts(&doc, ".current-rule")[0].contains("₹50,000.00"));
        assert_eq!(attrs(&doc, "#f-threshold", "value"), vec!["50000.00"]);
        let r = admin
            .post("/org/purchasing", &[("threshold", "75000.50")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(threshold(&app, &hospital).await, Some(Some(7_500_050)));

        // Refused input: the error beside the field, the typing kept,
        // nothing saved.
        for bad in ["fifty thousand", "-500", "$500"] {
            let r = admin.post("/org/purchasing", &[("threshold", bad)]).await;
            assert_eq!(r.status, StatusCode::OK, "{bad}");
            let doc = r.html();
            assert_eq!(attrs(&doc, "#f-threshold", "value"), vec![bad]);
            assert_eq!(attrs(&doc, "#f-threshold", "aria-invalid"), vec!["true"]);
            let errors = texts(&doc, ".field-error:has(#f-threshold) .error-text");
            assert_eq!(errors.len(), 1, "{bad}: {errors:?}");
            assert_eq!(threshold(&app, &hospital).await, Some(Some(7_500_050)));
        }

        // Blank: no approval needed.
        let r = admin.post("/org/purchasing", &[("threshold", "  ")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(threshold(&app, &hospital).await, Some(None));
        let doc = admin.get("/org/purchasing").await.html();
        assert!(texts(&doc, ".current-rule")[0].contains("no approval needed"));
        assert_eq!(audit_count(&app, "buyer.approval_threshold").await, 3);

        // Other roles and other kinds of organization are refused.
        let mut buyer = signed_in(&app, HOSPITAL_BUYER).await;
        assert_eq!(
            buyer.get("/org/purchasing").await.status,
            StatusCode::FORBIDDEN
        );
        let r = buyer.post("/org/purchasing", &[("threshold", "1")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let mut seller = signed_in(&app, SELLER_ADMIN).await;
        assert_eq!(
            seller.get("/org/purchasing").await.status,
            StatusCode::FORBIDDEN
        );
        let r = seller.post("/org/purchasing", &[("threshold", "1")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(
            attrs(
                &seller.get("/seller").await.html(),
                ".account a[href='/org/purchasing']",
                "href"
            )
            .is_empty()
        );
        assert_eq!(
            threshold(&app, &hospital).await,
            Some(None),
            "nothing changed"
        );
        assert_eq!(audit_count(&app, "buyer.approval_threshold").await, 3);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_seller_admin_grants_changes_and_withdraws_terms() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let hospital = org_of(&app, HOSPITAL_ADMIN).await;
        let seller = org_of(&app, SELLER_ADMIN).await;
        let mut admin = signed_in(&app, SELLER_ADMIN).await;
        let doc = admin.get("/seller/customers").await.html();
        let row = format!("tr#c-{hospital}");
        assert_eq!(
            texts(&doc, &format!("{row} th")).len(),
            1,
            "{engine:?}: the hospital is listed"
        );
        assert!(
            texts(&doc, "tbody tr th")
                .iter()
                .all(|t| !t.contains("Demo Manufacturer")),
            "sellers are not customers"
        );
        assert_eq!(
            attrs(&doc, ".account a[href='/seller/customers']", "href").len(),
            1,
            "the header links the page for a seller"
        );

        let path = format!("/seller/customers/{hospital}/terms");
        let r = admin
            .post(&path, &[("net_days", "30"), ("credit_limit", "5,00,000")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            r.headers["location"]
                .to_str()
                .unwrap()
                .ends_with(&format!("#c-{hospital}"))
        );
        assert_eq!(
            terms(&app, &seller, &hospital).await,
            Some((30, 50_000_000))
        );
        let doc = admin.get("/seller/customers?done=granted").await.html();
        assert_eq!(texts(&doc, &format!("{row} td.terms")), vec!["Net 30 days"]);
        assert_eq!(
            texts(&doc, &format!("{row} td.limit")),
            vec!["₹5,00,000.00"]
        );
        assert_eq!(texts(&doc, &format!("{row} td.owed")), vec!["₹0.00"]);
        assert_eq!(
            attrs(&doc, &format!("#t-{hospital}-net_days"), "value"),
            vec!["30"]
        );

        // Refused input: both errors on this buyer's row, typing kept,
        // nothing changed.
        let r = admin
            .post(&path, &[("net_days", "181"), ("credit_limit", "lots")])
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        let errors = texts(&doc, &format!("{row} .field-error .error-text"));
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("1 to 180"), "{errors:?}");
        assert_eq!(
            texts(&doc, ".field-error").len(),
            2,
            "no other row shows an error"
        );
        assert_eq!(
            attrs(&doc, &format!("#t-{hospital}-net_days"), "value"),
            vec!["181"]
        );
        assert_eq!(
            attrs(&doc, &format!("#t-{hospital}-credit_limit"), "value"),
            vec!["lots"]
        );
        assert_eq!(
            attrs(
                &doc,
                &format!("#t-{hospital}-credit_limit"),
                "aria-describedby"
            ),
            vec![format!("t-{hospital}-credit_limit-error")]
        );
        let r = admin
            .post(&path, &[("net_days", "0"), ("credit_limit", "-1")])
            .await;
        assert_eq!(texts(&r.html(), ".field-error .error-text").len(), 2);
        assert_eq!(
            terms(&app, &seller, &hospital).await,
            Some((30, 50_000_000))
        );

        // Changing and withdrawing.
        let r = admin
            .post(&path, &[("net_days", "45"), ("credit_limit", "0")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(terms(&app, &seller, &hospital).await, Some((45, 0)));
        let revoke = format!("/seller/customers/{hospital}/terms/revoke");
        assert_eq!(admin.post(&revoke, &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(terms(&app, &seller, &hospital).await, None);
        let doc = admin.get("/seller/customers").await.html();
        assert_eq!(texts(&doc, &format!("{row} td.terms")), vec!["None"]);
        assert_eq!(
            admin.post(&revoke, &[]).await.status,
            StatusCode::NOT_FOUND,
            "nothing left to withdraw"
        );
        assert_eq!(audit_count(&app, "seller.credit_terms.grant").await, 2);
        assert_eq!(audit_count(&app, "seller.credit_terms.revoke").await, 1);

        // Only buying organizations have terms.
        for id in [seller.as_str(), "no-such-org"] {
            let r = admin
                .post(
                    &format!("/seller/customers/{id}/terms"),
                    &[("net_days", "30"), ("credit_limit", "1")],
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{id}");
        }

        // Staff see the list without forms and cannot change it; a
        // hospital's admin has no customers.
        let mut staff = signed_in(&app, SELLER_STAFF).await;
        let doc = staff.get("/seller/customers").await.html();
        assert_eq!(texts(&doc, &format!("{row} th")).len(), 1);
        assert!(attrs(&doc, "form.terms-form", "action").is_empty());
        let r = staff
            .post(&path, &[("net_days", "30"), ("credit_limit", "1")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let mut hospital_admin = signed_in(&app, HOSPITAL_ADMIN).await;
        assert_eq!(
            hospital_admin.get("/seller/customers").await.status,
            StatusCode::FORBIDDEN
        );
        let r = hospital_admin
            .post(&path, &[("net_days", "30"), ("credit_limit", "1")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(
            terms(&app, &seller, &hospital).await,
            None,
            "nothing changed"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn each_seller_keeps_its_own_terms_for_a_buyer() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let hospital = org_of(&app, HOSPITAL_ADMIN).await;
        let maker = org_of(&app, SELLER_ADMIN).await;
        let supplier = org_of(&app, OTHER_SELLER_ADMIN).await;
        let path = format!("/seller/customers/{hospital}/terms");
        let mut a = signed_in(&app, SELLER_ADMIN).await;
        let mut b = signed_in(&app, OTHER_SELLER_ADMIN).await;
        a.post(&path, &[("net_days", "30"), ("credit_limit", "100000")])
            .await;
        b.post(&path, &[("net_days", "60"), ("credit_limit", "2,00,000")])
            .await;
        assert_eq!(
            terms(&app, &maker, &hospital).await,
            Some((30, 10_000_000)),
            "{engine:?}"
        );
        assert_eq!(
            terms(&app, &supplier, &hospital).await,
            Some((60, 20_000_000))
        );

        // Each sees its own.
        let row = format!("tr#c-{hospital} td.terms");
        assert_eq!(
            texts(&a.get("/seller/customers").await.html(), &row),
            vec!["Net 30 days"]
        );
        assert_eq!(
            texts(&b.get("/seller/customers").await.html(), &row),
            vec!["Net 60 days"]
        );

        // The supplier withdrawing its terms leaves the manufacturer's.
        let r = b.post(&format!("{path}/revoke"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(terms(&app, &supplier, &hospital).await, None);
        assert_eq!(terms(&app, &maker, &hospital).await, Some((30, 10_000_000)));
        app.cleanup().await;
    }
}

/// The shipping form's fields as a browser would submit them: text inputs,
/// ticked boxes, chosen options.
fn shipping_fields(doc: &scraper::Html) -> Vec<(String, String)> {
    let form = "form[action='/seller/settings/shipping']";
    let sel = |s: &str| scraper::Selector::parse(&format!("{form} {s}")).unwrap();
    let mut out = Vec::new();
    for e in doc.select(&sel("input[type=text]")) {
        let v = e.value();
        out.push((
            v.attr("name").unwrap().to_owned(),
            v.attr("value").unwrap_or("").to_owned(),
        ));
    }
    for e in doc.select(&sel("input[type=checkbox][checked]")) {
        out.push((e.value().attr("name").unwrap().to_owned(), "on".to_owned()));
    }
    for e in doc.select(&sel("select")) {
        let chosen = e
            .select(&scraper::Selector::parse("option[selected]").unwrap())
            .next()
            .and_then(|o| o.value().attr("value"))
            .unwrap_or("");
        out.push((
            e.value().attr("name").unwrap().to_owned(),
            chosen.to_owned(),
        ));
    }
    out
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_owned(), value.to_owned()));
}

async fn stored_rules(app: &TestApp, org: &str) -> Option<ShippingRules> {
    let json: Option<String> = on_db!(&app.db, |p| sqlx::query_scalar(
        "SELECT shipping_rules FROM seller_settings WHERE org_id = $1"
    )
    .bind(org)
    .fetch_optional(p)
    .await)
    .unwrap();
    json.filter(|j| !j.is_empty())
        .map(|j| serde_json::from_str(&j).unwrap())
}

#[tokio::test]
async fn shipping_rules_are_saved_checked_per_field_and_previewed() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let seller = org_of(&app, SELLER_ADMIN).await;
        let before = stored_rules(&app, &seller).await;
        let mut admin = signed_in(&app, SELLER_ADMIN).await;
        let doc = admin.get("/seller/settings").await.html();
        let preview = "table.shipping-preview tbody tr";
        assert_eq!(
            texts(&doc, preview).len(),
            3,
            "{engine:?}: one row per zone"
        );
        let mut fields = shipping_fields(&doc);
        assert!(fields.len() > 40, "{fields:?}");
        // Every input has a label.
        for id in attrs(
            &doc,
            "form[action='/seller/settings/shipping'] input[type=text]",
            "id",
        ) {
            assert_eq!(texts(&doc, &format!("label[for='{id}']")).len(), 1, "{id}");
        }

        // Other states by weight: ₹100 up to 1 kg, ₹250 up to 5 kg, then
        // ₹40 a kg; the first slab row left empty. Ship abroad too.
        set(&mut fields, "other_state.standard.rate.mode", "slabs");
        set(
            &mut fields,
            "other_state.standard.rate.slabs.0.up_to_grams",
            "",
        );
        set(
            &mut fields,
            "other_state.standard.rate.slabs.0.fee_minor",
            "",
        );
        set(
            &mut fields,
            "other_state.standard.rate.slabs.1.up_to_grams",
            "1,000",
        );
        set(
            &mut fields,
            "other_state.standard.rate.slabs.1.fee_minor",
            "100",
        );
        set(
            &mut fields,
            "other_state.standard.rate.slabs.2.up_to_grams",
            "5000",
        );
        set(
            &mut fields,
            "other_state.standard.rate.slabs.2.fee_minor",
            "₹250.00",
        );
        set(
            &mut fields,
            "other_state.standard.rate.extra_kg_fee_minor",
            "40",
        );
        set(&mut fields, "international.enabled", "on");
        set(&mut fields, "free_standard_threshold_minor", "");
        let body: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = admin.post("/seller/settings/shipping", &body).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let rules = stored_rules(&app, &seller).await.unwrap();
        assert_eq!(
            rules.other_state.standard.rate,
            Rate::Slabs {
                slabs: vec![
                    Slab {
                        up_to_grams: 1_000,
                        fee_minor: 10_000
                    },
                    Slab {
                        up_to_grams: 5_000,
                        fee_minor: 25_000
                    },
                ],
                extra_kg_fee_minor: 4_000,
            }
        );
        assert!(rules.international.enabled);
        assert_eq!(rules.free_standard_threshold_minor, None);
        assert_eq!(audit_count(&app, "seller.shipping_rules").await, 1);

        // The preview quotes the saved rules for 1 kg.
        let doc = admin.get("/seller/settings?shipping=1").await.html();
        let cell = |row: usize, col: usize| {
            texts(
                &doc,
                &format!("{preview}:nth-child({row}) td:nth-of-type({col})"),
            )
        };
        assert!(cell(1, 1)[0].starts_with("₹150.00"), "{:?}", cell(1, 1));
        assert!(cell(2, 1)[0].starts_with("₹100.00"), "{:?}", cell(2, 1));
        assert!(cell(3, 1)[0].starts_with("₹2,500.00"), "{:?}", cell(3, 1));
        assert!(
            cell(3, 2)[0].starts_with("Not offered"),
            "no express abroad: {:?}",
            cell(3, 2)
        );
        // The form reads back what was saved, slabs from the first row.
        let again = shipping_fields(&doc);
        let value = |name: &str| {
            again
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            value("other_state.standard.rate.slabs.0.up_to_grams").as_deref(),
            Some("1000")
        );
        assert_eq!(
            value("other_state.standard.rate.slabs.1.fee_minor").as_deref(),
            Some("250.00")
        );

        // Refused: lighter slab after a heavier one (the error lands on the
        // row typed, past an empty row), transit days not a number, and a
        // fee in another currency. Each error beside its field, the typing
        // kept, nothing saved.
        let mut bad = again.clone();
        set(
            &mut bad,
            "other_state.standard.rate.slabs.0.up_to_grams",
            "",
        );
        set(&mut bad, "other_state.standard.rate.slabs.0.fee_minor", "");
        set(
            &mut bad,
            "other_state.standard.rate.slabs.1.up_to_grams",
            "1000",
        );
        set(
            &mut bad,
            "other_state.standard.rate.slabs.1.fee_minor",
            "100",
        );
        set(
            &mut bad,
            "other_state.standard.rate.slabs.2.up_to_grams",
            "500",
        );
        set(
            &mut bad,
            "other_state.standard.rate.slabs.2.fee_minor",
            "250",
        );
        set(&mut bad, "same_state.express.transit_days", "two");
        set(&mut bad, "same_state.standard.rate.fee_minor", "$3");
        let body: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = admin.post("/seller/settings/shipping", &body).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        let beside = |id: &str| texts(&doc, &format!(".field-error:has(#{id}) .error-text"));
        assert_eq!(
            beside("s-other_state-standard-rate-slabs-2-up_to_grams"),
            vec!["Expected more than the slab above (1000 g): list slabs from light to heavy."]
        );
        assert_eq!(beside("s-same_state-express-transit_days").len(), 1);
        assert_eq!(
            beside("s-same_state-standard-rate-fee_minor"),
            vec!["Amounts here are in INR."]
        );
        assert_eq!(texts(&doc, ".field-error .error-text").len(), 3);
        assert_eq!(texts(&doc, ".error-summary li").len(), 3);
        assert_eq!(
            attrs(
                &doc,
                "#s-other_state-standard-rate-slabs-2-up_to_grams",
                "value"
            ),
            vec!["500"]
        );
        assert_eq!(
            attrs(&doc, "#s-same_state-express-transit_days", "value"),
            vec!["two"]
        );
        assert_eq!(
            stored_rules(&app, &seller).await.unwrap(),
            rules,
            "nothing saved"
        );

        // A whole-form rule: no zone to ship to.
        let mut nowhere = again.clone();
        for zone in ["same_state", "other_state", "international"] {
            nowhere.retain(|(k, _)| *k != format!("{zone}.enabled"));
        }
        let body: Vec<(&str, &str)> = nowhere
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let doc = admin.post("/seller/settings/shipping", &body).await.html();
        assert_eq!(
            texts(&doc, ".field-error:has(#s-same_state-enabled) .error-text"),
            vec!["Ship to at least one zone."]
        );

        // Staff see the preview only; they and buyers cannot save.
        let mut staff = signed_in(&app, SELLER_STAFF).await;
        let doc = staff.get("/seller/settings").await.html();
        assert_eq!(texts(&doc, preview).len(), 3);
        assert!(attrs(&doc, "form[action='/seller/settings/shipping']", "method").is_empty());
        let body: Vec<(&str, &str)> = again
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            staff.post("/seller/settings/shipping", &body).await.status,
            StatusCode::FORBIDDEN
        );
        let mut hospital = signed_in(&app, HOSPITAL_ADMIN).await;
        assert_eq!(
            hospital
                .post("/seller/settings/shipping", &body)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(stored_rules(&app, &seller).await.unwrap(), rules);
        assert_ne!(before, Some(rules));
        app.cleanup().await;
    }
}
