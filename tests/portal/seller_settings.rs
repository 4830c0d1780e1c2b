//! A seller's GST registration and bank details: checked field by field,
//! saved with an audit row that never holds the full account number, shown
//! masked to staff, and changed by seller admins only.

use axum::http::StatusCode;
use partsportal::on_db;

use crate::helpers::{attrs, engines, signed_in, spawn_app, texts};

const SELLER_ADMIN: &str = "seller-admin@manufacturer.example.com";
const SELLER_STAFF: &str = "seller-staff@manufacturer.example.com";
const HOSPITAL_ADMIN: &str = "org-admin@hospital.example.com";

fn form<'a>(ifsc: &'a str, gstin: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("state", "Maharashtra"),
        ("gstin", gstin),
        ("account_name", "Demo Manufacturer Pvt Ltd"),
        ("account_number", "001234567890"),
        ("ifsc", ifsc),
        ("swift", ""),
        ("bank_name", "State Bank of India, Fort"),
    ]
}

#[tokio::test]
async fn bank_details_are_checked_audited_masked_and_admin_only() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let mut admin = signed_in(&app, SELLER_ADMIN).await;

        let r = admin
            .post("/seller/settings", &form("SBIN1001234", "29AAGCB7383J1Z4"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert_eq!(
            texts(&doc, ".field-error .error-text"),
            vec![
                "This GSTIN is registered in Karnataka; choose that state or check the number.",
                "An IFSC has 11 characters: 4 letters, a 0, then 6 letters or digits, such as SBIN0001234."
            ]
        );
        assert_eq!(attrs(&doc, "#f-ifsc", "value"), vec!["SBIN1001234"]);

        let r = admin
            .post("/seller/settings", &form("sbin0001234", "27AAPFU0939F1ZV"))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let (ifsc, state): (String, String) = on_db!(&app.db, |p| sqlx::query_as(
            "SELECT s.bank_ifsc, s.state_code FROM seller_settings s JOIN users u ON u.org_id = s.org_id \
             WHERE u.email = $1"
        )
        .bind(SELLER_ADMIN)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!((ifsc.as_str(), state.as_str()), ("SBIN0001234", "27"));
        let audit: Vec<String> = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT summary FROM audit_log WHERE kind = 'seller.settings'"
        )
        .fetch_all(p)
        .await)
        .unwrap();
        assert_eq!(audit.len(), 1);
        assert!(audit[0].contains("••••••••7890"), "{audit:?}");
        assert!(!audit[0].contains("001234567890"), "{audit:?}");

        // Staff see the details masked and cannot change them.
        let mut staff = signed_in(&app, SELLER_STAFF).await;
        let page = staff.get("/seller/settings").await;
        assert!(page.body.contains("••••••••7890"));
        assert!(!page.body.contains("001234567890"));
        assert!(attrs(&page.html(), "form[action='/seller/settings']", "method").is_empty());
        let r = staff
            .post("/seller/settings", &form("HDFC0000001", "27AAPFU0939F1ZV"))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // A buying organization's admin has no seller settings.
        let mut hospital = signed_in(&app, HOSPITAL_ADMIN).await;
        let r = hospital
            .post("/seller/settings", &form("HDFC0000001", "27AAPFU0939F1ZV"))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let ifsc: String = on_db!(&app.db, |p| sqlx::query_scalar(
            "SELECT bank_ifsc FROM seller_settings"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(ifsc, "SBIN0001234", "nothing changed");
        app.cleanup().await;
    }
}
