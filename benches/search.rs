//! In-process search latency on the benchmark catalog (1,000,000 parts by
//! default): the query mix of the issue (exact and re-typed part numbers,
//! 1-3 word queries, model names, maker + part type, one typo; 0-3 filters
//! each), top 24 hits plus every facet group the page shows.
//!
//! `cargo bench --bench search` prints criterion's estimate per query kind,
//! then p50/p99 over the whole mix and the throughput on 2 threads.
//! `PARTSPORTAL_BENCH_PARTS=100000` for a smaller catalog.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{Kind, percentile, query_mix};
use criterion::Criterion;
use partsportal_index::request::SearchRequest;

fn main() {
    let parts = common::bench_parts();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (_db, _dir, catalog) = rt.block_on(common::open(parts));
    let mix = query_mix(parts, 400);
    println!(
        "catalog: {} parts indexed; mix: {} queries; facet arrays {:.1} MB",
        catalog.num_parts(),
        mix.len(),
        catalog.facet_array_bytes() as f64 / 1e6
    );

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(50)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for kind in Kind::ALL {
        let qs: Vec<_> = mix
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, r)| r.clone())
            .collect();
        let mut i = 0;
        c.bench_function(&format!("search/{}", kind.name()), |b| {
            b.iter(|| {
                i = (i + 1) % qs.len();
                catalog.search(&qs[i]).unwrap()
            })
        });
    }
    c.final_summary();

    // Percentiles over the whole mix, each query timed on its own (warm).
    for (_, r) in &mix {
        catalog.search(r).unwrap();
    }
    let mut all = Vec::new();
    println!(
        "\n{:<26} {:>9} {:>9} {:>9}",
        "kind", "p50 ms", "p99 ms", "max ms"
    );
    for kind in Kind::ALL {
        let mut ms: Vec<f64> = Vec::new();
        for _ in 0..3 {
            for (_, r) in mix.iter().filter(|(k, _)| *k == kind) {
                let t = Instant::now();
                let res = catalog.search(r).unwrap();
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
                std::hint::black_box(res);
            }
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "{:<26} {:>9.3} {:>9.3} {:>9.3}",
            kind.name(),
            percentile(&ms, 50.0),
            percentile(&ms, 99.0),
            ms.last().unwrap()
        );
        all.extend(ms);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "{:<26} {:>9.3} {:>9.3} {:>9.3}",
        "ALL",
        percentile(&all, 50.0),
        percentile(&all, 99.0),
        all.last().unwrap()
    );
    // PARTSPORTAL_BENCH_SLOWEST=N lists the N slowest queries of the mix,
    // with how many parts each matched: where to look when the p99 moves.
    if let Some(n) = std::env::var("PARTSPORTAL_BENCH_SLOWEST")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let mut timed: Vec<(f64, u64, &SearchRequest)> = mix
            .iter()
            .map(|(_, r)| {
                let t = Instant::now();
                let res = catalog.search(r).unwrap();
                (t.elapsed().as_secs_f64() * 1000.0, res.total, r)
            })
            .collect();
        timed.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (ms, total, r) in timed.iter().take(n) {
            println!("{ms:8.2} ms {total:>8} matches  {r:?}");
        }
    }
    let mut exact: Vec<f64> = Vec::new();
    for _ in 0..5 {
        for (_, r) in mix.iter().filter(|(k, r)| {
            matches!(k, Kind::ExactNumber | Kind::NumberTypedDifferently)
                && !r.in_stock
                && r.price_max.is_none()
                && r.modality.is_empty()
                && r.lead_time_max.is_none()
                && r.warranty_min.is_none()
        }) {
            let t = Instant::now();
            std::hint::black_box(catalog.search(r).unwrap());
            exact.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    exact.sort_by(f64::total_cmp);
    println!(
        "part-number lookup (no filters): p50 {:.3} ms, p99 {:.3} ms over {} lookups",
        percentile(&exact, 50.0),
        percentile(&exact, 99.0),
        exact.len()
    );

    // Throughput: 2 threads run the mix for 5 seconds.
    let deadline = Instant::now() + Duration::from_secs(5);
    let done: usize = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|t| {
                let catalog = &catalog;
                let mix = &mix;
                s.spawn(move || {
                    let mut n = 0;
                    let mut i = t * 7;
                    while Instant::now() < deadline {
                        std::hint::black_box(catalog.search(&mix[i % mix.len()].1).unwrap());
                        i += 1;
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    println!(
        "throughput: {:.0} queries/s on 2 threads",
        done as f64 / 5.0
    );
}
