// A single-node atonomid chain for the end-to-end tests, made the way
// scripts/demo.sh makes its own: `atonomid init`, genesis accounts, a
// registrar, one allowed validator and its gentx, loopback ports
// (scripts/lib.sh's configure_node, 500 ms blocks). Every listener is on
// 127.0.0.1, at a port offset nothing else on the machine is using; stop()
// ends the node, and so does the test process exiting.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

import { repoPath } from "../vectors.js";

export interface LocalChain {
  readonly chainId: string;
  /** rpc is the CometBFT RPC endpoint, http://127.0.0.1:<port>. */
  readonly rpc: string;
  readonly home: string;
  readonly log: string;
  stop(): Promise<void>;
}

export interface LocalChainOptions {
  /** dir is wiped and holds the node's home and log. */
  readonly dir: string;
  readonly chainId: string;
  /** funded are the addresses given 1,000,000 ATMI in genesis. */
  readonly funded: readonly string[];
  /** registrars are the addresses named registrars in genesis. */
  readonly registrars: readonly string[];
}

const KEYRING = ["--keyring-backend", "test"];

function binary(): string {
  const bin = process.env.ATONOMID ?? repoPath("build/atonomid");
  if (!existsSync(bin)) throw new Error(`${bin} does not exist: run make build (or set ATONOMID)`);
  return bin;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** freeOffset finds a LOCALNET_PORT_OFFSET whose node-0 ports (lib.sh) are all free. */
async function freeOffset(): Promise<number> {
  const base = [26657, 26656, 26658, 9090, 1317];
  for (let attempt = 0; attempt < 50; attempt++) {
    const offset = 5000 + 100 * Math.floor(Math.random() * 40);
    const free = await Promise.all(base.map((p) => portFree(p + offset)));
    if (free.every(Boolean)) return offset;
  }
  throw new Error("no free loopback port range for the test chain");
}

async function waitForBlocks(rpc: string, node: ChildProcess, log: string, height: number, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (node.exitCode !== null) throw new Error(`atonomid exited with ${node.exitCode}; see ${log}`);
    try {
      const res = await fetch(`${rpc}/status`, { signal: AbortSignal.timeout(2000) });
      const status = (await res.json()) as { result: { sync_info: { latest_block_height: string } } };
      if (Number(status.result.sync_info.latest_block_height) >= height) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the test chain did not reach height ${height} within ${seconds}s; see ${log}`);
}

function stopped(node: ChildProcess, seconds: number): Promise<boolean> {
  if (node.exitCode !== null || node.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), seconds * 1000);
    node.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startLocalChain(opts: LocalChainOptions): Promise<LocalChain> {
  const bin = binary();
  const home = join(opts.dir, "node");
  const log = join(opts.dir, "node.log");
  rmSync(opts.dir, { recursive: true, force: true });
  mkdirSync(opts.dir, { recursive: true });
  const run = (...args: string[]) => execFileSync(bin, [...args, "--home", home], { stdio: ["ignore", "pipe", "pipe"] });

  run("init", "e2e-node", "--chain-id", opts.chainId);
  run("keys", "add", "validator", ...KEYRING, "--output", "json");
  run("genesis", "add-genesis-account", "validator", "1000000000000uatmi", ...KEYRING);
  for (const address of opts.funded) run("genesis", "add-genesis-account", address, "1000000000000uatmi");
  for (const address of opts.registrars) run("genesis", "add-registrar", address);
  run("genesis", "allow-validator", "validator", "--note", "e2e validator", ...KEYRING);
  run("genesis", "gentx", "validator", "100000000uatmi", "--chain-id", opts.chainId, ...KEYRING);
  run("genesis", "collect-gentxs");

  const offset = await freeOffset();
  execFileSync("bash", ["-c", `source "${repoPath("scripts/lib.sh")}" && configure_node "$1" 0 500ms`, "configure", home], {
    env: { ...process.env, LOCALNET_PORT_OFFSET: String(offset) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const rpc = `http://127.0.0.1:${26657 + offset}`;
  if (!readFileSync(join(home, "config", "config.toml"), "utf8").includes(`127.0.0.1:${26657 + offset}`)) {
    throw new Error("configure_node did not set the RPC port");
  }

  const out = openSync(log, "w");
  const node = spawn(bin, ["start", "--home", home], { stdio: ["ignore", out, out] });
  const killOnExit = () => node.kill("SIGKILL");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    node.kill("SIGTERM");
    if (!(await stopped(node, 15))) {
      node.kill("SIGKILL");
      await stopped(node, 5);
    }
  };
  try {
    await waitForBlocks(rpc, node, log, 2, 90);
  } catch (err) {
    await stop();
    throw err;
  }
  return { chainId: opts.chainId, rpc, home, log, stop };
}
