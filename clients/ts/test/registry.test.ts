// The Registry and the query clients against the .proto files they were
// generated from: every Msg and every Query method of every atonomi module.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import type { QueryClient } from "@cosmjs/stargate";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { TxBody } from "cosmjs-types/cosmos/tx/v1beta1/tx";

import { KeyType, Status } from "../src/generated/atonomi/device/v1/device.js";
import { QueryDeviceRequest, QueryDeviceResponse } from "../src/generated/atonomi/device/v1/query.js";
import { MsgActivateDevice } from "../src/generated/atonomi/device/v1/tx.js";
import { MsgWriteScores } from "../src/generated/atonomi/reputation/v1/tx.js";
import { setupAtonomiExtension, type AtonomiQueries } from "../src/query.js";
import { atonomiMsgTypes, createAtonomiRegistry, msg, msgServices } from "../src/registry.js";
import { repoPath } from "./vectors.js";

interface ProtoService {
  module: string;
  pkg: string;
  rpcs: { name: string; request: string }[];
}

/** services reads `service <name> { rpc X(Req) ... }` out of every proto/atonomi/<module>/v1/<file>. */
function services(file: string, service: string): ProtoService[] {
  const root = repoPath("proto/atonomi");
  return readdirSync(root)
    .sort()
    .map((module) => {
      const text = readFileSync(join(root, module, "v1", file), "utf8");
      const pkg = /^package\s+([\w.]+);/m.exec(text)![1]!;
      const body = new RegExp(`service\\s+${service}\\s*\\{([\\s\\S]*?)\\n\\}`).exec(text)![1]!;
      const rpcs = [...body.matchAll(/rpc\s+(\w+)\s*\(\s*([\w.]+)\s*\)/g)].map(([, name, request]) => ({ name: name!, request: request! }));
      return { module, pkg, rpcs };
    });
}

describe("registry", () => {
  const registry = createAtonomiRegistry();

  it("has every Msg of every atonomi module", () => {
    const protoMsgs = services("tx.proto", "Msg");
    assert.equal(msgServices.length, protoMsgs.length, "one Msg service per proto/atonomi module");
    const want = protoMsgs.flatMap((s) => s.rpcs.map((r) => `/${s.pkg}.${r.request}`)).sort();
    assert.ok(want.length > 40, `${want.length} Msgs`);
    assert.deepEqual(atonomiMsgTypes.map(([url]) => url).sort(), want);
    for (const url of want) {
      assert.ok(registry.lookupType(url), url);
    }
  });

  it("keeps CosmJS's default types", () => {
    assert.equal(registry.lookupType("/cosmos.bank.v1beta1.MsgSend"), MsgSend);
    assert.ok(registry.lookupType("/cosmos.authz.v1beta1.MsgGrant"));
    assert.ok(registry.lookupType("/atonomi.payment.v1.PaymentAuthorization"));
  });

  it("round-trips a Msg with nested messages, enums, bytes and 64-bit integers through a tx body", () => {
    const activate = msg(MsgActivateDevice, {
      owner: "atonomi1owner",
      deviceId: "ab".repeat(32),
      signature: Uint8Array.of(1, 2, 3),
      merkleProof: { root: "cd".repeat(32), manufacturerId: "acme", keyType: KeyType.KEY_TYPE_MLDSA65, siblings: ["ef".repeat(32)] },
    });
    const scores = msg(MsgWriteScores, { operator: "atonomi1auditor", scores: [{ deviceId: "ab".repeat(32), reputationType: "security", score: 2147483647 }] });
    assert.equal(activate.typeUrl, "/atonomi.device.v1.MsgActivateDevice");
    assert.equal(scores.typeUrl, "/atonomi.reputation.v1.MsgWriteScores");

    const bodyBytes = registry.encodeTxBody({ messages: [activate, scores], memo: "m" });
    const raw = TxBody.decode(bodyBytes);
    assert.deepEqual(
      raw.messages.map((m) => m.typeUrl),
      [activate.typeUrl, scores.typeUrl],
    );
    const body = registry.decodeTxBody(bodyBytes);
    assert.equal(body.memo, "m");
    assert.deepEqual(body.messages, [activate.value, scores.value]);
  });

  it("encodes what the Go side decodes: field numbers of the .proto", () => {
    // MsgActivateDevice: owner = 1, device_id = 2, signature = 3 (tags 0x0a, 0x12, 0x1a).
    const bytes = registry.encode(msg(MsgActivateDevice, { owner: "o", deviceId: "d", signature: Uint8Array.of(9) }));
    assert.deepEqual([...bytes], [0x0a, 1, 0x6f, 0x12, 1, 0x64, 0x1a, 1, 9]);
  });
});

describe("query clients", () => {
  it("have every Query method of every atonomi module", () => {
    const fakeBase = { queryAbci: async () => ({ value: new Uint8Array(), height: 1 }) } as unknown as QueryClient;
    const queries = setupAtonomiExtension(fakeBase).atonomi as unknown as Record<string, Record<string, unknown>>;
    const protoQueries = services("query.proto", "Query");
    assert.deepEqual(Object.keys(queries).sort(), protoQueries.map((s) => s.module));
    for (const s of protoQueries) {
      for (const r of s.rpcs) {
        assert.equal(typeof queries[s.module]![r.name], "function", `${s.module}.${r.name}`);
      }
    }
  });

  it("send the request to the method's gRPC path and decode the answer", async () => {
    const calls: { path: string; data: Uint8Array }[] = [];
    const answer = QueryDeviceResponse.encode(
      QueryDeviceResponse.fromPartial({ device: { id: "ab".repeat(32), status: Status.STATUS_ACTIVE, transfers: 3n } }),
    ).finish();
    const base = {
      queryAbci: async (path: string, data: Uint8Array) => {
        calls.push({ path, data });
        return { value: answer, height: 7 };
      },
    } as unknown as QueryClient;
    const queries: AtonomiQueries = setupAtonomiExtension(base).atonomi;

    const got = await queries.device.Device({ id: "ab".repeat(32) });
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.path, "/atonomi.device.v1.Query/Device");
    assert.deepEqual(QueryDeviceRequest.decode(calls[0]!.data), { id: "ab".repeat(32) });
    assert.equal(got.device?.status, Status.STATUS_ACTIVE);
    assert.equal(got.device?.transfers, 3n);
  });
});
