#!/usr/bin/env bash
# The JSON Schema as editors read it: Taplo (the TOML language server of Even Better TOML)
# lints every fixture of tests/fixtures/contract with `resolution-pdf schema` and must give
# the verdict `check` gives (tests/contract.rs holds `check` to the fixtures' first line),
# except where a fixture says the schema cannot tell; and what `init DIR` writes passes,
# through its own #:schema line.
#   tests/tools/taplo-check.sh BIN TAPLO
set -euo pipefail
bin=$1
taplo=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" schema > "$work/resolution.schema.json"
fail=0
for fixture in tests/fixtures/contract/*.toml; do
    if head -1 "$fixture" | grep -q '^# check: ok' || grep -q '^# schema cannot tell:' "$fixture"; then
        expected=pass
    else
        expected=fail
    fi
    if "$taplo" lint --colors never --schema "file://$work/resolution.schema.json" "$fixture" > "$work/out" 2>&1; then
        got=pass
    else
        got=fail
    fi
    if [ "$got" != "$expected" ]; then
        echo "taplo: $fixture: expected $expected, got $got" >&2
        grep '^error' "$work/out" >&2 || true
        fail=1
    elif grep -q "any of the schemas" "$work/out"; then
        echo "taplo: $fixture: a message that names nothing:" >&2
        grep '^error' "$work/out" >&2
        fail=1
    fi
done
for lang in en ja ko; do
    "$bin" init --lang "$lang" "$work/init-$lang" > /dev/null 2>&1
    "$taplo" lint --colors never "$work/init-$lang/resolution.toml" > "$work/out" 2>&1 || { echo "taplo: the $lang starter of init fails its own schema" >&2; cat "$work/out" >&2; fail=1; }
done
[ "$fail" -eq 0 ] && echo "taplo: $(ls tests/fixtures/contract/*.toml | wc -l) fixtures as check says, init's starters pass"
exit "$fail"
