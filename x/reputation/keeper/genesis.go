package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// InitGenesis validates and loads the params, the latest scores, the
// history, the re-weighing queue with its cursors and the exclusion sweep;
// the aggregates and the
// ByAuditor index are recomputed from the latest scores, each counted with
// the weight it carries (a score at weight 0 counts nothing, and an
// aggregate that counts nothing is not stored), and the owner aggregates
// from the aggregates and the devices' owners and statuses. x/device's
// genesis is therefore loaded first; a latest score of a device it does not
// hold is refused.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	// The latest scores of a device are listed together (export writes
	// them in key order), so its device record is read once per run.
	var device devicetypes.Device
	for i, l := range gs.Latest {
		id, _ := devicetypes.ParseDeviceID(l.DeviceId)
		if err := k.setLatest(ctx, id, l); err != nil {
			return err
		}
		if device.Id != l.DeviceId {
			d, err := k.devices.GetDevice(ctx, id)
			if err != nil {
				return errorsmod.Wrapf(types.ErrInvalidGenesis, "latest score %d: %v", i, err)
			}
			device = d
		}
		// An aggregate is stored only once it counts a score of weight above
		// 0, so the default value 0 is never read.
		if _, err := k.updateAggregate(ctx, id, l.DeviceId, l.ReputationType, countedOwner(device), 0,
			func(agg *types.Aggregate) error { return agg.Add(l.Score, l.Weight) }); err != nil {
			return err
		}
	}
	for _, r := range gs.ReweighQueue {
		if err := k.Reweigh.Set(ctx, r.AuditorId, r.Weight); err != nil {
			return err
		}
	}
	for _, c := range gs.ReweighCursors {
		if err := k.ReweighCursors.Set(ctx, c.AuditorId, c); err != nil {
			return err
		}
	}
	if gs.ExclusionSweep != nil {
		if err := k.ExclusionSweep.Set(ctx, *gs.ExclusionSweep); err != nil {
			return err
		}
	}
	// The history of a device and type is listed newest first: its i-th
	// entry of n gets sequence n−1−i, and its next sequence is n.
	type pairKey struct{ device, typ string }
	counts := make(map[pairKey]uint64)
	for _, s := range gs.History {
		counts[pairKey{s.DeviceId, s.ReputationType}]++
	}
	listed := make(map[pairKey]uint64, len(counts))
	for _, s := range gs.History {
		p := pairKey{s.DeviceId, s.ReputationType}
		id, _ := devicetypes.ParseDeviceID(s.DeviceId)
		seq := counts[p] - 1 - listed[p]
		listed[p]++
		if err := k.History.Set(ctx, collections.Join3(id, s.ReputationType, historyKey(seq)), s); err != nil {
			return err
		}
		if listed[p] == 1 {
			if err := k.HistoryNext.Set(ctx, collections.Join(id, s.ReputationType), counts[p]); err != nil {
				return err
			}
		}
	}
	return nil
}

// ExportGenesis writes the params, the latest scores in key order, per
// device and type the newest history_length scores, newest first, the
// re-weighing queue and cursors in auditor order and the exclusion sweep,
// so that an import goes on re-weighing and re-judging where the chain left
// off.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := types.DefaultGenesis()
	gs.Params = params
	if err := k.Latest.Walk(ctx, nil, func(_ collections.Triple[devicekit.ID, string, string], l types.LatestScore) (bool, error) {
		gs.Latest = append(gs.Latest, l)
		return false, nil
	}); err != nil {
		return nil, err
	}
	// Scores of one device and type are contiguous and newest first; those
	// beyond history_length (left by a shortened history_length until the
	// next write) are not exported, so the export stays valid.
	var (
		current string
		kept    uint32
	)
	err = k.History.Walk(ctx, nil, func(_ collections.Triple[devicekit.ID, string, uint64], s types.Score) (bool, error) {
		if pair := s.DeviceId + "/" + s.ReputationType; pair != current {
			current, kept = pair, 0
		}
		if kept < params.HistoryLength {
			gs.History = append(gs.History, s)
			kept++
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if err := k.Reweigh.Walk(ctx, nil, func(auditorID string, weight uint32) (bool, error) {
		gs.ReweighQueue = append(gs.ReweighQueue, types.Reweigh{AuditorId: auditorID, Weight: weight})
		return false, nil
	}); err != nil {
		return nil, err
	}
	err = k.ReweighCursors.Walk(ctx, nil, func(_ string, c types.ReweighCursor) (bool, error) {
		gs.ReweighCursors = append(gs.ReweighCursors, c)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if gs.ExclusionSweep, err = k.exclusionSweep(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}
