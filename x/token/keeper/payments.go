package keeper

import (
	"context"
	"errors"
	"strings"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/token/types"
)

// Spending windows, in minutes: limits roll over block time at minute grain.
const (
	minutesPerHour = 60
	minutesPerDay  = 24 * 60
)

// PaymentCheck is the verdict on a device payment: the refusals (none when
// allowed), the two devices and the commission it carries.
type PaymentCheck struct {
	Refusals   []types.Refusal
	Payer      types.DeviceView
	Payee      types.DeviceView
	Commission math.Int
}

// Allowed reports whether no rule refuses the payment.
func (c PaymentCheck) Allowed() bool { return len(c.Refusals) == 0 }

// CheckPayment evaluates every payment rule without moving funds. It is the
// one code path behind MsgDevicePay and the ValidateTransaction query, so
// the query's answer is the payment's.
func (k *Keeper) CheckPayment(ctx context.Context, payerID, payeeID string, amount math.Int, location string) (PaymentCheck, error) {
	var c PaymentCheck
	if k.directory == nil {
		return c, types.ErrNoDirectory
	}
	if amount.IsNil() || !amount.IsPositive() {
		return c, errorsmod.Wrap(types.ErrInvalidAmount, "a payment must be positive")
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return c, err
	}
	c.Commission = params.Commission(amount)
	if c.Payer, c.Refusals, err = k.view(ctx, "payer", payerID, c.Refusals); err != nil {
		return c, err
	}
	if c.Payee, c.Refusals, err = k.view(ctx, "payee", payeeID, c.Refusals); err != nil {
		return c, err
	}
	if len(c.Refusals) > 0 {
		return c, nil
	}
	if c.Payer.DeviceID == c.Payee.DeviceID {
		c.Refusals = append(c.Refusals, types.Refusal{Rule: types.RuleSameDevice, Detail: "a device cannot pay itself"})
	}
	for _, side := range []struct {
		name        string
		self, other types.DeviceView
	}{{"payer", c.Payer, c.Payee}, {"payee", c.Payee, c.Payer}} {
		refusals, err := types.PolicyRefusals(side.name, side.self, side.other, location, func(repType string) (uint32, error) {
			return k.directory.ReputationOf(ctx, side.other.DeviceID, repType)
		})
		if err != nil {
			return c, err
		}
		c.Refusals = append(c.Refusals, refusals...)
	}
	limits, err := k.limitRefusals(ctx, c.Payer, amount)
	if err != nil {
		return c, err
	}
	c.Refusals = append(c.Refusals, limits...)
	if c.Payer.Account != "" {
		account, err := k.addressCodec.StringToBytes(c.Payer.Account)
		if err != nil {
			return c, err
		}
		if short := k.shortfall(ctx, account, params.Denom, amount.Add(c.Commission)); short != "" {
			c.Refusals = append(c.Refusals, types.Refusal{Rule: types.RuleInsufficientFunds, Detail: short})
		}
	}
	return c, nil
}

// view asks the directory for a side's device; an unknown device is added
// to refusals, not an error.
func (k *Keeper) view(ctx context.Context, side, id string, refusals []types.Refusal) (types.DeviceView, []types.Refusal, error) {
	v, err := k.directory.DeviceView(ctx, id)
	if errors.Is(err, types.ErrUnknownDevice) {
		return v, append(refusals, types.Refusal{Rule: side + "_" + types.RuleUnknown, Detail: "no device " + id}), nil
	}
	return v, refusals, err
}

// limitRefusals checks the payer's spending over the rolling minute, hour and day.
func (k *Keeper) limitRefusals(ctx context.Context, payer types.DeviceView, amount math.Int) ([]types.Refusal, error) {
	now := currentMinute(ctx)
	var out []types.Refusal
	for _, w := range []struct {
		rule    string
		limit   math.Int
		minutes int64
	}{
		{types.RuleLimitMinute, payer.LimitMinute, 1},
		{types.RuleLimitHour, payer.LimitHour, minutesPerHour},
		{types.RuleLimitDay, payer.LimitDay, minutesPerDay},
	} {
		if w.limit.IsNil() || w.limit.IsZero() {
			continue
		}
		spent, err := k.spentSince(ctx, payer.DeviceID, now-w.minutes+1)
		if err != nil {
			return nil, err
		}
		if spent.Add(amount).GT(w.limit) {
			out = append(out, types.Refusal{Rule: "payer_" + w.rule,
				Detail: "spent " + spent.String() + " of " + w.limit.String() + " in the window; this payment is " + amount.String()})
		}
	}
	return out, nil
}

// spentSince sums a device's payments from minute `from` on.
func (k *Keeper) spentSince(ctx context.Context, deviceID string, from int64) (math.Int, error) {
	total := math.ZeroInt()
	rng := collections.NewPrefixedPairRange[string, int64](deviceID).StartInclusive(from)
	err := k.Spending.Walk(ctx, rng, func(_ collections.Pair[string, int64], v math.Int) (bool, error) {
		total = total.Add(v)
		return false, nil
	})
	return total, err
}

// recordSpending adds a payment to this minute's bucket and drops buckets
// older than a day, so a device keeps at most a day of minutes.
func (k *Keeper) recordSpending(ctx context.Context, deviceID string, amount math.Int) error {
	now := currentMinute(ctx)
	stale := collections.NewPrefixedPairRange[string, int64](deviceID).EndExclusive(now - minutesPerDay + 1)
	if err := k.Spending.Clear(ctx, stale); err != nil {
		return err
	}
	key := collections.Join(deviceID, now)
	cur, err := k.Spending.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		cur, err = math.ZeroInt(), nil
	}
	if err != nil {
		return err
	}
	return k.Spending.Set(ctx, key, cur.Add(amount))
}

func currentMinute(ctx context.Context) int64 {
	return sdk.UnwrapSDKContext(ctx).BlockTime().Unix() / 60
}

// checkDevicePay is everything MsgDevicePay checks before it moves funds,
// in its order: payments not paused, a well-formed signer, the payment
// rules (CheckPayment) and a signer that is the paying account itself: the
// funds that move are the signer's own, so no account pays without signing
// (an owner never spends its device's wallet, nor a wallet its owner). An
// error refuses the message before the rules' verdict matters; otherwise
// the check's refusals are the rules' verdict. The msg server and the
// PaymentAlertDecorator both ask it, so the alert names exactly the rules
// the message is refused for.
func (k *Keeper) checkDevicePay(ctx context.Context, msg *types.MsgDevicePay) (PaymentCheck, error) {
	if err := k.CheckNotPaused(ctx, types.ACTION_PAYMENTS); err != nil {
		return PaymentCheck{}, err
	}
	if _, err := k.addressCodec.StringToBytes(msg.Signer); err != nil {
		return PaymentCheck{}, errorsmod.Wrapf(types.ErrInvalidAddress, "signer %q: %v", msg.Signer, err)
	}
	c, err := k.CheckPayment(ctx, msg.PayerDeviceId, msg.PayeeDeviceId, msg.Amount, msg.Location)
	if err != nil {
		return c, err
	}
	if c.Payer.DeviceID != "" && msg.Signer != c.Payer.Account {
		return c, errorsmod.Wrapf(types.ErrNotPayer, "%s signed, device %s pays from %s", msg.Signer, c.Payer.DeviceID, c.Payer.Account)
	}
	return c, nil
}

// DevicePay moves amount from the payer device's account to the payee
// device's account and takes the commission, if every rule allows it;
// otherwise ErrPaymentRefused names every rule that refused.
func (s msgServer) DevicePay(ctx context.Context, msg *types.MsgDevicePay) (*types.MsgDevicePayResponse, error) {
	c, err := s.k.checkDevicePay(ctx, msg)
	if err != nil {
		return nil, err
	}
	if !c.Allowed() {
		rules := make([]string, len(c.Refusals))
		for i, r := range c.Refusals {
			rules[i] = r.Rule + " (" + r.Detail + ")"
		}
		return nil, errorsmod.Wrap(types.ErrPaymentRefused, strings.Join(rules, "; "))
	}
	params, err := s.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	from, err := s.k.addressCodec.StringToBytes(c.Payer.Account)
	if err != nil {
		return nil, err
	}
	to, err := s.k.addressCodec.StringToBytes(c.Payee.Account)
	if err != nil {
		return nil, err
	}
	if err := s.k.bank.SendCoins(ctx, from, to, coins(params.Denom, msg.Amount)); err != nil {
		return nil, err
	}
	if _, err := s.k.ChargeCommission(ctx, from, msg.Amount, c.Payee.ManufacturerID); err != nil {
		return nil, err
	}
	if err := s.k.recordSpending(ctx, c.Payer.DeviceID, msg.Amount); err != nil {
		return nil, err
	}
	return &types.MsgDevicePayResponse{Commission: c.Commission}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventDevicePayment{
		PayerDeviceId: c.Payer.DeviceID, PayeeDeviceId: c.Payee.DeviceID, From: c.Payer.Account, To: c.Payee.Account,
		Amount: msg.Amount.String(), Commission: c.Commission.String(),
	})
}
