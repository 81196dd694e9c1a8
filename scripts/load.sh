#!/usr/bin/env bash
# `make load`: start a fresh 4-validator local network in build/loadnet
# (ports shifted by 2000, so it does not collide with build/localnet), run
# the load generator in each mode against node 0, print each report, and
# stop the network.
#
#   LOAD_MODES       modes to run (default: registrations activations scores payments lookups)
#   LOAD_DURATION    submission time per mode (default: 60s for registrations, 30s for the others)
#   LOAD_ARGS        extra flags for `atonomid load` (e.g. "--accounts 32 --rate 5")
set -euo pipefail
export LOCALNET_DIR=${LOCALNET_DIR:-$(cd "$(dirname "$0")/.." && pwd)/build/loadnet}
export LOCALNET_PORT_OFFSET=${LOCALNET_PORT_OFFSET:-2000}
source "$(dirname "$0")/lib.sh"

MODES=${LOAD_MODES:-registrations activations scores payments lookups}
LOCALNET="$ROOT/scripts/localnet.sh"

cleanup() { "$LOCALNET" stop >/dev/null; }
trap cleanup EXIT

"$LOCALNET" reset >/dev/null
"$LOCALNET" start

for mode in $MODES; do
  duration=${LOAD_DURATION:-$([ "$mode" = registrations ] && echo 60s || echo 30s)}
  printf '\n\033[1m== atonomid load --mode %s --duration %s\033[0m\n' "$mode" "$duration"
  # shellcheck disable=SC2086
  "$BIN" load --mode "$mode" --duration "$duration" \
    --home "$LOCALNET_DIR/node0" $KR \
    --node "tcp://127.0.0.1:$(rpc_port 0)" --grpc-addr "127.0.0.1:$(grpc_port 0)" ${LOAD_ARGS:-}
done
