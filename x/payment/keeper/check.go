package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/payment/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// Spending windows, in minutes: limits roll over block time at minute grain.
const (
	minutesPerHour = 60
	minutesPerDay  = 24 * 60
)

// PaymentCheck is the verdict on a device payment: the refusals (none when
// allowed), the two devices and the commission it carries.
type PaymentCheck struct {
	Refusals     []types.Refusal
	Payer, Payee devicetypes.Device
	Commission   math.Int
}

// Allowed reports whether no rule refuses the payment.
func (c PaymentCheck) Allowed() bool { return len(c.Refusals) == 0 }

// CheckPayment evaluates every payment rule without moving funds, the pause
// switch included; attested tells that the payer device signs the payment
// and so attests its location. It is the one code path behind MsgPay,
// MsgPayDeviceSigned and the Validate query, so the query's answer is the
// payment's.
func (k *Keeper) CheckPayment(ctx context.Context, payerID, payeeID string, amount math.Int, location string, attested bool) (PaymentCheck, error) {
	var c PaymentCheck
	if err := k.token.CheckNotPaused(ctx, tokentypes.ACTION_PAYMENTS); err != nil {
		return c, err
	}
	if amount.IsNil() || !amount.IsPositive() {
		return c, errorsmod.Wrap(types.ErrInvalidAmount, "a payment must be positive")
	}
	params, err := k.token.GetParams(ctx)
	if err != nil {
		return c, err
	}
	c.Commission = params.Commission(amount)
	var payerKnown, payeeKnown bool
	if c.Payer, payerKnown, c.Refusals, err = k.device(ctx, "payer", payerID, c.Refusals); err != nil {
		return c, err
	}
	if c.Payee, payeeKnown, c.Refusals, err = k.device(ctx, "payee", payeeID, c.Refusals); err != nil {
		return c, err
	}
	if !payerKnown || !payeeKnown {
		return c, nil
	}
	if c.Payer.Id == c.Payee.Id {
		c.Refusals = append(c.Refusals, types.Refusal{Rule: types.RuleSameDevice, Detail: "a device cannot pay itself"})
	}
	for _, side := range []struct {
		name        string
		self, other devicetypes.Device
	}{{"payer", c.Payer, c.Payee}, {"payee", c.Payee, c.Payer}} {
		selfID, err := devicetypes.ParseDeviceID(side.self.Id)
		if err != nil {
			return c, err
		}
		otherID, err := devicetypes.ParseDeviceID(side.other.Id)
		if err != nil {
			return c, err
		}
		excluded, err := k.reputation.Excluded(ctx, selfID)
		if err != nil {
			return c, err
		}
		refusals, err := types.PolicyRefusals(side.name, side.self, side.other, excluded, location, attested, func(repType string) (uint32, error) {
			return k.reputation.ReputationOf(ctx, otherID, repType)
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
	if payingAccount := c.Payer.PayingAccount(); payingAccount != "" {
		account, err := k.addressCodec.StringToBytes(payingAccount)
		if err != nil {
			return c, err
		}
		if short := k.token.Shortfall(ctx, account, params.Denom, amount.Add(c.Commission)); short != "" {
			c.Refusals = append(c.Refusals, types.Refusal{Rule: types.RuleInsufficientFunds, Detail: short})
		}
	}
	return c, nil
}

// device loads a side's device; an unknown id is added to refusals, not an
// error. A malformed id, one spelled with upper-case digits included, is
// bad input and refused with ErrInvalidDeviceID: it names no device, and a
// refusal alert would carry its text to the auditors.
func (k *Keeper) device(ctx context.Context, side, idText string, refusals []types.Refusal) (devicetypes.Device, bool, []types.Refusal, error) {
	unknown := types.Refusal{Rule: side + "_" + types.RuleUnknown, Detail: "no device " + idText}
	id, err := devicetypes.ParseDeviceID(idText)
	if err != nil {
		return devicetypes.Device{}, false, refusals, errorsmod.Wrap(err, side)
	}
	d, err := k.devices.GetDevice(ctx, id)
	if errors.Is(err, devicetypes.ErrUnknownDevice) {
		return d, false, append(refusals, unknown), nil
	}
	return d, err == nil, refusals, err
}

// limitRefusals checks the payer's spending over the rolling minute, hour and day.
func (k *Keeper) limitRefusals(ctx context.Context, payer devicetypes.Device, amount math.Int) ([]types.Refusal, error) {
	now := currentMinute(ctx)
	limits := payer.Policy.SpendingLimits
	var out []types.Refusal
	for _, w := range []struct {
		rule    string
		limit   math.Int
		minutes int64
	}{
		{types.RuleLimitMinute, limits.PerMinute, 1},
		{types.RuleLimitHour, limits.PerHour, minutesPerHour},
		{types.RuleLimitDay, limits.PerDay, minutesPerDay},
	} {
		if w.limit.IsNil() || w.limit.IsZero() {
			continue
		}
		spent, err := k.spentSince(ctx, payer.Id, now-w.minutes+1)
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

// spentSince sums a device's payments from minute `from` to the current
// minute; a bucket after it (left by a genesis whose block times lay ahead
// of the new chain's) is no spending of this window.
func (k *Keeper) spentSince(ctx context.Context, deviceID string, from int64) (math.Int, error) {
	total := math.ZeroInt()
	id, err := devicetypes.ParseDeviceID(deviceID)
	if err != nil {
		return total, err
	}
	rng := collections.NewPrefixedPairRange[devicekit.ID, int64](id).StartInclusive(from).EndInclusive(currentMinute(ctx))
	err = k.Spending.Walk(ctx, rng, func(_ collections.Pair[devicekit.ID, int64], v math.Int) (bool, error) {
		total = total.Add(v)
		return false, nil
	})
	return total, err
}

// recordSpending adds a payment to this minute's bucket and drops the
// device's buckets older than a day and those after the current minute
// (block time can lie behind an imported genesis' buckets), so a device
// keeps at most a day of minutes.
func (k *Keeper) recordSpending(ctx context.Context, deviceID string, amount math.Int) error {
	now := currentMinute(ctx)
	id, err := devicetypes.ParseDeviceID(deviceID)
	if err != nil {
		return err
	}
	for _, stale := range []*collections.PairRange[devicekit.ID, int64]{
		collections.NewPrefixedPairRange[devicekit.ID, int64](id).EndExclusive(now - minutesPerDay + 1),
		collections.NewPrefixedPairRange[devicekit.ID, int64](id).StartExclusive(now),
	} {
		if err := k.Spending.Clear(ctx, stale); err != nil {
			return err
		}
	}
	key := collections.Join(id, now)
	cur, err := k.Spending.Get(ctx, key)
	if keeperkit.IsNotFound(err) {
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
