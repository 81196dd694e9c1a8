package types

import (
	"cosmossdk.io/core/address"

	"github.com/atonomi/atonomid/x/internal/registry"
)

// DefaultGenesis is an empty registry.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Manufacturers: []Manufacturer{}}
}

// Validate checks every record, that ids are unique, and that no account
// operates two manufacturers that are not removed.
func (gs GenesisState) Validate(ac address.Codec) error {
	return registry.ValidateGenesis("manufacturer", gs.Manufacturers,
		func(m Manufacturer) error { return m.Validate(ac) }, ErrInvalidGenesis)
}
