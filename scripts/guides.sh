#!/usr/bin/env bash
# Runs the commands of the guides (docs/operators.md, docs/manufacturer-guide.md,
# docs/device-owner-guide.md, docs/auditor-guide.md, docs/gateway-guide.md) in order against a fresh
# single-node chain in build/guide, plus a second node that joins it, and stops
# both at the end. Every tx must succeed; any failure stops the run.
# LOCALNET_PORT_OFFSET shifts the ports (scripts/lib.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export PATH=$ROOT/build:$PATH

DIR=${GUIDE_DIR:-$ROOT/build/guide}
cleanup() { stop_pidfile "$DIR/node.pid"; stop_pidfile "$DIR/node2.pid"; stop_pidfile "$DIR/light.pid"; }
trap cleanup EXIT
stop_pidfile "$DIR/node.pid"; stop_pidfile "$DIR/node2.pid"
rm -rf "$DIR"; mkdir -p "$DIR"; cd "$DIR"
step() { printf '\n== %s\n' "$*"; }

# ---- docs/operators.md: a single-node chain ----
step "operator: a new chain"
CHAIN=atonomi-local
H=$DIR/node
KR="--keyring-backend test --home $H"
NODE="--node tcp://127.0.0.1:$(rpc_port 0)"
TX="$KR --chain-id $CHAIN $NODE --yes --output json --gas-prices 0.01uatmi --gas auto --gas-adjustment 1.5"
addr() { atonomid keys show "$1" -a $KR; }
# tx <args...>: send a tx, wait until it is in a block, fail unless it succeeded.
tx() {
  local res
  res=$(atonomid tx "$@" $TX | atonomid q wait-tx $NODE --output json)
  if [ "$(echo "$res" | jq -r .code)" != 0 ]; then echo "$res" | jq -r .raw_log >&2; return 1; fi
  echo "ok: tx $(echo "$res" | jq -r .txhash) at height $(echo "$res" | jq -r .height)"
}

atonomid init node0 --chain-id $CHAIN --home $H >/dev/null 2>&1
for k in validator registrar acme-ops acme-ops2 alice bob auditor newval; do
  atonomid keys add $k $KR --output json >/dev/null 2>&1
  atonomid genesis add-genesis-account $k 1000000000000uatmi $KR
done
atonomid genesis add-registrar registrar $KR
atonomid genesis allow-validator validator --note "founding validator" $KR
atonomid genesis gentx validator 100000000uatmi --chain-id $CHAIN $KR >/dev/null 2>&1
atonomid genesis collect-gentxs --home $H >/dev/null 2>&1
atonomid genesis validate --home $H
configure_node $H 0
sed -i '/^\[api\]/,/^\[/ s/^swagger = false/swagger = true/' $H/config/app.toml
start_node $H node.log node.pid
wait_for_height 0 2 60
atonomid status $NODE | jq -r .sync_info.latest_block_height
atonomid q permission allowed-validators $NODE --output json | jq -r '.allowed_validators[].note'
curl -s http://127.0.0.1:$(api_port 0)/swagger/openapi.json | jq -r .info.title
curl -s -o /dev/null -w '%{http_code}\n' http://127.0.0.1:$(api_port 0)/swagger/

step "operator: a second node joins"
H2=$DIR/node2
atonomid init node2 --chain-id $CHAIN --home $H2 >/dev/null 2>&1
cp $H/config/genesis.json $H2/config/genesis.json
configure_node $H2 1
PEER="$(atonomid comet show-node-id --home $H)@127.0.0.1:$(p2p_port 0)"
sed -i "s#^persistent_peers = .*#persistent_peers = \"$PEER\"#" $H2/config/config.toml
start_node $H2 node2.log node2.pid
wait_for_height 1 "$(height 0)" 90
echo "node2 at height $(height 1)"

step "operator: admit newval's validator"
tx permission allow-validator "$(addr newval)" "New Org identity node" --from registrar
cat >validator.json <<JSON
{"pubkey": $(atonomid comet show-validator --home $H2), "amount": "10000000uatmi", "moniker": "node2",
 "commission-rate": "0.05", "commission-max-rate": "0.20", "commission-max-change-rate": "0.01", "min-self-delegation": "1"}
JSON
tx staking create-validator validator.json --from newval
atonomid q staking validators $NODE --output json | jq -r '.validators[] | .description.moniker + " " + .status'

# ---- docs/manufacturer-guide.md ----
step "manufacturer: admission"
SALT=acme-secret-salt-2024
AUTH_KEY_HASH=$(printf '%s%s' "$SALT" "acme-authorization-key" | sha256sum | cut -d' ' -f1)
tx manufacturer add acme "ACME Devices Ltd" "$AUTH_KEY_HASH" --operators "$(addr acme-ops)" \
  --default-reputation 5000 --metadata '{"url":"https://acme.example","country":"DE"}' --from registrar
atonomid q manufacturer manufacturer acme $NODE --output json | jq -r .manufacturer.status
# An operator proposes a second operator account, which accepts with its own key.
EXPIRY=$(( $(atonomid status $NODE | jq -r .sync_info.latest_block_height) + 100 ))
tx manufacturer rotate-operators acme "$EXPIRY" "$(addr acme-ops)" "$(addr acme-ops2)" --from acme-ops
tx manufacturer accept-operator acme --from acme-ops2
atonomid q manufacturer manufacturer acme $NODE --output json | jq -c .manufacturer.operators

step "manufacturer: the factory's device list"
mkdir -p keys
echo "serial,key_type,public_key,protocols,device_type,metadata" >devices.csv
for sn in SN-0001 SN-0002 SN-0003 SN-0004 SN-0005; do
  atonomid device keygen --type secp256r1 --serial $sn --salt "$SALT" >keys/$sn.json
  echo "$sn,secp256r1,$(jq -r .public_key keys/$sn.json),mqtt;coap,smart-meter,fw=1.2" >>devices.csv
done
printf 'SN-0001\nSN-0002\n' >serials.txt
atonomid device hash-serials serials.txt --salt "$SALT"
atonomid device id SN-0001 --salt "$SALT"
atonomid device build-whitelist devices.csv whitelist.csv --salt "$SALT"
atonomid device build-whitelist devices.csv whitelist.json --salt "$SALT"
head -2 whitelist.csv

step "manufacturer: upload in chunks, interrupted and resumed"
atonomid tx device register-whitelist acme whitelist.csv --chunk-size 2 --max-chunks 1 --from acme-ops $TX
atonomid tx device register-whitelist acme whitelist.csv --chunk-size 2 --from acme-ops $TX
jq -r '.chunks[] | .state + " " + .tx_hash' whitelist.csv.progress.json
atonomid q manufacturer manufacturer acme $NODE --output json | jq -r .manufacturer.devices_registered
atonomid q device device "$(atonomid device id SN-0001 --salt "$SALT")" $NODE --output json | jq -r .device.status

step "manufacturer: a Merkle whitelist"
echo "serial,key_type,public_key,protocols,device_type,metadata" >trackers.csv
for sn in TR-0001 TR-0002 TR-0003; do
  atonomid device keygen --type ed25519 --serial $sn --salt "$SALT" >keys/$sn.json
  echo "$sn,ed25519,$(jq -r .public_key keys/$sn.json),,," >>trackers.csv
done
atonomid device build-merkle acme trackers.csv proofs.json --salt "$SALT" | tee root.json
tx device commit-whitelist acme "$(jq -r .root root.json)" "$(jq -r .count root.json)" \
  --protocols ble --device-type tracker --from acme-ops
atonomid q device whitelist acme "$(jq -r .root root.json)" $NODE --output json | jq -c .whitelist

# ---- docs/device-owner-guide.md ----
step "owner: activation"
ID1=$(jq -r .device_id keys/SN-0001.json)
SIG=$(atonomid device sign-activation keys/SN-0001.json "$(addr alice)" --chain-id $CHAIN)
tx device activate "$ID1" "$SIG" --from alice
ID2=$(jq -r .device_id keys/SN-0002.json)
tx device activate "$ID2" "$(atonomid device sign-activation keys/SN-0002.json "$(addr alice)" --chain-id $CHAIN)" --from alice
TR1=$(jq -r '.devices[0].id' proofs.json)
SIG=$(atonomid device sign-activation keys/TR-0001.json "$(addr alice)" --chain-id $CHAIN)
tx device activate "$TR1" "$SIG" --merkle-proof "$(jq -c '.devices[0].merkle_proof' proofs.json)" --from alice
atonomid q device by-owner "$(addr alice)" $NODE --output json | jq -r '.devices[] | .id + " " + .status'

step "owner: policy, services, payment, wallet, transfer"
tx device set-policy "$ID1" --from alice --policy \
  '{"spending_limits":{"per_minute":"1000","per_hour":"20000","per_day":"100000"},"min_counterparty_reputation":[{"reputation_type":"security","min_score":3000}]}'
tx device set-services "$ID2" --services '{"service_type":"electricity","price":"100"}' --from alice
atonomid q payment validate "$ID1" "$ID2" 100 $NODE --output json | jq -c .
tx payment pay "$ID1" "$ID2" 100 --from alice
EXPIRY=$(( $(atonomid status $NODE | jq -r .sync_info.latest_block_height) + 100 ))
tx device offer-wallet "$ID1" "$(addr bob)" "$EXPIRY" --from alice
tx device accept-wallet "$ID1" "$(addr alice)" --from bob
tx payment pay "$ID1" "$ID2" 100 --from bob
NONCE=$(atonomid q payment nonce "$ID1" $NODE --output json | jq -r '.nonce // "0"')
UNTIL=$(( $(atonomid status $NODE | jq -r .sync_info.latest_block_height) + 50 ))
PSIG=$(atonomid device sign-payment keys/SN-0001.json "$ID2" "$(addr bob)" 100 "$NONCE" "$UNTIL" --chain-id $CHAIN)
tx payment pay-device-signed "$ID1" "$ID2" "$(addr bob)" 100 "$NONCE" "$UNTIL" "$PSIG" --from acme-ops
[ "$(atonomid q payment nonce "$ID1" $NODE --output json | jq -r .nonce)" = $((NONCE + 1)) ]
tx payment grant "$(addr alice)" "$(addr alice)" 5000 --devices "$ID1" --from bob
atonomid tx payment pay "$ID1" "$ID2" 100 --from bob --generate-only $KR --chain-id $CHAIN $NODE >pay.json
tx authz exec pay.json --from alice
tx device unlink-wallet "$ID1" --from alice
tx device transfer "$TR1" "$(addr bob)" --from alice
atonomid q device device "$TR1" $NODE --output json | jq -r .device.owner

# ---- docs/auditor-guide.md ----
step "auditor: admission and scores"
tx auditor add sentinel "Sentinel Security" "$(addr auditor)" --reputation-types security,service-quality --weight 100 --from registrar
atonomid q auditor auditor sentinel $NODE --output json | jq -c .
atonomid q auditor params $NODE --output json | jq -c .
tx reputation write-scores --from auditor \
  --scores "{\"device_id\":\"$ID1\",\"reputation_type\":\"security\",\"score\":8200}" \
  --scores "{\"device_id\":\"$ID2\",\"reputation_type\":\"service-quality\",\"score\":7000}"
atonomid q reputation aggregate "$ID1" security $NODE --output json | jq -c .
atonomid q reputation history "$ID1" security $NODE --output json | jq -c '.scores[0]'
atonomid q reputation device "$ID1" $NODE --output json | jq -c .
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$(api_port 0)/explorer/)" = 200 ]
echo "explorer: http://127.0.0.1:$(api_port 0)/explorer/#/device/$ID1"
atonomid q token auditor-epoch $NODE --output json | jq -c .
atonomid q token rewards "$(addr auditor)" $NODE --output json | jq -c .
tx token withdraw-rewards --from auditor

# ---- docs/gateway-guide.md ----
step "gateway: lookups checked against the validators' signatures"
# The guide takes the trust root from its own node; a gateway takes it from a source it trusts.
TRUST_HASH=$(curl -s "http://127.0.0.1:$(rpc_port 0)/commit?height=2" | jq -r .result.signed_header.commit.block_id.hash)
atonomid verify device "$ID1" --trust-height 2 --trust-hash "$TRUST_HASH" $NODE
atonomid verify reputation "$ID1" security --trust-height 2 --trust-hash "$TRUST_HASH" $NODE --output json | jq -c .answer
curl -s "http://127.0.0.1:$(api_port 0)/atonomi/proof/v1/devices/$ID1?types=security&trusted_height=2" |
  jq -c '{chain_id, height, entries: (.entries | length), headers: (.headers | length)}'
LIGHT=tcp://127.0.0.1:$(($(rpc_port 0) + 50))
atonomid light $CHAIN --primary tcp://127.0.0.1:$(rpc_port 0) --witness tcp://127.0.0.1:$(rpc_port 1) \
  --laddr $LIGHT --trust-height 2 --trust-hash "$TRUST_HASH" >light.log 2>&1 &
echo $! >light.pid
for _ in $(seq 30); do curl -s "http${LIGHT#tcp}/status" >/dev/null && break; sleep 1; done
atonomid verify device "$ID1" --node $LIGHT --trust-height 2 --trust-hash "$TRUST_HASH" | tail -3
curl -s "http${LIGHT#tcp}/abci_query?path=%22/atonomi.device.v1.Query/Device%22" | jq -r .error.data
stop_pidfile light.pid

# ---- docs/operators.md: checking the invariants ----
step "operator: the invariants of node2's store"
rc=0; atonomid debug invariants --home $H2 >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || { echo "a running node's store must be refused (exit 1), got $rc"; exit 1; }
stop_pidfile $DIR/node2.pid
atonomid debug invariants --home $H2
atonomid debug invariants --home $H2 --height 3
start_node $H2 node2.log node2.pid
wait_for_height 1 "$(height 0)" 90

step "done: $(atonomid q device device "$ID1" $NODE --output json | jq -r .device.status) device $ID1 with a security score"
