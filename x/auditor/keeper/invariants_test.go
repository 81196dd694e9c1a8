package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/auditor/keeper"
	"github.com/atonomi/atonomid/x/auditor/types"
)

func TestInvariants(t *testing.T) {
	tests := []struct {
		name  string
		brk   func(t *testing.T, f *fixture)
		wants string
	}{
		{name: "a registry kept by the messages holds them all"},
		{
			name: "a removed auditor still indexed breaks the operator index",
			brk: func(t *testing.T, f *fixture) {
				addr, _ := testutil.Addr(t, "veritas-ops")
				require.NoError(t, f.k.Operators.Set(f.ctx, addr, "veritas"))
			},
			wants: "operator-index",
		},
		{
			name: "an index entry pointing at another auditor breaks the operator index",
			brk: func(t *testing.T, f *fixture) {
				addr, _ := testutil.Addr(t, "sentinel-ops")
				require.NoError(t, f.k.Operators.Set(f.ctx, addr, "veritas"))
			},
			wants: "operator-index",
		},
		{
			name: "a live auditor with a type the network dropped breaks the records",
			brk: func(t *testing.T, f *fixture) {
				require.NoError(t, f.k.Params.Set(f.ctx, types.Params{ReputationTypes: []string{"financial"}}))
			},
			wants: "records",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			f.addOther(t, "veritas")
			_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "veritas"})
			require.NoError(t, err)
			if tc.brk == nil {
				require.NoError(t, keeper.CheckInvariants(f.ctx, f.k))
				return
			}
			tc.brk(t, f)
			require.ErrorContains(t, keeper.CheckInvariants(f.ctx, f.k), tc.wants+" invariant broken")
		})
	}
}
