package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	protov2 "google.golang.org/protobuf/proto"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/keeper"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

func TestActivateEveryKeyType(t *testing.T) {
	for _, kt := range devicekit.KeyTypes() {
		t.Run("a "+kt.String()+" device is activated with its proof", func(t *testing.T) {
			f := setup(t)
			e := f.entry(t, "SN-"+kt.String(), kt)
			f.register(t, e)
			gasBefore := f.ctx.GasMeter().GasConsumed()
			_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)})
			require.NoError(t, err)
			require.GreaterOrEqual(t, f.ctx.GasMeter().GasConsumed()-gasBefore, types.DefaultParams().VerifyGas(types.KeyType(kt)),
				"verification gas of the key type is charged")

			d := f.device(t, e.Id)
			require.Equal(t, types.STATUS_ACTIVE, d.Status)
			require.Equal(t, f.ownerStr, d.Owner)
			require.EqualValues(t, 7, d.ActivatedHeight)
			require.Contains(t, f.token.charged, f.ownerStr+" activation 1 acme", "the owner pays the activation fee")
			require.EqualValues(t, 1, f.makers.m["acme"].DevicesActive)
			testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceActivated{
				DeviceId: e.Id, ManufacturerId: "acme", Owner: f.ownerStr, KeyType: kt.String(),
			})
			owned, err := f.queries.DevicesByOwner(f.ctx, &types.QueryDevicesByOwnerRequest{Owner: f.ownerStr})
			require.NoError(t, err)
			require.Len(t, owned.Devices, 1)
		})
	}
}

func TestActivationRefusals(t *testing.T) {
	other, otherStr := testutil.Addr(t, "thief")
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture, e types.DeviceEntry)
		msg     func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice
		wantErr error
	}{
		{name: "a proof made for another owner is refused", wantErr: types.ErrInvalidActivation,
			msg: func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice {
				return &types.MsgActivateDevice{Owner: otherStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)}
			}},
		{name: "a proof made for another chain is refused", wantErr: types.ErrInvalidActivation,
			msg: func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice {
				return &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, "atonomi-other")}
			}},
		{name: "a proof by another device's key is refused", wantErr: types.ErrInvalidActivation,
			msg: func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice {
				o := f.entry(t, "SN-OTHER", devicekit.Secp256r1)
				sig, err := f.keys[o.Id].SignActivation(chainID, mustID(t, e.Id), f.owner)
				require.NoError(t, err)
				return &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: sig}
			}},
		{name: "a truncated signature is refused", wantErr: types.ErrInvalidActivation,
			msg: func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice {
				return &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)[:63]}
			}},
		{name: "an unknown device is refused", wantErr: types.ErrUnknownDevice,
			msg: func(t *testing.T, f *fixture, _ types.DeviceEntry) *types.MsgActivateDevice {
				u := f.entry(t, "SN-UNKNOWN", devicekit.Ed25519)
				return &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: u.Id, Signature: f.sign(t, u.Id, f.owner, chainID)}
			}},
		{name: "a malformed device id is refused", wantErr: types.ErrInvalidDeviceID,
			msg: func(*testing.T, *fixture, types.DeviceEntry) *types.MsgActivateDevice {
				return &types.MsgActivateDevice{Owner: testutil.Bech32(t, "owner"), DeviceId: "xyz"}
			}},
		{name: "a malformed owner is refused", wantErr: types.ErrInvalidAddress,
			msg: func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice {
				return &types.MsgActivateDevice{Owner: "owner", DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)}
			}},
		{name: "an active device cannot be activated again, even by a valid proof for another owner", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture, e types.DeviceEntry) {
				_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)})
				require.NoError(t, err)
			},
			msg: func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice {
				return &types.MsgActivateDevice{Owner: otherStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, other, chainID)}
			}},
		{name: "a proof replayed after revocation is refused", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture, e types.DeviceEntry) {
				_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.operator, DeviceId: e.Id})
				require.NoError(t, err)
			},
			msg: func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice {
				return &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)}
			}},
		{name: "a device of a suspended manufacturer cannot be activated", wantErr: manufacturertypes.ErrManufacturerInactive,
			prepare: func(_ *testing.T, f *fixture, _ types.DeviceEntry) {
				f.makers.m["acme"].Status = manufacturertypes.STATUS_SUSPENDED
			},
			msg: func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice {
				return &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)}
			}},
		{name: "activation while paused is refused", wantErr: tokentypes.ErrPaused,
			prepare: func(_ *testing.T, f *fixture, _ types.DeviceEntry) {
				f.token.paused[tokentypes.ACTION_ACTIVATION] = true
			},
			msg: func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice {
				return &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)}
			}},
		{name: "an owner who cannot pay the fee activates nothing", wantErr: tokentypes.ErrInsufficientFunds,
			prepare: func(_ *testing.T, f *fixture, _ types.DeviceEntry) { f.token.balance[f.ownerStr] = 0 },
			msg: func(t *testing.T, f *fixture, e types.DeviceEntry) *types.MsgActivateDevice {
				return &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			e := f.entry(t, "SN-1", devicekit.Secp256k1)
			f.register(t, e)
			if c.prepare != nil {
				c.prepare(t, f, e)
			}
			msg := c.msg(t, f, e)
			before := f.snapshot(t)
			_, err := f.msgs.ActivateDevice(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t), "a refused activation changes nothing")
		})
	}
}

func TestRegisterAndActivate(t *testing.T) {
	f := setup(t)
	e := f.entry(t, "SN-SHIPPED", devicekit.Mldsa65)
	msg := &types.MsgRegisterAndActivate{Operator: f.operator, ManufacturerId: "acme", Device: e, Owner: f.ownerStr, Signature: f.sign(t, e.Id, f.owner, chainID)}

	before := f.snapshot(t)
	bad := *msg
	bad.Signature = f.sign(t, e.Id, sdk.AccAddress("someone-else________"), chainID)
	_, err := f.msgs.RegisterAndActivate(f.ctx, &bad)
	require.ErrorIs(t, err, types.ErrInvalidActivation, "the device's proof must bind the owner")
	notOperator := *msg
	notOperator.Operator = f.ownerStr
	_, err = f.msgs.RegisterAndActivate(f.ctx, &notOperator)
	require.ErrorIs(t, err, manufacturertypes.ErrNotOperator, "an owner cannot register devices")
	require.Equal(t, before, f.snapshot(t))

	_, err = f.msgs.RegisterAndActivate(f.ctx, msg)
	require.NoError(t, err)
	d := f.device(t, e.Id)
	require.Equal(t, types.STATUS_ACTIVE, d.Status)
	require.Equal(t, f.ownerStr, d.Owner)
	require.Equal(t, []string{f.operator + " registration 1 acme", f.operator + " activation 1 acme"}, f.token.charged)
	require.Equal(t, "acme 1/1 bosch 0/0", f.makers.String())

	_, err = f.msgs.RegisterAndActivate(f.ctx, msg)
	require.ErrorIs(t, err, types.ErrDuplicateDevice, "the same device cannot be shipped twice")
}

func TestActivationDecoratorRaisesTheAlertAndCaches(t *testing.T) {
	f := setup(t)
	good := f.entry(t, "SN-GOOD", devicekit.Ed25519)
	bad := f.entry(t, "SN-BAD", devicekit.Secp256k1)
	later := f.entry(t, "SN-LATER", devicekit.Secp256r1)
	f.register(t, good, bad, later)
	goodMsg := &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: good.Id, Signature: f.sign(t, good.Id, f.owner, chainID)}
	badMsg := &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: bad.Id, Signature: f.sign(t, bad.Id, f.owner, "elsewhere")}
	laterMsg := &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: later.Id, Signature: f.sign(t, later.Id, f.owner, "elsewhere")}
	// Verification gas far above any store gas, one bit per key type, so
	// that the gas consumed says which proofs were paid for.
	params, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	const unit = 1_000_000_000
	params.VerifyGasEd25519, params.VerifyGasSecp256K1, params.VerifyGasSecp256R1 = unit, 2*unit, 4*unit
	require.NoError(t, f.k.Params.Set(f.ctx, params))
	paid := func(gas uint64) uint64 { return gas / unit }

	var seen sdk.Context
	eventsBefore := len(f.ctx.EventManager().ABCIEvents())
	ctx := f.ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
	_, err = keeper.NewActivationDecorator(f.k).AnteHandle(ctx, fakeTx{goodMsg, badMsg, laterMsg}, false,
		func(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) { seen = ctx; return ctx, nil })
	require.NoError(t, err, "the decorator never fails a tx: the msg server does, with its typed error")
	testutil.RequireLastEvent(t, f.ctx, &types.EventActivationFailed{
		DeviceId: bad.Id, Owner: f.ownerStr, Submitter: f.ownerStr,
		Reason: "device " + bad.Id + " (secp256k1): devicekit: signature verification failed: secp256k1: invalid activation proof",
	})
	require.Len(t, f.ctx.EventManager().ABCIEvents(), eventsBefore+1,
		"only the first bad proof raises the alert: the checks stop there, as the transaction fails there")
	require.Equal(t, uint64(1+2), paid(ctx.GasMeter().GasConsumed()),
		"the decorator charged the verification gas of the two proofs it checked, not of the third")

	// The messages run in the decorated context reuse the verdicts and do
	// not pay for them again; the unchecked third pays its own verification.
	before := seen.GasMeter().GasConsumed()
	_, err = f.msgs.ActivateDevice(seen, goodMsg)
	require.NoError(t, err)
	_, err = f.msgs.ActivateDevice(seen, badMsg)
	require.ErrorIs(t, err, types.ErrInvalidActivation)
	_, err = f.msgs.ActivateDevice(seen, laterMsg)
	require.ErrorIs(t, err, types.ErrInvalidActivation)
	require.Equal(t, uint64(4), paid(seen.GasMeter().GasConsumed()-before),
		"the pre-verified proofs were not charged twice; the one the decorator did not check paid in the msg server")
}

// fakeTx is a tx of messages for ante handler tests.
type fakeTx []sdk.Msg

func (tx fakeTx) GetMsgs() []sdk.Msg { return tx }

func (fakeTx) GetMsgsV2() ([]protov2.Message, error) { return nil, nil }

func mustID(t testing.TB, s string) devicekit.ID {
	t.Helper()
	id, err := devicekit.ParseID(s)
	require.NoError(t, err)
	return id
}
