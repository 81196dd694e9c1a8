package app_test

import (
	"crypto/rand"
	"testing"

	"cosmossdk.io/collections"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil/apptest"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	reputationkeeper "github.com/atonomi/atonomid/x/reputation/keeper"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// TestGovReleasesSquattedCredentials runs the remedy for credential
// squatting on the whole app, through real x/gov proposals: bosch registers
// a copy of acme's device id first and has it scored; a registrar can
// neither remove bosch nor release the copy; x/gov removes bosch and
// releases the copy to acme, which drops the copy's scores; acme then
// registers its real device under that id.
func TestGovReleasesSquattedCredentials(t *testing.T) {
	ta := apptest.Setup(t, 3)
	acme, bosch, auditor := ta.Users[0], ta.Users[1], ta.Users[2]
	gov := sdk.AccAddress(authtypes.NewModuleAddress("gov")).String()
	ok := func(res interface {
		GetCode() uint32
		GetLog() string
	}) {
		t.Helper()
		require.Zero(t, res.GetCode(), res.GetLog())
	}
	for id, op := range map[string]apptest.Account{"acme": acme, "bosch": bosch} {
		ok(ta.DeliverTx(ta.Registrar, &manufacturertypes.MsgAddManufacturer{Authority: ta.Registrar.String(), Id: id, Name: id,
			Operators: []string{op.String()}, DefaultReputation: 5000, AuthKeyHash: make([]byte, 32)}))
	}
	ok(ta.DeliverTx(ta.Registrar, &auditortypes.MsgAddAuditor{Authority: ta.Registrar.String(), Id: "sentinel", Name: "Sentinel",
		Operator: auditor.String(), ReputationTypes: []string{"security"}, Weight: 100}))

	real, err := devicekit.GenerateKey(devicekit.Ed25519, rand.Reader)
	require.NoError(t, err)
	squatter, err := devicekit.GenerateKey(devicekit.Ed25519, rand.Reader)
	require.NoError(t, err)
	id := devicekit.DeviceID([]byte("acme"), []byte("SN-1")).String()
	entry := func(k devicekit.PrivateKey) devicetypes.DeviceEntry {
		return devicetypes.DeviceEntry{Id: id, KeyType: devicetypes.KEY_TYPE_ED25519, PublicKey: k.PublicKey()}
	}
	register := func(op apptest.Account, maker string, k devicekit.PrivateKey) uint32 {
		return ta.DeliverTx(op, &devicetypes.MsgRegisterDevices{Operator: op.String(), ManufacturerId: maker,
			Devices: []devicetypes.DeviceEntry{entry(k)}}).GetCode()
	}
	require.Zero(t, register(bosch, "bosch", squatter), "bosch squats acme's id")
	ok(ta.DeliverTx(auditor, &reputationtypes.MsgWriteScores{Operator: auditor.String(),
		Scores: []reputationtypes.ScoreEntry{{DeviceId: id, ReputationType: "security", Score: 10}}}))
	require.Equal(t, devicetypes.ErrDuplicateDevice.ABCICode(), register(acme, "acme", real))

	// One registrar key can do neither of the irreversible steps.
	release := &devicetypes.MsgReleaseRegistrations{Authority: gov, FromManufacturerId: "bosch", ToManufacturerId: "acme", DeviceIds: []string{id}}
	res := ta.DeliverTx(ta.Registrar, &manufacturertypes.MsgRemoveManufacturer{Authority: ta.Registrar.String(), Id: "bosch"})
	requireUnauthorized(t, res)
	byRegistrar := *release
	byRegistrar.Authority = ta.Registrar.String()
	res = ta.DeliverTx(ta.Registrar, &byRegistrar)
	requireUnauthorized(t, res)

	scored, err := ta.ReputationKeeper.Aggregates.Has(ta.Ctx(), collections.Join(mustID(t, id), "security"))
	require.NoError(t, err)
	require.True(t, scored, "the copy has a score")

	// x/gov: a release while bosch still stands fails the proposal and changes nothing.
	require.Equal(t, govv1.StatusFailed, ta.PassProposal(acme, "release too early", release).Status)
	_, err = ta.DeviceKeeper.Devices.Get(ta.Ctx(), mustID(t, id))
	require.NoError(t, err, "the copy is still there")

	require.Equal(t, govv1.StatusPassed, ta.PassProposal(acme, "remove bosch", &manufacturertypes.MsgRemoveManufacturer{Authority: gov, Id: "bosch", Reason: "squatting"}).Status)
	require.Equal(t, govv1.StatusPassed, ta.PassProposal(acme, "release acme's id", release).Status)

	rk, ctx, key := ta.ReputationKeeper, ta.Ctx(), collections.Join(mustID(t, id), "security")
	for name, has := range map[string]func() (bool, error){
		"aggregate":    func() (bool, error) { return rk.Aggregates.Has(ctx, key) },
		"history":      func() (bool, error) { return rk.HistoryNext.Has(ctx, key) },
		"latest score": func() (bool, error) { return rk.Latest.Has(ctx, collections.Join3(key.K1(), key.K2(), "sentinel")) },
		"auditor index": func() (bool, error) {
			return rk.ByAuditor.Has(ctx, collections.Join3("sentinel", key.K1(), key.K2()))
		},
	} {
		found, err := has()
		require.NoError(t, err)
		require.False(t, found, "the copy's %s went with it", name)
	}
	queries := reputationkeeper.NewQueryServer(ta.ReputationKeeper)
	require.Zero(t, register(acme, "acme", real), "acme registers its real device")
	d, err := ta.DeviceKeeper.GetDevice(ta.Ctx(), mustID(t, id))
	require.NoError(t, err)
	require.Equal(t, "acme", d.ManufacturerId)
	require.Equal(t, real.PublicKey(), d.PublicKey)
	rep, err := queries.DeviceReputation(ta.Ctx(), &reputationtypes.QueryDeviceReputationRequest{DeviceId: id})
	require.NoError(t, err)
	require.Empty(t, rep.Aggregates, "acme's device starts from its default, not from the copy's score")
}

func mustID(t *testing.T, s string) devicekit.ID {
	t.Helper()
	id, err := devicekit.ParseID(s)
	require.NoError(t, err)
	return id
}

// requireUnauthorized requires a tx refused with sdkerrors.ErrUnauthorized,
// as what only governance may do is refused to anyone else.
func requireUnauthorized(t *testing.T, res *abci.ExecTxResult) {
	t.Helper()
	require.Equal(t, sdkerrors.ErrUnauthorized.Codespace(), res.GetCodespace(), res.GetLog())
	require.Equal(t, sdkerrors.ErrUnauthorized.ABCICode(), res.GetCode(), res.GetLog())
}
