// Package permissiontest holds a stand-in for x/permission that the
// keeper tests of the modules above it use in place of the real keeper.
package permissiontest

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// FakeAuthority stands in for x/permission: the listed accounts act for the
// network authority, and those listed true are x/gov itself (the others are
// registrars), which alone does what cannot be undone.
type FakeAuthority map[string]bool

// CheckAuthority implements the registries' PermissionKeeper.
func (f FakeAuthority) CheckAuthority(_ context.Context, addr string) error {
	if _, ok := f[addr]; !ok {
		return errorsmod.Wrapf(permissiontypes.ErrNotAuthority, "%s", addr)
	}
	return nil
}

// CheckGovernance implements the registries' PermissionKeeper.
func (f FakeAuthority) CheckGovernance(_ context.Context, addr, action string) error {
	if !f[addr] {
		return errorsmod.Wrapf(sdkerrors.ErrUnauthorized, "%s: %s", action, addr)
	}
	return nil
}
