package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/payment/keeper"
	"github.com/atonomi/atonomid/x/payment/types"
)

func TestGenesisRoundTrip(t *testing.T) {
	f := setupSigned(t)
	_, err := f.msgs.Pay(f.ctx, &types.MsgPay{Signer: f.walletStr, PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(100)})
	require.NoError(t, err, "the linked wallet signs its own payment")
	f.ctx = f.ctx.WithBlockTime(f.ctx.BlockTime().Add(3 * time.Minute))
	_, err = f.msgs.PayDeviceSigned(f.ctx, f.msg(t, f.payerKey, f.intent()))
	require.NoError(t, err)
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Len(t, exported.Spending, 2, "one bucket per minute paid in")
	require.Equal(t, []types.DeviceNonce{{DeviceId: f.payer, Nonce: 1}}, exported.Nonces)
	require.NoError(t, exported.Validate())

	g := setupPayments(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, exported))
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again, "export after import is identical")
	require.NoError(t, keeper.CheckInvariants(g.ctx, g.k))
}

func TestGenesisValidate(t *testing.T) {
	f := setupPayments(t)
	bucket := func(minute, amount int64) types.SpendingBucket {
		return types.SpendingBucket{DeviceId: f.payer, Minute: minute, Amount: math.NewInt(amount)}
	}
	cases := []struct {
		name  string
		gs    types.GenesisState
		valid bool
	}{
		{name: "the default genesis is valid", gs: *types.DefaultGenesis(), valid: true},
		{name: "buckets of one device in two minutes are valid", gs: types.GenesisState{Spending: []types.SpendingBucket{bucket(1, 5), bucket(2, 5)}}, valid: true},
		{name: "a bucket listed twice is refused", gs: types.GenesisState{Spending: []types.SpendingBucket{bucket(1, 5), bucket(1, 7)}}},
		{name: "a zero bucket is refused", gs: types.GenesisState{Spending: []types.SpendingBucket{bucket(1, 0)}}},
		{name: "a negative bucket is refused", gs: types.GenesisState{Spending: []types.SpendingBucket{bucket(1, -5)}}},
		{name: "a malformed device id is refused", gs: types.GenesisState{Spending: []types.SpendingBucket{{DeviceId: "payer", Minute: 1, Amount: math.NewInt(5)}}}},
		{name: "a nonce is valid", gs: types.GenesisState{Nonces: []types.DeviceNonce{{DeviceId: f.payer, Nonce: 3}}}, valid: true},
		{name: "a zero nonce is refused", gs: types.GenesisState{Nonces: []types.DeviceNonce{{DeviceId: f.payer}}}},
		{name: "a nonce listed twice is refused", gs: types.GenesisState{Nonces: []types.DeviceNonce{{DeviceId: f.payer, Nonce: 3}, {DeviceId: f.payer, Nonce: 4}}}},
		{name: "a nonce of a malformed device id is refused", gs: types.GenesisState{Nonces: []types.DeviceNonce{{DeviceId: "payer", Nonce: 3}}}},
		{name: "an upper-case device id is refused", gs: types.GenesisState{Spending: []types.SpendingBucket{{DeviceId: "AB" + f.payer[2:], Minute: 1, Amount: math.NewInt(5)}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.gs.Validate()
			if c.valid {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, types.ErrInvalidGenesis)
			g := setupPayments(t)
			before := g.snapshot(t)
			require.ErrorIs(t, g.k.InitGenesis(g.ctx, &c.gs), types.ErrInvalidGenesis, "InitGenesis validates first")
			require.Equal(t, before, g.snapshot(t), "a refused genesis writes nothing")
		})
	}
}

func TestSpendingInvariant(t *testing.T) {
	f := setupPayments(t)
	require.NoError(t, f.pay(100, ""))
	require.NoError(t, keeper.CheckInvariants(f.ctx, f.k), "payments keep the invariant")

	unknown := setupPayments(t)
	gs := types.GenesisState{Spending: []types.SpendingBucket{{DeviceId: devicekit.DeviceID([]byte("salt"), []byte("nobody")).String(), Minute: 5, Amount: math.NewInt(1)}}}
	require.NoError(t, unknown.k.InitGenesis(unknown.ctx, &gs))
	require.ErrorContains(t, keeper.CheckInvariants(unknown.ctx, unknown.k), "unknown device")

	stale := setupPayments(t)
	gs = types.GenesisState{Spending: []types.SpendingBucket{
		{DeviceId: stale.payer, Minute: 10, Amount: math.NewInt(1)},
		{DeviceId: stale.payer, Minute: 10 + 24*60, Amount: math.NewInt(1)},
	}}
	require.NoError(t, stale.k.InitGenesis(stale.ctx, &gs))
	require.ErrorContains(t, keeper.CheckInvariants(stale.ctx, stale.k), "more than a day")
}
