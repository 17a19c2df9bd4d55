#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test tdflink. Idempotent: a second run
# only checks. Needs root (or sudo) for apt-get when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }

java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if ! have javac || [ "$(java_major)" -lt 11 ] 2>/dev/null; then need_apt+=(openjdk-17-jdk-headless); fi
have mvn || need_apt+=(maven)
have cc || need_apt+=(build-essential)
have unzip || need_apt+=(unzip)  # scripts/flink-home.sh

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
apt_install() {
    echo "setup: installing $*"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if [ ${#need_apt[@]} -gt 0 ]; then
    apt_install "${need_apt[@]}"
fi

if ! have cargo; then
    [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! have cargo; then
    echo "setup: cargo (Rust >= 1.85) is required; install it with rustup" >&2
    exit 1
fi
rust_minor=$(rustc --version | sed -n 's/rustc 1\.\([0-9]*\).*/\1/p')
if [ "${rust_minor:-0}" -lt 85 ]; then
    echo "setup: Rust >= 1.85 is required, found $(rustc --version)" >&2
    exit 1
fi

# The suite checks formatting and lints: rustup's default profile has rustfmt and clippy; add them if not.
for tool in fmt clippy; do
    if ! cargo "$tool" --version >/dev/null 2>&1; then
        component=$([ "$tool" = fmt ] && echo rustfmt || echo clippy)
        rustup component add "$component" >/dev/null 2>&1 || { echo "setup: $component is required (rustup component add $component)" >&2; exit 1; }
    fi
done

# Crates are fetched once so the build itself can run with --locked.
cargo fetch --locked -q

# Python judges of tdlite (TDengine's official WebSocket client, pytest) and the demo's chart
# library, in a venv under the git-ignored cache so the machine's Python stays untouched.
venv=.cache/venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import taosws, pytest, matplotlib" 2>/dev/null; then
    have python3 || { echo "setup: python3 is required" >&2; exit 1; }
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$venv"; }
    "$venv/bin/pip" install -q --disable-pip-version-check -r tests/conformance/python/requirements.txt -r tests/flink/requirements-demo.txt
fi
echo "setup: ok ($(java -version 2>&1 | head -1); $(mvn -v 2>/dev/null | head -1); $(rustc --version))"
