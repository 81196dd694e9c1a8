// Checks the device helpers against every vector of devicekit/testdata/vectors.json,
// the way devicekit/vectors_test.go checks devicekit itself.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";

import { toBech32 } from "@cosmjs/encoding";
import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

import {
  activationSignBytes,
  deviceId,
  deviceKeyFromSeed,
  DevicekitError,
  formatDeviceId,
  fromHex,
  generateDeviceKey,
  KEY_TYPES,
  keyTypeFromCode,
  keyTypeNames,
  leafHash,
  maxProofLen,
  MerkleTree,
  parseDeviceId,
  parseKeyType,
  paymentIntentSignBytes,
  toHex,
  validatePublicKey,
  verifyMerkleProof,
  verifySignature,
  type PaymentIntent,
} from "../src/device.js";
import { loadVectors, type PaymentVector } from "./vectors.js";

const vf = loadVectors();

function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[at] = out[at]! ^ 0x01;
  return out;
}

/** highS returns the other, high-S form (r, n - s) of a low-S ECDSA signature. */
function highS(kt: "secp256k1" | "secp256r1", sig: Uint8Array): Uint8Array {
  const n = (kt === "secp256k1" ? secp256k1 : p256).Point.CURVE().n;
  const s = BigInt(`0x${toHex(sig.subarray(32))}`);
  const out = Uint8Array.from(sig);
  out.set(fromHex((n - s).toString(16).padStart(64, "0")), 32);
  return out;
}

describe("activation vectors", () => {
  it("cover every key type", () => {
    assert.deepEqual(
      vf.activation.map((v) => v.key_type),
      keyTypeNames(),
    );
  });

  for (const v of vf.activation) {
    describe(v.key_type, () => {
      const kt = parseKeyType(v.key_type);
      const pub = fromHex(v.public_key);
      const sig = fromHex(v.signature);
      const signBytes = fromHex(v.sign_bytes);

      it("has the key-type code of the wire formats", () => {
        assert.equal(KEY_TYPES[kt].code, v.key_type_code);
        assert.equal(keyTypeFromCode(v.key_type_code), kt);
      });

      it("derives the device id from salt and serial", () => {
        assert.equal(sha256Hex(v.salt + v.serial), v.device_id);
        assert.equal(formatDeviceId(deviceId(v.salt, v.serial)), v.device_id);
        assert.deepEqual(parseDeviceId(v.device_id), deviceId(v.salt, v.serial));
      });

      it("rebuilds the sign bytes exactly", () => {
        assert.equal(toHex(activationSignBytes(v.chain_id, v.device_id, fromHex(v.owner))), v.sign_bytes);
      });

      it("reads the owner from its bech32 text the same as from its bytes", () => {
        const bech32 = toBech32("atonomi", fromHex(v.owner));
        assert.deepEqual(activationSignBytes(v.chain_id, parseDeviceId(v.device_id), bech32), signBytes);
      });

      it("derives the public key from the private key", () => {
        assert.equal(sha256Hex(v.private_key_derivation), v.private_key);
        const key = deviceKeyFromSeed(kt, fromHex(v.private_key));
        assert.deepEqual(key.publicKey, pub);
        assert.equal(pub.length, KEY_TYPES[kt].publicKeySize);
        validatePublicKey(kt, pub);
      });

      it("verifies the stored signature", () => {
        assert.equal(sig.length, KEY_TYPES[kt].signatureSize);
        assert.equal(verifySignature(kt, pub, signBytes, sig), true);
      });

      it("signs again to the stored signature", () => {
        const again = deviceKeyFromSeed(kt, fromHex(v.private_key)).sign(signBytes);
        assert.equal(verifySignature(kt, pub, signBytes, again), true);
        assert.equal(v.deterministic, true);
        assert.equal(toHex(again), v.signature);
      });

      it("refuses the signature for another owner, another chain or a changed byte", () => {
        const otherOwner = activationSignBytes(v.chain_id, v.device_id, flipped(fromHex(v.owner), 0));
        const otherChain = activationSignBytes(`${v.chain_id}x`, v.device_id, fromHex(v.owner));
        assert.equal(verifySignature(kt, pub, otherOwner, sig), false);
        assert.equal(verifySignature(kt, pub, otherChain, sig), false);
        assert.equal(verifySignature(kt, pub, signBytes, flipped(sig, sig.length - 1)), false);
        assert.equal(verifySignature(kt, pub, signBytes, sig.subarray(1)), false);
      });

      if (kt === "secp256k1" || kt === "secp256r1") {
        it("refuses the high-S form of the stored signature", () => {
          assert.equal(verifySignature(kt, pub, signBytes, highS(kt, sig)), false);
        });
      }
    });
  }
});

function intentOf(v: PaymentVector): PaymentIntent {
  return {
    chainId: v.chain_id,
    payer: v.payer_device_id,
    payee: v.payee_device_id,
    wallet: fromHex(v.wallet),
    amount: v.amount,
    nonce: BigInt(v.nonce),
    validUntil: BigInt(v.valid_until),
    location: v.location,
  };
}

describe("payment vectors", () => {
  it("cover every key type, with and without a location", () => {
    assert.deepEqual(
      vf.payment.map((v) => v.key_type),
      keyTypeNames(),
    );
    assert.ok(vf.payment.some((v) => v.location === ""));
    assert.ok(vf.payment.some((v) => v.location !== ""));
  });

  for (const v of vf.payment) {
    describe(v.key_type, () => {
      const kt = parseKeyType(v.key_type);
      const pub = fromHex(v.public_key);
      const sig = fromHex(v.signature);

      it("rebuilds the sign bytes exactly", () => {
        assert.equal(KEY_TYPES[kt].code, v.key_type_code);
        assert.equal(toHex(paymentIntentSignBytes(intentOf(v))), v.sign_bytes);
      });

      it("takes ids as bytes, numbers as numbers and the wallet as bech32 alike", () => {
        const alike: PaymentIntent = {
          ...intentOf(v),
          payer: parseDeviceId(v.payer_device_id),
          payee: parseDeviceId(v.payee_device_id),
          wallet: toBech32("atonomi", fromHex(v.wallet)),
          nonce: v.nonce,
          validUntil: v.valid_until,
        };
        assert.equal(toHex(paymentIntentSignBytes(alike)), v.sign_bytes);
      });

      it("verifies the stored signature and signs again to it", () => {
        const signBytes = paymentIntentSignBytes(intentOf(v));
        assert.equal(verifySignature(kt, pub, signBytes, sig), true);
        const key = deviceKeyFromSeed(kt, fromHex(v.private_key));
        assert.deepEqual(key.publicKey, pub);
        assert.equal(v.deterministic, true);
        assert.equal(toHex(key.sign(signBytes)), v.signature);
      });

      it("refuses the signature for another nonce, amount or payee", () => {
        const base = intentOf(v);
        for (const changed of [
          { ...base, nonce: BigInt(v.nonce) + 1n },
          { ...base, amount: `${v.amount}0` },
          { ...base, payee: base.payer },
        ]) {
          assert.equal(verifySignature(kt, pub, paymentIntentSignBytes(changed), sig), false);
        }
      });
    });
  }
});

describe("merkle vectors", () => {
  const mv = vf.merkle;
  const entries = mv.entries.map((e) => ({ id: e.device_id, keyType: parseKeyType(e.key_type), publicKey: fromHex(e.public_key) }));

  it("pin one leaf of every key type", () => {
    assert.equal(mv.entries.length, 5);
    assert.equal(mv.len, mv.entries.length);
    assert.deepEqual(new Set(mv.entries.map((e) => e.key_type)), new Set(keyTypeNames()));
  });

  it("derive each entry's id from its serial and each leaf from the entry", () => {
    for (const e of mv.entries) {
      assert.equal(formatDeviceId(deviceId("acme-salt", e.serial)), e.device_id);
      assert.equal(KEY_TYPES[parseKeyType(e.key_type)].code, e.key_type_code);
      assert.equal(toHex(leafHash({ id: e.device_id, keyType: parseKeyType(e.key_type), publicKey: fromHex(e.public_key) })), e.leaf);
    }
  });

  it("build the root and the length", () => {
    const tree = MerkleTree.build(entries);
    assert.equal(toHex(tree.root), mv.root);
    assert.equal(tree.len, mv.len);
    assert.equal(MerkleTree.fromLeaves(mv.entries.map((e) => fromHex(e.leaf))).len, mv.len);
    assert.equal(toHex(MerkleTree.fromLeaves(mv.entries.map((e) => fromHex(e.leaf))).root), mv.root);
  });

  it("give the stored proofs, which verify", () => {
    const tree = MerkleTree.build(entries);
    const root = fromHex(mv.root);
    assert.equal(mv.proofs.length, 2);
    for (const pv of mv.proofs) {
      assert.equal(toHex(tree.leaf(pv.index)), pv.leaf);
      assert.deepEqual(tree.proof(pv.index).map(toHex), pv.proof);
      assert.ok(pv.proof.length <= maxProofLen(mv.len));
      assert.equal(verifyMerkleProof(root, fromHex(pv.leaf), pv.proof.map((p) => fromHex(p))), true);
    }
  });

  it("refuse a proof for another leaf or with a changed sibling", () => {
    const root = fromHex(mv.root);
    const [a, b] = mv.proofs;
    assert.equal(verifyMerkleProof(root, fromHex(a!.leaf), b!.proof.map((p) => fromHex(p))), false);
    const bad = a!.proof.map((p) => fromHex(p));
    bad[0] = flipped(bad[0]!, 0);
    assert.equal(verifyMerkleProof(root, fromHex(a!.leaf), bad), false);
  });

  it("prove every leaf of trees of one to nine leaves", () => {
    for (let n = 1; n <= 9; n++) {
      const leaves = Array.from({ length: n }, (_, i) => deviceId("acme-salt", `SN-${i}`));
      const tree = MerkleTree.fromLeaves(leaves);
      for (let i = 0; i < n; i++) {
        const proof = tree.proof(i);
        assert.ok(proof.length <= maxProofLen(n), `n=${n} i=${i}`);
        assert.equal(verifyMerkleProof(tree.root, leaves[i]!, proof), true, `n=${n} i=${i}`);
      }
    }
  });
});

describe("canonical forms", () => {
  const id = vf.activation[0]!.device_id;

  it("refuses an upper-case or mixed-case device id", () => {
    assert.throws(() => parseDeviceId(id.toUpperCase()), /not canonical: use lower case/);
    assert.throws(() => parseDeviceId(`${id.slice(0, 63)}A`), /not canonical/);
  });

  it("refuses a device id of the wrong length", () => {
    assert.throws(() => parseDeviceId(id.slice(2)), DevicekitError);
    assert.throws(() => activationSignBytes("c", new Uint8Array(31), new Uint8Array(20)), /device id/);
  });

  it("refuses an upper-case bech32 address", () => {
    const owner = toBech32("atonomi", new Uint8Array(20).fill(7));
    assert.throws(() => activationSignBytes("c", id, owner.toUpperCase()), /not canonical/);
  });

  it("refuses an empty chain id or owner, and a chain id that is not UTF-8", () => {
    assert.throws(() => activationSignBytes("", id, new Uint8Array(20)), /chain id/);
    assert.throws(() => activationSignBytes("c", id, new Uint8Array(0)), /owner/);
    assert.throws(() => activationSignBytes("c\ud800", id, new Uint8Array(20)), /not valid UTF-8/);
  });

  it("refuses amounts that are zero, signed, have a leading zero or are not digits", () => {
    const p = intentOf(vf.payment[0]!);
    for (const amount of ["", "0", "01", "-5", "+5", "1.5", "1e3", " 12"]) {
      assert.throws(() => paymentIntentSignBytes({ ...p, amount }), /amount/, amount);
    }
  });

  it("refuses a nonce or height outside 64 bits", () => {
    const p = intentOf(vf.payment[0]!);
    assert.throws(() => paymentIntentSignBytes({ ...p, nonce: -1n }), /nonce/);
    assert.throws(() => paymentIntentSignBytes({ ...p, validUntil: 1n << 64n }), /valid until/);
    assert.ok(paymentIntentSignBytes({ ...p, validUntil: (1n << 64n) - 1n }).length > 0);
  });
});

describe("keys", () => {
  it("refuse an unknown key type", () => {
    assert.throws(() => parseKeyType("rsa"), /unknown key type/);
    assert.throws(() => keyTypeFromCode(5), /unknown key type code/);
  });

  it("refuse public keys of the wrong size or uncompressed points", () => {
    const k1 = vf.activation.find((v) => v.key_type === "secp256k1")!;
    const pub = fromHex(k1.public_key);
    assert.throws(() => validatePublicKey("secp256k1", pub.subarray(1)), /33/);
    const uncompressed = secp256k1.Point.fromBytes(pub).toBytes(false);
    assert.throws(() => validatePublicKey("secp256k1", uncompressed), DevicekitError);
    const bad = Uint8Array.from(pub);
    bad[0] = 0x04;
    assert.throws(() => validatePublicKey("secp256k1", bad), /not a compressed point/);
    assert.equal(verifySignature("secp256k1", bad, fromHex(k1.sign_bytes), fromHex(k1.signature)), false);
  });

  it("refuse a signature by a key of another type", () => {
    const [k1, ed] = vf.activation;
    assert.equal(verifySignature("secp256r1", fromHex(k1!.public_key), fromHex(k1!.sign_bytes), fromHex(k1!.signature)), false);
    assert.equal(verifySignature("ed25519", fromHex(ed!.public_key).subarray(0, 32), fromHex(k1!.sign_bytes), fromHex(k1!.signature)), false);
  });

  it("refuse a scalar that is not below the group order", () => {
    assert.throws(() => deviceKeyFromSeed("secp256k1", new Uint8Array(32).fill(0xff)), /invalid private key/);
    assert.throws(() => deviceKeyFromSeed("secp256r1", new Uint8Array(32)), /invalid private key/);
    assert.throws(() => deviceKeyFromSeed("ed25519", new Uint8Array(31)), /32/);
  });

  for (const kt of keyTypeNames()) {
    it(`generate ${kt} keys whose signatures verify`, () => {
      const key = generateDeviceKey(kt);
      const msg = activationSignBytes("atonomi-test-1", deviceId("s", "n"), new Uint8Array(20).fill(1));
      validatePublicKey(kt, key.publicKey);
      assert.equal(verifySignature(kt, key.publicKey, msg, key.sign(msg)), true);
      assert.notDeepEqual(generateDeviceKey(kt).publicKey, key.publicKey);
    });
  }
});
