//! Spreadsheet imports in the seller portal and on the command line: the
//! preview names every problem, the mapping can be corrected and is
//! remembered, the job applies everything in one transaction (a killed one
//! changes nothing), one import per seller at a time, tenancy, and the
//! error report.

use std::process::Stdio;
use std::time::Duration;

use axum::http::StatusCode;

use crate::helpers::{Client, Engine, TestApp, engines, spawn_app, spawn_app_with, texts};

const PASSWORD: &str = "demo-parts-portal-2026";

/// The seller org of a demo login, and one of its active parts:
/// (org id, part id, part number, price).
async fn seller_and_part(app: &TestApp, email: &str) -> (String, String, String, i64) {
    partsportal::on_db!(&app.db, |p| sqlx::query_as(
        "SELECT u.org_id, p.id, p.part_number, p.price_minor FROM users u JOIN parts p ON p.seller_id = u.org_id \
         WHERE u.email = $1 AND p.status = 'active' ORDER BY p.id LIMIT 1"
    )
    .bind(email)
    .fetch_one(p)
    .await)
    .expect("seller with parts")
}

async fn scalar_i64(app: &TestApp, sql: &'static str, bind: &str) -> i64 {
    partsportal::on_db!(&app.db, |p| sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(p)
        .await)
    .expect("scalar")
}

/// How many parts the seller lists, archived ones included.
async fn part_count(app: &TestApp, org: &str) -> i64 {
    scalar_i64(app, "SELECT COUNT(*) FROM parts WHERE seller_id = $1", org).await
}

async fn import_status(app: &TestApp, id: &str) -> (String, String) {
    partsportal::on_db!(&app.db, |p| sqlx::query_as(
        "SELECT status, error FROM imports WHERE id = $1"
    )
    .bind(id)
    .fetch_one(p)
    .await)
    .expect("import")
}

fn seller_email() -> &'static str {
    "seller-admin@manufacturer.example.com"
}

fn import_id(location: &str) -> String {
    location
        .strip_prefix("/seller/imports/")
        .expect("redirect to the import")
        .to_owned()
}

/// A messy price list: title rows, an update of `existing`, a new part, a
/// bad price, a subtotal row and a column nobody maps.
fn messy_csv(existing: &str) -> String {
    format!(
        "ACME Medical price list 2026,,,,,,,\n\
         Valid from 1 April,,,,,,,\n\
         \n\
         Part No.,Part Name,Unit Price (INR),Stock,GST %,Manufacturer,Category,Colour\n\
         {existing},Renamed by import,\"₹1,23,456.00\",7,18%,GE HealthCare,Imaging > MRI > Coils,grey\n\
         ZZ-IMP-0001,Imported test cable,\"$53.00 \",3,18,Acme Medical,cables>ecg ,blue\n\
         ZZ-IMP-0002,Bad price,abc,3,18,Acme Medical,Cables,red\n\
         \n\
         Subtotal,,,10,,,,\n"
    )
}

async fn wait_done(app: &TestApp, id: &str) -> (String, String) {
    let mut last = (String::new(), String::new());
    for _ in 0..200 {
        last = import_status(app, id).await;
        if last.0 == "succeeded" || last.0 == "failed" {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("import {id} did not finish: {last:?}");
}

#[tokio::test]
async fn import_previews_every_problem_then_applies_it_and_it_is_searchable() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let (org, part_id, pn, old_price) = seller_and_part(&app, seller_email()).await;
        let mut c = Client::new(&app);
        c.login(seller_email(), PASSWORD).await;
        let page = c.get("/seller/imports/new").await;
        assert_eq!(page.status, StatusCode::OK);

        let csv = messy_csv(&pn);
        let r = c
            .post_multipart(
                "/seller/imports",
                &[
                    ("file", Some("prices.csv"), csv.as_bytes()),
                    ("sheet", None, b""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{engine:?}: {}", r.body);
        let id = import_id(r.headers["location"].to_str().unwrap());
        let preview = c.get(&format!("/seller/imports/{id}")).await;
        let doc = preview.html();
        assert!(preview.body.contains("header on row 4"), "{}", preview.body);
        assert_eq!(texts(&doc, ".stat-new .stat-n"), ["1"], "{engine:?}");
        assert_eq!(texts(&doc, ".stat-upd .stat-n"), ["1"]);
        assert_eq!(texts(&doc, ".stat-bad .stat-n"), ["1"]);
        let problems = texts(&doc, "table.problems tbody tr");
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("7C (Unit Price (INR))abcError expected a price")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("H (Colour)") && p.contains("not imported")),
            "{problems:?}"
        );
        assert!(
            preview
                .body
                .contains("1 blank · 0 repeated header · 0 section title · 1 total"),
            "skipped detail"
        );
        // Nothing changed yet.
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT price_minor FROM parts WHERE id = $1",
                &part_id
            )
            .await,
            old_price
        );

        // Map Colour to Brand and remember the mapping.
        let mut fields: Vec<(String, String)> = vec![
            ("scope".into(), "everything".into()),
            ("save_profile".into(), "1".into()),
        ];
        for (i, f) in [
            "part_number",
            "name",
            "unit_price",
            "stock",
            "gst_rate",
            "manufacturer",
            "category",
            "brand",
        ]
        .iter()
        .enumerate()
        {
            fields.push((format!("map_{i}"), (*f).to_owned()));
        }
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let r = c
            .post(&format!("/seller/imports/{id}/preview"), &borrowed)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let preview = c.get(&format!("/seller/imports/{id}")).await;
        assert!(
            !texts(&preview.html(), "table.problems tbody tr")
                .iter()
                .any(|p| p.contains("Colour")),
            "mapped column no longer reported"
        );
        let saved = scalar_i64(
            &app,
            "SELECT COUNT(*) FROM mapping_profiles WHERE seller_id = $1 AND header = 'colour' AND field = 'brand'",
            &org,
        )
        .await;
        assert_eq!(saved, 1, "profile saved");

        let r = c
            .post(
                &format!("/seller/imports/{id}/confirm"),
                &[("missing", "keep")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (status, error) = wait_done(&app, &id).await;
        assert_eq!(status, "succeeded", "{engine:?}: {error}");

        let result = c.get(&format!("/seller/imports/{id}")).await;
        assert!(
            result.body.contains("Changed parts are searchable"),
            "{}",
            result.body
        );
        assert_eq!(texts(&result.html(), ".stat-new .stat-n"), ["1"]);

        // Stored as parsed: Indian grouping, dollars, normalized category.
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT price_minor FROM parts WHERE id = $1",
                &part_id
            )
            .await,
            12_345_600
        );
        let (name, brand, currency, price, category): (String, String, String, i64, String) =
            partsportal::on_db!(&app.db, |p| sqlx::query_as(
                "SELECT name, brand, currency, price_minor, category FROM parts WHERE seller_id = $1 AND part_number = 'ZZ-IMP-0001'"
            )
            .bind(&org)
            .fetch_one(p)
            .await)
            .unwrap();
        assert_eq!(
            (
                name.as_str(),
                brand.as_str(),
                currency.as_str(),
                price,
                category.as_str()
            ),
            ("Imported test cable", "blue", "USD", 5300, "Cables > Ecg")
        );
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT COUNT(*) FROM price_history WHERE part_id = $1 AND source = 'import'",
                &part_id
            )
            .await,
            1
        );
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT COUNT(*) FROM parts WHERE part_number = $1",
                "ZZ-IMP-0002"
            )
            .await,
            0,
            "the invalid row is left out"
        );
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT COUNT(*) FROM audit_log WHERE kind = 'catalog.import' AND org_id = $1",
                &org
            )
            .await,
            1
        );
        // Searchable within seconds.
        let found = app
            .eventually(Duration::from_secs(10), || async {
                app.get("/search?q=ZZ-IMP-0001")
                    .await
                    .body
                    .contains("Imported test cable")
            })
            .await;
        assert!(found, "{engine:?}: the new part is searchable");

        // The error report: the original row and what is wrong with it.
        let report = c.get(&format!("/seller/imports/{id}/report.csv")).await;
        assert_eq!(report.status, StatusCode::OK);
        assert!(report.body.contains("ZZ-IMP-0002"), "{}", report.body);
        assert!(report.body.contains("expected a price"), "{}", report.body);
        let xlsx = c.get(&format!("/seller/imports/{id}/report.xlsx")).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert_eq!(
            xlsx.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );

        // The history lists it, and the next upload reuses the profile.
        let history = c.get("/seller/imports").await;
        assert!(history.body.contains("prices.csv"));
        let r = c
            .post_multipart(
                "/seller/imports",
                &[("file", Some("again.csv"), csv.as_bytes())],
            )
            .await;
        let id2 = import_id(r.headers["location"].to_str().unwrap());
        let again = c.get(&format!("/seller/imports/{id2}")).await;
        assert!(
            again.body.contains("<option value=\"brand\" selected>"),
            "the saved mapping is applied: {}",
            again.body
        );
        app.cleanup().await;
    }
}

/// The (minimum order, order multiple) of the seller's part with this number.
async fn packs(app: &TestApp, org: &str, number: &str) -> Option<(i32, i32)> {
    partsportal::on_db!(&app.db, |p| sqlx::query_as(
        "SELECT moq, order_multiple FROM parts WHERE seller_id = $1 AND part_number = $2"
    )
    .bind(org)
    .bind(number)
    .fetch_optional(p)
    .await)
    .expect("packs")
}

#[tokio::test]
async fn a_pack_size_column_sets_the_order_multiple() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let (org, part_id, pn, _) = seller_and_part(&app, seller_email()).await;
        let mut c = Client::new(&app);
        c.login(seller_email(), PASSWORD).await;
        c.get("/seller/imports/new").await;
        // A new part in packs of 10, one whose minimum is not whole packs,
        // and a listed part given a pack size alone.
        let csv = format!(
            "Part No.,Part Name,Unit Price (INR),Manufacturer,Category,MOQ,Pack Size\n\
             ZZ-PACK-0001,ECG electrodes,450.00,Acme Medical,Patient Monitoring > Electrodes,20,10\n\
             ZZ-PACK-0002,Fuse 2A,12.00,Acme Medical,Electrical > Fuses,12,5\n\
             {pn},,,,,,25\n"
        );
        let r = c
            .post_multipart(
                "/seller/imports",
                &[("file", Some("packs.csv"), csv.as_bytes())],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{engine:?}: {}", r.body);
        let id = import_id(r.headers["location"].to_str().unwrap());
        let doc = c.get(&format!("/seller/imports/{id}")).await.html();
        assert_eq!(texts(&doc, ".stat-new .stat-n"), ["1"], "{engine:?}");
        assert_eq!(texts(&doc, ".stat-upd .stat-n"), ["1"]);
        assert_eq!(texts(&doc, ".stat-bad .stat-n"), ["1"]);
        let problems = texts(&doc, "table.problems tbody tr");
        assert_eq!(
            problems,
            [
                "3F (MOQ)12Error minimum order 12 is not a multiple of the pack size 5; expected a \
                 whole number of packs, such as 10 or 15"
            ],
            "{engine:?}"
        );

        let r = c
            .post(
                &format!("/seller/imports/{id}/confirm"),
                &[("missing", "keep")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (status, error) = wait_done(&app, &id).await;
        assert_eq!(status, "succeeded", "{engine:?}: {error}");
        assert_eq!(packs(&app, &org, "ZZ-PACK-0001").await, Some((20, 10)));
        assert_eq!(
            packs(&app, &org, "ZZ-PACK-0002").await,
            None,
            "the invalid row is left out"
        );
        // A pack size alone rounds the kept minimum up to one pack.
        let (moq, multiple): (i32, i32) = partsportal::on_db!(&app.db, |p| sqlx::query_as(
            "SELECT moq, order_multiple FROM parts WHERE id = $1"
        )
        .bind(&part_id)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(multiple, 25);
        assert_eq!(moq % 25, 0, "{moq}");

        // The export carries it, under a header the importer reads back.
        let export = c.get("/seller/catalog/export.csv").await;
        assert_eq!(export.status, StatusCode::OK, "{}", export.body);
        let mut lines = export.body.trim_start_matches('\u{feff}').lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
        let at = header.iter().position(|h| *h == "Order multiple");
        assert!(at.is_some(), "{header:?}");
        let row: Vec<&str> = lines
            .find(|l| l.starts_with("ZZ-PACK-0001,"))
            .unwrap_or_default()
            .split(',')
            .collect();
        assert_eq!(row.get(at.unwrap_or(0)), Some(&"10"), "{row:?}");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn unreadable_uploads_are_refused_next_to_the_field() {
    let app = spawn_app(Engine::Sqlite).await;
    let mut c = Client::new(&app);
    c.login(seller_email(), PASSWORD).await;
    c.get("/seller/imports/new").await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let r = c
        .post_multipart(
            "/seller/imports",
            &[
                ("file", Some("catalog.xlsx"), png),
                ("sheet", None, b"Parts"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let errors = texts(&r.html(), "#f-file-error");
    assert_eq!(errors.len(), 1, "{}", r.body);
    assert!(errors[0].contains("catalog.xlsx"), "{errors:?}");
    assert!(
        r.body.contains("value=\"Parts\""),
        "the sheet typed is kept"
    );
    let empty = c
        .post_multipart("/seller/imports", &[("file", Some("empty.csv"), b"")])
        .await;
    assert!(texts(&empty.html(), "#f-file-error")[0].contains("empty"));
    assert_eq!(
        scalar_i64(
            &app,
            "SELECT COUNT(*) FROM imports WHERE file_name <> $1",
            ""
        )
        .await,
        0,
        "nothing stored"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_second_import_while_one_runs_is_refused_and_double_confirms_make_one_run() {
    for engine in engines() {
        // Six chunks, half a second apart: the first import runs for three
        // seconds, long enough for the steps below on a loaded machine.
        let app = spawn_app_with(engine, |c| c.import_pause = Duration::from_millis(500)).await;
        let mut c = Client::new(&app);
        c.login(seller_email(), PASSWORD).await;
        c.get("/seller/imports/new").await;
        let mut csv = String::from("Part No,Name,Price,Manufacturer,Category\n");
        for i in 0..1200 {
            csv.push_str(&format!(
                "ZZ-RUN-{i:05},Run part {i},{}.00,Acme,Cables\n",
                100 + i
            ));
        }
        let r = c
            .post_multipart(
                "/seller/imports",
                &[("file", Some("big.csv"), csv.as_bytes())],
            )
            .await;
        let first = import_id(r.headers["location"].to_str().unwrap());
        let r = c
            .post_multipart(
                "/seller/imports",
                &[("file", Some("second.csv"), csv.as_bytes())],
            )
            .await;
        let second = import_id(r.headers["location"].to_str().unwrap());

        c.get(&format!("/seller/imports/{first}")).await;
        let r = c
            .post(
                &format!("/seller/imports/{first}/confirm"),
                &[("missing", "keep")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // A double click lands on the same import.
        let r = c
            .post(
                &format!("/seller/imports/{first}/confirm"),
                &[("missing", "keep")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let progress = c.get(&format!("/seller/imports/{first}")).await;
        assert!(
            progress.body.contains("<progress"),
            "{engine:?}: {}",
            progress.body
        );
        let json = c
            .get(&format!("/seller/imports/{first}/progress.json"))
            .await
            .json();
        assert_eq!(json["finished"], false, "{json}");

        c.get(&format!("/seller/imports/{second}")).await;
        let refused = c
            .post(
                &format!("/seller/imports/{second}/confirm"),
                &[("missing", "keep")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::OK);
        assert!(
            refused
                .body
                .contains("Another import (“big.csv”) is running"),
            "{engine:?}: {}",
            refused.body
        );
        assert_eq!(import_status(&app, &second).await.0, "previewed");

        assert_eq!(wait_done(&app, &first).await.0, "succeeded");
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT COUNT(*) FROM parts WHERE part_number LIKE $1",
                "ZZ-RUN-%"
            )
            .await,
            1200
        );
        let json = c
            .get(&format!("/seller/imports/{first}/progress.json"))
            .await
            .json();
        assert_eq!(
            (json["finished"].as_bool(), json["new"].as_i64()),
            (Some(true), Some(1200))
        );
        // Now the second may run: every row is unchanged.
        c.get(&format!("/seller/imports/{second}")).await;
        // Its preview predates the first run; the job plans again against
        // the catalog as it is, so every row is now unchanged.
        let r = c
            .post(
                &format!("/seller/imports/{second}/confirm"),
                &[("missing", "keep")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(wait_done(&app, &second).await.0, "succeeded");
        let json = c
            .get(&format!("/seller/imports/{second}/progress.json"))
            .await
            .json();
        assert_eq!(
            (json["new"].as_i64(), json["unchanged"].as_i64()),
            (Some(0), Some(1200)),
            "{json}"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn another_sellers_import_is_not_found() {
    let app = spawn_app(Engine::Sqlite).await;
    let mut owner = Client::new(&app);
    owner.login(seller_email(), PASSWORD).await;
    owner.get("/seller/imports/new").await;
    let r = owner
        .post_multipart(
            "/seller/imports",
            &[("file", Some("p.csv"), b"Part No,Price\nAB-1,10\n")],
        )
        .await;
    let id = import_id(r.headers["location"].to_str().unwrap());
    let other_seller = app
        .config_logins()
        .into_iter()
        .map(|(email, ..)| email)
        .find(|e| e.starts_with("seller-admin@") && e != seller_email())
        .expect("a second seller");
    let mut other = Client::new(&app);
    other.login(&other_seller, PASSWORD).await;
    other.get("/seller/imports").await;
    for path in ["", "/progress.json", "/report.csv", "/report.xlsx"] {
        let r = other.get(&format!("/seller/imports/{id}{path}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = other
        .post(
            &format!("/seller/imports/{id}/confirm"),
            &[("missing", "keep")],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(import_status(&app, &id).await.0, "previewed");
    // A buyer cannot reach the import pages at all.
    let mut buyer = Client::new(&app);
    buyer.login("buyer@hospital.example.com", PASSWORD).await;
    assert_eq!(
        buyer.get("/seller/imports").await.status,
        StatusCode::FORBIDDEN
    );
    app.cleanup().await;
}

fn binary() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_partsportal"))
}

fn cli(app: &TestApp, args: &[&str]) -> std::process::Output {
    binary()
        .arg("--data-dir")
        .arg(app.dir.path())
        .arg("--database-url")
        .arg(&app.url)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run partsportal")
}

#[tokio::test]
async fn killing_an_import_midway_leaves_the_catalog_as_it_was() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let (org, part_id, pn, old_price) = seller_and_part(&app, seller_email()).await;
        let parts_before = part_count(&app, &org).await;
        let outbox_before: i64 = partsportal::db::outbox::head(&app.db).await.unwrap();
        let mut csv =
            format!("Part No,Name,Price,Manufacturer,Category\n{pn},Changed,1.00,Acme,Cables\n");
        for i in 0..2000 {
            csv.push_str(&format!(
                "ZZ-KILL-{i:05},Kill part {i},{}.00,Acme,Cables\n",
                10 + i
            ));
        }
        let file = app.dir.path().join("kill.csv");
        std::fs::write(&file, &csv).unwrap();

        let mut child = binary()
            .arg("--data-dir")
            .arg(app.dir.path())
            .arg("--database-url")
            .arg(&app.url)
            .args(["import", file.to_str().unwrap(), "--seller", &org])
            .env("PARTSPORTAL_IMPORT_PAUSE_MS", "250")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the import");
        // Wait until the job runs, then let it write a few chunks.
        let mut running = false;
        for _ in 0..400 {
            let n = scalar_i64(
                &app,
                "SELECT COUNT(*) FROM imports WHERE seller_id = $1 AND status = 'running'",
                &org,
            )
            .await;
            if n == 1 {
                running = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert!(running, "{engine:?}: the import started");
        tokio::time::sleep(Duration::from_millis(900)).await;
        // SIGKILL: no destructor, no rollback by the process itself.
        child.kill().expect("kill");
        child.wait().expect("reaped");

        assert_eq!(
            part_count(&app, &org).await,
            parts_before,
            "{engine:?}: no part was added"
        );
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT price_minor FROM parts WHERE id = $1",
                &part_id
            )
            .await,
            old_price
        );
        assert_eq!(
            scalar_i64(
                &app,
                "SELECT COUNT(*) FROM price_history WHERE seller_id = $1",
                &org
            )
            .await,
            0
        );
        assert_eq!(
            partsportal::db::outbox::head(&app.db).await.unwrap(),
            outbox_before
        );

        // After a restart the import shows as failed, saying nothing changed.
        partsportal::server::recover(&app.db).await.unwrap();
        let (status, error): (String, String) = partsportal::on_db!(&app.db, |p| sqlx::query_as(
            "SELECT status, error FROM imports WHERE seller_id = $1"
        )
        .bind(&org)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(status, "failed");
        assert!(error.contains("nothing was changed"), "{error}");

        // The database is intact: the same import runs to the end.
        let out = cli(&app, &["import", file.to_str().unwrap(), "--seller", &org]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(part_count(&app, &org).await, parts_before + 2000);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn cli_import_dry_run_report_and_exit_codes() {
    let app = spawn_app(Engine::Sqlite).await;
    let (org, _, pn, _) = seller_and_part(&app, seller_email()).await;
    let dir = app.dir.path();
    let good = dir.join("good.csv");
    std::fs::write(&good, messy_csv(&pn)).unwrap();
    let report = dir.join("report.xlsx");
    let parts_before = part_count(&app, &org).await;

    let out = cli(
        &app,
        &[
            "import",
            good.to_str().unwrap(),
            "--seller",
            &org,
            "--dry-run",
            "--report",
            report.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("1 new, 1 updated, 0 unchanged, 1 invalid, 2 skipped"),
        "{stdout}"
    );
    assert!(
        stdout.contains("row 7, column C (Unit Price (INR)): found \"abc\""),
        "{stdout}"
    );
    assert!(stdout.contains("dry run: nothing was changed"));
    assert!(std::fs::metadata(&report).unwrap().len() > 0);
    let back =
        partsportal_importers::Workbook::open(&std::fs::read(&report).unwrap(), "report.xlsx")
            .and_then(|mut b| b.read_sheet(0))
            .expect("the report reads back");
    assert!(
        back.rows.iter().any(|r| r
            .cells
            .iter()
            .any(|c| matches!(c, partsportal_importers::Cell::Text(t) if t == "ZZ-IMP-0002"))),
        "the invalid row is in the report"
    );
    assert_eq!(part_count(&app, &org).await, parts_before);

    // Unreadable: a PNG named .csv.
    let png = dir.join("photo.csv");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let out = cli(&app, &["import", png.to_str().unwrap(), "--seller", &org]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("photo.csv cannot be imported"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Nothing valid: non-zero without --dry-run.
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "Part No,Price\nQQ-1,abc\nQQ-2,-5\n").unwrap();
    let out = cli(&app, &["import", bad.to_str().unwrap(), "--seller", &org]);
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no valid row"));

    // A real run.
    let out = cli(&app, &["import", good.to_str().unwrap(), "--seller", &org]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(part_count(&app, &org).await, parts_before + 1);
    app.cleanup().await;
}
