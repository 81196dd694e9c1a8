// The layout of devicekit/testdata/vectors.json (devicekit/vectors_test.go
// writes it), read from the repository so that the TypeScript helpers are
// checked against the very file firmware teams get.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface ActivationVector {
  key_type: string;
  key_type_code: number;
  private_key_derivation: string;
  private_key: string;
  public_key: string;
  chain_id: string;
  salt: string;
  serial: string;
  device_id: string;
  owner: string;
  sign_bytes: string;
  signature: string;
  deterministic: boolean;
}

export interface PaymentVector {
  key_type: string;
  key_type_code: number;
  private_key: string;
  public_key: string;
  chain_id: string;
  payer_device_id: string;
  payee_device_id: string;
  wallet: string;
  amount: string;
  nonce: number;
  valid_until: number;
  location: string;
  sign_bytes: string;
  signature: string;
  deterministic: boolean;
}

export interface MerkleVector {
  entries: { serial: string; device_id: string; key_type: string; key_type_code: number; public_key: string; leaf: string }[];
  len: number;
  root: string;
  proofs: { index: number; leaf: string; proof: string[] }[];
}

export interface VectorFile {
  activation: ActivationVector[];
  merkle: MerkleVector;
  payment: PaymentVector[];
}

// Compiled to dist/test/, four directories below the repository root.
const repoRoot = new URL("../../../../", import.meta.url);

/** repoPath is the path of a file of the repository, relative to its root. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, repoRoot));
}

const vectorsUrl = new URL("devicekit/testdata/vectors.json", repoRoot);

export function loadVectors(): VectorFile {
  return JSON.parse(readFileSync(vectorsUrl, "utf8")) as VectorFile;
}
