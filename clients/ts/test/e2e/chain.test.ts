// End to end: a single-node chain, driven through CosmJS with the package's
// types, and the examples run against it as their users would run them.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";

import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { assertIsDeliverTxSuccess, type SigningStargateClient } from "@cosmjs/stargate";

import {
  activationSignBytes,
  BECH32_PREFIX,
  connectAtonomiQueryClient,
  connectAtonomiSigningClient,
  deviceId,
  deviceKeyFromSeed,
  formatDeviceId,
  MerkleTree,
  msg,
  paymentIntentSignBytes,
  toHex,
  KEY_TYPES,
  type AtonomiQueryClient,
  type DeviceKey,
  type KeyTypeName,
} from "../../src/index.js";
import { MsgAddAuditor } from "../../src/generated/atonomi/auditor/v1/tx.js";
import { KeyType, Status } from "../../src/generated/atonomi/device/v1/device.js";
import { MsgActivateDevice, MsgCommitWhitelist, MsgRegisterDevices } from "../../src/generated/atonomi/device/v1/tx.js";
import { MsgAddManufacturer } from "../../src/generated/atonomi/manufacturer/v1/tx.js";
import { MsgWriteScores } from "../../src/generated/atonomi/reputation/v1/tx.js";
import { repoPath } from "../vectors.js";
import { startLocalChain, type LocalChain } from "./localchain.js";

const run = promisify(execFile);

/** Party is a funded account of the test chain. */
interface Party {
  readonly mnemonic: string;
  readonly address: string;
  client?: SigningStargateClient;
}

async function party(): Promise<Party> {
  const wallet = await DirectSecp256k1HdWallet.generate(24, { prefix: BECH32_PREFIX });
  const [first] = await wallet.getAccounts();
  return { mnemonic: wallet.mnemonic, address: first!.address };
}

/** SimDevice is a device as the factory made it: its key, its serial and its id. */
interface SimDevice {
  readonly serial: string;
  readonly id: string;
  readonly key: DeviceKey;
}

function simDevice(kt: KeyTypeName, serial: string): SimDevice {
  const seed = createHash("sha256").update(`atonomi-ts-e2e/${serial}`).digest();
  return { serial, id: formatDeviceId(deviceId("acme-salt", serial)), key: deviceKeyFromSeed(kt, seed) };
}

const keyTypeEnum: Record<KeyTypeName, KeyType> = {
  secp256k1: KeyType.KEY_TYPE_SECP256K1,
  ed25519: KeyType.KEY_TYPE_ED25519,
  secp256r1: KeyType.KEY_TYPE_SECP256R1,
  mldsa65: KeyType.KEY_TYPE_MLDSA65,
};

/** example runs one of the compiled examples with env as its settings and returns its JSON output. */
async function example(name: string, env: Record<string, string>): Promise<any> {
  const path = fileURLToPath(new URL(`../../examples/${name}.js`, import.meta.url));
  try {
    const { stdout } = await run(process.execPath, [path], { env: { ...process.env, ...env }, timeout: 120_000 });
    return JSON.parse(stdout);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`examples/${name}: ${e.stderr || e.message}`);
  }
}

describe("a single-node chain through CosmJS", { timeout: 600_000 }, () => {
  let chain: LocalChain;
  let q: AtonomiQueryClient;
  let registrar: Party, acmeOps: Party, alice: Party, bob: Party, auditor: Party, gateway: Party;

  // Two devices of a whitelist batch, three of a Merkle whitelist.
  const batch = [simDevice("secp256r1", "SN-E2E-0001"), simDevice("ed25519", "SN-E2E-0002")];
  const merkle = [simDevice("secp256k1", "SN-E2E-0101"), simDevice("mldsa65", "SN-E2E-0102"), simDevice("ed25519", "SN-E2E-0103")];
  const tree = MerkleTree.build(merkle.map((d) => ({ id: d.id, keyType: d.key.keyType, publicKey: d.key.publicKey })));

  const send = async (who: Party, msgs: ReturnType<typeof msg>[]) => {
    const result = await who.client!.signAndBroadcast(who.address, msgs, "auto");
    assertIsDeliverTxSuccess(result);
    return result;
  };

  before(async () => {
    [registrar, acmeOps, alice, bob, auditor, gateway] = await Promise.all(Array.from({ length: 6 }, party));
    chain = await startLocalChain({
      dir: repoPath("build/ts-e2e"),
      chainId: "atonomi-ts-e2e",
      funded: [registrar, acmeOps, alice, bob, auditor, gateway].map((p) => p.address),
      registrars: [registrar.address],
    });
    for (const p of [registrar, acmeOps, alice, auditor]) {
      p.client = await connectAtonomiSigningClient(chain.rpc, await DirectSecp256k1HdWallet.fromMnemonic(p.mnemonic, { prefix: BECH32_PREFIX }));
    }
    q = await connectAtonomiQueryClient(chain.rpc);
  });

  after(async () => {
    for (const p of [registrar, acmeOps, alice, auditor]) p?.client?.disconnect();
    q?.disconnect();
    await chain?.stop();
  });

  it("admits a manufacturer and an auditor, registers and commits whitelists, activates a device and writes a score", async () => {
    await send(registrar, [
      msg(MsgAddManufacturer, {
        authority: registrar.address,
        id: "acme",
        name: "ACME Devices Ltd",
        operators: [acmeOps.address],
        defaultReputation: 5000,
        authKeyHash: createHash("sha256").update("acme-salt:acme-authorization-key").digest(),
      }),
      msg(MsgAddAuditor, {
        authority: registrar.address,
        id: "sentinel",
        name: "Sentinel Security",
        operator: auditor.address,
        reputationTypes: ["security", "service-quality"],
        weight: 100,
      }),
    ]);

    await send(acmeOps, [
      msg(MsgRegisterDevices, {
        operator: acmeOps.address,
        manufacturerId: "acme",
        devices: batch.map((d) => ({
          id: d.id,
          keyType: keyTypeEnum[d.key.keyType],
          publicKey: d.key.publicKey,
          protocols: ["mqtt"],
          deviceType: "smart-meter",
        })),
      }),
      msg(MsgCommitWhitelist, {
        operator: acmeOps.address,
        manufacturerId: "acme",
        root: toHex(tree.root),
        count: BigInt(tree.len),
        protocols: ["ble"],
        deviceType: "tracker",
      }),
    ]);
    for (const d of batch) {
      const { device } = await q.query.atonomi.device.Device({ id: d.id });
      assert.equal(device!.status, Status.STATUS_REGISTERED);
      assert.deepEqual(device!.publicKey, d.key.publicKey);
    }
    const { whitelist } = await q.query.atonomi.device.Whitelist({ manufacturerId: "acme", root: toHex(tree.root) });
    assert.equal(whitelist!.count, BigInt(merkle.length));

    // The device signs its proof for alice; alice submits it.
    const [meter] = batch;
    const proof = meter!.key.sign(activationSignBytes(chain.chainId, meter!.id, alice.address));
    assert.equal(proof.length, KEY_TYPES.secp256r1.signatureSize);
    await send(alice, [msg(MsgActivateDevice, { owner: alice.address, deviceId: meter!.id, signature: proof })]);

    await send(auditor, [
      msg(MsgWriteScores, { operator: auditor.address, scores: [{ deviceId: meter!.id, reputationType: "security", score: 7000 }] }),
    ]);

    const { device } = await q.query.atonomi.device.Device({ id: meter!.id });
    assert.equal(device!.status, Status.STATUS_ACTIVE);
    assert.equal(device!.owner, alice.address);
    assert.ok(device!.activatedHeight > 0n);
    const { aggregate } = await q.query.atonomi.reputation.Aggregate({ deviceId: meter!.id, reputationType: "security" });
    assert.equal(aggregate!.value, 7000);
    assert.equal(aggregate!.auditors, 1);
    const { manufacturer } = await q.query.atonomi.manufacturer.Manufacturer({ id: "acme" });
    // A committed root counts its leaves as registered devices.
    assert.equal(manufacturer!.devicesRegistered, BigInt(batch.length + merkle.length));
    assert.equal(manufacturer!.devicesActive, 1n);
  });

  it("refuses a proof the device made for another owner, and changes nothing", async () => {
    const [, sensor] = batch;
    const forAlice = sensor!.key.sign(activationSignBytes(chain.chainId, sensor!.id, alice.address));
    const bobClient = await connectAtonomiSigningClient(chain.rpc, await DirectSecp256k1HdWallet.fromMnemonic(bob.mnemonic, { prefix: BECH32_PREFIX }));
    try {
      // A fixed fee: simulation ("auto") would already refuse it.
      const result = await bobClient.signAndBroadcast(
        bob.address,
        [msg(MsgActivateDevice, { owner: bob.address, deviceId: sensor!.id, signature: forAlice })],
        { amount: [{ denom: "uatmi", amount: "4000" }], gas: "400000" },
      );
      assert.notEqual(result.code, 0);
      assert.ok(result.events.some((e) => e.type === "atonomi.device.v1.EventActivationFailed"), result.rawLog);
    } finally {
      bobClient.disconnect();
    }
    const { device } = await q.query.atonomi.device.Device({ id: sensor!.id });
    assert.equal(device!.status, Status.STATUS_REGISTERED);
    assert.equal(device!.owner, "");
  });

  it("the owner app activates a device from its proof, sets a policy and links a wallet", async () => {
    const [, sensor] = batch;
    const out = await example("owner", {
      ATONOMI_RPC: chain.rpc,
      OWNER_MNEMONIC: alice.mnemonic,
      DEVICE_ID: sensor!.id,
      DEVICE_PROOF: toHex(sensor!.key.sign(activationSignBytes(chain.chainId, sensor!.id, alice.address))),
      POLICY: JSON.stringify({ spending_limits: { per_minute: "1000", per_hour: "20000", per_day: "100000" }, regions: ["DE"] }),
      WALLET_MNEMONIC: bob.mnemonic,
    });
    assert.equal(out.chainId, chain.chainId);
    assert.equal(out.device.status, "STATUS_ACTIVE");
    assert.equal(out.reputation.defaultValue, 5000);

    const { device } = await q.query.atonomi.device.Device({ id: sensor!.id });
    assert.equal(device!.status, Status.STATUS_ACTIVE);
    assert.equal(device!.owner, alice.address);
    assert.equal(device!.wallet, bob.address);
    assert.deepEqual(device!.policy!.regions, ["DE"]);
    assert.equal(device!.policy!.spendingLimits!.perMinute, "1000");
  });

  it("the owner app activates a device of the Merkle whitelist with its inclusion proof", async () => {
    const index = 1;
    const pq = merkle[index]!;
    const merkleProof = {
      root: toHex(tree.root),
      manufacturer_id: "acme",
      key_type: "KEY_TYPE_MLDSA65",
      public_key: Buffer.from(pq.key.publicKey).toString("base64"),
      siblings: tree.proof(index).map(toHex),
    };
    const out = await example("owner", {
      ATONOMI_RPC: chain.rpc,
      OWNER_MNEMONIC: alice.mnemonic,
      DEVICE_ID: pq.id,
      DEVICE_PROOF: toHex(pq.key.sign(activationSignBytes(chain.chainId, pq.id, alice.address))),
      MERKLE_PROOF: JSON.stringify(merkleProof),
    });
    assert.equal(out.device.status, "STATUS_ACTIVE");
    const { device } = await q.query.atonomi.device.Device({ id: pq.id });
    assert.equal(device!.status, Status.STATUS_ACTIVE);
    assert.equal(device!.keyType, KeyType.KEY_TYPE_MLDSA65);
    assert.equal(device!.manufacturerId, "acme");
    assert.equal(device!.owner, alice.address);
  });

  it("the auditor writes a batch of scores", async () => {
    const [meter, sensor] = batch;
    const out = await example("auditor", {
      ATONOMI_RPC: chain.rpc,
      AUDITOR_MNEMONIC: auditor.mnemonic,
      SCORES: JSON.stringify([
        { device_id: meter!.id, reputation_type: "service-quality", score: 6000 },
        { device_id: sensor!.id, reputation_type: "security", score: 8000 },
        { device_id: merkle[1]!.id, reputation_type: "security", score: 9000 },
      ]),
    });
    assert.equal(out.written, "3");
    const { aggregates } = await q.query.atonomi.reputation.DeviceReputation({ deviceId: sensor!.id });
    assert.deepEqual(
      aggregates.map((a) => [a.reputationType, a.value]),
      [["security", 8000]],
    );
    const { aggregate } = await q.query.atonomi.reputation.Aggregate({ deviceId: meter!.id, reputationType: "service-quality" });
    assert.equal(aggregate!.value, 6000);
  });

  it("the gateway relays a payment the device signed, paid from its linked wallet", async () => {
    const [, sensor] = batch;
    const payee = merkle[1]!;
    const { nonce } = await q.query.atonomi.payment.Nonce({ deviceId: sensor!.id });
    const validUntil = BigInt(await q.comet.status().then((s) => s.syncInfo.latestBlockHeight)) + 50n;
    const intent = {
      chainId: chain.chainId,
      payer: sensor!.id,
      payee: payee.id,
      wallet: bob.address,
      amount: "250",
      nonce,
      validUntil,
      location: "DE",
    };
    const signature = sensor!.key.sign(paymentIntentSignBytes(intent));
    const balance = async (address: string) => BigInt((await alice.client!.getBalance(address, "uatmi")).amount);
    const [bobBefore, aliceBefore, gatewayBefore] = await Promise.all([bob.address, alice.address, gateway.address].map(balance));

    const out = await example("gateway", {
      ATONOMI_RPC: chain.rpc,
      GATEWAY_MNEMONIC: gateway.mnemonic,
      INTENT: JSON.stringify({
        payer_device_id: sensor!.id,
        payee_device_id: payee.id,
        wallet: bob.address,
        amount: "250",
        nonce: nonce.toString(),
        valid_until: validUntil.toString(),
        location: "DE",
        signature: toHex(signature),
      }),
    });
    assert.equal(out.nextNonce, (nonce + 1n).toString());

    const [bobAfter, aliceAfter, gatewayAfter] = await Promise.all([bob.address, alice.address, gateway.address].map(balance));
    const commission = BigInt(out.commission);
    assert.ok(commission > 0n, "no payment is commission-free");
    assert.equal(bobBefore - bobAfter, 250n + commission, "the wallet pays the amount and the commission");
    assert.equal(aliceAfter - aliceBefore, 250n, "the payee's owner receives the amount");
    assert.ok(gatewayAfter < gatewayBefore, "the gateway pays the gas");
    const { nonce: next } = await q.query.atonomi.payment.Nonce({ deviceId: sensor!.id });
    assert.equal(next, nonce + 1n);
  });
});
