package token

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// AutoCLIOptions describes `atonomid query token ...` and `atonomid tx token ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.token.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the fee schedule"},
				{
					RpcMethod: "Pool", Use: "pool [manufacturer-id]", Short: "Show a manufacturer's reward pool",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "manufacturer_id"}},
				},
				{RpcMethod: "AuditorPool", Use: "auditor-pool", Short: "Show the network's auditor reward pool"},
				{
					RpcMethod: "AuditorEpoch", Use: "auditor-epoch",
					Short: "Show the auditor pool's running epoch: its heights, the pool and the credit each auditor earned so far",
					Long: "Show the auditor pool's running epoch: its number, first and last height, the pool and the tally " +
						"(the credit each auditor's scores earned so far, in auditor id order). In the end block of the last " +
						"height the pool is divided among the auditors active then, in proportion to their credit.",
				},
				{
					RpcMethod: "Surplus", Use: "surplus",
					Short: "Show what the token module account holds beyond every pool and reward (set at genesis, never paid out)",
				},
				{
					RpcMethod: "Rewards", Use: "rewards [address]", Short: "Show an account's withdrawable rewards",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{RpcMethod: "Paused", Use: "paused", Short: "List the paused actions"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.token.v1.Msg",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "DepositToPool", Use: "deposit [manufacturer-id] [amount]",
					Short:          "Add uatmi to a manufacturer's reward pool",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "manufacturer_id"}, {ProtoField: "amount"}},
				},
				{RpcMethod: "WithdrawRewards", Use: "withdraw-rewards", Short: "Withdraw your accrued rewards (--from)"},
				{
					RpcMethod: "SetPaused", Use: "set-paused [paused] [action]...",
					Short:          "Pause (true) or resume (false) actions: registration, activation, scoring, payments (network authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "paused"}, {ProtoField: "actions", Varargs: true}},
				},
				{RpcMethod: "UpdateParams", Skip: true}, // governance proposal only
			},
		},
	}
}
