package app_test

import (
	"encoding/json"
	"math/rand"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/atonomi/atonomid/testutil/apptest"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// gentxGenesis is a genesis whose one validator comes from a signed gentx
// of operator (moniker "acme-node"), with the given allowlist.
func gentxGenesis(t *testing.T, operator apptest.Account, allowed ...apptest.Account) []byte {
	t.Helper()
	a := apptest.New(t)
	cdc := a.AppCodec()
	genesis := a.DefaultGenesis()

	funds := sdk.NewCoins(apptest.StartingBalance...)
	genesis[authtypes.ModuleName] = cdc.MustMarshalJSON(authtypes.NewGenesisState(authtypes.DefaultParams(),
		[]authtypes.GenesisAccount{authtypes.NewBaseAccount(operator.Addr, nil, 0, 0)}))
	genesis[banktypes.ModuleName] = cdc.MustMarshalJSON(banktypes.NewGenesisState(banktypes.DefaultParams(),
		[]banktypes.Balance{{Address: operator.String(), Coins: funds}}, nil, nil, nil))

	tx, err := simtestutil.GenSignedMockTx(rand.New(rand.NewSource(1)), a.TxConfig(),
		[]sdk.Msg{createValidatorMsg(t, operator, "acme-node")}, sdk.NewCoins(), 2_000_000, apptest.ChainID,
		[]uint64{0}, []uint64{0}, operator.Priv)
	require.NoError(t, err)
	gentx, err := a.TxConfig().TxJSONEncoder()(tx)
	require.NoError(t, err)
	genesis[genutiltypes.ModuleName] = cdc.MustMarshalJSON(genutiltypes.NewGenesisState([]json.RawMessage{gentx}))

	permission := permissiontypes.DefaultGenesis()
	for _, acc := range allowed {
		permission.AllowedValidators = append(permission.AllowedValidators,
			permissiontypes.AllowedValidator{Operator: acc.String(), Note: "founding validator"})
	}
	genesis[permissiontypes.ModuleName] = cdc.MustMarshalJSON(permission)

	bz, err := json.Marshal(genesis)
	require.NoError(t, err)
	return bz
}

func initChain(t *testing.T, appState []byte) (*abci.ResponseInitChain, error) {
	t.Helper()
	return apptest.New(t).InitChain(&abci.RequestInitChain{
		ChainId:         apptest.ChainID,
		ConsensusParams: simtestutil.DefaultConsensusParams,
		AppStateBytes:   appState,
		InitialHeight:   1,
		Time:            time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
}

// TestInitChainRefusesAGentxOfAnOperatorNotOnTheAllowlist: the staking hooks
// refuse such a gentx with a panic inside x/genutil; InitChainer returns
// the allowlist's error, naming the operator, before any module's genesis.
func TestInitChainRefusesAGentxOfAnOperatorNotOnTheAllowlist(t *testing.T) {
	acme, other := apptest.NewAccount("acme-ops"), apptest.NewAccount("other")

	var err error
	require.NotPanics(t, func() { _, err = initChain(t, gentxGenesis(t, acme, other)) })
	require.ErrorIs(t, err, permissiontypes.ErrGenesisValidatorNotAllowed)
	require.Contains(t, err.Error(), `gentx 0, moniker "acme-node": operator `+acme.String())
	require.Contains(t, err.Error(), "atonomid genesis allow-validator "+acme.String()+" --note")

	// The same genesis with the operator allowed starts, with its validator.
	res, err := initChain(t, gentxGenesis(t, acme, acme))
	require.NoError(t, err)
	require.Len(t, res.Validators, 1, "the gentx's validator is the genesis validator set")
}
