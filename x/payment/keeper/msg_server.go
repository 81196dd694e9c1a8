package keeper

import (
	"context"
	"strings"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/payment/types"
)

type msgServer struct{ k *Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the Msg service over the keeper.
func NewMsgServerImpl(k *Keeper) types.MsgServer { return msgServer{k: k} }

// refused is the payment error naming every refusing rule of c.
func refused(c PaymentCheck) error {
	rules := make([]string, len(c.Refusals))
	for i, r := range c.Refusals {
		rules[i] = r.Rule + " (" + r.Detail + ")"
	}
	return errorsmod.Wrap(types.ErrPaymentRefused, strings.Join(rules, "; "))
}

// settle moves an allowed payment: amount from the payer device's paying
// account to the payee device's, the commission through x/token, the
// spending record, and the event.
func (k *Keeper) settle(ctx context.Context, c PaymentCheck, amount math.Int, submitter string, deviceSigned bool) (*types.MsgPayResponse, error) {
	params, err := k.token.GetParams(ctx)
	if err != nil {
		return nil, err
	}
	fromText, toText := c.Payer.PayingAccount(), c.Payee.PayingAccount()
	from, err := k.addressCodec.StringToBytes(fromText)
	if err != nil {
		return nil, err
	}
	to, err := k.addressCodec.StringToBytes(toText)
	if err != nil {
		return nil, err
	}
	if err := k.bank.SendCoins(ctx, from, to, sdk.NewCoins(sdk.NewCoin(params.Denom, amount))); err != nil {
		return nil, err
	}
	if _, err := k.token.ChargeCommission(ctx, from, amount, c.Payee.ManufacturerId); err != nil {
		return nil, err
	}
	if err := k.recordSpending(ctx, c.Payer.Id, amount); err != nil {
		return nil, err
	}
	return &types.MsgPayResponse{Commission: c.Commission}, keeperkit.Emit(ctx, &types.EventDevicePayment{
		PayerDeviceId: c.Payer.Id, PayeeDeviceId: c.Payee.Id, From: fromText, To: toText,
		Amount: amount.String(), Commission: c.Commission.String(), DeviceSigned: deviceSigned, Submitter: submitter,
	})
}
