package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/reputation"
	"github.com/atonomi/atonomid/x/reputation/keeper"
	"github.com/atonomi/atonomid/x/reputation/types"
)

type fixture struct {
	ctx      sdk.Context
	k        *keeper.Keeper
	msgs     types.MsgServer
	queries  types.QueryServer
	gov      string // the x/gov module account: the only one that changes params
	outsider string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(reputation.AppModuleBasic{})
	gov, err := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(t, err)
	f := &fixture{
		ctx:      testutil.NewContext(t, key),
		gov:      gov,
		outsider: testutil.Bech32(t, "outsider"),
	}
	f.k = keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), f.gov)
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.queries = keeper.NewQueryServer(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, types.DefaultGenesis()))
	return f
}

// state returns the exported module state: what "changes no state" compares.
func (f *fixture) state(t *testing.T) *types.GenesisState {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	return gs
}

func TestNewKeeperRefusesAnEmptyAuthority(t *testing.T) {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(reputation.AppModuleBasic{})
	require.Panics(t, func() {
		keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), "")
	})
}

func TestGetters(t *testing.T) {
	f := setup(t)
	require.Equal(t, f.gov, f.k.GetAuthority())
	params, err := f.k.GetParams(f.ctx)
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), params)
}
