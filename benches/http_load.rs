//! Load test of full HTML results pages over HTTP: the portal runs in this
//! process on 127.0.0.1 (its own 2-thread runtime) and 32 keep-alive
//! connections request `/search` pages from the query mix for 20 seconds.
//! Prints pages/s and latency percentiles. Traffic goes to loopback only,
//! and the run is bounded in time.
//!
//! `cargo bench --bench http_load`; `PARTSPORTAL_BENCH_PARTS=100000` for the
//! smaller catalog; `PARTSPORTAL_LOAD_SECONDS` and `PARTSPORTAL_LOAD_CONNECTIONS`
//! to change the run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use partsportal::app::AppState;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let parts = common::bench_parts();
    let seconds = env_num("PARTSPORTAL_LOAD_SECONDS", 20);
    let connections = env_num("PARTSPORTAL_LOAD_CONNECTIONS", 32) as usize;
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (db, _dir, catalog) = server_rt.block_on(common::open(parts));
    let listener = server_rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(
        db,
        catalog,
        Arc::new(tokio::sync::Notify::new()),
        partsportal::app::WebConfig::default(),
        partsportal::clock::Clock::default(),
        Arc::new(tokio::sync::Notify::new()),
    );
    server_rt.spawn(async move { axum::serve(listener, partsportal::build_router(state)).await });

    let urls: Arc<Vec<String>> = Arc::new(
        common::query_mix(parts, 200)
            .into_iter()
            .map(|(_, r)| {
                let p = partsportal::web::params::SearchParams {
                    req: r,
                    ..Default::default()
                };
                format!("http://{addr}{}", partsportal::web::params::url(&p))
            })
            .collect(),
    );
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (count, bytes, mut lat) = client_rt.block_on(async move {
        let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(connections)
            .build_http();
        // Warm up: every URL once.
        for u in urls.iter() {
            let resp = client.get(u.parse().unwrap()).await.unwrap();
            assert_eq!(resp.status(), 200, "{u}");
            resp.into_body().collect().await.unwrap();
        }
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        for c in 0..connections {
            let client = client.clone();
            let urls = urls.clone();
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                let mut bytes = 0usize;
                let mut i = c * 13;
                while Instant::now() < deadline {
                    let t = Instant::now();
                    let resp = client
                        .get(urls[i % urls.len()].parse().unwrap())
                        .await
                        .unwrap();
                    assert_eq!(resp.status(), 200);
                    bytes += resp.into_body().collect().await.unwrap().to_bytes().len();
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                    i += 1;
                }
                (lat, bytes)
            }));
        }
        let mut all = Vec::new();
        let mut bytes = 0;
        for t in tasks {
            let (l, b) = t.await.unwrap();
            all.extend(l);
            bytes += b;
        }
        (all.len(), bytes, all)
    });
    lat.sort_by(f64::total_cmp);
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_string)
        })
        .unwrap_or_default();
    println!(
        "{parts} parts, {connections} connections, {seconds} s: {:.0} pages/s, p50 {:.2} ms, p99 {:.2} ms, mean page {:.1} KB; process peak {}",
        count as f64 / seconds as f64,
        common::percentile(&lat, 50.0),
        common::percentile(&lat, 99.0),
        bytes as f64 / count.max(1) as f64 / 1024.0,
        rss.split_whitespace().skip(1).collect::<Vec<_>>().join(" ")
    );
}
