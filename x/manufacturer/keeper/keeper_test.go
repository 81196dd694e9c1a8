package keeper_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/manufacturer"
	"github.com/atonomi/atonomid/x/manufacturer/keeper"
	"github.com/atonomi/atonomid/x/manufacturer/types"
	"github.com/atonomi/atonomid/x/permission/permissiontest"
)

type fixture struct {
	ctx       sdk.Context
	k         *keeper.Keeper
	msgs      types.MsgServer
	queries   types.QueryServer
	gov       string // x/gov: alone removes
	authority string // a registrar: acts for the network authority in what can be undone
	operator  string // operator of "acme"
	outsider  string
	pools     fakePools
}

// fakePools records the pools x/token was asked to open.
type fakePools map[string]bool

func (p fakePools) CreatePool(_ context.Context, id string) error {
	p[id] = true
	return nil
}

func setup(t *testing.T) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(manufacturer.NewAppModuleBasic(testutil.AccCodec))
	f := &fixture{
		ctx:       testutil.NewContext(t, key),
		gov:       testutil.Bech32(t, "gov"),
		authority: testutil.Bech32(t, "registrar"),
		operator:  testutil.Bech32(t, "acme-ops"),
		outsider:  testutil.Bech32(t, "outsider"),
	}
	f.pools = fakePools{}
	f.k = keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), testutil.AccCodec,
		permissiontest.FakeAuthority{f.gov: true, f.authority: false}, f.pools)
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.queries = keeper.NewQueryServer(f.k)
	return f
}

// addMsg is a valid admission of "acme" operated by f.operator.
func (f *fixture) addMsg() *types.MsgAddManufacturer {
	return &types.MsgAddManufacturer{
		Authority:         f.authority,
		Id:                "acme",
		Name:              "ACME Devices Ltd",
		Operators:         []string{f.operator},
		DefaultReputation: 5000,
		AuthKeyHash:       bytes.Repeat([]byte{0xab}, 32),
		Metadata:          types.Metadata{Url: "https://acme.example", Country: "DE", Certifications: []string{"IEC-62443"}},
	}
}

// add admits acme and fails the test if it cannot.
func (f *fixture) add(t *testing.T) {
	t.Helper()
	_, err := f.msgs.AddManufacturer(f.ctx, f.addMsg())
	require.NoError(t, err)
}

// state returns the exported registry: what "changes no state" compares.
func (f *fixture) state(t *testing.T) *types.GenesisState {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	return gs
}
