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
		name  string
		brk   func(t *testing.T, f *fixture)
		ok    bool   // brk leaves the invariants holding
		want  string // the broken invariant (backing when not set)
		wants string // part of the broken invariant's message
	}{
		{name: "fees, deposits, rewards and auditor pool epochs kept by the keeper are backed"},
		{
			name: "a surplus recorded at genesis is backed",
			ok:   true,
			brk: func(t *testing.T, f *fixture) {
				addr := keeper.ModuleAddress()
				f.bank.Balances[string(addr)] = f.balance(addr).AddRaw(40)
				require.NoError(t, f.k.Surplus.Set(f.ctx, math.NewInt(40)))
			},
		},
		{
			// The account refuses transfers, so on a running chain such
			// tokens come from a keeper that charged without crediting a
			// pool: broken, not surplus.
			name: "tokens reaching the module account untracked after genesis break the backing",
			brk: func(t *testing.T, f *fixture) {
				addr := keeper.ModuleAddress()
				f.bank.Balances[string(addr)] = f.balance(addr).AddRaw(1)
			},
			wants: "1uatmi reached it untracked",
		},
		{
			name: "a surplus larger than the tokens behind it breaks the backing",
			brk: func(t *testing.T, f *fixture) {
				require.NoError(t, f.k.Surplus.Set(f.ctx, math.NewInt(40)))
			},
			wants: "40uatmi are missing",
		},
		{
			name: "a negative surplus breaks the backing",
			brk: func(t *testing.T, f *fixture) {
				require.NoError(t, f.k.Surplus.Set(f.ctx, math.NewInt(-1)))
			},
			wants: "surplus is -1",
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
			if tc.brk != nil {
				tc.brk(t, f)
			}
			if tc.brk == nil || tc.ok {
				require.NoError(t, keeper.CheckInvariants(f.ctx, f.k))
				return
			}
			want := tc.want
			if want == "" {
				want = backing
			}
			err = keeper.CheckInvariants(f.ctx, f.k)
			require.ErrorContains(t, err, want)
			require.ErrorContains(t, err, tc.wants)
		})
	}
}
