package types

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
)

// DefaultGenesis is an empty registry.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Manufacturers: []Manufacturer{}}
}

// Validate checks every record, that ids are unique, and that no account
// operates two manufacturers that are not removed.
func (gs GenesisState) Validate(ac address.Codec) error {
	ids := make(map[string]struct{}, len(gs.Manufacturers))
	operators := make(map[string]string)
	for i, m := range gs.Manufacturers {
		if err := m.Validate(ac); err != nil {
			return errorsmod.Wrapf(err, "manufacturer %d", i)
		}
		if _, dup := ids[m.Id]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "manufacturer %d: id %s is listed twice", i, m.Id)
		}
		ids[m.Id] = struct{}{}
		if m.Status == STATUS_REMOVED {
			continue // a removed manufacturer released its operator accounts
		}
		for _, op := range m.Operators {
			if other, taken := operators[op]; taken {
				return errorsmod.Wrapf(ErrInvalidGenesis, "operator %s of %s already operates %s", op, m.Id, other)
			}
			operators[op] = m.Id
		}
	}
	return nil
}
