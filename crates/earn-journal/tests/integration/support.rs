//! Journals on real servers: SQLite in a temporary directory, Postgres started once per
//! test binary (a test fails, never skips, when it cannot start).

use std::path::PathBuf;
use std::sync::Arc;

use earn_core::*;
use earn_journal::testing::TestPostgres;
use earn_journal::{AccountKey, Journal, PostgresJournal, SqliteJournal};

/// A journal's storage; [`open`](Store::open) gives a new instance (a new connection or
/// pool) each time, as another process or replica would have.
pub enum Store {
    Sqlite { _dir: tempfile::TempDir, path: PathBuf },
    Postgres { conninfo: String },
}

impl Store {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sqlite");
        Store::Sqlite { _dir: dir, path }
    }

    pub async fn postgres() -> Self {
        let conninfo = TestPostgres::shared().create_database().await.expect("a fresh test database");
        Store::Postgres { conninfo }
    }

    pub async fn open(&self) -> Arc<dyn Journal> {
        match self {
            Store::Sqlite { path, .. } => Arc::new(SqliteJournal::open(path).await.expect("open SQLite journal")),
            Store::Postgres { conninfo } => {
                Arc::new(PostgresJournal::connect(conninfo).await.expect("connect Postgres journal"))
            }
        }
    }
}

impl Store {
    /// Breaks the storage from outside (another connection renames the writes table), as a
    /// full disk or a dropped schema would: recording fails from now on.
    pub async fn sabotage(&self) {
        const SQL: &str = "ALTER TABLE earn_journal_writes RENAME TO earn_journal_writes_gone";
        match self {
            Store::Sqlite { path, .. } => {
                let conn = rusqlite::Connection::open(path).unwrap();
                conn.execute_batch(SQL).unwrap();
            }
            Store::Postgres { conninfo } => {
                let (client, conn) = tokio_postgres::connect(conninfo, tokio_postgres::NoTls).await.unwrap();
                let task = tokio::spawn(conn);
                client.batch_execute(SQL).await.unwrap();
                drop(client);
                let _ = task.await;
            }
        }
    }
}

/// Runs a test body against SQLite and Postgres, as two tests.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    super::$name($crate::support::Store::sqlite().await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    super::$name($crate::support::Store::postgres().await).await;
                }
            }
        )*
    };
}

pub fn account() -> AccountKey {
    AccountKey::label("treasury-test")
}

pub fn amount(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

pub fn order(id: &str) -> Order {
    Order::new(
        crate::fake::VENUE,
        OrderId::new(id),
        ProductId::new("eth"),
        Asset::new("ETH"),
        OrderSide::Stake,
        amount("0.0231"),
        OrderStatus::Succeeded,
        "success",
    )
}

pub fn stake_intent(product: &str, amt: &str) -> ReconcileIntent {
    ReconcileIntent::new(crate::fake::VENUE, Operation::Stake, "")
        .product(product)
        .asset(product.to_ascii_uppercase())
        .amount(amount(amt))
        .sent_at(UnixMillis::now_local())
}
