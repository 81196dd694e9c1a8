package keeper_test

import (
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/permission/permissiontest"
	"github.com/atonomi/atonomid/x/token"
	"github.com/atonomi/atonomid/x/token/keeper"
	"github.com/atonomi/atonomid/x/token/types"
)

type fixture struct {
	ctx       sdk.Context
	cdc       codec.Codec
	k         *keeper.Keeper
	msgs      types.MsgServer
	queries   types.QueryServer
	bank      *testutil.FakeBank
	gov       string
	registrar string
	payer     sdk.AccAddress
	payerStr  string
}

// setup is fresh after the default genesis, with acme's pool open.
func setup(t testing.TB) *fixture {
	t.Helper()
	f := fresh(t)
	require.NoError(t, f.k.InitGenesis(f.ctx, types.DefaultGenesis()))
	require.NoError(t, f.k.CreatePool(f.ctx, "acme"))
	return f
}

// fresh is a keeper over an empty store, before genesis, with a funded payer.
func fresh(t testing.TB) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(token.NewAppModuleBasic(testutil.AccCodec))
	gov, err := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(t, err)
	f := &fixture{
		ctx:       testutil.NewContext(t, key),
		cdc:       encCfg.Codec,
		bank:      testutil.NewFakeBank(),
		gov:       gov,
		registrar: testutil.Bech32(t, "registrar"),
	}
	f.payer, f.payerStr = testutil.Addr(t, "payer")
	f.bank.Balances[string(f.payer)] = math.NewInt(1_000_000)
	f.k = keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), testutil.AccCodec, gov,
		f.bank, f.bank, permissiontest.FakeAuthority{f.registrar: false}, authtypes.FeeCollectorName)
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.queries = keeper.NewQueryServer(f.k)
	return f
}

// balance returns an account's uatmi balance in the fake bank.
func (f *fixture) balance(addr sdk.AccAddress) math.Int { return f.bank.Balance(addr) }

func (f *fixture) moduleBalance(name string) math.Int {
	return f.balance(authtypes.NewModuleAddress(name))
}

// snapshot is everything a refused message must leave untouched.
type snapshot struct {
	genesis  *types.GenesisState
	balances map[string]string
}

func (f *fixture) snapshot(t *testing.T) snapshot {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	return snapshot{genesis: gs, balances: f.bank.Snapshot()}
}
