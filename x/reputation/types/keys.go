package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the reputation module's name and store key.
	ModuleName = "reputation"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// ParamsKey holds the reputation params.
var ParamsKey = collections.NewPrefix(0)
