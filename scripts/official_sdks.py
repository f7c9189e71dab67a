#!/usr/bin/env python3
"""The official python-okx, pybit and binance-connector SDKs, unmodified, against the standalone earn-sim.

Starts the simulator binary on a free loopback port, then calls every earn, staking, savings,
balance and transfer method the two SDKs offer that the simulator serves: python-okx in its
default flag (demo: reads work, writes answer 50038) and in live mode, pybit in its default
(mainnet, i.e. live) and with demo keys, binance-connector's Spot client (Simple Earn, ETH
staking, wallets and universal transfers; it has no SOL staking methods). Each answer is checked against its documented code
and response shape. Faults are armed through the admin API and observed through the SDKs.
Methods the simulator does not serve yet are listed as skipped, with the reason; an SDK
method that is neither called nor listed fails the run, so a new SDK release cannot slip by.

Prints one line per check, then `N passed, M failed` alone on a line; exits 1 on any failure.

Usage: official_sdks.py --sim PATH/TO/earn-sim
"""

import argparse
import inspect
import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
import uuid

import httpx
import requests
from okx import Account, Funding, PublicData
from okx.Finance import EthStaking, Savings, SolStaking, StakingDefi
from pybit import exceptions as pybit_errors
from pybit._v5_earn import EarnHTTP
from pybit.unified_trading import HTTP
from binance.error import ClientError as BinanceClientError
from binance.spot import Spot as BinanceSpot

# The simulator's default test credentials (printed by its banner, documented in its README).
OKX_LIVE = ("sim-okx-key", "sim-okx-secret", "sim-okx-pass")
OKX_DEMO = ("sim-okx-demo-key", "sim-okx-demo-secret", "sim-okx-demo-pass")
BYBIT_LIVE = ("sim-bybit-key", "sim-bybit-secret")
BYBIT_DEMO = ("sim-bybit-demo-key", "sim-bybit-demo-secret")
BINANCE = ("sim-binance-key", "sim-binance-secret")

SETTLEMENT_DELAY_MS = 60_000
START_TIMEOUT_S = 60
READY_TIMEOUT_S = 15

# SDK methods in scope (earn, staking, savings, balances, transfers) that the simulator does
# not serve, with the reason. Everything else in scope must be called.
NOT_SERVED = {
    "python-okx FundingAPI": (
        ["purchase_redempt", "get_asset_valuation"],
        "purchase_redempt posts to the old PiggyBank path /api/v5/asset/purchase_redempt, gone from the 2026 docs "
        "(SavingsAPI.savings_purchase_redemption is the served path); asset valuation is outside the references",
    ),
    "binance-connector Spot": (
        ["get_beth_rewards_distribution_history"],
        "GET /sapi/v1/eth-staking/eth/history/rewardsHistory (BETH rewards distribution) is not in the reference "
        "pages (binance-earn.md §10.1) nor in the binance-earn client",
    ),
}
# binance-connector's Spot client holds all of Binance: the Simple Earn, ETH staking, wallet
# balance and universal-transfer methods (each must exist, and be called or listed above).
BINANCE_IN_SCOPE = [
    "time", "account", "funding_wallet", "user_asset", "balance", "user_universal_transfer",
    "user_universal_transfer_history", "simple_account", "get_simple_earn_flexible_product_list",
    "get_simple_earn_locked_product_list", "get_flexible_personal_left_quota", "get_locked_personal_left_quota",
    "get_flexible_subscription_preview", "get_locked_subscription_preview", "subscribe_flexible_product",
    "subscribe_locked_product", "redeem_flexible_product", "redeem_locked_product", "get_flexible_product_position",
    "get_locked_product_position", "get_flexible_subscription_record", "get_locked_subscription_record",
    "get_flexible_redemption_record", "get_locked_redemption_record", "get_flexible_rewards_history",
    "get_locked_rewards_history", "get_rate_history", "get_collateral_record", "set_flexible_auto_subscribe",
    "set_locked_auto_subscribe", "set_locked_product_redeem_option", "eth_staking_account", "get_eth_staking_quota",
    "subscribe_eth_staking", "redeem_eth", "get_eth_staking_history", "get_eth_redemption_history",
    "get_wbeth_rate_history", "wrap_beth", "get_wbeth_wrap_history", "get_wbeth_unwrap_history",
    "get_wbeth_rewards_history", "get_beth_rewards_distribution_history",
]
# Methods of the Spot client that reach the simulator's paths but are outside the brief.
BINANCE_PATHS = re.compile(r'"/(?:sapi/v\d/(?:simple-earn|eth-staking|sol-staking|asset/(?:transfer|get-funding-asset|getUserAsset|wallet/balance))|api/v3/(?:time|account)")')
# SDK classes that hold much besides earn (deposits, withdrawals, trading): their in-scope
# methods, each of which must exist, and be called or listed in NOT_SERVED.
IN_SCOPE = {
    "python-okx FundingAPI": (Funding.FundingAPI, [
        "get_balances", "funds_transfer", "transfer_state", "get_bills", "purchase_redempt", "get_asset_valuation"]),
    "python-okx AccountAPI": (Account.AccountAPI, ["get_account_balance", "get_max_withdrawal"]),
    "pybit asset/account": (HTTP, [
        "get_coins_balance", "get_coin_balance", "get_transferable_coin", "create_internal_transfer",
        "get_internal_transfer_records", "get_wallet_balance", "get_transferable_amount"]),
}
# pybit's Earn mixin also covers Bybit families the simulator does not model (reference §6.4,
# §6.5): Advanced Earn, Liquidity Mining (add_margin belongs to it), RWA and PWM.
PYBIT_EARN_OUT_OF_SCOPE = re.compile(r"advance|liquidity|add_margin|rwa|pwm|smart_leverage|double_win")

# python-okx classes whose every method must be accounted for.
OKX_CLASSES = {
    "EthStakingAPI": EthStaking.EthStakingAPI,
    "SolStakingAPI": SolStaking.SolStakingAPI,
    "StakingDefiAPI": StakingDefi.StakingDefiAPI,
    "SavingsAPI": Savings.SavingsAPI,
}


class Run:
    """Checks and their outcome."""

    def __init__(self):
        self.passed = 0
        self.failed = []
        self.called = set()

    def check(self, name, fn):
        try:
            fn()
        except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the run
            detail = f"{type(error).__name__}: {error}"
            if not isinstance(error, AssertionError):
                detail += "\n" + "".join(traceback.format_exception(error)[-3:])
            self.failed.append(name)
            print(f"FAIL {name}: {detail}", flush=True)
            return
        self.passed += 1
        print(f"ok   {name}", flush=True)

    def call(self, client, method, *args, **kwargs):
        """Calls an SDK method and records that it was exercised."""
        self.called.add(method)
        return getattr(client, method)(*args, **kwargs)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


# ------------------------------------------------------------------ the simulator process


class Simulator:
    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--settlement-delay-ms", str(SETTLEMENT_DELAY_MS), "--no-rate-limits"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines = queue.Queue()
        threading.Thread(target=self._pump, args=(self.proc.stdout, lines), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, None), daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT_S
        first = None
        while time.monotonic() < deadline and first is None:
            try:
                first = lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"earn-sim exited with {self.proc.returncode} before listening")
        match = re.match(r"earn-sim listening on (http://\S+)", first or "")
        if not match:
            self.stop()
            raise RuntimeError(f"earn-sim did not announce its address within {START_TIMEOUT_S} s: {first!r}")
        self.base = match.group(1)
        self.admin_base = self.base + "/__admin"
        self._wait_ready()

    @staticmethod
    def _pump(stream, sink):
        for line in stream:
            if sink is not None:
                sink.put(line.rstrip("\n"))
            else:
                sys.stderr.write("earn-sim: " + line)

    def _wait_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/api/v5/public/time", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"earn-sim at {self.base} did not answer within {READY_TIMEOUT_S} s")

    def admin(self, method, route, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.admin_base + route, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def advance(self, ms=SETTLEMENT_DELAY_MS + 1):
        status, clock = self.admin("POST", "/clock/advance", {"ms": ms})
        assert status == 200, clock

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ------------------------------------------------------------------ OKX answer checks


def okx_code(answer, code):
    expect(isinstance(answer, dict), f"not a JSON object: {answer!r}")
    expect(answer.get("code") == code, f"code {answer.get('code')!r} (wanted {code!r}): {answer}")
    return answer


def okx_rows(answer, fields, at_least=1):
    """A success envelope whose data is a list of objects with `fields`."""
    okx_code(answer, "0")
    expect(answer.get("msg") == "", f"msg should be empty: {answer}")
    data = answer.get("data")
    expect(isinstance(data, list) and len(data) >= at_least, f"data should list at least {at_least}: {answer}")
    for row in data:
        missing = [f for f in fields if f not in row]
        expect(not missing, f"row lacks {missing}: {row}")
    return data


def okx_write_ok(answer):
    okx_code(answer, "0")
    expect(answer.get("data") == [] or isinstance(answer.get("data"), list), f"data should be a list: {answer}")
    return answer["data"]


def okx_refused(answer, code):
    """A refusal: the code, a message, and no data (or empty data)."""
    okx_code(answer, code)
    expect(isinstance(answer.get("msg"), str) and answer["msg"], f"msg should say why: {answer}")
    expect(answer.get("data", []) == [], f"a refusal carries no data: {answer}")


# ------------------------------------------------------------------ python-okx


def okx_clients(base, creds, flag):
    key, secret, passphrase = creds
    kwargs = dict(api_key=key, api_secret_key=secret, passphrase=passphrase, domain=base)
    if flag is not None:
        kwargs["flag"] = flag
    return (
        EthStaking.EthStakingAPI(**kwargs),
        SolStaking.SolStakingAPI(**kwargs),
        StakingDefi.StakingDefiAPI(**kwargs),
        Funding.FundingAPI(**kwargs),
    )


def okx_account_clients(base, creds, flag):
    """FundingAPI, AccountAPI and SavingsAPI with these credentials."""
    key, secret, passphrase = creds
    kwargs = dict(api_key=key, api_secret_key=secret, passphrase=passphrase, domain=base)
    if flag is not None:
        kwargs["flag"] = flag
    return Funding.FundingAPI(**kwargs), Account.AccountAPI(**kwargs), Savings.SavingsAPI(**kwargs)


def python_okx_default_flag(run, sim):
    """python-okx's default flag is '1', demo trading: demo keys read, their writes answer 50038."""
    eth, sol, defi, funding = okx_clients(sim.base, OKX_DEMO, flag=None)
    expect(eth.flag == "1", f"python-okx's default flag changed: {eth.flag!r}")
    pre = "python-okx default flag (demo)"
    run.check(f"{pre}: eth_product_info", lambda: okx_rows(
        run.call(eth, "eth_product_info"), ["fastRedemptionDailyLimit", "rate", "redemptDays", "minAmt"]))
    run.check(f"{pre}: eth_balance", lambda: okx_code(run.call(eth, "eth_balance"), "0"))
    run.check(f"{pre}: eth_purchase_redeem_history", lambda: okx_code(
        run.call(eth, "eth_purchase_redeem_history", type="purchase"), "0"))
    run.check(f"{pre}: eth_apy_history", lambda: okx_rows(run.call(eth, "eth_apy_history", days="2"), ["rate", "ts"], 2))
    run.check(f"{pre}: eth_purchase answers 50038", lambda: okx_refused(run.call(eth, "eth_purchase", amt="0.1"), "50038"))
    run.check(f"{pre}: eth_redeem answers 50038", lambda: okx_refused(run.call(eth, "eth_redeem", amt="0.1"), "50038"))
    run.check(f"{pre}: eth_cancel_redeem answers 50038", lambda: okx_refused(
        run.call(eth, "eth_cancel_redeem", ordId="1"), "50038"))

    def sol_info():
        answer = okx_code(run.call(sol, "sol_product_info"), "0")
        expect(isinstance(answer["data"], dict) and "fastRedemptionAvail" in answer["data"], f"SOL data is one object: {answer}")
    run.check(f"{pre}: sol_product_info", sol_info)
    run.check(f"{pre}: sol_balance", lambda: okx_code(run.call(sol, "sol_balance"), "0"))
    run.check(f"{pre}: sol_purchase_redeem_history", lambda: okx_code(run.call(sol, "sol_purchase_redeem_history"), "0"))
    run.check(f"{pre}: sol_apy_history", lambda: okx_rows(run.call(sol, "sol_apy_history", days="1"), ["rate", "ts"]))
    run.check(f"{pre}: sol_purchase answers 50038", lambda: okx_refused(run.call(sol, "sol_purchase", amt="1"), "50038"))
    run.check(f"{pre}: sol_redeem answers 50038", lambda: okx_refused(run.call(sol, "sol_redeem", amt="1"), "50038"))
    run.check(f"{pre}: get_offers", lambda: okx_rows(
        run.call(defi, "get_offers", ccy="DOT"), ["productId", "protocolType", "earlyRedeem", "investData", "redeemPeriod"]))
    run.check(f"{pre}: get_activity_orders", lambda: okx_code(run.call(defi, "get_activity_orders"), "0"))
    run.check(f"{pre}: get_orders_history", lambda: okx_code(run.call(defi, "get_orders_history"), "0"))
    run.check(f"{pre}: purchase answers 50038", lambda: okx_refused(run.call(
        defi, "purchase", productId="101", investData=[{"ccy": "DOT", "amt": "2"}]), "50038"))
    run.check(f"{pre}: redeem answers 50038", lambda: okx_refused(
        run.call(defi, "redeem", ordId="1", protocolType="defi"), "50038"))
    run.check(f"{pre}: cancel answers 50038", lambda: okx_refused(
        run.call(defi, "cancel", ordId="1", protocolType="defi"), "50038"))
    run.check(f"{pre}: get_bills", lambda: okx_code(run.call(funding, "get_bills", ccy="ETH"), "0"))
    funding, account, savings = okx_account_clients(sim.base, OKX_DEMO, flag=None)
    run.check(f"{pre}: get_balances (the demo account is seeded)", lambda: okx_rows(
        run.call(funding, "get_balances", ccy="USDT"), ["ccy", "bal", "frozenBal", "availBal"]))
    run.check(f"{pre}: get_account_balance", lambda: okx_rows(run.call(account, "get_account_balance"), ["totalEq", "details"]))
    run.check(f"{pre}: get_max_withdrawal", lambda: okx_rows(run.call(account, "get_max_withdrawal", ccy="BETH"), ["ccy", "maxWd"]))
    run.check(f"{pre}: transfer_state of an unknown transfer is empty", lambda: expect(
        okx_code(run.call(funding, "transfer_state", transId="1"), "0")["data"] == [], "data []"))
    run.check(f"{pre}: funds_transfer answers 50038", lambda: okx_refused(
        run.call(funding, "funds_transfer", ccy="USDT", amt="1", from_="6", to="18"), "50038"))
    run.check(f"{pre}: get_saving_balance", lambda: okx_code(run.call(savings, "get_saving_balance"), "0"))
    run.check(f"{pre}: get_lending_history", lambda: okx_code(run.call(savings, "get_lending_history"), "0"))
    run.check(f"{pre}: savings_purchase_redemption answers 50038", lambda: okx_refused(run.call(
        savings, "savings_purchase_redemption", ccy="USDT", amt="1", side="purchase", rate="0.01"), "50038"))
    run.check(f"{pre}: set_lending_rate answers 50038", lambda: okx_refused(
        run.call(savings, "set_lending_rate", ccy="USDT", rate="0.02"), "50038"))
    run.check(f"{pre}: get_public_borrow_info (signed)", lambda: okx_rows(
        run.call(savings, "get_public_borrow_info", ccy="USDT"), ["ccy", "avgRate", "preRate", "estRate"]))

    unsigned = EthStaking.EthStakingAPI(domain=sim.base)
    run.check(f"{pre}: unsigned public eth_apy_history", lambda: okx_rows(
        unsigned.eth_apy_history(days="1"), ["rate", "ts"]))
    public = PublicData.PublicAPI(domain=sim.base)
    run.check(f"{pre}: unsigned public get_system_time", lambda: okx_rows(public.get_system_time(), ["ts"]))
    live_key_in_demo, _, _, _ = okx_clients(sim.base, OKX_LIVE, flag=None)
    run.check(f"{pre}: a live key answers 50101", lambda: okx_refused(live_key_in_demo.eth_balance(), "50101"))


def python_okx_live(run, sim):
    """flag='0' with the live keys: the whole lifecycle."""
    eth, sol, defi, funding = okx_clients(sim.base, OKX_LIVE, flag="0")
    pre = "python-okx live"
    state = {}
    run.check(f"{pre}: eth_product_info", lambda: okx_rows(run.call(eth, "eth_product_info"), ["rate", "minAmt"]))
    run.check(f"{pre}: eth_purchase", lambda: expect(okx_write_ok(run.call(eth, "eth_purchase", amt="1")) == [], "data []"))

    def eth_balance():
        row = okx_rows(run.call(eth, "eth_balance"), ["amt", "ccy", "latestInterestAccrual", "totalInterestAccrual", "ts"])[0]
        expect((row["ccy"], row["amt"]) == ("BETH", "2"), f"1 BETH bought into funding, 1 seeded in trading: {row}")
    run.check(f"{pre}: eth_balance", eth_balance)
    run.check(f"{pre}: eth_redeem", lambda: okx_write_ok(run.call(eth, "eth_redeem", amt="0.4")))

    def eth_history():
        rows = okx_rows(run.call(eth, "eth_purchase_redeem_history", type="redeem", limit="10"),
                        ["type", "amt", "redeemingAmt", "status", "requestTime", "completedTime", "estCompletedTime", "ordId"])
        expect(rows[0]["status"] == "pending" and rows[0]["redeemingAmt"] == "0.4", f"pending: {rows[0]}")
        state["eth_ord"] = rows[0]["ordId"]
    run.check(f"{pre}: eth_purchase_redeem_history", eth_history)
    run.check(f"{pre}: eth_cancel_redeem", lambda: expect(okx_rows(run.call(
        eth, "eth_cancel_redeem", ordId=state.get("eth_ord", "0")), ["ordId"])[0]["ordId"] == state.get("eth_ord"), "ordId echoed"))
    run.check(f"{pre}: eth_apy_history", lambda: okx_rows(run.call(eth, "eth_apy_history", days="3"), ["rate", "ts"], 3))

    run.check(f"{pre}: sol_product_info", lambda: expect(
        okx_code(run.call(sol, "sol_product_info"), "0")["data"].get("minAmt") == "0.01", "SOL minAmt 0.01"))
    run.check(f"{pre}: sol_purchase", lambda: okx_write_ok(run.call(sol, "sol_purchase", amt="2")))
    run.check(f"{pre}: sol_redeem", lambda: okx_write_ok(run.call(sol, "sol_redeem", amt="1")))
    run.check(f"{pre}: sol_balance", lambda: expect(
        okx_rows(run.call(sol, "sol_balance"), ["amt", "ccy"])[0]["amt"] == "2", "OKSOL incl. the redemption in flight"))

    def sol_history():
        rows = okx_rows(run.call(sol, "sol_purchase_redeem_history"), ["type", "amt", "status", "requestTime"], 2)
        expect("ordId" not in rows[0], f"SOL history has no ordId: {rows[0]}")
    run.check(f"{pre}: sol_purchase_redeem_history", sol_history)
    run.check(f"{pre}: sol_apy_history", lambda: okx_rows(run.call(sol, "sol_apy_history", days="2"), ["rate", "ts"], 2))

    def offers():
        row = okx_rows(run.call(defi, "get_offers", ccy="DOT"), ["productId", "apy", "state", "investData"])[0]
        expect((row["productId"], row["earlyRedeem"], row["investData"][0]["bal"]) == ("101", False, "500"), f"DOT offer: {row}")
    run.check(f"{pre}: get_offers", offers)

    def buy(tag, amt):
        row = okx_rows(run.call(defi, "purchase", productId="101", investData=[{"ccy": "DOT", "amt": amt}], tag=tag),
                       ["ordId", "tag"])[0]
        expect(row["tag"] == tag, f"tag echoed: {row}")
        state[tag] = row["ordId"]
    run.check(f"{pre}: purchase", lambda: buy("sdkone", "2"))

    def active(wanted_state, tag):
        rows = okx_rows(run.call(defi, "get_activity_orders", productId="101"),
                        ["ordId", "state", "investData", "earningData", "purchasedTime", "estSettlementTime"])
        mine = [r for r in rows if r["ordId"] == state.get(tag)]
        expect(mine and mine[0]["state"] == wanted_state, f"{tag} in state {wanted_state}: {rows}")
    run.check(f"{pre}: get_activity_orders (pending purchase, state 8)", lambda: active("8", "sdkone"))
    run.check(f"{pre}: cancel", lambda: okx_rows(run.call(defi, "cancel", ordId=state.get("sdkone", "0"), protocolType="defi"), ["ordId", "tag"]))
    run.check(f"{pre}: purchase (a second order)", lambda: buy("sdktwo", "3"))
    sim.advance()
    run.check(f"{pre}: get_activity_orders (earning, state 1)", lambda: active("1", "sdktwo"))
    # python-okx sends "allowEarlyRedeem": "" when the flag is not given; the venue accepts it.
    run.check(f"{pre}: redeem (python-okx's empty allowEarlyRedeem)", lambda: okx_rows(
        run.call(defi, "redeem", ordId=state.get("sdktwo", "0"), protocolType="defi"), ["ordId", "tag"]))
    sim.advance()

    def history():
        rows = okx_rows(run.call(defi, "get_orders_history", productId="101"), ["ordId", "state", "redeemedTime", "earningData"], 2)
        expect({r["ordId"] for r in rows} >= {state.get("sdkone"), state.get("sdktwo")}, f"both completed: {rows}")
        expect(all(r["state"] == "3" for r in rows), "state 3")
    run.check(f"{pre}: get_orders_history", history)

    def bills():
        rows = okx_rows(run.call(funding, "get_bills", ccy="DOT"), ["billId", "ccy", "balChg", "bal", "type", "ts"], 4)
        expect(rows[0]["type"] == "82", f"newest first, a redemption credit: {rows[0]}")
    run.check(f"{pre}: get_bills", bills)
    public = PublicData.PublicAPI(flag="0", domain=sim.base)
    run.check(f"{pre}: get_system_time", lambda: expect(okx_rows(public.get_system_time(), ["ts"])[0]["ts"].isdigit(), "ts digits"))
    demo_key_live, _, _, _ = okx_clients(sim.base, OKX_DEMO, flag="0")
    run.check(f"{pre}: a demo key answers 50101", lambda: okx_refused(demo_key_live.eth_balance(), "50101"))
    python_okx_accounts(run, sim, eth)
    python_okx_savings(run, sim)


def python_okx_accounts(run, sim, eth):
    """Funding and trading balances, a transfer and its state, the seed-000 rule."""
    funding, account, _ = okx_account_clients(sim.base, OKX_LIVE, flag="0")
    pre = "python-okx live"
    state = {}

    def balances():
        rows = okx_rows(run.call(funding, "get_balances", ccy="USDT,BETH"), ["ccy", "bal", "frozenBal", "availBal"])
        usdt = [r for r in rows if r["ccy"] == "USDT"]
        expect(usdt and usdt[0]["availBal"] == "10000", f"seeded funding USDT: {rows}")
    run.check(f"{pre}: get_balances", balances)

    def trading():
        data = okx_rows(run.call(account, "get_account_balance"), ["totalEq", "uTime", "details"])
        details = {d["ccy"]: d for d in data[0]["details"]}
        expect(details.get("BETH", {}).get("availBal") == "1", f"1 BETH seeded in trading: {details}")
        for field in ("eq", "cashBal", "availBal", "frozenBal", "ordFrozen", "availEq", "liab", "eqUsd", "uTime"):
            expect(field in details["BETH"], f"details lack {field}: {details['BETH']}")
    run.check(f"{pre}: get_account_balance", trading)
    run.check(f"{pre}: get_max_withdrawal", lambda: expect(okx_rows(
        run.call(account, "get_max_withdrawal", ccy="BETH"), ["ccy", "maxWd", "maxWdEx"])[0]["maxWd"] == "1", "1 BETH movable"))

    def redeem_refused():
        funding_beth = okx_rows(funding.get_balances(ccy="BETH"), ["availBal"])[0]["availBal"]
        okx_refused(eth.eth_redeem(amt=str(int(float(funding_beth)) + 1)), "51736")
    run.check(f"{pre}: eth_redeem beyond funding BETH answers 51736 (seed 000)", redeem_refused)

    def transfer():
        # python-okx 0.4.4 cannot send clientId; it sends every parameter, empty ones as "".
        row = okx_rows(run.call(funding, "funds_transfer", ccy="BETH", amt="1", from_="18", to="6"),
                       ["transId", "ccy", "clientId", "from", "amt", "to"])[0]
        expect((row["from"], row["to"], row["amt"], row["clientId"]) == ("18", "6", "1", ""), f"echo: {row}")
        state["transId"] = row["transId"]
    run.check(f"{pre}: funds_transfer (trading BETH to funding)", transfer)

    def transfer_state():
        row = okx_rows(run.call(funding, "transfer_state", transId=state.get("transId", "0")),
                       ["transId", "clientId", "ccy", "amt", "type", "from", "to", "subAcct", "state"])[0]
        expect(row["state"] == "success" and row["transId"] == state.get("transId"), f"{row}")
    run.check(f"{pre}: transfer_state", transfer_state)
    run.check(f"{pre}: the BETH left trading", lambda: expect(
        okx_rows(account.get_max_withdrawal(ccy="BETH"), ["maxWd"])[0]["maxWd"] == "0", "0 BETH in trading"))
    run.check(f"{pre}: funds_transfer from = to answers 58123", lambda: okx_refused(
        funding.funds_transfer(ccy="USDT", amt="1", from_="6", to="6"), "58123"))
    run.check(f"{pre}: funds_transfer beyond the balance answers 58116", lambda: okx_refused(
        funding.funds_transfer(ccy="USDT", amt="99999999", from_="6", to="18"), "58116"))


def python_okx_savings(run, sim):
    """Simple Earn Flexible: purchase, lending by the hour, rate, history, redemption, bills."""
    funding, _, savings = okx_account_clients(sim.base, OKX_LIVE, flag="0")
    pre = "python-okx live"
    run.check(f"{pre}: savings_purchase_redemption (purchase)", lambda: expect(okx_rows(run.call(
        savings, "savings_purchase_redemption", ccy="USDT", amt="1000", side="purchase", rate="0.01"),
        ["ccy", "amt", "side", "rate"])[0]["side"] == "purchase", "echo"))

    def balance(wanted_pending):
        row = okx_rows(run.call(savings, "get_saving_balance", ccy="USDT"),
                       ["ccy", "amt", "earnings", "rate", "loanAmt", "pendingAmt", "redemptAmt"])[0]
        expect(row["pendingAmt"] == wanted_pending, f"pendingAmt {wanted_pending}: {row}")
        return row
    run.check(f"{pre}: get_saving_balance (pending until the hour)", lambda: balance("1000"))
    sim.advance(2 * 3_600_000)

    def lent():
        row = balance("0")
        expect(row["loanAmt"] == "1000.01" and row["earnings"] == "0.01", f"lent an hour at 8.76 %: {row}")
    run.check(f"{pre}: get_saving_balance (lent, one hour of interest)", lent)
    run.check(f"{pre}: get_lending_history", lambda: expect(okx_rows(run.call(
        savings, "get_lending_history", ccy="USDT"), ["ccy", "amt", "earnings", "rate", "ts"])[0]["earnings"] == "0.01", "0.01"))
    run.check(f"{pre}: set_lending_rate", lambda: expect(okx_rows(run.call(
        savings, "set_lending_rate", ccy="USDT", rate="0.02"), ["ccy", "rate"])[0]["rate"] == "0.02", "echo"))
    run.check(f"{pre}: get_public_borrow_info", lambda: okx_rows(
        run.call(savings, "get_public_borrow_info"), ["ccy", "avgRate", "preRate", "estRate"], 4))
    run.check(f"{pre}: get_public_borrow_history", lambda: okx_rows(run.call(
        savings, "get_public_borrow_history", ccy="USDT", limit="3"), ["ccy", "rate", "ts"], 3))
    # python-okx sends "rate": "" with a redemption.
    run.check(f"{pre}: savings_purchase_redemption (redempt)", lambda: expect(okx_rows(run.call(
        savings, "savings_purchase_redemption", ccy="USDT", amt="500", side="redempt"), ["ccy", "amt", "side"])[0]["side"]
        == "redempt", "echo"))

    def bills():
        purchase = okx_rows(funding.get_bills(ccy="USDT", type="75"), ["balChg", "type"])
        redemption = okx_rows(funding.get_bills(ccy="USDT", type="76"), ["balChg", "type"])
        expect(purchase[0]["balChg"] == "-1000" and redemption[0]["balChg"] == "500", f"{purchase} {redemption}")
    run.check(f"{pre}: savings bills 75/76", bills)
    unsigned = Savings.SavingsAPI(domain=sim.base)
    run.check(f"{pre}: unsigned public get_public_borrow_history", lambda: okx_rows(
        unsigned.get_public_borrow_history(ccy="BTC", limit="1"), ["ccy", "rate", "ts"]))


# ------------------------------------------------------------------ pybit


def bybit_result(answer, fields=()):
    expect(isinstance(answer, dict) and answer.get("retCode") == 0, f"retCode 0: {answer}")
    for f in ("retMsg", "result", "retExtInfo", "time"):
        expect(f in answer, f"envelope lacks {f}: {answer}")
    missing = [f for f in fields if f not in answer["result"]]
    expect(not missing, f"result lacks {missing}: {answer['result']}")
    return answer["result"]


def bybit_list(answer, key, fields, at_least=1):
    rows = bybit_result(answer, [key])[key]
    expect(isinstance(rows, list) and len(rows) >= at_least, f"{key} should list at least {at_least}: {rows}")
    for row in rows:
        missing = [f for f in fields if f not in row]
        expect(not missing, f"row lacks {missing}: {row}")
    return rows


def bybit_refused(fn, ret_code):
    try:
        answer = fn()
    except pybit_errors.InvalidRequestError as error:
        expect(error.status_code == ret_code, f"retCode {error.status_code} (wanted {ret_code}): {error.message}")
        return
    raise AssertionError(f"expected retCode {ret_code}, got {answer}")


def pybit_session(base, creds, **options):
    key, secret = creds
    session = HTTP(api_key=key, api_secret=secret, **options)
    session.endpoint = base  # pybit builds https://{api,api-demo}.bybit.com; point it at the simulator
    return session


def link():
    return "sdk-" + uuid.uuid4().hex[:20]


def pybit_live(run, sim):
    """pybit's default is mainnet, which is live."""
    s = pybit_session(sim.base, BYBIT_LIVE)
    expect(not s.testnet and not s.demo, "pybit's default environment changed")
    pre = "pybit default (mainnet)"
    state = {}
    run.check(f"{pre}: get_server_time", lambda: bybit_result(run.call(s, "get_server_time"), ["timeSecond", "timeNano"]))

    def products():
        rows = bybit_list(run.call(s, "get_earn_product_info", category="FlexibleSaving"), "list",
                          ["category", "estimateApr", "coin", "minStakeAmount", "maxStakeAmount", "precision", "productId", "status"], 3)
        expect({r["productId"] for r in rows} == {"430", "428", "431"} and rows[0]["estimateApr"].endswith("%"), f"{rows}")
    run.check(f"{pre}: get_earn_product_info", products)
    run.check(f"{pre}: get_earn_apr_history", lambda: bybit_list(
        run.call(s, "get_earn_apr_history", category="FlexibleSaving", productId="430"), "list", ["timestamp", "apr"]))

    def stake():
        state["flex"] = link()
        result = bybit_result(run.call(s, "stake_or_redeem", category="FlexibleSaving", orderType="Stake", accountType="FUND",
                                       amount="0.1", coin="BTC", productId="430", orderLinkId=state["flex"]), ["orderId", "orderLinkId"])
        expect(result["orderLinkId"] == state["flex"], f"orderLinkId echoed: {result}")
    run.check(f"{pre}: stake_or_redeem (stake)", stake)

    def order(status):
        rows = bybit_list(run.call(s, "get_stake_or_redemption_history", category="FlexibleSaving", orderLinkId=state.get("flex")),
                          "list", ["coin", "orderValue", "orderType", "orderId", "orderLinkId", "status", "createdAt", "productId"])
        expect(rows[0]["status"] == status, f"{status}: {rows[0]}")
    run.check(f"{pre}: get_stake_or_redemption_history (Pending)", lambda: order("Pending"))
    sim.advance()
    run.check(f"{pre}: get_stake_or_redemption_history (Success)", lambda: order("Success"))
    run.check(f"{pre}: get_staked_position", lambda: expect(bybit_list(
        run.call(s, "get_staked_position", category="FlexibleSaving", coin="BTC"), "list",
        ["coin", "productId", "amount", "claimableYield", "status", "autoReinvest"])[0]["amount"] == "0.1", "0.1 BTC staked"))
    run.check(f"{pre}: stake_or_redeem (redeem)", lambda: bybit_result(run.call(
        s, "stake_or_redeem", category="FlexibleSaving", orderType="Redeem", accountType="FUND", amount="0.05", coin="BTC",
        productId="430", orderLinkId=link()), ["orderId"]))
    run.check(f"{pre}: get_yield", lambda: bybit_result(run.call(s, "get_yield", category="FlexibleSaving"), ["yield", "nextPageCursor"]))
    run.check(f"{pre}: get_hourly_yield", lambda: bybit_result(run.call(s, "get_hourly_yield", category="FlexibleSaving"), ["list", "nextPageCursor"]))
    run.check(f"{pre}: list_earn_coupons", lambda: expect(bybit_list(
        run.call(s, "list_earn_coupons", category="FlexibleSaving"), "interestCards",
        ["awardId", "specCode", "coin", "apy", "status", "expireAt"])[0]["awardId"] == 1001, "the seeded coupon"))

    def onchain_fixed():
        placed = bybit_result(s.stake_or_redeem(category="OnChain", orderType="Stake", accountType="FUND", amount="10", coin="USDT",
                                                productId="503", orderLinkId=link()), ["orderId"])
        sim.advance()
        rows = bybit_list(s.get_staked_position(category="OnChain", productId="503"), "list",
                          ["id", "status", "settlementTime", "autoReinvest", "totalPnl"])
        expect(rows[0]["status"] == "Active" and rows[0]["orderId"] == placed["orderId"], f"{rows[0]}")
        state["onchain"] = rows[0]["id"]
    run.check(f"{pre}: OnChain Fixed stake settles", onchain_fixed)

    def modify():
        bybit_result(run.call(s, "modify_earn_position", category="OnChain", productId=503,
                              positionId=int(state.get("onchain", "0")), autoReinvest=1))
        rows = bybit_list(s.get_staked_position(category="OnChain", productId="503"), "list", ["autoReinvest"])
        expect(rows[0]["autoReinvest"] == "Enable", f"{rows[0]}")
    run.check(f"{pre}: modify_earn_position", modify)
    run.check(f"{pre}: a bad category answers 10001", lambda: bybit_refused(
        lambda: s.get_earn_product_info(category="Nope"), 10001))

    # Fixed Saving
    run.check(f"{pre}: get_fixed_term_product", lambda: bybit_list(
        run.call(s, "get_fixed_term_product", coin="USDT"), "list",
        ["productId", "category", "duration", "status", "precision", "allowEarlyRedemption", "allowAutoReinvest", "interestCoinApyList"], 2))
    run.check(f"{pre}: place_fixed_term_order", lambda: bybit_result(run.call(
        s, "place_fixed_term_order", productId="7002", category="FundPool", coin="USDT", amount="20", accountType="FUND",
        orderLinkId=link()), ["orderId", "orderLinkId"]))
    sim.advance()

    def fixed_position():
        row = bybit_list(run.call(s, "get_fixed_term_position", category="FundPool"), "list",
                         ["positionId", "amount", "status", "settlementTime", "earlyRedeemInfo", "allowAutoReinvest", "autoReinvest"])[0]
        info = row["earlyRedeemInfo"]
        expect(isinstance(info, dict) and info.get("allowEarlyRedeem") is True and info.get("returnCoin") == "USDT",
               f"earlyRedeemInfo filled: {row}")
        expect(row["autoReinvest"] == "Disable" and row["allowAutoReinvest"] is True, f"{row}")
        state["fixed"] = row["positionId"]
    run.check(f"{pre}: get_fixed_term_position", fixed_position)
    run.check(f"{pre}: set_fixed_term_auto_invest", lambda: bybit_result(run.call(
        s, "set_fixed_term_auto_invest", productId="7002", category="FundPool", positionId=state.get("fixed", "0"), status="Enable")))
    run.check(f"{pre}: redeem_fixed_term", lambda: expect(bybit_result(run.call(
        s, "redeem_fixed_term", productId="7002", category="FundPool", positionId=state.get("fixed", "0")),
        ["redeemAmount", "estEarnings"])["redeemAmount"] == "20", "20 back"))
    run.check(f"{pre}: get_fixed_term_order", lambda: bybit_list(
        run.call(s, "get_fixed_term_order", category="FundPool", orderType="Redeem"), "list",
        ["orderId", "orderType", "status", "amount", "createdAt"]))

    # BYUSDT
    def token_product():
        result = bybit_result(run.call(s, "get_token_product", coin="BYUSDT"),
                              ["productId", "mintFeeRateE8", "redeemFeeRateE8", "minInvestment", "aprE8", "tokenPrecision"])
        expect(result["userHolding"] == "" and result["canMint"] is False, f"pybit calls it unsigned: {result}")
    run.check(f"{pre}: get_token_product", token_product)
    bybit_result(s.stake_or_redeem(category="FlexibleSaving", orderType="Stake", accountType="FUND", amount="100", coin="USDT",
                                   productId="428", orderLinkId=link()))
    sim.advance()
    state["mint"] = link()
    run.check(f"{pre}: place_token_order (mint)", lambda: bybit_result(run.call(
        s, "place_token_order", coin="BYUSDT", orderLinkId=state["mint"], orderType="Mint", amount="50",
        accountType="FlexibleSaving"), ["orderId", "orderLinkId"]))
    run.check(f"{pre}: get_token_order_list", lambda: expect(bybit_list(
        run.call(s, "get_token_order_list", coin="BYUSDT", orderLinkId=state["mint"]), "list",
        ["orderId", "orderType", "fromCoin", "toCoin", "fromAmount", "toAmount", "serviceFee", "status", "createdTime"])[0]["status"]
        == "Processing", "Processing until settled"))
    sim.advance(2 * 3_600_000)
    run.check(f"{pre}: get_token_position", lambda: expect(bybit_result(
        run.call(s, "get_token_position", coin="BYUSDT"), ["totalAmount", "totalYield", "yesterdayYield", "aprE8", "hasQuota"])
        ["totalAmount"] == "50", "50 BYUSDT"))
    run.check(f"{pre}: get_token_hourly_yield", lambda: bybit_list(
        run.call(s, "get_token_hourly_yield", coin="BYUSDT"), "list", ["effectiveAmount", "yield", "rewardType", "aprE8", "hourlyDate"]))
    run.check(f"{pre}: get_token_daily_yield", lambda: bybit_result(run.call(s, "get_token_daily_yield", coin="BYUSDT"), ["list", "nextPageCursor"]))
    run.check(f"{pre}: get_token_historical_apr", lambda: bybit_list(
        run.call(s, "get_token_historical_apr", coin="BYUSDT", range=2), "list", ["timestamp", "aprE8"], 30))
    run.check(f"{pre}: place_token_order (redeem)", lambda: bybit_result(s.place_token_order(
        coin="BYUSDT", orderLinkId=link(), orderType="Redeem", amount="10", accountType="UNIFIED"), ["orderId"]))

    # Hold to Earn
    run.check(f"{pre}: get_hold_to_earn_product", lambda: bybit_list(
        run.call(s, "get_hold_to_earn_product"), "products", ["coinName", "yields", "status", "apy"], 2))
    run.check(f"{pre}: get_hold_to_earn_yield_history", lambda: bybit_list(
        run.call(s, "get_hold_to_earn_yield_history", limit=10), "airdropDailyPnls",
        ["coinName", "yieldCoinName", "effectiveAmount", "pnl", "apy", "createdAt"], 3))
    pybit_accounts(run, sim, s)


def pybit_accounts(run, sim, s):
    """FUND/UNIFIED balances, an internal transfer and its record, the locked OnChain product."""
    pre = "pybit default (mainnet)"
    state = {}

    def fund():
        rows = bybit_list(run.call(s, "get_coins_balance", accountType="FUND", coin="USDT"), "balance",
                          ["coin", "walletBalance", "transferBalance", "bonus"])
        state["fund"] = float(rows[0]["walletBalance"])
    run.check(f"{pre}: get_coins_balance", fund)
    run.check(f"{pre}: get_coin_balance", lambda: expect(bybit_result(run.call(
        s, "get_coin_balance", accountType="UNIFIED", coin="USDT", toAccountType="FUND"),
        ["accountType", "bizType", "memberId", "balance"])["balance"]["transferBalance"] is not None, "transferBalance"))
    run.check(f"{pre}: get_transferable_coin", lambda: expect("USDT" in bybit_result(run.call(
        s, "get_transferable_coin", fromAccountType="UNIFIED", toAccountType="FUND"), ["list"])["list"], "USDT moves"))

    def wallet():
        rows = bybit_list(run.call(s, "get_wallet_balance", accountType="UNIFIED", coin="USDT"), "list",
                          ["accountType", "totalEquity", "totalWalletBalance", "totalAvailableBalance", "coin"])
        coin = rows[0]["coin"][0]
        for field in ("coin", "walletBalance", "equity", "locked", "spotBorrow", "borrowAmount", "usdValue"):
            expect(field in coin, f"coin lacks {field}: {coin}")
        state["unified"] = float(coin["walletBalance"])
    run.check(f"{pre}: get_wallet_balance", wallet)
    run.check(f"{pre}: get_transferable_amount", lambda: expect("USDT" in bybit_result(run.call(
        s, "get_transferable_amount", coinName="USDT"), ["availableWithdrawal", "availableWithdrawalMap"])
        ["availableWithdrawalMap"], "per coin"))

    state["id"] = str(uuid.uuid4())
    run.check(f"{pre}: create_internal_transfer", lambda: expect(bybit_result(run.call(
        s, "create_internal_transfer", transferId=state["id"], coin="USDT", amount="250.5", fromAccountType="UNIFIED",
        toAccountType="FUND"), ["transferId", "status"])["status"] == "SUCCESS", "SUCCESS"))

    def record():
        rows = bybit_list(run.call(s, "get_internal_transfer_records", transferId=state["id"]), "list",
                          ["transferId", "coin", "amount", "fromAccountType", "toAccountType", "timestamp", "status"])
        expect(rows[0]["status"] == "SUCCESS" and rows[0]["amount"] == "250.5", f"{rows[0]}")
        unified = float(bybit_list(s.get_wallet_balance(accountType="UNIFIED", coin="USDT"), "list", ["coin"])[0]["coin"][0]
                        ["walletBalance"])
        expect(abs(unified - (state.get("unified", 0) - 250.5)) < 1e-9, f"UNIFIED moved by 250.5: {unified}")
    run.check(f"{pre}: get_internal_transfer_records", record)
    run.check(f"{pre}: create_internal_transfer with a known transferId answers 131214", lambda: bybit_refused(
        lambda: s.create_internal_transfer(transferId=state["id"], coin="USDT", amount="1", fromAccountType="UNIFIED",
                                           toAccountType="FUND"), 131214))
    run.check(f"{pre}: create_internal_transfer beyond the balance answers 131212", lambda: bybit_refused(
        lambda: s.create_internal_transfer(transferId=str(uuid.uuid4()), coin="USDT", amount="99999999",
                                           fromAccountType="UNIFIED", toAccountType="FUND"), 131212))

    def locked():
        bybit_result(s.stake_or_redeem(category="OnChain", orderType="Stake", accountType="FUND", amount="10", coin="USDT",
                                       productId="503", orderLinkId=link()), ["orderId"])
        sim.advance()  # the stake settles: the position is active, and locked for 30 days
        rows = bybit_list(s.get_staked_position(category="OnChain", productId="503"), "list", ["id", "settlementTime"])
        bybit_refused(lambda: s.stake_or_redeem(category="OnChain", orderType="Redeem", accountType="FUND", amount="10",
                                                coin="USDT", productId="503", orderLinkId=link(),
                                                redeemPositionId=rows[-1]["id"]), 180029)
    run.check(f"{pre}: an OnChain fixed-term redemption before settlementTime answers 180029", locked)


def pybit_demo(run, sim):
    """pybit with demo=True and the demo keys: another host's key, answered 10003 (HTTP 401)."""
    s = pybit_session(sim.base, BYBIT_DEMO, demo=True)

    def refused():
        try:
            s.get_staked_position(category="FlexibleSaving")
        except pybit_errors.FailedRequestError as error:
            expect(error.status_code == 401, f"HTTP 401: {error}")
            return
        raise AssertionError("a demo key was accepted on the mainnet host")
    run.check("pybit demo key: get_staked_position answers 401/10003", refused)
    run.check("pybit demo session: public get_earn_product_info works", lambda: bybit_result(
        s.get_earn_product_info(category="OnChain"), ["list"]))


# ------------------------------------------------------------------ faults from Python


def faults_through_the_admin_api(run, sim):
    s = pybit_session(sim.base, BYBIT_LIVE)
    path = "/v5/earn/place-order"

    def drop_after_apply():
        status, armed = sim.admin("POST", "/faults", {"path": path, "kind": "drop_after_apply", "nth": 1})
        expect(status == 200 and armed["armed"]["kind"] == "drop_after_apply", f"armed: {armed}")
        before = sim.admin("GET", "/ledger")[1]["counters"]["appliedWrites"].get(path, 0)
        order_link = link()
        try:
            s.stake_or_redeem(category="FlexibleSaving", orderType="Stake", accountType="FUND", amount="0.01", coin="BTC",
                              productId="430", orderLinkId=order_link)
            raise AssertionError("the connection should have been dropped")
        except requests.exceptions.ConnectionError:
            pass
        expect(sim.admin("GET", "/faults")[1]["faults"] == [], "the fault is spent")
        after = sim.admin("GET", "/ledger")[1]["counters"]["appliedWrites"].get(path, 0)
        expect(after == before + 1, f"the write was applied although no answer came ({before} -> {after})")
        rows = bybit_list(s.get_stake_or_redemption_history(category="FlexibleSaving", orderLinkId=order_link), "list", ["orderId"])
        expect(rows[0]["orderLinkId"] == order_link, "reconciled by orderLinkId")
        bybit_refused(lambda: s.stake_or_redeem(category="FlexibleSaving", orderType="Stake", accountType="FUND", amount="0.01",
                                                coin="BTC", productId="430", orderLinkId=order_link), 180025)
    run.check("admin API fault seen by pybit: drop_after_apply, then reconcile", drop_after_apply)

    def status_503():
        eth, _, _, _ = okx_clients(sim.base, OKX_LIVE, flag="0")
        purchase = "/api/v5/finance/staking-defi/eth/purchase"
        status, _ = sim.admin("POST", "/faults", {"path": purchase, "kind": "status", "status": 503, "times": 1})
        expect(status == 200, "armed")
        beth = sim.admin("GET", "/ledger")[1]["okx"]["accounts"]["sim-okx-key"]["funding"].get("BETH")
        try:
            answer = eth.eth_purchase(amt="0.5")
            raise AssertionError(f"python-okx should not decode the HTML 503 page: {answer}")
        except json.JSONDecodeError:
            pass
        after = sim.admin("GET", "/ledger")[1]["okx"]["accounts"]["sim-okx-key"]["funding"].get("BETH")
        expect(after == beth, f"nothing applied ({beth} -> {after})")
        okx_write_ok(eth.eth_purchase(amt="0.5"))
    run.check("admin API fault seen by python-okx: HTTP 503 before the ledger", status_503)

    def bad_signature_leaves_it_armed():
        sim.admin("POST", "/faults", {"path": "/api/v5/finance/staking-defi/eth/redeem", "kind": "drop_after_apply"})
        wrong, _, _, _ = okx_clients(sim.base, ("sim-okx-key", "wrong-secret", "sim-okx-pass"), flag="0")
        okx_refused(wrong.eth_redeem(amt="0.1"), "50113")
        faults = sim.admin("GET", "/faults")[1]["faults"]
        expect(len(faults) == 1 and faults[0]["seen"] == 0, f"still armed, nothing counted: {faults}")
        expect(sim.admin("DELETE", "/faults")[1]["cleared"] == 1, "cleared")
    run.check("admin API fault: a bad signature neither uses it up nor gets it", bad_signature_leaves_it_armed)

    def lost_transfer():
        transfer = "/v5/asset/transfer/inter-transfer"
        status, _ = sim.admin("POST", "/faults", {"path": transfer, "kind": "drop_after_apply"})
        expect(status == 200, "armed")
        transfer_id = str(uuid.uuid4())
        body = dict(transferId=transfer_id, coin="USDT", amount="10", fromAccountType="FUND", toAccountType="UNIFIED")
        try:
            s.create_internal_transfer(**body)
            raise AssertionError("the connection should have been dropped")
        except requests.exceptions.ConnectionError:
            pass
        rows = bybit_list(s.get_internal_transfer_records(transferId=transfer_id), "list", ["status"])
        expect(len(rows) == 1 and rows[0]["status"] == "SUCCESS", f"found by transferId: {rows}")
        bybit_refused(lambda: s.create_internal_transfer(**body), 131214)
        counters = sim.admin("GET", "/ledger")[1]["counters"]["appliedWrites"]
        expect(counters.get(transfer) == 2, f"two transfers applied in all (one here): {counters}")
    run.check("admin API fault seen by pybit: a transfer dropped after apply, found, not repeated", lost_transfer)

    def lost_okx_transfer_and_purchase():
        funding, _, savings = okx_account_clients(sim.base, OKX_LIVE, flag="0")
        for path, call, bill_type in (
            ("/api/v5/asset/transfer", lambda: funding.funds_transfer(ccy="USDT", amt="7.25", from_="6", to="18"), "131"),
            ("/api/v5/finance/savings/purchase-redempt",
             lambda: savings.savings_purchase_redemption(ccy="USDT", amt="7.25", side="purchase"), "75"),
        ):
            sim.admin("POST", "/faults", {"path": path, "kind": "drop_after_apply"})
            try:
                call()
                raise AssertionError(f"{path}: the connection should have been dropped")
            except httpx.TransportError:
                pass
            bills = okx_rows(funding.get_bills(ccy="USDT", type=bill_type), ["balChg"])
            expect([b["balChg"] for b in bills].count("-7.25") == 1, f"{path}: one bill {bill_type} of -7.25: {bills}")
    run.check("admin API fault seen by python-okx: a transfer and a savings purchase dropped after apply, billed once",
              lost_okx_transfer_and_purchase)

    def skew():
        status, clock = sim.admin("POST", "/clock/skew", {"ms": 45_000})
        expect(status == 200 and clock["skewMs"] == 45_000, f"{clock}")
        eth, _, _, _ = okx_clients(sim.base, OKX_LIVE, flag="0")
        okx_refused(eth.eth_balance(), "50102")
        sim.admin("POST", "/clock/skew", {"ms": 0})
        okx_code(eth.eth_balance(), "0")
    run.check("admin API clock skew seen by python-okx: 50102, then fine", skew)


# ------------------------------------------------------------------ binance-connector


def binance_refused(fn, status, code):
    try:
        answer = fn()
    except BinanceClientError as error:
        expect(error.status_code == status and error.error_code == code,
               f"HTTP {error.status_code} code {error.error_code} (wanted {status} {code}): {error.error_message}")
        return error
    raise AssertionError(f"accepted, wanted {code}: {answer}")


def binance_page(answer, fields, at_least=1):
    """`{"rows": [...], "total": n}` (rows left out when there are none) with `fields` per row."""
    expect(isinstance(answer, dict) and "total" in answer, f"not a page: {answer!r}")
    rows = answer.get("rows", [])
    expect(int(answer["total"]) == len(rows) or len(rows) == 10, f"total {answer['total']} vs {len(rows)} rows")
    expect(len(rows) >= at_least, f"at least {at_least} rows wanted: {answer}")
    for row in rows:
        missing = [f for f in fields if f not in row]
        expect(not missing, f"row lacks {missing}: {row}")
    return rows


def binance_connector(run, sim):
    c = BinanceSpot(api_key=BINANCE[0], api_secret=BINANCE[1], base_url=sim.base)
    call = lambda method, *a, **k: run.call(c, method, *a, **k)  # noqa: E731
    state = {}

    def time_and_account():
        server = call("time")["serverTime"]
        expect(abs(server - time.time() * 1000) < 5000, f"serverTime {server}")
        spot = call("account", omitZeroBalances="true")
        expect(spot["accountType"] == "SPOT" and spot["canTrade"] is True, f"{spot}")
        usdt = [b for b in spot["balances"] if b["asset"] == "USDT"]
        expect(usdt and usdt[0]["free"] == "10000.00000000" and usdt[0]["locked"] == "0.00000000", f"{usdt}")
        expect(all(b["free"] != "0.00000000" for b in spot["balances"]), "omitZeroBalances")
    run.check("binance-connector time, account (SPOT balances)", time_and_account)

    def wallets():
        funding = call("funding_wallet")
        expect(isinstance(funding, list) and {"asset", "free", "locked", "freeze", "withdrawing", "btcValuation"}
               <= set(funding[0]), f"{funding}")
        expect({f["asset"]: f["free"] for f in funding} == {"ETH": "2", "USDT": "5000"}, f"{funding}")
        user = call("user_asset", asset="BTC", needBtcValuation=True)
        expect(user == [{"asset": "BTC", "free": "1", "locked": "0", "freeze": "0", "withdrawing": "0",
                         "btcValuation": "1", "ipoable": "0"}], f"{user}")
        totals = call("balance", quoteAsset="USDT")
        names = [w["walletName"] for w in totals]
        expect("Spot" in names and "Funding" in names and "Earn" in names, f"{names}")
        expect(next(w for w in totals if w["walletName"] == "Funding")["balance"] == "11000", f"{totals}")
    run.check("binance-connector funding_wallet, user_asset, balance (wallet totals)", wallets)

    def transfer():
        answer = call("user_universal_transfer", type="MAIN_FUNDING", asset="USDT", amount="250.5")
        expect(isinstance(answer.get("tranId"), int), f"{answer}")
        rows = binance_page(call("user_universal_transfer_history", type="MAIN_FUNDING"),
                            ["asset", "amount", "type", "status", "tranId", "timestamp"])
        expect(rows[0]["tranId"] == answer["tranId"] and rows[0]["status"] == "CONFIRMED"
               and rows[0]["amount"] == "250.5", f"{rows}")
        empty = call("user_universal_transfer_history", type="FUNDING_MAIN")
        expect(empty == {"total": 0}, f"rows left out when there are none: {empty}")
        binance_refused(lambda: c.user_universal_transfer(type="FUNDING_MAIN", asset="BTC", amount="1"), 400, -5002)
        binance_refused(lambda: c.user_universal_transfer(type="MAIN_UMFUTURE", asset="USDT", amount="1"), 400, -3005)
    run.check("binance-connector user_universal_transfer (+ history, -5002, -3005)", transfer)

    def catalogue():
        flexible = binance_page(call("get_simple_earn_flexible_product_list", size=100),
                                ["asset", "productId", "latestAnnualPercentageRate", "minPurchaseAmount",
                                 "canPurchase", "status"], at_least=3)
        ids = {p["productId"] for p in flexible}
        expect({"USDT001", "BTC001", "ETH001"} <= ids, f"{ids}")
        locked = binance_page(call("get_simple_earn_locked_product_list", asset="USDT"),
                              ["projectId", "detail", "quota"], at_least=2)
        durations = {p["projectId"]: p["detail"]["duration"] for p in locked}
        expect(durations == {"USDT*30": 30, "USDT*90": 90}, f"numeric durations: {durations}")
        expect(call("get_flexible_personal_left_quota", productId="USDT001") == {"leftPersonalQuota": "2000000"}, "quota")
        # `*` must travel as %2A: the connector encodes it, and the simulator verifies that.
        expect(call("get_locked_personal_left_quota", projectId="USDT*30") == {"leftPersonalQuota": "100000"}, "quota")
        preview = call("get_flexible_subscription_preview", productId="USDT001", amount="1000")
        expect(preview["totalAmount"] == "1000" and preview["rewardAsset"] == "USDT"
               and float(preview["estDailyRealTimeRewards"]) > 0, f"{preview}")
        preview = call("get_locked_subscription_preview", projectId="USDT*30", amount="1000")
        expect(isinstance(preview, list) and {"rewardAsset", "totalRewardAmt", "valueDate", "deliverDate"}
               <= set(preview[0]), f"{preview}")
        rates = call("get_rate_history", productId="BTC001")
        expect(isinstance(rates["total"], str) and rates["rows"][0]["productId"] == "BTC001", f"total a string: {rates}")
        collateral = call("get_collateral_record")
        expect(collateral == {"total": "0"}, f"{collateral}")
        account = call("simple_account")
        expect(set(account) == {"totalAmountInBTC", "totalAmountInUSDT", "totalFlexibleAmountInBTC",
                                "totalFlexibleAmountInUSDT", "totalLockedInBTC", "totalLockedInUSDT"}, f"{account}")
    run.check("binance-connector Simple Earn lists, quotas, previews, rate history, collateral, account", catalogue)

    def flexible():
        # The connector sends booleans as `True`/`False`; amounts are given as strings.
        sub = call("subscribe_flexible_product", productId="USDT001", amount="100", autoSubscribe=False,
                   sourceAccount="SPOT")
        expect(sub["success"] is True and isinstance(sub["purchaseId"], int), f"{sub}")
        rows = binance_page(call("get_flexible_subscription_record", purchaseId=str(sub["purchaseId"])),
                            ["amount", "asset", "time", "purchaseId", "productId", "type", "sourceAccount", "status"])
        expect(rows[0]["status"] == "PURCHASING" and rows[0]["type"] == "NORMAL", f"pending first: {rows}")
        sim.advance()
        rows = binance_page(call("get_flexible_subscription_record", productId="USDT001"), ["status"])
        expect(rows[0]["status"] == "SUCCESS", f"{rows}")
        position = binance_page(call("get_flexible_product_position", asset="USDT"),
                                ["totalAmount", "productId", "canRedeem", "cumulativeTotalRewards", "autoSubscribe"])
        expect(position[0]["totalAmount"] == "100" and position[0]["autoSubscribe"] is False, f"{position}")
        expect(call("set_flexible_auto_subscribe", productId="USDT001", autoSubscribe=True) == {"success": True}, "set")
        sim.advance(3 * 3_600_000)
        rewards = binance_page(call("get_flexible_rewards_history", type="REALTIME", productId="USDT001"),
                               ["asset", "rewards", "projectId", "type", "time"], at_least=3)
        expect(rewards[0]["type"] == "REALTIME", f"{rewards}")
        redeem = call("redeem_flexible_product", productId="USDT001", amount="40", destAccount="FUND")
        expect(redeem["success"] is True and isinstance(redeem["redeemId"], int), f"{redeem}")
        rows = binance_page(call("get_flexible_redemption_record", redeemId=str(redeem["redeemId"])),
                            ["amount", "asset", "time", "projectId", "redeemId", "destAccount", "status"])
        expect(rows[0]["status"] == "CREATED" and rows[0]["destAccount"] == "FUNDING", f"{rows}")
        sim.advance()
        rows = binance_page(call("get_flexible_redemption_record", productId="USDT001"), ["status"])
        expect(rows[0]["status"] == "PAID", f"{rows}")
        binance_refused(lambda: c.redeem_flexible_product(productId="USDT", amount="1"), 400, -6001)
        binance_refused(lambda: c.subscribe_flexible_product(productId="USDT001", amount="0.01"), 400, -6005)
        binance_refused(lambda: c.subscribe_flexible_product(productId="BTC001", amount="5"), 400, -6012)
    run.check("binance-connector flexible subscribe/redeem: records PURCHASING→SUCCESS, CREATED→PAID, rewards",
              flexible)

    def locked():
        sub = call("subscribe_locked_product", projectId="USDT*30", amount="500", autoSubscribe=False,
                   sourceAccount="FUND", redeemTo="SPOT")
        expect(sub["success"] is True and isinstance(sub["positionId"], int), f"numeric positionId: {sub}")
        state["position"] = sub["positionId"]
        long = call("subscribe_locked_product", projectId="USDT*90", amount="100", redeemTo="SPOT")
        rows = binance_page(call("get_locked_subscription_record", purchaseId=str(sub["purchaseId"])),
                            ["positionId", "purchaseId", "projectId", "amount", "lockPeriod", "sourceAccount", "status"])
        expect(rows[0]["sourceAccount"] == "FUNDING", f"{rows}")
        positions = binance_page(call("get_locked_product_position", projectId="USDT*30"),
                                 ["positionId", "projectId", "amount", "duration", "apy", "canRedeemEarly",
                                  "redeemAmountEarly", "rewardAmt"])
        expect(positions[0]["duration"] == 30 and positions[0]["apy"] == "0.0876", f"live quirks: {positions}")
        pid = str(sub["positionId"])
        expect(call("set_locked_auto_subscribe", positionId=pid, autoSubscribe=True) == {"success": True}, "auto")
        expect(call("set_locked_product_redeem_option", positionId=pid, redeemTo="FLEXIBLE") == {"success": True}, "to")
        sim.advance(2 * 3_600_000)
        binance_page(call("get_locked_rewards_history", positionId=pid),
                     ["positionId", "time", "asset", "amount", "type"], at_least=2)
        binance_refused(lambda: c.redeem_locked_product(positionId=str(long["positionId"])), 400, -6008)
        redeem = call("redeem_locked_product", positionId=pid)
        expect(redeem["success"] is True, f"{redeem}")
        rows = binance_page(call("get_locked_redemption_record", redeemId=str(redeem["redeemId"])),
                            ["positionId", "redeemId", "amount", "originalAmount", "type", "lossAmount", "status"])
        expect(rows[0]["type"] == "AHEAD" and rows[0]["originalAmount"] == "500", f"{rows}")
    run.check("binance-connector locked subscribe/redeem early (AHEAD), settings, rewards, -6008", locked)

    def eth():
        quota = call("get_eth_staking_quota")
        expect(quota["minStakeAmount"] == "0.0001" and quota["stakeable"] is True, f"{quota}")
        stake = call("subscribe_eth_staking", amount="1.5")
        expect(stake["success"] is True and "wbethAmount" in stake and "conversionRatio" in stake, f"{stake}")
        rows = binance_page(call("get_eth_staking_history"), ["time", "asset", "amount", "distributeAsset",
                                                             "distributeAmount", "conversionRatio", "status"])
        expect(rows[0]["status"] == "PENDING" and rows[0]["distributeAsset"] == "WBETH", f"{rows}")
        sim.advance()
        account = call("eth_staking_account")
        expect(account["holdings"]["wbethAmount"] == stake["wbethAmount"], f"{account}")
        redeem = call("redeem_eth", amount="0.5", asset="WBETH")
        expect(redeem["success"] is True and isinstance(redeem["arrivalTime"], int), f"{redeem}")
        rows = binance_page(call("get_eth_redemption_history"), ["arrivalTime", "asset", "amount", "status"])
        expect(rows[0]["status"] == "PENDING", f"{rows}")
        sim.advance()
        rows = binance_page(call("get_eth_redemption_history"), ["status"])
        expect(rows[0]["status"] == "SUCCESS", f"{rows}")
        rates = call("get_wbeth_rate_history")
        expect(isinstance(rates["total"], str) and {"annualPercentageRate", "exchangeRate", "time"}
               <= set(rates["rows"][0]), f"{rates}")
    run.check("binance-connector ETH staking: quota, stake, account, redeem PENDING→SUCCESS, rate history", eth)

    def wbeth():
        status, _ = sim.admin("POST", "/balances", {"balance": "binance:SPOT:BETH=1.5"})
        expect(status == 200, "BETH set")
        wrap = call("wrap_beth", amount="1")
        expect(wrap["success"] is True and {"wbethAmount", "exchangeRate"} <= set(wrap), f"{wrap}")
        rows = binance_page(call("get_wbeth_wrap_history"), ["time", "fromAsset", "fromAmount", "toAsset", "toAmount",
                                                             "exchangeRate", "status"])
        expect(rows[0]["fromAmount"] == "1" and rows[0]["toAmount"] == wrap["wbethAmount"], f"{rows}")
        expect(call("get_wbeth_unwrap_history") == {"total": 0}, "no unwrap endpoint, no unwraps")
        sim.advance(2 * 86_400_000)
        rewards = call("get_wbeth_rewards_history")
        binance_page(rewards, ["time", "amountInETH", "holding", "holdingInETH", "annualPercentageRate"])
        expect(float(rewards["estRewardsInETH"]) > 0, f"{rewards}")
    run.check("binance-connector WBETH: wrap_beth, wrap/unwrap histories, daily WBETH rewards", wbeth)

    def weights_and_auth():
        counted = BinanceSpot(api_key=BINANCE[0], api_secret=BINANCE[1], base_url=sim.base, show_limit_usage=True)
        usage = counted.get_simple_earn_locked_product_list()["limit_usage"]
        expect(int(usage.get("x-sapi-used-ip-weight-1m", 0)) >= 150, f"weights reported: {usage}")
        wrong = BinanceSpot(api_key=BINANCE[0], api_secret="not-the-secret", base_url=sim.base)
        binance_refused(lambda: wrong.simple_account(), 400, -1022)
        stranger = BinanceSpot(api_key="nobody", api_secret=BINANCE[1], base_url=sim.base)
        binance_refused(lambda: stranger.simple_account(), 401, -2015)
    run.check("binance-connector: X-SAPI-USED-IP-WEIGHT-1M read back; -1022 and -2015", weights_and_auth)

    def lost_subscription():
        path = "/sapi/v1/simple-earn/flexible/subscribe"
        status, armed = sim.admin("POST", "/faults", {"path": path, "kind": "drop_after_apply"})
        expect(status == 200 and armed["armed"]["kind"] == "drop_after_apply", f"{armed}")
        before = sim.admin("GET", "/ledger")[1]["counters"]["appliedWrites"].get(path, 0)
        try:
            c.subscribe_flexible_product(productId="BTC001", amount="0.0123", autoSubscribe=False)
            raise AssertionError("the connection should have been dropped")
        except requests.exceptions.ConnectionError:
            pass
        after = sim.admin("GET", "/ledger")[1]["counters"]["appliedWrites"].get(path, 0)
        expect(after == before + 1, f"applied once: {before} -> {after}")
        rows = binance_page(call("get_flexible_subscription_record", productId="BTC001"), ["amount"])
        expect([r["amount"] for r in rows].count("0.0123") == 1, f"on record once: {rows}")
        spot = sim.admin("GET", "/ledger")[1]["binance"]["accounts"]["sim-binance-key"]["SPOT"]["BTC"]
        expect(spot == "0.9877", f"SPOT BTC debited once: {spot}")
    run.check("admin API fault seen by binance-connector: a subscription dropped after apply, on record once",
              lost_subscription)


# ------------------------------------------------------------------ coverage


def coverage(run):
    """Every in-scope SDK method is called or listed as not served, with its reason."""
    skipped = {m for methods, _ in NOT_SERVED.values() for m in methods}

    def methods(cls):
        return {n for n, f in inspect.getmembers(cls, inspect.isfunction)
                if not n.startswith("_") and f.__qualname__.startswith(cls.__name__ + ".")}

    def check_okx():
        missing = [f"{name}.{m}" for name, cls in OKX_CLASSES.items() for m in sorted(methods(cls))
                   if m not in run.called and m not in skipped]
        expect(not missing, f"python-okx methods neither called nor listed as not served: {missing}")
    run.check("coverage: every python-okx staking/earn/savings method", check_okx)

    def check_pybit():
        in_scope = {m for m in methods(EarnHTTP) if not PYBIT_EARN_OUT_OF_SCOPE.search(m)}
        missing = sorted(m for m in in_scope if m not in run.called)
        expect(not missing, f"pybit earn methods not called: {missing}")
    run.check("coverage: every pybit Easy/On-Chain/Fixed/BYUSDT/Hold-to-Earn method", check_pybit)

    def check_accounts():
        absent = [f"{family}.{m}" for family, (cls, names) in IN_SCOPE.items() for m in names
                  if not callable(getattr(cls, m, None))]
        expect(not absent, f"in-scope methods the SDKs no longer have: {absent}")
        missing = [f"{family}.{m}" for family, (_, names) in IN_SCOPE.items() for m in names
                   if m not in run.called and m not in skipped]
        expect(not missing, f"balance/transfer methods neither called nor listed as not served: {missing}")
    run.check("coverage: every python-okx/pybit balance, transfer and savings method", check_accounts)

    def check_binance():
        absent = [m for m in BINANCE_IN_SCOPE if not callable(getattr(BinanceSpot, m, None))]
        expect(not absent, f"in-scope methods binance-connector no longer has: {absent}")
        reaching = set()
        for name, fn in inspect.getmembers(BinanceSpot, inspect.isfunction):
            try:
                if BINANCE_PATHS.search(inspect.getsource(fn)):
                    reaching.add(name)
            except (OSError, TypeError):
                continue
        unlisted = sorted(reaching - set(BINANCE_IN_SCOPE))
        expect(not unlisted, f"binance-connector methods on served paths not in BINANCE_IN_SCOPE: {unlisted}")
        missing = [m for m in BINANCE_IN_SCOPE if m not in run.called and m not in skipped]
        expect(not missing, f"binance-connector methods neither called nor listed as not served: {missing}")
    run.check("coverage: every binance-connector Simple Earn, ETH staking, wallet and transfer method", check_binance)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sim", required=True, help="path to the earn-sim binary")
    args = parser.parse_args()
    run = Run()
    try:
        sim = Simulator(args.sim)
    except Exception as error:  # noqa: BLE001
        print(f"FAIL start the simulator: {error}")
        print("0 passed, 1 failed")
        return 1
    try:
        print(f"simulator at {sim.base}; python-okx, pybit and binance-connector, unmodified", flush=True)
        for suite in (python_okx_default_flag, python_okx_live, pybit_live, pybit_demo, faults_through_the_admin_api,
                      binance_connector):
            try:
                suite(run, sim)
            except Exception as error:  # noqa: BLE001 - a broken suite is one more failure, not a crash
                run.failed.append(suite.__name__)
                print(f"FAIL {suite.__name__} stopped: {type(error).__name__}: {error}")
        coverage(run)
    finally:
        sim.stop()
    for family, (methods, reason) in NOT_SERVED.items():
        print(f"skipped {family}: {', '.join(methods)} ({reason})")
    outside = sorted(m for m in dir(EarnHTTP) if not m.startswith("_") and PYBIT_EARN_OUT_OF_SCOPE.search(m))
    print(f"out of scope pybit earn families (Advanced Earn, Liquidity Mining, RWA, PWM): {len(outside)} methods")
    if run.failed:
        print("failed: " + "; ".join(run.failed))
    print(f"{run.passed} passed, {len(run.failed)} failed")
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
