#!/usr/bin/env bash
# The long run of the decoders' property tests (docs/fuzzing.md): the properties that
# `cargo test` runs with a few hundred cases, run round after round with FUZZ_CASES
# (default 20000) cases each and a fresh random seed, until MINUTES (default 10) have
# passed. Prints each property with the cases it passed, and the time taken.
#
#   bash scripts/fuzz.sh [MINUTES]
set -euo pipefail
budget=$(awk "BEGIN { print int(${1:-10} * 60) }")
cases=${FUZZ_CASES:-20000}
cd "$(dirname "$0")/.."
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# Every property: protocol's tests/*_props.rs files, and client's `*_props` modules.
targets=()
for file in rust/protocol/tests/*_props.rs; do
    targets+=("-p tdflink-protocol --test $(basename "$file" .rs)")
done
targets+=("-p tdflink-client --lib props")

cargo_test() { # TARGET [ARGS…]: one target in the `fuzz` profile (optimised, checks on)
    local target=$1
    shift
    # shellcheck disable=SC2086 # TARGET is several words on purpose
    cargo test --profile fuzz --locked -q $target -- "$@"
}

echo "fuzz: building"
for target in "${targets[@]}"; do cargo_test "$target" --list >/dev/null 2>&1; done
start=$(date +%s)
rounds=0
failed=""
while (( $(date +%s) - start < budget )) && [[ -z $failed ]]; do
    rounds=$((rounds + 1))
    for target in "${targets[@]}"; do
        if ! PROPTEST_CASES=$cases cargo_test "$target" >"$logs/round" 2>&1; then
            failed=$target
            echo "fuzz: round $rounds failed in $target:"
            grep -E 'Test failed' -A40 "$logs/round" | head -60 || tail -40 "$logs/round"
            break
        fi
    done
    echo "fuzz: round $rounds $([[ -z $failed ]] && echo passed || echo failed) ($(( $(date +%s) - start )) s)"
done
elapsed=$(( $(date +%s) - start ))

passed=$(( rounds - (${#failed} > 0 ? 1 : 0) ))
echo
echo "fuzz summary: $passed rounds of $cases cases per property passed in $elapsed s"
for target in "${targets[@]}"; do
    name=$(awk '{ print $3 == "--test" ? $4 : "client" }' <<<"$target")
    cargo_test "$target" --list 2>/dev/null | sed -n 's/: test$//p' | while read -r p; do
        printf '  %-72s %d cases\n' "$name::$p" $(( passed * cases ))
    done
done
if [[ -n $failed ]]; then
    echo "fuzz: FAILED in $failed (add the minimal input above as a regression test)"
    exit 1
fi
echo "fuzz: no failures"
