package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/payment/types"
)

// checkPay is everything MsgPay checks before it moves funds, in its order:
// a well-formed signer, the payment rules (CheckPayment, which first refuses
// a paused action) and a signer that is the paying account itself: the
// funds that move are the signer's own, so no account pays without signing
// (an owner never spends its device's wallet, nor a wallet its owner). An
// error refuses the message before the rules' verdict matters; otherwise the
// check's refusals are the rules' verdict. The msg server and the
// PaymentAlertDecorator both ask it, so the alert names exactly the rules
// the message is refused for.
func (k *Keeper) checkPay(ctx context.Context, msg *types.MsgPay) (PaymentCheck, error) {
	if _, err := k.addressCodec.StringToBytes(msg.Signer); err != nil {
		return PaymentCheck{}, errorsmod.Wrapf(types.ErrInvalidAddress, "signer %q: %v", msg.Signer, err)
	}
	c, err := k.CheckPayment(ctx, msg.PayerDeviceId, msg.PayeeDeviceId, msg.Amount, msg.Location, false)
	if err != nil {
		return c, err
	}
	if c.Payer.Id == "" {
		return c, nil
	}
	if account := c.Payer.PayingAccount(); msg.Signer != account {
		return c, errorsmod.Wrapf(types.ErrNotPayer, "%s signed, device %s pays from %s", msg.Signer, c.Payer.Id, account)
	}
	return c, k.refuseModuleAccount(c.Payer)
}

// refuseModuleAccount refuses a payment whose paying account is one of the
// app's module accounts: their funds are pooled, and gov's would otherwise
// pay on a proposal for a device it came to own.
func (k *Keeper) refuseModuleAccount(payer devicetypes.Device) error {
	account, err := k.addressCodec.StringToBytes(payer.PayingAccount())
	if err != nil {
		return err
	}
	if k.devices.IsModuleAccount(account) {
		return errorsmod.Wrapf(types.ErrModuleAccount, "device %s would pay from %s", payer.Id, payer.PayingAccount())
	}
	return nil
}

// Pay moves amount from the payer device's paying account to the payee
// device's account and takes the commission, if every rule allows it;
// otherwise ErrPaymentRefused names every rule that refused.
func (s msgServer) Pay(ctx context.Context, msg *types.MsgPay) (*types.MsgPayResponse, error) {
	c, err := s.k.checkPay(ctx, msg)
	if err != nil {
		return nil, err
	}
	if !c.Allowed() {
		return nil, refused(c)
	}
	return s.k.settle(ctx, c, msg.Amount, msg.Signer, false)
}
