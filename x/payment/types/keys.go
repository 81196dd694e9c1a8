package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the device payments' name and store key.
	ModuleName = "payment"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

var (
	// SpendingKey prefixes devices' payments per minute (device id, minute).
	SpendingKey = collections.NewPrefix(0)
	// NoncesKey prefixes devices' next payment nonces, keyed by device id.
	NoncesKey = collections.NewPrefix(1)
)
