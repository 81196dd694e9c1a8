// The CosmJS Registry of every atonomi Msg, for direct (protobuf) signing
// with SigningStargateClient. The Msg types are read from each module's
// generated Msg service definition, so a message added to a tx.proto is
// registered as soon as the code is regenerated (`make proto-gen-ts`).
import type { EncodeObject, GeneratedType } from "@cosmjs/proto-signing";
import { Registry } from "@cosmjs/proto-signing";
import { defaultRegistryTypes } from "@cosmjs/stargate";

import * as auditorTx from "./generated/atonomi/auditor/v1/tx.js";
import * as deviceTx from "./generated/atonomi/device/v1/tx.js";
import * as manufacturerTx from "./generated/atonomi/manufacturer/v1/tx.js";
import { PaymentAuthorization } from "./generated/atonomi/payment/v1/authz.js";
import * as paymentTx from "./generated/atonomi/payment/v1/tx.js";
import * as permissionTx from "./generated/atonomi/permission/v1/tx.js";
import * as reputationTx from "./generated/atonomi/reputation/v1/tx.js";
import * as tokenTx from "./generated/atonomi/token/v1/tx.js";

/** AtonomiType is a generated message type: its protobuf name and codec. */
export type AtonomiType<T = unknown> = GeneratedType & {
  readonly $type: string;
  fromPartial(object: any): T;
};

interface MsgServiceDefinition {
  readonly fullName: string;
  readonly methods: Record<string, { readonly name: string; readonly requestType: AtonomiType }>;
}

/** msgServices are the Msg services of the atonomi modules, one per module. */
export const msgServices: readonly MsgServiceDefinition[] = [
  auditorTx.MsgDefinition,
  deviceTx.MsgDefinition,
  manufacturerTx.MsgDefinition,
  paymentTx.MsgDefinition,
  permissionTx.MsgDefinition,
  reputationTx.MsgDefinition,
  tokenTx.MsgDefinition,
];

/** typeUrl is the Any type URL of a generated type: "/" and its full protobuf name. */
export function typeUrl(type: { readonly $type: string }): string {
  return `/${type.$type}`;
}

/** atonomiMsgTypes pairs the type URL of every atonomi Msg with its generated type. */
export const atonomiMsgTypes: ReadonlyArray<[string, GeneratedType]> = msgServices.flatMap((svc) =>
  Object.values(svc.methods).map((m): [string, GeneratedType] => [typeUrl(m.requestType), m.requestType]),
);

/**
 * atonomiTypes is atonomiMsgTypes and the types the chain packs into an Any
 * inside a Msg: the payment authorization of an x/authz grant.
 */
export const atonomiTypes: ReadonlyArray<[string, GeneratedType]> = [
  ...atonomiMsgTypes,
  [typeUrl(PaymentAuthorization), PaymentAuthorization],
];

/** createAtonomiRegistry is CosmJS's default registry (bank, staking, authz, ...) and every atonomi type. */
export function createAtonomiRegistry(): Registry {
  return new Registry([...defaultRegistryTypes, ...atonomiTypes]);
}

type Builtin = Date | Function | Uint8Array | string | number | boolean | bigint | undefined;

/** DeepPartial is the input of a generated type's fromPartial: every field optional, at every depth. */
export type DeepPartial<T> = T extends Builtin
  ? T
  : T extends ReadonlyArray<infer U>
    ? Array<DeepPartial<U>>
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : Partial<T>;

/**
 * msg makes the EncodeObject that SigningStargateClient signs, typed by the
 * message: `msg(MsgActivateDevice, { owner, deviceId, signature })`.
 * Fields left out take their protobuf defaults.
 */
export function msg<T>(type: AtonomiType<T>, value: DeepPartial<T>): EncodeObject {
  return { typeUrl: typeUrl(type), value: type.fromPartial(value) };
}
