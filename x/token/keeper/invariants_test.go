package keeper_test

import (
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/token/keeper"
	"github.com/atonomi/atonomid/x/token/types"
)

func TestInvariants(t *testing.T) {
	tests := []struct {
		name  string
		brk   func(t *testing.T, f *fixture)
		ok    bool   // brk leaves the invariant holding
		wants string // part of the broken invariant's message
	}{
		{name: "fees, deposits and rewards kept by the keeper are backed"},
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
		},
		{
			name: "a negative auditor pool breaks the backing",
			brk: func(t *testing.T, f *fixture) {
				pool, err := f.k.AuditorPool.Get(f.ctx)
				require.NoError(t, err)
				require.NoError(t, f.k.AuditorPool.Set(f.ctx, pool.Neg()))
			},
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
			if tc.brk != nil {
				tc.brk(t, f)
			}
			if tc.brk == nil || tc.ok {
				require.NoError(t, keeper.CheckInvariants(f.ctx, f.k))
				return
			}
			err = keeper.CheckInvariants(f.ctx, f.k)
			require.ErrorContains(t, err, "pools-backed invariant broken")
			require.ErrorContains(t, err, tc.wants)
		})
	}
}
