//! [`PostgresJournal`]: the shared backend, for replicas sharing one API key.

use std::time::Duration;

use async_trait::async_trait;
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use earn_core::{Operation, ReconcileIntent, UnixMillis, VenueId};
use tokio_postgres::NoTls;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

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

/// Key of the advisory lock that serializes schema creation between replicas starting together.
const SCHEMA_LOCK: i64 = 0x6561_726e_6a6e_6c31; // "earnjnl1"

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS earn_journal_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS earn_journal_writes (
    id            UUID PRIMARY KEY,
    venue         TEXT NOT NULL,
    account       TEXT NOT NULL,
    operation     TEXT NOT NULL,
    product       TEXT,
    asset         TEXT,
    amount        TEXT,
    client_id     TEXT,
    order_id      TEXT,
    intent        JSONB NOT NULL,
    leased        BOOLEAN NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('intended','sent','unknown','happened','did_not_happen')),
    outcome       JSONB,
    reason        TEXT,
    local_sent_at BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    settled_at    BIGINT
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
    entry_id   UUID NOT NULL REFERENCES earn_journal_writes (id),
    claimed_at BIGINT NOT NULL,
    PRIMARY KEY (venue, account, operation, order_id)
);
CREATE INDEX IF NOT EXISTS earn_journal_claims_entry ON earn_journal_claims (entry_id);
CREATE TABLE IF NOT EXISTS earn_journal_leases (
    venue       TEXT NOT NULL,
    account     TEXT NOT NULL,
    asset       TEXT NOT NULL,
    operation   TEXT NOT NULL,
    entry_id    UUID NOT NULL UNIQUE REFERENCES earn_journal_writes (id),
    acquired_at BIGINT NOT NULL,
    PRIMARY KEY (venue, account, asset, operation)
);
";

const COLUMNS: &str = "id::text, venue, account, operation, product, asset, amount, client_id, order_id, \
                       intent::text, leased, state, outcome::text, reason, local_sent_at, created_at, updated_at, \
                       settled_at";

/// How often a record is retried when the lease holder it collided with settled meanwhile.
const LEASE_RETRIES: usize = 3;

/// The shared journal: one Postgres database for every replica using an API key.
///
/// Leases and claims are unique constraints, taken with `INSERT … ON CONFLICT DO NOTHING`
/// inside the transaction that records or settles the entry: a second replica's insert
/// waits for the first transaction and then finds the row taken. Entries being settled
/// are locked (`SELECT … FOR UPDATE`). Durability is the server's: keep `fsync` and
/// `synchronous_commit` on (the defaults) for the intent to be on disk before a write is
/// sent. Outcomes are committed with `synchronous_commit` off for their transaction (see
/// [`Journal`] on why that is safe).
///
/// Connections come from a pool (deadpool-postgres) without TLS: put the database on
/// loopback or a private network, or front it with a TLS tunnel.
#[derive(Clone)]
pub struct PostgresJournal {
    pool: Pool,
}

impl std::fmt::Debug for PostgresJournal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let status = self.pool.status();
        f.debug_struct("PostgresJournal").field("pool_size", &status.size).field("max", &status.max_size).finish()
    }
}

fn pg(e: tokio_postgres::Error) -> JournalError {
    let message = match e.as_db_error() {
        Some(d) => format!("Postgres: {}: {}", d.code().code(), d.message()),
        None => format!("Postgres: {e}"),
    };
    JournalError::storage(message, e)
}

fn pool_err(e: deadpool_postgres::PoolError) -> JournalError {
    JournalError::storage(format!("Postgres connection pool: {e}"), e)
}

impl PostgresJournal {
    /// Connects with a libpq-style string (`host=127.0.0.1 port=5432 user=earn dbname=earn`
    /// or `postgresql://…`), a pool of up to 16 connections, and creates the tables if
    /// they are missing.
    pub async fn connect(conninfo: &str) -> Result<Self, JournalError> {
        let config: tokio_postgres::Config = conninfo.parse().map_err(pg)?;
        Self::connect_with(config, 16).await
    }

    /// Connects with a parsed configuration and a pool of up to `max_connections`.
    ///
    /// A connect timeout of 10 s is set unless the configuration has one; waiting for a
    /// pooled connection is bounded by the same 10 s.
    pub async fn connect_with(
        mut config: tokio_postgres::Config,
        max_connections: usize,
    ) -> Result<Self, JournalError> {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager)
            .max_size(max_connections.max(1))
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(10)))
            .create_timeout(Some(Duration::from_secs(10)))
            .build()
            .map_err(|e| JournalError::storage("Postgres connection pool", e))?;
        let journal = PostgresJournal { pool };
        journal.migrate().await?;
        Ok(journal)
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, JournalError> {
        self.pool.get().await.map_err(pool_err)
    }

    async fn migrate(&self) -> Result<(), JournalError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).await.map_err(pg)?;
        tx.batch_execute(SCHEMA).await.map_err(pg)?;
        tx.execute(
            "INSERT INTO earn_journal_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT DO NOTHING",
            &[&SCHEMA_VERSION.to_string()],
        )
        .await
        .map_err(pg)?;
        let version: String = tx
            .query_one("SELECT value FROM earn_journal_meta WHERE key = 'schema_version'", &[])
            .await
            .map_err(pg)?
            .get(0);
        if version.parse::<i64>().ok() != Some(SCHEMA_VERSION) {
            return Err(JournalError::corrupt(format!(
                "the database has journal schema version {version}; this library reads version {SCHEMA_VERSION}"
            )));
        }
        tx.commit().await.map_err(pg)
    }
}

fn raw_entry(r: &tokio_postgres::Row) -> Result<RawEntry, JournalError> {
    let get = |e: tokio_postgres::Error| pg(e);
    Ok(RawEntry {
        id: r.try_get(0).map_err(get)?,
        venue: r.try_get(1).map_err(get)?,
        account: r.try_get(2).map_err(get)?,
        operation: r.try_get(3).map_err(get)?,
        product: r.try_get(4).map_err(get)?,
        asset: r.try_get(5).map_err(get)?,
        amount: r.try_get(6).map_err(get)?,
        client_id: r.try_get(7).map_err(get)?,
        order_id: r.try_get(8).map_err(get)?,
        intent: r.try_get(9).map_err(get)?,
        leased: r.try_get(10).map_err(get)?,
        state: r.try_get(11).map_err(get)?,
        outcome: r.try_get(12).map_err(get)?,
        reason: r.try_get(13).map_err(get)?,
        local_sent_at: r.try_get(14).map_err(get)?,
        created_at: r.try_get(15).map_err(get)?,
        updated_at: r.try_get(16).map_err(get)?,
        settled_at: r.try_get(17).map_err(get)?,
    })
}

async fn load_entry<C: GenericClient>(c: &C, id: EntryId, lock: bool) -> Result<Option<Entry>, JournalError> {
    let lock = if lock { " FOR UPDATE" } else { "" };
    let stmt = c
        .prepare_cached(&format!("SELECT {COLUMNS} FROM earn_journal_writes WHERE id = $1{lock}"))
        .await
        .map_err(pg)?;
    let row = c.query_opt(&stmt, &[&id.as_uuid()]).await.map_err(pg)?;
    row.as_ref().map(raw_entry).transpose()?.map(RawEntry::into_entry).transpose()
}

enum Recorded {
    Done,
    /// The lease holder settled between our insert and our look-up: try again.
    Retry,
}

async fn record(tx: &deadpool_postgres::Transaction<'_>, entry: &NewEntry) -> Result<Recorded, JournalError> {
    let c = EntryColumns::of(entry)?;
    let id = entry.id.as_uuid();
    let now = UnixMillis::now_local().0;
    let stmt = tx
        .prepare_cached(
            "INSERT INTO earn_journal_writes (id, venue, account, operation, product, asset, amount, client_id, \
             order_id, intent, leased, state, local_sent_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ($10::text)::jsonb, $11, 'intended', $12, $13, $13) \
             ON CONFLICT DO NOTHING",
        )
        .await
        .map_err(pg)?;
    let inserted = tx
        .execute(
            &stmt,
            &[
                &id,
                &c.venue,
                &c.account,
                &c.operation,
                &c.product,
                &c.asset,
                &c.amount,
                &c.client_id,
                &c.order_id,
                &c.intent,
                &entry.lease.is_some(),
                &entry.local_sent_at.0,
                &now,
            ],
        )
        .await
        .map_err(pg)?;
    if inserted == 0 {
        if let Some(client_id) = &c.client_id {
            let stmt = tx
                .prepare_cached(&format!(
                    "SELECT id::text FROM earn_journal_writes WHERE venue = $1 AND account = $2 AND client_id = $3 \
                     AND state IN {OPEN_STATES}"
                ))
                .await
                .map_err(pg)?;
            let row = tx.query_opt(&stmt, &[&c.venue, &c.account, client_id]).await.map_err(pg)?;
            if let Some(holder) = row.map(|r| r.get::<_, String>(0)) {
                let holder = EntryId::parse(&holder)?;
                if holder != entry.id {
                    return Err(JournalError::ClientIdInUse { client_id: client_id.clone(), holder });
                }
            }
        }
        return Err(JournalError::Duplicate(entry.id));
    }
    if let Some(lease) = &entry.lease {
        let op = op_text(lease.operation)?;
        let stmt = tx
            .prepare_cached(
                "INSERT INTO earn_journal_leases (venue, account, asset, operation, entry_id, acquired_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .await
            .map_err(pg)?;
        let taken = tx
            .execute(&stmt, &[&lease.venue.as_str(), &lease.account.as_str(), &lease.asset.as_str(), &op, &id, &now])
            .await
            .map_err(pg)?;
        if taken == 0 {
            let stmt = tx
                .prepare_cached(
                    "SELECT entry_id::text FROM earn_journal_leases \
                     WHERE venue = $1 AND account = $2 AND asset = $3 AND operation = $4",
                )
                .await
                .map_err(pg)?;
            let row = tx
                .query_opt(&stmt, &[&lease.venue.as_str(), &lease.account.as_str(), &lease.asset.as_str(), &op])
                .await
                .map_err(pg)?;
            return match row {
                Some(row) => {
                    let holder: String = row.get(0);
                    Err(JournalError::LeaseHeld { key: lease.clone(), holder: EntryId::parse(&holder)? })
                }
                None => Ok(Recorded::Retry),
            };
        }
    }
    Ok(Recorded::Done)
}

async fn settle_in(
    tx: &deadpool_postgres::Transaction<'_>,
    id: EntryId,
    settlement: &Settlement,
) -> Result<SettleOutcome, JournalError> {
    let entry = load_entry(tx, id, true).await?.ok_or(JournalError::NotFound(id))?;
    let (claim, reason_override) = match plan_settle(&entry, settlement) {
        SettlePlan::Already(earlier) => return Ok(SettleOutcome::AlreadySettled(earlier)),
        SettlePlan::Apply { claim, reason } => (claim, reason),
    };
    let key: Uuid = id.as_uuid();
    let now = UnixMillis::now_local().0;
    let op = op_text(entry.operation)?;
    if let Some(order) = claim {
        // One round trip when the claim is new (the usual case); a second to find the holder.
        let stmt = tx
            .prepare_cached(
                "INSERT INTO earn_journal_claims (venue, account, operation, order_id, entry_id, claimed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING entry_id",
            )
            .await
            .map_err(pg)?;
        let inserted = tx
            .query_opt(&stmt, &[&entry.venue.as_str(), &entry.account.as_str(), &op, &order.as_str(), &key, &now])
            .await
            .map_err(pg)?;
        let holder: Uuid = match inserted {
            Some(row) => row.get(0),
            None => {
                let stmt = tx
                    .prepare_cached(
                        "SELECT entry_id FROM earn_journal_claims \
                         WHERE venue = $1 AND account = $2 AND operation = $3 AND order_id = $4",
                    )
                    .await
                    .map_err(pg)?;
                tx.query_one(&stmt, &[&entry.venue.as_str(), &entry.account.as_str(), &op, &order.as_str()])
                    .await
                    .map_err(pg)?
                    .get(0)
            }
        };
        if holder != key {
            let holder = EntryId::from_uuid(holder);
            if entry.state.is_open() {
                let stmt = tx
                    .prepare_cached(
                        "UPDATE earn_journal_writes SET state = 'unknown', reason = $1, updated_at = $2 WHERE id = $3",
                    )
                    .await
                    .map_err(pg)?;
                tx.execute(&stmt, &[&claimed_reason(order, holder), &now, &key]).await.map_err(pg)?;
            }
            return Ok(SettleOutcome::ClaimedByOther { order: order.clone(), holder });
        }
    }
    let (state, reason) = settlement_columns(settlement);
    let reason = reason_override.as_deref().or(reason);
    let outcome = outcome_json(settlement)?;
    // The outcome and the lease's release in one statement.
    let stmt = tx
        .prepare_cached(
            "WITH released AS (DELETE FROM earn_journal_leases WHERE entry_id = $5) \
             UPDATE earn_journal_writes SET state = $1, outcome = ($2::text)::jsonb, reason = $3, settled_at = $4, \
             updated_at = $4 WHERE id = $5",
        )
        .await
        .map_err(pg)?;
    tx.execute(&stmt, &[&state, &outcome, &reason, &now, &key]).await.map_err(pg)?;
    Ok(SettleOutcome::Settled)
}

/// A transaction whose commit does not wait for the WAL to reach the disk: for everything
/// but intents. A later synchronous commit (any intent) flushes the WAL past it; a crash
/// before one reverts it, leaving its entry open for reconciliation.
async fn lazy_transaction(
    client: &mut deadpool_postgres::Object,
) -> Result<deadpool_postgres::Transaction<'_>, JournalError> {
    let tx = client.transaction().await.map_err(pg)?;
    tx.batch_execute("SET LOCAL synchronous_commit TO OFF").await.map_err(pg)?;
    Ok(tx)
}

fn to_sql(values: &[SqlValue]) -> Vec<Box<dyn ToSql + Sync + Send>> {
    values
        .iter()
        .map(|v| -> Box<dyn ToSql + Sync + Send> {
            match v {
                SqlValue::Text(s) => Box::new(s.clone()),
                SqlValue::Int(i) => Box::new(*i),
            }
        })
        .collect()
}

impl PostgresJournal {
    async fn query_entries(&self, query: &HistoryQuery, ascending: bool) -> Result<Vec<Entry>, JournalError> {
        let (sql, values) = history_sql(COLUMNS, query, ascending, Placeholder::Dollar)?;
        let params = to_sql(&values);
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref() as &(dyn ToSql + Sync)).collect();
        let client = self.client().await?;
        let stmt = client.prepare_cached(&sql).await.map_err(pg)?;
        let rows = client.query(&stmt, &refs).await.map_err(pg)?;
        rows.iter().map(|r| raw_entry(r)?.into_entry()).collect()
    }
}

#[async_trait]
impl Journal for PostgresJournal {
    async fn record_intent(&self, entry: &NewEntry) -> Result<(), JournalError> {
        let mut client = self.client().await?;
        for _ in 0..LEASE_RETRIES {
            let tx = client.transaction().await.map_err(pg)?;
            match record(&tx, entry).await? {
                Recorded::Done => return tx.commit().await.map_err(pg),
                Recorded::Retry => tx.rollback().await.map_err(pg)?,
            }
        }
        Err(JournalError::Storage {
            message: format!("the lease for entry {} kept changing hands; try again", entry.id),
            source: None,
        })
    }

    async fn mark_sent(&self, id: EntryId, at: UnixMillis) -> Result<(), JournalError> {
        let mut client = self.client().await?;
        let tx = lazy_transaction(&mut client).await?;
        let stmt = tx
            .prepare_cached(
                "UPDATE earn_journal_writes SET state = 'sent', updated_at = $1 WHERE id = $2 AND state = 'intended'",
            )
            .await
            .map_err(pg)?;
        tx.execute(&stmt, &[&at.0, &id.as_uuid()]).await.map_err(pg)?;
        tx.commit().await.map_err(pg)
    }

    async fn mark_unknown(&self, id: EntryId, intent: &ReconcileIntent, reason: &str) -> Result<bool, JournalError> {
        let intent = intent_json(intent)?;
        let mut client = self.client().await?;
        let tx = lazy_transaction(&mut client).await?;
        let stmt = tx
            .prepare_cached(&format!(
                "UPDATE earn_journal_writes SET state = 'unknown', reason = $1, intent = ($2::text)::jsonb, \
                 updated_at = $3 WHERE id = $4 AND state IN {OPEN_STATES}"
            ))
            .await
            .map_err(pg)?;
        let n = tx.execute(&stmt, &[&reason, &intent, &UnixMillis::now_local().0, &id.as_uuid()]).await.map_err(pg)?;
        if n == 0 && load_entry(&tx, id, false).await?.is_none() {
            return Err(JournalError::NotFound(id));
        }
        tx.commit().await.map_err(pg)?;
        Ok(n > 0)
    }

    async fn settle(&self, id: EntryId, settlement: &Settlement) -> Result<SettleOutcome, JournalError> {
        let mut client = self.client().await?;
        let tx = lazy_transaction(&mut client).await?;
        let out = settle_in(&tx, id, settlement).await?;
        tx.commit().await.map_err(pg)?;
        Ok(out)
    }

    async fn entry(&self, id: EntryId) -> Result<Option<Entry>, JournalError> {
        let client = self.client().await?;
        load_entry(&client, id, false).await
    }

    async fn open_entries(
        &self,
        venue: Option<&VenueId>,
        account: Option<&AccountKey>,
    ) -> Result<Vec<Entry>, JournalError> {
        let mut q = HistoryQuery::all().open_only().limit(10_000);
        q.venue = venue.cloned();
        q.account = account.cloned();
        self.query_entries(&q, true).await
    }

    async fn history(&self, query: &HistoryQuery) -> Result<Vec<Entry>, JournalError> {
        self.query_entries(query, false).await
    }

    async fn claims(
        &self,
        venue: &VenueId,
        account: &AccountKey,
        operation: Operation,
        since: UnixMillis,
    ) -> Result<Vec<Claim>, JournalError> {
        let op = op_text(operation)?;
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(
                "SELECT c.venue, c.account, c.operation, c.order_id, c.entry_id, c.claimed_at \
                 FROM earn_journal_claims c JOIN earn_journal_writes w ON w.id = c.entry_id \
                 WHERE c.venue = $1 AND c.account = $2 AND c.operation = $3 AND w.local_sent_at >= $4 \
                 ORDER BY c.claimed_at, c.order_id",
            )
            .await
            .map_err(pg)?;
        let rows = client.query(&stmt, &[&venue.as_str(), &account.as_str(), &op, &since.0]).await.map_err(pg)?;
        rows.iter()
            .map(|r| {
                Ok(Claim {
                    venue: VenueId::new(r.try_get::<_, String>(0).map_err(pg)?),
                    account: AccountKey::label(r.try_get::<_, String>(1).map_err(pg)?),
                    operation: parse_op(&r.try_get::<_, String>(2).map_err(pg)?)?,
                    order_id: r.try_get::<_, String>(3).map_err(pg)?.into(),
                    entry: EntryId::from_uuid(r.try_get(4).map_err(pg)?),
                    claimed_at: UnixMillis(r.try_get(5).map_err(pg)?),
                })
            })
            .collect()
    }

    async fn leases(&self, venue: Option<&VenueId>, account: Option<&AccountKey>) -> Result<Vec<Lease>, JournalError> {
        let v = venue.map(|v| v.as_str().to_owned());
        let a = account.map(|a| a.as_str().to_owned());
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(
                "SELECT venue, account, asset, operation, entry_id, acquired_at FROM earn_journal_leases \
                 WHERE ($1::text IS NULL OR venue = $1) AND ($2::text IS NULL OR account = $2) ORDER BY acquired_at",
            )
            .await
            .map_err(pg)?;
        let rows = client.query(&stmt, &[&v, &a]).await.map_err(pg)?;
        rows.iter()
            .map(|r| {
                Ok(Lease {
                    key: LeaseKey {
                        venue: VenueId::new(r.try_get::<_, String>(0).map_err(pg)?),
                        account: AccountKey::label(r.try_get::<_, String>(1).map_err(pg)?),
                        asset: r.try_get::<_, String>(2).map_err(pg)?.into(),
                        operation: parse_op(&r.try_get::<_, String>(3).map_err(pg)?)?,
                    },
                    entry: EntryId::from_uuid(r.try_get(4).map_err(pg)?),
                    acquired_at: UnixMillis(r.try_get(5).map_err(pg)?),
                })
            })
            .collect()
    }
}
