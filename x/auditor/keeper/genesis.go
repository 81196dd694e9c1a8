package keeper

import (
	"context"

	"github.com/atonomi/atonomid/x/auditor/types"
)

// InitGenesis loads the params and the registry and rebuilds the operator index.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, a := range gs.Auditors {
		if err := k.Auditors.Set(ctx, a.Id, a); err != nil {
			return err
		}
		if a.Status != types.STATUS_REMOVED {
			if err := k.indexOperator(ctx, a.Id, a.Operator, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// ExportGenesis writes the params and the registry in id order; the index is
// derived state.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params, Auditors: []types.Auditor{}}
	err = k.Auditors.Walk(ctx, nil, func(_ string, a types.Auditor) (bool, error) {
		gs.Auditors = append(gs.Auditors, a)
		return false, nil
	})
	return gs, err
}
