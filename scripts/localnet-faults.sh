#!/usr/bin/env bash
# Fault drill on a fresh 4-validator local network (scripts/localnet.sh) while a
# client keeps registering devices:
#   1. one validator stopped: blocks go on;
#   2. one validator killed with SIGKILL and restarted: it catches up, and the
#      app hash it computes equals the one the network committed;
#   3. two validators stopped: blocks halt (no 2/3 of the power), and resume
#      when one of them returns;
#   4. every transaction the client got accepted is committed, and its devices
#      are in state on every node.
# Each step prints PASS or FAIL; the script exits non-zero if any failed and
# stops every process it started. Node 0 is never faulted: the client and the
# checks talk to it.
#
# Defaults keep it apart from other networks on the machine:
# LOCALNET_DIR=build/faultnet, LOCALNET_PORT_OFFSET=1000.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export LOCALNET_DIR=${LOCALNET_DIR:-$ROOT/build/faultnet}
export LOCALNET_PORT_OFFSET=${LOCALNET_PORT_OFFSET:-1000}
export LOCALNET_NODES=4
source "$ROOT/scripts/lib.sh"

DIR=$LOCALNET_DIR
LOCALNET=$ROOT/scripts/localnet.sh
CHAIN_ID=${LOCALNET_CHAIN_ID:-atonomi-localnet}
NODE="--node tcp://127.0.0.1:$(rpc_port 0)"
HOME0=$DIR/node0
TX="$KR --home $HOME0 --chain-id $CHAIN_ID $NODE --yes --output json --gas-prices 0.01uatmi --gas 2000000"
CLIENT_DIR=$DIR/client
BATCH=${FAULTS_BATCH:-3} # devices per client transaction

command -v jq >/dev/null || { echo "localnet-faults needs jq" >&2; exit 2; }
[ -x "$BIN" ] || { echo "no binary at $BIN: run make build" >&2; exit 2; }

FAILED=0
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; FAILED=1; }
now() { date +%H:%M:%S; }

CLIENT_PID=""
cleanup() {
  touch "$CLIENT_DIR/stop" 2>/dev/null || true
  if [ -n "$CLIENT_PID" ] && kill -0 "$CLIENT_PID" 2>/dev/null; then
    kill "$CLIENT_PID" 2>/dev/null || true
    wait "$CLIENT_PID" 2>/dev/null || true
  fi
  "$LOCALNET" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# restart <i>: start node i again, logging to a fresh file.
RESTARTS=0
restart() {
  RESTARTS=$((RESTARTS + 1))
  start_node "$DIR/node$1" "$DIR/node$1.restart$RESTARTS.log" "$DIR/node$1.pid"
}

# app_hash_matches <i>: node i's application reports (height h, app hash) of
# its last commit; the network's block h+1 (from node 0) carries the app hash
# every validator agreed on for h. They must be equal.
app_hash_matches() {
  local info h mine agreed
  info=$(curl -s --max-time 5 "http://127.0.0.1:$(rpc_port "$1")/abci_info")
  h=$(echo "$info" | jq -r '.result.response.last_block_height')
  mine=$(echo "$info" | jq -r '.result.response.last_block_app_hash' | base64 -d | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
  wait_for_height 0 $((h + 1)) 60 || return 1
  agreed=$(curl -s --max-time 5 "http://127.0.0.1:$(rpc_port 0)/block?height=$((h + 1))" | jq -r '.result.block.header.app_hash')
  echo "   node$1 app hash at height $h: $mine"
  echo "   network's app hash for $h (header of block $((h + 1))): $agreed"
  [ -n "$mine" ] && [ "$mine" = "$agreed" ]
}

# caught_up <i> <seconds>: node i reaches node 0's current height.
caught_up() { wait_for_height "$1" "$(height 0)" "$2"; }

# client: registers BATCH fresh devices per transaction with acme's operator
# until $CLIENT_DIR/stop exists. An accepted transaction (CheckTx passed) is
# recorded with its device ids in accepted.txt, and the client waits for it to
# be committed before the next one, so a halt holds it rather than making it
# send out-of-sequence transactions.
client() {
  set +e
  local n=0 k out hash code ids line csv
  while [ ! -f "$CLIENT_DIR/stop" ]; do
    n=$((n + 1))
    csv=$CLIENT_DIR/batch$n.csv
    echo "id,key_type,public_key,protocols,device_type,metadata" >"$csv"
    ids=""
    for k in $(seq 1 "$BATCH"); do
      line=$("$BIN" device keygen --type ed25519 --serial "SN-$n-$k" --salt "faults-$$" | jq -r .whitelist_csv)
      echo "$line" >>"$csv"
      ids="$ids ${line%%,*}"
    done
    out=$("$BIN" tx device register-whitelist acme "$csv" --from maker $TX 2>&1)
    hash=$(echo "$out" | json_field txhash)
    code=$(echo "$out" | json_field code)
    if [ -n "$hash" ] && [ "${code:-0}" = 0 ]; then
      echo "$hash$ids" >>"$CLIENT_DIR/accepted.txt"
      echo "$(now) batch $n accepted: $hash" >>"$CLIENT_DIR/client.log"
      code=$(tx_result "$hash" 300 | json_field code)
      echo "$(now) batch $n committed with code ${code:-0}" >>"$CLIENT_DIR/client.log"
    else
      echo "$(now) batch $n refused at broadcast: $out" >>"$CLIENT_DIR/client.log"
      sleep 1
    fi
  done
}

accepted_count() { [ -f "$CLIENT_DIR/accepted.txt" ] && wc -l <"$CLIENT_DIR/accepted.txt" || echo 0; }

step "Start a fresh 4-validator network in $DIR (ports offset by $LOCALNET_PORT_OFFSET)"
"$LOCALNET" reset >/dev/null
"$LOCALNET" start
mkdir -p "$CLIENT_DIR"

step "Set up the client: acme, operated by a funded key"
"$BIN" keys add maker $KR --home "$HOME0" --output json >"$DIR/maker.key.json" 2>&1
MAKER=$("$BIN" keys show maker -a $KR --home "$HOME0")
for args in "bank send faucet $MAKER 100000000000uatmi --from faucet" \
  "manufacturer add acme ACME $(printf 'acme' | sha256sum | cut -d' ' -f1) --operators $MAKER --from registrar"; do
  # shellcheck disable=SC2086
  out=$("$BIN" tx $args $TX 2>&1) || true
  code=$(tx_result "$(echo "$out" | json_field txhash)" 60 | json_field code)
  if [ "${code:-1}" != 0 ]; then
    fail "setup: tx $args: $out"
    exit 1
  fi
done
echo "   acme operated by $MAKER"
client &
CLIENT_PID=$!
echo "   client running (pid $CLIENT_PID), $BATCH devices per transaction, log $CLIENT_DIR/client.log"
for t in $(seq 1 90); do [ "$(accepted_count)" -ge 2 ] && break; sleep 1; done
echo "   client transactions accepted so far: $(accepted_count)"

step "1. Stop one validator (node3): blocks continue"
stop_pidfile "$DIR/node3.pid"
h=$(height 0)
if wait_for_height 0 $((h + 5)) 60; then
  pass "node3 stopped at height $h, the network went on to $(height 0)"
else
  fail "with node3 stopped the network did not advance 5 blocks from $h"
fi
restart 3
if caught_up 3 120; then
  pass "node3 restarted and caught up (height $(height 3))"
else
  fail "node3 did not catch up after restart"
fi

step "2. Kill -9 one validator (node2) and restart it: it catches up with the same app hash"
kill -9 "$(cat "$DIR/node2.pid")"
h=$(height 0)
echo "   node2 killed at network height $h"
wait_for_height 0 $((h + 3)) 60 || fail "the network stalled with node2 killed"
restart 2
if caught_up 2 120 && wait_for_height 2 $(($(height 0) + 2)) 60; then
  pass "node2 restarted after SIGKILL and caught up (height $(height 2), network $(height 0))"
else
  fail "node2 did not catch up after SIGKILL"
fi
if app_hash_matches 2; then
  pass "node2's app hash equals the network's at the same height"
else
  fail "node2's app hash differs from the network's"
fi

step "3. Stop two validators (node2, node3): blocks halt, and resume when one returns"
stop_pidfile "$DIR/node2.pid"
stop_pidfile "$DIR/node3.pid"
sleep 3
h=$(height 0)
sleep 15
h2=$(height 0)
if [ "$h2" -le $((h + 1)) ]; then
  pass "with half the voting power down the network halted (height $h, 15 s later $h2)"
else
  fail "with two of four validators down blocks went on ($h -> $h2)"
fi
restart 3
if wait_for_height 0 $((h2 + 3)) 180; then
  pass "node3 returned and blocks resumed (height $(height 0))"
else
  fail "blocks did not resume after node3 returned"
fi
restart 2
if caught_up 2 180 && caught_up 3 60; then
  pass "node2 and node3 caught up (heights $(height 2), $(height 3); network $(height 0))"
else
  fail "node2 or node3 did not catch up"
fi

step "4. Every accepted transaction is committed and its devices are on every node"
touch "$CLIENT_DIR/stop"
wait "$CLIENT_PID" 2>/dev/null || true
CLIENT_PID=""
sed 's/^/   client: /' "$CLIENT_DIR/client.log"
txs=$(accepted_count)
bad=0
expected=$CLIENT_DIR/expected-ids.txt
: >"$expected"
while read -r hash ids; do
  code=$(tx_result "$hash" 60 | json_field code)
  if [ "${code:-0}" != 0 ]; then
    echo "   tx $hash: code $code"
    bad=$((bad + 1))
  fi
  for id in $ids; do echo "$id" >>"$expected"; done
done <"$CLIENT_DIR/accepted.txt"
sort -o "$expected" "$expected"
devices=$(wc -l <"$expected")
[ "$bad" -eq 0 ] && [ "$txs" -gt 0 ] && pass "all $txs accepted transactions committed with code 0 ($devices devices)" ||
  fail "$bad of $txs accepted transactions were not committed with code 0"
# Every node answers from its own state at one common height: each accepted
# device is looked up by id over the node's REST API (registered devices are
# not listed, docs/devices.md), and acme's counter must hold at least them (a
# transaction the client gave up on may still have been committed).
target=$(height 0)
for i in 0 1 2 3; do
  wait_for_height "$i" "$target" 60 || true
  missing=0
  while read -r id; do
    st=$(curl -s -o /dev/null -w '%{http_code}' -H "x-cosmos-block-height: $target" \
      "http://127.0.0.1:$(api_port "$i")/atonomi/device/v1/devices/$id")
    [ "$st" = 200 ] || missing=$((missing + 1))
  done <"$expected"
  counted=$(curl -s -H "x-cosmos-block-height: $target" \
    "http://127.0.0.1:$(api_port "$i")/atonomi/manufacturer/v1/manufacturers/acme" | jq -r '.manufacturer.devices_registered // "none"')
  if [ "$missing" -eq 0 ] && [ "$counted" -ge "$devices" ] 2>/dev/null; then
    pass "node$i holds all $devices devices at height $target (acme counts $counted)"
  else
    fail "node$i misses $missing of the $devices accepted devices at height $target (acme counts $counted)"
  fi
done

step "Result"
if [ "$FAILED" -eq 0 ]; then
  echo "PASS: fault drill ($txs client transactions, $devices devices)"
else
  echo "FAIL: fault drill; logs in $DIR"
fi
exit "$FAILED"
