package reputation

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// AutoCLIOptions describes `atonomid query reputation ...` and `atonomid tx reputation ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	device := func(extra ...*autocliv1.PositionalArgDescriptor) []*autocliv1.PositionalArgDescriptor {
		return append([]*autocliv1.PositionalArgDescriptor{{ProtoField: "device_id"}}, extra...)
	}
	typ := &autocliv1.PositionalArgDescriptor{ProtoField: "reputation_type"}
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.reputation.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Aggregate", Use: "aggregate [device-id] [reputation-type]",
					Short:          "Show a device's aggregate score in a reputation type (until scored, the default the device keeps since its registration)",
					PositionalArgs: device(typ),
				},
				{
					RpcMethod: "DeviceReputation", Use: "device [device-id]",
					Short:          "Show every scored aggregate of a device, its default value and whether it is excluded at the current threshold",
					PositionalArgs: device(),
				},
				{
					RpcMethod: "OwnerReputation", Use: "owner [owner-address]",
					Short:          "Show an owner's reputation: per type, the mean aggregate of its scored, not revoked devices and how many count",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}},
				},
				{
					RpcMethod: "ServiceProviders", Use: "providers [service-type]",
					Short:          "Service discovery: devices offering a service, with their reputation (--minimums '{\"reputation_type\":\"security\",\"min_score\":5000}')",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "service_type"}},
				},
				{
					RpcMethod: "History", Use: "history [device-id] [reputation-type]",
					Short:          "List a device's latest scores in a reputation type, newest first",
					PositionalArgs: device(typ),
				},
				{RpcMethod: "Params", Use: "params", Short: "Show the reputation params and the exclusion sweep under way after a threshold change, if any"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.reputation.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "WriteScores", Use: "write-scores",
					Short: "Write a batch of --scores as the operator of an active auditor",
					Long: "Write a batch of scores, signed (--from) by the operator of an active auditor. Each --scores " +
						"takes one score as JSON; repeat the flag for a batch, e.g. " +
						`--scores '{"device_id":"<64 hex>","reputation_type":"security","score":5000}' ` +
						`--scores '{"device_id":"<64 hex>","reputation_type":"social","score":4200}'. ` +
						"Each type must be one of the auditor's, a device and type appear at most once, scores are " +
						"0-2147483647. The reputation write fee is charged per score.",
				},
				{RpcMethod: "UpdateParams", Skip: true}, // governance proposal only
			},
		},
	}
}
