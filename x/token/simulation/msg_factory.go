package simulation

import (
	"context"
	"slices"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	permissionsim "github.com/atonomi/atonomid/x/permission/simulation"
	"github.com/atonomi/atonomid/x/token/keeper"
	"github.com/atonomi/atonomid/x/token/types"
)

// MsgDepositToPoolFactory has a random account deposit part of its balance
// into a random manufacturer's pool.
func MsgDepositToPoolFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgDepositToPool] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDepositToPool) {
		var pools []string
		if err := k.Pools.Walk(ctx, nil, func(id string, _ math.Int) (bool, error) {
			pools = append(pools, id)
			return false, nil
		}); err != nil || len(pools) == 0 {
			reporter.Skipf("no pool (%v)", err)
			return nil, nil
		}
		params, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		depositor := testData.AnyAccount(reporter, simsx.WithDenomBalance(params.Denom))
		amount := depositor.LiquidBalance().RandSubsetCoin(reporter, params.Denom)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{depositor}, &types.MsgDepositToPool{
			Depositor: depositor.AddressBech32, ManufacturerId: pools[testData.Rand().Intn(len(pools))], Amount: amount.Amount,
		}
	}
}

// MsgWithdrawRewardsFactory has a simulation account with accrued rewards
// (an auditor's operator or a manufacturer's beneficiary) withdraw them.
func MsgWithdrawRewardsFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgWithdrawRewards] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgWithdrawRewards) {
		// Only auditors' operators and manufacturers' beneficiaries accrue
		// rewards: few accounts, walked whole.
		var owners []sdk.AccAddress
		if err := k.Rewards.Walk(ctx, nil, func(addr sdk.AccAddress, _ math.Int) (bool, error) {
			owners = append(owners, addr)
			return false, nil
		}); err != nil || len(owners) == 0 {
			reporter.Skipf("no rewards (%v)", err)
			return nil, nil
		}
		owner := testData.GetAccountbyAccAddr(reporter, owners[testData.Rand().Intn(len(owners))])
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{owner}, &types.MsgWithdrawRewards{Owner: owner.AddressBech32}
	}
}

// MsgSetPausedFactory has a registrar pause an action or, when
// some are paused, mostly resume them, so that pauses stay short.
func MsgSetPausedFactory(k *keeper.Keeper, sims Keepers) simsx.SimMsgFactoryFn[*types.MsgSetPaused] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetPaused) {
		registrar := permissionsim.AnyRegistrar(ctx, sims.Permission, testData, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		var paused []types.Action
		if err := k.Paused.Walk(ctx, nil, func(a int32, _ keeperkit.Present) (bool, error) {
			paused = append(paused, types.Action(a))
			return false, nil
		}); err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		r := testData.Rand()
		if len(paused) > 0 && r.Intn(5) > 0 {
			return []simsx.SimAccount{registrar}, &types.MsgSetPaused{Authority: registrar.AddressBech32, Actions: paused, Paused: false}
		}
		var actions []types.Action
		for a := range types.Action_name {
			if a != int32(types.ACTION_UNSPECIFIED) {
				actions = append(actions, types.Action(a))
			}
		}
		// Map order is random: sort before drawing, for determinism.
		slices.Sort(actions)
		pick := r.Perm(len(actions))[:1]
		msg := &types.MsgSetPaused{Authority: registrar.AddressBech32, Paused: true}
		for _, i := range pick {
			msg.Actions = append(msg.Actions, actions[i])
		}
		return []simsx.SimAccount{registrar}, msg
	}
}

// MsgUpdateParamsFactory is x/gov's proposal of a new random fee schedule
// in the current denom.
func MsgUpdateParamsFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		params, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		return nil, &types.MsgUpdateParams{
			Authority: testData.ModuleAccountAddress(reporter, "gov"), Params: RandomParams(testData.Rand().Rand, params.Denom),
		}
	}
}
