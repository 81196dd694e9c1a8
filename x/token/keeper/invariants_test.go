package keeper_test

import (
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/token/keeper"
	"github.com/atonomi/atonomid/x/token/types"
)

func TestInvariants(t *testing.T) {
	const backing, tally = "pools-backed invariant broken", "auditor-tally invariant broken"
	tests := []struct {
		name string
		brk  func(t *testing.T, f *fixture)
		want string
	}{
		{name: "fees, deposits, rewards and auditor pool epochs kept by the keeper are backed"},
		{
			name: "tokens in the module account that no pool holds break the backing",
			brk: func(t *testing.T, f *fixture) {
				addr := keeper.ModuleAddress()
				f.bank.Balances[string(addr)] = f.balance(addr).AddRaw(1)
			},
			want: backing,
		},
		{
			name: "a pool larger than the tokens behind it breaks the backing",
			brk: func(t *testing.T, f *fixture) {
				require.NoError(t, f.k.Pools.Set(f.ctx, "acme", math.NewInt(1_000_000)))
			},
			want: backing,
		},
		{
			name: "a negative auditor pool breaks the backing",
			brk: func(t *testing.T, f *fixture) {
				pool, err := f.k.AuditorPool.Get(f.ctx)
				require.NoError(t, err)
				require.NoError(t, f.k.AuditorPool.Set(f.ctx, pool.Neg()))
			},
			want: backing,
		},
		{
			name: "an auditor pool paid out twice breaks the backing",
			brk: func(t *testing.T, f *fixture) {
				payer, err := f.k.RewardOf(f.ctx, f.payer)
				require.NoError(t, err)
				require.NoError(t, f.k.Rewards.Set(f.ctx, f.payer, payer.Add(f.auditorPool(t))))
			},
			want: backing,
		},
		{
			name: "a credit outside the epoch's total breaks the tally",
			brk: func(t *testing.T, f *fixture) {
				require.NoError(t, f.k.AuditorCredits.Set(f.ctx, "ghost", math.NewInt(5)))
			},
			want: tally,
		},
		{
			name: "a zero credit breaks the tally",
			brk: func(t *testing.T, f *fixture) {
				require.NoError(t, f.k.AuditorCredits.Set(f.ctx, "ghost", math.ZeroInt()))
			},
			want: tally,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			_, err := f.k.ChargeFee(f.ctx, f.payer, types.FeeRegistration, 7, "acme")
			require.NoError(t, err)
			_, err = f.msgs.DepositToPool(f.ctx, &types.MsgDepositToPool{Depositor: f.payerStr, ManufacturerId: "acme", Amount: math.NewInt(5_000)})
			require.NoError(t, err)
			_, err = f.k.PayReputationReward(f.ctx, "acme", f.payer, f.payer, 0)
			require.NoError(t, err)
			// An epoch pays part of the auditor pool out; the next one has
			// credit under way.
			_, err = f.k.CreditAuditorScores(f.ctx, "sentinel", 100, []uint64{0})
			require.NoError(t, err)
			f.setEpochBlocks(t, 7)
			require.NoError(t, f.endBlock(7, registry(map[string]standing{"sentinel": {account: f.payer}})))
			_, err = f.k.CreditAuditorScores(f.ctx, "sentinel", 100, []uint64{3})
			require.NoError(t, err)
			_, err = f.k.ChargeFee(f.ctx, f.payer, types.FeeReputation, 3, "acme")
			require.NoError(t, err)
			require.True(t, f.auditorPool(t).IsPositive())
			if tc.brk == nil {
				require.NoError(t, keeper.CheckInvariants(f.ctx, f.k))
				return
			}
			tc.brk(t, f)
			require.ErrorContains(t, keeper.CheckInvariants(f.ctx, f.k), tc.want)
		})
	}
}
