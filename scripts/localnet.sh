#!/usr/bin/env bash
# A local network of 4 validators, each a separate atonomid process on
# 127.0.0.1 with its own ports (node i: RPC 26657+100i, P2P 26656+100i,
# gRPC 9090+100i, REST 1317+100i). State lives in build/localnet
# (LOCALNET_DIR); LOCALNET_PORT_OFFSET shifts all ports.
#
#   scripts/localnet.sh start    create the network (first time) and start it
#   scripts/localnet.sh stop     stop the processes recorded in build/localnet/*.pid
#   scripts/localnet.sh status   height of each node
#   scripts/localnet.sh reset    stop and delete the network
set -euo pipefail
source "$(dirname "$0")/lib.sh"

N=${LOCALNET_NODES:-4}
DIR=${LOCALNET_DIR:-$ROOT/build/localnet}
CHAIN_ID=${LOCALNET_CHAIN_ID:-atonomi-localnet}

init_network() {
  rm -rf "$DIR"
  mkdir -p "$DIR"
  local i node0=$DIR/node0
  for i in $(seq 0 $((N - 1))); do
    "$BIN" init "node$i" --chain-id "$CHAIN_ID" --home "$DIR/node$i" >/dev/null 2>&1
    "$BIN" keys add "val$i" $KR --home "$DIR/node$i" --output json >"$DIR/node$i/val$i.key.json" 2>&1
  done
  # The registrar acts for the network authority; the faucet funds test clients.
  "$BIN" keys add registrar $KR --home "$node0" --output json >"$DIR/registrar.key.json" 2>&1
  "$BIN" keys add faucet $KR --home "$node0" --output json >"$DIR/faucet.key.json" 2>&1
  "$BIN" genesis add-genesis-account registrar 1000000000000uatmi $KR --home "$node0"
  "$BIN" genesis add-genesis-account faucet 100000000000000uatmi $KR --home "$node0"
  "$BIN" genesis add-registrar registrar $KR --home "$node0"
  for i in $(seq 0 $((N - 1))); do
    local addr
    addr=$("$BIN" keys show "val$i" -a $KR --home "$DIR/node$i")
    "$BIN" genesis add-genesis-account "$addr" 1000000000000uatmi --home "$node0"
    "$BIN" genesis allow-validator "$addr" --note "localnet node$i" --home "$node0"
  done
  for i in $(seq 0 $((N - 1))); do
    [ "$i" -eq 0 ] || cp "$node0/config/genesis.json" "$DIR/node$i/config/genesis.json"
    "$BIN" genesis gentx "val$i" 100000000uatmi --chain-id "$CHAIN_ID" $KR --home "$DIR/node$i" \
      --output-document "$DIR/gentx-node$i.json" >/dev/null 2>&1
  done
  mkdir -p "$node0/config/gentx"
  cp "$DIR"/gentx-node*.json "$node0/config/gentx/"
  "$BIN" genesis collect-gentxs --home "$node0" >/dev/null 2>&1
  # The block limits (gas and size) are the ones `atonomid init` wrote into
  # genesis (app/consensus.go): every validator executes each block, and a
  # block without them holds minutes of work on a small machine.
  "$BIN" genesis validate --home "$node0" >/dev/null

  local peers=""
  for i in $(seq 0 $((N - 1))); do
    local id
    id=$("$BIN" comet show-node-id --home "$DIR/node$i")
    peers="$peers${peers:+,}$id@127.0.0.1:$(p2p_port "$i")"
  done
  for i in $(seq 0 $((N - 1))); do
    [ "$i" -eq 0 ] || cp "$node0/config/genesis.json" "$DIR/node$i/config/genesis.json"
    configure_node "$DIR/node$i" "$i" "${LOCALNET_BLOCK_TIME:-1s}"
    sed -i "s#^persistent_peers = .*#persistent_peers = \"$peers\"#" "$DIR/node$i/config/config.toml"
  done
  echo "created $N validators in $DIR (chain id $CHAIN_ID)"
}

running() { [ -f "$DIR/node$1.pid" ] && kill -0 "$(cat "$DIR/node$1.pid")" 2>/dev/null; }

start() {
  [ -f "$DIR/node0/config/genesis.json" ] && [ -d "$DIR/node$((N - 1))" ] || init_network
  local i
  for i in $(seq 0 $((N - 1))); do
    if running "$i"; then
      echo "node$i already running (pid $(cat "$DIR/node$i.pid"))"
    else
      start_node "$DIR/node$i" "$DIR/node$i.log" "$DIR/node$i.pid"
    fi
  done
  if ! wait_for_height 0 2 90; then
    echo "the network did not start; see $DIR/node*.log" >&2
    exit 1
  fi
  status
}

stop() {
  local i
  for i in $(seq 0 $((N - 1))); do stop_pidfile "$DIR/node$i.pid"; done
  echo "localnet stopped"
}

status() {
  local i
  for i in $(seq 0 $((N - 1))); do
    local state=stopped
    running "$i" && state="running pid $(cat "$DIR/node$i.pid")"
    echo "node$i  $state  rpc 127.0.0.1:$(rpc_port "$i")  grpc 127.0.0.1:$(grpc_port "$i")  rest 127.0.0.1:$(api_port "$i")  height $(height "$i")"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  reset) stop; rm -rf "$DIR"; echo "removed $DIR" ;;
  *) echo "usage: $0 start|stop|status|reset" >&2; exit 2 ;;
esac
