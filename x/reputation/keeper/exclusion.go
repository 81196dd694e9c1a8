package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// Exclusion. A device is excluded while one of its scored aggregates (one
// that counts some auditor weight) is below params.exclusion_threshold; a
// type nobody has scored reads at the device's default and never excludes
// it. The verdict is stored on the device record (x/device's excluded flag),
// with an event when it changes, whenever the device's aggregates change:
// after a batch of scores (judgeExclusion) and when the end blocker
// re-weighs them. A threshold change moves verdicts without moving any
// aggregate, and a device may have been scored years ago, so:
//   - payments and this module's queries judge the current threshold from
//     the aggregates (Excluded), never from the stored flag;
//   - the stored flags and their events catch up in the end blocker
//     (SweepExclusion): at most params.exclusion_sweep_per_block devices per
//     block, in device id order, from a cursor kept in state.

// lowestBelow is the lowest of aggs below threshold, the one a verdict of
// exclusion names, or nil when none is below it.
func lowestBelow(aggs []types.Aggregate, threshold uint32) *types.Aggregate {
	var lowest *types.Aggregate
	for i, a := range aggs {
		if a.Value < threshold && (lowest == nil || a.Value < lowest.Value) {
			lowest = &aggs[i]
		}
	}
	return lowest
}

// Excluded judges a device at the current exclusion threshold: what payments
// refuse a device for. It reads the device's aggregates, one per scored
// type, and not its stored flag, which lags behind a threshold change until
// the sweep reaches the device.
func (k *Keeper) Excluded(ctx context.Context, id devicekit.ID) (bool, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return false, err
	}
	aggs, err := k.deviceAggregates(ctx, id)
	if err != nil {
		return false, err
	}
	return lowestBelow(aggs, params.ExclusionThreshold) != nil, nil
}

// recordExclusion stores on the device the verdict of its aggregates aggs at
// threshold and announces a change of verdict, naming the lowest aggregate.
func (k *Keeper) recordExclusion(ctx context.Context, id devicekit.ID, aggs []types.Aggregate, threshold uint32) error {
	lowest := lowestBelow(aggs, threshold)
	changed, err := k.devices.SetExcluded(ctx, id, lowest != nil)
	if err != nil || !changed {
		return err
	}
	if lowest != nil {
		return keeperkit.Emit(ctx, &types.EventDeviceExcluded{
			DeviceId: id.String(), ReputationType: lowest.ReputationType, Aggregate: lowest.Value, Threshold: threshold,
		})
	}
	return keeperkit.Emit(ctx, &types.EventDeviceReinstated{DeviceId: id.String()})
}

// exclusionSweep returns the exclusion sweep under way, or nil when every
// stored flag agrees with the current threshold.
func (k *Keeper) exclusionSweep(ctx context.Context) (*types.ExclusionSweep, error) {
	sweep, err := k.ExclusionSweep.Get(ctx)
	if keeperkit.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &sweep, nil
}

// startExclusionSweep starts the re-judging of every scored device at
// threshold from the first one. A sweep under way is replaced, not
// continued: the devices it has judged were judged at the threshold before.
func (k *Keeper) startExclusionSweep(ctx context.Context, threshold uint32) error {
	if err := k.ExclusionSweep.Set(ctx, types.ExclusionSweep{Threshold: threshold}); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventExclusionSweepStarted{Threshold: threshold})
}

// SweepExclusion is the end blocker's re-judging of the stored exclusion
// flags after a threshold change. Each block it judges at most
// params.exclusion_sweep_per_block devices, those whose aggregates follow
// the cursor in device id order, storing each verdict and its event as a
// score write would; when no device is left it deletes the sweep and
// announces that every flag agrees with the threshold. A device scored or
// re-weighed meanwhile is judged at the current threshold then, wherever
// it lies from the cursor, so judging it again here changes nothing.
// Devices with no aggregate are not visited: they are not excluded at any
// threshold, and every change that deletes a device's last aggregate judges
// it. The block's work is bounded by the devices it judges, each one
// aggregate walk, one device read and at most one write and one event.
func (k *Keeper) SweepExclusion(ctx context.Context) error {
	sweep, err := k.exclusionSweep(ctx)
	if err != nil || sweep == nil {
		return err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	devices, next, err := k.sweepBatch(ctx, sweep.NextDeviceId, uint64(params.ExclusionSweepPerBlock))
	if err != nil {
		return err
	}
	for _, d := range devices {
		if err := k.recordExclusion(ctx, d.id, d.aggs, params.ExclusionThreshold); err != nil {
			return err
		}
	}
	sweep.Judged += uint64(len(devices))
	if next == nil {
		if err := k.ExclusionSweep.Remove(ctx); err != nil {
			return err
		}
		return keeperkit.Emit(ctx, &types.EventExclusionSweepFinished{Threshold: params.ExclusionThreshold, Devices: sweep.Judged})
	}
	sweep.NextDeviceId = next.String()
	return k.ExclusionSweep.Set(ctx, *sweep)
}

// sweptDevice is a device the sweep judges, with its aggregates.
type sweptDevice struct {
	id   devicekit.ID
	aggs []types.Aggregate
}

// sweepBatch reads the aggregates of at most limit devices from the device
// start (inclusive; empty for the first device) on, and the id of the device
// after them, or nil when there is none. A device's aggregates are
// contiguous in key order, so one walk groups them; it stops at the first
// key of the device beyond the limit. Everything is read before the caller
// writes: a store iterator must not stay open across writes to its store.
func (k *Keeper) sweepBatch(ctx context.Context, start string, limit uint64) ([]sweptDevice, *devicekit.ID, error) {
	rng := new(collections.Range[collections.Pair[devicekit.ID, string]])
	if start != "" {
		id, err := devicetypes.ParseDeviceID(start)
		if err != nil {
			return nil, nil, err
		}
		// Reputation types are never empty, so (start, "") precedes every
		// key of start and follows every key of the devices before it.
		rng = rng.StartInclusive(collections.Join(id, ""))
	}
	iter, err := k.Aggregates.Iterate(ctx, rng)
	if err != nil {
		return nil, nil, err
	}
	defer iter.Close()
	var out []sweptDevice
	for ; iter.Valid(); iter.Next() {
		kv, err := iter.KeyValue()
		if err != nil {
			return nil, nil, err
		}
		id := kv.Key.K1()
		if len(out) == 0 || out[len(out)-1].id != id {
			// Counts are uint64 so that every node stops at the same key.
			if uint64(len(out)) == limit {
				return out, &id, nil
			}
			out = append(out, sweptDevice{id: id})
		}
		out[len(out)-1].aggs = append(out[len(out)-1].aggs, kv.Value)
	}
	return out, nil, nil
}
