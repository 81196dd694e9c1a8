package types

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/internal/canonical"
)

// DefaultMinValidators is the default floor under the validator set: a
// removal may not leave the chain without a bonded validator. It suits the
// single-node demo chain; a consortium raises it as its validator set grows.
const DefaultMinValidators uint32 = 1

// DefaultParams has no registrars (only x/gov acts for the network
// authority) and the floor of one validator.
func DefaultParams() Params {
	return Params{Registrars: []string{}, MinValidators: DefaultMinValidators}
}

// Validate checks that every registrar is a well-formed, distinct address
// in its canonical (lower-case) spelling — IsRegistrar compares the text —
// and that min_validators keeps at least one validator: a chain whose last
// validator is removed halts.
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
	if p.MinValidators < 1 {
		return errorsmod.Wrap(ErrInvalidParams, "min_validators must be at least 1")
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
