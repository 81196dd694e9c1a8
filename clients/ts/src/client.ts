// Signing: a CosmJS SigningStargateClient set up for atonomid (its registry,
// its gas price and the Comet client its CometBFT needs).
import { DirectSecp256k1HdWallet, type OfflineSigner } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient, type SigningStargateClientOptions } from "@cosmjs/stargate";
import type { HttpEndpoint } from "@cosmjs/tendermint-rpc";

import { connectCometClient } from "./query.js";
import { createAtonomiRegistry } from "./registry.js";

/** BECH32_PREFIX is the prefix of account addresses ("atonomi1..."). */
export const BECH32_PREFIX = "atonomi";

/** MIN_GAS_PRICE is the gas price below which `atonomid init` makes nodes refuse transactions. */
export const MIN_GAS_PRICE = "0.01uatmi";

/** walletFromMnemonic is a secp256k1 wallet of the SDK's default HD path (m/44'/118'/0'/0/0), as `atonomid keys add` derives it. */
export function walletFromMnemonic(mnemonic: string): Promise<DirectSecp256k1HdWallet> {
  return DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: BECH32_PREFIX });
}

/**
 * connectAtonomiSigningClient connects a signer to a node's CometBFT RPC
 * with the atonomi registry and a gas price of MIN_GAS_PRICE, both of which
 * options may replace.
 */
export async function connectAtonomiSigningClient(
  endpoint: string | HttpEndpoint,
  signer: OfflineSigner,
  options: SigningStargateClientOptions = {},
): Promise<SigningStargateClient> {
  const comet = await connectCometClient(endpoint);
  return SigningStargateClient.createWithSigner(comet, signer, {
    registry: createAtonomiRegistry(),
    gasPrice: GasPrice.fromString(MIN_GAS_PRICE),
    ...options,
  });
}
