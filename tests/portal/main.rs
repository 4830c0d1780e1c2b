//! Integration tests through the router, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod addresses;
mod admin;
mod api_tokens;
mod auth;
mod browser;
mod browser_cart;
mod browser_imports;
mod browser_orders;
mod cart;
mod catalog_export;
mod checkout;
mod helpers;
mod imports;
mod links;
mod mail;
mod notifications;
mod ordering;
mod orders;
mod part_images;
mod purchasing;
mod reindex;
mod seller_catalog;
mod seller_settings;
mod tax_rates;
mod tenancy;

use std::time::Duration;

use axum::http::StatusCode;
use helpers::{attrs, engines, spawn_app, texts};

fn enc(s: &str) -> String {
    serde_urlencoded::to_string([("q", s)]).unwrap()
}

#[tokio::test]
async fn home_page_shows_catalog_entry_points() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let r = app.get("/").await;
        assert_eq!(r.status, StatusCode::OK, "{engine:?}");
        let doc = r.html();
        assert_eq!(texts(&doc, "main#main").len(), 1, "main landmark");
        assert!(!attrs(&doc, "form[role=search] input[name=q]", "name").is_empty());
        assert!(
            texts(&doc, "label[for=q]").len() == 1,
            "search box is labelled"
        );
        let tiles = texts(&doc, "#modalities ~ ul .tile-name");
        assert!(tiles.len() >= 8, "modalities listed: {tiles:?}");
        assert!(!texts(&doc, ".maker-list a").is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn part_number_search_puts_exact_hits_first() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        for q in ["AB-123/4", "ab1234", "AB 1234", "ab-123-4"] {
            let r = app.get(&format!("/search?{}", enc(q))).await;
            assert_eq!(r.status, StatusCode::OK);
            let doc = r.html();
            let pns = texts(&doc, ".card .pn");
            assert!(pns.len() >= 2, "{q}: several sellers of AB-123/4: {pns:?}");
            assert_eq!(pns[0], "AB-123/4", "{q}");
            assert_eq!(
                texts(&doc, ".card .ribbon-exact")
                    .first()
                    .map(String::as_str),
                Some("Exact part number")
            );
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn text_search_with_typo_facets_and_chips() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let r = app.get(&format!("/search?{}", enc("spo2 sensr"))).await;
        let doc = r.html();
        let names = texts(&doc, ".card .card-title");
        assert!(!names.is_empty());
        assert!(
            names
                .iter()
                .take(5)
                .all(|n| n.to_lowercase().contains("spo2") || n.to_lowercase().contains("oxim")),
            "{names:?}"
        );
        assert!(
            !texts(&doc, ".card-title mark").is_empty(),
            "matched words highlighted"
        );
        // Pick the first manufacturer facet value and follow its link.
        let links = attrs(&doc, "#facet-manufacturer ~ ul a.facet-value", "href");
        assert!(!links.is_empty());
        let r2 = app.get(&links[0]).await;
        let doc2 = r2.html();
        let chips = texts(&doc2, ".chips .chip");
        assert!(!chips.is_empty(), "active filter shown as a chip");
        let selected = texts(&doc2, "a.facet-value.selected .facet-label");
        assert_eq!(selected.len(), 1);
        // Disjunctive: the other manufacturers are still offered with counts.
        let others = texts(
            &doc2,
            "#facet-manufacturer ~ ul a.facet-value:not(.selected) .count",
        );
        assert!(!others.is_empty(), "siblings keep their counts");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn typed_constraints_show_as_removable_chips() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let r = app
            .get(&format!(
                "/search?{}",
                enc("ventilator flow sensor below ₹2,000")
            ))
            .await;
        let doc = r.html();
        let chips = texts(&doc, ".chips .chip");
        assert!(
            chips.iter().any(|c| c.contains("Price up to ₹2,000")),
            "{chips:?}"
        );
        let prices = texts(&doc, ".card .price");
        assert!(
            !prices.is_empty(),
            "the fixture flow sensor under ₹2,000 is found"
        );
        let remove = attrs(&doc, ".chips .chip", "href");
        let r2 = app.get(&remove[0]).await;
        assert!(texts(&r2.html(), ".chips .chip").is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn unknown_part_number_says_no_exact_match() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let r = app.get(&format!("/search?{}", enc("AB-123/9"))).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert!(
            texts(&doc, ".card").is_empty(),
            "no other part shown as if it matched"
        );
        let warn = texts(&doc, ".notice-warn").join(" ");
        assert!(warn.contains("No exact match"), "{warn}");
        assert!(
            texts(&doc, ".closest li")
                .iter()
                .any(|l| l.contains("AB-123/4"))
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn filters_that_empty_the_page_say_so_and_offer_a_way_out() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // Coils exist, but none from a seller that does not exist.
        let r = app
            .get("/search?q=coil&seller=No+Such+Seller&in_stock=true")
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert!(texts(&doc, ".card").is_empty());
        let empty = texts(&doc, ".empty").join(" ");
        assert!(empty.contains("pass your filters"), "{empty}");
        assert!(empty.contains("Remove all filters"), "{empty}");
        // The words were not loosened to fill the page.
        assert!(!r.body.contains("some</strong> of them"), "relaxed");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn part_page_shows_everything_to_decide() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let api = app.get("/api/v1/search?q=AB-123%2F4").await.json();
        let id = api["hits"][0]["part"]["id"].as_str().unwrap().to_string();
        let r = app.get(&format!("/parts/{id}")).await;
        assert_eq!(r.status, StatusCode::OK);
        let doc = r.html();
        assert_eq!(texts(&doc, ".pn strong"), vec!["AB-123/4"]);
        assert_eq!(texts(&doc, "h1").len(), 1);
        let specs = texts(&doc, "table.specs th");
        for want in [
            "Part number",
            "Manufacturer",
            "Weight",
            "Dimensions",
            "HSN code",
            "GST rate",
            "Warranty",
        ] {
            assert!(specs.iter().any(|s| s == want), "{want}");
        }
        assert!(
            !attrs(&doc, ".model-list a", "href").is_empty(),
            "compatible models linked"
        );
        assert!(
            !texts(&doc, "table.offers tbody tr").is_empty(),
            "other sellers of this part"
        );
        // The model link works.
        let model = attrs(&doc, ".model-list a", "href")[0].clone();
        let m = app.get(&model).await;
        assert_eq!(m.status, StatusCode::OK);
        assert!(
            !texts(&m.html(), ".cat-group").is_empty(),
            "model page groups parts by category"
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn manufacturer_and_seller_pages() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let doc = app.get("/search?q=coil").await.html();
        let maker = attrs(&doc, ".card .meta a[href^='/manufacturers/']", "href")[0].clone();
        let seller = attrs(&doc, ".card .meta a[href^='/sellers/']", "href")[0].clone();
        let m = app.get(&maker).await;
        assert_eq!(m.status, StatusCode::OK);
        assert!(!texts(&m.html(), ".model-list a").is_empty());
        let s = app.get(&seller).await;
        assert_eq!(s.status, StatusCode::OK);
        assert!(!texts(&s.html(), ".card").is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn bad_input_gives_400_naming_the_parameter_and_never_500() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let r = app.get("/search?q=coil&price_min=cheap").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(texts(&r.html(), "code").contains(&"price_min".to_string()));
        let j = app.get("/api/v1/search?sort=random").await;
        assert_eq!(j.status, StatusCode::BAD_REQUEST);
        assert_eq!(j.json()["error"]["code"], "invalid_parameter");
        assert_eq!(j.json()["error"]["parameter"], "sort");
        let long = "x".repeat(10_000);
        for q in [
            "",
            "AND (",
            "*",
            "\\",
            "\"quoted",
            "%00%01",
            "🙂☃",
            long.as_str(),
            "') OR 1=1 --",
        ] {
            let r = app.get(&format!("/search?{}", enc(q))).await;
            assert_eq!(r.status, StatusCode::OK, "{q:.20}");
            let r = app.get(&format!("/api/v1/search?{}", enc(q))).await;
            assert_eq!(r.status, StatusCode::OK, "api {q:.20}");
            let r = app.get(&format!("/api/v1/suggest?{}", enc(q))).await;
            assert_eq!(r.status, StatusCode::OK, "suggest {q:.20}");
        }
        assert_eq!(
            app.get("/search?q=%ZZ%").await.status,
            StatusCode::OK,
            "stray percent signs are taken literally"
        );
        assert_eq!(
            app.get("/search?q=coil&page=-1").await.status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            app.get("/search?q=coil&utm_source=x").await.status,
            StatusCode::OK,
            "unknown params ignored"
        );
        let past = app.get("/search?q=coil&page=400").await;
        assert_eq!(past.status, StatusCode::OK);
        assert!(past.body.contains("past the end"));
        let nf = app.get("/parts/does-not-exist").await;
        assert_eq!(nf.status, StatusCode::NOT_FOUND);
        assert_eq!(
            app.get("/api/v1/parts/nope").await.json()["error"]["code"],
            "not_found"
        );
        assert_eq!(app.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn json_api_and_openapi() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let r = app
            .get("/api/v1/search?q=coil&in_stock=true&per_page=5")
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers["content-type"], "application/json");
        let j = r.json();
        assert!(j["total"].as_u64().unwrap() > 0);
        assert!(j["hits"].as_array().unwrap().len() <= 5);
        assert!(
            j["hits"]
                .as_array()
                .unwrap()
                .iter()
                .all(|h| h["part"]["stock"].as_i64().unwrap() > 0)
        );
        let keys: Vec<&str> = j["facets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["key"].as_str().unwrap())
            .collect();
        for k in [
            "modality",
            "manufacturer",
            "category",
            "model",
            "seller",
            "condition",
            "in_stock",
            "lead_time_max",
            "warranty_min",
            "price",
        ] {
            assert!(keys.contains(&k), "{k}");
        }
        let id = j["hits"][0]["part"]["id"].as_str().unwrap();
        let p = app.get(&format!("/api/v1/parts/{id}")).await.json();
        assert_eq!(p["id"], id);
        assert!(p["compatible_models"].is_array());
        let s = app.get("/api/v1/suggest?q=ab12").await.json();
        assert!(
            s["suggestions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["label"] == "AB-123/4")
        );
        let o = app.get("/api/v1/openapi.json").await.json();
        assert_eq!(o["openapi"], "3.1.0");
        assert!(o["paths"]["/api/v1/search"].is_object());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_committed_change_is_searchable_within_a_second() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let j = app.get("/api/v1/search?q=00451223").await.json();
        let id = j["hits"][0]["part"]["id"].as_str().unwrap().to_string();
        let new_price = 123_456_700i64;
        assert!(
            partsportal::db::catalog::update_price_stock(&app.db, &id, new_price, 77)
                .await
                .unwrap()
        );
        app.wakeup.notify_one();
        let seen = app
            .eventually(Duration::from_secs(1), || async {
                let j = app.get("/api/v1/search?q=00451223").await.json();
                j["hits"][0]["part"]["price_minor"].as_i64() == Some(new_price)
                    && j["hits"][0]["part"]["stock"].as_i64() == Some(77)
            })
            .await;
        assert!(seen, "{engine:?}: change not searchable within 1 s");
        app.cleanup().await;
    }
}

#[tokio::test]
async fn index_is_rebuilt_when_missing_and_caught_up_when_present() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let before = app.catalog.num_parts();
        assert!(before > 0);
        // Missing index: rebuilt from the database on the next start.
        let index_dir = app.dir.path().join("index");
        let fresh = tempfile::tempdir().unwrap();
        let (cat, opened) = partsportal_index::Catalog::open(&fresh.path().join("index")).unwrap();
        assert_eq!(opened, partsportal_index::Opened::Created);
        let cat = std::sync::Arc::new(cat);
        partsportal::jobs::index_sync::prepare(&app.db, &cat, opened)
            .await
            .unwrap();
        assert_eq!(cat.num_parts(), before);
        // Unreadable index: garbage in meta.json is detected and rebuilt.
        let broken = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(broken.path().join("index")).unwrap();
        std::fs::write(broken.path().join("index/meta.json"), b"{ not json").unwrap();
        let (cat2, opened2) =
            partsportal_index::Catalog::open(&broken.path().join("index")).unwrap();
        assert_eq!(opened2, partsportal_index::Opened::Created);
        drop(cat2);
        assert!(index_dir.exists());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn health_request_ids_and_security_headers() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        let r = app.get("/healthz").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json()["status"], "ok");
        assert!(r.headers.contains_key("x-request-id"));
        let r = app.get("/").await;
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
        // Assets are content-hashed and cached for a year.
        let css = attrs(&r.html(), "link[rel=stylesheet]", "href")[0].clone();
        assert!(css.starts_with("/assets/app.") && css.ends_with(".css"));
        let a = app.get(&css).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(
            a.headers["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        // A results page stays small.
        let page = app.get("/search?q=sensor").await;
        assert!(
            page.body.len() + a.body.len() < 150 * 1024,
            "results page {} + css {} bytes",
            page.body.len(),
            a.body.len()
        );
        app.cleanup().await;
    }
}

#[tokio::test]
async fn internal_errors_show_a_request_id_and_no_details() {
    for engine in engines() {
        let app = spawn_app(engine).await;
        // With the pool closed every database query fails.
        app.db.close().await;
        let r = app.get("/parts/any-id").await;
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
        let id = r.headers["x-request-id"].to_str().unwrap().to_string();
        assert!(!id.is_empty());
        assert!(
            texts(&r.html(), "code").contains(&id),
            "the page quotes the request id"
        );
        assert!(
            !r.body.to_lowercase().contains("pool"),
            "no internal error text"
        );
        let j = app.get("/api/v1/parts/any-id").await;
        assert_eq!(j.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(j.json()["error"]["code"], "internal");
        assert_eq!(
            j.json()["error"]["request_id"].as_str(),
            j.headers["x-request-id"].to_str().ok()
        );
        let h = app.get("/healthz").await;
        assert_eq!(h.status, StatusCode::SERVICE_UNAVAILABLE);
        app.cleanup().await;
    }
}
