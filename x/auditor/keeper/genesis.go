package keeper

import (
	"context"

	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/internal/registry"
)

// InitGenesis loads the params and the registry and rebuilds the operator index.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	return registry.Load(ctx, k.Auditors, k.index, gs.Auditors)
}

// ExportGenesis writes the params and the registry in id order; the index is
// derived state.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	gs.Auditors, err = registry.AppendAll(ctx, k.Auditors, []types.Auditor{})
	return gs, err
}
