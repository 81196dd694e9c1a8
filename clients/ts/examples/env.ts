// What the examples share: their settings come from environment variables,
// and each prints what it did as JSON on stdout (errors on stderr, exit 1).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { SigningStargateClient } from "@cosmjs/stargate";
import {
  connectAtonomiQueryClient,
  connectAtonomiSigningClient,
  walletFromMnemonic,
  type AtonomiQueryClient,
} from "@atonomi/client";

export type Env = Record<string, string | undefined>;

/** required is the value of an environment variable that must be set. */
export function required(env: Env, name: string): string {
  const v = env[name];
  if (v === undefined || v === "") throw new Error(`set ${name}`);
  return v;
}

/** jsonSetting reads a setting that holds JSON, or the path of a JSON file when it does not start with [ or {. */
export function jsonSetting(env: Env, name: string): unknown {
  const v = required(env, name).trim();
  return JSON.parse(v.startsWith("{") || v.startsWith("[") ? v : readFileSync(v, "utf8"));
}

/** Account is a signing client for one mnemonic's account. */
export interface Account {
  readonly address: string;
  readonly client: SigningStargateClient;
}

/** account connects the account of a mnemonic to the node at rpc. */
export async function account(rpc: string, mnemonic: string): Promise<Account> {
  const wallet = await walletFromMnemonic(mnemonic);
  const [first] = await wallet.getAccounts();
  return { address: first!.address, client: await connectAtonomiSigningClient(rpc, wallet) };
}

/** queries connects the typed query clients to the node at rpc. */
export function queries(rpc: string): Promise<AtonomiQueryClient> {
  return connectAtonomiQueryClient(rpc);
}

/** runIfMain runs main when the module is the program node was started with. */
export function runIfMain(moduleUrl: string, main: (env: Env) => Promise<unknown>): void {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  main(process.env).then(
    (out) => console.log(JSON.stringify(out, null, 2)),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
