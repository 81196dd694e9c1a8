package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// ReputationOf is a device's aggregate in a type, or the device's default
// (its manufacturer's default when it was registered) when nobody has scored
// it in that type: what a counterparty's reputation minimum is judged
// against.
func (k *Keeper) ReputationOf(ctx context.Context, id devicekit.ID, reputationType string) (uint32, error) {
	agg, err := k.aggregateOf(ctx, id, reputationType)
	return agg.Value, err
}

// aggregateOf is a device's aggregate in a type, or, when nobody has scored
// the type, one whose value is the device's default.
func (k *Keeper) aggregateOf(ctx context.Context, id devicekit.ID, reputationType string) (types.Aggregate, error) {
	agg, err := k.Aggregates.Get(ctx, collections.Join(id, reputationType))
	if !keeperkit.IsNotFound(err) {
		return agg, err
	}
	start, err := k.defaultValue(ctx, id)
	if err != nil {
		return agg, err
	}
	return types.NewAggregate(id.String(), reputationType, start), nil
}

// defaultValue is a device's value in a type nobody has scored: its
// manufacturer's default when the device was registered, which the device
// record keeps (see x/device's newDevice).
func (k *Keeper) defaultValue(ctx context.Context, id devicekit.ID) (uint32, error) {
	d, err := k.devices.GetDevice(ctx, id)
	if err != nil {
		return 0, err
	}
	return d.DefaultReputation, nil
}
