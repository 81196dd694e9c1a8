package keeper_test

import (
	"maps"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/testutil"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/payment/keeper"
	"github.com/atonomi/atonomid/x/payment/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// giveWallet makes a funded wallet the payer device's paying account.
func (f *payFixture) giveWallet(t *testing.T) (sdk.AccAddress, string) {
	wallet, walletStr := testutil.Addr(t, "alice-wallet")
	f.update(f.payer, func(d *devicetypes.Device) { d.Wallet = walletStr })
	f.bank.Balances[string(wallet)] = math.NewInt(1_000)
	return wallet, walletStr
}

func (f *payFixture) pay(amount int64, location string) error {
	_, err := f.msgs.Pay(f.ctx, &types.MsgPay{Signer: f.payerOwnerStr, PayerDeviceId: f.payer, PayeeDeviceId: f.payee,
		Amount: math.NewInt(amount), Location: location})
	return err
}

// rules returns the rule names the Validate query reports.
func (f *payFixture) rules(t *testing.T, amount int64, location string) []string {
	t.Helper()
	res, err := f.queries.Validate(f.ctx, &types.QueryValidateRequest{
		PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(amount), Location: location})
	require.NoError(t, err)
	require.Equal(t, len(res.Refusals) == 0, res.Allowed)
	var out []string
	for _, r := range res.Refusals {
		out = append(out, r.Rule)
	}
	return out
}

func TestPay(t *testing.T) {
	f := setupPayments(t)
	require.Empty(t, f.rules(t, 100_000, ""), "the query allows it")
	res, err := f.msgs.Pay(f.ctx, &types.MsgPay{Signer: f.payerOwnerStr, PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(100_000)})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(1_000), res.Commission, "1% commission")
	require.Equal(t, math.NewInt(100_000), f.balance(f.payeeWallet), "the payee's wallet receives the payment")
	require.Equal(t, math.NewInt(1_000_000-101_000), f.balance(f.payerOwner), "the payer pays amount and commission")
	require.Equal(t, math.NewInt(1_000), f.commissionHeld(), "x/token charged the commission")
	testutil.RequireLastEvent(t, f.ctx, &types.EventDevicePayment{
		PayerDeviceId: f.payer, PayeeDeviceId: f.payee, From: f.payerOwnerStr, To: f.payeeWalletStr, Amount: "100000", Commission: "1000",
		Submitter: f.payerOwnerStr,
	})
}

func TestPaymentRules(t *testing.T) {
	cases := []struct {
		name     string
		prepare  func(f *payFixture)
		amount   int64
		location string
		want     []string
	}{
		{name: "an unknown payee is refused", want: []string{"payee_unknown"},
			prepare: func(f *payFixture) { delete(f.devices, f.payee) }},
		{name: "an inactive payer is refused", want: []string{"payer_inactive"},
			prepare: func(f *payFixture) {
				f.update(f.payer, func(d *devicetypes.Device) { d.Status = devicetypes.STATUS_SUSPENDED })
			}},
		{name: "an excluded payee is refused", want: []string{"payee_excluded"},
			prepare: func(f *payFixture) { f.reputation[f.payee+"/security"] = fakeThreshold - 1 }},
		{name: "a payee below the current threshold is refused before its stored flag says so", want: []string{"payee_excluded"},
			prepare: func(f *payFixture) {
				f.reputation[f.payee+"/security"] = fakeThreshold - 1
				f.update(f.payee, func(d *devicetypes.Device) { d.Excluded = false })
			}},
		{name: "a stale excluded flag refuses nothing once the device is at the current threshold",
			prepare: func(f *payFixture) {
				f.reputation[f.payee+"/security"] = fakeThreshold
				f.update(f.payee, func(d *devicetypes.Device) { d.Excluded = true })
			}},
		{name: "a payee below the payer's reputation floor is refused", want: []string{"payer_min_reputation"},
			prepare: func(f *payFixture) {
				f.update(f.payer, func(d *devicetypes.Device) {
					d.Policy.MinCounterpartyReputation = []devicetypes.ReputationMinimum{{ReputationType: "security", MinScore: 5000}}
				})
				f.reputation[f.payee+"/security"] = 4999
			}},
		{name: "a payee at the payer's reputation floor is allowed",
			prepare: func(f *payFixture) {
				f.update(f.payer, func(d *devicetypes.Device) {
					d.Policy.MinCounterpartyReputation = []devicetypes.ReputationMinimum{{ReputationType: "security", MinScore: 5000}}
				})
				f.reputation[f.payee+"/security"] = 5000
			}},
		{name: "a payer below the payee's reputation floor is refused", want: []string{"payee_min_reputation"},
			prepare: func(f *payFixture) {
				f.update(f.payee, func(d *devicetypes.Device) {
					d.Policy.MinCounterpartyReputation = []devicetypes.ReputationMinimum{{ReputationType: "financial", MinScore: 10}}
				})
			}},
		{name: "a counterparty outside the allowed manufacturers is refused", want: []string{"payer_counterparties"},
			prepare: func(f *payFixture) {
				f.update(f.payer, func(d *devicetypes.Device) {
					d.Policy.AllowedManufacturers = []string{"bosch"}
				})
			}},
		{name: "an allowed device passes even from another manufacturer",
			prepare: func(f *payFixture) {
				f.update(f.payer, func(d *devicetypes.Device) {
					d.Policy.AllowedManufacturers, d.Policy.AllowedDevices = []string{"bosch"}, []string{f.payee}
				})
			}},
		{name: "a payment outside the payee's regions is refused", location: "FR", want: []string{"payee_geography"},
			prepare: func(f *payFixture) {
				f.update(f.payee, func(d *devicetypes.Device) {
					d.Policy.Regions = []string{"DE"}
				})
			}},
		{name: "a payment in a subdivision of an allowed region is allowed", location: "US-CA",
			prepare: func(f *payFixture) {
				f.update(f.payee, func(d *devicetypes.Device) {
					d.Policy.Regions = []string{"US"}
				})
			}},
		{name: "a payment inside a geohash prefix is allowed", location: "u33dc0",
			prepare: func(f *payFixture) {
				f.update(f.payer, func(d *devicetypes.Device) {
					d.Policy.GeohashPrefixes = []string{"u33d"}
				})
			}},
		{name: "a payment without a location is refused by a geofenced device", want: []string{"payer_geography"},
			prepare: func(f *payFixture) {
				f.update(f.payer, func(d *devicetypes.Device) {
					d.Policy.GeohashPrefixes = []string{"u33d"}
				})
			}},
		{name: "a payment over the per-minute limit is refused", amount: 600, want: []string{"payer_limit_minute"},
			prepare: func(f *payFixture) {
				f.update(f.payer, func(d *devicetypes.Device) {
					d.Policy.SpendingLimits.PerMinute = math.NewInt(500)
				})
			}},
		{name: "a payer without the funds is refused", amount: 999_999, want: []string{"insufficient_funds"}},
		{name: "a device cannot pay itself", want: []string{"same_device"},
			prepare: func(f *payFixture) { f.payee = f.payer }},
		{name: "every failing rule is named", location: "FR", want: []string{"payer_excluded", "payee_excluded", "payee_geography"},
			prepare: func(f *payFixture) {
				for _, id := range []string{f.payer, f.payee} {
					f.reputation[id+"/social"] = 0
				}
				f.update(f.payee, func(d *devicetypes.Device) {
					d.Policy.Regions = []string{"DE"}
				})
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setupPayments(t)
			if c.prepare != nil {
				c.prepare(f)
			}
			amount := c.amount
			if amount == 0 {
				amount = 100
			}
			require.Equal(t, c.want, f.rules(t, amount, c.location), "the query names the refusing rules")
			before := f.snapshot(t)
			err := f.pay(amount, c.location)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrPaymentRefused)
			for _, rule := range c.want {
				require.Contains(t, err.Error(), rule, "the payment's error names the same rules")
			}
			require.Equal(t, before, f.snapshot(t), "a refused payment moves nothing")
		})
	}
}

func TestSpendingWindowsRollOverBlockTime(t *testing.T) {
	f := setupPayments(t)
	f.update(f.payer, func(d *devicetypes.Device) {
		d.Policy.SpendingLimits.PerMinute, d.Policy.SpendingLimits.PerHour, d.Policy.SpendingLimits.PerDay = math.NewInt(300), math.NewInt(1_000), math.NewInt(2_000)
	})
	at := func(d time.Duration) {
		f.ctx = f.ctx.WithBlockTime(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC).Add(d))
	}

	require.NoError(t, f.pay(300, ""))
	require.Equal(t, []string{"payer_limit_minute"}, f.rules(t, 1, ""), "the minute is spent")
	at(61 * time.Second)
	require.NoError(t, f.pay(300, ""), "the next minute has room again")
	at(3 * time.Minute)
	require.NoError(t, f.pay(300, ""))
	at(4 * time.Minute)
	require.Equal(t, []string{"payer_limit_hour"}, f.rules(t, 200, ""), "900 spent this hour, 200 more is over 1000")
	at(61 * time.Minute)
	require.Empty(t, f.rules(t, 200, ""), "an hour later the first payments have rolled out of the hour")
	require.NoError(t, f.pay(300, ""))
	for h := 2; h <= 3; h++ {
		at(time.Duration(h) * time.Hour)
		require.NoError(t, f.pay(300, ""))
	}
	at(5 * time.Hour)
	require.Equal(t, []string{"payer_limit_day"}, f.rules(t, 300, ""), "1800 spent today, 300 more is over 2000")
	at(25*time.Hour + time.Minute)
	require.Empty(t, f.rules(t, 300, ""), "a day later the day has rolled over")
	require.NoError(t, f.pay(300, ""))
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	for _, b := range gs.Spending {
		require.Greater(t, b.Minute, f.ctx.BlockTime().Unix()/60-24*60, "buckets older than a day are dropped")
	}
}

func TestPayRefusals(t *testing.T) {
	// Each of these signers tries to spend an account it does not hold;
	// none may, and no balance moves.
	for _, c := range []struct {
		name   string
		wallet bool // the payer device pays from a wallet
		signer func(f *payFixture) string
	}{
		{name: "a stranger cannot spend the payer's owner's funds",
			signer: func(*payFixture) string { return testutil.Bech32(t, "thief") }},
		{name: "the payee's wallet cannot spend the payer's owner's funds",
			signer: func(f *payFixture) string { return f.payeeWalletStr }},
		{name: "the owner cannot spend the device's wallet", wallet: true,
			signer: func(f *payFixture) string { return f.payerOwnerStr }},
		{name: "a stranger cannot spend the device's wallet", wallet: true,
			signer: func(*payFixture) string { return testutil.Bech32(t, "thief") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := setupPayments(t)
			if c.wallet {
				f.giveWallet(t)
			}
			before := maps.Clone(f.bank.Balances)
			_, err := f.msgs.Pay(f.ctx, &types.MsgPay{Signer: c.signer(f), PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(100)})
			require.ErrorIs(t, err, types.ErrNotPayer)
			require.Equal(t, before, f.bank.Balances, "no balance moves")
		})
	}
	t.Run("a device gov came to own does not pay from gov's module account", func(t *testing.T) {
		f := setupPayments(t)
		gov, err := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("gov"))
		require.NoError(t, err)
		f.bank.Balances[string(authtypes.NewModuleAddress("gov"))] = math.NewInt(1_000_000)
		f.update(f.payer, func(d *devicetypes.Device) { d.Owner = gov })
		before := f.snapshot(t)
		_, err = f.msgs.Pay(f.ctx, &types.MsgPay{Signer: gov, PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(100)})
		require.ErrorIs(t, err, types.ErrModuleAccount)
		require.Equal(t, before, f.snapshot(t), "no balance moves")
	})
	t.Run("the payer's wallet signs and pays for it", func(t *testing.T) {
		f := setupPayments(t)
		wallet, walletStr := f.giveWallet(t)
		_, err := f.msgs.Pay(f.ctx, &types.MsgPay{Signer: walletStr, PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(100)})
		require.NoError(t, err)
		require.Equal(t, math.NewInt(899), f.balance(wallet), "the wallet pays, commission included")
		require.Equal(t, math.NewInt(1_000_000), f.balance(f.payerOwner), "the owner's account is untouched")
	})
	t.Run("payments while paused are refused, and the query says so", func(t *testing.T) {
		f := setupPayments(t)
		f.token.paused = true
		before := f.snapshot(t)
		require.ErrorIs(t, f.pay(1, ""), tokentypes.ErrPaused)
		require.Equal(t, before, f.snapshot(t))
		require.Equal(t, []string{"paused"}, f.rules(t, 1, ""), "the query runs the same check, pause switch included")
	})
	t.Run("a zero payment is refused", func(t *testing.T) {
		f := setupPayments(t)
		require.ErrorIs(t, f.pay(-1, ""), types.ErrInvalidAmount)
		_, err := f.queries.Validate(f.ctx, &types.QueryValidateRequest{PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.ZeroInt()})
		require.Error(t, err)
	})
	t.Run("a malformed signer is refused", func(t *testing.T) {
		f := setupPayments(t)
		_, err := f.msgs.Pay(f.ctx, &types.MsgPay{Signer: "x", PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(1)})
		require.ErrorIs(t, err, types.ErrInvalidAddress)
	})
}

// TestAPaymentAuthorizationFailsClosedWithoutItsChecker: outside a
// transaction the ante handler checked (a governance proposal's execution,
// say) a payment authorization cannot re-check the device and refuses.
func TestAPaymentAuthorizationFailsClosedWithoutItsChecker(t *testing.T) {
	f := setupPayments(t)
	a := types.PaymentAuthorization{Owner: f.payerOwnerStr, DeviceIds: []string{f.payer}, SpendLimit: math.NewInt(1_000_000)}
	pay := &types.MsgPay{Signer: f.payerOwnerStr, PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(100)}
	_, err := a.Accept(f.ctx, pay)
	require.ErrorIs(t, err, types.ErrGrantRefused)
	res, err := a.Accept(types.WithGrantChecker(f.ctx, f.k), pay)
	require.NoError(t, err, "with the keeper's check it covers the owner's own device")
	require.Equal(t, math.NewInt(1_000_000-101), res.Updated.(*types.PaymentAuthorization).SpendLimit)
}

// TestSpendingAfterBlockTimeWentBack: a chain started from an exported
// genesis may run at block times before the imported buckets; those do
// not count in its windows, and its next payment drops them.
func TestSpendingAfterBlockTimeWentBack(t *testing.T) {
	f := setupPayments(t)
	f.update(f.payer, func(d *devicetypes.Device) { d.Policy.SpendingLimits.PerDay = math.NewInt(500) })
	require.NoError(t, f.pay(400, ""))
	f.ctx = f.ctx.WithBlockTime(f.ctx.BlockTime().Add(-2 * time.Hour))
	require.Empty(t, f.rules(t, 400, ""), "the bucket ahead of the block time is not spending of this day")
	require.NoError(t, f.pay(400, ""))
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, []types.SpendingBucket{{DeviceId: f.payer, Minute: f.ctx.BlockTime().Unix() / 60, Amount: math.NewInt(400)}}, gs.Spending,
		"the payment dropped the bucket ahead of it")
	require.NoError(t, keeper.CheckInvariants(f.ctx, f.k))
}
