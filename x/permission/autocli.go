package permission

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// AutoCLIOptions describes the module's CLI: `atonomid query permission ...`
// and `atonomid tx permission ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.permission.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the registrars and min_validators"},
				{
					RpcMethod: "AllowedValidator", Use: "allowed-validator [operator]",
					Short:          "Show whether an operator account may run a validator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}},
				},
				{RpcMethod: "AllowedValidators", Use: "allowed-validators", Short: "List the validator allowlist"},
				{
					RpcMethod: "RemovalWindow", Use: "removal-window",
					Short: "Show the registrars' validator removal window: bonded tokens at its start, removed so far, open or closed, and when it closes",
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.permission.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "AllowValidator", Use: "allow-validator [operator] [note]",
					Short: "Approve an operator account to create a validator (x/gov or a registrar; --from is the authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "operator"}, {ProtoField: "note", Optional: true},
					},
				},
				{
					RpcMethod: "RemoveValidator", Use: "remove-validator [operator]",
					Short:          "Withdraw an operator's approval and jail its validator (x/gov or a registrar; never below min_validators, a registrar at most a third of the bonded power per unbonding period)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}},
				},
				{RpcMethod: "UpdateParams", Skip: true}, // governance proposal only
			},
		},
	}
}
