//! A seller imports a spreadsheet in headless Chromium: uploads the file,
//! fixes a column mapping, watches the progress bar, reads the result and
//! finds the new part in search.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::browser::{browser, log_in, shot};
use crate::helpers::{Engine, spawn_app_with};

const PASSWORD: &str = "demo-parts-portal-2026";

#[tokio::test]
async fn seller_imports_a_spreadsheet_in_headless_chromium() {
    // Slow the writing down so the progress bar is seen moving.
    let app = spawn_app_with(Engine::Sqlite, |c| {
        c.import_pause = Duration::from_millis(120)
    })
    .await;
    let Some(b) = browser(&app).await else {
        return;
    };
    let (client, base) = (&b.client, &b.base);

    // A price list whose stock column has a header the importer cannot guess.
    let mut csv = String::from(
        "Spare parts price list — November\n\nItem Code,Item Name,Rate,Qty on shelf,Manufacturer,Category,Used On\n",
    );
    for i in 0..1500 {
        csv.push_str(&format!(
            "ZZ-BR-{i:05},Browser test part {i},\"₹{},{:03}.00\",{},Acme Medical,Imaging > MRI > Coils,Signa HDxt\n",
            1 + i / 100,
            i % 1000,
            i % 7
        ));
    }
    csv.push_str("ZZ-BR-BAD,Broken row,#N/A,1,Acme Medical,Imaging > MRI > Coils,\n");
    let file = app.dir.path().join("november-prices.csv");
    std::fs::write(&file, csv).unwrap();

    log_in(
        client,
        base,
        "seller-admin@manufacturer.example.com",
        PASSWORD,
    )
    .await;

    client
        .goto(&format!("{base}/seller/imports/new"))
        .await
        .unwrap();
    client
        .find(Locator::Css("#f-file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    shot(client, "import-upload").await;
    client
        .find(Locator::Css(
            "form[enctype='multipart/form-data'] button[type=submit]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("table.mapping"))
        .await
        .unwrap();
    shot(client, "import-preview").await;
    let body = client.source().await.unwrap();
    assert!(body.contains("header on row 3"), "title rows passed over");
    assert!(
        body.contains("Qty on shelf"),
        "the unknown header is listed"
    );

    // Fix the mapping: "Qty on shelf" (column D) is the stock.
    client
        .find(Locator::Css("#map-3 option[value=stock]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Css("form[action$='/preview'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("table.mapping"))
        .await
        .unwrap();
    let selected = client
        .find(Locator::Css("#map-3 option[selected]"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap();
    assert_eq!(selected.as_deref(), Some("stock"));
    let new_count = client
        .find(Locator::Css(".stat-new .stat-n"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(new_count, "1,500");
    let bad = client
        .find(Locator::Css(".stat-bad .stat-n"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(bad, "1", "the #N/A row is invalid");

    client
        .find(Locator::Css("form[action$='/confirm'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("progress#progress-bar"))
        .await
        .unwrap();
    // The bar moves while the job writes.
    let start = Instant::now();
    let mut seen_partial = false;
    while start.elapsed() < Duration::from_secs(20) {
        let Ok(bar) = client.find(Locator::Css("progress#progress-bar")).await else {
            break;
        };
        let value: f64 = bar
            .attr("value")
            .await
            .ok()
            .flatten()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        let max: f64 = bar
            .attr("max")
            .await
            .ok()
            .flatten()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1.0);
        if value > 0.0 && value < max {
            seen_partial = true;
            shot(client, "import-progress").await;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen_partial, "the progress bar showed the job part-way");
    // The page shows the result by itself when the job ends.
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(".stat-new"))
        .await
        .unwrap();
    shot(client, "import-result").await;
    let result = client.source().await.unwrap();
    assert!(result.contains("Changed parts are searchable"), "{result}");

    // The new part is found by search within seconds.
    let start = Instant::now();
    loop {
        client
            .goto(&format!("{base}/search?q=ZZ-BR-00042"))
            .await
            .unwrap();
        let page = client.source().await.unwrap();
        if page.contains("Browser test part 42") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the imported part is searchable"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    client.clone().close().await.unwrap();
    app.cleanup().await;
}
