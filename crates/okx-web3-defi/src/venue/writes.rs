//! `stake()`, `redeem()`, `redemption_estimate()`, `cancel_redemption()`.
//!
//! Writes never move anything: the venue **builds** unsigned call data, which becomes a
//! [`TransactionPlan`] (approvals first) for the caller's wallet to sign and broadcast. A
//! plan is the only thing the adapter's writes return.

use earn_core::http::ApiRequest;
use earn_core::{
    Amount, AmountRules, Error, Operation, Order, OrderRef, OrderSide, ProductId, RedeemRequest, RedemptionEstimate,
    Result, StakeRequest, TransactionPlan, TransactionPurpose, UnsignedTransaction, VenueError, WriteOutcome,
};

use super::products::investment_id;
use super::{ApiGeneration, OkxWeb3DefiVenue};
use crate::api::address::WalletAddress;
use crate::api::common::{CallData, TokenInfo};
use crate::api::numbers::{DecimalText, HumanAmount};
use crate::api::types::{ChainId, InvestmentId};
use crate::api::v5_calculator::{GetRedeemInfo, GetSubscribeInfo, RedeemInfo};
use crate::api::v5_explore::GetProductDetail as GetV5ProductDetail;
use crate::api::v5_transaction::{AuthorizationType, BuildAuthorization, BuildInvestTransaction, TokenAmountInput};
use crate::api::v6_calculator::{GetPrepare, PREPARE};
use crate::api::v6_product::{GetProductDetail as GetV6ProductDetail, ProductDetail};
use crate::api::v6_transaction::{BuildEnter, BuildExit, UserInput};
use crate::dialect::VENUE;

pub(super) async fn stake(v: &OkxWeb3DefiVenue, request: &StakeRequest) -> Result<WriteOutcome> {
    check_request(request.client_id.is_some(), request.amount)?;
    let plan = match v.generation {
        ApiGeneration::V5 => v5_stake(v, request).await?,
        ApiGeneration::V6 => v6_stake(v, request).await?,
    };
    Ok(WriteOutcome::NeedsSignature(plan))
}

pub(super) async fn redeem(v: &OkxWeb3DefiVenue, request: &RedeemRequest) -> Result<WriteOutcome> {
    check_request(request.client_id.is_some(), request.amount)?;
    let plan = match v.generation {
        ApiGeneration::V5 => v5_redeem(v, request).await?,
        ApiGeneration::V6 => v6_redeem(v, request).await?,
    };
    Ok(WriteOutcome::NeedsSignature(plan))
}

pub(super) async fn redemption_estimate(v: &OkxWeb3DefiVenue, request: &RedeemRequest) -> Result<RedemptionEstimate> {
    AmountRules::default().check("amount", request.amount)?;
    match v.generation {
        ApiGeneration::V5 => v5_redemption_estimate(v, request).await,
        ApiGeneration::V6 => Err(Error::unsupported(VENUE, Operation::RedemptionEstimate)),
    }
}

/// Nothing to cancel: a built transaction is not an order the venue holds.
pub(super) fn cancel_redemption(_order: &OrderRef) -> Result<Order> {
    Err(Error::unsupported(VENUE, Operation::CancelRedemption))
}

/// Before any request: the API has no client order id, and the amount must be above zero
/// (its precision is checked once the product's decimals are known).
fn check_request(has_client_id: bool, amount: Amount) -> Result<()> {
    if has_client_id {
        return Err(Error::invalid_input("client_id", "the OKX Web3 DeFi API has no client order id"));
    }
    AmountRules::default().check("amount", amount)
}

/// A product that cannot be used now, as a typed error.
fn unavailable(code: &str, message: String) -> Error {
    Error::ProductUnavailable(VenueError::new(VENUE, code, message, None))
}

/// A decode error for a missing piece of a venue answer from `endpoint`.
fn missing(endpoint: &str, what: &str) -> Error {
    Error::decode(VENUE, endpoint, format!("the venue's answer lacks {what}"), b"")
}

// ---- v5: explore detail, calculators, authorization/subscription/redemption ----

/// The product's chain and its single underlying token.
struct V5Target {
    id: InvestmentId,
    chain: ChainId,
    token: String,
}

async fn v5_target(v: &OkxWeb3DefiVenue, product: &ProductId, for_stake: bool) -> Result<V5Target> {
    let id = investment_id(product)?;
    let request = GetV5ProductDetail::new(id.clone());
    let detail = v.client.send(&request).await?;
    let path = request.endpoint().path;
    let chain = detail.chain_id.clone().ok_or_else(|| missing(path, "chainId in the product detail"))?;
    v.ensure_chain(&chain)?;
    if for_stake && detail.is_investable.is_some_and(|i| !i.get()) {
        return Err(unavailable("isInvestable", format!("product {id} is not investable now")));
    }
    let tokens = detail.underlying_token.unwrap_or_default();
    let [token] = tokens.as_slice() else {
        return Err(Error::invalid_input(
            "product",
            format!(
                "product {id} has {} underlying tokens; use the typed client for multi-token products",
                tokens.len()
            ),
        ));
    };
    let token = token.token_contract.clone().ok_or_else(|| missing(path, "the underlying token address"))?;
    Ok(V5Target { id, chain, token })
}

/// The amount against the decimals of `token` (from the venue's rows), when known.
fn check_v5_precision(rows: &[&TokenInfo], token: &str, amount: Amount) -> Result<()> {
    let row = rows.iter().find(|r| r.token_address.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(token)));
    match row.or(rows.first()).map(|r| r.decimals()) {
        Some(Ok(d)) => AmountRules { precision: Some(u32::from(d)), ..AmountRules::default() }.check("amount", amount),
        _ => Ok(()),
    }
}

fn outputs(rows: &[TokenInfo]) -> Result<Vec<TokenAmountInput>> {
    rows.iter().map(TokenAmountInput::from_row).collect()
}

/// The approval step, when the calculator says one is needed.
async fn v5_approval(
    v: &OkxWeb3DefiVenue,
    id: &InvestmentId,
    kind: AuthorizationType,
    input: &[TokenAmountInput],
) -> Result<Built> {
    let auth = BuildAuthorization {
        address: v.wallet.to_string(),
        investment_id: id.clone(),
        kind,
        user_input_list: input.to_vec(),
        expect_output_list: None,
    };
    let calls = v.client.send(&auth).await?.data_list;
    Ok(Built::new(&auth, calls, TransactionPurpose::Approve))
}

async fn v5_stake(v: &OkxWeb3DefiVenue, req: &StakeRequest) -> Result<TransactionPlan> {
    let t = v5_target(v, &req.product, true).await?;
    let amount = HumanAmount::from_amount(req.amount);
    let mut info_req = GetSubscribeInfo::new(t.id.clone(), t.token.clone(), amount.clone());
    info_req.address = Some(v.wallet.to_string());
    info_req.is_single = Some(true);
    info_req.slippage = v.options.slippage.clone();
    let info = v.client.send(&info_req).await?;
    if info.is_allow_subscribe.is_some_and(|a| !a.get()) {
        return Err(unavailable("isAllowSubscribe", format!("product {} does not allow subscribing now", t.id)));
    }
    let invest_rows: Vec<&TokenInfo> = info.invest_with_token_list.iter().flatten().collect();
    check_v5_precision(&invest_rows, &t.token, req.amount)?;
    let input = vec![TokenAmountInput::new(t.chain.clone(), t.token.clone(), amount)];
    let mut built = Vec::new();
    if info.approve_status_list.iter().flatten().any(|a| a.is_need_approve == Some(true)) {
        built.push(v5_approval(v, &t.id, AuthorizationType::Subscribe, &input).await?);
    }
    let receive = info.receive_token_info.as_ref().map(|r| r.as_slice().to_vec()).unwrap_or_default();
    let sub = BuildInvestTransaction::subscription(v.wallet.to_string(), t.id.clone(), input, outputs(&receive)?);
    let calls = v.client.send(&sub).await?.data_list;
    built.push(Built::new(&sub, calls, TransactionPurpose::Deposit));
    let gas = gas_units(info.estimate_gas_fee.as_ref());
    plan(&v.wallet, &t.chain, &req.product, OrderSide::Stake, req.amount, gas, built)
}

async fn v5_redeem_info(v: &OkxWeb3DefiVenue, t: &V5Target, amount: Amount) -> Result<RedeemInfo> {
    let mut r = GetRedeemInfo::new(t.id.clone(), t.token.clone(), HumanAmount::from_amount(amount));
    r.address = Some(v.wallet.to_string());
    r.is_single = Some(true);
    r.slippage = v.options.slippage.clone();
    let info = v.client.send(&r).await?;
    let rows: Vec<&TokenInfo> = info.my_supply.iter().chain(info.receive_token_list.iter().flatten()).collect();
    check_v5_precision(&rows, &t.token, amount)?;
    Ok(info)
}

async fn v5_redemption_estimate(v: &OkxWeb3DefiVenue, req: &RedeemRequest) -> Result<RedemptionEstimate> {
    let t = v5_target(v, &req.product, false).await?;
    let info = v5_redeem_info(v, &t, req.amount).await?;
    let receive =
        info.receive_token_list.iter().flatten().map(TokenInfo::to_asset_quantity).collect::<Result<Vec<_>>>()?;
    let allowed = info.is_allow_redeem.is_some_and(|a| a.get());
    let mut estimate = RedemptionEstimate::new(req.product.clone(), req.amount, allowed, receive);
    estimate.gas_limit = gas_units(info.estimate_gas_fee.as_ref());
    Ok(estimate)
}

async fn v5_redeem(v: &OkxWeb3DefiVenue, req: &RedeemRequest) -> Result<TransactionPlan> {
    let t = v5_target(v, &req.product, false).await?;
    let info = v5_redeem_info(v, &t, req.amount).await?;
    if info.is_allow_redeem.is_some_and(|a| !a.get()) {
        return Err(unavailable("isAllowRedeem", format!("product {} does not allow redeeming now", t.id)));
    }
    let swap_from = info.swap_from_token_list.clone().unwrap_or_default();
    let input = if swap_from.is_empty() {
        vec![TokenAmountInput::new(t.chain.clone(), t.token.clone(), HumanAmount::from_amount(req.amount))]
    } else {
        outputs(&swap_from)?
    };
    let mut built = Vec::new();
    if info.approve_status_list.iter().flatten().any(|a| a.is_need_approve == Some(true)) {
        built.push(v5_approval(v, &t.id, AuthorizationType::Redeem, &input).await?);
    }
    let receive = info.receive_token_list.clone().unwrap_or_default();
    let red = BuildInvestTransaction::redemption(v.wallet.to_string(), t.id.clone(), input, outputs(&receive)?);
    let calls = v.client.send(&red).await?.data_list;
    built.push(Built::new(&red, calls, TransactionPurpose::Withdraw));
    let gas = gas_units(info.estimate_gas_fee.as_ref());
    plan(&v.wallet, &t.chain, &req.product, OrderSide::Redeem, req.amount, gas, built)
}

// ---- v6: product detail, prepare, enter/exit ----

/// The product's detail and the single token it takes, with decimals.
struct V6Target {
    id: InvestmentId,
    detail: ProductDetail,
    token: TokenInfo,
}

async fn v6_target(v: &OkxWeb3DefiVenue, product: &ProductId) -> Result<V6Target> {
    let id = investment_id(product)?;
    let request = GetV6ProductDetail::new(id.clone());
    let detail = v.client.send(&request).await?;
    let path = request.endpoint().path;
    let chain = detail.chain_index.clone().ok_or_else(|| missing(path, "chainIndex in the product detail"))?;
    v.ensure_chain(&chain)?;
    let prepare = v.client.send(&GetPrepare::new(id.clone())).await?;
    let tokens = prepare.invest_with_token_list.unwrap_or_default();
    let [token] = tokens.as_slice() else {
        return Err(Error::invalid_input(
            "product",
            format!("product {id} takes {} tokens; use the typed client for multi-token products", tokens.len()),
        ));
    };
    Ok(V6Target { id, detail, token: token.clone() })
}

/// The token and amount going in or out. Its precision is checked once, by the request's
/// own validation (`tokenPrecision` is sent).
fn v6_user_input(t: &V6Target, amount: Amount) -> Result<UserInput> {
    let path = PREPARE.path;
    let decimals = t.token.decimals()?;
    let chain =
        t.token.chain().or(t.detail.chain_index.as_ref()).cloned().ok_or_else(|| missing(path, "the token's chain"))?;
    Ok(UserInput {
        token_address: t.token.token_address.clone().ok_or_else(|| missing(path, "the token address"))?,
        chain_index: chain,
        coin_amount: HumanAmount::from_amount(amount),
        token_symbol: t.token.token_symbol.clone(),
        token_precision: Some(decimals),
        token_id: None,
    })
}

/// A refusal of the amount by the request's check, named as the trait's field.
fn as_amount_error(e: Error) -> Error {
    match e {
        Error::InvalidInput { field, rule } if field.ends_with("coinAmount") => Error::invalid_input("amount", rule),
        other => other,
    }
}

async fn v6_stake(v: &OkxWeb3DefiVenue, req: &StakeRequest) -> Result<TransactionPlan> {
    let t = v6_target(v, &req.product).await?;
    if t.detail.is_investable.is_some_and(|i| !i.get()) {
        return Err(unavailable("isInvestable", format!("product {} is not investable now", t.id)));
    }
    let input = v6_user_input(&t, req.amount)?;
    let chain = input.chain_index.clone();
    let enter = BuildEnter {
        investment_id: t.id.clone(),
        address: v.wallet.to_string(),
        user_input_list: vec![input],
        slippage: v.options.slippage.clone(),
        tick_lower: None,
        tick_upper: None,
        token_id: None,
    };
    let calls = v.client.send(&enter).await.map_err(as_amount_error)?.data_list;
    let built = vec![Built::new(&enter, calls, TransactionPurpose::Deposit)];
    plan(&v.wallet, &chain, &req.product, OrderSide::Stake, req.amount, None, built)
}

async fn v6_redeem(v: &OkxWeb3DefiVenue, req: &RedeemRequest) -> Result<TransactionPlan> {
    let t = v6_target(v, &req.product).await?;
    if t.detail.is_support_redeem.is_some_and(|r| !r.get()) {
        return Err(unavailable("isSupportRedeem", format!("product {} does not support redemption", t.id)));
    }
    let input = v6_user_input(&t, req.amount)?;
    let chain = input.chain_index.clone();
    let exit = BuildExit {
        investment_id: t.id.clone(),
        address: v.wallet.to_string(),
        redeem_percent: None,
        user_input_list: Some(vec![input]),
        token_id: None,
        slippage: v.options.slippage.clone(),
    };
    let calls = v.client.send(&exit).await.map_err(as_amount_error)?.data_list;
    let built = vec![Built::new(&exit, calls, TransactionPurpose::Withdraw)];
    plan(&v.wallet, &chain, &req.product, OrderSide::Redeem, req.amount, None, built)
}

// ---- built call data -> TransactionPlan ----

/// One builder call's output with the purpose its endpoint implies.
struct Built {
    calls: Vec<CallData>,
    default_purpose: TransactionPurpose,
    endpoint: &'static str,
}

impl Built {
    fn new<R: ApiRequest>(request: &R, calls: Vec<CallData>, purpose: TransactionPurpose) -> Self {
        Built { calls, default_purpose: purpose, endpoint: request.endpoint().path }
    }
}

/// Builds the plan, checking every step is addressed from the wallet and has a target.
fn plan(
    wallet: &WalletAddress,
    chain: &ChainId,
    product: &ProductId,
    side: OrderSide,
    amount: Amount,
    gas_hint: Option<u64>,
    built: Vec<Built>,
) -> Result<TransactionPlan> {
    let mut txs = Vec::new();
    for b in built {
        if b.calls.is_empty() {
            return Err(Error::decode(VENUE, b.endpoint, "the venue built no transaction", b""));
        }
        for call in b.calls {
            txs.push(step(wallet, chain, &call, b.default_purpose.clone(), b.endpoint)?);
        }
    }
    // The calculator's gas estimate belongs to the main (non-approval) step.
    if let Some(gas) = gas_hint
        && let Some(main) = txs.iter_mut().rev().find(|t| t.purpose != TransactionPurpose::Approve)
        && main.gas_limit.is_none()
    {
        main.gas_limit = Some(gas);
    }
    Ok(TransactionPlan::new(VENUE, product.clone(), side, amount, txs))
}

fn step(
    wallet: &WalletAddress,
    chain: &ChainId,
    call: &CallData,
    default: TransactionPurpose,
    endpoint: &str,
) -> Result<UnsignedTransaction> {
    let from = call.from.as_deref().filter(|f| !f.is_empty()).unwrap_or(wallet.as_str());
    if !from.eq_ignore_ascii_case(wallet.as_str()) {
        let message = format!("the venue built a transaction from {from}, not from the wallet {wallet}");
        return Err(Error::decode(VENUE, endpoint, message, from.as_bytes()));
    }
    let to = call
        .to
        .as_deref()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::decode(VENUE, endpoint, "a built transaction has no `to`", b""))?;
    let chain_text = call.chain_index.as_ref().or(call.chain_id.as_ref()).unwrap_or(chain).to_string();
    let value = call.value.as_ref().map(|v| v.get()).unwrap_or_default();
    let data = call.serialized_data.clone().unwrap_or_default();
    let mut tx = UnsignedTransaction::new(call.purpose(default), chain_text, from, to, data, value);
    tx.gas_limit = call.gas_limit();
    tx.venue_signature = call.signature_data.clone().filter(|s| !s.is_empty());
    Ok(tx)
}

/// The gas estimate text (`"276614"`) as gas units.
fn gas_units(text: Option<&DecimalText>) -> Option<u64> {
    text.and_then(|t| t.to_plain().parse().ok())
}
