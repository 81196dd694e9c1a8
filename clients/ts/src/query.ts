// Typed query clients of the atonomi modules over CosmJS's QueryClient (ABCI
// queries through the CometBFT RPC): one ts-proto QueryClientImpl per module
// on createProtobufRpcClient.
import { createProtobufRpcClient, QueryClient } from "@cosmjs/stargate";
import type { CometClient, HttpEndpoint } from "@cosmjs/tendermint-rpc";
import { Comet38Client, connectComet } from "@cosmjs/tendermint-rpc";

import * as auditorQuery from "./generated/atonomi/auditor/v1/query.js";
import * as deviceQuery from "./generated/atonomi/device/v1/query.js";
import * as manufacturerQuery from "./generated/atonomi/manufacturer/v1/query.js";
import * as paymentQuery from "./generated/atonomi/payment/v1/query.js";
import * as permissionQuery from "./generated/atonomi/permission/v1/query.js";
import * as reputationQuery from "./generated/atonomi/reputation/v1/query.js";
import * as tokenQuery from "./generated/atonomi/token/v1/query.js";

/** AtonomiQueries holds one typed client per atonomi module. */
export interface AtonomiQueries {
  readonly auditor: auditorQuery.Query;
  readonly device: deviceQuery.Query;
  readonly manufacturer: manufacturerQuery.Query;
  readonly payment: paymentQuery.Query;
  readonly permission: permissionQuery.Query;
  readonly reputation: reputationQuery.Query;
  readonly token: tokenQuery.Query;
}

/** AtonomiExtension is the QueryClient extension that setupAtonomiExtension adds. */
export interface AtonomiExtension {
  readonly atonomi: AtonomiQueries;
}

/**
 * setupAtonomiExtension is a CosmJS query extension:
 * `QueryClient.withExtensions(comet, setupAuthExtension, setupBankExtension, setupAtonomiExtension)`.
 */
export function setupAtonomiExtension(base: QueryClient): AtonomiExtension {
  const rpc = createProtobufRpcClient(base);
  return {
    atonomi: {
      auditor: new auditorQuery.QueryClientImpl(rpc),
      device: new deviceQuery.QueryClientImpl(rpc),
      manufacturer: new manufacturerQuery.QueryClientImpl(rpc),
      payment: new paymentQuery.QueryClientImpl(rpc),
      permission: new permissionQuery.QueryClientImpl(rpc),
      reputation: new reputationQuery.QueryClientImpl(rpc),
      token: new tokenQuery.QueryClientImpl(rpc),
    },
  };
}

/**
 * connectCometClient connects to a node's CometBFT RPC. CosmJS's own
 * detection knows the 0.37, 0.38 and 1.x lines and falls back to the 0.37
 * client for any other; atonomid runs CometBFT v0.40, whose RPC is the 0.38
 * one (finalize-block events), so that line gets the 0.38 client.
 */
export async function connectCometClient(endpoint: string | HttpEndpoint): Promise<CometClient> {
  const probe = await connectComet(endpoint);
  const version = (await probe.status()).nodeInfo.version;
  if (/^0\.(39|4\d)\./.test(version)) {
    probe.disconnect();
    return Comet38Client.connect(endpoint);
  }
  return probe;
}

/** AtonomiQueryClient is a QueryClient with the atonomi extension, and the Comet client under it. */
export interface AtonomiQueryClient {
  readonly query: QueryClient & AtonomiExtension;
  readonly comet: CometClient;
  disconnect(): void;
}

/** connectAtonomiQueryClient connects to a node's CometBFT RPC endpoint (e.g. http://127.0.0.1:26657). */
export async function connectAtonomiQueryClient(endpoint: string | HttpEndpoint): Promise<AtonomiQueryClient> {
  const comet = await connectCometClient(endpoint);
  return {
    query: QueryClient.withExtensions(comet, setupAtonomiExtension),
    comet,
    disconnect: () => comet.disconnect(),
  };
}
