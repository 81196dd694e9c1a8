package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the reputation module's name and store key.
	ModuleName = "reputation"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Collection prefixes. The keys of scores and aggregates start with the
// device id, so that a device's aggregates (and a device and type's scores)
// are one prefix range; a score write touches only its own device's entries
// and its auditor's index entry. The re-weighing state is keyed by auditor.
var (
	ParamsKey = collections.NewPrefix(0)
	// LatestKey holds (device, type, auditor id) → LatestScore.
	LatestKey = collections.NewPrefix(1)
	// AggregatesKey holds (device, type) → Aggregate.
	AggregatesKey = collections.NewPrefix(2)
	// HistoryKey holds (device, type, MaxUint64 − sequence) → Score, so that
	// iterating a (device, type) prefix yields the newest score first.
	HistoryKey = collections.NewPrefix(3)
	// HistoryNextKey holds (device, type) → the sequence of its next score.
	HistoryNextKey = collections.NewPrefix(4)
	// ByAuditorKey holds the keys (auditor id, device, type) of the latest
	// scores, so that an auditor's scores are one prefix range.
	ByAuditorKey = collections.NewPrefix(5)
	// ReweighKey holds auditor id → the effective weight its latest scores
	// are being moved to.
	ReweighKey = collections.NewPrefix(6)
	// ReweighCursorsKey holds auditor id → the last of its latest scores
	// already re-weighed.
	ReweighCursorsKey = collections.NewPrefix(7)
	// OwnerAggregatesKey holds (owner address, type) → OwnerAggregate, so
	// that an owner's aggregates are one prefix range.
	OwnerAggregatesKey = collections.NewPrefix(8)
	// ExclusionSweepKey holds the ExclusionSweep under way after a threshold
	// change, if any.
	ExclusionSweepKey = collections.NewPrefix(9)
)
