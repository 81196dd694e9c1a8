package types

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
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
	ids := make(map[string]struct{}, len(gs.Auditors))
	operators := make(map[string]string, len(gs.Auditors))
	for i, a := range gs.Auditors {
		if err := a.Validate(ac, gs.Params); err != nil {
			return errorsmod.Wrapf(err, "auditor %d", i)
		}
		if _, dup := ids[a.Id]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "auditor %d: id %s is listed twice", i, a.Id)
		}
		ids[a.Id] = struct{}{}
		if a.Status == STATUS_REMOVED {
			continue // a removed auditor released its operator account
		}
		if other, taken := operators[a.Operator]; taken {
			return errorsmod.Wrapf(ErrInvalidGenesis, "operator %s of %s already operates %s", a.Operator, a.Id, other)
		}
		operators[a.Operator] = a.Id
	}
	return nil
}
