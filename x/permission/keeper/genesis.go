package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/permission/types"
)

// InitGenesis stores params, the allowlist and the removal window. It must
// run before x/staking and x/genutil, whose validators the staking hooks
// check against the allowlist.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, v := range gs.AllowedValidators {
		operator, err := k.addressCodec.StringToBytes(v.Operator)
		if err != nil {
			return err
		}
		if err := k.AllowedValidators.Set(ctx, operator, v); err != nil {
			return err
		}
	}
	if gs.RemovalWindow != nil {
		return k.RemovalWindow.Set(ctx, *gs.RemovalWindow)
	}
	return nil
}

// ExportGenesis writes params, the allowlist in key order and the removal
// window, open or closed: a closed one is kept as it was stored, so export
// after import is identical.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params, AllowedValidators: []types.AllowedValidator{}}
	err = k.AllowedValidators.Walk(ctx, nil, func(_ sdk.AccAddress, v types.AllowedValidator) (bool, error) {
		gs.AllowedValidators = append(gs.AllowedValidators, v)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	window, err := k.RemovalWindow.Get(ctx)
	switch {
	case err == nil:
		gs.RemovalWindow = &window
	case !keeperkit.IsNotFound(err):
		return nil, err
	}
	return gs, nil
}
