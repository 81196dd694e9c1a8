package keeper

import (
	"context"

	"github.com/atonomi/atonomid/x/internal/registry"
	"github.com/atonomi/atonomid/x/manufacturer/types"
)

// InitGenesis loads the registry and rebuilds the operator index.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	return registry.Load(ctx, k.Manufacturers, k.index, gs.Manufacturers)
}

// ExportGenesis writes the registry in id order; the index is derived state.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := types.DefaultGenesis()
	var err error
	gs.Manufacturers, err = registry.AppendAll(ctx, k.Manufacturers, gs.Manufacturers)
	return gs, err
}
