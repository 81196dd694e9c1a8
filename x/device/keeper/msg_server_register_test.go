package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

func TestRegisterDevices(t *testing.T) {
	f := setup(t)
	var entries []types.DeviceEntry
	for i, kt := range devicekit.KeyTypes() {
		entries = append(entries, f.entry(t, "SN-"+kt.String()+string(rune('0'+i)), kt))
	}
	res, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme", Devices: entries})
	require.NoError(t, err)
	require.EqualValues(t, 4, res.Registered)

	for _, e := range entries {
		d := f.device(t, e.Id)
		require.Equal(t, types.STATUS_REGISTERED, d.Status)
		require.Equal(t, "acme", d.ManufacturerId)
		require.Equal(t, e.PublicKey, d.PublicKey)
		require.Empty(t, d.Owner)
		require.EqualValues(t, 7, d.RegisteredHeight)
	}
	require.Equal(t, []string{f.operator + " registration 4 acme"}, f.token.charged, "the operator pays the registration fee per device")
	require.EqualValues(t, 4, f.makers.m["acme"].DevicesRegistered)
	testutil.RequireLastEvent(t, f.ctx, &types.EventDevicesRegistered{
		ManufacturerId: "acme", Operator: f.operator, Count: 4, FirstId: entries[0].Id, LastId: entries[3].Id,
	})
}

// TestRegistrationWritesTwoEntriesPerDevice counts the device store's writes:
// a registration writes each device's record and its credential hash and
// nothing else (no status entry, no delete of a reservation it does not
// hold); the activation then writes the record, the status entry and the
// owner entry, with nothing to delete.
func TestRegistrationWritesTwoEntriesPerDevice(t *testing.T) {
	f := setup(t)
	var entries []types.DeviceEntry
	for i := 0; i < 50; i++ {
		entries = append(entries, f.entry(t, "SN-W"+string(rune('A'+i)), devicekit.Ed25519))
	}
	ctx, w := testutil.CountWrites(f.ctx, f.key)
	_, err := f.msgs.RegisterDevices(ctx, &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme", Devices: entries})
	require.NoError(t, err)
	require.Equal(t, map[byte]int{types.DevicesKey[0]: 50, types.KeyHashesKey[0]: 50}, w.Sets)
	require.Empty(t, w.Deletes)

	id := entries[7].Id
	ctx, w = testutil.CountWrites(f.ctx, f.key)
	_, err = f.msgs.ActivateDevice(ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: id, Signature: f.sign(t, id, f.owner, chainID)})
	require.NoError(t, err)
	require.Equal(t, map[byte]int{types.DevicesKey[0]: 1, types.ByStatusKey[0]: 1, types.ByOwnerKey[0]: 1}, w.Sets)
	require.Empty(t, w.Deletes, "a registered device had no status entry to move")
}

func TestRegisterDevicesRefusals(t *testing.T) {
	type tc struct {
		name    string
		prepare func(t *testing.T, f *fixture)
		msg     func(t *testing.T, f *fixture) *types.MsgRegisterDevices
		wantErr error
		wantMsg string
	}
	batch := func(f *fixture, entries ...types.DeviceEntry) *types.MsgRegisterDevices {
		return &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme", Devices: entries}
	}
	two := func(t *testing.T, f *fixture) []types.DeviceEntry {
		return []types.DeviceEntry{f.entry(t, "SN-A", devicekit.Secp256k1), f.entry(t, "SN-B", devicekit.Ed25519)}
	}
	cases := []tc{
		{name: "an ordinary account cannot register devices", wantErr: manufacturertypes.ErrNotOperator,
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				m := batch(f, two(t, f)...)
				m.Operator = f.outsider
				return m
			}},
		{name: "another manufacturer's operator cannot register for acme", wantErr: manufacturertypes.ErrNotOperator,
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				m := batch(f, two(t, f)...)
				m.Operator = f.rival
				return m
			}},
		{name: "the authority is not a manufacturer", wantErr: manufacturertypes.ErrNotOperator,
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				m := batch(f, two(t, f)...)
				m.Operator = f.authority
				return m
			}},
		{name: "a suspended manufacturer cannot register devices", wantErr: manufacturertypes.ErrManufacturerInactive,
			prepare: func(_ *testing.T, f *fixture) { f.makers.m["acme"].Status = manufacturertypes.STATUS_SUSPENDED },
			msg:     func(t *testing.T, f *fixture) *types.MsgRegisterDevices { return batch(f, two(t, f)...) }},
		{name: "an unknown manufacturer cannot register devices", wantErr: manufacturertypes.ErrUnknownManufacturer,
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				m := batch(f, two(t, f)...)
				m.ManufacturerId = "nobody"
				return m
			}},
		{name: "registration while paused is refused", wantErr: tokentypes.ErrPaused,
			prepare: func(_ *testing.T, f *fixture) { f.token.paused[tokentypes.ACTION_REGISTRATION] = true },
			msg:     func(t *testing.T, f *fixture) *types.MsgRegisterDevices { return batch(f, two(t, f)...) }},
		{name: "an empty batch is refused", wantErr: types.ErrEmptyBatch,
			msg: func(_ *testing.T, f *fixture) *types.MsgRegisterDevices { return batch(f) }},
		{name: "a batch over the maximum is refused whole", wantErr: types.ErrBatchTooLarge,
			prepare: func(t *testing.T, f *fixture) {
				p := types.DefaultParams()
				p.MaxBatchSize = 1
				_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
				require.NoError(t, err)
			},
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices { return batch(f, two(t, f)...) }},
		{name: "a malformed id refuses the batch naming its entry", wantErr: types.ErrInvalidDeviceID, wantMsg: "entry 1",
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				e := two(t, f)
				e[1].Id = "SN-0001"
				return batch(f, e...)
			}},
		{name: "an unknown key type is refused", wantErr: types.ErrInvalidKeyType, wantMsg: "entry 0",
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				e := two(t, f)
				e[0].KeyType = 9
				return batch(f, e...)
			}},
		{name: "a key of the wrong type is refused", wantErr: types.ErrInvalidPublicKey, wantMsg: "entry 1",
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				e := two(t, f)
				e[1].KeyType = types.KEY_TYPE_SECP256R1 // an ed25519 key is 32 bytes, P-256 wants 33
				return batch(f, e...)
			}},
		{name: "a point off the curve is refused", wantErr: types.ErrInvalidPublicKey,
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				e := two(t, f)
				e[0].PublicKey = append([]byte{0x02}, make([]byte, 32)...)
				return batch(f, e...)
			}},
		{name: "a bad protocol name is refused", wantErr: types.ErrInvalidEntry,
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				e := two(t, f)
				e[0].Protocols = []string{"MQTT over TLS"}
				return batch(f, e...)
			}},
		{name: "an id twice in the batch is refused", wantErr: types.ErrDuplicateDevice, wantMsg: "entry 1 repeats the id of entry 0",
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				e := two(t, f)
				e[1].Id = e[0].Id
				return batch(f, e...)
			}},
		{name: "a key twice in the batch is refused", wantErr: types.ErrDuplicateKey, wantMsg: "entry 1 repeats the public key of entry 0",
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				e := two(t, f)
				e[1].KeyType, e[1].PublicKey = e[0].KeyType, e[0].PublicKey
				return batch(f, e...)
			}},
		{name: "an id already on chain is refused", wantErr: types.ErrDuplicateDevice,
			prepare: func(t *testing.T, f *fixture) { f.register(t, f.entry(t, "SN-A", devicekit.Secp256k1)) },
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				e := f.entry(t, "SN-A", devicekit.Ed25519)
				return batch(f, f.entry(t, "SN-C", devicekit.Ed25519), e)
			}},
		{name: "a key registered to another manufacturer's device is refused", wantErr: types.ErrDuplicateKey,
			prepare: func(t *testing.T, f *fixture) {
				e := f.entry(t, "SN-B", devicekit.Ed25519)
				e.Id = devicekit.DeviceID([]byte("bosch"), []byte("X")).String()
				_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.rival, ManufacturerId: "bosch", Devices: []types.DeviceEntry{e}})
				require.NoError(t, err)
			},
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices { return batch(f, two(t, f)...) }},
		{name: "the key of a revoked device is never registered again", wantErr: types.ErrDuplicateKey,
			prepare: func(t *testing.T, f *fixture) {
				e := f.entry(t, "SN-OLD", devicekit.Secp256k1)
				f.register(t, e)
				_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.operator, DeviceId: e.Id})
				require.NoError(t, err)
			},
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				old := f.entry(t, "SN-OLD", devicekit.Secp256k1)
				old.Id = devicekit.DeviceID([]byte("salt"), []byte("SN-NEW")).String()
				return batch(f, old)
			}},
		{name: "the id of a revoked device is never registered again", wantErr: types.ErrDuplicateDevice,
			prepare: func(t *testing.T, f *fixture) {
				e := f.entry(t, "SN-OLD", devicekit.Secp256k1)
				f.register(t, e)
				_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.operator, DeviceId: e.Id})
				require.NoError(t, err)
			},
			msg: func(t *testing.T, f *fixture) *types.MsgRegisterDevices {
				e := f.entry(t, "SN-OLD-2", devicekit.Ed25519)
				e.Id = devicekit.DeviceID([]byte("salt"), []byte("SN-OLD")).String()
				return batch(f, e)
			}},
		{name: "a manufacturer that cannot pay the fee registers nothing", wantErr: tokentypes.ErrInsufficientFunds,
			prepare: func(_ *testing.T, f *fixture) { f.token.balance[f.operator] = 1 },
			msg:     func(t *testing.T, f *fixture) *types.MsgRegisterDevices { return batch(f, two(t, f)...) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			if c.prepare != nil {
				c.prepare(t, f)
			}
			msg := c.msg(t, f)
			before := f.snapshot(t)
			_, err := f.msgs.RegisterDevices(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			if c.wantMsg != "" {
				require.ErrorContains(t, err, c.wantMsg)
			}
			require.Equal(t, before, f.snapshot(t), "a refused batch changes nothing")
		})
	}
}

func TestRegisterTenThousandDevices(t *testing.T) {
	if testing.Short() {
		t.Skip("registers the maximum batch")
	}
	f := setup(t)
	entries := make([]types.DeviceEntry, types.DefaultMaxBatchSize)
	kit, err := devicekit.GenerateKey(devicekit.Ed25519, &seedReader{seed: []byte("batch")})
	require.NoError(t, err)
	pub := kit.PublicKey()
	for i := range entries {
		// Distinct ed25519 keys without generating 10,000 of them: the
		// registry checks encodings and uniqueness, not possession.
		key := append([]byte(nil), pub...)
		key[0], key[1] = byte(i), byte(i>>8)
		entries[i] = types.DeviceEntry{
			Id: devicekit.DeviceID([]byte("salt"), []byte{byte(i), byte(i >> 8)}).String(), KeyType: types.KEY_TYPE_ED25519, PublicKey: key,
		}
	}
	f.token.balance[f.operator] = 1 << 40
	res, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme", Devices: entries})
	require.NoError(t, err)
	require.EqualValues(t, types.DefaultMaxBatchSize, res.Registered)
}
