//! [`SqliteJournal`]: the embedded backend, one file and no server.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use earn_core::{Operation, ReconcileIntent, UnixMillis, VenueId};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use crate::store::{
    EntryColumns, OPEN_STATES, Placeholder, RawEntry, SettlePlan, SqlValue, claimed_reason, history_sql, intent_json,
    op_text, outcome_json, parse_op, plan_settle, settlement_columns,
};
use crate::{
    AccountKey, Claim, Entry, EntryId, HistoryQuery, Journal, JournalError, Lease, LeaseKey, NewEntry, SettleOutcome,
    Settlement,
};

/// The schema version this library writes.
const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS earn_journal_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS earn_journal_writes (
    id            TEXT PRIMARY KEY,
    venue         TEXT NOT NULL,
    account       TEXT NOT NULL,
    operation     TEXT NOT NULL,
    product       TEXT,
    asset         TEXT,
    amount        TEXT,
    client_id     TEXT,
    order_id      TEXT,
    intent        TEXT NOT NULL,
    leased        INTEGER NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('intended','sent','unknown','happened','did_not_happen')),
    outcome       TEXT,
    reason        TEXT,
    local_sent_at INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    settled_at    INTEGER
);
CREATE INDEX IF NOT EXISTS earn_journal_writes_open
    ON earn_journal_writes (venue, account, created_at) WHERE state IN ('intended','sent','unknown');
CREATE INDEX IF NOT EXISTS earn_journal_writes_history
    ON earn_journal_writes (venue, account, operation, created_at);
CREATE UNIQUE INDEX IF NOT EXISTS earn_journal_writes_open_client_id
    ON earn_journal_writes (venue, account, client_id)
    WHERE client_id IS NOT NULL AND state IN ('intended','sent','unknown');
CREATE TABLE IF NOT EXISTS earn_journal_claims (
    venue      TEXT NOT NULL,
    account    TEXT NOT NULL,
    operation  TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    entry_id   TEXT NOT NULL REFERENCES earn_journal_writes (id),
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (venue, account, operation, order_id)
);
CREATE INDEX IF NOT EXISTS earn_journal_claims_entry ON earn_journal_claims (entry_id);
CREATE TABLE IF NOT EXISTS earn_journal_leases (
    venue       TEXT NOT NULL,
    account     TEXT NOT NULL,
    asset       TEXT NOT NULL,
    operation   TEXT NOT NULL,
    entry_id    TEXT NOT NULL UNIQUE REFERENCES earn_journal_writes (id),
    acquired_at INTEGER NOT NULL,
    PRIMARY KEY (venue, account, asset, operation)
);
";

const COLUMNS: &str = "id, venue, account, operation, product, asset, amount, client_id, order_id, intent, leased, \
                       state, outcome, reason, local_sent_at, created_at, updated_at, settled_at";

/// The embedded journal: one SQLite file, no server.
///
/// The file is opened in WAL mode with `synchronous=FULL`: an intent is on disk before
/// [`record_intent`](Journal::record_intent) returns, and so before any request is sent.
/// Outcomes are committed with `synchronous=NORMAL` (see [`Journal`] on why that is safe).
/// Every transaction that writes starts with `BEGIN IMMEDIATE`, so several processes on
/// one machine may share the file (leases and claims hold between them); the file must be
/// on a local disk (WAL needs shared memory, which network file systems do not give).
///
/// Calls run on tokio's blocking pool (`spawn_blocking`) over one connection.
#[derive(Clone)]
pub struct SqliteJournal {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteJournal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteJournal").field("path", &self.path).finish()
    }
}

fn db(e: rusqlite::Error) -> JournalError {
    JournalError::storage(format!("SQLite: {e}"), e)
}

impl SqliteJournal {
    /// Opens (or creates) the journal file at `path` and its tables.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, JournalError> {
        let path = path.as_ref().to_path_buf();
        let p = path.clone();
        let conn = tokio::task::spawn_blocking(move || open_connection(&p))
            .await
            .map_err(|e| JournalError::storage("the SQLite open task failed", e))??;
        Ok(SqliteJournal { conn: Arc::new(Mutex::new(conn)), path })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    async fn run<T, F>(&self, f: F) -> Result<T, JournalError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, JournalError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| JournalError::storage("a SQLite task failed", e))?
    }

    /// Like [`run`](Self::run), committing without waiting for the disk
    /// (`synchronous=NORMAL` for the call): for everything but intents. A later durable
    /// commit syncs the log with these frames in it; a power loss before one reverts them,
    /// leaving their entries open for reconciliation.
    async fn run_lazy<T, F>(&self, f: F) -> Result<T, JournalError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, JournalError> + Send + 'static,
    {
        self.run(move |conn| {
            conn.execute_batch("PRAGMA synchronous=NORMAL").map_err(db)?;
            let out = f(conn);
            conn.execute_batch("PRAGMA synchronous=FULL").map_err(db)?;
            out
        })
        .await
    }
}

fn open_connection(path: &Path) -> Result<Connection, JournalError> {
    let conn = Connection::open(path).map_err(db)?;
    conn.busy_timeout(Duration::from_secs(10)).map_err(db)?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).map_err(db)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(JournalError::Storage {
            message: format!(
                "SQLite kept journal_mode={mode} for {}: the journal needs WAL, so a file on a local disk",
                path.display()
            ),
            source: None,
        });
    }
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;").map_err(db)?;
    let mut conn = conn;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
    tx.execute_batch(SCHEMA).map_err(db)?;
    tx.execute(
        "INSERT INTO earn_journal_meta (key, value) VALUES ('schema_version', ?1) ON CONFLICT DO NOTHING",
        params![SCHEMA_VERSION.to_string()],
    )
    .map_err(db)?;
    let version: String = tx
        .query_row("SELECT value FROM earn_journal_meta WHERE key = 'schema_version'", [], |r| r.get(0))
        .map_err(db)?;
    if version.parse::<i64>().ok() != Some(SCHEMA_VERSION) {
        return Err(JournalError::corrupt(format!(
            "{} has journal schema version {version}; this library reads version {SCHEMA_VERSION}",
            path.display()
        )));
    }
    tx.commit().map_err(db)?;
    Ok(conn)
}

fn raw_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok(RawEntry {
        id: r.get(0)?,
        venue: r.get(1)?,
        account: r.get(2)?,
        operation: r.get(3)?,
        product: r.get(4)?,
        asset: r.get(5)?,
        amount: r.get(6)?,
        client_id: r.get(7)?,
        order_id: r.get(8)?,
        intent: r.get(9)?,
        leased: r.get(10)?,
        state: r.get(11)?,
        outcome: r.get(12)?,
        reason: r.get(13)?,
        local_sent_at: r.get(14)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
        settled_at: r.get(17)?,
    })
}

fn load_entry(conn: &Connection, id: EntryId) -> Result<Option<Entry>, JournalError> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM earn_journal_writes WHERE id = ?1")).map_err(db)?;
    let raw = stmt.query_row(params![id.to_string()], raw_entry).optional().map_err(db)?;
    raw.map(RawEntry::into_entry).transpose()
}

fn to_sql(values: &[SqlValue]) -> Vec<rusqlite::types::Value> {
    values
        .iter()
        .map(|v| match v {
            SqlValue::Text(s) => rusqlite::types::Value::Text(s.clone()),
            SqlValue::Int(i) => rusqlite::types::Value::Integer(*i),
        })
        .collect()
}

fn query_entries(conn: &Connection, query: &HistoryQuery, ascending: bool) -> Result<Vec<Entry>, JournalError> {
    let (sql, values) = history_sql(COLUMNS, query, ascending, Placeholder::Question)?;
    let mut stmt = conn.prepare_cached(&sql).map_err(db)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(to_sql(&values)), raw_entry)
        .map_err(db)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(db)?;
    rows.into_iter().map(RawEntry::into_entry).collect()
}

fn record(tx: &Transaction<'_>, entry: &NewEntry) -> Result<(), JournalError> {
    let c = EntryColumns::of(entry)?;
    let id = entry.id.to_string();
    let now = UnixMillis::now_local().0;
    let inserted = tx
        .prepare_cached(
            "INSERT INTO earn_journal_writes (id, venue, account, operation, product, asset, amount, client_id, \
             order_id, intent, leased, state, local_sent_at, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'intended', ?12, ?13, ?13) ON CONFLICT DO NOTHING",
        )
        .map_err(db)?
        .execute(params![
            id,
            c.venue,
            c.account,
            c.operation,
            c.product,
            c.asset,
            c.amount,
            c.client_id,
            c.order_id,
            c.intent,
            entry.lease.is_some(),
            entry.local_sent_at.0,
            now
        ])
        .map_err(db)?;
    if inserted == 0 {
        // The id exists, or the client id is taken by an open entry.
        if let Some(client_id) = &c.client_id {
            let holder: Option<String> = tx
                .prepare_cached(&format!(
                    "SELECT id FROM earn_journal_writes WHERE venue = ?1 AND account = ?2 AND client_id = ?3 \
                     AND state IN {OPEN_STATES}"
                ))
                .map_err(db)?
                .query_row(params![c.venue, c.account, client_id], |r| r.get(0))
                .optional()
                .map_err(db)?;
            if let Some(holder) = holder.filter(|h| *h != id) {
                let holder = EntryId::parse(&holder)?;
                return Err(JournalError::ClientIdInUse { client_id: client_id.clone(), holder });
            }
        }
        return Err(JournalError::Duplicate(entry.id));
    }
    if let Some(lease) = &entry.lease {
        let op = op_text(lease.operation)?;
        let taken = tx
            .prepare_cached(
                "INSERT INTO earn_journal_leases (venue, account, asset, operation, entry_id, acquired_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )
            .map_err(db)?
            .execute(params![lease.venue.as_str(), lease.account.as_str(), lease.asset.as_str(), op, id, now])
            .map_err(db)?;
        if taken == 0 {
            let holder: String = tx
                .prepare_cached(
                    "SELECT entry_id FROM earn_journal_leases \
                     WHERE venue = ?1 AND account = ?2 AND asset = ?3 AND operation = ?4",
                )
                .map_err(db)?
                .query_row(params![lease.venue.as_str(), lease.account.as_str(), lease.asset.as_str(), op], |r| {
                    r.get(0)
                })
                .map_err(db)?;
            return Err(JournalError::LeaseHeld { key: lease.clone(), holder: EntryId::parse(&holder)? });
        }
    }
    Ok(())
}

fn settle_in(tx: &Transaction<'_>, id: EntryId, settlement: &Settlement) -> Result<SettleOutcome, JournalError> {
    let entry = load_entry(tx, id)?.ok_or(JournalError::NotFound(id))?;
    let (claim, reason_override) = match plan_settle(&entry, settlement) {
        SettlePlan::Already(earlier) => return Ok(SettleOutcome::AlreadySettled(earlier)),
        SettlePlan::Apply { claim, reason } => (claim, reason),
    };
    let key = id.to_string();
    let now = UnixMillis::now_local().0;
    let op = op_text(entry.operation)?;
    if let Some(order) = claim {
        tx.prepare_cached(
            "INSERT INTO earn_journal_claims (venue, account, operation, order_id, entry_id, claimed_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        )
        .map_err(db)?
        .execute(params![entry.venue.as_str(), entry.account.as_str(), op, order.as_str(), key, now])
        .map_err(db)?;
        let holder: String = tx
            .prepare_cached(
                "SELECT entry_id FROM earn_journal_claims \
                 WHERE venue = ?1 AND account = ?2 AND operation = ?3 AND order_id = ?4",
            )
            .map_err(db)?
            .query_row(params![entry.venue.as_str(), entry.account.as_str(), op, order.as_str()], |r| r.get(0))
            .map_err(db)?;
        if holder != key {
            let holder = EntryId::parse(&holder)?;
            if entry.state.is_open() {
                tx.prepare_cached(
                    "UPDATE earn_journal_writes SET state = 'unknown', reason = ?1, updated_at = ?2 WHERE id = ?3",
                )
                .map_err(db)?
                .execute(params![claimed_reason(order, holder), now, key])
                .map_err(db)?;
            }
            return Ok(SettleOutcome::ClaimedByOther { order: order.clone(), holder });
        }
    }
    let (state, reason) = settlement_columns(settlement);
    let reason = reason_override.as_deref().or(reason);
    tx.prepare_cached(
        "UPDATE earn_journal_writes SET state = ?1, outcome = ?2, reason = ?3, settled_at = ?4, updated_at = ?4 \
         WHERE id = ?5",
    )
    .map_err(db)?
    .execute(params![state, outcome_json(settlement)?, reason, now, key])
    .map_err(db)?;
    tx.prepare_cached("DELETE FROM earn_journal_leases WHERE entry_id = ?1")
        .map_err(db)?
        .execute(params![key])
        .map_err(db)?;
    Ok(SettleOutcome::Settled)
}

#[async_trait]
impl Journal for SqliteJournal {
    async fn record_intent(&self, entry: &NewEntry) -> Result<(), JournalError> {
        let entry = entry.clone();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
            record(&tx, &entry)?;
            tx.commit().map_err(db)
        })
        .await
    }

    async fn mark_sent(&self, id: EntryId, at: UnixMillis) -> Result<(), JournalError> {
        self.run_lazy(move |conn| {
            conn.prepare_cached(
                "UPDATE earn_journal_writes SET state = 'sent', updated_at = ?1 WHERE id = ?2 AND state = 'intended'",
            )
            .and_then(|mut s| s.execute(params![at.0, id.to_string()]))
            .map(drop)
            .map_err(db)
        })
        .await
    }

    async fn mark_unknown(&self, id: EntryId, intent: &ReconcileIntent, reason: &str) -> Result<bool, JournalError> {
        let intent = intent_json(intent)?;
        let reason = reason.to_owned();
        self.run_lazy(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
            let n = tx
                .prepare_cached(&format!(
                    "UPDATE earn_journal_writes SET state = 'unknown', reason = ?1, intent = ?2, updated_at = ?3 \
                     WHERE id = ?4 AND state IN {OPEN_STATES}"
                ))
                .map_err(db)?
                .execute(params![reason, intent, UnixMillis::now_local().0, id.to_string()])
                .map_err(db)?;
            if n == 0 && load_entry(&tx, id)?.is_none() {
                return Err(JournalError::NotFound(id));
            }
            tx.commit().map_err(db)?;
            Ok(n > 0)
        })
        .await
    }

    async fn settle(&self, id: EntryId, settlement: &Settlement) -> Result<SettleOutcome, JournalError> {
        let settlement = settlement.clone();
        self.run_lazy(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
            let out = settle_in(&tx, id, &settlement)?;
            tx.commit().map_err(db)?;
            Ok(out)
        })
        .await
    }

    async fn entry(&self, id: EntryId) -> Result<Option<Entry>, JournalError> {
        self.run(move |conn| load_entry(conn, id)).await
    }

    async fn open_entries(
        &self,
        venue: Option<&VenueId>,
        account: Option<&AccountKey>,
    ) -> Result<Vec<Entry>, JournalError> {
        let mut q = HistoryQuery::all().open_only().limit(10_000);
        q.venue = venue.cloned();
        q.account = account.cloned();
        self.run(move |conn| query_entries(conn, &q, true)).await
    }

    async fn history(&self, query: &HistoryQuery) -> Result<Vec<Entry>, JournalError> {
        let q = query.clone();
        self.run(move |conn| query_entries(conn, &q, false)).await
    }

    async fn claims(
        &self,
        venue: &VenueId,
        account: &AccountKey,
        operation: Operation,
        since: UnixMillis,
    ) -> Result<Vec<Claim>, JournalError> {
        let (v, a, op) = (venue.as_str().to_owned(), account.as_str().to_owned(), op_text(operation)?);
        let rows: Vec<(String, String, String, String, String, i64)> = self
            .run(move |conn| {
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT c.venue, c.account, c.operation, c.order_id, c.entry_id, c.claimed_at \
                         FROM earn_journal_claims c JOIN earn_journal_writes w ON w.id = c.entry_id \
                         WHERE c.venue = ?1 AND c.account = ?2 AND c.operation = ?3 AND w.local_sent_at >= ?4 \
                         ORDER BY c.claimed_at, c.order_id",
                    )
                    .map_err(db)?;
                stmt.query_map(params![v, a, op, since.0], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
                })
                .map_err(db)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db)
            })
            .await?;
        rows.into_iter()
            .map(|(venue, account, op, order, entry, at)| {
                Ok(Claim {
                    venue: VenueId::new(venue),
                    account: AccountKey::label(account),
                    operation: parse_op(&op)?,
                    order_id: order.into(),
                    entry: EntryId::parse(&entry)?,
                    claimed_at: UnixMillis(at),
                })
            })
            .collect()
    }

    async fn leases(&self, venue: Option<&VenueId>, account: Option<&AccountKey>) -> Result<Vec<Lease>, JournalError> {
        let v = venue.map(|v| v.as_str().to_owned());
        let a = account.map(|a| a.as_str().to_owned());
        let rows: Vec<(String, String, String, String, String, i64)> = self
            .run(move |conn| {
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT venue, account, asset, operation, entry_id, acquired_at FROM earn_journal_leases \
                         WHERE (?1 IS NULL OR venue = ?1) AND (?2 IS NULL OR account = ?2) ORDER BY acquired_at",
                    )
                    .map_err(db)?;
                stmt.query_map(params![v, a], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
                })
                .map_err(db)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db)
            })
            .await?;
        rows.into_iter()
            .map(|(venue, account, asset, op, entry, at)| {
                Ok(Lease {
                    key: LeaseKey {
                        venue: VenueId::new(venue),
                        account: AccountKey::label(account),
                        asset: asset.into(),
                        operation: parse_op(&op)?,
                    },
                    entry: EntryId::parse(&entry)?,
                    acquired_at: UnixMillis(at),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn pragmas(j: &SqliteJournal) -> (String, i64, i64) {
        j.run(|c| {
            let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).map_err(db)?;
            let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).map_err(db)?;
            let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).map_err(db)?;
            Ok((mode, sync, fk))
        })
        .await
        .unwrap()
    }

    /// WAL with `synchronous=FULL` (2): a commit is on disk before it returns; and the
    /// non-durable `sent` mark leaves the connection durable again.
    #[tokio::test]
    async fn commits_are_durable() {
        let dir = tempfile::tempdir().unwrap();
        let j = SqliteJournal::open(dir.path().join("j.sqlite")).await.unwrap();
        assert_eq!(pragmas(&j).await, ("wal".to_owned(), 2, 1));
        let e = NewEntry::new(
            AccountKey::label("a"),
            ReconcileIntent::new(VenueId::from_static("v"), Operation::Stake, "").asset("ETH"),
        );
        j.record_intent(&e).await.unwrap();
        j.mark_sent(e.id, UnixMillis::now_local()).await.unwrap();
        assert_eq!(pragmas(&j).await.1, 2);
        j.mark_sent(EntryId::random(), UnixMillis::now_local()).await.unwrap();
        assert_eq!(pragmas(&j).await.1, 2);
    }

    #[tokio::test]
    async fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sqlite");
        drop(SqliteJournal::open(&path).await.unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute("UPDATE earn_journal_meta SET value = '99' WHERE key = 'schema_version'", []).unwrap();
        drop(conn);
        let err = SqliteJournal::open(&path).await.unwrap_err();
        assert!(matches!(err, JournalError::Corrupt(ref m) if m.contains("99")), "{err}");
    }
}
