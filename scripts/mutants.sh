#!/usr/bin/env bash
# Mutation testing of the money-critical files with cargo-mutants (27.1.0). Not in CI:
# on 2 cores the full list takes hours. Each file's mutants are tested against its own
# package's tests only (cargo-mutants' default), in a scratch copy of the tree (also the
# default), one job at a time.
#
# Usage:
#   scripts/mutants.sh                 # every package in the list below
#   scripts/mutants.sh earn-core ...   # only these packages
#   scripts/mutants.sh --list          # print the files and their mutant counts, run nothing
#   scripts/mutants.sh --summary       # only print the table of the results already in MUTANTS_OUT
#
# Environment:
#   MUTANTS_OUT      where results go (default target/mutants-out); one directory per package,
#                    each holding cargo-mutants' own mutants.out/ (caught.txt, missed.txt,
#                    unviable.txt, timeout.txt, outcomes.json)
#   MUTANTS_TIMEOUT  test timeout per mutant in seconds (default 180: a loaded 2-core machine;
#                    the slowest package's tests take about 20 s)
#   MUTANTS_ONLY     an extended regex: only the listed files matching it (default: all)
#   MUTANTS_RE       a regex: only the mutants whose name matches it (cargo-mutants --re),
#                    to re-test the functions a previous run found weak
#   MUTANTS_JOBS     parallel jobs (default 2: the tests mostly wait on loopback servers and
#                    timers, so two scratch copies keep 2 cores busy)
#
# Builds use the workspace's `mutants` profile (dev without debug info: a mutant's test
# binaries link in about 2 s instead of 20), and the test harness runs 8 tests at once
# (RUST_TEST_THREADS): the venue crates' conformance runs are sleep-bound, not CPU-bound.
#
# After the runs, prints one line per file: caught / missed / unviable / timeout and the
# share of compiling mutants caught. TESTING.md records the last full result.
set -euo pipefail
cd "$(dirname "$0")/.."
# cargo-mutants builds in its own scratch copy with its own target dir; a shared
# CARGO_TARGET_DIR would make every mutant rebuild (and race) the workspace's.
unset CARGO_TARGET_DIR

if ! cargo mutants --version >/dev/null 2>&1; then
    echo "cargo-mutants is missing: cargo install cargo-mutants --version 27.1.0 --locked" >&2
    exit 2
fi

# package|features|files (space separated)|quick tests (optional).
#
# With quick tests (cargo test target flags), a package is run in two phases: every mutant
# against its unit tests and the quick tests first, then only the mutants that survived
# against all its tests (`--lib --tests`, cargo-mutants' `--iterate`). A mutant the quick
# tests catch is caught by the full set too, so the result is the same as one full run;
# only the slow binaries (the journal's crash drill) are spared for mutants they need not see.
PLAN=(
    # Amounts and rules; the executor's retry and write paths; error classification.
    "earn-core||crates/earn-core/src/amount/parse.rs crates/earn-core/src/amount/quantity.rs crates/earn-core/src/amount/rate.rs crates/earn-core/src/amount/rules.rs crates/earn-core/src/error.rs crates/earn-core/src/http/retry.rs crates/earn-core/src/http/client.rs crates/earn-core/src/http/endpoint.rs"
    # Every venue's reconciliation and order lookup (and its own error classification).
    "okx-staking||crates/okx-staking/src/venue/reconcile.rs crates/okx-staking/src/venue/orders.rs crates/okx-staking/src/errors.rs"
    "okx-web3-defi||crates/okx-web3-defi/src/venue/reconcile.rs crates/okx-web3-defi/src/venue/orders.rs"
    "bybit-earn||crates/bybit-earn/src/venue/reconcile.rs crates/bybit-earn/src/venue/orders.rs"
    "binance-earn||crates/binance-earn/src/venue/reconcile.rs crates/binance-earn/src/venue/orders.rs"
    # The journal's claim/lease code (the Postgres backend needs the testing feature).
    "earn-journal|testing|crates/earn-journal/src/store.rs crates/earn-journal/src/sqlite.rs crates/earn-journal/src/postgres.rs crates/earn-journal/src/journaled.rs|--test=integration"
    # The planner's constraint checks.
    "earn-treasury||crates/earn-treasury/src/planner.rs crates/earn-treasury/src/policy.rs"
)

OUT="${MUTANTS_OUT:-target/mutants-out}"
TIMEOUT="${MUTANTS_TIMEOUT:-180}"
JOBS="${MUTANTS_JOBS:-2}"
export RUST_TEST_THREADS="${RUST_TEST_THREADS:-8}"
LIST=0
SUMMARY=0
WANT=()
for a in "$@"; do
    case "$a" in
        --list) LIST=1 ;;
        --summary) SUMMARY=1 ;;
        *) WANT+=("$a") ;;
    esac
done

# The baselines start real servers (earn-core's tests Redis, earn-journal's PostgreSQL): without
# them cargo-mutants stops at "cargo test failed in an unmutated tree". scripts/test.sh
# installs both on a fresh machine.
if [ "$LIST" -eq 0 ] && [ "$SUMMARY" -eq 0 ]; then
    if ! command -v redis-server >/dev/null 2>&1 || ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
        echo "redis-server or PostgreSQL is missing: run scripts/test.sh once (it installs both)," >&2
        echo "or apt-get install -y postgresql redis-server" >&2
        exit 2
    fi
fi

selected() {
    [ ${#WANT[@]} -eq 0 ] && return 0
    local w
    for w in "${WANT[@]}"; do [ "$w" = "$1" ] && return 0; done
    return 1
}

for entry in "${PLAN[@]}"; do
    [ "$SUMMARY" -eq 1 ] && break
    IFS='|' read -r pkg features files quick <<<"$entry"
    selected "$pkg" || continue
    args=(--package "$pkg")
    for f in $files; do
        if [ -n "${MUTANTS_ONLY:-}" ] && ! grep -Eq -- "$MUTANTS_ONLY" <<<"$f"; then continue; fi
        args+=(--file "$f")
    done
    # No file of this package selected: skip it (without --file cargo-mutants takes them all).
    [ ${#args[@]} -gt 2 ] || continue
    [ -n "$features" ] && args+=(--features "$features")
    [ -n "${MUTANTS_RE:-}" ] && args+=(--re "$MUTANTS_RE")
    if [ "$LIST" -eq 1 ]; then
        echo "== $pkg"
        cargo mutants "${args[@]}" --list | cut -d: -f1 | sort | uniq -c
        continue
    fi
    mkdir -p "$OUT/$pkg"
    echo "== $pkg: $(cargo mutants "${args[@]}" --list | wc -l) mutants" >&2
    # Exit status 2 (some missed) and 3 (some timed out) are results, not failures.
    # Doctests are left out (`--lib --tests`): they compile one binary per example, which
    # would triple the time per mutant; they are examples, the tests proper are kept.
    common=(--profile mutants --jobs "$JOBS" --timeout "$TIMEOUT" --build-timeout 1200 --no-times)
    rm -rf "$OUT/$pkg.quick"
    if [ -n "$quick" ]; then
        echo "== $pkg: phase 1, unit tests and $quick" >&2
        cargo mutants "${args[@]}" "${common[@]}" --cargo-test-arg=--lib --cargo-test-arg="$quick" \
            --output "$OUT/$pkg.quick" || [ $? -le 3 ]
        # Phase 2 starts from phase 1's results and tests only what they did not catch.
        rm -rf "$OUT/$pkg"
        cp -r "$OUT/$pkg.quick" "$OUT/$pkg"
        echo "== $pkg: phase 2, the survivors against all tests" >&2
        cargo mutants "${args[@]}" "${common[@]}" --iterate --cargo-test-arg=--lib --cargo-test-arg=--tests \
            --output "$OUT/$pkg" || [ $? -le 3 ]
    else
        cargo mutants "${args[@]}" "${common[@]}" --cargo-test-arg=--lib --cargo-test-arg=--tests \
            --output "$OUT/$pkg" || [ $? -le 3 ]
    fi
done

[ "$LIST" -eq 1 ] && exit 0

# Per-file table from every package's outcomes.
python3 - "$OUT" <<'PY'
import collections, json, os, sys
out = sys.argv[1]
rows = collections.defaultdict(collections.Counter)

def outcomes(d):
    """Each mutant's outcome in one output directory, keyed by the mutant."""
    path = os.path.join(d, "mutants.out", "outcomes.json")
    if not os.path.exists(path):
        return {}
    found = {}
    for o in json.load(open(path))["outcomes"]:
        scenario = o["scenario"]
        if isinstance(scenario, dict):  # not the baseline
            found[json.dumps(scenario["Mutant"], sort_keys=True)] = (scenario["Mutant"]["file"], o["summary"])
    return found

for pkg in sorted(os.listdir(out)):
    if pkg.endswith(".quick"):
        continue
    # Two phases: phase 1's outcome, replaced by phase 2's for the mutants it re-tested.
    merged = outcomes(os.path.join(out, pkg + ".quick"))
    merged.update(outcomes(os.path.join(out, pkg)))
    for f, summary in merged.values():
        rows[f][summary] += 1
# A timeout is a mutant under which the tests hang (an endless retry, say): the suite does not
# pass, so it counts as detected, shown apart from the caught ones.
print("| file | caught | missed | unviable | timeout | caught / compiling | detected (caught + timeout) / compiling |")
print("|---|---|---|---|---|---|---|")
for f in sorted(rows):
    c = rows[f]
    caught, missed = c["CaughtMutant"], c["MissedMutant"]
    unviable, timeout = c["Unviable"], c["Timeout"]
    compiling = caught + missed + timeout
    share = f"{100 * caught / compiling:.0f}%" if compiling else "-"
    detected = f"{100 * (caught + timeout) / compiling:.0f}%" if compiling else "-"
    print(f"| `{f}` | {caught} | {missed} | {unviable} | {timeout} | {share} | {detected} |")
PY
