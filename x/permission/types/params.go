package types

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/internal/canonical"
)

// DefaultParams has no registrars: only x/gov acts for the network authority.
func DefaultParams() Params {
	return Params{Registrars: []string{}}
}

// Validate checks that every registrar is a well-formed, distinct address
// in its canonical (lower-case) spelling: IsRegistrar compares the text.
func (p Params) Validate(ac address.Codec) error {
	ac = canonical.Wrap(ac)
	seen := make(map[string]struct{}, len(p.Registrars))
	for i, r := range p.Registrars {
		if _, err := ac.StringToBytes(r); err != nil {
			return errorsmod.Wrapf(ErrInvalidParams, "registrar %d (%q): %v", i, r, err)
		}
		if _, dup := seen[r]; dup {
			return errorsmod.Wrapf(ErrInvalidParams, "registrar %d (%q) is listed twice", i, r)
		}
		seen[r] = struct{}{}
	}
	return nil
}

// IsRegistrar reports whether addr is one of the registrars.
func (p Params) IsRegistrar(addr string) bool {
	for _, r := range p.Registrars {
		if r == addr {
			return true
		}
	}
	return false
}
