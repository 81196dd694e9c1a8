package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// Owner aggregates: per (owner, type), the mean of the aggregates of the
// owner's counted devices in that type, kept as a sum and a count so that
// every change is O(1). A device is counted for its owner while it has one
// and is not revoked, and in a type only while it has a stored aggregate
// there (one that counts some auditor weight). Three things move them:
//   - a device aggregate is stored, changed or deleted (updateAggregate:
//     score writes, the end blocker's re-weighing, genesis import);
//   - x/device changes a device's owner or status (the device hooks):
//     activation, transfer, revocation move all of the device's aggregates,
//     one per scored type, from the old counted owner to the new one;
//   - nothing else: an owner aggregate is never recomputed by a scan.

// countedOwner is the owner a device's aggregates count for: its owner, or
// none ("") while it has none or once it is revoked.
func countedOwner(d devicetypes.Device) string {
	if d.Status == devicetypes.STATUS_REVOKED {
		return ""
	}
	return d.Owner
}

// share is what a device adds to its counted owner's aggregate in a type:
// its aggregate's value while it has a stored one.
type share struct {
	counted bool
	value   uint32
}

// shareOf is the share of an aggregate that is (stored) or is not in the store.
func shareOf(agg types.Aggregate, stored bool) share {
	if !stored {
		return share{}
	}
	return share{counted: true, value: agg.Value}
}

// moveShare replaces a device's share from with to in owner's aggregate in
// a type: one read and one write, or none when nothing changes. An owner
// aggregate no device counts in any more is deleted.
func (k *Keeper) moveShare(ctx context.Context, owner, reputationType string, from, to share) error {
	if owner == "" || from == to {
		return nil
	}
	addr, err := k.addressCodec.StringToBytes(owner)
	if err != nil {
		return err
	}
	key := collections.Join(sdk.AccAddress(addr), reputationType)
	oa, err := k.OwnerAggregates.Get(ctx, key)
	if keeperkit.IsNotFound(err) {
		oa, err = types.NewOwnerAggregate(owner, reputationType), nil
	}
	if err != nil {
		return err
	}
	if from.counted {
		if err := oa.Remove(from.value); err != nil {
			return err
		}
	}
	if to.counted {
		if err := oa.Add(to.value); err != nil {
			return err
		}
	}
	if oa.Devices == 0 {
		return k.OwnerAggregates.Remove(ctx, key)
	}
	return k.OwnerAggregates.Set(ctx, key, oa)
}

// updateAggregate applies change to the stored aggregate of a device and
// type, or to a new one valued def when none is stored, stores the result
// (or deletes it when it counts no weight) and moves the device's share in
// its counted owner's aggregate. owner is countedOwner of the device, which
// the caller has at hand. It returns the aggregate as changed.
func (k *Keeper) updateAggregate(ctx context.Context, device devicekit.ID, deviceID, reputationType, owner string, def uint32,
	change func(*types.Aggregate) error,
) (types.Aggregate, error) {
	pair := collections.Join(device, reputationType)
	agg, err := k.Aggregates.Get(ctx, pair)
	stored := err == nil
	if keeperkit.IsNotFound(err) {
		agg, err = types.NewAggregate(deviceID, reputationType, def), nil
	}
	if err != nil {
		return agg, err
	}
	before := shareOf(agg, stored)
	if err := change(&agg); err != nil {
		return agg, err
	}
	if err := k.putAggregate(ctx, pair, agg); err != nil {
		return agg, err
	}
	return agg, k.moveShare(ctx, owner, reputationType, before, shareOf(agg, agg.Counts()))
}

// deviceAggregates lists a device's stored aggregates, one per scored type.
// They are read whole before the caller writes: a store iterator must not
// stay open across writes to its store.
func (k *Keeper) deviceAggregates(ctx context.Context, device devicekit.ID) ([]types.Aggregate, error) {
	var out []types.Aggregate
	err := k.Aggregates.Walk(ctx, collections.NewPrefixedPairRange[devicekit.ID, string](device),
		func(_ collections.Pair[devicekit.ID, string], a types.Aggregate) (bool, error) {
			out = append(out, a)
			return false, nil
		})
	return out, err
}

// AfterDeviceOwnerOrStatusChanged moves the device's aggregates from its
// counted owner before the change to the one after: activation adds them to
// the new owner, a transfer moves them, revocation takes them out. A change
// that keeps the counted owner (registration, suspension, reinstatement)
// reads nothing. The work is one write per scored type of the device.
func (h Hooks) AfterDeviceOwnerOrStatusChanged(ctx context.Context, before, after devicetypes.Device) error {
	from, to := countedOwner(before), countedOwner(after)
	if from == to {
		return nil
	}
	id, err := devicetypes.ParseDeviceID(after.Id)
	if err != nil {
		return err
	}
	aggs, err := h.k.deviceAggregates(ctx, id)
	if err != nil {
		return err
	}
	for _, a := range aggs {
		s := share{counted: true, value: a.Value}
		if err := h.k.moveShare(ctx, from, a.ReputationType, s, share{}); err != nil {
			return err
		}
		if err := h.k.moveShare(ctx, to, a.ReputationType, share{}, s); err != nil {
			return err
		}
	}
	return nil
}
