package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/payment/types"
)

var _ types.GrantChecker = (*Keeper)(nil)

// CheckGrant is PaymentAuthorization's check against the state at its use:
// the payer device is still owned by the authorization's owner and linked to
// the granting wallet (the message's signer). It returns what the payment
// costs the wallet, commission included, for the spend limit.
func (k *Keeper) CheckGrant(ctx context.Context, a *types.PaymentAuthorization, msg *types.MsgPay) (math.Int, error) {
	if msg.Amount.IsNil() || !msg.Amount.IsPositive() {
		return math.Int{}, errorsmod.Wrap(types.ErrInvalidAmount, "a payment must be positive")
	}
	id, err := devicetypes.ParseDeviceID(msg.PayerDeviceId)
	if err != nil {
		return math.Int{}, errorsmod.Wrapf(types.ErrGrantRefused, "%v", err)
	}
	d, err := k.devices.GetDevice(ctx, id)
	if err != nil {
		return math.Int{}, err
	}
	if err := types.GrantCovers(a, d, msg.Signer); err != nil {
		return math.Int{}, err
	}
	params, err := k.token.GetParams(ctx)
	if err != nil {
		return math.Int{}, err
	}
	return msg.Amount.Add(params.Commission(msg.Amount)), nil
}

// PaymentGrantDecorator makes payment authorizations checkable and refuses
// the grants that cannot be: it puts the keeper in the transaction's
// context for PaymentAuthorization.Accept, and refuses a MsgGrant of a
// generic authorization for MsgPay (also inside an x/authz MsgExec), which
// would survive the sale of a device and cover other owners' devices.
type PaymentGrantDecorator struct{ k *Keeper }

// NewPaymentGrantDecorator returns the decorator over the payment keeper.
func NewPaymentGrantDecorator(k *Keeper) PaymentGrantDecorator { return PaymentGrantDecorator{k: k} }

// AnteHandle implements sdk.AnteDecorator.
func (d PaymentGrantDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if err := refuseGenericPaymentGrants(tx.GetMsgs()); err != nil {
		return ctx, err
	}
	return next(types.WithGrantChecker(ctx, d.k), tx, simulate)
}

// refuseGenericPaymentGrants refuses generic grants of MsgPay, those
// inside authz executions included.
func refuseGenericPaymentGrants(msgs []sdk.Msg) error {
	for _, m := range modulekit.FlattenMsgs(msgs) {
		grant, ok := m.Msg.(*authz.MsgGrant)
		if !ok {
			continue
		}
		a, err := grant.GetAuthorization()
		if err != nil {
			continue // the msg server refuses an undecodable grant itself
		}
		if g, ok := a.(*authz.GenericAuthorization); ok && g.Msg == sdk.MsgTypeURL(&types.MsgPay{}) {
			return errorsmod.Wrap(types.ErrGrantRefused, "grant MsgPay with a payment authorization (named devices, their owner, a spend limit), not a generic one")
		}
	}
	return nil
}
