# Shared shell helpers for the localnet and demo scripts. Source it; do not run it.
# Every node listens on 127.0.0.1 only, with ports offset by 100 per node index.
# LOCALNET_PORT_OFFSET shifts every port, so two networks (say a fault drill and
# a load run) can share the machine.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${ATONOMID:-$ROOT/build/atonomid}
KR="--keyring-backend test"

PORT_OFFSET=${LOCALNET_PORT_OFFSET:-0}
rpc_port()  { echo $((26657 + PORT_OFFSET + 100 * $1)); }
p2p_port()  { echo $((26656 + PORT_OFFSET + 100 * $1)); }
abci_port() { echo $((26658 + PORT_OFFSET + 100 * $1)); }
grpc_port() { echo $((9090 + PORT_OFFSET + 100 * $1)); }
api_port()  { echo $((1317 + PORT_OFFSET + 100 * $1)); }

# Peer bandwidth on loopback (bytes/s). CometBFT's 5 MB/s default makes a
# full block's parts take longer to reach the other validators than the
# propose timeout allows, and rounds fail until the timeout has grown.
P2P_RATE=${LOCALNET_P2P_RATE:-52428800}

# configure_node <home> <index> [block time]: loopback ports and local-network p2p rules.
configure_node() {
  local home=$1 i=$2 block_time=${3:-1s}
  local cfg=$home/config/config.toml app=$home/config/app.toml
  sed -i \
    -e "s#^proxy_app = .*#proxy_app = \"tcp://127.0.0.1:$(abci_port "$i")\"#" \
    -e "s#^laddr = \"tcp://127.0.0.1:26657\"#laddr = \"tcp://127.0.0.1:$(rpc_port "$i")\"#" \
    -e "s#^laddr = \"tcp://0.0.0.0:26656\"#laddr = \"tcp://127.0.0.1:$(p2p_port "$i")\"#" \
    -e "s#^pprof_laddr = .*#pprof_laddr = \"\"#" \
    -e "s#^addr_book_strict = .*#addr_book_strict = false#" \
    -e "s#^allow_duplicate_ip = .*#allow_duplicate_ip = true#" \
    -e "s#^timeout_commit = .*#timeout_commit = \"$block_time\"#" \
    -e "s#^send_rate = .*#send_rate = $P2P_RATE#" \
    -e "s#^recv_rate = .*#recv_rate = $P2P_RATE#" \
    "$cfg"
  sed -i \
    -e "s#^address = \"tcp://localhost:1317\"#address = \"tcp://127.0.0.1:$(api_port "$i")\"#" \
    -e "s#^address = \"localhost:9090\"#address = \"127.0.0.1:$(grpc_port "$i")\"#" \
    "$app"
}

# height <index>: the node's latest block height, or 0 when it does not answer.
height() {
  local h
  h=$(curl -s --max-time 2 "http://127.0.0.1:$(rpc_port "$1")/status" |
    sed -n 's/.*"latest_block_height":"\([0-9]*\)".*/\1/p')
  echo "${h:-0}"
}

# wait_for_height <index> <height> <seconds>
wait_for_height() {
  local i=$1 want=$2 secs=$3 t=0
  while [ "$(height "$i")" -lt "$want" ]; do
    sleep 1
    t=$((t + 1))
    if [ "$t" -ge "$secs" ]; then
      echo "node $i did not reach height $want within ${secs}s (at $(height "$i"))" >&2
      return 1
    fi
  done
}

# json_field <name>: the first value of "name" in the JSON on stdin.
json_field() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\}.*/\1/p" | head -n 1; }

# tx_result <hash> [seconds]: the committed tx as JSON from the node in $NODE,
# polling for up to 30 s (or the given seconds); a code 999 result when it
# was not included in time.
tx_result() {
  local t secs=${2:-30}
  for t in $(seq 1 $((secs * 2))); do
    if "$BIN" q tx "$1" $NODE --output json 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "{\"code\": 999, \"raw_log\": \"tx $1 was not included within ${secs}s\"}"
}

# start_node <home> <logfile> <pidfile>: start a node in the background.
start_node() {
  nohup "$BIN" start --home "$1" >"$2" 2>&1 &
  echo $! >"$3"
}

# stop_pidfile <pidfile>: stop the recorded process (SIGTERM, then SIGKILL after 15 s).
stop_pidfile() {
  local f=$1 pid t=0
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$t" -lt 15 ]; do sleep 1; t=$((t + 1)); done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}
