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
TX="$KR --home $HOME_DIR --chain-id $CHAIN_ID $NODE --yes --output json --gas-prices 0.01uatmi --gas 400000"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { echo "DEMO FAILED: $*" >&2; exit 1; }
addr() { "$BIN" keys show "$1" -a $KR --home "$HOME_DIR"; }

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
  LAST_TX=$hash
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
for k in validator registrar acme-val acme-ops alice bob auditor; do
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
echo "             acme-val  $(addr acme-val) (wants to run a validator)"
echo "             acme-ops  $(addr acme-ops) (will operate the manufacturer acme)"
echo "             alice     $(addr alice), bob $(addr bob) (device owners)"
echo "             auditor   $(addr auditor) (will operate the reputation service sentinel)"

step "Start the node"
start_node "$HOME_DIR" "$DIR/node.log" "$DIR/node.pid"
wait_for_height 0 2 60 || fail "the node did not produce blocks; see $DIR/node.log"
echo "   producing blocks: height $(height 0)"

step "The validator allowlist (query permission allowed-validators)"
"$BIN" q permission allowed-validators $NODE --output json

# acme's node is not started in this demo, so its stake stays small: the
# founding validator keeps more than 2/3 of the voting power and blocks go on.
step "acme-val tries to create a validator without approval"
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
run_tx fail "create-validator by an unapproved operator" staking create-validator "$DIR/acme-validator.json" --from acme-val

step "The registrar approves acme-val"
run_tx ok "allow-validator" permission allow-validator "$(addr acme-val)" "ACME Corp identity node" --from registrar

step "acme-val creates its validator"
run_tx ok "create-validator by an approved operator" staking create-validator "$DIR/acme-validator.json" --from acme-val
ACME_VALOPER=$("$BIN" keys show acme-val --bech val -a $KR --home "$HOME_DIR")
"$BIN" q staking validator "$ACME_VALOPER" $NODE --output json | grep -E '"(moniker|status|jailed)"' || true

step "alice tries to delegate to acme's validator"
run_tx fail "delegation from an account that is not the operator" staking delegate "$ACME_VALOPER" 1000uatmi --from alice

step "alice, not a registrar, tries to remove a validator"
run_tx fail "remove-validator by an ordinary account" permission remove-validator "$(addr acme-val)" --from alice

step "The registrar removes acme's validator"
run_tx ok "remove-validator" permission remove-validator "$(addr acme-val)" --from registrar
"$BIN" q staking validator "$ACME_VALOPER" $NODE --output json | grep -E '"(status|jailed)"' || true

step "The registrar admits the manufacturer acme"
AUTH_KEY_HASH=$(printf 'acme-salt:acme-authorization-key' | sha256sum | cut -d' ' -f1)
run_tx ok "manufacturer add" manufacturer add acme "ACME Devices Ltd" "$AUTH_KEY_HASH" \
  --operators "$(addr acme-ops)" --default-reputation 5000 \
  --metadata '{"url":"https://acme.example","country":"DE","certifications":["IEC-62443"]}' --from registrar
run_tx fail "an ordinary account admitting a manufacturer" manufacturer add rogue "Rogue" "$AUTH_KEY_HASH" \
  --operators "$(addr alice)" --from alice
"$BIN" q manufacturer manufacturer acme $NODE --output json | grep -E '"(id|status|default_reputation)"'

step "The factory generates one device key of each type (the private keys never leave the devices)"
echo "id,key_type,public_key,protocols,device_type,metadata" >"$DIR/whitelist.csv"
TYPES="secp256k1 ed25519 secp256r1 mldsa65"
for t in $TYPES; do
  "$BIN" device keygen --type "$t" --serial "SN-$t-0001" --salt acme-salt --protocols "mqtt;coap" --device-type smart-meter >"$DIR/device-$t.json"
  sed -n 's/.*"whitelist_csv": "\(.*\)".*/\1/p' "$DIR/device-$t.json" >>"$DIR/whitelist.csv"
  echo "   $t device $(json_field device_id <"$DIR/device-$t.json")"
done
# A fifth device stays unactivated, to show refused proofs.
"$BIN" device keygen --type ed25519 --serial SN-extra-0001 --salt acme-salt --protocols ble --device-type tracker >"$DIR/device-extra.json"
sed -n 's/.*"whitelist_csv": "\(.*\)".*/\1/p' "$DIR/device-extra.json" >>"$DIR/whitelist.csv"
dev() { json_field device_id <"$DIR/device-$1.json"; }

step "acme-ops registers the whitelist file ($DIR/whitelist.csv)"
run_tx ok "register-whitelist" device register-whitelist acme "$DIR/whitelist.csv" --from acme-ops
# Registered devices are looked up by id (they are not listed: a registration
# writes only the record and the credential); the counter covers the batch.
echo "   acme's devices ever registered: $("$BIN" q manufacturer manufacturer acme $NODE --output json | json_field devices_registered)"
echo "   the extra device: $("$BIN" q device device "$(json_field device_id <"$DIR/device-extra.json")" $NODE --output json | json_field status)"
# --no-journal: the journal would (rightly) skip a file it already uploaded; the chain must refuse it too.
run_tx fail "registering the same whitelist twice" device register-whitelist acme "$DIR/whitelist.csv" --no-journal --from acme-ops

step "alice activates each device with the proof the device signs for her"
for t in $TYPES; do
  SIG=$("$BIN" device sign-activation "$DIR/device-$t.json" "$(addr alice)" --chain-id "$CHAIN_ID")
  run_tx ok "activate the $t device" device activate "$(dev "$t")" "$SIG" --from alice
done
"$BIN" q device by-owner "$(addr alice)" $NODE --output json | grep -c '"STATUS_ACTIVE"' | sed 's/^/   active devices owned by alice: /'

step "A proof made for alice does not work for bob (replay), and raises the activation_failed alert"
SIG=$("$BIN" device sign-activation "$DIR/device-extra.json" "$(addr alice)" --chain-id "$CHAIN_ID")
run_tx fail "bob replays a proof the device made for alice" device activate "$(dev extra)" "$SIG" --from bob
"$BIN" q tx "$LAST_TX" $NODE --output json | grep -o 'atonomi.device.v1.EventActivationFailed' | head -1 | sed 's/^/   alert in the failed tx: /'
SIG=$("$BIN" device sign-activation "$DIR/device-extra.json" "$(addr bob)" --chain-id other-chain)
run_tx fail "a proof made for another chain" device activate "$(dev extra)" "$SIG" --from bob
run_tx fail "a proof for an already active device" device activate "$(dev secp256r1)" "$SIG" --from bob

step "alice transfers the secp256k1 device to bob"
run_tx ok "transfer" device transfer "$(dev secp256k1)" "$(addr bob)" --from alice
"$BIN" q device device "$(dev secp256k1)" $NODE --output json | grep -E '"(owner|transfers)"'

step "bob loses it and suspends it; then finds it and reinstates it"
run_tx ok "owner suspends" device suspend "$(dev secp256k1)" "lost" --from bob
run_tx fail "alice (no longer the owner) reinstates" device reinstate "$(dev secp256k1)" --from alice
run_tx ok "owner reinstates" device reinstate "$(dev secp256k1)" --from bob

step "alice sets a policy and advertises a service on the ed25519 device"
run_tx ok "set-policy" device set-policy "$(dev ed25519)" --from alice --policy \
  '{"spending_limits":{"per_minute":"1000","per_hour":"20000","per_day":"100000"},"min_counterparty_reputation":[{"reputation_type":"security","min_score":3000}],"regions":["DE"]}'
run_tx ok "set-services" device set-services "$(dev ed25519)" --from alice --services '{"service_type":"weather-data","price":"50"}'
"$BIN" q device by-service weather-data $NODE --output json | grep -E '"id"' | head -1
echo "   service discovery with a reputation minimum (security >= 3000; unscored devices count at acme's default 5000):"
"$BIN" q reputation providers weather-data --minimums '{"reputation_type":"security","min_score":3000}' $NODE --output json | grep -E '"(device_id|price)"' | sed 's/^ */     /'

step "The registrar admits the auditor sentinel, which scores security and service quality"
run_tx ok "auditor add" auditor add sentinel "Sentinel Security" "$(addr auditor)" \
  --reputation-types security,service-quality --weight 100 --from registrar
run_tx fail "an account that operates no auditor writing a score" reputation write-scores \
  --scores "{\"device_id\":\"$(dev ed25519)\",\"reputation_type\":\"security\",\"score\":9000}" --from alice

step "sentinel scores two devices; the secp256r1 device falls below the exclusion threshold (1000)"
run_tx ok "write-scores" reputation write-scores --from auditor \
  --scores "{\"device_id\":\"$(dev ed25519)\",\"reputation_type\":\"security\",\"score\":9000}" \
  --scores "{\"device_id\":\"$(dev secp256r1)\",\"reputation_type\":\"security\",\"score\":400}"
run_tx fail "a type sentinel may not write" reputation write-scores --from auditor \
  --scores "{\"device_id\":\"$(dev ed25519)\",\"reputation_type\":\"financial\",\"score\":1}"
"$BIN" q reputation aggregate "$(dev secp256r1)" security $NODE --output json | grep -E '"value"' | sed 's/^ */   secp256r1 security aggregate: /'
echo "   excluded: $("$BIN" q device device "$(dev secp256r1)" $NODE --output json | json_field excluded | grep . || echo false)"

step "alice's ed25519 device tries to pay the excluded secp256r1 device"
echo "   validate says:"
"$BIN" q payment validate "$(dev ed25519)" "$(dev secp256r1)" 5000 --location DE $NODE --output json | grep -E '"(allowed|rule)"' | sed 's/^ */     /'
run_tx fail "a payment to an excluded device" payment pay "$(dev ed25519)" "$(dev secp256r1)" 5000 --location DE --from alice

step "sentinel re-scores it after a fix: it rises above the threshold and is reinstated"
run_tx ok "write-scores" reputation write-scores --from auditor \
  --scores "{\"device_id\":\"$(dev secp256r1)\",\"reputation_type\":\"security\",\"score\":6000}"
echo "   excluded: $("$BIN" q device device "$(dev secp256r1)" $NODE --output json | json_field excluded | grep . || echo false)"
"$BIN" q reputation history "$(dev secp256r1)" security $NODE --output json | grep -E '"(score|direction)"' | sed 's/^ */   /'
echo "   sentinel's withdrawable rewards: $("$BIN" q token rewards "$(addr auditor)" $NODE --output json | json_field amount)uatmi"

step "Now the payment goes through, under the payer's policy (region DE, per-minute limit 1000 uatmi)"
run_tx ok "pay" payment pay "$(dev ed25519)" "$(dev secp256r1)" 500 --location DE --from alice
run_tx fail "a payment from outside the payer's region" payment pay "$(dev ed25519)" "$(dev secp256r1)" 100 --location FR --from alice
run_tx fail "a payment over the payer's per-minute limit" payment pay "$(dev ed25519)" "$(dev secp256r1)" 600 --location DE --from alice

step "alice lets bob's account pay for the ed25519 device: her offer, and bob's own acceptance"
run_tx fail "bob pays for alice's device before he consented" payment pay "$(dev ed25519)" "$(dev secp256r1)" 100 --location DE --from bob
run_tx ok "alice offers bob as the device's wallet" device offer-wallet "$(dev ed25519)" "$(addr bob)" $(( $(height 0) + 200 )) --from alice
run_tx ok "bob accepts, naming alice" device accept-wallet "$(dev ed25519)" "$(addr alice)" --from bob
run_tx fail "alice spends through the device: only its wallet signs now" payment pay "$(dev ed25519)" "$(dev secp256r1)" 100 --location DE --from alice

step "The device signs a payment itself; a gateway (acme-ops) relays it and pays the gas; bob's wallet pays"
NONCE=$("$BIN" q payment nonce "$(dev ed25519)" $NODE --output json | json_field nonce)
NONCE=${NONCE:-0}
UNTIL=$(( $(height 0) + 50 ))
PSIG=$("$BIN" device sign-payment "$DIR/device-ed25519.json" "$(dev secp256r1)" "$(addr bob)" 100 "$NONCE" "$UNTIL" --location DE --chain-id "$CHAIN_ID")
PAY=(payment pay-device-signed "$(dev ed25519)" "$(dev secp256r1)" "$(addr bob)" 100 "$NONCE" "$UNTIL" "$PSIG" --location DE)
run_tx ok "the relayed device-signed payment" "${PAY[@]}" --from acme-ops
echo "   the device's next nonce: $("$BIN" q payment nonce "$(dev ed25519)" $NODE --output json | json_field nonce)"
run_tx fail "the same intent replayed" "${PAY[@]}" --from acme-ops

step "acme revokes the mldsa65 device; its key can never be registered again"
run_tx ok "revoke" device revoke "$(dev mldsa65)" "compromised" --from acme-ops
sed -n '1p' "$DIR/whitelist.csv" >"$DIR/reuse.csv"
NEWID=$("$BIN" device id SN-new --salt acme-salt)
grep mldsa65 "$DIR/whitelist.csv" | sed "s/^[0-9a-f]*,/$NEWID,/" >>"$DIR/reuse.csv"
run_tx fail "re-registering a revoked key under a new id" device register-whitelist acme "$DIR/reuse.csv" --from acme-ops

step "The registry and the fee economy after the lifecycle"
"$BIN" q manufacturer manufacturer acme $NODE --output json | grep -E '"devices_(registered|active)"'
echo "   acme reward pool: $("$BIN" q token pool acme $NODE --output json | json_field amount)uatmi"
"$BIN" q device by-status revoked $NODE --output json | grep -c '"STATUS_REVOKED"' | sed 's/^/   revoked devices: /'

step "Demo complete at height $(height 0); the node stops now (its data stays in $DIR)"
