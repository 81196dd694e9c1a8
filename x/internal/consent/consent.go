// Package consent is the two-step consent that x/device's wallet link and
// the registries' operator rotations share: one side offers a role to
// accounts until an expiry height, and each account takes it only with its
// own signature. Nothing is granted by the offer alone, so no account is
// ever made to pay for a device or to operate a manufacturer or an auditor
// without having agreed to it.
package consent

import (
	"context"
	"slices"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Errors are a module's registered errors for the refusals of an offer.
type Errors struct {
	// Invalid refuses an offer that could never be accepted.
	Invalid *errorsmod.Error
	// None refuses an acceptance when nothing is offered.
	None *errorsmod.Error
	// NotOffered refuses an acceptance by an account that was not offered.
	NotOffered *errorsmod.Error
	// Expired refuses an acceptance after the offer's expiry height.
	Expired *errorsmod.Error
}

// Open checks a new offer's expiry height: an offer that expires at or
// before the current height could never be accepted.
func (e Errors) Open(ctx context.Context, expiry int64) error {
	if height := sdk.UnwrapSDKContext(ctx).BlockHeight(); expiry <= height {
		return errorsmod.Wrapf(e.Invalid, "expiry height %d is not after the current height %d", expiry, height)
	}
	return nil
}

// Accept checks signer's acceptance of what, offered to accounts until
// expiry; pending is false when nothing is offered.
func (e Errors) Accept(ctx context.Context, pending bool, accounts []string, expiry int64, signer, what string) error {
	if !pending {
		return errorsmod.Wrapf(e.None, "%s", what)
	}
	if !slices.Contains(accounts, signer) {
		return errorsmod.Wrapf(e.NotOffered, "%s was not offered %s", signer, what)
	}
	if height := sdk.UnwrapSDKContext(ctx).BlockHeight(); height > expiry {
		return errorsmod.Wrapf(e.Expired, "the offer of %s expired at height %d", what, expiry)
	}
	return nil
}
