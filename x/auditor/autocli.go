package auditor

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// AutoCLIOptions describes `atonomid query auditor ...` and `atonomid tx auditor ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	id := []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}}
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.auditor.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Auditor", Use: "auditor [id]", Short: "Show an auditor", PositionalArgs: id},
				{RpcMethod: "Auditors", Use: "auditors", Short: "List auditors (--status active|suspended|removed)"},
				{
					RpcMethod: "AuditorByOperator", Use: "by-operator [operator]",
					Short:          "Show the auditor an account operates",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "operator"}},
				},
				{RpcMethod: "Params", Use: "params", Short: "Show the network's reputation types"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.auditor.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "AddAuditor", Use: "add [id] [name] [operator]",
					Short: "Admit an auditor (network authority); --reputation-types, --weight, --metadata",
					Long: "Admit an auditor. operator is the account that signs its scores. --reputation-types takes " +
						"the kinds of score it may write, each one of the network's (see `query auditor params`); " +
						"--weight is 1-10000; --metadata takes JSON, " +
						`e.g. '{"url":"https://sentinel.example","description":"firmware audits"}'.`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "name"}, {ProtoField: "operator"}},
				},
				{
					RpcMethod: "SuspendAuditor", Use: "suspend [id] [reason]", Short: "Suspend an auditor (network authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "reason", Optional: true}},
				},
				{RpcMethod: "ReinstateAuditor", Use: "reinstate [id]", Short: "Reinstate a suspended auditor (network authority)", PositionalArgs: id},
				{
					RpcMethod: "RemoveAuditor", Use: "remove [id] [reason]", Short: "Remove an auditor for good (network authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "reason", Optional: true}},
				},
				{
					RpcMethod: "SetAuditorScope", Use: "set-scope [id] [weight] [type]...",
					Short: "Set the reputation types an auditor may write and its weight (network authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "id"}, {ProtoField: "weight"}, {ProtoField: "reputation_types", Varargs: true},
					},
				},
				{
					RpcMethod: "UpdateAuditor", Use: "update [id] [name]",
					Short:          "Change an auditor's name and --metadata (its operator)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "name"}},
				},
				{
					RpcMethod: "RotateOperator", Use: "rotate-operator [id] [new-operator] [expiry-height]",
					Short:          "Propose a new operator account (its operator); it takes over once it accepts with accept-operator",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "new_operator"}, {ProtoField: "expiry_height"}},
				},
				{
					RpcMethod: "AcceptOperator", Use: "accept-operator [id]",
					Short:          "Consent, as the proposed account (--from), to operate the auditor",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{RpcMethod: "UpdateParams", Skip: true}, // governance proposal only
			},
		},
	}
}
