package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the device registry's name and store key.
	ModuleName = "device"
	// StoreKey is the module's KV store key.
	StoreKey = ModuleName
)

// Collection prefixes. A registered device costs two writes: its record
// and its key hash (credentials are never reusable). The status index
// (status, "manufacturer/id"), which also serves the by-manufacturer
// listing, holds only devices that have left STATUS_REGISTERED; the owner
// and service indexes are written only once a device has an owner or
// advertises a service. docs/light-clients.md pins these keys byte for byte.
var (
	ParamsKey     = collections.NewPrefix(0)
	DevicesKey    = collections.NewPrefix(1)
	KeyHashesKey  = collections.NewPrefix(2)
	ByStatusKey   = collections.NewPrefix(3)
	ByOwnerKey    = collections.NewPrefix(4)
	ByServiceKey  = collections.NewPrefix(5)
	WhitelistsKey = collections.NewPrefix(6)
	// ReservedIDsKey and ReservedKeysKey hold released credentials (device
	// ids; key hashes) → the one manufacturer that may register them.
	ReservedIDsKey  = collections.NewPrefix(7)
	ReservedKeysKey = collections.NewPrefix(8)
)
