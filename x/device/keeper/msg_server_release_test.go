package keeper_test

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// squat has bosch register copies of two of acme's devices before acme
// does: acme's first id with a key of bosch's, and acme's second key under
// an id of bosch's. It returns acme's real entries and bosch's copies.
func (f *fixture) squat(t *testing.T) (real, copies []types.DeviceEntry) {
	t.Helper()
	real = []types.DeviceEntry{f.entry(t, "ACME-1", devicekit.Ed25519), f.entry(t, "ACME-2", devicekit.Secp256r1)}
	burnID := real[0]
	burnID.KeyType, burnID.PublicKey = types.KeyType(devicekit.Ed25519), f.entry(t, "BOSCH-KEY", devicekit.Ed25519).PublicKey
	burnKey := f.entry(t, "BOSCH-ID", devicekit.Secp256r1)
	burnKey.PublicKey = real[1].PublicKey
	copies = []types.DeviceEntry{burnID, burnKey}
	_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.rival, ManufacturerId: "bosch", Devices: copies})
	require.NoError(t, err)
	return real, copies
}

func (f *fixture) addMaker(t *testing.T, id string) string {
	t.Helper()
	op := testutil.Bech32(t, id+"-ops")
	f.makers.m[id] = &manufacturertypes.Manufacturer{Id: id, Operators: []string{op}, Status: manufacturertypes.STATUS_ACTIVE}
	f.token.balance[op] = 1_000_000
	return op
}

func releaseMsg(authority string, ids ...string) *types.MsgReleaseRegistrations {
	return &types.MsgReleaseRegistrations{Authority: authority, FromManufacturerId: "bosch", ToManufacturerId: "acme", DeviceIds: ids}
}

// TestReleaseEndsCredentialSquatting mounts the squat end to end: bosch
// burns acme's id and key by registering copies first; only x/gov, and only
// once bosch is removed, releases them, for acme alone.
func TestReleaseEndsCredentialSquatting(t *testing.T) {
	f := setup(t)
	cyber := f.addMaker(t, "cyber")
	real, copies := f.squat(t)
	_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme", Devices: real[:1]})
	require.ErrorIs(t, err, types.ErrDuplicateDevice, "the squatted id")
	_, err = f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme", Devices: real[1:]})
	require.ErrorIs(t, err, types.ErrDuplicateKey, "the squatted key")
	ids := []string{copies[0].Id, copies[1].Id}

	before := f.snapshot(t)
	_, err = f.msgs.ReleaseRegistrations(f.ctx, releaseMsg(f.gov, ids...))
	require.ErrorIs(t, err, types.ErrInvalidRelease, "bosch is still active")
	require.Equal(t, before, f.snapshot(t))

	f.makers.m["bosch"].Status = manufacturertypes.STATUS_REMOVED
	before = f.snapshot(t)
	for name, signer := range map[string]string{"a registrar": f.authority, "the beneficiary's operator": f.operator, "an outsider": f.outsider} {
		_, err = f.msgs.ReleaseRegistrations(f.ctx, releaseMsg(signer, ids...))
		require.ErrorIs(t, err, sdkerrors.ErrUnauthorized, name)
		require.Equal(t, before, f.snapshot(t), name)
	}

	h := &recordingHooks{}
	f.k.SetHooks(h)
	res, err := f.msgs.ReleaseRegistrations(f.ctx, releaseMsg(f.gov, ids...))
	require.NoError(t, err)
	require.EqualValues(t, 2, res.Released)
	testutil.RequireLastEvent(t, f.ctx, &types.EventRegistrationsReleased{
		Authority: f.gov, FromManufacturerId: "bosch", ToManufacturerId: "acme", DeviceIds: ids,
	})
	require.Equal(t, []string{ids[0] + ": released", ids[1] + ": released"}, h.calls, "x/reputation drops their scores")
	require.Equal(t, "acme 0/0 bosch 0/0", f.makers.String(), "bosch's count loses the released devices")
	for _, id := range ids {
		_, err := f.queries.Device(f.ctx, &types.QueryDeviceRequest{Id: id})
		require.Error(t, err, "the squatter's record is gone")
	}
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Len(t, gs.Reservations, 4, "two ids and two keys, reserved for acme")
	for _, r := range gs.Reservations {
		require.Equal(t, "acme", r.ManufacturerId)
	}

	// Nobody but acme registers them: not another manufacturer, by the id or by the key.
	before = f.snapshot(t)
	other := f.entry(t, "CYBER-1", devicekit.Secp256r1)
	other.PublicKey = real[1].PublicKey
	for name, e := range map[string]types.DeviceEntry{"acme's id": real[0], "acme's key": other} {
		_, err = f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: cyber, ManufacturerId: "cyber", Devices: []types.DeviceEntry{e}})
		require.ErrorIs(t, err, types.ErrCredentialReserved, name)
		require.Equal(t, before, f.snapshot(t), name)
	}

	// The reservations survive export and import.
	g := setup(t)
	g.makers.m["bosch"].Status = manufacturertypes.STATUS_REMOVED
	require.NoError(t, g.k.InitGenesis(g.ctx, gs))
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, gs, again)

	// acme registers its real devices, which consumes the reservations of
	// what it registered; the squatter's other id and key stay acme's.
	f.register(t, real...)
	require.Equal(t, "acme 2/0 bosch 0/0", f.makers.String())
	gs, err = f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.ElementsMatch(t, []types.Reservation{
		{DeviceId: copies[1].Id, ManufacturerId: "acme"},
		{KeyHash: keyHashHex(copies[0]), ManufacturerId: "acme"},
	}, gs.Reservations)
}

func keyHashHex(e types.DeviceEntry) string {
	return hex.EncodeToString(types.KeyHash(e.KeyType, e.PublicKey))
}

func TestReleaseRefusals(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations // bosch is removed after it
		wantErr error
	}{
		{name: "an active device is never released", wantErr: types.ErrInvalidRelease,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations {
				e := f.boschDevice(t, "B-ACTIVE")
				return releaseMsg(f.gov, e.Id)
			}},
		{name: "a revoked device is never released", wantErr: types.ErrInvalidRelease,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations {
				e := f.boschDevice(t, "B-REVOKED")
				_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.rival, DeviceId: e.Id})
				require.NoError(t, err)
				return releaseMsg(f.gov, e.Id)
			}},
		{name: "a suspended device is never released", wantErr: types.ErrInvalidRelease,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations {
				e := f.boschDevice(t, "B-SUSPENDED")
				_, err := f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: f.rival, DeviceId: e.Id})
				require.NoError(t, err)
				return releaseMsg(f.gov, e.Id)
			}},
		{name: "one device that may not be released refuses the whole release", wantErr: types.ErrInvalidRelease,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations {
				_, copies := f.squat(t)
				return releaseMsg(f.gov, copies[0].Id, f.boschDevice(t, "B-ACTIVE").Id)
			}},
		{name: "another manufacturer's device is not released", wantErr: types.ErrInvalidRelease,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations {
				e := f.entry(t, "ACME-OWN", devicekit.Ed25519)
				f.register(t, e)
				return releaseMsg(f.gov, e.Id)
			}},
		{name: "a repeated device is refused", wantErr: types.ErrInvalidRelease,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations {
				_, copies := f.squat(t)
				return releaseMsg(f.gov, copies[0].Id, copies[0].Id)
			}},
		{name: "an empty release is refused", wantErr: types.ErrEmptyBatch,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations { return releaseMsg(f.gov) }},
		{name: "an unknown device is refused", wantErr: types.ErrUnknownDevice,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations {
				return releaseMsg(f.gov, f.entry(t, "NOWHERE", devicekit.Ed25519).Id)
			}},
		{name: "the removed manufacturer itself cannot receive them", wantErr: types.ErrInvalidRelease,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations {
				_, copies := f.squat(t)
				m := releaseMsg(f.gov, copies[0].Id)
				m.ToManufacturerId = "bosch"
				return m
			}},
		{name: "a removed beneficiary is refused", wantErr: types.ErrInvalidRelease,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations {
				_, copies := f.squat(t)
				f.addMaker(t, "gone")
				f.makers.m["gone"].Status = manufacturertypes.STATUS_REMOVED
				m := releaseMsg(f.gov, copies[0].Id)
				m.ToManufacturerId = "gone"
				return m
			}},
		{name: "an unknown beneficiary is refused", wantErr: manufacturertypes.ErrUnknownManufacturer,
			prepare: func(t *testing.T, f *fixture) *types.MsgReleaseRegistrations {
				_, copies := f.squat(t)
				m := releaseMsg(f.gov, copies[0].Id)
				m.ToManufacturerId = "nobody"
				return m
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			msg := c.prepare(t, f)
			f.makers.m["bosch"].Status = manufacturertypes.STATUS_REMOVED
			before := f.snapshot(t)
			_, err := f.msgs.ReleaseRegistrations(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t), "a refused release changes nothing")
		})
	}
}

// boschDevice registers a device for bosch and activates it for f.owner.
func (f *fixture) boschDevice(t *testing.T, serial string) types.DeviceEntry {
	t.Helper()
	e := f.entry(t, serial, devicekit.Ed25519)
	_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.rival, ManufacturerId: "bosch", Devices: []types.DeviceEntry{e}})
	require.NoError(t, err)
	_, err = f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)})
	require.NoError(t, err)
	return e
}
