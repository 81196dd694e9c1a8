package app

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
	tokenkeeper "github.com/atonomi/atonomid/x/token/keeper"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// TestNoEmptyStoreValues runs the short simulation and walks every store of
// the app: no Atonomi module may hold an empty value, since ICS-23 cannot
// prove the absence of a key next to one (see x/internal/keeperkit's
// values.go). The
// SDK's modules are walked too, and their empty values (their
// collections key sets, which are not ours to change) only logged.
func TestNoEmptyStoreValues(t *testing.T) {
	simsx.RunWithSeeds(t, newSimApp, setupStateFactory, simSeeds(t), nil, func(tb testing.TB, ti simsx.TestInstance[*App], _ []simtypes.Account) {
		tb.Helper()
		app := ti.App
		ctx := app.NewContext(true)
		writeAllDefaultRecords(tb, ctx, app)

		ours := map[string]bool{paymenttypes.StoreKey: true}
		for _, m := range atonomiModules {
			ours[m] = true
		}
		walked := map[string]int{}
		for name, key := range app.keys {
			it := ctx.KVStore(key).Iterator(nil, nil)
			empty := 0
			for ; it.Valid(); it.Next() {
				walked[name]++
				if len(it.Value()) > 0 {
					continue
				}
				if ours[name] {
					tb.Errorf("store %s: key %X holds an empty value", name, it.Key())
				}
				empty++
			}
			require.NoError(tb, it.Close())
			if empty > 0 && !ours[name] {
				tb.Logf("store %s (SDK): %d empty values", name, empty)
			}
		}
		for name := range ours {
			require.Positive(tb, walked[name], "the simulation left store %s empty: nothing was checked", name)
		}
	})
}

// writeAllDefaultRecords stores the records whose every field can be at its
// default, which a short random run may never produce: a sweep to
// threshold 0 that has judged nothing, params with no field set, a paused
// action.
func writeAllDefaultRecords(tb testing.TB, ctx sdk.Context, app *App) {
	tb.Helper()
	require.NoError(tb, app.ReputationKeeper.ExclusionSweep.Set(ctx, reputationtypes.ExclusionSweep{}))
	require.NoError(tb, app.PermissionKeeper.Params.Set(ctx, permissiontypes.Params{}))
	_, err := tokenkeeper.NewMsgServerImpl(app.TokenKeeper).SetPaused(ctx, &tokentypes.MsgSetPaused{
		Authority: app.PermissionKeeper.GetAuthority(), Actions: []tokentypes.Action{tokentypes.ACTION_REGISTRATION}, Paused: true,
	})
	require.NoError(tb, err)
}
