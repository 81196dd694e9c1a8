package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the fee economy's name, store key and module account.
	ModuleName = "token"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

var (
	// ParamsKey holds the fee schedule.
	ParamsKey = collections.NewPrefix(0)
	// PoolsKey prefixes manufacturer pools, keyed by manufacturer id.
	PoolsKey = collections.NewPrefix(1)
	// AuditorPoolKey holds the network's auditor reward pool.
	AuditorPoolKey = collections.NewPrefix(2)
	// RewardsKey prefixes withdrawable rewards, keyed by account.
	RewardsKey = collections.NewPrefix(3)
	// PausedKey prefixes the set of paused actions.
	PausedKey = collections.NewPrefix(4)
	// Prefix 5 held devices' spending, now x/payment's: retired.

	// AuditorEpochKey holds the auditor pool's running epoch (prefixes 6 to
	// 9 are unassigned).
	AuditorEpochKey = collections.NewPrefix(10)
	// AuditorCreditsKey prefixes the running epoch's tally, keyed by auditor id.
	AuditorCreditsKey = collections.NewPrefix(11)
	// SurplusKey holds what the module account holds beyond every pool and
	// reward (see GenesisState.surplus). Prefix 7, like its genesis field,
	// leaves 6 to the next collection of the fee economy.
	SurplusKey = collections.NewPrefix(7)
)
