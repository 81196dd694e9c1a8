package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/atonomi/atonomid/x/payment/types"
)

// InitGenesis loads the spending of the last day.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	for _, b := range gs.Spending {
		if err := k.Spending.Set(ctx, collections.Join(b.DeviceId, b.Minute), b.Amount); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis writes the spending buckets in key order.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := types.DefaultGenesis()
	err := k.Spending.Walk(ctx, nil, func(key collections.Pair[string, int64], amount math.Int) (bool, error) {
		gs.Spending = append(gs.Spending, types.SpendingBucket{DeviceId: key.K1(), Minute: key.K2(), Amount: amount})
		return false, nil
	})
	return gs, err
}
