package types

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/x/authz"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/canonical"
)

// MaxGrantDevices bounds the devices one payment authorization names.
const MaxGrantDevices = 100

var _ authz.Authorization = &PaymentAuthorization{}

// GrantChecker re-checks a payment authorization against the chain's state
// at its use: that the device is still the authorization owner's and linked
// to the paying wallet, and what the payment costs the wallet (amount and
// commission). x/payment's keeper implements it; its ante decorator puts it
// in the transaction's context (WithGrantChecker), where Accept finds it.
type GrantChecker interface {
	CheckGrant(ctx context.Context, a *PaymentAuthorization, msg *MsgPay) (math.Int, error)
}

type grantCheckerKey struct{}

// WithGrantChecker returns ctx carrying c for PaymentAuthorization.Accept.
func WithGrantChecker(ctx sdk.Context, c GrantChecker) sdk.Context {
	return ctx.WithValue(grantCheckerKey{}, c)
}

// MsgTypeURL implements authz.Authorization: it covers MsgPay only.
func (a PaymentAuthorization) MsgTypeURL() string { return sdk.MsgTypeURL(&MsgPay{}) }

// Accept implements authz.Authorization. The payment must be for a named
// device and within the spend limit, and the state check (GrantChecker)
// must pass; without a checker in the context (a path that bypasses the
// ante handler, such as a governance proposal) it refuses, failing closed.
func (a PaymentAuthorization) Accept(ctx context.Context, msg sdk.Msg) (authz.AcceptResponse, error) {
	pay, ok := msg.(*MsgPay)
	if !ok {
		return authz.AcceptResponse{}, sdkerrors.ErrInvalidType.Wrap("a payment authorization covers MsgPay only")
	}
	// The named ids are canonical (ValidateBasic), so the payment's id is
	// parsed first: a spelling that is not canonical is refused as such, not
	// found to be unnamed.
	if _, err := devicetypes.ParseDeviceID(pay.PayerDeviceId); err != nil {
		return authz.AcceptResponse{}, err
	}
	named := false
	for _, id := range a.DeviceIds {
		sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(10, "payment authorization")
		if id == pay.PayerDeviceId {
			named = true
			break
		}
	}
	if !named {
		return authz.AcceptResponse{}, errorsmod.Wrapf(ErrGrantRefused, "device %s is not named in the authorization", pay.PayerDeviceId)
	}
	checker, ok := ctx.Value(grantCheckerKey{}).(GrantChecker)
	if !ok {
		return authz.AcceptResponse{}, errorsmod.Wrap(ErrGrantRefused, "a payment authorization is honoured only in a transaction the chain's ante handler checked")
	}
	cost, err := checker.CheckGrant(ctx, &a, pay)
	if err != nil {
		return authz.AcceptResponse{}, err
	}
	if cost.GT(a.SpendLimit) {
		return authz.AcceptResponse{}, errorsmod.Wrapf(ErrGrantRefused, "the payment costs %s, the authorization has %s left", cost, a.SpendLimit)
	}
	left := a.SpendLimit.Sub(cost)
	if left.IsZero() {
		return authz.AcceptResponse{Accept: true, Delete: true}, nil
	}
	return authz.AcceptResponse{Accept: true, Updated: &PaymentAuthorization{Owner: a.Owner, DeviceIds: a.DeviceIds, SpendLimit: left}}, nil
}

// ValidateBasic implements authz.Authorization. The owner and the device
// ids must be in their canonical (lower-case) text: GrantCovers and Accept
// compare them as text with the device records.
func (a PaymentAuthorization) ValidateBasic() error {
	ac := canonical.Wrap(addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix()))
	if _, err := ac.StringToBytes(a.Owner); err != nil {
		return errorsmod.Wrapf(ErrInvalidAddress, "owner %q: %v", a.Owner, err)
	}
	if len(a.DeviceIds) == 0 || len(a.DeviceIds) > MaxGrantDevices {
		return errorsmod.Wrapf(ErrGrantRefused, "an authorization names 1 to %d devices, not %d", MaxGrantDevices, len(a.DeviceIds))
	}
	seen := make(map[string]bool, len(a.DeviceIds))
	for _, id := range a.DeviceIds {
		if _, err := devicetypes.ParseDeviceID(id); err != nil {
			return errorsmod.Wrapf(ErrGrantRefused, "%v", err)
		}
		if seen[id] {
			return errorsmod.Wrapf(ErrGrantRefused, "device %s is named twice", id)
		}
		seen[id] = true
	}
	if a.SpendLimit.IsNil() || !a.SpendLimit.IsPositive() {
		return errorsmod.Wrap(ErrGrantRefused, "the spend limit must be positive")
	}
	return nil
}

// GrantCovers reports whether d is as the granter consented: owned by the
// authorization's owner and paying from the granter's account (its linked
// wallet, or the owner's own account for a device without one).
func GrantCovers(a *PaymentAuthorization, d devicetypes.Device, granter string) error {
	if d.Owner != a.Owner {
		return errorsmod.Wrapf(ErrGrantRefused, "device %s is owned by %s now, the authorization is for %s", d.Id, d.Owner, a.Owner)
	}
	if d.PayingAccount() != granter {
		return errorsmod.Wrapf(ErrGrantRefused, "device %s pays from %s, not from the granter %s", d.Id, d.PayingAccount(), granter)
	}
	return nil
}
