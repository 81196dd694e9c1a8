package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// byAuditorKey is the key of the ByAuditor index: (auditor id, device, type).
type byAuditorKey = collections.Triple[string, devicekit.ID, string]

// EndBlocker applies queued weight changes to the auditors' existing
// scores. An auditor may have scored any number of devices, so no message
// re-weighs them: this sweep visits at most params.reweigh_per_block latest
// scores per block, auditor after auditor in id order, each auditor from
// where its cursor left off. Each visited score still counted with another
// weight has its contribution to the aggregate replaced; then every device
// whose aggregates changed has its exclusion judged once, as after a batch
// of scores, with the same events.
func (k *Keeper) EndBlocker(ctx context.Context) error {
	// The queue holds at most one entry per auditor of the registry, a
	// handful of admitted services, so it is read whole; reading it before
	// any write also keeps the store iterator clear of the writes.
	iter, err := k.Reweigh.Iterate(ctx, nil)
	if err != nil {
		return err
	}
	queue, err := iter.KeyValues()
	if err != nil || len(queue) == 0 {
		return err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	var touched []devicekit.ID
	seen := make(map[devicekit.ID]struct{})
	touch := func(id devicekit.ID) {
		if _, ok := seen[id]; !ok {
			seen[id] = struct{}{}
			touched = append(touched, id)
		}
	}
	budget := uint64(params.ReweighPerBlock)
	for _, q := range queue {
		if budget == 0 {
			break
		}
		used, err := k.reweighAuditor(ctx, q.Key, q.Value, budget, touch)
		if err != nil {
			return err
		}
		budget -= used
	}
	for _, id := range touched {
		if err := k.judgeExclusion(ctx, id, params.ExclusionThreshold); err != nil {
			return err
		}
	}
	return nil
}

// reweighAuditor moves at most budget of the auditor's latest scores after
// its cursor to weight and returns how many it visited. When it reaches the
// auditor's last score it deletes the queue entry and the cursor and
// announces that the auditor's scores are settled; otherwise the cursor
// marks the last score visited.
func (k *Keeper) reweighAuditor(ctx context.Context, auditorID string, weight uint32, budget uint64, touch func(devicekit.ID)) (uint64, error) {
	rng := new(collections.Range[byAuditorKey]).Prefix(collections.TriplePrefix[string, devicekit.ID, string](auditorID))
	cursor, err := k.ReweighCursors.Get(ctx, auditorID)
	switch {
	case err == nil:
		id, err := devicetypes.ParseDeviceID(cursor.DeviceId)
		if err != nil {
			return 0, err
		}
		rng = rng.StartExclusive(collections.Join3(auditorID, id, cursor.ReputationType))
	case !keeperkit.IsNotFound(err):
		return 0, err
	}
	// One key beyond the budget tells whether this block finishes the
	// auditor. The keys are read before anything is written: a store
	// iterator must not stay open across writes to its store.
	keys, err := k.byAuditorKeys(ctx, rng, budget+1)
	if err != nil {
		return 0, err
	}
	more := uint64(len(keys)) > budget
	if more {
		keys = keys[:budget]
	}
	for _, key := range keys {
		if err := k.reweighScore(ctx, key, weight, touch); err != nil {
			return 0, err
		}
	}
	if more {
		last := keys[len(keys)-1]
		return budget, k.ReweighCursors.Set(ctx, auditorID, types.ReweighCursor{
			AuditorId: auditorID, DeviceId: last.K2().String(), ReputationType: last.K3(),
		})
	}
	if err := k.Reweigh.Remove(ctx, auditorID); err != nil {
		return 0, err
	}
	if err := k.ReweighCursors.Remove(ctx, auditorID); err != nil {
		return 0, err
	}
	return uint64(len(keys)), keeperkit.Emit(ctx, &types.EventAuditorReweighed{AuditorId: auditorID, Weight: weight})
}

// byAuditorKeys reads at most limit keys of the ByAuditor range. Counts are
// uint64 so that every node, whatever its int size, stops at the same key.
func (k *Keeper) byAuditorKeys(ctx context.Context, rng collections.Ranger[byAuditorKey], limit uint64) ([]byAuditorKey, error) {
	iter, err := k.ByAuditor.Iterate(ctx, rng)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var keys []byAuditorKey
	for ; iter.Valid() && uint64(len(keys)) < limit; iter.Next() {
		key, err := iter.Key()
		if err != nil {
			return nil, err
		}
		keys = append(keys, key)
	}
	return keys, nil
}

// reweighScore moves one latest score to weight: its old contribution to the
// aggregate (score × the weight it was counted with) is replaced by score ×
// weight, and the score keeps the weight it now counts with. A score
// already at weight is skipped, so a score written since the change, or a
// sweep restarted by a later change, is never counted twice.
func (k *Keeper) reweighScore(ctx context.Context, key byAuditorKey, weight uint32, touch func(devicekit.ID)) error {
	auditorID, device, typ := key.K1(), key.K2(), key.K3()
	l, err := k.Latest.Get(ctx, collections.Join3(device, typ, auditorID))
	if err != nil {
		// The index is written with every latest score: a dangling entry is
		// a corrupt store.
		return fmt.Errorf("latest score of index entry (%s, %x, %s): %w", auditorID, device, typ, err)
	}
	if l.Weight == weight {
		return nil
	}
	d, err := k.devices.GetDevice(ctx, device)
	if err != nil {
		return err
	}
	// When nothing counts in the type (its scores are all at weight 0) the
	// stored aggregate was deleted. The default value 0 is never read:
	// either this score now counts, or the aggregate is not stored.
	if _, err := k.updateAggregate(ctx, device, l.DeviceId, typ, countedOwner(d), 0, func(agg *types.Aggregate) error {
		if err := agg.Remove(l.Score, l.Weight); err != nil {
			return err
		}
		return agg.Add(l.Score, weight)
	}); err != nil {
		return err
	}
	l.Weight = weight
	if err := k.setLatest(ctx, device, l); err != nil {
		return err
	}
	touch(device)
	return nil
}
