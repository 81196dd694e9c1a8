package device

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// AutoCLIOptions describes `atonomid query device ...` and `atonomid tx device ...`.
// Registering a whitelist file and producing activation proofs have their own
// commands (cmd/atonomid/cmd), which build these same messages.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	id := []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}}
	device := func(extra ...*autocliv1.PositionalArgDescriptor) []*autocliv1.PositionalArgDescriptor {
		return append([]*autocliv1.PositionalArgDescriptor{{ProtoField: "device_id"}}, extra...)
	}
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.device.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Device", Use: "device [id]", Short: "Show a device by its 64-hex-character id", PositionalArgs: id},
				{
					RpcMethod: "DevicesByManufacturer", Use: "by-manufacturer [manufacturer-id]",
					Short:          "List a manufacturer's devices past registration (--status active|suspended|revoked)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "manufacturer_id"}},
				},
				{
					RpcMethod: "DevicesByStatus", Use: "by-status [status]",
					Short:          "List devices of a status: active, suspended or revoked (registered devices are not listed)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "status"}},
				},
				{
					RpcMethod: "DevicesByOwner", Use: "by-owner [owner]", Short: "List an account's devices",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}},
				},
				{
					RpcMethod: "DevicesByService", Use: "by-service [service-type]", Short: "List the devices advertising a service",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "service_type"}},
				},
				{
					RpcMethod: "Whitelist", Use: "whitelist [manufacturer-id] [root]", Short: "Show a Merkle whitelist a manufacturer committed",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "manufacturer_id"}, {ProtoField: "root"}},
				},
				{
					RpcMethod: "Whitelists", Use: "whitelists [manufacturer-id]", Short: "List the Merkle whitelists a manufacturer committed",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "manufacturer_id"}},
				},
				{RpcMethod: "Params", Use: "params", Short: "Show the device registry's params"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              "atonomi.device.v1.Msg",
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "RegisterDevices", Use: "register [manufacturer-id]",
					Short:          "Whitelist devices given as --devices JSON (see register-whitelist for files)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "manufacturer_id"}},
				},
				{
					RpcMethod: "CommitWhitelist", Use: "commit-whitelist [manufacturer-id] [root] [count]",
					Short:          "Commit a Merkle root over count devices (an operator of the manufacturer)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "manufacturer_id"}, {ProtoField: "root"}, {ProtoField: "count"}},
				},
				{
					RpcMethod: "ActivateDevice", Use: "activate [device-id] [signature]",
					Short:          "Activate a device with its proof (hex or base64 signature; --merkle-proof JSON for a Merkle whitelist device)",
					PositionalArgs: device(&autocliv1.PositionalArgDescriptor{ProtoField: "signature"}),
				},
				{
					RpcMethod: "RegisterAndActivate", Use: "register-and-activate [manufacturer-id] [owner] [signature]",
					Short: "Register one --device JSON and activate it for owner (an operator of the manufacturer)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "manufacturer_id"}, {ProtoField: "owner"}, {ProtoField: "signature"},
					},
				},
				{
					RpcMethod: "SuspendDevice", Use: "suspend [device-id] [reason]", Short: "Suspend a device (authority, manufacturer or owner)",
					PositionalArgs: device(&autocliv1.PositionalArgDescriptor{ProtoField: "reason", Optional: true}),
				},
				{RpcMethod: "ReinstateDevice", Use: "reinstate [device-id]", Short: "Lift a device's suspension", PositionalArgs: device()},
				{
					RpcMethod: "RevokeDevice", Use: "revoke [device-id] [reason]", Short: "Revoke a device for good (authority or manufacturer)",
					PositionalArgs: device(&autocliv1.PositionalArgDescriptor{ProtoField: "reason", Optional: true}),
				},
				{
					RpcMethod: "TransferDevice", Use: "transfer [device-id] [new-owner]", Short: "Hand a device to a new owner (the owner); clears its wallet",
					PositionalArgs: device(&autocliv1.PositionalArgDescriptor{ProtoField: "new_owner"}),
				},
				{
					RpcMethod: "SetPolicy", Use: "set-policy [device-id]", Short: "Replace a device's --policy JSON (the owner)",
					PositionalArgs: device(),
				},
				{
					RpcMethod: "OfferWallet", Use: "offer-wallet [device-id] [wallet] [expiry-height]",
					Short:          "Offer an account the role of a device's wallet until a height (the owner); it pays only once it accepts",
					PositionalArgs: device(&autocliv1.PositionalArgDescriptor{ProtoField: "wallet"}, &autocliv1.PositionalArgDescriptor{ProtoField: "expiry_height"}),
				},
				{
					RpcMethod: "AcceptWallet", Use: "accept-wallet [device-id] [owner]",
					Short:          "Accept to pay for a device of the owner named (the offered account)",
					PositionalArgs: device(&autocliv1.PositionalArgDescriptor{ProtoField: "owner"}),
				},
				{
					RpcMethod: "UnlinkWallet", Use: "unlink-wallet [device-id]",
					Short:          "End a device's wallet link or pending offer (the owner, the wallet or the offered account)",
					PositionalArgs: device(),
				},
				{
					RpcMethod: "SetServices", Use: "set-services [device-id]", Short: "Replace the --services a device advertises (the owner)",
					PositionalArgs: device(),
				},
				{RpcMethod: "UpdateParams", Skip: true},         // governance proposal only
				{RpcMethod: "ReleaseRegistrations", Skip: true}, // governance proposal only (docs/registries.md)
			},
		},
	}
}
