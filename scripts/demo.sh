#!/usr/bin/env bash
# The atonomid demo: a single-node chain in build/demo (wiped at each run),
# walked step by step with the same CLI commands an operator would type.
# Every step prints what it does and what the chain answered; a step whose
# answer is not the expected one stops the demo with an error.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DIR=${DEMO_DIR:-$ROOT/build/demo}
HOME_DIR=$DIR/node
CHAIN_ID=atonomi-demo
NODE="--node tcp://127.0.0.1:$(rpc_port 0)"
TX="$KR --home $HOME_DIR --chain-id $CHAIN_ID $NODE --yes --output json --gas 400000"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { echo "DEMO FAILED: $*" >&2; exit 1; }
addr() { "$BIN" keys show "$1" -a $KR --home "$HOME_DIR"; }
json_field() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\}.*/\1/p" | head -n 1; }

# tx_result <hash>: the committed tx as JSON, polling for up to 30 s.
tx_result() {
  local t
  for t in $(seq 1 60); do
    if "$BIN" q tx "$1" $NODE --output json 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "{\"code\": 999, \"raw_log\": \"tx $1 was not included within 30s\"}"
}

# run_tx <expect: ok|fail> <description> <tx args...>: broadcast, wait for the
# block, and check the result code.
run_tx() {
  local expect=$1 what=$2 out hash res code log
  shift 2
  out=$("$BIN" tx "$@" $TX 2>&1) || true
  hash=$(echo "$out" | json_field txhash)
  code=$(echo "$out" | json_field code)
  if [ -n "$hash" ] && [ "${code:-0}" = 0 ]; then
    res=$(tx_result "$hash")
    code=$(echo "$res" | json_field code)
    log=$(echo "$res" | json_field raw_log)
  else
    log=$out
  fi
  code=${code:-0}
  if [ "$expect" = ok ]; then
    [ "$code" = 0 ] || fail "$what: expected success, got code $code: $log"
    echo "   ok: $what (tx $hash)"
  else
    [ "$code" != 0 ] || fail "$what: expected a refusal, but it was accepted: $out ${res:-}"
    echo "   refused as expected: $what"
    echo "   chain said: $log"
  fi
}

cleanup() { stop_pidfile "$DIR/node.pid"; }
trap cleanup EXIT

step "Create a single-node chain in $DIR"
stop_pidfile "$DIR/node.pid"
rm -rf "$DIR"
mkdir -p "$DIR"
"$BIN" init demo-node --chain-id "$CHAIN_ID" --home "$HOME_DIR" >/dev/null 2>&1
for k in validator registrar acme-ops alice; do
  "$BIN" keys add "$k" $KR --home "$HOME_DIR" --output json >"$DIR/$k.key.json" 2>&1
  "$BIN" genesis add-genesis-account "$k" 1000000000000uatmi $KR --home "$HOME_DIR"
done
"$BIN" genesis add-registrar registrar $KR --home "$HOME_DIR"
"$BIN" genesis allow-validator validator --note "founding validator" $KR --home "$HOME_DIR"
"$BIN" genesis gentx validator 100000000uatmi --chain-id "$CHAIN_ID" $KR --home "$HOME_DIR" >/dev/null 2>&1
"$BIN" genesis collect-gentxs --home "$HOME_DIR" >/dev/null 2>&1
configure_node "$HOME_DIR" 0 500ms
echo "   accounts: validator $(addr validator)"
echo "             registrar $(addr registrar) (acts for the network authority)"
echo "             acme-ops  $(addr acme-ops) (wants to run a validator)"
echo "             alice     $(addr alice)"

step "Start the node"
start_node "$HOME_DIR" "$DIR/node.log" "$DIR/node.pid"
wait_for_height 0 2 60 || fail "the node did not produce blocks; see $DIR/node.log"
echo "   producing blocks: height $(height 0)"

step "The validator allowlist (query permission allowed-validators)"
"$BIN" q permission allowed-validators $NODE --output json

# acme's node is not started in this demo, so its stake stays small: the
# founding validator keeps more than 2/3 of the voting power and blocks go on.
step "acme-ops tries to create a validator without approval"
"$BIN" init acme-node --chain-id "$CHAIN_ID" --home "$DIR/acme-node" >/dev/null 2>&1
cat >"$DIR/acme-validator.json" <<JSON
{
  "pubkey": $("$BIN" comet show-validator --home "$DIR/acme-node"),
  "amount": "10000000uatmi",
  "moniker": "acme-node",
  "commission-rate": "0.05",
  "commission-max-rate": "0.20",
  "commission-max-change-rate": "0.01",
  "min-self-delegation": "1"
}
JSON
run_tx fail "create-validator by an unapproved operator" staking create-validator "$DIR/acme-validator.json" --from acme-ops

step "The registrar approves acme-ops"
run_tx ok "allow-validator" permission allow-validator "$(addr acme-ops)" "ACME Corp identity node" --from registrar

step "acme-ops creates its validator"
run_tx ok "create-validator by an approved operator" staking create-validator "$DIR/acme-validator.json" --from acme-ops
ACME_VALOPER=$("$BIN" keys show acme-ops --bech val -a $KR --home "$HOME_DIR")
"$BIN" q staking validator "$ACME_VALOPER" $NODE --output json | grep -E '"(moniker|status|jailed)"' || true

step "alice tries to delegate to acme's validator"
run_tx fail "delegation from an account that is not the operator" staking delegate "$ACME_VALOPER" 1000uatmi --from alice

step "alice, not a registrar, tries to remove a validator"
run_tx fail "remove-validator by an ordinary account" permission remove-validator "$(addr acme-ops)" --from alice

step "The registrar removes acme's validator"
run_tx ok "remove-validator" permission remove-validator "$(addr acme-ops)" --from registrar
"$BIN" q staking validator "$ACME_VALOPER" $NODE --output json | grep -E '"(status|jailed)"' || true

step "Demo complete at height $(height 0); the node stops now (its data stays in $DIR)"
