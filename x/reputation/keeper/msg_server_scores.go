package keeper

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/reputation/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// scoreTarget is a validated entry of a batch with what writing it needs.
type scoreTarget struct {
	id    devicekit.ID
	entry types.ScoreEntry
	maker *maker
	// owner is the device's counted owner (see countedOwner).
	owner string
	// start is the device's default reputation, kept with it since its
	// registration: what a first score of it follows.
	start uint32
}

// maker is a manufacturer of the batch's devices.
type maker struct {
	id string
	// beneficiary is its first operator: the account that receives the
	// manufacturer's share of score rewards.
	beneficiary sdk.AccAddress
	count       uint64
}

// WriteScores writes a batch of scores by the signer's auditor. Every entry
// is checked before anything is written or charged; one bad entry refuses
// the whole batch with its index.
func (s msgServer) WriteScores(ctx context.Context, msg *types.MsgWriteScores) (*types.MsgWriteScoresResponse, error) {
	k := s.k
	if err := k.token.CheckNotPaused(ctx, tokentypes.ACTION_SCORING); err != nil {
		return nil, err
	}
	auditor, err := k.auditors.ActiveAuditorOperatedBy(ctx, msg.Operator)
	if err != nil {
		return nil, err
	}
	operator, err := k.addressCodec.StringToBytes(msg.Operator)
	if err != nil {
		return nil, errorsmod.Wrapf(auditortypes.ErrInvalidOperator, "%q: %v", msg.Operator, err)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	n := len(msg.Scores)
	if n == 0 {
		return nil, types.ErrEmptyBatch
	}
	if n > int(params.MaxBatchSize) {
		return nil, errorsmod.Wrapf(types.ErrBatchTooLarge, "%d scores, the maximum is %d", n, params.MaxBatchSize)
	}
	targets, makers, err := k.checkScores(ctx, auditor, msg.Scores)
	if err != nil {
		return nil, err
	}
	// One fee per manufacturer, in id order, so that each manufacturer's
	// share of the fee goes to its own pool and the events are deterministic.
	for _, m := range makers {
		if _, err := k.token.ChargeFee(ctx, operator, tokentypes.FeeReputation, m.count, m.id); err != nil {
			return nil, err
		}
	}
	var devices []devicekit.ID
	seen := make(map[devicekit.ID]struct{}, n)
	// rewarded holds, for each rewarded entry, the blocks since the
	// auditor's previous score of it: the same entries earn credit in the
	// auditor pool's epoch, prorated the same way.
	var rewarded []uint64
	for _, t := range targets {
		blocks, paid, err := k.writeScore(ctx, auditor, operator, t, params)
		if err != nil {
			return nil, err
		}
		if paid {
			rewarded = append(rewarded, blocks)
		}
		if _, ok := seen[t.id]; !ok {
			seen[t.id] = struct{}{}
			devices = append(devices, t.id)
		}
	}
	// One credit call per batch, so that a batch of thousands of scores
	// writes the auditor's tally entry once, not once per score.
	if len(rewarded) > 0 {
		if _, err := k.token.CreditAuditorScores(ctx, auditor.Id, auditor.EffectiveWeight(), rewarded); err != nil {
			return nil, err
		}
	}
	// Exclusion is judged once per device, on its aggregates after the whole
	// batch: the verdict in between is never visible to anyone.
	if err := k.orderPendingWrites(ctx); err != nil {
		return nil, err
	}
	for _, id := range devices {
		if err := k.judgeExclusion(ctx, id, params.ExclusionThreshold); err != nil {
			return nil, err
		}
	}
	return &types.MsgWriteScoresResponse{Written: uint64(n)}, nil
}

// checkScores validates every entry, reading what writing them needs: the
// devices and, once each, their manufacturers (returned in id order with
// their entry counts).
func (k *Keeper) checkScores(ctx context.Context, auditor auditortypes.Auditor, entries []types.ScoreEntry) ([]scoreTarget, []*maker, error) {
	type pair struct {
		id  devicekit.ID
		typ string
	}
	targets := make([]scoreTarget, 0, len(entries))
	pairs := make(map[pair]int, len(entries))
	makers := map[string]*maker{}
	for i, e := range entries {
		id, err := devicetypes.ParseDeviceID(e.DeviceId)
		if err != nil {
			return nil, nil, errorsmod.Wrapf(err, "entry %d", i)
		}
		if !auditor.HasType(e.ReputationType) {
			return nil, nil, errorsmod.Wrapf(types.ErrTypeNotAllowed, "entry %d: %s is not one of the types auditor %s writes %v", i, e.ReputationType, auditor.Id, auditor.ReputationTypes)
		}
		if err := types.ValidateScore(e.Score); err != nil {
			return nil, nil, errorsmod.Wrapf(err, "entry %d", i)
		}
		p := pair{id, e.ReputationType}
		if j, dup := pairs[p]; dup {
			return nil, nil, errorsmod.Wrapf(types.ErrDuplicateEntry, "entry %d repeats device %s in %s of entry %d", i, id, e.ReputationType, j)
		}
		pairs[p] = i
		d, err := k.devices.GetDevice(ctx, id)
		if err != nil {
			return nil, nil, errorsmod.Wrapf(err, "entry %d", i)
		}
		m, ok := makers[d.ManufacturerId]
		if !ok {
			if m, err = k.loadMaker(ctx, d.ManufacturerId); err != nil {
				return nil, nil, errorsmod.Wrapf(err, "entry %d", i)
			}
			makers[d.ManufacturerId] = m
		}
		m.count++
		targets = append(targets, scoreTarget{id: id, entry: e, maker: m, owner: countedOwner(d), start: d.DefaultReputation})
	}
	ordered := make([]*maker, 0, len(makers))
	for _, m := range makers {
		ordered = append(ordered, m)
	}
	slices.SortFunc(ordered, func(a, b *maker) int { return cmp.Compare(a.id, b.id) })
	return targets, ordered, nil
}

// loadMaker reads a manufacturer's beneficiary.
func (k *Keeper) loadMaker(ctx context.Context, id string) (*maker, error) {
	m, err := k.manufacturers.GetManufacturer(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(m.Operators) == 0 {
		// The registry keeps 1 to 10 operators, removed manufacturers included.
		return nil, fmt.Errorf("manufacturer %s has no operator to receive its share of rewards", id)
	}
	beneficiary, err := k.addressCodec.StringToBytes(m.Operators[0])
	if err != nil {
		return nil, errorsmod.Wrapf(err, "manufacturer %s operator %q", id, m.Operators[0])
	}
	return &maker{id: id, beneficiary: beneficiary}, nil
}

// writeScore records one validated score: the reward, the auditor's latest
// score, the aggregate, the history and the event. It returns whether the
// score was rewarded and the blocks since the auditor's previous score of
// the device and type, as payReward gave them to x/token.
func (k *Keeper) writeScore(ctx context.Context, auditor auditortypes.Auditor, operator sdk.AccAddress, t scoreTarget, params types.Params) (uint64, bool, error) {
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	deviceID := t.id.String()
	typ := t.entry.ReputationType
	prev, err := k.Latest.Get(ctx, collections.Join3(t.id, typ, auditor.Id))
	first := keeperkit.IsNotFound(err)
	if err != nil && !first {
		return 0, false, err
	}

	previous := t.start
	if !first {
		previous = prev.Score
	}
	direction := types.DirectionOf(previous, t.entry.Score)

	blocks, paid, err := k.payReward(ctx, t.maker, operator, first, prev.Height, height)
	if err != nil {
		return 0, false, err
	}

	// The score counts with the auditor's current effective weight (its
	// weight, ≥ 1, as only an active auditor writes): the weight the end
	// blocker moves the auditor's other scores to, so that the sweep finds
	// this one already there and skips it.
	weight := auditor.EffectiveWeight()
	agg, err := k.updateAggregate(ctx, t.id, deviceID, typ, t.owner, t.start, func(agg *types.Aggregate) error {
		if !first {
			// The auditor's own earlier score is replaced, with the weight it
			// was counted with, so a weight change since then cannot skew the
			// sums, whether or not the end blocker has re-weighed it yet.
			if err := agg.Remove(prev.Score, prev.Weight); err != nil {
				return err
			}
		}
		return agg.Add(t.entry.Score, weight)
	})
	if err != nil {
		return 0, false, err
	}
	if err := k.setLatest(ctx, t.id, types.LatestScore{
		DeviceId: deviceID, ReputationType: typ, AuditorId: auditor.Id,
		Score: t.entry.Score, Height: height, Weight: weight,
	}); err != nil {
		return 0, false, err
	}
	if err := k.appendHistory(ctx, t.id, types.Score{
		DeviceId: deviceID, ReputationType: typ, AuditorId: auditor.Id, ManufacturerId: t.maker.id,
		Score: t.entry.Score, Height: height, Direction: direction,
	}, params.HistoryLength); err != nil {
		return 0, false, err
	}
	return blocks, paid, keeperkit.Emit(ctx, &types.EventScoreWritten{
		DeviceId: deviceID, ReputationType: typ, AuditorId: auditor.Id,
		Score: t.entry.Score, Direction: direction.Name(), Aggregate: agg.Value,
	})
}

// payReward asks x/token to pay the auditor for a score from the device
// manufacturer's pool, and returns the blocks it gave and whether it asked.
// blocksSinceLast is 0 for a first score, which earns the full reward, and
// the blocks since the auditor's previous score of the device and type
// otherwise, which x/token prorates below its threshold; the caller credits
// the same figure to the auditor pool's epoch. A re-score in the same block
// has had no time to earn anything, so nothing is asked (x/token would read
// 0 as a first score). A previous score above the current height can only
// come from a chain restarted from exported state without its heights; the
// elapsed time is unknown, so it counts as a first score.
func (k *Keeper) payReward(ctx context.Context, m *maker, auditor sdk.AccAddress, first bool, prevHeight, height int64) (uint64, bool, error) {
	var blocks uint64
	switch {
	case first || prevHeight > height:
	case prevHeight == height:
		return 0, false, nil
	default:
		blocks = uint64(height - prevHeight)
	}
	_, err := k.token.PayReputationReward(ctx, m.id, auditor, m.beneficiary, blocks)
	return blocks, err == nil, err
}

// judgeExclusion walks the device's own aggregates (one per scored type) and
// tells x/device whether the device is excluded: when any value is below the
// threshold. A change of verdict is announced (recordExclusion).
func (k *Keeper) judgeExclusion(ctx context.Context, id devicekit.ID, threshold uint32) error {
	aggs, err := k.deviceAggregates(ctx, id)
	if err != nil {
		return err
	}
	return k.recordExclusion(ctx, id, aggs, threshold)
}
