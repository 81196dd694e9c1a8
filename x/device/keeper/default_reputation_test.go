package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

// TestDevicesKeepTheDefaultOfTheirRegistration registers devices by every
// path before and after acme's default reputation changes: each keeps the
// default of its registration, a Merkle whitelist's devices the one of its
// commit, however late they are activated.
func TestDevicesKeepTheDefaultOfTheirRegistration(t *testing.T) {
	f := setup(t)
	f.makers.m["acme"].DefaultReputation = 5000
	activateFrom := func(t *testing.T, tree *devicekit.Tree, i int, e types.DeviceEntry) {
		t.Helper()
		_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{
			Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID), MerkleProof: proofFor(t, tree, i, e),
		})
		require.NoError(t, err)
	}
	shipped := func(t *testing.T, serial string) types.DeviceEntry {
		t.Helper()
		e := f.entry(t, serial, devicekit.Ed25519)
		_, err := f.msgs.RegisterAndActivate(f.ctx, &types.MsgRegisterAndActivate{Operator: f.operator, ManufacturerId: "acme",
			Device: e, Owner: f.ownerStr, Signature: f.sign(t, e.Id, f.owner, chainID)})
		require.NoError(t, err)
		return e
	}

	before := f.entry(t, "SN-BEFORE", devicekit.Secp256r1)
	f.register(t, before)
	shippedBefore := shipped(t, "SN-SHIPPED-BEFORE")
	entries, tree := f.merkleWhitelist(t, 3)
	f.commit(t, tree, 3)
	activateFrom(t, tree, 0, entries[0])

	f.makers.m["acme"].DefaultReputation = 10
	after := f.entry(t, "SN-AFTER", devicekit.Secp256r1)
	f.register(t, after)
	shippedAfter := shipped(t, "SN-SHIPPED-AFTER")
	activateFrom(t, tree, 2, entries[2])
	_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: before.Id, Signature: f.sign(t, before.Id, f.owner, chainID)})
	require.NoError(t, err)

	for _, c := range []struct {
		name string
		id   string
		want uint32
	}{
		{"a device registered before the change, activated after it", before.Id, 5000},
		{"a device registered and activated before the change", shippedBefore.Id, 5000},
		{"a whitelist device activated before the change", entries[0].Id, 5000},
		{"a whitelist device committed before the change and activated after it", entries[2].Id, 5000},
		{"a device registered after the change", after.Id, 10},
		{"a device registered and activated after the change", shippedAfter.Id, 10},
	} {
		require.Equal(t, c.want, f.device(t, c.id).DefaultReputation, c.name)
	}
	w, err := f.queries.Whitelist(f.ctx, &types.QueryWhitelistRequest{ManufacturerId: "acme", Root: hexRoot(tree)})
	require.NoError(t, err)
	require.EqualValues(t, 5000, w.Whitelist.DefaultReputation, "the whitelist keeps the default of its commit")

	fresh := []types.DeviceEntry{f.entry(t, "W-LATE-0", devicekit.Ed25519), f.entry(t, "W-LATE-1", devicekit.Ed25519)}
	laterTree, root := genesisTree(t, fresh)
	_, err = f.msgs.CommitWhitelist(f.ctx, &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme", Root: root, Count: 2})
	require.NoError(t, err)
	activateFrom(t, laterTree, 1, fresh[1])
	require.EqualValues(t, 10, f.device(t, fresh[1].Id).DefaultReputation, "a whitelist committed after the change gives the new default")
}
