//! What both backends share: the stored form of entries and the history query.

use earn_core::{
    Amount, Asset, ClientOrderId, Operation, OrderId, ProductId, ReconcileIntent, Reconciliation, UnixMillis, VenueId,
};

use crate::{AccountKey, Entry, EntryId, EntryState, HistoryQuery, JournalError, NewEntry, Settlement};

/// The stored names of the open states, for queries.
pub(crate) const OPEN_STATES: &str = "('intended','sent','unknown')";

/// The stored text of an operation (`stake`, `redeem`, `cancel_redemption`).
pub(crate) fn op_text(op: Operation) -> Result<String, JournalError> {
    match serde_json::to_value(op) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        other => Err(JournalError::corrupt(format!("operation {op} serializes as {other:?}"))),
    }
}

pub(crate) fn parse_op(text: &str) -> Result<Operation, JournalError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| JournalError::corrupt(format!("operation {text:?}: {e}")))
}

/// One row of the writes table, as both backends read it.
pub(crate) struct RawEntry {
    pub id: String,
    pub venue: String,
    pub account: String,
    pub operation: String,
    pub product: Option<String>,
    pub asset: Option<String>,
    pub amount: Option<String>,
    pub client_id: Option<String>,
    pub order_id: Option<String>,
    pub intent: String,
    pub leased: bool,
    pub state: String,
    pub outcome: Option<String>,
    pub reason: Option<String>,
    pub local_sent_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub settled_at: Option<i64>,
}

impl RawEntry {
    pub(crate) fn into_entry(self) -> Result<Entry, JournalError> {
        let intent: ReconcileIntent = serde_json::from_str(&self.intent)
            .map_err(|e| JournalError::corrupt(format!("entry {}: intent: {e}", self.id)))?;
        let amount = self
            .amount
            .as_deref()
            .map(Amount::parse)
            .transpose()
            .map_err(|e| JournalError::corrupt(format!("entry {}: amount: {e}", self.id)))?;
        let reason = self.reason.unwrap_or_default();
        let outcome = || -> Result<Reconciliation, JournalError> {
            let text = self
                .outcome
                .as_deref()
                .ok_or_else(|| JournalError::corrupt(format!("entry {}: settled without an outcome", self.id)))?;
            serde_json::from_str(text).map_err(|e| JournalError::corrupt(format!("entry {}: outcome: {e}", self.id)))
        };
        let state = match self.state.as_str() {
            "intended" => EntryState::Intended,
            "sent" => EntryState::Sent,
            "unknown" => EntryState::Unknown { reason },
            "happened" => match outcome()? {
                Reconciliation::Happened(order) => EntryState::Settled(Settlement::Happened(order)),
                Reconciliation::TransferHappened(t) => EntryState::Settled(Settlement::TransferHappened(t)),
                other => {
                    return Err(JournalError::corrupt(format!("entry {}: happened with outcome {other:?}", self.id)));
                }
            },
            "did_not_happen" => EntryState::Settled(Settlement::DidNotHappen { reason }),
            other => return Err(JournalError::corrupt(format!("entry {}: state {other:?}", self.id))),
        };
        Ok(Entry {
            id: EntryId::parse(&self.id)?,
            venue: VenueId::new(self.venue),
            account: AccountKey::label(self.account),
            operation: parse_op(&self.operation)?,
            product: self.product.map(ProductId::new),
            asset: self.asset.map(Asset::new),
            amount,
            client_id: self.client_id.map(ClientOrderId::new),
            order_id: self.order_id.map(OrderId::new),
            intent,
            leased: self.leased,
            state,
            local_sent_at: UnixMillis(self.local_sent_at),
            created_at: UnixMillis(self.created_at),
            updated_at: UnixMillis(self.updated_at),
            settled_at: self.settled_at.map(UnixMillis),
        })
    }
}

/// The columns of [`NewEntry`] as both backends write them.
pub(crate) struct EntryColumns {
    pub venue: String,
    pub account: String,
    pub operation: String,
    pub product: Option<String>,
    pub asset: Option<String>,
    pub amount: Option<String>,
    pub client_id: Option<String>,
    pub order_id: Option<String>,
    pub intent: String,
}

impl EntryColumns {
    pub(crate) fn of(entry: &NewEntry) -> Result<Self, JournalError> {
        let i = &entry.intent;
        let mut stored = i.clone();
        stored.claimed.clear();
        Ok(EntryColumns {
            venue: i.venue.as_str().to_owned(),
            account: entry.account.as_str().to_owned(),
            operation: op_text(i.operation)?,
            product: i.product.as_ref().map(|p| p.as_str().to_owned()),
            asset: i.asset.as_ref().map(|a| a.as_str().to_owned()),
            amount: i.amount.map(|a| a.to_string()),
            client_id: i.client_id.as_ref().map(|c| c.as_str().to_owned()),
            order_id: i.order_id.as_ref().map(|o| o.as_str().to_owned()),
            intent: intent_json(&stored)?,
        })
    }
}

/// The stored JSON of an intent, without `claimed` (computed afresh at each reconciliation).
pub(crate) fn intent_json(intent: &ReconcileIntent) -> Result<String, JournalError> {
    let mut stored = intent.clone();
    stored.claimed.clear();
    serde_json::to_string(&stored).map_err(|e| JournalError::corrupt(format!("intent does not serialize: {e}")))
}

/// The stored JSON of an outcome (earn-core's [`Reconciliation`] form).
pub(crate) fn outcome_json(s: &Settlement) -> Result<String, JournalError> {
    serde_json::to_string(&s.to_reconciliation())
        .map_err(|e| JournalError::corrupt(format!("outcome does not serialize: {e}")))
}

/// The state column and reason column of a settlement.
pub(crate) fn settlement_columns(s: &Settlement) -> (&'static str, Option<&str>) {
    match s {
        Settlement::Happened(_) | Settlement::TransferHappened(_) => ("happened", None),
        Settlement::DidNotHappen { reason } => ("did_not_happen", Some(reason.as_str())),
    }
}

/// What settling an entry must do, decided once for both backends.
pub(crate) enum SettlePlan<'a> {
    /// Nothing: the entry was settled before.
    Already(Settlement),
    /// Record `settlement`, claiming `claim` first when set.
    Apply {
        /// The venue id to claim (writes that create rows, when they happened).
        claim: Option<&'a OrderId>,
        /// The reason to store instead of the settlement's own.
        reason: Option<String>,
    },
}

pub(crate) fn plan_settle<'a>(entry: &Entry, settlement: &'a Settlement) -> SettlePlan<'a> {
    let mut reason = None;
    match (&entry.state, settlement) {
        // Evidence that it happened outweighs an earlier absence of evidence: the venue
        // applied it late.
        (EntryState::Settled(Settlement::DidNotHappen { reason: earlier }), s) if s.happened() => {
            reason = Some(format!("the venue showed the write after it had been settled as not happened ({earlier})"));
        }
        (EntryState::Settled(earlier), _) => return SettlePlan::Already(earlier.clone()),
        _ => {}
    }
    let claims = crate::WriteKind::of(entry.operation).is_some_and(|k| k.claims);
    SettlePlan::Apply { claim: settlement.venue_id().filter(|_| claims), reason }
}

/// Why an entry stays open when its evidence belongs to another.
pub(crate) fn claimed_reason(order: &OrderId, holder: EntryId) -> String {
    format!("order {order} is already attributed to journal entry {holder}")
}

fn effective_limit(q: &HistoryQuery) -> i64 {
    i64::from(q.limit.clamp(1, 10_000))
}

/// A query parameter, converted to each driver's own type by its backend.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SqlValue {
    Text(String),
    Int(i64),
}

/// Placeholder style: `?1` (SQLite) or `$1` (Postgres).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Placeholder {
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    Question,
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Dollar,
}

impl Placeholder {
    fn nth(self, n: usize) -> String {
        match self {
            Placeholder::Question => format!("?{n}"),
            Placeholder::Dollar => format!("${n}"),
        }
    }
}

/// `SELECT <columns> FROM earn_journal_writes WHERE … ORDER BY created_at, id LIMIT …`.
///
/// `columns` lists the entry columns in [`RawEntry`](crate::model::RawEntry) order, as the
/// backend must write them (Postgres casts `id`, `intent` and `outcome` to text).
pub(crate) fn history_sql(
    columns: &str,
    query: &HistoryQuery,
    ascending: bool,
    style: Placeholder,
) -> Result<(String, Vec<SqlValue>), JournalError> {
    let mut conds: Vec<String> = Vec::new();
    let mut values: Vec<SqlValue> = Vec::new();
    let mut push = |col: &str, op: &str, v: SqlValue, conds: &mut Vec<String>| {
        values.push(v);
        conds.push(format!("{col} {op} {}", style.nth(values.len())));
    };
    if let Some(v) = &query.venue {
        push("venue", "=", SqlValue::Text(v.as_str().to_owned()), &mut conds);
    }
    if let Some(a) = &query.account {
        push("account", "=", SqlValue::Text(a.as_str().to_owned()), &mut conds);
    }
    if let Some(op) = query.operation {
        push("operation", "=", SqlValue::Text(op_text(op)?), &mut conds);
    }
    if let Some(p) = &query.product {
        push("product", "=", SqlValue::Text(p.as_str().to_owned()), &mut conds);
    }
    if let Some(c) = &query.client_id {
        push("client_id", "=", SqlValue::Text(c.as_str().to_owned()), &mut conds);
    }
    if let Some(t) = query.before {
        push("created_at", "<", SqlValue::Int(t.0), &mut conds);
    }
    if query.open_only {
        conds.push(format!("state IN {OPEN_STATES}"));
    }
    let filter = if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
    let dir = if ascending { "ASC" } else { "DESC" };
    values.push(SqlValue::Int(effective_limit(query)));
    let sql = format!(
        "SELECT {columns} FROM earn_journal_writes{filter} ORDER BY created_at {dir}, id {dir} LIMIT {}",
        style.nth(values.len())
    );
    Ok((sql, values))
}

#[cfg(test)]
mod tests {
    use earn_core::{Operation, VenueId};

    use super::*;
    use crate::AccountKey;

    #[test]
    fn operations_round_trip_as_text() {
        for op in [Operation::Stake, Operation::Redeem, Operation::CancelRedemption] {
            assert_eq!(parse_op(&op_text(op).unwrap()).unwrap(), op);
        }
        assert_eq!(op_text(Operation::CancelRedemption).unwrap(), "cancel_redemption");
    }

    #[test]
    fn filters_become_numbered_parameters() {
        let q = HistoryQuery::scope(VenueId::from_static("v"), AccountKey::label("a"))
            .operation(Operation::Stake)
            .open_only()
            .limit(5);
        let (sql, values) = history_sql("id", &q, false, Placeholder::Dollar).unwrap();
        assert_eq!(
            sql,
            "SELECT id FROM earn_journal_writes WHERE venue = $1 AND account = $2 AND operation = $3 AND state IN ('intended','sent','unknown') ORDER BY created_at DESC, id DESC LIMIT $4"
        );
        assert_eq!(values.len(), 4);
        assert_eq!(values[3], SqlValue::Int(5));
        let (sql, _) = history_sql("id", &HistoryQuery::all(), true, Placeholder::Question).unwrap();
        assert_eq!(sql, "SELECT id FROM earn_journal_writes ORDER BY created_at ASC, id ASC LIMIT ?1");
    }
}
