package keeper_test

import (
	"context"
	"testing"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/reputation/keeper"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// auditorByID finds an auditor of the fake registry by id.
func (f *fixture) auditorByID(_ context.Context, id string) (auditortypes.Auditor, error) {
	for _, a := range f.auditors.byOperator {
		if a.Id == id {
			return *a, nil
		}
	}
	return auditortypes.Auditor{}, errorsmod.Wrapf(auditortypes.ErrUnknownAuditor, "%s", id)
}

func TestInvariants(t *testing.T) {
	meterKey := func(t *testing.T, f *fixture) devicekit.ID {
		id, err := devicekit.ParseID(f.meter)
		require.NoError(t, err)
		return id
	}
	tests := []struct {
		name  string
		brk   func(t *testing.T, f *fixture)
		wants string
	}{
		{name: "scores kept by the messages and the end blocker hold them all"},
		{
			name: "an aggregate off by one unit breaks the aggregates",
			brk: func(t *testing.T, f *fixture) {
				key := collections.Join(meterKey(t, f), "security")
				agg, err := f.k.Aggregates.Get(f.ctx, key)
				require.NoError(t, err)
				agg.WeightedSum++
				require.NoError(t, f.k.Aggregates.Set(f.ctx, key, agg))
			},
			wants: "aggregates",
		},
		{
			name: "an aggregate of a type nobody scored breaks the aggregates",
			brk: func(t *testing.T, f *fixture) {
				key := collections.Join(meterKey(t, f), "financial")
				agg, err := f.k.Aggregates.Get(f.ctx, collections.Join(meterKey(t, f), "security"))
				require.NoError(t, err)
				agg.ReputationType = "financial"
				require.NoError(t, f.k.Aggregates.Set(f.ctx, key, agg))
			},
			wants: "aggregates",
		},
		{
			name: "an owner aggregate off by one unit breaks the owner aggregates",
			brk: func(t *testing.T, f *fixture) {
				var key collections.Pair[sdk.AccAddress, string]
				var agg types.OwnerAggregate
				require.NoError(t, f.k.OwnerAggregates.Walk(f.ctx, nil, func(k collections.Pair[sdk.AccAddress, string], a types.OwnerAggregate) (bool, error) {
					key, agg = k, a
					return true, nil
				}))
				require.NotEmpty(t, agg.Owner, "the owned devices are scored")
				agg.ValueSum++
				require.NoError(t, f.k.OwnerAggregates.Set(f.ctx, key, agg))
			},
			wants: "owner-aggregates",
		},
		{
			name: "a latest score missing from the auditor index breaks the index",
			brk: func(t *testing.T, f *fixture) {
				require.NoError(t, f.k.ByAuditor.Remove(f.ctx, collections.Join3("veritas", meterKey(t, f), "security")))
			},
			wants: "by-auditor-index",
		},
		{
			name: "a weight change the end blocker was never told of breaks the weights",
			brk: func(t *testing.T, f *fixture) {
				f.auditors.byOperator[f.veritas].Weight = 999
			},
			wants: "weights",
		},
		{
			name: "a stored exclusion flag the current threshold contradicts breaks the exclusion",
			brk: func(t *testing.T, f *fixture) {
				parsed, err := devicekit.ParseID(f.meter)
				require.NoError(t, err)
				f.devices.d[parsed].Excluded = true
			},
			wants: "exclusion",
		},
		{
			name: "an exclusion sweep at another threshold than the params' breaks the exclusion",
			brk: func(t *testing.T, f *fixture) {
				require.NoError(t, f.k.ExclusionSweep.Set(f.ctx, types.ExclusionSweep{Threshold: types.DefaultExclusionThreshold + 1}))
			},
			wants: "exclusion",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.setDevice(t, f.meter, owned(testutil.Bech32(t, "alice")))
			f.setDevice(t, f.lamp, owned(testutil.Bech32(t, "bob")))
			f.mustWrite(t, f.sentinel, score(f.meter, "security", 7000), score(f.lamp, "social", 200))
			f.mustWrite(t, f.veritas, score(f.meter, "security", 3000), score(f.pump, "service-quality", 9000))
			// sentinel's suspension is queued and swept over blocks.
			f.change(t, f.sentinel, suspended)
			if tc.brk == nil {
				require.NoError(t, keeper.CheckInvariants(f.ctx, f.k, f.auditorByID))
				f.endBlock(t)
				require.NoError(t, keeper.CheckInvariants(f.ctx, f.k, f.auditorByID))
				return
			}
			tc.brk(t, f)
			require.ErrorContains(t, keeper.CheckInvariants(f.ctx, f.k, f.auditorByID), tc.wants+" invariant broken")
		})
	}
}
