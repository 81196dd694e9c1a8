package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/payment/types"
)

// NonceOf is the nonce the device's next signed intent must carry.
func (k *Keeper) NonceOf(ctx context.Context, deviceID string) (uint64, error) {
	id, err := devicetypes.ParseDeviceID(deviceID)
	if err != nil {
		return 0, err
	}
	n, err := k.Nonces.Get(ctx, id)
	if keeperkit.IsNotFound(err) {
		return 0, nil
	}
	return n, err
}

// checkPayDeviceSigned is everything MsgPayDeviceSigned checks before it
// moves funds: a well-formed submitter; the payment rules (CheckPayment,
// pause first); a known payer device with a linked wallet, which is the
// wallet the intent names; the device's current nonce; an unexpired intent;
// and, last, the device key's signature over the intent. Any error refuses
// the message before the rules' verdict matters, and no alert is raised for
// it: only a refusal of an intent the device's key made is evidence about
// the device.
func (k *Keeper) checkPayDeviceSigned(ctx context.Context, msg *types.MsgPayDeviceSigned) (PaymentCheck, error) {
	if _, err := k.addressCodec.StringToBytes(msg.Submitter); err != nil {
		return PaymentCheck{}, errorsmod.Wrapf(types.ErrInvalidAddress, "submitter %q: %v", msg.Submitter, err)
	}
	wallet, err := k.addressCodec.StringToBytes(msg.Wallet)
	if err != nil {
		return PaymentCheck{}, errorsmod.Wrapf(types.ErrInvalidAddress, "wallet %q: %v", msg.Wallet, err)
	}
	c, err := k.CheckPayment(ctx, msg.PayerDeviceId, msg.PayeeDeviceId, msg.Amount, msg.Location, true)
	if err != nil {
		return c, err
	}
	if c.Payer.Id == "" {
		// The payer is unknown: there is no key to check, so the rules'
		// refusal (payer_unknown) is an error here, not an alert.
		return c, refused(c)
	}
	if c.Payer.Wallet == "" {
		return c, errorsmod.Wrapf(types.ErrNoWallet, "device %s signs payments only from a wallet that accepted it", c.Payer.Id)
	}
	if msg.Wallet != c.Payer.Wallet {
		return c, errorsmod.Wrapf(types.ErrWrongWallet, "the intent names %s, device %s pays from %s", msg.Wallet, c.Payer.Id, c.Payer.Wallet)
	}
	if err := k.refuseModuleAccount(c.Payer); err != nil {
		return c, err
	}
	nonce, err := k.NonceOf(ctx, c.Payer.Id)
	if err != nil {
		return c, err
	}
	if msg.Nonce != nonce {
		return c, errorsmod.Wrapf(types.ErrWrongNonce, "the intent carries %d, device %s is at %d", msg.Nonce, c.Payer.Id, nonce)
	}
	if height := sdk.UnwrapSDKContext(ctx).BlockHeight(); height < 0 || uint64(height) > msg.ValidUntil {
		return c, errorsmod.Wrapf(types.ErrIntentExpired, "valid until height %d, the chain is at %d", msg.ValidUntil, height)
	}
	intent, err := intentOf(sdk.UnwrapSDKContext(ctx).ChainID(), c.Payer, c.Payee, wallet, msg)
	if err != nil {
		return c, err
	}
	if err := k.devices.VerifyDeviceSignature(ctx, c.Payer, intent, msg.Signature); err != nil {
		return c, errorsmod.Wrapf(types.ErrBadSignature, "device %s (%s): %v", c.Payer.Id, c.Payer.KeyType.Kit(), err)
	}
	return c, nil
}

// intentOf is the payment intent P the device signed for msg, on this chain.
func intentOf(chainID string, payer, payee devicetypes.Device, wallet []byte, msg *types.MsgPayDeviceSigned) ([]byte, error) {
	payerID, err := devicekit.ParseID(payer.Id)
	if err != nil {
		return nil, err
	}
	payeeID, err := devicekit.ParseID(payee.Id)
	if err != nil {
		return nil, err
	}
	bz, err := devicekit.PaymentIntent{
		ChainID: chainID, Payer: payerID, Payee: payeeID, Wallet: wallet, Amount: msg.Amount.String(),
		Nonce: msg.Nonce, ValidUntil: msg.ValidUntil, Location: msg.Location,
	}.SignBytes()
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidIntent, "%v", err)
	}
	return bz, nil
}

// PayDeviceSigned moves a payment the payer device signed, from its linked
// wallet, if every rule allows it, and raises the device's nonce; a refused
// intent consumes nothing.
func (s msgServer) PayDeviceSigned(ctx context.Context, msg *types.MsgPayDeviceSigned) (*types.MsgPayResponse, error) {
	c, err := s.k.checkPayDeviceSigned(ctx, msg)
	if err != nil {
		return nil, err
	}
	if !c.Allowed() {
		return nil, refused(c)
	}
	id, err := devicetypes.ParseDeviceID(c.Payer.Id)
	if err != nil {
		return nil, err
	}
	if err := s.k.Nonces.Set(ctx, id, msg.Nonce+1); err != nil {
		return nil, err
	}
	return s.k.settle(ctx, c, msg.Amount, msg.Submitter, true)
}
