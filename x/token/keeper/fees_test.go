package keeper_test

import (
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/token/types"
)

func TestChargeRegistrationFee(t *testing.T) {
	f := setup(t)
	total, err := f.k.ChargeFee(f.ctx, f.payer, types.FeeRegistration, 100, "acme")
	require.NoError(t, err)
	require.Equal(t, math.NewInt(100_000), total, "100 devices at 1000uatmi each")

	require.Equal(t, math.NewInt(900_000), f.balance(f.payer))
	pool, err := f.k.PoolOf(f.ctx, "acme")
	require.NoError(t, err)
	require.Equal(t, math.NewInt(50_000), pool, "50% to the manufacturer's pool")
	auditors, err := f.queries.AuditorPool(f.ctx, &types.QueryAuditorPoolRequest{})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(20_000), auditors.Amount, "20% to the auditor pool")
	require.Equal(t, math.NewInt(20_000), f.moduleBalance(authtypes.FeeCollectorName), "20% to the validators")
	require.Equal(t, math.NewInt(10_000), f.moduleBalance("distribution"), "10% to the community pool")
	require.Equal(t, math.NewInt(70_000), f.moduleBalance(types.ModuleName), "the pools are backed by the module account")
	testutil.RequireLastEvent(t, f.ctx, &types.EventFeeCharged{
		Payer: f.payerStr, Kind: "registration", ManufacturerId: "acme", Total: "100000",
		ToManufacturerPool: "50000", ToAuditorPool: "20000", ToValidators: "20000", ToCommunityPool: "10000",
	})
}

func TestChargeFeeRefusals(t *testing.T) {
	cases := []struct {
		name    string
		units   uint64
		pool    string
		kind    types.FeeKind
		wantErr error
	}{
		{"a payer without enough funds is refused", 1_001, "acme", types.FeeRegistration, types.ErrInsufficientFunds},
		{"a fee for a manufacturer without a pool is refused", 1, "nobody", types.FeeActivation, types.ErrUnknownPool},
		{"a fee kind without a per-unit price is refused", 1, "acme", types.FeeCommission, types.ErrInvalidParams},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			before := f.snapshot(t)
			_, err := f.k.ChargeFee(f.ctx, f.payer, tc.kind, tc.units, tc.pool)
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.snapshot(t), "nothing moves")
		})
	}
}

func TestChargeFeeSplitsWithoutDust(t *testing.T) {
	f := setup(t)
	params := types.DefaultParams()
	params.ActivationFee = math.NewInt(7) // 7 × 50% etc. does not divide evenly
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: params})
	require.NoError(t, err)
	total, err := f.k.ChargeFee(f.ctx, f.payer, types.FeeActivation, 3, "acme")
	require.NoError(t, err)
	require.Equal(t, math.NewInt(21), total)
	require.Equal(t, math.NewInt(1_000_000-21), f.balance(f.payer))
	pool, err := f.k.PoolOf(f.ctx, "acme")
	require.NoError(t, err)
	spent := pool.Add(f.moduleBalance(authtypes.FeeCollectorName)).Add(f.moduleBalance("distribution"))
	auditors, err := f.queries.AuditorPool(f.ctx, &types.QueryAuditorPoolRequest{})
	require.NoError(t, err)
	require.Equal(t, total, spent.Add(auditors.Amount), "the four shares add up to the fee")
}

func TestZeroFeeChargesNothing(t *testing.T) {
	f := setup(t)
	params := types.DefaultParams()
	params.ReputationWriteFee = math.ZeroInt()
	_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: params})
	require.NoError(t, err)
	before := f.snapshot(t)
	total, err := f.k.ChargeFee(f.ctx, f.payer, types.FeeReputation, 10, "")
	require.NoError(t, err)
	require.True(t, total.IsZero())
	require.Equal(t, before, f.snapshot(t))
}

func TestChargeCommission(t *testing.T) {
	f := setup(t)
	total, err := f.k.ChargeCommission(f.ctx, f.payer, math.NewInt(500_000), "acme")
	require.NoError(t, err)
	require.Equal(t, math.NewInt(5_000), total, "1% of the payment")
	require.Equal(t, math.NewInt(995_000), f.balance(f.payer))
	require.Equal(t, math.NewInt(3_000), f.moduleBalance(authtypes.FeeCollectorName))
}

func TestPayReputationReward(t *testing.T) {
	auditor, auditorStr := testutil.Addr(t, "auditor")
	maker, _ := testutil.Addr(t, "acme-ops")
	cases := []struct {
		name            string
		pool            int64
		blocksSinceLast uint64
		wantPaid        int64
	}{
		{"a first score earns the full reward", 10_000, 0, 500},
		{"a re-score after the threshold earns the full reward", 10_000, 100, 500},
		{"a re-score 25 of 100 blocks later earns a quarter", 10_000, 25, 125},
		{"a re-score one block later earns 1/100", 10_000, 1, 5},
		{"a pool smaller than the reward pays what it has", 300, 0, 300},
		{"an empty pool pays nothing", 0, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			if tc.pool > 0 {
				_, err := f.msgs.DepositToPool(f.ctx, &types.MsgDepositToPool{Depositor: f.payerStr, ManufacturerId: "acme", Amount: math.NewInt(tc.pool)})
				require.NoError(t, err)
			}
			paid, err := f.k.PayReputationReward(f.ctx, "acme", auditor, maker, tc.blocksSinceLast)
			require.NoError(t, err)
			require.Equal(t, math.NewInt(tc.wantPaid), paid)
			pool, err := f.k.PoolOf(f.ctx, "acme")
			require.NoError(t, err)
			require.Equal(t, math.NewInt(tc.pool-tc.wantPaid), pool)

			toAuditor := tc.wantPaid * 80 / 100
			res, err := f.queries.Rewards(f.ctx, &types.QueryRewardsRequest{Address: auditorStr})
			require.NoError(t, err)
			require.Equal(t, math.NewInt(toAuditor), res.Reward.Amount, "80% to the auditor")
			got, err := f.k.RewardOf(f.ctx, maker)
			require.NoError(t, err)
			require.Equal(t, math.NewInt(tc.wantPaid-toAuditor), got, "the rest to the manufacturer")
		})
	}
	t.Run("an unknown manufacturer has no pool", func(t *testing.T) {
		f := setup(t)
		_, err := f.k.PayReputationReward(f.ctx, "nobody", auditor, maker, 0)
		require.ErrorIs(t, err, types.ErrUnknownPool)
	})
}
