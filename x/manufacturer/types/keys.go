package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the manufacturer registry's name and store key.
	ModuleName = "manufacturer"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

var (
	// ManufacturersKey prefixes the records, keyed by id.
	ManufacturersKey = collections.NewPrefix(0)
	// OperatorsKey prefixes the operator account → manufacturer id index.
	OperatorsKey = collections.NewPrefix(1)
)
