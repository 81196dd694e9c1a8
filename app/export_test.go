package app_test

import (
	"encoding/json"
	"testing"

	"cosmossdk.io/collections"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil/apptest"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// TestExportImportRoundTrip exports a chain with state in every part of the
// permissioned set, imports the export into a new chain and exports again:
// both exports must be the same.
func TestExportImportRoundTrip(t *testing.T) {
	ta := apptest.Setup(t, 2)
	acme := ta.Users[0]
	require.Zero(t, ta.DeliverTx(ta.Registrar, &permissiontypes.MsgAllowValidator{
		Authority: ta.Registrar.String(), Operator: acme.String(), Note: "ACME",
	}).Code)
	require.Zero(t, ta.DeliverTx(acme, createValidatorMsg(t, acme, "acme")).Code)
	ta.NextBlock()

	exported, imported := exportImport(t, ta)
	require.Len(t, exported.Validators, 2)

	again, err := imported.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)

	var first, second map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &first))
	require.NoError(t, json.Unmarshal(again.AppState, &second))
	require.Equal(t, len(first), len(second))
	for module, state := range first {
		require.JSONEq(t, string(state), string(second[module]), "module %s differs after import", module)
	}
	require.Equal(t, exported.Validators, again.Validators)
}

// exportImport exports ta's chain and starts a new chain from the export,
// with its first block committed.
func exportImport(t *testing.T, ta *apptest.TestApp) (servertypes.ExportedApp, *app.App) {
	t.Helper()
	exported, err := ta.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	imported := apptest.New(t)
	_, err = imported.InitChain(&abci.RequestInitChain{
		ChainId:         apptest.ChainID,
		ConsensusParams: &exported.ConsensusParams,
		AppStateBytes:   exported.AppState,
		InitialHeight:   exported.Height,
	})
	require.NoError(t, err)
	_, err = imported.FinalizeBlock(&abci.RequestFinalizeBlock{Height: exported.Height})
	require.NoError(t, err)
	_, err = imported.Commit()
	require.NoError(t, err)
	return exported, imported
}

// TestZeroHeightExportProratesReScores scores a device, exports the chain
// for a restart at height zero and starts the new chain: an immediate
// re-score by the same auditor is prorated by the blocks of the new chain.
// With the old chain's heights kept, the previous score would lie in the new
// chain's future and the re-score would be paid in full.
func TestZeroHeightExportProratesReScores(t *testing.T) {
	c := setupPayments(t)
	c.score(t, c.payer, 4000)
	for range 20 {
		c.ta.NextBlock()
	}
	exported, err := c.ta.ExportAppStateAndValidators(true, nil, nil)
	require.NoError(t, err)
	require.Zero(t, exported.Height)

	imported, err := c.ta.Import(exported)
	require.NoError(t, err)
	ctx := imported.Ctx()
	params, err := imported.TokenKeeper.GetParams(ctx)
	require.NoError(t, err)
	before, err := imported.TokenKeeper.PoolOf(ctx, "acme")
	require.NoError(t, err)
	require.True(t, before.GT(params.ReputationReward), "the pool could pay the full reward")

	again := *c
	again.ta = imported
	again.score(t, c.payer, 4500)
	after, err := imported.TokenKeeper.PoolOf(imported.Ctx(), "acme")
	require.NoError(t, err)
	blocks := imported.Height() // since height 0
	require.Less(t, uint64(blocks), params.RewardBlockThreshold)
	want := params.ReputationReward.MulRaw(blocks).QuoRaw(int64(params.RewardBlockThreshold))
	require.Equal(t, want.String(), before.Sub(after).String(), "the re-score at height %d is prorated, not paid the full %s",
		blocks, params.ReputationReward)
	require.NoError(t, imported.ReputationKeeper.Latest.Walk(imported.Ctx(), nil,
		func(_ collections.Triple[devicekit.ID, string, string], l reputationtypes.LatestScore) (bool, error) {
			require.Equal(t, blocks, l.Height, "the re-score is the latest, at the new chain's height")
			return false, nil
		}))
}

// TestZeroHeightExportFailures: a state the zero-height preparation cannot
// handle fails the export with an error naming the step, instead of a
// panic, an exit of the process, or an export of half-prepared state.
func TestZeroHeightExportFailures(t *testing.T) {
	cases := []struct {
		name    string
		corrupt func(t *testing.T, ta *apptest.TestApp) []string // returns the jail-allowed addresses
		wants   []string
	}{
		{
			name: "a healthy chain exports",
			corrupt: func(*testing.T, *apptest.TestApp) []string {
				return nil
			},
		},
		{
			name: "a malformed jail-allowed address fails the export",
			corrupt: func(*testing.T, *apptest.TestApp) []string {
				return []string{"atonomivaloper1nonsense"}
			},
			wants: []string{`jail-allowed address "atonomivaloper1nonsense"`},
		},
		{
			// The second walk of the validators: its own error used to be
			// overwritten unchecked, its callback's failures were panics.
			name: "a missing fee pool fails the export where the validators are reinitialized",
			corrupt: func(t *testing.T, ta *apptest.TestApp) []string {
				require.NoError(t, ta.DistrKeeper.FeePool.Remove(ta.Ctx()))
				return nil
			},
			wants: []string{"distribution: reinitializing validators: validator " + sdk.ValAddress(apptest.NewAccount("validator").Addr).String()},
		},
		{
			name: "a validator record that does not decode fails the export",
			corrupt: func(t *testing.T, ta *apptest.TestApp) []string {
				store := ta.Ctx().KVStore(ta.GetKey(stakingtypes.StoreKey))
				store.Set(stakingtypes.GetValidatorKey(sdk.ValAddress(ta.Validator.Addr)), []byte("not a validator"))
				return nil
			},
			wants: []string{"distribution: withdrawing commission"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ta := apptest.Setup(t, 0)
			// Written to the committed state's working copy, which the
			// export reads: no block runs over the corrupt state.
			jailAllowed := tc.corrupt(t, ta)
			var err error
			require.NotPanics(t, func() { _, err = ta.ExportAppStateAndValidators(true, jailAllowed, nil) })
			if tc.wants == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, "preparing the state for a zero-height genesis")
			for _, want := range tc.wants {
				require.ErrorContains(t, err, want)
			}
		})
	}
}
