//! Placing checkouts, with group commit.
//!
//! A placing transaction is mostly round trips: the driver runs each SQLite
//! connection on a thread of its own and a PostgreSQL server sits across a
//! socket, so every statement costs tens to hundreds of µs of waiting
//! whatever it does, and placing one checkout alone takes about 18 of them.
//! Checkouts that arrive while another transaction is placing wait in a
//! queue per database; whoever takes the turn next places everything
//! waiting in one transaction whose rows share statements: one claim, one
//! statement per checkout for its stock, one insert per table, one update
//! per counter. Under load that is about 3 statements an order instead of
//! 18; a checkout alone is placed as before, in a transaction of its own.
//!
//! The result is the same as placing the batch one checkout after another
//! in queue order:
//!
//! * each checkout is claimed by its conditional `draft → placed` update
//!   (its one-time key); a submit that finds it claimed is told it is
//!   placed; two submits of one checkout in one batch are one placing;
//! * a checkout whose stock falls short, or whose net terms no longer
//!   cover it, gives back at once what it took, before the next checkout's
//!   lines are tried, and its claim is undone: it changes nothing;
//! * a statement that fails fails the transaction, and then each checkout
//!   of the batch is placed again alone, so that one checkout's error
//!   never refuses the others.
//!
//! Lock order: the batch's checkout rows, then each checkout's parts and
//! its terms rows, then the counters, last and held the shortest. One batch
//! at a time runs per database in this process, so placings here never
//! wait on each other. A checkout placed alone takes its parts one
//! statement each in id order; in a batch, one statement takes a
//! checkout's parts in the order PostgreSQL finds the rows, which can
//! cross a concurrent cancel's release (id order) or another process's
//! placing: PostgreSQL then stops one of the two with a deadlock error, and
//! when that is the batch, its checkouts are placed again alone.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tokio::sync::oneshot;

use super::Db;
use super::orders::{Notice, PlaceOutcome, PlaceRequest, Placed, Shortfall, notices_push};
use crate::db::outbox::Op;
use crate::domain::checkout::{self, Terms};
use crate::domain::order_status::{Effect, PaymentMethod};
use crate::on_db;

/// Who to tell about a placed order; called inside the transaction, once
/// the order has its number.
pub type NoticesFn = Arc<dyn Fn(&Placed) -> Vec<Notice> + Send + Sync>;

/// At most this many checkouts in one transaction.
const MAX_CHECKOUTS: usize = 32;
/// At most this many order lines in one transaction (the line insert binds
/// 14 values a line; SQLite allows 32,766 per statement).
const MAX_LINES: usize = 1_000;

struct Job {
    req: PlaceRequest,
    notices: NoticesFn,
    done: oneshot::Sender<sqlx::Result<PlaceOutcome>>,
}

/// The checkouts waiting for a database, and the turn to place them.
#[derive(Default)]
struct Queue {
    waiting: Mutex<VecDeque<Job>>,
    turn: Arc<tokio::sync::Mutex<()>>,
}

/// The queue of the database `db` points at. Pools are keyed by what they
/// connect to, so two pools on one database share a queue (and the turn);
/// `sqlite::memory:` pools would too, but each connection of those is a
/// database of its own, which nothing here uses.
fn queue_of(db: &Db) -> Arc<Queue> {
    static QUEUES: OnceLock<Mutex<HashMap<String, Arc<Queue>>>> = OnceLock::new();
    let key = match db {
        Db::Sqlite(p) => format!("sqlite:{}", p.connect_options().get_filename().display()),
        Db::Postgres(p) => {
            let o = p.connect_options();
            format!(
                "postgres://{}:{}/{}",
                o.get_host(),
                o.get_port(),
                o.get_database().unwrap_or_default()
            )
        }
    };
    QUEUES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(key)
        .or_default()
        .clone()
}

/// Places `req`, in a transaction of its own or with other checkouts
/// waiting at the same moment. `notices` says who to tell about each placed
/// order.
pub async fn place(
    db: &Db,
    req: &PlaceRequest,
    notices: impl Fn(&Placed) -> Vec<Notice> + Send + Sync + 'static,
) -> sqlx::Result<PlaceOutcome> {
    if req.orders.is_empty() || req.orders.iter().any(|o| o.priced.lines.is_empty()) {
        return Err(sqlx::Error::Protocol(
            "an order to place has no lines".into(),
        ));
    }
    let queue = queue_of(db);
    let (done, mut outcome) = oneshot::channel();
    queue
        .waiting
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push_back(Job {
            req: req.clone(),
            notices: Arc::new(notices),
            done,
        });
    loop {
        let turn = tokio::select! {
            biased;
            r = &mut outcome => return r.unwrap_or_else(|_| Err(lost())),
            turn = queue.turn.clone().lock_owned() => turn,
        };
        match outcome.try_recv() {
            Ok(r) => return r,
            Err(oneshot::error::TryRecvError::Closed) => return Err(lost()),
            Err(oneshot::error::TryRecvError::Empty) => {}
        }
        // Let the placings just answered by the last batch, whose callers
        // are about to send their next ones, join this batch: a runnable
        // task runs before a yielding one comes back.
        tokio::task::yield_now().await;
        let batch = take_batch(&queue);
        let db = db.clone();
        // On a task of its own: a request whose client went away drops its
        // future, and that must not roll back the other checkouts with it.
        let run = tokio::spawn(async move {
            let _turn = turn;
            run_batch(&db, batch).await;
        });
        if let Err(e) = run.await {
            tracing::error!(error = %e, "placing a batch of checkouts stopped");
        }
    }
}

/// The error of a checkout whose batch stopped without an answer (a panic).
fn lost() -> sqlx::Error {
    sqlx::Error::Protocol("placing stopped before it finished".into())
}

/// The waiting checkouts, oldest first, up to the batch limits; always at
/// least one if any waits.
fn take_batch(queue: &Queue) -> Vec<Job> {
    let mut waiting = queue.waiting.lock().unwrap_or_else(PoisonError::into_inner);
    let mut batch = Vec::new();
    let mut lines = 0;
    while let Some(next) = waiting.front() {
        let n: usize = next.req.orders.iter().map(|o| o.priced.lines.len()).sum();
        if !batch.is_empty() && (batch.len() == MAX_CHECKOUTS || lines + n > MAX_LINES) {
            break;
        }
        lines += n;
        batch.extend(waiting.pop_front());
    }
    batch
}

/// Places `jobs` and answers each.
async fn run_batch(db: &Db, jobs: Vec<Job>) {
    // Two submits of one checkout in one batch: the first is placed, the
    // others get what a submit after it would get.
    let mut firsts: Vec<Job> = Vec::with_capacity(jobs.len());
    let mut repeats: Vec<(usize, Job)> = Vec::new();
    for job in jobs {
        match firsts
            .iter()
            .position(|f| f.req.checkout_id == job.req.checkout_id)
        {
            Some(i) => repeats.push((i, job)),
            None => firsts.push(job),
        }
    }
    let outcomes: Vec<sqlx::Result<PlaceOutcome>> = match place_batch(db, &firsts).await {
        Ok(all) => all.into_iter().map(Ok).collect(),
        Err(e) if firsts.len() == 1 => vec![Err(e)],
        Err(e) => {
            tracing::warn!(error = %e, checkouts = firsts.len(), "a batch of checkouts failed; placing each alone");
            let mut each = Vec::with_capacity(firsts.len());
            for job in &firsts {
                each.push(
                    place_batch(db, std::slice::from_ref(job))
                        .await
                        .map(|mut o| o.remove(0)),
                );
            }
            each
        }
    };
    for (i, job) in repeats {
        let same = match &outcomes[i] {
            Ok(PlaceOutcome::Placed { .. }) => Ok(PlaceOutcome::AlreadyPlaced),
            Ok(other) => Ok(other.clone()),
            Err(e) => Err(sqlx::Error::Protocol(e.to_string())),
        };
        let _ = job.done.send(same);
    }
    for (job, outcome) in firsts.into_iter().zip(outcomes) {
        // The caller may have gone away; its checkout is placed all the same.
        let _ = job.done.send(outcome);
    }
}

/// A value bound to a generated statement.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    Big(i64),
    Int(i32),
    OptInt(Option<i32>),
}

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(v.to_owned())
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg::Text(v.clone())
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(v)
    }
}
impl From<i64> for Arg {
    fn from(v: i64) -> Arg {
        Arg::Big(v)
    }
}
impl From<i32> for Arg {
    fn from(v: i32) -> Arg {
        Arg::Int(v)
    }
}
impl From<Option<i32>> for Arg {
    fn from(v: Option<i32>) -> Arg {
        Arg::OptInt(v)
    }
}

/// The values of a generated statement, and their placeholders. Only
/// generated placeholders go into SQL text; every value is bound.
#[derive(Debug, Default)]
pub(crate) struct Args {
    pub(crate) values: Vec<Arg>,
}

impl Args {
    /// Binds `v` and gives its placeholder: `$7`.
    pub(crate) fn p(&mut self, v: impl Into<Arg>) -> String {
        self.values.push(v.into());
        format!("${}", self.values.len())
    }

    /// Binds a row's values and gives its tuple: `($1, $2, $3)`.
    pub(crate) fn row(&mut self, cells: Vec<Arg>) -> String {
        let ph: Vec<String> = cells.into_iter().map(|c| self.p(c)).collect();
        format!("({})", ph.join(", "))
    }
}

/// `$q` with every value of `$args` (an [`Args`]) bound in order; a macro
/// so that one text serves both engines' query types.
macro_rules! bound {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args.values {
            q = match a {
                $crate::db::placing::Arg::Text(v) => q.bind(v),
                $crate::db::placing::Arg::Big(v) => q.bind(v),
                $crate::db::placing::Arg::Int(v) => q.bind(v),
                $crate::db::placing::Arg::OptInt(v) => q.bind(v),
            };
        }
        q
    }};
}
pub(crate) use bound;

/// `cells` as [`Arg`]s: `cells![id, 3_i64, name]`.
macro_rules! cells {
    ($($v:expr),* $(,)?) => { vec![$($crate::db::placing::Arg::from($v)),*] };
}

/// Moves each named counter on by its count, in name order (the lock
/// order), creating it at 0 first if need be; gives each counter's first
/// new value.
macro_rules! take_counters {
    ($t:expr, $counts:expr) => {{
        let mut first = BTreeMap::new();
        for (name, n) in $counts {
            let last: i64 = sqlx::query_scalar(
                "INSERT INTO counters (name, value) VALUES ($1, $2) \
                 ON CONFLICT (name) DO UPDATE SET value = counters.value + $2 RETURNING value",
            )
            .bind(name)
            .bind(*n)
            .fetch_one(&mut **$t)
            .await?;
            first.insert(name.clone(), last - n + 1);
        }
        Ok::<_, sqlx::Error>(first)
    }};
}

/// What one checkout took: (part, seller, stock before, stock after).
type Took = (String, String, i64, i64);

/// Places `jobs` (distinct checkouts) in one transaction; an outcome for
/// each, in order.
async fn place_batch(db: &Db, jobs: &[Job]) -> sqlx::Result<Vec<PlaceOutcome>> {
    let _sqlite = super::sqlite_write_turn(db).await;
    on_db!(db, |p| {
        let mut tx = p.begin().await?;
        let t = &mut tx;
        let mut outcomes: Vec<Option<PlaceOutcome>> = vec![None; jobs.len()];

        // The one-time keys. `updated_at` is left for the end, so undoing
        // the claim of a checkout that is refused restores it exactly.
        let mut a = Args::default();
        let when: Vec<String> = jobs
            .iter()
            .map(|j| format!("WHEN {} THEN {}", a.p(&j.req.checkout_id), a.p(j.req.now)))
            .collect();
        let keys = key_conditions(&mut a, jobs.iter());
        let sql = format!(
            "UPDATE checkouts SET status = 'placed', placed_at = CASE id {} END \
             WHERE status = 'draft' AND ({keys}) RETURNING id",
            when.join(" ")
        );
        let claimed: HashSet<String> =
            bound!(sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)), a)
                .fetch_all(&mut **t)
                .await?
                .into_iter()
                .collect();
        if claimed.len() < jobs.len() {
            let mut a = Args::default();
            let keys = key_conditions(
                &mut a,
                jobs.iter()
                    .filter(|j| !claimed.contains(&j.req.checkout_id)),
            );
            let sql = format!("SELECT id FROM checkouts WHERE status = 'placed' AND ({keys})");
            let placed: HashSet<String> =
                bound!(sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)), a)
                    .fetch_all(&mut **t)
                    .await?
                    .into_iter()
                    .collect();
            for (j, job) in jobs.iter().enumerate() {
                if !claimed.contains(&job.req.checkout_id) {
                    outcomes[j] = Some(if placed.contains(&job.req.checkout_id) {
                        PlaceOutcome::AlreadyPlaced
                    } else {
                        PlaceOutcome::NotFound
                    });
                }
            }
        }

        // Stock, checkout by checkout, each one's parts in id order.
        let mut took: Vec<Vec<Took>> = vec![Vec::new(); jobs.len()];
        let mut short_parts: Vec<String> = Vec::new();
        let mut shorts: HashMap<usize, Vec<(String, Shortfall)>> = HashMap::new();
        // Net-terms totals placed earlier in this batch, by (seller, buyer):
        // not in `orders` yet, but owed all the same.
        let mut owed_here: HashMap<(String, String), i64> = HashMap::new();
        for (j, job) in jobs.iter().enumerate() {
            if outcomes[j].is_some() {
                continue;
            }
            let req = &job.req;
            // A part on two lines counts once with their sum.
            let mut wanted: BTreeMap<&str, (i64, &str, &str, &str, &str)> = BTreeMap::new();
            for o in &req.orders {
                for l in &o.priced.lines {
                    let e = wanted.entry(l.part_id.as_str()).or_insert((
                        0,
                        o.seller_id.as_str(),
                        l.part_number.as_str(),
                        l.name.as_str(),
                        o.seller_name.as_str(),
                    ));
                    e.0 += i64::from(l.quantity);
                }
            }
            // What is left of each part taken: one statement for the whole
            // checkout in a batch, where only this process's one batch at a
            // time takes stock; alone, one statement per part in id order,
            // so that placings from several processes on one PostgreSQL
            // database never wait on each other in a cycle (one statement
            // locks rows in the order they lie on disk).
            let mut left: HashMap<String, i64> = HashMap::new();
            if jobs.len() > 1 {
                let mut a = Args::default();
                let mut by = Vec::new();
                let mut which = Vec::new();
                for (part_id, (qty, seller_id, ..)) in &wanted {
                    let id = a.p(*part_id);
                    let q = a.p(*qty);
                    by.push(format!("WHEN {id} THEN {q}"));
                    which.push(format!(
                        "(id = {id} AND seller_id = {} AND stock >= {q})",
                        a.p(*seller_id)
                    ));
                }
                let sql = format!(
                    "UPDATE parts SET stock = stock - CASE id {} END \
                     WHERE status = 'active' AND ({}) RETURNING id, stock",
                    by.join(" "),
                    which.join(" OR ")
                );
                left.extend(
                    bound!(
                        sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)),
                        a
                    )
                    .fetch_all(&mut **t)
                    .await?,
                );
            } else {
                for (part_id, (qty, seller_id, ..)) in &wanted {
                    let after: Option<i64> = sqlx::query_scalar(
                        "UPDATE parts SET stock = stock - $1 \
                         WHERE id = $2 AND seller_id = $3 AND status = 'active' AND stock >= $1 \
                         RETURNING stock",
                    )
                    .bind(*qty)
                    .bind(*part_id)
                    .bind(*seller_id)
                    .fetch_optional(&mut **t)
                    .await?;
                    left.extend(after.map(|n| ((*part_id).to_owned(), n)));
                }
            }
            let mut short = Vec::new();
            for (part_id, (qty, seller_id, number, name, seller_name)) in &wanted {
                match left.get(*part_id) {
                    Some(&left) => took[j].push((
                        (*part_id).to_owned(),
                        (*seller_id).to_owned(),
                        left + qty,
                        left,
                    )),
                    None => {
                        short_parts.push((*part_id).to_owned());
                        short.push((
                            (*part_id).to_owned(),
                            Shortfall {
                                part_number: (*number).to_owned(),
                                name: (*name).to_owned(),
                                seller_name: (*seller_name).to_owned(),
                                wanted: *qty,
                                available: 0,
                            },
                        ));
                    }
                }
            }
            let refused = if !short.is_empty() {
                shorts.insert(j, short);
                // Filled in once the stock now is known, below.
                Some(PlaceOutcome::Short(Vec::new()))
            } else {
                // Net terms: the terms row's lock makes concurrent checkouts
                // with the same seller take turns, so two cannot both fit in
                // the credit left.
                let mut refusal = None;
                let mut mine: Vec<((String, String), i64)> = Vec::new();
                for o in req
                    .orders
                    .iter()
                    .filter(|o| o.payment == PaymentMethod::NetTerms)
                {
                    let terms: Option<(i32, i64, String)> = sqlx::query_as(
                        "UPDATE credit_terms SET updated_at = updated_at \
                         WHERE seller_id = $1 AND buyer_id = $2 \
                         RETURNING net_days, credit_limit_minor, currency",
                    )
                    .bind(&o.seller_id)
                    .bind(&req.org_id)
                    .fetch_optional(&mut **t)
                    .await?;
                    let terms = terms.map(|(net_days, credit_limit_minor, currency)| Terms {
                        net_days,
                        credit_limit_minor,
                        currency,
                    });
                    let pair = (o.seller_id.clone(), req.org_id.clone());
                    let owed: i64 = sqlx::query_scalar(super::orders::OWED_SQL)
                        .bind(&o.seller_id)
                        .bind(&req.org_id)
                        .fetch_one(&mut **t)
                        .await?;
                    let owed = owed + owed_here.get(&pair).copied().unwrap_or(0);
                    if let Err(reason) = checkout::net_terms_open(
                        terms.as_ref(),
                        owed,
                        o.priced.total_minor,
                        &o.priced.currency,
                    ) {
                        refusal = Some(PlaceOutcome::CreditRefused {
                            seller_name: o.seller_name.clone(),
                            reason,
                        });
                        break;
                    }
                    mine.push((pair, o.priced.total_minor));
                }
                if refusal.is_none() {
                    for (pair, total) in mine {
                        *owed_here.entry(pair).or_default() += total;
                    }
                }
                refusal
            };
            if let Some(refused) = refused {
                // Give back what this checkout took, before the next one's
                // lines are tried: a refused checkout holds nothing.
                for (part_id, _, old, new) in took[j].drain(..) {
                    sqlx::query("UPDATE parts SET stock = stock + $1 WHERE id = $2")
                        .bind(old - new)
                        .bind(&part_id)
                        .execute(&mut **t)
                        .await?;
                }
                outcomes[j] = Some(refused);
            }
        }
        // What is in stock now for each short line.
        if !short_parts.is_empty() {
            let mut a = Args::default();
            let ids: Vec<String> = short_parts.iter().map(|id| a.p(id)).collect();
            let sql = format!(
                "SELECT id, CASE WHEN status = 'active' THEN stock ELSE 0 END FROM parts WHERE id IN ({})",
                ids.join(", ")
            );
            let stock: HashMap<String, i64> = bound!(
                sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)),
                a
            )
            .fetch_all(&mut **t)
            .await?
            .into_iter()
            .collect();
            for (j, lines) in shorts {
                outcomes[j] = Some(PlaceOutcome::Short(
                    lines
                        .into_iter()
                        .map(|(part_id, mut s)| {
                            s.available = stock.get(&part_id).copied().unwrap_or(0);
                            s
                        })
                        .collect(),
                ));
            }
        }
        let placing: Vec<usize> = (0..jobs.len()).filter(|&j| outcomes[j].is_none()).collect();
        if placing.is_empty() {
            // Nothing to keep: every claim and every taking is undone.
            tx.rollback().await?;
            return Ok(outcomes
                .into_iter()
                .map(|o| o.unwrap_or(PlaceOutcome::NotFound))
                .collect());
        }
        // Undo the claims of refused checkouts (claimed ones only).
        let refused: Vec<&str> = jobs
            .iter()
            .enumerate()
            .filter(|(j, job)| {
                claimed.contains(&job.req.checkout_id)
                    && matches!(
                        outcomes[*j],
                        Some(PlaceOutcome::Short(_) | PlaceOutcome::CreditRefused { .. })
                    )
            })
            .map(|(_, job)| job.req.checkout_id.as_str())
            .collect();
        if !refused.is_empty() {
            let mut a = Args::default();
            let ids: Vec<String> = refused.iter().map(|id| a.p(*id)).collect();
            let sql = format!(
                "UPDATE checkouts SET status = 'draft', placed_at = NULL WHERE id IN ({})",
                ids.join(", ")
            );
            bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), a)
                .execute(&mut **t)
                .await?;
        }

        // The parts taken: when they changed, and their stock history.
        let mut a = Args::default();
        let mut when = Vec::new();
        let mut ids = Vec::new();
        for &j in &placing {
            for (part_id, ..) in &took[j] {
                let id = a.p(part_id);
                when.push(format!("WHEN {id} THEN {}", a.p(jobs[j].req.now)));
                ids.push(id);
            }
        }
        let sql = format!(
            "UPDATE parts SET updated_at = CASE id {} END WHERE id IN ({})",
            when.join(" "),
            ids.join(", ")
        );
        bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), a)
            .execute(&mut **t)
            .await?;
        let mut a = Args::default();
        let mut rows = Vec::new();
        for &j in &placing {
            let req = &jobs[j].req;
            for (part_id, seller_id, old, new) in &took[j] {
                rows.push(a.row(cells![
                    super::new_id(),
                    part_id,
                    seller_id,
                    *old,
                    *new,
                    "Ordered",
                    "order",
                    &req.user_id,
                    req.now
                ]));
            }
        }
        let sql = format!(
            "INSERT INTO stock_history (id, part_id, seller_id, old_stock, new_stock, reason, source, changed_by, changed_at) VALUES {}",
            rows.join(", ")
        );
        bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), a)
            .execute(&mut **t)
            .await?;
        // The ordered parts leave each buyer's cart; saved-for-later lines
        // stay.
        let mut a = Args::default();
        let per_user: Vec<String> = placing
            .iter()
            .map(|&j| {
                let user = a.p(&jobs[j].req.user_id);
                let parts: Vec<String> = took[j].iter().map(|(id, ..)| a.p(id)).collect();
                format!("(user_id = {user} AND part_id IN ({}))", parts.join(", "))
            })
            .collect();
        let sql = format!(
            "DELETE FROM cart_lines WHERE NOT saved_for_later AND ({})",
            per_user.join(" OR ")
        );
        bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), a)
            .execute(&mut **t)
            .await?;

        // Order numbers: each seller's counter moves once by its count of
        // orders here; the orders take the numbers in queue order.
        let mut counts: BTreeMap<String, i64> = BTreeMap::new();
        for &j in &placing {
            let year = checkout::year_of(jobs[j].req.now);
            for o in &jobs[j].req.orders {
                *counts
                    .entry(format!("order:{}:{year}", o.seller_id))
                    .or_default() += 1;
            }
        }
        let mut next = take_counters!(t, &counts)?;

        let mut order_rows = Args::default();
        let mut orders_sql = Vec::new();
        let mut line_rows = Args::default();
        let mut lines_sql = Vec::new();
        let mut history_rows = Args::default();
        let mut history_sql = Vec::new();
        let mut notices: Vec<(String, i64, Notice)> = Vec::new();
        let mut placed_by_job: HashMap<usize, Vec<Placed>> = HashMap::new();
        for &j in &placing {
            let req = &jobs[j].req;
            let year = checkout::year_of(req.now);
            let today = req.now.div_euclid(crate::domain::dates::DAY_MS);
            for o in &req.orders {
                let seq = take_next(&mut next, &format!("order:{}:{year}", o.seller_id));
                let number = checkout::order_number(year, seq);
                let start = crate::domain::order_status::placement(o.needs_approval, o.payment);
                let net_days = o.terms.as_ref().map(|t| t.net_days);
                let due_date = match net_days {
                    Some(days) if start.effects.contains(&Effect::SetDueDate) => {
                        checkout::ymd(today + i64::from(days))
                    }
                    _ => String::new(),
                };
                let id = super::new_id();
                let pr = &o.priced;
                orders_sql.push(order_rows.row(cells![
                    &id,
                    &number,
                    &req.checkout_id,
                    &req.org_id,
                    &o.seller_id,
                    &req.user_id,
                    start.status.as_str(),
                    o.payment.as_str(),
                    &pr.currency,
                    pr.subtotal_minor,
                    pr.shipping.fee_minor,
                    pr.tax_minor,
                    pr.total_minor,
                    &pr.tax_note,
                    serde_json::to_string(&pr.tax_rows).unwrap_or_else(|_| "[]".into()),
                    pr.option.key(),
                    i32::try_from(pr.shipping.transit_days).unwrap_or(i32::MAX),
                    checkout::ymd(pr.delivery_day),
                    &req.ship_to,
                    &req.ship_to_state,
                    &req.ship_to_country,
                    &req.bill_to,
                    &req.buyer_gstin,
                    &o.seller_gstin,
                    &req.details.po_number,
                    &req.details.notes,
                    &req.details.required_by,
                    &req.details.ticket_ref,
                    net_days,
                    &due_date,
                    req.now,
                    req.now
                ]));
                for (i, l) in pr.lines.iter().enumerate() {
                    lines_sql.push(line_rows.row(cells![
                        super::new_id(),
                        &id,
                        i32::try_from(i + 1).unwrap_or(i32::MAX),
                        &l.part_id,
                        &l.part_number,
                        &l.name,
                        &l.hsn_code,
                        i32::try_from(l.quantity).unwrap_or(i32::MAX),
                        l.unit_minor,
                        l.taxable_minor,
                        l.gst_rate,
                        l.tax_minor,
                        &l.tax_label,
                        l.total_minor
                    ]));
                }
                history_sql.push(history_rows.row(cells![
                    super::new_id(),
                    &id,
                    start.status.as_str(),
                    "place",
                    &req.user_id,
                    &req.org_id,
                    "",
                    req.now
                ]));
                let p = Placed {
                    id,
                    number,
                    seller_id: o.seller_id.clone(),
                    seller_name: o.seller_name.clone(),
                    status: start.status,
                    payment: o.payment,
                    currency: pr.currency.clone(),
                    total_minor: pr.total_minor,
                    due_date,
                };
                for n in (jobs[j].notices)(&p) {
                    notices.push((p.id.clone(), req.now, n));
                }
                placed_by_job.entry(j).or_default().push(p);
            }
        }
        let sql = format!(
            "INSERT INTO orders (id, number, checkout_id, buyer_org_id, seller_org_id, placed_by, status, \
             payment_method, currency, subtotal_minor, shipping_minor, tax_minor, total_minor, tax_note, \
             tax_breakdown, shipping_option, transit_days, estimated_delivery, ship_to, ship_to_state, \
             ship_to_country, bill_to, buyer_gstin, seller_gstin, po_number, notes, required_by, ticket_ref, \
             net_days, due_date, placed_at, updated_at) VALUES {}",
            orders_sql.join(", ")
        );
        bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), order_rows)
            .execute(&mut **t)
            .await?;
        let sql = format!(
            "INSERT INTO order_lines (id, order_id, line_no, part_id, part_number, name, hsn_code, quantity, \
             unit_price_minor, taxable_minor, gst_rate, tax_minor, tax_label, total_minor) VALUES {}",
            lines_sql.join(", ")
        );
        bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), line_rows)
            .execute(&mut **t)
            .await?;
        let sql = format!(
            "INSERT INTO order_status_history (id, order_id, to_status, action, actor_id, actor_org_id, note, at) VALUES {}",
            history_sql.join(", ")
        );
        bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), history_rows)
            .execute(&mut **t)
            .await?;
        notices_push!(t, &notices);

        // The shared counters last: the checkout references and the index
        // outbox's sequence.
        let mut counts: BTreeMap<String, i64> = BTreeMap::new();
        for &j in &placing {
            *counts
                .entry(format!("checkout:{}", checkout::year_of(jobs[j].req.now)))
                .or_default() += 1;
        }
        let mut next = take_counters!(t, &counts)?;
        let mut references: HashMap<usize, String> = HashMap::new();
        let mut a = Args::default();
        let (mut refs, mut times, mut ids) = (Vec::new(), Vec::new(), Vec::new());
        for &j in &placing {
            let req = &jobs[j].req;
            let year = checkout::year_of(req.now);
            let seq = take_next(&mut next, &format!("checkout:{year}"));
            let reference = checkout::checkout_reference(year, seq);
            let id = a.p(&req.checkout_id);
            refs.push(format!("WHEN {id} THEN {}", a.p(&reference)));
            times.push(format!("WHEN {id} THEN {}", a.p(req.now)));
            ids.push(id);
            references.insert(j, reference);
        }
        let sql = format!(
            "UPDATE checkouts SET reference = CASE id {} END, updated_at = CASE id {} END WHERE id IN ({})",
            refs.join(" "),
            times.join(" "),
            ids.join(", ")
        );
        bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), a)
            .execute(&mut **t)
            .await?;
        let changed: Vec<(&str, i64)> = placing
            .iter()
            .flat_map(|&j| {
                took[j]
                    .iter()
                    .map(move |(id, ..)| (id.as_str(), jobs[j].req.now))
            })
            .collect();
        let last: i64 = sqlx::query_scalar(
            "UPDATE counters SET value = value + $1 WHERE name = 'index_outbox' RETURNING value",
        )
        .bind(changed.len() as i64)
        .fetch_one(&mut **t)
        .await?;
        let first = last - changed.len() as i64 + 1;
        let mut a = Args::default();
        let rows: Vec<String> = changed
            .iter()
            .enumerate()
            .map(|(n, (part_id, now))| {
                a.row(cells![
                    first + n as i64,
                    *part_id,
                    Op::Upsert.as_str(),
                    *now
                ])
            })
            .collect();
        let sql = format!(
            "INSERT INTO index_outbox (seq, part_id, op, created_at) VALUES {}",
            rows.join(", ")
        );
        bound!(sqlx::query(sqlx::AssertSqlSafe(sql)), a)
            .execute(&mut **t)
            .await?;
        tx.commit().await?;
        for (j, o) in outcomes.iter_mut().enumerate() {
            if o.is_none() {
                *o = Some(PlaceOutcome::Placed {
                    reference: references.remove(&j).unwrap_or_default(),
                    orders: placed_by_job.remove(&j).unwrap_or_default(),
                });
            }
        }
        Ok(outcomes
            .into_iter()
            .map(|o| o.unwrap_or(PlaceOutcome::NotFound))
            .collect())
    })
}

/// The next of the values [`take_counters!`] moved a counter on by: its
/// first value, then the one after, and so on.
fn take_next(next: &mut BTreeMap<String, i64>, name: &str) -> i64 {
    next.get_mut(name)
        .map(|n| {
            *n += 1;
            *n - 1
        })
        .unwrap_or_default()
}

/// `(id = $a AND user_id = $b AND org_id = $c) OR …`: the checkouts of
/// `jobs`, each only for the user and organization that asked.
fn key_conditions<'a>(a: &mut Args, jobs: impl Iterator<Item = &'a Job>) -> String {
    jobs.map(|j| {
        format!(
            "(id = {} AND user_id = {} AND org_id = {})",
            a.p(&j.req.checkout_id),
            a.p(&j.req.user_id),
            a.p(&j.req.org_id)
        )
    })
    .collect::<Vec<_>>()
    .join(" OR ")
}
