package manufacturer

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// AutoCLIOptions describes `atonomid query manufacturer ...` and `atonomid tx manufacturer ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	id := []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}}
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.manufacturer.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Manufacturer", Use: "manufacturer [id]", Short: "Show a manufacturer", PositionalArgs: id},
				{RpcMethod: "Manufacturers", Use: "manufacturers", Short: "List manufacturers (--status active|suspended|removed)"},
				{
					RpcMethod: "ManufacturerByOperator", Use: "by-operator [operator]",
					Short:          "Show the manufacturer an account operates",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}},
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.manufacturer.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "AddManufacturer", Use: "add [id] [name] [auth-key-hash]",
					Short: "Admit a manufacturer (network authority); --operators, --default-reputation, --metadata",
					Long: "Admit a manufacturer. auth-key-hash is the hex or base64 salted SHA-256 of its off-chain " +
						"authorization key (32 bytes). --operators takes the operator accounts; --metadata takes JSON, " +
						`e.g. '{"url":"https://acme.example","country":"DE","certifications":["IEC-62443"]}'.`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "name"}, {ProtoField: "auth_key_hash"}},
				},
				{
					RpcMethod: "SuspendManufacturer", Use: "suspend [id] [reason]", Short: "Suspend a manufacturer (network authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "reason", Optional: true}},
				},
				{RpcMethod: "ReinstateManufacturer", Use: "reinstate [id]", Short: "Reinstate a suspended manufacturer (network authority)", PositionalArgs: id},
				{
					RpcMethod: "RemoveManufacturer", Use: "remove [id] [reason]", Short: "Remove a manufacturer for good (network authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "reason", Optional: true}},
				},
				{
					RpcMethod: "SetDefaultReputation", Use: "set-default-reputation [id] [score]",
					Short:          "Set the score a manufacturer's new devices start with (network authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "default_reputation"}},
				},
				{
					RpcMethod: "UpdateManufacturer", Use: "update [id] [name]",
					Short:          "Change a manufacturer's name and --metadata (an operator)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "name"}},
				},
				{
					RpcMethod: "RotateOperators", Use: "rotate-operators [id] [expiry-height] [new-operator]...",
					Short:          "Propose new operator accounts (an operator); each new account accepts with accept-operator by the expiry height",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "expiry_height"}, {ProtoField: "new_operators", Varargs: true}},
				},
				{
					RpcMethod: "AcceptOperator", Use: "accept-operator [id]",
					Short:          "Consent, as a proposed account (--from), to operate the manufacturer",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
			},
		},
	}
}
