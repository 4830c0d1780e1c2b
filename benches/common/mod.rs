//! Shared by the benchmarks: the benchmark catalog and the query mix.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use partsportal::db::Db;
use partsportal::demo;
use partsportal_index::{Catalog, SearchRequest};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// Parts in the benchmark catalog (`PARTSPORTAL_BENCH_PARTS`, default 1,000,000).
pub fn bench_parts() -> usize {
    std::env::var("PARTSPORTAL_BENCH_PARTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// The data dir of the benchmark catalog: `PARTSPORTAL_BENCH_DIR`, or
/// `target/bench-data/<parts>` (built on first use, reused after).
pub fn bench_dir(parts: usize) -> PathBuf {
    std::env::var("PARTSPORTAL_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(format!("target/bench-data/{parts}")))
}

/// Opens (building on first use) the benchmark database and index.
pub async fn open(parts: usize) -> (Db, PathBuf, Arc<Catalog>) {
    let dir = bench_dir(parts);
    std::fs::create_dir_all(&dir).expect("bench dir");
    let db = Db::connect(&Db::sqlite_url(&dir)).await.expect("db");
    partsportal::db::migrate::run(&db).await.expect("migrate");
    let existing = partsportal::db::catalog::count_parts(&db)
        .await
        .expect("count");
    if existing == 0 {
        eprintln!(
            "building the {parts}-part benchmark catalog in {} (once)…",
            dir.display()
        );
    }
    let catalog = partsportal::server::prepare(&db, &dir, Some(parts))
        .await
        .expect("prepare");
    (db, dir, catalog)
}

/// Kinds of query in the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ExactNumber,
    NumberTypedDifferently,
    Words,
    Model,
    MakerAndType,
    Typo,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::ExactNumber,
        Kind::NumberTypedDifferently,
        Kind::Words,
        Kind::Model,
        Kind::MakerAndType,
        Kind::Typo,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Kind::ExactNumber => "exact_number",
            Kind::NumberTypedDifferently => "number_typed_differently",
            Kind::Words => "words_1_to_3",
            Kind::Model => "model_name",
            Kind::MakerAndType => "maker_plus_type",
            Kind::Typo => "one_typo",
        }
    }
}

fn typo(word: &str, rng: &mut SmallRng) -> String {
    let mut c: Vec<char> = word.chars().collect();
    let i = rng.random_range(1..c.len() - 1);
    match rng.random_range(0..3) {
        0 => {
            c.remove(i);
        }
        1 => c.swap(i, i + 1),
        _ => c[i] = if c[i] == 'e' { 'a' } else { 'e' },
    }
    c.into_iter().collect()
}

fn words_of(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_alphabetic()))
        .map(str::to_lowercase)
        .collect()
}

/// A deterministic query mix over the first `parts` demo parts: `per_kind`
/// queries of each kind, each with 0 to 3 filters.
pub fn query_mix(parts: usize, per_kind: usize) -> Vec<(Kind, SearchRequest)> {
    let cat = demo::catalog();
    let mut rng = SmallRng::seed_from_u64(42);
    let step = (parts / (per_kind * 4)).max(1);
    let sample: Vec<demo::DemoPart> = demo::parts(&cat, parts)
        .step_by(step)
        .take(per_kind * 4)
        .collect();
    let mut out = Vec::new();
    for i in 0..per_kind {
        let p = &sample[i % sample.len()];
        let q = &sample[(i * 7 + 3) % sample.len()];
        let words = words_of(&q.name);
        let model = &cat.models[rng.random_range(0..cat.models.len())];
        let maker = cat.makers[q.manufacturer]
            .name
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        let n_words = rng.random_range(1..=3usize).min(words.len().max(1));
        let text = words
            .iter()
            .take(n_words)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        let long = words
            .iter()
            .find(|w| w.len() >= 6)
            .cloned()
            .unwrap_or_else(|| "sensor".into());
        let typed_differently: String = match i % 3 {
            0 => partsportal_index::normalize_code(&p.part_number).to_lowercase(),
            1 => p.part_number.replace(['-', '/', '.'], " "),
            _ => p.part_number.to_lowercase().replace('-', ""),
        };
        let queries = [
            (Kind::ExactNumber, p.part_number.clone()),
            (Kind::NumberTypedDifferently, typed_differently),
            (Kind::Words, text),
            (
                Kind::Model,
                if i % 2 == 0 {
                    model.name.clone()
                } else {
                    model.name.to_lowercase().replace(' ', "")
                },
            ),
            (
                Kind::MakerAndType,
                format!("{maker} {}", words.last().cloned().unwrap_or_default()),
            ),
            (Kind::Typo, typo(&long, &mut rng)),
        ];
        for (kind, text) in queries {
            let mut r = SearchRequest {
                q: text,
                page: 1,
                per_page: 24,
                ..Default::default()
            };
            for _ in 0..rng.random_range(0..=3u32) {
                match rng.random_range(0..5) {
                    0 => r.in_stock = true,
                    1 => {
                        r.price_max = Some([2_000, 10_000, 50_000, 500_000][rng.random_range(0..4)])
                    }
                    2 => {
                        r.modality = vec![
                            demo::MODALITIES[rng.random_range(0..demo::MODALITIES.len())]
                                .to_string(),
                        ]
                    }
                    3 => r.lead_time_max = Some([2, 7, 14, 30][rng.random_range(0..4)]),
                    _ => r.warranty_min = Some([3, 6, 12][rng.random_range(0..3)]),
                }
            }
            out.push((kind, r));
        }
    }
    out
}

/// p-th percentile (0..=100) of sorted durations in milliseconds.
pub fn percentile(sorted_ms: &[f64], p: f64) -> f64 {
    if sorted_ms.is_empty() {
        return 0.0;
    }
    let idx = ((p / 100.0) * (sorted_ms.len() - 1) as f64).round() as usize;
    sorted_ms[idx.min(sorted_ms.len() - 1)]
}

// The same allocator as the binary, so figures match what `serve` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
