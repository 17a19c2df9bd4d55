#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test tdflink. Idempotent: a second run
# only checks. Needs root (or sudo) for apt-get when something is missing.
set -euo pipefail

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }

java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if ! have javac || [ "$(java_major)" -lt 11 ] 2>/dev/null; then need_apt+=(openjdk-17-jdk-headless); fi
have mvn || need_apt+=(maven)
have cc || need_apt+=(build-essential)
have curl || need_apt+=(curl)

if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
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

# Crates are fetched once so the build itself can run with --locked.
cargo fetch --locked -q
echo "setup: ok ($(java -version 2>&1 | head -1); $(mvn -v 2>/dev/null | head -1); $(rustc --version))"
