package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
)

// AfterDeviceReleased deletes what the module keeps of a device x/gov
// released (x/device's MsgReleaseRegistrations): its latest scores and their
// index entries, its aggregates and its history. The id may be registered
// anew by its real maker, whose device must not inherit the scores written
// for the squatter's copy. A released device was only ever registered, so it
// had no owner and no owner aggregate counts it.
func (h Hooks) AfterDeviceReleased(ctx context.Context, d devicetypes.Device) error {
	id, err := devicetypes.ParseDeviceID(d.Id)
	if err != nil {
		return err
	}
	k := h.k
	latest, err := keysOf(ctx, k.Latest, collections.NewPrefixedTripleRange[devicekit.ID, string, string](id))
	if err != nil {
		return err
	}
	for _, key := range latest {
		if err := k.ByAuditor.Remove(ctx, collections.Join3(key.K3(), key.K1(), key.K2())); err != nil {
			return err
		}
		if err := k.Latest.Remove(ctx, key); err != nil {
			return err
		}
	}
	if err := removeAll(ctx, k.Aggregates, collections.NewPrefixedPairRange[devicekit.ID, string](id)); err != nil {
		return err
	}
	if err := removeAll(ctx, k.HistoryNext, collections.NewPrefixedPairRange[devicekit.ID, string](id)); err != nil {
		return err
	}
	return removeAll(ctx, k.History, collections.NewPrefixedTripleRange[devicekit.ID, string, uint64](id))
}

// keysOf collects the keys of m in r, so that they can be removed after the
// walk rather than under it.
func keysOf[K, V any](ctx context.Context, m collections.Map[K, V], r collections.Ranger[K]) ([]K, error) {
	var keys []K
	err := m.Walk(ctx, r, func(key K, _ V) (bool, error) {
		keys = append(keys, key)
		return false, nil
	})
	return keys, err
}

// removeAll removes every entry of m in r.
func removeAll[K, V any](ctx context.Context, m collections.Map[K, V], r collections.Ranger[K]) error {
	keys, err := keysOf(ctx, m, r)
	if err != nil {
		return err
	}
	for _, key := range keys {
		if err := m.Remove(ctx, key); err != nil {
			return err
		}
	}
	return nil
}
