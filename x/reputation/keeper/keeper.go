package keeper

import (
	"context"
	"math"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/canonical"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// Keeper holds the reputation module's state: each auditor's latest score
// per device and type, the aggregates derived from them, a bounded history
// of scores per device and type, the auditors whose scores are being
// re-weighed after a weight change and the re-judging of the stored
// exclusion flags after a threshold change.
type Keeper struct {
	// authority is the x/gov module account: the only signer of MsgUpdateParams.
	authority     string
	addressCodec  address.Codec
	storeService  storetypes.KVStoreService
	auditors      types.AuditorKeeper
	devices       types.DeviceKeeper
	manufacturers types.ManufacturerKeeper
	token         types.TokenKeeper

	Schema collections.Schema
	Params collections.Item[types.Params]
	// Latest holds (device, type, auditor id) → that auditor's current score.
	Latest collections.Map[collections.Triple[devicekit.ID, string, string], types.LatestScore]
	// Aggregates holds (device, type) → the weighted mean of the latest
	// scores, kept up to date on every write.
	Aggregates collections.Map[collections.Pair[devicekit.ID, string], types.Aggregate]
	// History holds (device, type, historyKey(seq)) → the score written
	// with that sequence number; newest first within a (device, type).
	History collections.Map[collections.Triple[devicekit.ID, string, uint64], types.Score]
	// HistoryNext holds (device, type) → the sequence number of its next
	// score, so appending and pruning never scan.
	HistoryNext collections.Map[collections.Pair[devicekit.ID, string], uint64]
	// ByAuditor indexes Latest by (auditor id, device, type), written with
	// every latest score: re-weighing an auditor walks its own scores only.
	ByAuditor collections.Map[collections.Triple[string, devicekit.ID, string], keeperkit.Present]
	// Reweigh holds auditor id → the effective weight its latest scores are
	// being moved to by the end blocker (the latest change wins).
	Reweigh collections.Map[string, uint32]
	// ReweighCursors holds auditor id → the last of its latest scores, in
	// ByAuditor order, that the end blocker has already re-weighed.
	ReweighCursors collections.Map[string, types.ReweighCursor]
	// OwnerAggregates holds (owner, type) → the mean of the aggregates of the
	// owner's counted devices in the type, moved with every change of one of
	// them and of a device's owner or status (see owner_aggregates.go).
	OwnerAggregates collections.Map[collections.Pair[sdk.AccAddress, string], types.OwnerAggregate]
	// ExclusionSweep is set while the end blocker re-judges the stored
	// exclusion flags after a threshold change (see exclusion.go).
	ExclusionSweep collections.Item[types.ExclusionSweep]
}

// NewKeeper builds the keeper over its store. authority is the x/gov module
// address; ac is the account address codec; ak, dk, mk and tk are the
// auditor, device, manufacturer and token keepers scoring reads and charges
// through.
func NewKeeper(
	cdc codec.BinaryCodec, storeService storetypes.KVStoreService, authority string, ac address.Codec,
	ak types.AuditorKeeper, dk types.DeviceKeeper, mk types.ManufacturerKeeper, tk types.TokenKeeper,
) *Keeper {
	// Every address this keeper reads from a message, a query or genesis
	// must be in its one canonical spelling (see x/internal/canonical).
	ac = canonical.Wrap(ac)
	if authority == "" {
		// An empty authority would match a MsgUpdateParams whose authority
		// field was left empty.
		panic("reputation authority must not be empty")
	}
	sb := collections.NewSchemaBuilder(storeService)
	deviceType := collections.PairKeyCodec(devicetypes.DeviceIDKey, collections.StringKey)
	k := &Keeper{
		authority:     authority,
		addressCodec:  ac,
		storeService:  storeService,
		auditors:      ak,
		devices:       dk,
		manufacturers: mk,
		token:         tk,
		Params:        collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Latest: collections.NewMap(sb, types.LatestKey, "latest",
			collections.TripleKeyCodec(devicetypes.DeviceIDKey, collections.StringKey, collections.StringKey),
			codec.CollValue[types.LatestScore](cdc)),
		Aggregates: collections.NewMap(sb, types.AggregatesKey, "aggregates", deviceType, codec.CollValue[types.Aggregate](cdc)),
		History: collections.NewMap(sb, types.HistoryKey, "history",
			collections.TripleKeyCodec(devicetypes.DeviceIDKey, collections.StringKey, collections.Uint64Key),
			codec.CollValue[types.Score](cdc)),
		HistoryNext: collections.NewMap(sb, types.HistoryNextKey, "history_next", deviceType, collections.Uint64Value),
		ByAuditor: collections.NewMap(sb, types.ByAuditorKey, "by_auditor",
			collections.TripleKeyCodec(collections.StringKey, devicetypes.DeviceIDKey, collections.StringKey), keeperkit.PresentValue),
		Reweigh: collections.NewMap(sb, types.ReweighKey, "reweigh", collections.StringKey, collections.Uint32Value),
		ReweighCursors: collections.NewMap(sb, types.ReweighCursorsKey, "reweigh_cursors", collections.StringKey,
			codec.CollValue[types.ReweighCursor](cdc)),
		OwnerAggregates: collections.NewMap(sb, types.OwnerAggregatesKey, "owner_aggregates",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.StringKey), codec.CollValue[types.OwnerAggregate](cdc)),
		// A sweep to threshold 0 that has judged nothing yet has every field
		// at its default: its threshold (field 1) is written out as 0 so
		// that the stored value is not empty (see keeperkit.NonEmptyProto).
		ExclusionSweep: collections.NewItem(sb, types.ExclusionSweepKey, "exclusion_sweep",
			keeperkit.NonEmptyProto(codec.CollValue[types.ExclusionSweep](cdc), 1)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the x/gov module address.
func (k *Keeper) GetAuthority() string { return k.authority }

// GetParams returns the reputation params.
func (k *Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// setLatest stores an auditor's latest score of a device and type with its
// ByAuditor index entry: every write of Latest goes through here, so that
// the index always lists every latest score.
func (k *Keeper) setLatest(ctx context.Context, id devicekit.ID, l types.LatestScore) error {
	if err := k.Latest.Set(ctx, collections.Join3(id, l.ReputationType, l.AuditorId), l); err != nil {
		return err
	}
	return k.ByAuditor.Set(ctx, collections.Join3(l.AuditorId, id, l.ReputationType), keeperkit.Present{})
}

// putAggregate stores an aggregate that counts some weight and deletes one
// that counts none (all its scores are suspended or removed auditors'), so
// that its value is read like an unscored type's: the device's default, and
// it does not take part in judging exclusion.
func (k *Keeper) putAggregate(ctx context.Context, pair collections.Pair[devicekit.ID, string], agg types.Aggregate) error {
	if !agg.Counts() {
		return k.Aggregates.Remove(ctx, pair)
	}
	return k.Aggregates.Set(ctx, pair, agg)
}

// historyKey is the third key part of the score with sequence seq: the
// complement, so that ascending key order is newest first.
func historyKey(seq uint64) uint64 { return math.MaxUint64 - seq }

// historySeq inverts historyKey.
func historySeq(key uint64) uint64 { return math.MaxUint64 - key }

// appendHistory stores s as the newest score of its device and type and
// drops the scores beyond the newest limit. Normally that is the one score
// that just fell out; after governance shortened history_length it is
// every older one, each removed once.
func (k *Keeper) appendHistory(ctx context.Context, id devicekit.ID, s types.Score, limit uint32) error {
	pair := collections.Join(id, s.ReputationType)
	seq, err := k.HistoryNext.Get(ctx, pair)
	if err != nil && !keeperkit.IsNotFound(err) {
		return err
	}
	if err := k.History.Set(ctx, collections.Join3(id, s.ReputationType, historyKey(seq)), s); err != nil {
		return err
	}
	if err := k.HistoryNext.Set(ctx, pair, seq+1); err != nil {
		return err
	}
	if seq < uint64(limit) {
		return nil
	}
	// Scores with sequence ≤ seq − limit are too old: from that key to the
	// end of the (device, type) range.
	rng := new(collections.Range[collections.Triple[devicekit.ID, string, uint64]]).
		StartInclusive(collections.Join3(id, s.ReputationType, historyKey(seq-uint64(limit)))).
		EndInclusive(collections.Join3(id, s.ReputationType, uint64(math.MaxUint64)))
	keys, err := k.History.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	old, err := keys.Keys()
	if err != nil {
		return err
	}
	for _, key := range old {
		if err := k.History.Remove(ctx, key); err != nil {
			return err
		}
	}
	return nil
}

// historyStart is the lowest sequence still within the newest limit scores
// when next is the sequence of the next score.
func historyStart(next uint64, limit uint32) uint64 {
	if next <= uint64(limit) {
		return 0
	}
	return next - uint64(limit)
}
