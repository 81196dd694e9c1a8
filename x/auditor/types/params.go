package types

import (
	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/internal/registry"
)

// MaxParamTypes bounds the network's reputation types; every auditor record
// and every score is checked against the list, so it stays short.
const MaxParamTypes = 32

// DefaultReputationTypes are the kinds of reputation of the whitepaper.
func DefaultReputationTypes() []string {
	return []string{"security", "financial", "social", "service-quality"}
}

// DefaultParams knows the whitepaper's reputation types.
func DefaultParams() Params {
	return Params{ReputationTypes: DefaultReputationTypes()}
}

// Validate checks that there are 1 to MaxParamTypes distinct, well-formed types.
func (p Params) Validate() error {
	if len(p.ReputationTypes) == 0 || len(p.ReputationTypes) > MaxParamTypes {
		return errorsmod.Wrapf(ErrInvalidParams, "want 1-%d reputation types, got %d", MaxParamTypes, len(p.ReputationTypes))
	}
	seen := make(map[string]struct{}, len(p.ReputationTypes))
	for i, t := range p.ReputationTypes {
		// A reputation type has the slug form of a registry id.
		if !registry.IsSlug(t) {
			return errorsmod.Wrapf(ErrInvalidParams, "reputation type %d (%q): want 2-32 of [a-z0-9-], starting with a letter", i, t)
		}
		if _, dup := seen[t]; dup {
			return errorsmod.Wrapf(ErrInvalidParams, "reputation type %d (%s) is listed twice", i, t)
		}
		seen[t] = struct{}{}
	}
	return nil
}

// HasType reports whether t is one of the network's reputation types.
func (p Params) HasType(t string) bool {
	for _, known := range p.ReputationTypes {
		if known == t {
			return true
		}
	}
	return false
}
