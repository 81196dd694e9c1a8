package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the permission module's name, store key and router key.
	ModuleName = "permission"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

var (
	// ParamsKey holds the registrars and min_validators.
	ParamsKey = collections.NewPrefix(0)
	// AllowedValidatorsKey prefixes the validator allowlist, keyed by operator account.
	AllowedValidatorsKey = collections.NewPrefix(1)
	// RemovalWindowKey holds the registrars' latest removal window.
	RemovalWindowKey = collections.NewPrefix(2)
)
