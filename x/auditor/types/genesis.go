package types

import (
	"cosmossdk.io/core/address"

	"github.com/atonomi/atonomid/x/internal/registry"
)

// DefaultGenesis is an empty registry with the default reputation types.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), Auditors: []Auditor{}}
}

// Validate checks the params, every record against them, that ids are
// unique, and that no account operates two auditors that are not removed.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	return registry.ValidateGenesis("auditor", gs.Auditors,
		func(a Auditor) error { return a.Validate(ac, gs.Params) }, ErrInvalidGenesis)
}
