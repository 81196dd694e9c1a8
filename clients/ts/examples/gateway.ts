// The gateway: relays a payment intent that a device signed (and sent it,
// over MQTT, CoAP or BLE) to the chain, paying the gas; the device's linked
// wallet pays the amount. Before it spends gas it checks what the chain
// would: the signature under the device's registered key, the wallet, the
// nonce, the expiry and the payment rules (the Validate query).
//
//   ATONOMI_RPC=http://127.0.0.1:26657 GATEWAY_MNEMONIC="..." \
//   INTENT='{"payer_device_id":"...","payee_device_id":"...","wallet":"atonomi1...","amount":"100",
//            "nonce":"0","valid_until":"1000","location":"DE","signature":"<hex>"}' \
//   node dist/examples/gateway.js
import { assertIsDeliverTxSuccess } from "@cosmjs/stargate";
import { fromHex, keyTypeFromCode, msg, paymentIntentSignBytes, verifySignature, type PaymentIntent } from "@atonomi/client";
import { MsgPayDeviceSigned } from "@atonomi/client/atonomi/payment/v1/tx";

import { account, jsonSetting, queries, required, runIfMain, type Env } from "./env.js";

interface IntentJSON {
  payer_device_id: string;
  payee_device_id: string;
  wallet: string;
  amount: string;
  nonce: string | number;
  valid_until: string | number;
  location?: string;
  signature: string;
}

export async function main(env: Env): Promise<unknown> {
  const rpc = required(env, "ATONOMI_RPC");
  const intent = jsonSetting(env, "INTENT") as IntentJSON;
  const gateway = await account(rpc, required(env, "GATEWAY_MNEMONIC"));
  const { query, disconnect } = await queries(rpc);
  try {
    const chainId = await gateway.client.getChainId();
    const p: PaymentIntent = {
      chainId,
      payer: intent.payer_device_id,
      payee: intent.payee_device_id,
      wallet: intent.wallet,
      amount: intent.amount,
      nonce: BigInt(intent.nonce),
      validUntil: BigInt(intent.valid_until),
      location: intent.location ?? "",
    };
    const signature = fromHex(intent.signature, "signature");

    const { device } = await query.atonomi.device.Device({ id: intent.payer_device_id });
    if (device!.wallet !== intent.wallet) {
      throw new Error(`the intent names wallet ${intent.wallet}, but device ${device!.id} is linked to ${device!.wallet || "no wallet"}`);
    }
    if (!verifySignature(keyTypeFromCode(device!.keyType), device!.publicKey, paymentIntentSignBytes(p), signature)) {
      throw new Error(`the intent is not signed by device ${device!.id} for ${chainId}`);
    }
    const { nonce } = await query.atonomi.payment.Nonce({ deviceId: device!.id });
    if (nonce !== p.nonce) throw new Error(`the intent's nonce is ${p.nonce}, the device's current one ${nonce}`);
    const height = await gateway.client.getHeight();
    if (BigInt(height) > BigInt(p.validUntil)) throw new Error(`the intent expired at height ${p.validUntil} (now ${height})`);
    const verdict = await query.atonomi.payment.Validate({
      payerDeviceId: intent.payer_device_id,
      payeeDeviceId: intent.payee_device_id,
      amount: intent.amount,
      location: p.location!,
      deviceSigned: true,
    });
    if (!verdict.allowed) {
      throw new Error(`the chain would refuse the payment: ${verdict.refusals.map((r) => `${r.rule} (${r.detail})`).join(", ")}`);
    }

    const relayed = await gateway.client.signAndBroadcast(
      gateway.address,
      [
        msg(MsgPayDeviceSigned, {
          submitter: gateway.address,
          payerDeviceId: intent.payer_device_id,
          payeeDeviceId: intent.payee_device_id,
          wallet: intent.wallet,
          amount: intent.amount,
          nonce: BigInt(p.nonce),
          validUntil: BigInt(p.validUntil),
          location: p.location!,
          signature,
        }),
      ],
      "auto",
    );
    assertIsDeliverTxSuccess(relayed);
    const next = await query.atonomi.payment.Nonce({ deviceId: device!.id });
    return { txhash: relayed.transactionHash, height: relayed.height, commission: verdict.commission, nextNonce: next.nonce.toString() };
  } finally {
    gateway.client.disconnect();
    disconnect();
  }
}

runIfMain(import.meta.url, main);
