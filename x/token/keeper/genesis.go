package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/token/types"
)

// InitGenesis loads the fee economy. Bank's genesis runs first, so the token
// module account's balance is known: it must back every pool and reward and
// the surplus. x/bank's genesis lists that balance apart from this one, so a
// genesis file built or edited by hand can give the account more; the excess
// is added to the surplus, where it is counted and shown, instead of making
// the chain unstartable. A balance short of the total cannot back what is
// owed and is refused. The auditor credits name auditors by id only: x/auditor sits above this
// module, and a credit of an id it does not know is forfeited at the
// epoch's end like a removed auditor's.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	held := k.bank.GetBalance(ctx, ModuleAddress(), gs.Params.Denom).Amount
	need, denom := gs.Total(), gs.Params.Denom
	if held.LT(need) {
		return errorsmod.Wrapf(types.ErrGenesisDeficit,
			"pools, rewards and surplus total %s%s but the token module account holds %s%s (%s%s short)",
			need, denom, held, denom, need.Sub(held), denom)
	}
	surplus := gs.SurplusOrZero()
	if excess := held.Sub(need); excess.IsPositive() {
		surplus = surplus.Add(excess)
		sdk.UnwrapSDKContext(ctx).Logger().Info("the token module account holds more than the token genesis tracks; the excess is kept as surplus",
			"excess", excess.String()+denom, "surplus", surplus.String()+denom)
	}
	if err := k.Surplus.Set(ctx, surplus); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	if err := k.AuditorPool.Set(ctx, gs.AuditorPool); err != nil {
		return err
	}
	for _, p := range gs.Pools {
		if err := k.Pools.Set(ctx, p.ManufacturerId, p.Amount); err != nil {
			return err
		}
	}
	for _, r := range gs.Rewards {
		addr, err := k.addressCodec.StringToBytes(r.Address)
		if err != nil {
			return err
		}
		if err := k.Rewards.Set(ctx, addr, r.Amount); err != nil {
			return err
		}
	}
	for _, a := range gs.Paused {
		if err := k.Paused.Set(ctx, int32(a), keeperkit.Present{}); err != nil {
			return err
		}
	}
	if err := k.AuditorEpoch.Set(ctx, gs.AuditorEpoch); err != nil {
		return err
	}
	for _, c := range gs.AuditorCredits {
		if err := k.AuditorCredits.Set(ctx, c.AuditorId, c.Credit); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis writes the fee economy in key order, with the auditor
// pool's running epoch and its tally.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := types.DefaultGenesis()
	gs.Params = params
	if gs.AuditorPool, err = k.auditorPool(ctx); err != nil {
		return nil, err
	}
	if gs.Surplus, err = k.GetSurplus(ctx); err != nil {
		return nil, err
	}
	if err := k.Pools.Walk(ctx, nil, func(id string, amount math.Int) (bool, error) {
		gs.Pools = append(gs.Pools, types.Pool{ManufacturerId: id, Amount: amount})
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Rewards.Walk(ctx, nil, func(addr sdk.AccAddress, amount math.Int) (bool, error) {
		s, err := k.addressCodec.BytesToString(addr)
		gs.Rewards = append(gs.Rewards, types.Reward{Address: s, Amount: amount})
		return false, err
	}); err != nil {
		return nil, err
	}
	if err := k.Paused.Walk(ctx, nil, func(a int32, _ keeperkit.Present) (bool, error) {
		gs.Paused = append(gs.Paused, types.Action(a))
		return false, nil
	}); err != nil {
		return nil, err
	}
	if gs.AuditorEpoch, err = k.auditorEpoch(ctx); err != nil {
		return nil, err
	}
	err = k.AuditorCredits.Walk(ctx, nil, func(id string, credit math.Int) (bool, error) {
		gs.AuditorCredits = append(gs.AuditorCredits, types.AuditorCredit{AuditorId: id, Credit: credit})
		return false, nil
	})
	return gs, err
}
