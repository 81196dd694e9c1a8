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
	"github.com/atonomi/atonomid/x/auditor"
	"github.com/atonomi/atonomid/x/auditor/keeper"
	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/permission/permissiontest"
)

type fixture struct {
	ctx       sdk.Context
	k         *keeper.Keeper
	msgs      types.MsgServer
	queries   types.QueryServer
	gov       string // the x/gov module account: the only one that changes params
	authority string // a registrar: acts for the network authority, not for governance
	operator  string // operator of "sentinel"
	outsider  string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(auditor.NewAppModuleBasic(testutil.AccCodec))
	gov, err := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("gov"))
	require.NoError(t, err)
	f := &fixture{
		ctx:       testutil.NewContext(t, key),
		gov:       gov,
		authority: testutil.Bech32(t, "registrar"),
		operator:  testutil.Bech32(t, "sentinel-ops"),
		outsider:  testutil.Bech32(t, "outsider"),
	}
	f.k = keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), testutil.AccCodec, f.gov,
		permissiontest.FakeAuthority{f.gov: true, f.authority: false})
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.queries = keeper.NewQueryServer(f.k)
	require.NoError(t, f.k.InitGenesis(f.ctx, types.DefaultGenesis()))
	return f
}

// addMsg is a valid admission of "sentinel" operated by f.operator.
func (f *fixture) addMsg() *types.MsgAddAuditor {
	return &types.MsgAddAuditor{
		Authority:       f.authority,
		Id:              "sentinel",
		Name:            "Sentinel Labs",
		Operator:        f.operator,
		ReputationTypes: []string{"security", "service-quality"},
		Weight:          2500,
		Metadata:        types.Metadata{Url: "https://sentinel.example", Description: "firmware and network audits"},
	}
}

// add admits sentinel and fails the test if it cannot.
func (f *fixture) add(t *testing.T) {
	t.Helper()
	_, err := f.msgs.AddAuditor(f.ctx, f.addMsg())
	require.NoError(t, err)
}

// addOther admits another auditor, id, operated by the account named id+"-ops".
func (f *fixture) addOther(t *testing.T, id string, reputationTypes ...string) {
	t.Helper()
	msg := f.addMsg()
	msg.Id, msg.Operator = id, testutil.Bech32(t, id+"-ops")
	if len(reputationTypes) > 0 {
		msg.ReputationTypes = reputationTypes
	}
	_, err := f.msgs.AddAuditor(f.ctx, msg)
	require.NoError(t, err)
}

// state returns the exported registry: what "changes no state" compares.
func (f *fixture) state(t *testing.T) *types.GenesisState {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	return gs
}

func TestNewKeeperRefusesAMalformedAuthority(t *testing.T) {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(auditor.NewAppModuleBasic(testutil.AccCodec))
	require.Panics(t, func() {
		keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), testutil.AccCodec, "gov", permissiontest.FakeAuthority{})
	})
}

func TestGetAuditor(t *testing.T) {
	f := setup(t)
	f.add(t)
	a, err := f.k.GetAuditor(f.ctx, "sentinel")
	require.NoError(t, err)
	require.Equal(t, "Sentinel Labs", a.Name)
	_, err = f.k.GetAuditor(f.ctx, "nobody")
	require.ErrorIs(t, err, types.ErrUnknownAuditor)
	require.Equal(t, f.gov, f.k.GetAuthority())
	params, err := f.k.GetParams(f.ctx)
	require.NoError(t, err)
	require.Equal(t, types.DefaultParams(), params)
}

// TestScoreGate covers what the reputation module asks before accepting a
// score: does the signer operate an active auditor, and may it write this type?
func TestScoreGate(t *testing.T) {
	f := setup(t)
	f.add(t)

	a, err := f.k.ActiveAuditorOperatedBy(f.ctx, f.operator)
	require.NoError(t, err, "the operator of an active auditor may write scores")
	require.Equal(t, "sentinel", a.Id)
	require.True(t, a.HasType("security"), "a type in its scope")
	require.False(t, a.HasType("financial"), "a type of the network outside its scope")
	require.False(t, a.HasType("made-up"), "a type the network does not know")

	_, err = f.k.ActiveAuditorOperatedBy(f.ctx, f.outsider)
	require.ErrorIs(t, err, types.ErrNotOperator, "an account operating no auditor")
	_, err = f.k.ActiveAuditorOperatedBy(f.ctx, f.authority)
	require.ErrorIs(t, err, types.ErrNotOperator, "the authority does not write scores")
	_, err = f.k.ActiveAuditorOperatedBy(f.ctx, "junk")
	require.ErrorIs(t, err, types.ErrInvalidOperator)

	_, err = f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: "sentinel"})
	require.NoError(t, err)
	a, err = f.k.ActiveAuditorOperatedBy(f.ctx, f.operator)
	require.ErrorIs(t, err, types.ErrAuditorInactive, "a suspended auditor cannot write scores")

	_, err = f.msgs.ReinstateAuditor(f.ctx, &types.MsgReinstateAuditor{Authority: f.authority, Id: "sentinel"})
	require.NoError(t, err)
	_, err = f.k.ActiveAuditorOperatedBy(f.ctx, f.operator)
	require.NoError(t, err, "a reinstated auditor writes again")

	fresh := testutil.Bech32(t, "sentinel-new")
	f.rotate(t, fresh)
	_, err = f.k.ActiveAuditorOperatedBy(f.ctx, f.operator)
	require.ErrorIs(t, err, types.ErrNotOperator, "a rotated-out key cannot write scores")
	_, err = f.k.ActiveAuditorOperatedBy(f.ctx, fresh)
	require.NoError(t, err)

	_, err = f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "sentinel"})
	require.NoError(t, err)
	_, err = f.k.ActiveAuditorOperatedBy(f.ctx, fresh)
	require.ErrorIs(t, err, types.ErrNotOperator, "a removed auditor's operator operates nothing")
}
