package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/payment/types"
)

// InitGenesis loads the spending of the last day and the nonces.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	// Validate refused every id that is not canonical, so these parse.
	for _, b := range gs.Spending {
		id, err := devicetypes.ParseDeviceID(b.DeviceId)
		if err != nil {
			return err
		}
		if err := k.Spending.Set(ctx, collections.Join(id, b.Minute), b.Amount); err != nil {
			return err
		}
	}
	for _, n := range gs.Nonces {
		id, err := devicetypes.ParseDeviceID(n.DeviceId)
		if err != nil {
			return err
		}
		if err := k.Nonces.Set(ctx, id, n.Nonce); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis writes the spending buckets and nonces in key order.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := types.DefaultGenesis()
	if err := k.Spending.Walk(ctx, nil, func(key collections.Pair[devicekit.ID, int64], amount math.Int) (bool, error) {
		gs.Spending = append(gs.Spending, types.SpendingBucket{DeviceId: key.K1().String(), Minute: key.K2(), Amount: amount})
		return false, nil
	}); err != nil {
		return nil, err
	}
	err := k.Nonces.Walk(ctx, nil, func(id devicekit.ID, nonce uint64) (bool, error) {
		gs.Nonces = append(gs.Nonces, types.DeviceNonce{DeviceId: id.String(), Nonce: nonce})
		return false, nil
	})
	return gs, err
}
