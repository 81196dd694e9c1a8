package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/token/types"
)

// PaymentAlertDecorator raises the alert for refused device payments. A
// MsgDevicePay the rules refuse fails in the msg server with
// ErrPaymentRefused, and the failed transaction keeps none of the events
// its messages emitted; events emitted here, in the ante handler, stay in
// its result. So the decorator asks, before the messages run, the same
// check the msg server asks (checkDevicePay, over CheckPayment) and emits
// EventPaymentRefused naming the refusing rules, then lets the transaction
// go on to the msg server, which refuses it.
//
// It judges each payment on the state before the transaction: of several
// payments in one transaction, a later one that only the earlier ones push
// over a spending limit is refused by the msg server without an alert. A
// payment refused for another reason first (payments paused, a signer that
// does not pay for the device) raises no alert: no rule refused it.
type PaymentAlertDecorator struct{ k *Keeper }

// NewPaymentAlertDecorator returns the decorator over the token keeper.
func NewPaymentAlertDecorator(k *Keeper) PaymentAlertDecorator { return PaymentAlertDecorator{k: k} }

// AnteHandle implements sdk.AnteDecorator.
func (d PaymentAlertDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	for _, m := range tx.GetMsgs() {
		msg, ok := m.(*types.MsgDevicePay)
		if !ok {
			continue
		}
		c, err := d.k.checkDevicePay(ctx, msg)
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
			return ctx, err
		}
	}
	return next(ctx, tx, simulate)
}
