package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/atonomi/atonomid/x/payment/types"
)

// PaymentAlertDecorator raises the alert for refused device payments. A
// MsgPay the rules refuse fails in the msg server with ErrPaymentRefused,
// and the failed transaction keeps none of the events its messages emitted;
// events emitted here, in the ante handler, stay in its result. So the
// decorator asks, before the messages run, the same check the msg server
// asks (checkPay, over CheckPayment) and emits EventPaymentRefused naming
// the refusing rules, then lets the transaction go on to the msg server,
// which refuses it. Payments inside an x/authz MsgExec are looked at too.
//
// It judges each payment on the state before the transaction: of several
// payments in one transaction, a later one that only the earlier ones push
// over a spending limit is refused by the msg server without an alert. A
// payment refused for another reason first (payments paused, a signer that
// is not the paying account) raises no alert: no rule refused it.
type PaymentAlertDecorator struct{ k *Keeper }

// NewPaymentAlertDecorator returns the decorator over the payment keeper.
func NewPaymentAlertDecorator(k *Keeper) PaymentAlertDecorator { return PaymentAlertDecorator{k: k} }

// AnteHandle implements sdk.AnteDecorator.
func (d PaymentAlertDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if err := d.alert(ctx, tx.GetMsgs()); err != nil {
		return ctx, err
	}
	return next(ctx, tx, simulate)
}

// alert emits the alerts of msgs, descending into authz executions.
func (d PaymentAlertDecorator) alert(ctx sdk.Context, msgs []sdk.Msg) error {
	for _, m := range msgs {
		switch msg := m.(type) {
		case *authz.MsgExec:
			inner, err := msg.GetMessages()
			if err != nil {
				// The msg server refuses an undecodable execution itself.
				continue
			}
			if err := d.alert(ctx, inner); err != nil {
				return err
			}
		case *types.MsgPay:
			c, err := d.k.checkPay(ctx, msg)
			if err != nil || c.Allowed() {
				// The msg server refuses the message with this error, or the
				// payment goes through: no rule refused it.
				continue
			}
			rules := make([]string, len(c.Refusals))
			for i, r := range c.Refusals {
				rules[i] = r.Rule
			}
			if err := ctx.EventManager().EmitTypedEvent(&types.EventPaymentRefused{
				PayerDeviceId: msg.PayerDeviceId, PayeeDeviceId: msg.PayeeDeviceId, Signer: msg.Signer,
				Amount: msg.Amount.String(), Rules: rules,
			}); err != nil {
				return err
			}
		}
	}
	return nil
}
