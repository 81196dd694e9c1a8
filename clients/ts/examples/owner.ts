// The owner app: activates a device from the proof the device gave it, reads
// its record and reputation, sets a policy and links a wallet.
//
//   ATONOMI_RPC=http://127.0.0.1:26657 OWNER_MNEMONIC="..." \
//   DEVICE_ID=<64 hex> DEVICE_PROOF=<the device's activation signature, hex> \
//   [MERKLE_PROOF=<JSON or file: the device's merkle_proof, as atonomid device build-merkle writes it>] \
//   [POLICY=<JSON or file: an atonomi.device.v1.Policy in proto JSON>] \
//   [WALLET_MNEMONIC="..."]   # the account to link as the device's wallet; it accepts with its own signature
//   node dist/examples/owner.js
//
// The proof is checked here before any fee is paid: the device's public key
// comes from its record (a device of a whitelist batch) or from the Merkle
// proof, whose inclusion in a root the manufacturer committed is checked too.
import { assertIsDeliverTxSuccess } from "@cosmjs/stargate";
import {
  activationSignBytes,
  fromHex,
  keyTypeFromCode,
  leafHash,
  msg,
  parseDeviceId,
  verifyMerkleProof,
  verifySignature,
  type KeyTypeName,
} from "@atonomi/client";
import { Device, Policy } from "@atonomi/client/atonomi/device/v1/device";
import { MerkleProof, MsgAcceptWallet, MsgActivateDevice, MsgOfferWallet, MsgSetPolicy } from "@atonomi/client/atonomi/device/v1/tx";

import { account, jsonSetting, queries, required, runIfMain, type Env } from "./env.js";

/** WALLET_OFFER_BLOCKS is how long the wallet has to accept the owner's offer. */
const WALLET_OFFER_BLOCKS = 100n;

export async function main(env: Env): Promise<unknown> {
  const rpc = required(env, "ATONOMI_RPC");
  const deviceId = required(env, "DEVICE_ID");
  parseDeviceId(deviceId);
  const signature = fromHex(required(env, "DEVICE_PROOF"), "device proof");
  const owner = await account(rpc, required(env, "OWNER_MNEMONIC"));
  const { query, disconnect } = await queries(rpc);
  try {
    const chainId = await owner.client.getChainId();

    // The key the proof must verify under.
    let keyType: KeyTypeName;
    let publicKey: Uint8Array;
    let merkleProof: MerkleProof | undefined;
    if (env.MERKLE_PROOF) {
      merkleProof = MerkleProof.fromJSON(jsonSetting(env, "MERKLE_PROOF"));
      keyType = keyTypeFromCode(merkleProof.keyType);
      publicKey = merkleProof.publicKey;
      const { whitelist } = await query.atonomi.device.Whitelist({ root: merkleProof.root, manufacturerId: merkleProof.manufacturerId });
      const leaf = leafHash({ id: deviceId, keyType, publicKey });
      if (!whitelist || !verifyMerkleProof(fromHex(whitelist.root), leaf, merkleProof.siblings.map((s) => fromHex(s)))) {
        throw new Error(`device ${deviceId} is not in ${merkleProof.manufacturerId}'s whitelist ${merkleProof.root}`);
      }
    } else {
      const { device } = await query.atonomi.device.Device({ id: deviceId });
      keyType = keyTypeFromCode(device!.keyType);
      publicKey = device!.publicKey;
    }
    if (!verifySignature(keyType, publicKey, activationSignBytes(chainId, deviceId, owner.address), signature)) {
      throw new Error(`the proof is not the ${keyType} signature of device ${deviceId} for ${owner.address} on ${chainId}`);
    }

    const activated = await owner.client.signAndBroadcast(
      owner.address,
      [msg(MsgActivateDevice, { owner: owner.address, deviceId, signature, merkleProof })],
      "auto",
    );
    assertIsDeliverTxSuccess(activated);
    const done: Record<string, unknown> = { chainId, activated: { txhash: activated.transactionHash, height: activated.height } };

    if (env.POLICY) {
      const policy = Policy.fromJSON(jsonSetting(env, "POLICY"));
      const set = await owner.client.signAndBroadcast(owner.address, [msg(MsgSetPolicy, { owner: owner.address, deviceId, policy })], "auto");
      assertIsDeliverTxSuccess(set);
      done.policySet = { txhash: set.transactionHash };
    }

    if (env.WALLET_MNEMONIC) {
      const wallet = await account(rpc, env.WALLET_MNEMONIC);
      const expiryHeight = BigInt(await owner.client.getHeight()) + WALLET_OFFER_BLOCKS;
      const offered = await owner.client.signAndBroadcast(
        owner.address,
        [msg(MsgOfferWallet, { owner: owner.address, deviceId, wallet: wallet.address, expiryHeight })],
        "auto",
      );
      assertIsDeliverTxSuccess(offered);
      const accepted = await wallet.client.signAndBroadcast(
        wallet.address,
        [msg(MsgAcceptWallet, { wallet: wallet.address, deviceId, owner: owner.address })],
        "auto",
      );
      assertIsDeliverTxSuccess(accepted);
      wallet.client.disconnect();
      done.walletLinked = { wallet: wallet.address, txhash: accepted.transactionHash };
    }

    const { device } = await query.atonomi.device.Device({ id: deviceId });
    const reputation = await query.atonomi.reputation.DeviceReputation({ deviceId });
    return {
      ...done,
      device: Device.toJSON(device!),
      reputation: { defaultValue: reputation.defaultValue, excluded: reputation.excluded, aggregates: reputation.aggregates.length },
    };
  } finally {
    owner.client.disconnect();
    disconnect();
  }
}

runIfMain(import.meta.url, main);
