// The auditor: writes a batch of reputation scores in one transaction and
// reads back each device's aggregate in the scored type.
//
//   ATONOMI_RPC=http://127.0.0.1:26657 AUDITOR_MNEMONIC="<the auditor's operator account>" \
//   SCORES='[{"device_id":"<64 hex>","reputation_type":"security","score":8000}, ...]' \
//   node dist/examples/auditor.js
import { assertIsDeliverTxSuccess } from "@cosmjs/stargate";
import { msg } from "@atonomi/client";
import { ScoreEntry } from "@atonomi/client/atonomi/reputation/v1/reputation";
import { MsgWriteScores, MsgWriteScoresResponse } from "@atonomi/client/atonomi/reputation/v1/tx";

import { account, jsonSetting, queries, required, runIfMain, type Env } from "./env.js";

export async function main(env: Env): Promise<unknown> {
  const rpc = required(env, "ATONOMI_RPC");
  const raw = jsonSetting(env, "SCORES");
  if (!Array.isArray(raw) || raw.length === 0) throw new Error("SCORES must be a non-empty JSON array");
  const scores = raw.map((s) => ScoreEntry.fromJSON(s));
  const auditor = await account(rpc, required(env, "AUDITOR_MNEMONIC"));
  const { query, disconnect } = await queries(rpc);
  try {
    const result = await auditor.client.signAndBroadcast(auditor.address, [msg(MsgWriteScores, { operator: auditor.address, scores })], "auto");
    assertIsDeliverTxSuccess(result);
    const { written } = MsgWriteScoresResponse.decode(result.msgResponses[0]!.value);
    const aggregates = [];
    for (const s of scores) {
      const { aggregate } = await query.atonomi.reputation.Aggregate({ deviceId: s.deviceId, reputationType: s.reputationType });
      aggregates.push({ deviceId: s.deviceId, reputationType: s.reputationType, value: aggregate!.value, auditors: aggregate!.auditors });
    }
    return { txhash: result.transactionHash, height: result.height, written: written.toString(), aggregates };
  } finally {
    auditor.client.disconnect();
    disconnect();
  }
}

runIfMain(import.meta.url, main);
