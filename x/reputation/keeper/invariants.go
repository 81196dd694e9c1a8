package keeper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// AuditorLookup returns an auditor by id, removed ones included; the weights
// invariant compares each latest score's weight with its auditor's.
type AuditorLookup func(ctx context.Context, id string) (auditortypes.Auditor, error)

// CheckInvariants runs every invariant of the module and joins what is
// broken. The simulation checks it after every block; keeper tests call it
// directly.
func CheckInvariants(ctx context.Context, k *Keeper, auditors AuditorLookup) error {
	return errors.Join(
		AggregatesInvariant(ctx, k),
		OwnerAggregatesInvariant(ctx, k),
		ByAuditorIndexInvariant(ctx, k),
		WeightsInvariant(ctx, k, auditors),
		HistoryInvariant(ctx, k),
		ExclusionInvariant(ctx, k),
	)
}

// AggregatesInvariant recomputes every aggregate from the latest scores as
// the keeper builds it: starting from the device's default reputation, each auditor's latest score of the device and type counted
// with the weight it carries. An aggregate that counts some weight must be
// stored exactly so; one that counts none must not be stored (it reads as
// the default).
func AggregatesInvariant(ctx context.Context, k *Keeper) error {
	var (
		broken    []error
		current   *types.Aggregate
		recounted int
	)
	settle := func() error {
		if current == nil {
			return nil
		}
		id, err := devicetypes.ParseDeviceID(current.DeviceId)
		if err != nil {
			return err
		}
		stored, err := k.Aggregates.Get(ctx, collections.Join(id, current.ReputationType))
		switch {
		case keeperkit.IsNotFound(err) && current.Counts():
			broken = append(broken, fmt.Errorf("device %s in %s: latest scores weigh %d but no aggregate is stored",
				current.DeviceId, current.ReputationType, current.TotalWeight))
		case keeperkit.IsNotFound(err):
		case err != nil:
			return err
		case !current.Counts():
			broken = append(broken, fmt.Errorf("device %s in %s: an aggregate is stored though no latest score weighs anything",
				current.DeviceId, current.ReputationType))
		case stored != *current:
			broken = append(broken, fmt.Errorf("device %s in %s: stored aggregate %+v, recomputed %+v",
				current.DeviceId, current.ReputationType, stored, *current))
		}
		if current.Counts() {
			recounted++
		}
		return nil
	}
	// Latest scores of one device and type are contiguous in key order.
	err := k.Latest.Walk(ctx, nil, func(_ collections.Triple[devicekit.ID, string, string], l types.LatestScore) (bool, error) {
		if current == nil || current.DeviceId != l.DeviceId || current.ReputationType != l.ReputationType {
			if err := settle(); err != nil {
				return true, err
			}
			id, err := devicetypes.ParseDeviceID(l.DeviceId)
			if err != nil {
				return true, err
			}
			start, err := k.defaultValue(ctx, id)
			if err != nil {
				return true, err
			}
			agg := types.NewAggregate(l.DeviceId, l.ReputationType, start)
			current = &agg
		}
		return false, current.Add(l.Score, l.Weight)
	})
	if err != nil {
		return err
	}
	if err := settle(); err != nil {
		return err
	}
	stored := 0
	if err := k.Aggregates.Walk(ctx, nil, func(collections.Pair[devicekit.ID, string], types.Aggregate) (bool, error) {
		stored++
		return false, nil
	}); err != nil {
		return err
	}
	if stored != recounted {
		broken = append(broken, fmt.Errorf("%d aggregates stored, the latest scores make %d", stored, recounted))
	}
	return modulekit.InvariantError(types.ModuleName, "aggregates", broken)
}

// OwnerAggregatesInvariant recounts the owner aggregates from scratch: every
// stored device aggregate counted for its device's counted owner (see
// countedOwner). The keeper never scans to keep them; this check does.
func OwnerAggregatesInvariant(ctx context.Context, k *Keeper) error {
	type key struct{ owner, reputationType string }
	want := map[key]types.OwnerAggregate{}
	err := k.Aggregates.Walk(ctx, nil, func(_ collections.Pair[devicekit.ID, string], a types.Aggregate) (bool, error) {
		id, err := devicetypes.ParseDeviceID(a.DeviceId)
		if err != nil {
			return true, err
		}
		d, err := k.devices.GetDevice(ctx, id)
		if err != nil {
			return true, err
		}
		owner := countedOwner(d)
		if owner == "" {
			return false, nil
		}
		kk := key{owner, a.ReputationType}
		agg, ok := want[kk]
		if !ok {
			agg = types.NewOwnerAggregate(owner, a.ReputationType)
		}
		if err := agg.Add(a.Value); err != nil {
			return true, err
		}
		want[kk] = agg
		return false, nil
	})
	if err != nil {
		return err
	}
	var broken []error
	err = k.OwnerAggregates.Walk(ctx, nil, func(_ collections.Pair[sdk.AccAddress, string], stored types.OwnerAggregate) (bool, error) {
		kk := key{stored.Owner, stored.ReputationType}
		recounted, ok := want[kk]
		switch {
		case !ok:
			broken = append(broken, fmt.Errorf("owner %s in %s: stored %+v, but no counted device has an aggregate",
				stored.Owner, stored.ReputationType, stored))
		case recounted != stored:
			broken = append(broken, fmt.Errorf("owner %s in %s: stored %+v, recounted %+v",
				stored.Owner, stored.ReputationType, stored, recounted))
		}
		delete(want, kk)
		return false, nil
	})
	if err != nil {
		return err
	}
	for kk := range want {
		broken = append(broken, fmt.Errorf("owner %s in %s: counted devices have aggregates but none is stored", kk.owner, kk.reputationType))
	}
	return modulekit.InvariantError(types.ModuleName, "owner-aggregates", broken)
}

// ByAuditorIndexInvariant checks that the ByAuditor index lists exactly the
// latest scores: the end blocker re-weighs an auditor's scores through it.
func ByAuditorIndexInvariant(ctx context.Context, k *Keeper) error {
	var broken []error
	latest := 0
	err := k.Latest.Walk(ctx, nil, func(key collections.Triple[devicekit.ID, string, string], _ types.LatestScore) (bool, error) {
		latest++
		has, err := k.ByAuditor.Has(ctx, collections.Join3(key.K3(), key.K1(), key.K2()))
		if err == nil && !has {
			broken = append(broken, fmt.Errorf("latest score (%x, %s, %s) is not indexed by auditor", key.K1(), key.K2(), key.K3()))
		}
		return false, err
	})
	if err != nil {
		return err
	}
	indexed := 0
	if err := k.ByAuditor.Walk(ctx, nil, func(byAuditorKey, keeperkit.Present) (bool, error) {
		indexed++
		return false, nil
	}); err != nil {
		return err
	}
	if indexed != latest {
		broken = append(broken, fmt.Errorf("by-auditor index holds %d entries for %d latest scores", indexed, latest))
	}
	return modulekit.InvariantError(types.ModuleName, "by-auditor-index", broken)
}

// WeightsInvariant checks that each latest score counts with its auditor's
// effective weight, unless the auditor is queued for re-weighing: then the
// end blocker is still moving its scores to the queued weight, which must be
// the auditor's effective weight.
func WeightsInvariant(ctx context.Context, k *Keeper, auditors AuditorLookup) error {
	var broken []error
	effective := map[string]uint32{}
	err := k.Latest.Walk(ctx, nil, func(_ collections.Triple[devicekit.ID, string, string], l types.LatestScore) (bool, error) {
		w, ok := effective[l.AuditorId]
		if !ok {
			a, err := auditors(ctx, l.AuditorId)
			if err != nil {
				return true, err
			}
			w = a.EffectiveWeight()
			effective[l.AuditorId] = w
			queued, err := k.Reweigh.Get(ctx, l.AuditorId)
			switch {
			case err == nil && queued != w:
				broken = append(broken, fmt.Errorf("auditor %s is queued for weight %d, its effective weight is %d", l.AuditorId, queued, w))
			case err != nil && !keeperkit.IsNotFound(err):
				return true, err
			}
		}
		queued, err := k.Reweigh.Has(ctx, l.AuditorId)
		if err != nil {
			return true, err
		}
		if !queued && l.Weight != w {
			broken = append(broken, fmt.Errorf("score of %s by %s in %s counts with weight %d, the auditor's effective weight is %d and no re-weighing is queued",
				l.DeviceId, l.AuditorId, l.ReputationType, l.Weight, w))
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	return modulekit.InvariantError(types.ModuleName, "weights", broken)
}

// HistoryInvariant checks that every device and type's history holds no
// more scores than were ever appended to it.
func HistoryInvariant(ctx context.Context, k *Keeper) error {
	var broken []error
	kept := map[string]uint64{}
	if err := k.History.Walk(ctx, nil, func(key collections.Triple[devicekit.ID, string, uint64], _ types.Score) (bool, error) {
		kept[key.K1().String()+"/"+key.K2()]++
		return false, nil
	}); err != nil {
		return err
	}
	err := k.HistoryNext.Walk(ctx, nil, func(key collections.Pair[devicekit.ID, string], next uint64) (bool, error) {
		pair := key.K1().String() + "/" + key.K2()
		if kept[pair] > next {
			broken = append(broken, fmt.Errorf("device %s in %s keeps %d scores of %d appended", key.K1(), key.K2(), kept[pair], next))
		}
		delete(kept, pair)
		return false, nil
	})
	if err != nil {
		return err
	}
	for pair, n := range kept {
		broken = append(broken, fmt.Errorf("%d scores of %q have no next sequence", n, pair))
	}
	return modulekit.InvariantError(types.ModuleName, "history", broken)
}

// ExclusionInvariant checks the exclusion flags stored on the scored devices
// against their aggregates at the current threshold. They must agree for
// every device no sweep is still to reach: all of them when no sweep is
// under way, the devices before its cursor otherwise (those after it carry
// the verdict of an earlier threshold or of a later write). A sweep under
// way must judge at the params' threshold.
func ExclusionInvariant(ctx context.Context, k *Keeper) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	var (
		broken []error
		next   *devicekit.ID
	)
	sweep, err := k.exclusionSweep(ctx)
	if err != nil {
		return err
	}
	pending := sweep != nil
	if pending {
		if sweep.Threshold != params.ExclusionThreshold {
			broken = append(broken, fmt.Errorf("the exclusion sweep judges at %d, the threshold is %d", sweep.Threshold, params.ExclusionThreshold))
		}
		if sweep.NextDeviceId != "" {
			id, err := devicetypes.ParseDeviceID(sweep.NextDeviceId)
			if err != nil {
				return err
			}
			next = &id
		}
	}
	devices, _, err := k.sweepBatch(ctx, "", math.MaxUint64)
	if err != nil {
		return err
	}
	for _, sd := range devices {
		if pending && (next == nil || bytes.Compare(sd.id[:], next[:]) >= 0) {
			continue
		}
		d, err := k.devices.GetDevice(ctx, sd.id)
		if err != nil {
			return err
		}
		if want := lowestBelow(sd.aggs, params.ExclusionThreshold) != nil; d.Excluded != want {
			broken = append(broken, fmt.Errorf("device %s: stored excluded=%t, its aggregates at threshold %d say %t",
				sd.id, d.Excluded, params.ExclusionThreshold, want))
		}
	}
	return modulekit.InvariantError(types.ModuleName, "exclusion", broken)
}
