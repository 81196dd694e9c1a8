package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/manufacturer/keeper"
	"github.com/atonomi/atonomid/x/manufacturer/types"
)

func TestInvariants(t *testing.T) {
	tests := []struct {
		name  string
		brk   func(t *testing.T, f *fixture)
		wants string
	}{
		{name: "a registry kept by the messages holds them all"},
		{
			name: "an operator missing from the index breaks the operator index",
			brk: func(t *testing.T, f *fixture) {
				addr, _ := testutil.Addr(t, "acme-ops")
				require.NoError(t, f.k.Operators.Remove(f.ctx, addr))
			},
			wants: "operator-index",
		},
		{
			name: "an index entry for an outsider breaks the operator index",
			brk: func(t *testing.T, f *fixture) {
				addr, _ := testutil.Addr(t, "outsider")
				require.NoError(t, f.k.Operators.Set(f.ctx, addr, "acme"))
			},
			wants: "operator-index",
		},
		{
			name: "more active devices than registered breaks the records",
			brk: func(t *testing.T, f *fixture) {
				m, err := f.k.Manufacturers.Get(f.ctx, "acme")
				require.NoError(t, err)
				m.DevicesActive = m.DevicesRegistered + 1
				require.NoError(t, f.k.Manufacturers.Set(f.ctx, "acme", m))
			},
			wants: "records",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			_, err := f.msgs.SuspendManufacturer(f.ctx, &types.MsgSuspendManufacturer{Authority: f.authority, Id: "acme"})
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
