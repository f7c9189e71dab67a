#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh machine, then runs
# every test. Tests start their own servers (PostgreSQL, Redis, the simulator) on free
# loopback ports and stop them; nothing reaches the internet except the package installs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    source "$HOME/.cargo/env"
fi

# Real servers the tests run: PostgreSQL (the shared journal) and Redis (the fleet budget).
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
    echo "== installing ${need[*]}"
    sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" apt-get install -y "${need[@]}"
fi
# The Debian package starts its own servers; the tests run their own on free ports.
if command -v service >/dev/null 2>&1; then
    service redis-server stop >/dev/null 2>&1 || true
    service postgresql stop >/dev/null 2>&1 || true
fi

echo "== cargo test --workspace --all-features"
cargo test --workspace --all-features --locked "$@"

echo "== official SDKs (python-okx, pybit) unmodified against the standalone simulator"
scripts/official_sdks.sh
