//! The main search flow in headless Chromium through WebDriver: type a query,
//! pick a facet, open a part, check what is shown.
//!
//! Skipped with a printed reason when Chromium or chromedriver is absent;
//! under CI=true their absence fails the test.

use std::net::TcpListener as StdListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::helpers::{Engine, spawn_app};

struct Driver(Child);
impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn find(env: &str, candidates: &[&str]) -> Option<String> {
    std::env::var(env)
        .ok()
        .filter(|p| std::path::Path::new(p).exists())
        .or_else(|| {
            candidates
                .iter()
                .find(|p| std::path::Path::new(p).exists())
                .map(|p| p.to_string())
        })
}

/// Headless Chromium driven through chromedriver, pointed at a served app.
pub(crate) struct Browser {
    pub(crate) client: fantoccini::Client,
    pub(crate) base: String,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

/// Serves `app` on a free port and starts a browser for it; `None` (with a
/// printed reason) when Chromium or chromedriver is absent outside CI.
pub(crate) async fn browser(app: &crate::helpers::TestApp) -> Option<Browser> {
    let driver_bin = find("PARTSPORTAL_TEST_CHROMEDRIVER", &["/usr/bin/chromedriver"]);
    let chromium = find(
        "PARTSPORTAL_TEST_CHROMIUM",
        &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
    );
    let (Some(driver_bin), Some(chromium)) = (driver_bin, chromium) else {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("CI=true but chromium/chromedriver are not installed");
        }
        eprintln!(
            "SKIPPED browser test: chromium or chromedriver not found (set PARTSPORTAL_TEST_CHROMEDRIVER / PARTSPORTAL_TEST_CHROMIUM)"
        );
        return None;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = app.router.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });

    let port = free_port();
    let driver = Driver(
        Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let profile = tempfile::tempdir().unwrap();
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                     format!("--user-data-dir={}", profile.path().display())]
        }
    }))
    .unwrap();
    let webdriver = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    let client = loop {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&webdriver)
            .await
        {
            Ok(c) => break c,
            Err(e) if start.elapsed() < Duration::from_secs(20) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("webdriver session: {e}"),
        }
    };
    Some(Browser {
        client,
        base,
        _driver: driver,
        _profile: profile,
    })
}

/// Logs in through the login form and waits for the signed-in header.
pub(crate) async fn log_in(client: &fantoccini::Client, base: &str, email: &str, password: &str) {
    client.goto(&format!("{base}/login")).await.unwrap();
    client
        .find(Locator::Css("#f-email"))
        .await
        .unwrap()
        .send_keys(email)
        .await
        .unwrap();
    client
        .find(Locator::Css("#f-password"))
        .await
        .unwrap()
        .send_keys(password)
        .await
        .unwrap();
    client
        .find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css(".account-who"))
        .await
        .unwrap();
}

/// Saves a screenshot when `PARTSPORTAL_SCREENSHOTS` names a directory.
pub(crate) async fn shot(client: &fantoccini::Client, name: &str) {
    if let Ok(dir) = std::env::var("PARTSPORTAL_SCREENSHOTS") {
        let png = client.screenshot().await.expect("screenshot");
        std::fs::write(format!("{dir}/{name}.png"), png).expect("write screenshot");
    }
}

#[tokio::test]
async fn sign_up_log_out_and_log_in_in_headless_chromium() {
    let app = spawn_app(Engine::Sqlite).await;
    let Some(b) = browser(&app).await else {
        return;
    };
    let (client, base) = (&b.client, &b.base);
    client.goto(&format!("{base}/")).await.unwrap();
    client
        .find(Locator::Css(".account a[href='/signup']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("form[action='/signup']"))
        .await
        .unwrap();
    let fill = |sel: &'static str, v: &'static str| async move {
        client
            .find(Locator::Css(sel))
            .await
            .unwrap()
            .send_keys(v)
            .await
            .unwrap();
    };
    if let Ok(dir) = std::env::var("PARTSPORTAL_SCREENSHOTS") {
        // The form after a bad submit: errors beside the fields.
        fill("#f-email", "anil@").await;
        client
            .find(Locator::Css("form[action='/signup'] button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .wait()
            .for_element(Locator::Css(".error-text"))
            .await
            .unwrap();
        std::fs::write(
            format!("{dir}/signup-errors.png"),
            client.screenshot().await.unwrap(),
        )
        .unwrap();
        client
            .find(Locator::Css("#f-email"))
            .await
            .unwrap()
            .clear()
            .await
            .unwrap();
    }
    fill("#f-org_name", "Shanti Nursing Home").await;
    client
        .find(Locator::Css("#f-org_kind option[value=clinic]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill("#f-city", "Nashik").await;
    fill("#f-name", "Anil Kulkarni").await;
    fill("#f-email", "anil@shanti.in").await;
    fill("#f-password", "pebble-Monsoon-27-lantern").await;
    client
        .find(Locator::Css("form[action='/signup'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css(".account-who"))
        .await
        .unwrap();
    let who = client
        .find(Locator::Css(".account-who"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        who.contains("Anil Kulkarni") && who.contains("Shanti Nursing Home"),
        "{who}"
    );

    // PARTSPORTAL_SCREENSHOTS=<dir> saves the account pages as PNGs, to look at.
    if let Ok(dir) = std::env::var("PARTSPORTAL_SCREENSHOTS") {
        for (name, path) in [
            ("account", "/account"),
            ("org-users", "/org/users"),
            ("home-signed-in", "/"),
        ] {
            client.goto(&format!("{base}{path}")).await.unwrap();
            let png = client.screenshot().await.unwrap();
            std::fs::write(format!("{dir}/{name}.png"), png).unwrap();
        }
    }
    // Log out, then log in again.
    client
        .find(Locator::Css("form.logout button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css(".account a[href='/login']"))
        .await
        .unwrap();
    client.goto(&format!("{base}/login")).await.unwrap();
    fill("#f-email", "anil@shanti.in").await;
    fill("#f-password", "pebble-Monsoon-27-lantern").await;
    client
        .find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css(".account-who"))
        .await
        .unwrap();
    let who = client
        .find(Locator::Css(".account-who"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(who.contains("Organization admin"), "{who}");
    b.client.clone().close().await.unwrap();
    app.cleanup().await;
}

#[tokio::test]
async fn search_facet_and_part_in_headless_chromium() {
    let app = spawn_app(Engine::Sqlite).await;
    let Some(b) = browser(&app).await else {
        return;
    };
    let (client, base) = (b.client.clone(), b.base.clone());

    // Type a query into the header search box and submit it.
    client.goto(&format!("{base}/")).await.unwrap();
    let q = client.find(Locator::Css("#q")).await.unwrap();
    q.send_keys("spo2 sensor").await.unwrap();
    client
        .find(Locator::Css("form.searchbar button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css(".card .card-title"))
        .await
        .unwrap();
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("/search?q=spo2+sensor")
    );
    let first_title = client
        .find(Locator::Css(".card .card-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        first_title.to_lowercase().contains("spo2") || first_title.to_lowercase().contains("oxim"),
        "{first_title}"
    );

    // Pick the first manufacturer facet.
    let facet = client
        .find(Locator::Css("#facet-manufacturer ~ ul a.facet-value"))
        .await
        .unwrap();
    let facet_label = facet
        .find(Locator::Css(".facet-label"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    facet.click().await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("a.facet-value.selected"))
        .await
        .unwrap();
    assert!(
        client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("manufacturer=")
    );
    let chips = client.find_all(Locator::Css(".chips .chip")).await.unwrap();
    assert!(!chips.is_empty());
    let cards = client.find_all(Locator::Css(".card .meta")).await.unwrap();
    for c in cards.iter().take(5) {
        assert!(
            c.text().await.unwrap().contains(&facet_label),
            "every hit is from {facet_label}"
        );
    }

    // Open the first part.
    let link = client
        .find(Locator::Css(".card .card-title a"))
        .await
        .unwrap();
    let pn = client
        .find(Locator::Css(".card .pn"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    link.click().await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("table.specs"))
        .await
        .unwrap();
    let shown = client
        .find(Locator::Css(".pn strong"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(shown, pn);
    let price = client
        .find(Locator::Css(".buy-box .big-price"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        price.starts_with('₹') || price.starts_with('$') || price.starts_with('€'),
        "{price}"
    );
    assert!(
        !client
            .find_all(Locator::Css(".model-list a"))
            .await
            .unwrap()
            .is_empty()
    );

    // "/" focuses the search box (progressive enhancement).
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    let active = client.active_element().await.unwrap();
    assert_eq!(active.attr("id").await.unwrap().as_deref(), Some("q"));

    client.close().await.unwrap();
    app.cleanup().await;
}
