package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/permission/types"
)

// IsGovernance reports whether addr is x/gov itself. What cannot be undone —
// removing a manufacturer or an auditor, revoking a device as the authority,
// releasing credentials — is x/gov's alone: one stolen registrar key must not
// be able to do it.
func (k *Keeper) IsGovernance(addr string) bool { return addr == k.authority }

// CheckGovernance returns ErrGovernanceOnly unless addr is x/gov; action
// names what was refused.
func (k *Keeper) CheckGovernance(_ context.Context, addr, action string) error {
	// Parsed first: a spelling that is not canonical is refused as such.
	if _, err := k.parseAddress("authority", addr); err != nil {
		return err
	}
	if !k.IsGovernance(addr) {
		return errorsmod.Wrapf(types.ErrGovernanceOnly, "%s: %s is not x/gov (%s); registrars keep the reversible powers", action, addr, k.authority)
	}
	return nil
}
