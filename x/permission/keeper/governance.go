package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// CheckGovernance returns sdkerrors.ErrUnauthorized unless addr is the
// governance authority itself (x/gov, or the authority the consensus params
// name), as sdk.ValidateAuthority does for MsgUpdateParams; action names what
// was refused. What cannot be undone — removing a manufacturer or an auditor,
// revoking a device as the authority, releasing credentials — is
// governance's alone: one stolen registrar key must not be able to do it.
func (k *Keeper) CheckGovernance(ctx context.Context, addr, action string) error {
	// Parsed first: a spelling that is not canonical is refused as such.
	if _, err := k.parseAddress("authority", addr); err != nil {
		return err
	}
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), k.authority, addr); err != nil {
		return errorsmod.Wrapf(err, "%s; registrars keep the reversible powers", action)
	}
	return nil
}
