package keeper

import (
	"context"

	"github.com/atonomi/atonomid/x/manufacturer/types"
)

// InitGenesis loads the registry and rebuilds the operator index.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	for _, m := range gs.Manufacturers {
		if err := k.Manufacturers.Set(ctx, m.Id, m); err != nil {
			return err
		}
		if m.Status != types.STATUS_REMOVED {
			if err := k.indexOperators(ctx, m.Id, m.Operators, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// ExportGenesis writes the registry in id order; the index is derived state.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := types.DefaultGenesis()
	err := k.Manufacturers.Walk(ctx, nil, func(_ string, m types.Manufacturer) (bool, error) {
		gs.Manufacturers = append(gs.Manufacturers, m)
		return false, nil
	})
	return gs, err
}
