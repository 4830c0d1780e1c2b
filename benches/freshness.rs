//! How long a single part edit takes to become searchable: commit a price
//! change through the database (which writes the outbox row in the same
//! transaction), then poll the index until the new price is served. The
//! index sync task runs as in the server. Prints p50/p99 over 200 edits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

fn main() {
    let parts = common::bench_parts();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (db, _dir, catalog) = common::open(parts).await;
        let wakeup = Arc::new(tokio::sync::Notify::new());
        let (_stop, stop_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(partsportal::jobs::index_sync::run(db.clone(), catalog.clone(), wakeup.clone(), stop_rx));
        // Prices unique to this run: with the same prices as a previous run
        // an edit would look searchable before it was applied.
        let run = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            % 1_000_000;
        let mut lat = Vec::new();
        for i in 0..200usize {
            let id = partsportal::db::demo_load::part_id((i * 4_999) % parts);
            let price = 10_000 + run * 1_000 + i as i64;
            let t = Instant::now();
            assert!(partsportal::db::catalog::update_price_stock(&db, &id, price, 5).await.unwrap());
            wakeup.notify_one();
            loop {
                if catalog.get(&id).unwrap().is_some_and(|p| p.price_minor == price) {
                    break;
                }
                assert!(t.elapsed() < Duration::from_secs(10), "edit not searchable after 10 s");
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            lat.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        lat.sort_by(f64::total_cmp);
        println!("edit → searchable over {} edits on {parts} parts: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms", lat.len(), common::percentile(&lat, 50.0), common::percentile(&lat, 99.0), lat.last().unwrap());
    });
}
