package types

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/internal/canonical"
)

// DefaultGenesis returns an empty allowlist and no registrars. A chain that
// creates validators at genesis must list their operators in the allowlist
// (`atonomid genesis allow-validator`), or the gentxs are refused.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), AllowedValidators: []AllowedValidator{}}
}

// Validate catches malformed or non-canonical addresses, duplicate
// allowlist entries and a removal window the keeper could not have written.
func (gs GenesisState) Validate(ac address.Codec) error {
	ac = canonical.Wrap(ac)
	if err := gs.Params.Validate(ac); err != nil {
		return err
	}
	seen := make(map[string]struct{}, len(gs.AllowedValidators))
	for i, v := range gs.AllowedValidators {
		if _, err := ac.StringToBytes(v.Operator); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "allowed validator %d: operator %q: %v", i, v.Operator, err)
		}
		if v.ApprovedBy != "" {
			if _, err := ac.StringToBytes(v.ApprovedBy); err != nil {
				return errorsmod.Wrapf(ErrInvalidGenesis, "allowed validator %d: approved_by %q: %v", i, v.ApprovedBy, err)
			}
		}
		if v.ApprovedHeight < 0 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "allowed validator %d: negative approved_height", i)
		}
		if _, dup := seen[v.Operator]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "allowed validator %d: operator %s is listed twice", i, v.Operator)
		}
		seen[v.Operator] = struct{}{}
	}
	if gs.RemovalWindow != nil {
		return gs.RemovalWindow.Validate()
	}
	return nil
}
