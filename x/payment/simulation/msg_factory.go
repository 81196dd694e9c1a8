package simulation

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	devicesim "github.com/atonomi/atonomid/x/device/simulation"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/payment/keeper"
	"github.com/atonomi/atonomid/x/payment/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// MsgPayFactory has an active device whose paying account is a simulation
// account pay another active device. The payment rules decide beforehand, through the
// same check the message runs, whether it must pass or be refused; a refused
// payment must fail with ErrPaymentRefused and move nothing.
func MsgPayFactory(k *keeper.Keeper, sims Keepers) *simsx.ResultHandlingSimMsgFactory[*types.MsgPay] {
	return simsx.NewSimMsgFactoryWithDeliveryResultHandler(func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgPay, simsx.SimDeliveryResultHandler) {
		if err := sims.Token.CheckNotPaused(ctx, tokentypes.ACTION_PAYMENTS); err != nil {
			reporter.Skip(err.Error())
			return nil, nil, nil
		}
		payer := devicesim.AnyDevice(ctx, sims.Device, testData, reporter, devicesim.OwnedBySimAccount(testData, devicetypes.STATUS_ACTIVE))
		payee := devicesim.AnyDevice(ctx, sims.Device, testData, reporter, func(d devicetypes.Device) bool {
			return d.Status == devicetypes.STATUS_ACTIVE && d.Id != payer.Id
		})
		if reporter.IsSkipped() {
			return nil, nil, nil
		}
		// The paying account signs: its wallet if it has one, else its owner.
		account := payer.PayingAccount()
		if !testData.HasAccount(account) {
			reporter.Skipf("%s is not a simulation account", account)
			return nil, nil, nil
		}
		signer := testData.GetAccount(reporter, account)
		amount, location := drawPayment(ctx, testData, reporter, sims, signer)
		if reporter.IsSkipped() {
			return nil, nil, nil
		}
		check, err := k.CheckPayment(ctx, payer.Id, payee.Id, amount, location, false)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil, nil
		}
		msg := &types.MsgPay{
			Signer: signer.AddressBech32, PayerDeviceId: payer.Id, PayeeDeviceId: payee.Id, Amount: amount, Location: location,
		}
		return []simsx.SimAccount{signer}, msg, verdict(check)
	})
}

// drawPayment draws an amount the paying account can cover, set aside from
// the random tx fees it may pay too so that a fee cannot change the verdict,
// and a location; the reporter skips when the account cannot pay.
func drawPayment(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, sims Keepers,
	paying simsx.SimAccount,
) (math.Int, string) {
	params, err := sims.Token.GetParams(ctx)
	if err != nil || reporter.IsSkipped() {
		reporter.Skipf("token params: %v", err)
		return math.Int{}, ""
	}
	amount := math.NewInt(int64(1 + testData.Rand().Intn(50_000)))
	need := sdk.NewCoin(params.Denom, amount.Add(params.Commission(amount)))
	if !paying.LiquidBalance().BlockAmount(need) {
		reporter.Skipf("%s cannot pay %s", paying.AddressBech32, need)
		return math.Int{}, ""
	}
	return amount, []string{"", "DE", "US-CA", "u33db"}[testData.Rand().Intn(4)]
}

// verdict is the delivery check of a payment the rules judged beforehand:
// none when they allow it, else it must fail with ErrPaymentRefused.
func verdict(check keeper.PaymentCheck) simsx.SimDeliveryResultHandler {
	if check.Allowed() {
		return nil
	}
	return func(err error) error {
		if errors.Is(err, types.ErrPaymentRefused) {
			return nil
		}
		return fmt.Errorf("payment refused by %v must fail with %q, got: %w", check.Refusals, types.ErrPaymentRefused, err)
	}
}

// MsgPayDeviceSignedFactory has an active device with a linked wallet sign
// a payment intent with its own key, relayed by any simulation account. The
// rules decide beforehand, through the check the message runs, whether it
// must pass or be refused with ErrPaymentRefused.
func MsgPayDeviceSignedFactory(k *keeper.Keeper, sims Keepers) *simsx.ResultHandlingSimMsgFactory[*types.MsgPayDeviceSigned] {
	return simsx.NewSimMsgFactoryWithDeliveryResultHandler(func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	) ([]simsx.SimAccount, *types.MsgPayDeviceSigned, simsx.SimDeliveryResultHandler) {
		if err := sims.Token.CheckNotPaused(ctx, tokentypes.ACTION_PAYMENTS); err != nil {
			reporter.Skip(err.Error())
			return nil, nil, nil
		}
		payer := devicesim.AnyDevice(ctx, sims.Device, testData, reporter, func(d devicetypes.Device) bool {
			return d.Status == devicetypes.STATUS_ACTIVE && d.Wallet != "" && testData.HasAccount(d.Wallet)
		})
		payee := devicesim.AnyDevice(ctx, sims.Device, testData, reporter, func(d devicetypes.Device) bool {
			return d.Status == devicetypes.STATUS_ACTIVE && d.Id != payer.Id
		})
		key := devicesim.KeyOf(payer, reporter)
		submitter := testData.AnyAccount(reporter)
		if reporter.IsSkipped() {
			return nil, nil, nil
		}
		wallet := testData.GetAccount(reporter, payer.Wallet)
		amount, location := drawPayment(ctx, testData, reporter, sims, wallet)
		if reporter.IsSkipped() {
			return nil, nil, nil
		}
		nonce, err := k.NonceOf(ctx, payer.Id)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil, nil
		}
		payerID, _ := devicetypes.ParseDeviceID(payer.Id)
		payeeID, _ := devicetypes.ParseDeviceID(payee.Id)
		validUntil := uint64(sdk.UnwrapSDKContext(ctx).BlockHeight()) + 10
		sig, err := key.SignPayment(devicekit.PaymentIntent{ChainID: sdk.UnwrapSDKContext(ctx).ChainID(), Payer: payerID, Payee: payeeID,
			Wallet: wallet.Address, Amount: amount.String(), Nonce: nonce, ValidUntil: validUntil, Location: location})
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil, nil
		}
		check, err := k.CheckPayment(ctx, payer.Id, payee.Id, amount, location, true)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil, nil
		}
		msg := &types.MsgPayDeviceSigned{Submitter: submitter.AddressBech32, PayerDeviceId: payer.Id, PayeeDeviceId: payee.Id,
			Wallet: wallet.AddressBech32, Amount: amount, Nonce: nonce, ValidUntil: validUntil, Location: location, Signature: sig}
		return []simsx.SimAccount{submitter}, msg, verdict(check)
	})
}
