// Device-side helpers with the wire formats of devicekit (SPEC.md, "Wire
// formats"; docs/devices.md and docs/payments.md restate them): device ids,
// the activation message, the payment intent, signatures of the four key
// types and Merkle whitelists. Every function here is checked byte for byte
// against devicekit/testdata/vectors.json by test/device.test.ts.
import { fromBech32 } from "@cosmjs/encoding";
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { ml_dsa65 } from "@noble/post-quantum/ml-dsa.js";

/** DevicekitError is thrown for input that the wire formats refuse. */
export class DevicekitError extends Error {
  override name = "DevicekitError";
}

/** KeyTypeName names a device key type as the chain and devicekit spell it. */
export type KeyTypeName = "secp256k1" | "ed25519" | "secp256r1" | "mldsa65";

interface KeyTypeInfo {
  /** code is the byte that binary forms (Merkle leaves) use. */
  readonly code: number;
  readonly publicKeySize: number;
  readonly signatureSize: number;
}

/** KEY_TYPES lists the key types with their binary code and sizes in bytes. */
export const KEY_TYPES: Readonly<Record<KeyTypeName, KeyTypeInfo>> = Object.freeze({
  secp256k1: { code: 1, publicKeySize: 33, signatureSize: 64 },
  ed25519: { code: 2, publicKeySize: 32, signatureSize: 64 },
  secp256r1: { code: 3, publicKeySize: 33, signatureSize: 64 },
  mldsa65: { code: 4, publicKeySize: 1952, signatureSize: 3309 },
});

/** keyTypeNames returns every key type, in the order of their codes. */
export function keyTypeNames(): KeyTypeName[] {
  return (Object.keys(KEY_TYPES) as KeyTypeName[]).sort((a, b) => KEY_TYPES[a].code - KEY_TYPES[b].code);
}

/** parseKeyType checks that s names a key type. */
export function parseKeyType(s: string): KeyTypeName {
  if (!Object.hasOwn(KEY_TYPES, s)) {
    throw new DevicekitError(`unknown key type ${JSON.stringify(s)}`);
  }
  return s as KeyTypeName;
}

/** keyTypeFromCode maps a binary key-type code (1..4) to its name. */
export function keyTypeFromCode(code: number): KeyTypeName {
  const name = keyTypeNames().find((kt) => KEY_TYPES[kt].code === code);
  if (name === undefined) {
    throw new DevicekitError(`unknown key type code ${code}`);
  }
  return name;
}

const ID_SIZE = 32;
const textEncoder = new TextEncoder();

/** bytesOf encodes text as UTF-8 and passes bytes through. */
function bytesOf(v: Uint8Array | string): Uint8Array {
  return typeof v === "string" ? textEncoder.encode(v) : v;
}

/** toHex is lower-case hex, the canonical text form of ids, roots and hashes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** fromHex decodes lower-case hex and refuses any other spelling. */
export function fromHex(s: string, what = "hex"): Uint8Array {
  if (s.length % 2 !== 0 || !/^[0-9a-f]*$/.test(s)) {
    const hint = /^[0-9a-fA-F]*$/.test(s) && s.length % 2 === 0 ? ": not canonical: use lower case" : "";
    throw new DevicekitError(`invalid ${what} ${JSON.stringify(s)}${hint}`);
  }
  return Uint8Array.from(Buffer.from(s, "hex"));
}

/** deviceId is SHA-256(salt || serial), the 32-byte device id. */
export function deviceId(salt: Uint8Array | string, serial: Uint8Array | string): Uint8Array {
  const s = bytesOf(salt);
  const n = bytesOf(serial);
  const buf = new Uint8Array(s.length + n.length);
  buf.set(s, 0);
  buf.set(n, s.length);
  return sha256(buf);
}

/** formatDeviceId is the text form of an id: 64 lower-case hex characters. */
export function formatDeviceId(id: Uint8Array): string {
  checkId(id, "device id");
  return toHex(id);
}

/** parseDeviceId decodes the text form of an id, refusing non-canonical spellings. */
export function parseDeviceId(s: string): Uint8Array {
  if (s.length !== 2 * ID_SIZE) {
    throw new DevicekitError(`invalid device id: want ${2 * ID_SIZE} lower-case hex characters, got ${s.length}`);
  }
  return fromHex(s, "device id");
}

function checkId(id: Uint8Array, what: string): void {
  if (id.length !== ID_SIZE) {
    throw new DevicekitError(`invalid ${what}: ${id.length} bytes, want ${ID_SIZE}`);
  }
}

/** idBytes accepts an id as 32 bytes or as its canonical text form. */
function idBytes(id: Uint8Array | string, what: string): Uint8Array {
  if (typeof id === "string") return parseDeviceId(id);
  checkId(id, what);
  return id;
}

/** BECH32_LIMIT is BIP-173's bound on the length of a bech32 string. */
const BECH32_LIMIT = 90;

/**
 * addressBytes accepts an account address as its raw bytes or as bech32
 * text (lower case only, as the chain stores it). The wire formats carry
 * the raw bytes, never the text.
 */
export function addressBytes(address: Uint8Array | string): Uint8Array {
  if (typeof address !== "string") return address;
  if (address !== address.toLowerCase()) {
    throw new DevicekitError(`invalid address ${JSON.stringify(address)}: not canonical: use lower case`);
  }
  // An explicit limit: @scure/base 2.3 and later refuse CosmJS's default (Infinity).
  return fromBech32(address, BECH32_LIMIT).data;
}

/** Field is one part of a sign-bytes message. */
type Field = Uint8Array;

function u16(n: number): Field {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, n);
  return b;
}

function u64(n: bigint | number, what: string): Field {
  const v = BigInt(n);
  if (v < 0n || v > 0xffff_ffff_ffff_ffffn) {
    throw new DevicekitError(`invalid ${what}: ${v} is not an unsigned 64-bit integer`);
  }
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v);
  return b;
}

/** lengthPrefixed is u16be(len(bytes)) || bytes, after checking the bounds. */
function lengthPrefixed(bytes: Uint8Array, what: string, min: number): Field {
  if (bytes.length < min || bytes.length > 0xffff) {
    throw new DevicekitError(`invalid ${what}: length ${bytes.length}, want ${min}..65535`);
  }
  return concat([u16(bytes.length), bytes]);
}

/** utf8 encodes s, refusing lone surrogates (which have no UTF-8 form). */
function utf8(s: string, what: string): Uint8Array {
  if (!s.isWellFormed()) {
    throw new DevicekitError(`invalid ${what}: not valid UTF-8`);
  }
  return textEncoder.encode(s);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** ACTIVATION_DOMAIN starts every activation message. */
export const ACTIVATION_DOMAIN = "atonomi-activation-v1";

/**
 * activationSignBytes is the activation message M that the device key signs:
 * "atonomi-activation-v1" || u16be(len(chain id)) || chain id || device id
 * || u16be(len(owner)) || owner's raw address bytes.
 */
export function activationSignBytes(chainId: string, id: Uint8Array | string, owner: Uint8Array | string): Uint8Array {
  return concat([
    textEncoder.encode(ACTIVATION_DOMAIN),
    lengthPrefixed(utf8(chainId, "chain id"), "chain id", 1),
    idBytes(id, "device id"),
    lengthPrefixed(addressBytes(owner), "owner address", 1),
  ]);
}

/** PAYMENT_DOMAIN starts every payment intent. */
export const PAYMENT_DOMAIN = "atonomi-payment-v1";

/** PaymentIntent is what a device signs to pay another device. */
export interface PaymentIntent {
  readonly chainId: string;
  /** payer and payee are device ids, as bytes or their text form. */
  readonly payer: Uint8Array | string;
  readonly payee: Uint8Array | string;
  /** wallet is the paying wallet, as raw address bytes or bech32. */
  readonly wallet: Uint8Array | string;
  /** amount in uatmi: decimal digits, no sign, no leading zeros. */
  readonly amount: string;
  readonly nonce: bigint | number;
  /** validUntil is the last block height at which the intent is accepted. */
  readonly validUntil: bigint | number;
  /** location the device attests; empty (or omitted) when none. */
  readonly location?: string;
}

function checkAmount(amount: string): void {
  if (amount.length === 0 || amount.length > 0xffff) {
    throw new DevicekitError(`invalid amount: length ${amount.length}, want 1..65535 digits`);
  }
  if (amount[0] === "0") {
    throw new DevicekitError(`invalid amount: ${JSON.stringify(amount)} is zero or has a leading zero`);
  }
  if (!/^[0-9]+$/.test(amount)) {
    throw new DevicekitError(`invalid amount: ${JSON.stringify(amount)} is not decimal digits`);
  }
}

/**
 * paymentIntentSignBytes is the payment intent P: "atonomi-payment-v1"
 * || u16be(len(chain id)) || chain id || payer id || payee id
 * || u16be(len(wallet)) || wallet || u16be(len(amount)) || amount digits
 * || u64be(nonce) || u64be(valid_until) || u16be(len(location)) || location.
 */
export function paymentIntentSignBytes(p: PaymentIntent): Uint8Array {
  checkAmount(p.amount);
  return concat([
    textEncoder.encode(PAYMENT_DOMAIN),
    lengthPrefixed(utf8(p.chainId, "chain id"), "chain id", 1),
    idBytes(p.payer, "payer device id"),
    idBytes(p.payee, "payee device id"),
    lengthPrefixed(addressBytes(p.wallet), "wallet address", 1),
    lengthPrefixed(textEncoder.encode(p.amount), "amount", 1),
    u64(p.nonce, "nonce"),
    u64(p.validUntil, "valid until height"),
    lengthPrefixed(utf8(p.location ?? "", "location"), "location", 0),
  ]);
}

/**
 * validatePublicKey checks a device public key as the chain does: its size,
 * for the elliptic curves a compressed point (0x02 or 0x03) on the curve.
 */
export function validatePublicKey(kt: KeyTypeName, pub: Uint8Array): void {
  const want = KEY_TYPES[kt].publicKeySize;
  if (pub.length !== want) {
    throw new DevicekitError(`invalid public key: ${kt} public key is ${pub.length} bytes, want ${want}`);
  }
  if (kt === "secp256k1" || kt === "secp256r1") {
    if (pub[0] !== 0x02 && pub[0] !== 0x03) {
      throw new DevicekitError(`invalid public key: ${kt} prefix 0x${pub[0]!.toString(16).padStart(2, "0")} is not a compressed point`);
    }
    const curve = kt === "secp256k1" ? secp256k1 : p256;
    try {
      curve.Point.fromBytes(pub).assertValidity();
    } catch {
      throw new DevicekitError(`invalid public key: ${kt}: not a point on the curve`);
    }
  }
}

/**
 * verifySignature reports whether sig is the device key's signature over
 * msg under the chain's rules: ECDSA over SHA-256(msg), 64-byte r || s with
 * low S, for secp256k1 and secp256r1; RFC 8032 Ed25519; ML-DSA-65 with an
 * empty context. A malformed key or signature does not verify.
 */
export function verifySignature(kt: KeyTypeName, pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  try {
    validatePublicKey(kt, pub);
  } catch {
    return false;
  }
  if (sig.length !== KEY_TYPES[kt].signatureSize) return false;
  try {
    switch (kt) {
      case "secp256k1":
        return secp256k1.verify(sig, msg, pub, { prehash: true, lowS: true, format: "compact" });
      case "secp256r1":
        return p256.verify(sig, msg, pub, { prehash: true, lowS: true, format: "compact" });
      case "ed25519":
        return ed25519.verify(sig, msg, pub, { zip215: false });
      case "mldsa65":
        return ml_dsa65.verify(sig, msg, pub);
    }
  } catch {
    return false;
  }
}

/** DeviceKey is a device's key pair, for device software written in TypeScript and for tests. */
export interface DeviceKey {
  readonly keyType: KeyTypeName;
  readonly publicKey: Uint8Array;
  /** sign signs msg under the rules of verifySignature, deterministically. */
  sign(msg: Uint8Array): Uint8Array;
}

/**
 * deviceKeyFromSeed makes a key from the 32-byte form devicekit keeps: the
 * scalar for secp256k1 and secp256r1, the RFC 8032 seed for Ed25519, the
 * FIPS 204 key-generation seed for ML-DSA-65.
 */
export function deviceKeyFromSeed(kt: KeyTypeName, seed: Uint8Array): DeviceKey {
  if (seed.length !== 32) {
    throw new DevicekitError(`invalid private key: ${kt} seed is ${seed.length} bytes, want 32`);
  }
  const own = Uint8Array.from(seed);
  try {
    switch (kt) {
      case "secp256k1":
      case "secp256r1": {
        const curve = kt === "secp256k1" ? secp256k1 : p256;
        const publicKey = curve.getPublicKey(own, true);
        return {
          keyType: kt,
          publicKey,
          sign: (msg) => curve.sign(msg, own, { prehash: true, lowS: true, format: "compact", extraEntropy: false }),
        };
      }
      case "ed25519":
        return { keyType: kt, publicKey: ed25519.getPublicKey(own), sign: (msg) => ed25519.sign(msg, own) };
      case "mldsa65": {
        const { publicKey, secretKey } = ml_dsa65.keygen(own);
        return { keyType: kt, publicKey, sign: (msg) => ml_dsa65.sign(msg, secretKey, { extraEntropy: false }) };
      }
    }
  } catch (err) {
    throw new DevicekitError(`invalid private key: ${kt}: ${(err as Error).message}`);
  }
}

/** generateDeviceKey makes a new key from the platform's secure random source. */
export function generateDeviceKey(kt: KeyTypeName): DeviceKey {
  // Of 32 random bytes, only a scalar >= n (probability ~2^-128 on
  // secp256k1, ~2^-32 on P-256) is refused: draw again.
  for (let attempt = 0; attempt < 64; attempt++) {
    try {
      return deviceKeyFromSeed(kt, crypto.getRandomValues(new Uint8Array(32)));
    } catch (err) {
      if (!(err instanceof DevicekitError)) throw err;
    }
  }
  throw new DevicekitError(`invalid private key: ${kt}: no valid key after 64 attempts; random source is broken`);
}

/** WhitelistEntry is one device of a Merkle whitelist. */
export interface WhitelistEntry {
  readonly id: Uint8Array | string;
  readonly keyType: KeyTypeName;
  readonly publicKey: Uint8Array;
}

/** leafHash is SHA-256(0x00 || device id || key-type code || public key). */
export function leafHash(e: WhitelistEntry): Uint8Array {
  const code = KEY_TYPES[parseKeyType(e.keyType)].code;
  return sha256(concat([Uint8Array.of(0x00), idBytes(e.id, "device id"), Uint8Array.of(code), e.publicKey]));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** nodeHash is SHA-256(0x01 || min(a, b) || max(a, b)), the children compared as bytes. */
export function nodeHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  const [lo, hi] = compareBytes(a, b) > 0 ? [b, a] : [a, b];
  return sha256(concat([Uint8Array.of(0x01), lo, hi]));
}

/** MerkleTree is a whitelist's tree: leaves in whitelist order, a lone node at the end of a level moving up unchanged. */
export class MerkleTree {
  private constructor(private readonly levels: Uint8Array[][]) {}

  /** build checks every entry (key type and public key size) and builds the tree. */
  static build(entries: readonly WhitelistEntry[]): MerkleTree {
    if (entries.length === 0) {
      throw new DevicekitError("whitelist has no entries");
    }
    const leaves = entries.map((e, i) => {
      const kt = parseKeyType(e.keyType);
      if (e.publicKey.length !== KEY_TYPES[kt].publicKeySize) {
        throw new DevicekitError(
          `invalid whitelist entry ${i}: ${kt} public key is ${e.publicKey.length} bytes, want ${KEY_TYPES[kt].publicKeySize}`,
        );
      }
      return leafHash(e);
    });
    return MerkleTree.fromLeaves(leaves);
  }

  /** fromLeaves builds the tree over leaf hashes already computed. */
  static fromLeaves(leaves: readonly Uint8Array[]): MerkleTree {
    if (leaves.length === 0) {
      throw new DevicekitError("whitelist has no entries");
    }
    const levels: Uint8Array[][] = [[...leaves]];
    for (let level = levels[0]!; level.length > 1; ) {
      const next: Uint8Array[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
      if (level.length % 2 === 1) next.push(level[level.length - 1]!);
      levels.push(next);
      level = next;
    }
    return new MerkleTree(levels);
  }

  /** root is the hash the manufacturer commits, with len. */
  get root(): Uint8Array {
    return this.levels[this.levels.length - 1]![0]!;
  }

  /** len is the number of leaves. */
  get len(): number {
    return this.levels[0]!.length;
  }

  /** leaf is the leaf hash at index. */
  leaf(index: number): Uint8Array {
    this.checkIndex(index);
    return this.levels[0]![index]!;
  }

  /** proof is the list of sibling hashes from the leaf at index up to the root. */
  proof(index: number): Uint8Array[] {
    this.checkIndex(index);
    const proof: Uint8Array[] = [];
    for (const level of this.levels.slice(0, -1)) {
      const sibling = index ^ 1;
      if (sibling < level.length) proof.push(level[sibling]!);
      index = Math.floor(index / 2);
    }
    return proof;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.len) {
      throw new DevicekitError(`proof index ${index} not in [0, ${this.len})`);
    }
  }
}

/** verifyMerkleProof reports whether proof leads from leaf to root. */
export function verifyMerkleProof(root: Uint8Array, leaf: Uint8Array, proof: readonly Uint8Array[]): boolean {
  let h = leaf;
  for (const sibling of proof) h = nodeHash(h, sibling);
  return compareBytes(h, root) === 0;
}

/** maxProofLen is the longest proof in a tree of n leaves (the chain refuses longer ones). */
export function maxProofLen(n: number): number {
  let depth = 0;
  for (let width = n; width > 1; width = Math.ceil(width / 2)) depth++;
  return depth;
}
