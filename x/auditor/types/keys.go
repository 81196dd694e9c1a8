package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the auditor registry's name and store key.
	ModuleName = "auditor"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

var (
	// ParamsKey holds the network's reputation types.
	ParamsKey = collections.NewPrefix(0)
	// AuditorsKey prefixes the records, keyed by id.
	AuditorsKey = collections.NewPrefix(1)
	// OperatorsKey prefixes the operator account → auditor id index.
	OperatorsKey = collections.NewPrefix(2)
)
