//! Order placing, in process, on SQLite and (when
//! `PARTSPORTAL_TEST_POSTGRES_URL` is set) PostgreSQL:
//!
//! - throughput: orders of 3 lines each, placed by 1, 8 and 32 concurrent
//!   tasks through `db::orders::place` (with group commit, so concurrent
//!   placings share transactions; each checkout's work: claim the key,
//!   take stock, history, outbox, numbers, order, lines, notices and their
//!   mails); median of 3 rounds of 1,000 orders;
//! - the hot-part race: 20,000 attempts to buy 1 unit of a part with 1,000
//!   in stock, all started at once and 256 at a time in flight (a server's
//!   request concurrency; with all 20,000 waiting on a pool of 16
//!   connections, the last ones time out waiting); exactly 1,000 must sell.
//!
//! Each engine gets a fresh database with a 2,000-part demo catalog.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Instant;

// The same allocator as the binary, so figures match what `serve` and
// `import` do.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use partsportal::db::orders::{NewOrder, Notice, PlaceOutcome, PlaceRequest, Placed};
use partsportal::db::{self, Db};
use partsportal::domain::checkout::{DetailsInput, LineIn, PricedOrder, price_order};
use partsportal::domain::order_status::PaymentMethod;
use partsportal::domain::shipping::{ShipOption, ShippingRules};
use partsportal::domain::tax::{Place, TaxTable};
use partsportal::on_db;

const PARTS: usize = 2_000;
const ROUNDS: usize = 3;
const ORDERS_PER_ROUND: usize = 1_000;
/// Concurrent placing tasks, one throughput run each
/// (`PARTSPORTAL_BENCH_ORDER_TASKS`, a comma list; default 1, 8 and 32:
/// one buyer at a time, and a server with 8 or 32 requests in flight).
fn task_counts() -> Vec<usize> {
    std::env::var("PARTSPORTAL_BENCH_ORDER_TASKS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![1, 8, 32])
}
const RACE_ATTEMPTS: usize = 20_000;
const RACE_STOCK: i64 = 1_000;
/// Attempts in flight at once in the race, as a server's request
/// concurrency would allow; the rest wait their turn, as requests do.
const RACE_IN_FLIGHT: usize = 256;

struct Fixture {
    db: Db,
    buyer: String,
    hospital: String,
    seller_users: Vec<(String, String, String)>,
    parts: Vec<(String, String)>,
}

async fn fixture(url: &str) -> Fixture {
    let db = Db::connect(url).await.expect("connect");
    db::migrate::run(&db).await.expect("migrate");
    db::demo_load::load(&db, PARTS, |_| {})
        .await
        .expect("demo catalog");
    partsportal::demo::users::ensure(&db, db::now_ms())
        .await
        .expect("users");
    let (buyer, hospital): (String, String) = on_db!(&db, |p| sqlx::query_as(
        "SELECT id, org_id FROM users WHERE email = 'buyer@hospital.example.com'"
    )
    .fetch_one(p)
    .await)
    .unwrap();
    let seller: String = on_db!(&db, |p| sqlx::query_scalar(
        "SELECT org_id FROM users WHERE email = 'seller-admin@manufacturer.example.com'"
    )
    .fetch_one(p)
    .await)
    .unwrap();
    on_db!(&db, |p| sqlx::query(
        "UPDATE parts SET stock = 1000000, status = 'active', currency = 'INR', gst_rate = 18 WHERE seller_id = $1"
    )
    .bind(&seller)
    .execute(p)
    .await
    .map(|_| ()))
    .unwrap();
    let parts: Vec<(String, String)> = on_db!(&db, |p| sqlx::query_as(
        "SELECT id, seller_id FROM parts WHERE seller_id = $1 ORDER BY id LIMIT 300"
    )
    .bind(&seller)
    .fetch_all(p)
    .await)
    .unwrap();
    let seller_users = db::orders::recipients(&db, &seller, &["seller_admin", "seller_staff"])
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.email, r.name))
        .collect();
    Fixture {
        db,
        buyer,
        hospital,
        seller_users,
        parts,
    }
}

fn priced(parts: &[&str], quantity: u32) -> PricedOrder {
    let lines: Vec<LineIn> = parts
        .iter()
        .map(|id| LineIn {
            part_id: (*id).to_owned(),
            part_number: format!("PN-{id}"),
            name: "Bench part".into(),
            hsn_code: "9018".into(),
            unit_minor: 125_000,
            currency: "INR".into(),
            quantity,
            gst_rate: 18,
            weight_grams: 500,
            lead_time_days: 3,
        })
        .collect();
    let from = Place::new("IN", "29").unwrap();
    let to = Place::new("IN", "27").unwrap();
    price_order(
        &lines,
        &from,
        &to,
        &ShippingRules::default(),
        ShipOption::Standard,
        &TaxTable::default(),
        20_000,
    )
    .unwrap()
}

async fn drafts(f: &Fixture, n: usize) -> Vec<String> {
    let now = db::now_ms();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(
            db::checkouts::create(&f.db, &f.buyer, &f.hospital, now)
                .await
                .unwrap(),
        );
    }
    out
}

fn request(f: &Fixture, checkout: String, seller: &str, priced: PricedOrder) -> PlaceRequest {
    PlaceRequest {
        checkout_id: checkout,
        user_id: f.buyer.clone(),
        org_id: f.hospital.clone(),
        ship_to: "Stores\n1 Hospital Road\nNagpur 440010 Maharashtra\nIN".into(),
        ship_to_state: "27".into(),
        ship_to_country: "IN".into(),
        bill_to: String::new(),
        buyer_gstin: String::new(),
        details: DetailsInput::default(),
        orders: vec![NewOrder {
            seller_id: seller.to_owned(),
            seller_name: "Bench seller".into(),
            seller_gstin: String::new(),
            payment: PaymentMethod::BankTransfer,
            priced,
            needs_approval: false,
            terms: None,
        }],
        now: db::now_ms(),
    }
}

/// The buyer and the seller's staff hear of each order, by notification
/// and mail, as in the portal.
fn notices(f: &Arc<Fixture>) -> impl Fn(&Placed) -> Vec<Notice> + Send + Sync + 'static {
    let f = f.clone();
    move |p: &Placed| {
        std::iter::once((
            f.buyer.clone(),
            "buyer@hospital.example.com".to_owned(),
            "Buyer".to_owned(),
        ))
        .chain(f.seller_users.iter().cloned())
        .map(|(id, email, name)| Notice {
            user_id: id.clone(),
            title: format!("Order {}", p.number),
            body: String::new(),
            link: format!("/orders/{}", p.id),
            mail: partsportal::mail::OutgoingMail::new(
                format!("order:{}:placed:{id}", p.id),
                email,
                name.clone(),
                partsportal::views::mail::order_update(
                    &name,
                    &format!("Order {}", p.number),
                    &[],
                    "http://x",
                ),
            )
            .ok(),
        })
        .collect()
    }
}

/// What one statement costs on this engine from a tokio task: the floor
/// under every transaction's statements.
async fn round_trip(db: &Db, label: &str) {
    let n = 5_000;
    let start = Instant::now();
    on_db!(db, |p| {
        let mut c = p.acquire().await.unwrap();
        for _ in 0..n {
            let _: i64 = sqlx::query_scalar("SELECT CAST(1 AS BIGINT)")
                .fetch_one(&mut *c)
                .await
                .unwrap();
        }
    });
    println!(
        "{label}: one statement round trip: {:.0} µs (mean of {n})",
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}

/// What an almost empty write transaction costs (begin, one one-row
/// update, commit): the floor under each order's transaction.
async fn empty_transaction(db: &Db, label: &str) {
    let n = 2_000;
    let start = Instant::now();
    on_db!(db, |p| {
        for _ in 0..n {
            let mut tx = p.begin().await.unwrap();
            sqlx::query("UPDATE counters SET value = value WHERE name = 'index_outbox'")
                .execute(&mut *tx)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
    });
    println!(
        "{label}: one-update write transaction: {:.0} µs (mean of {n})",
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}

async fn throughput(f: &Arc<Fixture>, label: &str, tasks: usize) {
    let seller = f.parts[0].1.clone();
    let mut rates = Vec::new();
    for round in 0..ROUNDS {
        let keys = drafts(f, ORDERS_PER_ROUND).await;
        let reqs: Vec<PlaceRequest> = keys
            .into_iter()
            .enumerate()
            .map(|(i, k)| {
                let n = f.parts.len();
                let ids = [
                    &f.parts[i % n].0,
                    &f.parts[(i * 7 + 1) % n].0,
                    &f.parts[(i * 13 + 2) % n].0,
                ];
                let mut ids: Vec<&str> = ids.iter().map(|s| s.as_str()).collect();
                ids.dedup();
                request(f, k, &seller, priced(&ids, 1 + (i % 3) as u32))
            })
            .collect();
        let queue = Arc::new(std::sync::Mutex::new(reqs));
        let start = Instant::now();
        let workers: Vec<_> = (0..tasks)
            .map(|_| {
                let (f, queue) = (f.clone(), queue.clone());
                tokio::spawn(async move {
                    let mut placed = 0usize;
                    loop {
                        let Some(req) = queue.lock().unwrap().pop() else {
                            break;
                        };
                        match db::orders::place(&f.db, &req, notices(&f)).await.unwrap() {
                            PlaceOutcome::Placed { .. } => placed += 1,
                            other => panic!("{other:?}"),
                        }
                    }
                    placed
                })
            })
            .collect();
        let mut placed = 0;
        for t in workers {
            placed += t.await.unwrap();
        }
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(placed, ORDERS_PER_ROUND);
        let rate = placed as f64 / secs;
        eprintln!(
            "{label}: {tasks} tasks: round {round}: {placed} orders in {secs:.2} s = {rate:.0} orders/s"
        );
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "{label}: placing orders of 3 lines, {tasks} tasks, {} cores: median {:.0} orders/s over {ROUNDS} rounds of {ORDERS_PER_ROUND}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        rates[rates.len() / 2]
    );
}

async fn race(f: &Arc<Fixture>, label: &str) {
    let (part, seller) = f.parts[f.parts.len() - 1].clone();
    on_db!(&f.db, |p| sqlx::query(
        "UPDATE parts SET stock = $1 WHERE id = $2"
    )
    .bind(RACE_STOCK)
    .bind(&part)
    .execute(p)
    .await
    .map(|_| ()))
    .unwrap();
    let keys = drafts(f, RACE_ATTEMPTS).await;
    let one = priced(&[part.as_str()], 1);
    let gate = Arc::new(tokio::sync::Semaphore::new(RACE_IN_FLIGHT));
    let start = Instant::now();
    let tasks: Vec<_> = keys
        .into_iter()
        .map(|k| {
            let (f, gate) = (f.clone(), gate.clone());
            let req = request(&f, k, &seller, one.clone());
            tokio::spawn(async move {
                let _turn = gate.acquire().await.unwrap();
                db::orders::place(&f.db, &req, |_| Vec::new()).await
            })
        })
        .collect();
    let (mut sold, mut refused, mut errors) = (0, 0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(PlaceOutcome::Placed { .. }) => sold += 1,
            Ok(PlaceOutcome::Short(_)) => refused += 1,
            Ok(other) => panic!("{other:?}"),
            Err(e) => {
                errors += 1;
                if errors < 3 {
                    eprintln!("{label}: error: {e}");
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let left: i64 = on_db!(&f.db, |p| sqlx::query_scalar(
        "SELECT stock FROM parts WHERE id = $1"
    )
    .bind(&part)
    .fetch_one(p)
    .await)
    .unwrap();
    println!(
        "{label}: hot-part race: {RACE_ATTEMPTS} attempts ({RACE_IN_FLIGHT} in flight) at {RACE_STOCK} units: {sold} sold, {refused} refused, {errors} errors, stock left {left}, in {secs:.2} s"
    );
    assert_eq!(sold, RACE_STOCK as usize, "exactly the stock sold");
    assert_eq!(left, 0);
    assert_eq!(errors, 0);
}

async fn fresh_postgres(base: &str) -> (String, String) {
    let name = format!("pp_bench_{}", uuid::Uuid::new_v4().simple());
    let admin = sqlx::PgPool::connect(base)
        .await
        .expect("connect to postgres");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("create database");
    admin.close().await;
    let (prefix, _) = base.rsplit_once('/').expect("database url has a path");
    (format!("{prefix}/{name}"), name)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let mut engines = vec![("SQLite".to_owned(), Db::sqlite_url(dir.path()), None)];
        if let Ok(base) = std::env::var("PARTSPORTAL_TEST_POSTGRES_URL")
            && !base.is_empty()
        {
            let (url, name) = fresh_postgres(&base).await;
            engines.push(("PostgreSQL".to_owned(), url, Some((base, name))));
        }
        for (label, url, pg) in engines {
            let f = Arc::new(fixture(&url).await);
            round_trip(&f.db, &label).await;
            empty_transaction(&f.db, &label).await;
            for tasks in task_counts() {
                throughput(&f, &label, tasks).await;
            }
            race(&f, &label).await;
            f.db.close().await;
            if let Some((base, name)) = pg {
                let admin = sqlx::PgPool::connect(&base).await.unwrap();
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE {name} WITH (FORCE)"
                )))
                .execute(&admin)
                .await
                .unwrap();
            }
        }
    });
}
