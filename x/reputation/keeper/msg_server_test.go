package keeper_test

import (
	"testing"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/reputation/types"
)

func TestUpdateParams(t *testing.T) {
	changed := types.Params{MaxBatchSize: 500, HistoryLength: 64, ExclusionThreshold: 2500, ReweighPerBlock: 50, ExclusionSweepPerBlock: 20}

	t.Run("governance replaces the params", func(t *testing.T) {
		f := setup(t)
		_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: changed})
		require.NoError(t, err)
		got, err := f.k.GetParams(f.ctx)
		require.NoError(t, err)
		require.Equal(t, changed, got)
		testutil.RequireLastEvent(t, f.ctx, &types.EventParamsUpdated{Authority: f.gov})
	})

	signers := map[string]func(f *fixture) string{
		"an ordinary account": func(f *fixture) string { return f.outsider },
		"an empty authority":  func(*fixture) string { return "" },
		"a malformed address": func(*fixture) string { return "gov" },
	}
	for name, signer := range signers {
		t.Run(name+" cannot change the params", func(t *testing.T) {
			f := setup(t)
			before := f.state(t)
			_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: signer(f), Params: changed})
			require.ErrorIs(t, err, sdkerrors.ErrUnauthorized)
			require.Equal(t, before, f.state(t), "a refused message changes nothing")
			require.Empty(t, f.ctx.EventManager().ABCIEvents(), "a refused message emits nothing")
		})
	}

	for name, p := range invalidParams() {
		t.Run("governance cannot set "+name, func(t *testing.T) {
			f := setup(t)
			before := f.state(t)
			_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
			require.ErrorIs(t, err, types.ErrInvalidParams)
			require.Equal(t, before, f.state(t), "a refused message changes nothing")
			require.Empty(t, f.ctx.EventManager().ABCIEvents(), "a refused message emits nothing")
		})
	}
}
