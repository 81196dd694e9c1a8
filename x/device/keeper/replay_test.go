package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

// TestReplaysOnTheOtherPaths covers the replay and credential-reuse rules on
// the paths TestActivationRefusals and TestRegisterDevicesRefusals do not
// take: the one-step RegisterAndActivate and the Merkle whitelist. Each
// refusal leaves the state as it was.
func TestReplaysOnTheOtherPaths(t *testing.T) {
	// revoked registers, activates and revokes an acme device from a
	// one-leaf Merkle whitelist, so that its id and key are retired.
	revoked := func(t *testing.T, f *fixture) (types.DeviceEntry, *types.MerkleProof) {
		entries, tree := f.merkleWhitelist(t, 1)
		f.commit(t, tree, 1)
		e := entries[0]
		p := proofFor(t, tree, 0, e)
		_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{
			Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID), MerkleProof: p})
		require.NoError(t, err)
		_, err = f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.operator, DeviceId: e.Id, Reason: "key leaked"})
		require.NoError(t, err)
		return e, p
	}
	shipped := func(t *testing.T, f *fixture, e types.DeviceEntry, chain string) *types.MsgRegisterAndActivate {
		return &types.MsgRegisterAndActivate{Operator: f.operator, ManufacturerId: "acme", Device: e, Owner: f.ownerStr,
			Signature: f.sign(t, e.Id, f.owner, chain)}
	}
	cases := []struct {
		name    string
		run     func(t *testing.T, f *fixture) (do func() error)
		wantErr error
	}{
		{name: "a Merkle proof replayed after the device's revocation is refused", wantErr: types.ErrInvalidMerkleProof,
			run: func(t *testing.T, f *fixture) func() error {
				e, p := revoked(t, f)
				msg := &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID), MerkleProof: p}
				return func() error { _, err := f.msgs.ActivateDevice(f.ctx, msg); return err }
			}},
		{name: "a revoked device's key cannot come back as a leaf of a new whitelist", wantErr: types.ErrDuplicateKey,
			run: func(t *testing.T, f *fixture) func() error {
				old, _ := revoked(t, f)
				id := devicekit.DeviceID([]byte("salt"), []byte("REBORN"))
				tree, err := devicekit.BuildTree([]devicekit.Entry{{ID: id, KeyType: old.KeyType.Kit(), PublicKey: old.PublicKey}})
				require.NoError(t, err)
				f.commit(t, tree, 1)
				reborn := types.DeviceEntry{Id: id.String(), KeyType: old.KeyType, PublicKey: old.PublicKey}
				f.keys[reborn.Id] = f.keys[old.Id]
				msg := &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: reborn.Id, Signature: f.sign(t, reborn.Id, f.owner, chainID),
					MerkleProof: proofFor(t, tree, 0, reborn)}
				return func() error { _, err := f.msgs.ActivateDevice(f.ctx, msg); return err }
			}},
		{name: "register-and-activate refuses a revoked device's id", wantErr: types.ErrDuplicateDevice,
			run: func(t *testing.T, f *fixture) func() error {
				old, _ := revoked(t, f)
				e := f.entry(t, "FRESH-KEY", devicekit.Ed25519)
				e.Id = old.Id
				f.keys[e.Id] = f.keys[devicekit.DeviceID([]byte("salt"), []byte("FRESH-KEY")).String()]
				msg := shipped(t, f, e, chainID)
				return func() error { _, err := f.msgs.RegisterAndActivate(f.ctx, msg); return err }
			}},
		{name: "register-and-activate refuses a revoked device's key under a new id", wantErr: types.ErrDuplicateKey,
			run: func(t *testing.T, f *fixture) func() error {
				old, _ := revoked(t, f)
				e := types.DeviceEntry{Id: devicekit.DeviceID([]byte("salt"), []byte("REBORN")).String(), KeyType: old.KeyType, PublicKey: old.PublicKey}
				f.keys[e.Id] = f.keys[old.Id]
				msg := shipped(t, f, e, chainID)
				return func() error { _, err := f.msgs.RegisterAndActivate(f.ctx, msg); return err }
			}},
		{name: "register-and-activate refuses a proof made for another chain", wantErr: types.ErrInvalidActivation,
			run: func(t *testing.T, f *fixture) func() error {
				msg := shipped(t, f, f.entry(t, "SN-SHIPPED", devicekit.Secp256r1), "atonomi-other")
				return func() error { _, err := f.msgs.RegisterAndActivate(f.ctx, msg); return err }
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			do := c.run(t, f)
			before := f.snapshot(t)
			require.ErrorIs(t, do(), c.wantErr)
			require.Equal(t, before, f.snapshot(t), "a refused message changes nothing")
		})
	}
}
