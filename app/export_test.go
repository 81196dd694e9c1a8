package app_test

import (
	"encoding/json"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	servertypes "github.com/cosmos/cosmos-sdk/server/types"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/testutil/apptest"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
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
