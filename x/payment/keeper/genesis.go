package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/atonomi/atonomid/x/payment/types"
)

// InitGenesis loads the spending of the last day and the nonces.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	for _, b := range gs.Spending {
		if err := k.Spending.Set(ctx, collections.Join(b.DeviceId, b.Minute), b.Amount); err != nil {
			return err
		}
	}
	for _, n := range gs.Nonces {
		if err := k.Nonces.Set(ctx, n.DeviceId, n.Nonce); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis writes the spending buckets and nonces in key order.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := types.DefaultGenesis()
	if err := k.Spending.Walk(ctx, nil, func(key collections.Pair[string, int64], amount math.Int) (bool, error) {
		gs.Spending = append(gs.Spending, types.SpendingBucket{DeviceId: key.K1(), Minute: key.K2(), Amount: amount})
		return false, nil
	}); err != nil {
		return nil, err
	}
	err := k.Nonces.Walk(ctx, nil, func(id string, nonce uint64) (bool, error) {
		gs.Nonces = append(gs.Nonces, types.DeviceNonce{DeviceId: id, Nonce: nonce})
		return false, nil
	})
	return gs, err
}
