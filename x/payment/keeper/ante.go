package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/payment/types"
)

// PaymentAlertDecorator raises the alert for refused device payments. A
// MsgPay the rules refuse fails in the msg server with ErrPaymentRefused,
// and the failed transaction keeps none of the events its messages emitted;
// events emitted here, in the ante handler, stay in its result. So the
// decorator asks, before the messages run, the same check the msg server
// asks (checkPay, over CheckPayment) and emits EventPaymentRefused naming
// the refusing rules and the account that submitted the payment, then lets
// the transaction go on to the msg server, which refuses it.
//
// An alert is evidence only about whoever produced the payment, so a
// payment that its payer's side did not produce raises none. Payments
// inside an x/authz MsgExec are looked at too, but an account-signed MsgPay
// executed by a grantee on the paying account's behalf raises the alert only
// when the paying account's payment authorization would accept it: without
// one, x/authz refuses the execution before the payment's rules are ever
// asked, and a stranger's ungranted MsgExec naming a victim's device and
// wallet would otherwise raise an alert against that device.
//
// It judges each payment on the state before the transaction: of several
// payments in one transaction, a later one that only the earlier ones push
// over a spending limit is refused by the msg server without an alert. A
// payment refused for another reason first (payments paused, a signer that
// is not the paying account; for a device-signed intent also a wrong wallet,
// nonce or expiry and a device signature that does not verify) raises no
// alert: no rule refused it, or the device's key did not make it.
type PaymentAlertDecorator struct {
	k     *Keeper
	authz types.AuthzKeeper
}

// NewPaymentAlertDecorator returns the decorator over the payment keeper
// and the grants of x/authz.
func NewPaymentAlertDecorator(k *Keeper, authz types.AuthzKeeper) PaymentAlertDecorator {
	return PaymentAlertDecorator{k: k, authz: authz}
}

// AnteHandle implements sdk.AnteDecorator.
func (d PaymentAlertDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if err := d.alert(ctx, tx.GetMsgs()); err != nil {
		return ctx, err
	}
	return next(ctx, tx, simulate)
}

// alert emits the alerts of msgs, those inside authz executions included.
func (d PaymentAlertDecorator) alert(ctx sdk.Context, msgs []sdk.Msg) error {
	for _, m := range modulekit.FlattenMsgs(msgs) {
		switch msg := m.Msg.(type) {
		case *types.MsgPay:
			if m.Grantee != "" && m.Grantee != msg.Signer && !d.granted(ctx, m.Grantee, msg) {
				continue
			}
			c, err := d.k.checkPay(ctx, msg)
			if err := alertOf(ctx, c, err, msg.PayerDeviceId, msg.PayeeDeviceId, msg.Signer, submitter(m, msg.Signer), msg.Amount.String(), false); err != nil {
				return err
			}
		case *types.MsgPayDeviceSigned:
			// checkPayDeviceSigned errs for an intent whose device signature
			// does not verify: such a refusal is no evidence about the device.
			c, err := d.k.checkPayDeviceSigned(ctx, msg)
			if err := alertOf(ctx, c, err, msg.PayerDeviceId, msg.PayeeDeviceId, msg.Submitter, submitter(m, msg.Submitter), msg.Amount.String(), true); err != nil {
				return err
			}
		}
	}
	return nil
}

// submitter is the account that sent m: the grantee of the execution that
// carries it, or its own signer when sent directly.
func submitter(m modulekit.FlatMsg, signer string) string {
	if m.Grantee != "" {
		return m.Grantee
	}
	return signer
}

// granted reports whether the paying account's payment authorization to
// grantee would accept msg now: the grant exists, is a payment
// authorization, names the device and covers the payment's cost. Accept
// only reads (its updated spend limit is returned, not written).
func (d PaymentAlertDecorator) granted(ctx sdk.Context, grantee string, msg *types.MsgPay) bool {
	granteeAddr, err := d.k.addressCodec.StringToBytes(grantee)
	if err != nil {
		return false
	}
	granterAddr, err := d.k.addressCodec.StringToBytes(msg.Signer)
	if err != nil {
		return false
	}
	a, _ := d.authz.GetAuthorization(ctx, granteeAddr, granterAddr, sdk.MsgTypeURL(msg))
	if a == nil {
		return false
	}
	res, err := a.Accept(types.WithGrantChecker(ctx, d.k), msg)
	return err == nil && res.Accept
}

// alertOf emits the refusal alert of a checked payment when rules refused
// it; a check that errs (the msg server refuses it with that error) or
// allows the payment raises none.
func alertOf(ctx sdk.Context, c PaymentCheck, checkErr error, payer, payee, signer, submitter, amount string, deviceSigned bool) error {
	if checkErr != nil || c.Allowed() {
		return nil
	}
	rules := make([]string, len(c.Refusals))
	for i, r := range c.Refusals {
		rules[i] = r.Rule
	}
	return ctx.EventManager().EmitTypedEvent(&types.EventPaymentRefused{
		PayerDeviceId: payer, PayeeDeviceId: payee, Signer: signer, Amount: amount, Rules: rules, DeviceSigned: deviceSigned,
		Submitter: submitter,
	})
}
