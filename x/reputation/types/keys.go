package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the reputation module's name and store key.
	ModuleName = "reputation"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Collection prefixes. Every key starts with the device id, so that a
// device's aggregates (and a device and type's scores) are one prefix range;
// a score write touches only its own device's entries.
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
)
