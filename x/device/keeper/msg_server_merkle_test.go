package keeper_test

import (
	"encoding/hex"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// merkleWhitelist builds a tree over n devices of mixed key types.
func (f *fixture) merkleWhitelist(t *testing.T, n int) ([]types.DeviceEntry, *devicekit.Tree) {
	t.Helper()
	var entries []types.DeviceEntry
	var leaves []devicekit.Entry
	kinds := devicekit.KeyTypes()
	for i := 0; i < n; i++ {
		e := f.entry(t, "M-"+string(rune('A'+i)), kinds[i%len(kinds)])
		entries = append(entries, e)
		leaves = append(leaves, devicekit.Entry{ID: mustID(t, e.Id), KeyType: e.KeyType.Kit(), PublicKey: e.PublicKey})
	}
	tree, err := devicekit.BuildTree(leaves)
	require.NoError(t, err)
	return entries, tree
}

func hexRoot(tree *devicekit.Tree) string { r := tree.Root(); return hex.EncodeToString(r[:]) }

// proofFor is leaf i's inclusion proof in acme's whitelist of tree.
func proofFor(t testing.TB, tree *devicekit.Tree, i int, e types.DeviceEntry) *types.MerkleProof {
	t.Helper()
	siblings, err := tree.Proof(i)
	require.NoError(t, err)
	p := &types.MerkleProof{Root: hexRoot(tree), ManufacturerId: "acme", KeyType: e.KeyType, PublicKey: e.PublicKey}
	for _, s := range siblings {
		p.Siblings = append(p.Siblings, hex.EncodeToString(s[:]))
	}
	return p
}

func (f *fixture) commit(t testing.TB, tree *devicekit.Tree, count uint64) {
	t.Helper()
	_, err := f.msgs.CommitWhitelist(f.ctx, &types.MsgCommitWhitelist{
		Operator: f.operator, ManufacturerId: "acme", Root: hexRoot(tree), Count: count, Protocols: []string{"coap"}, DeviceType: "sensor",
	})
	require.NoError(t, err)
}

func TestMerkleWhitelist(t *testing.T) {
	f := setup(t)
	entries, tree := f.merkleWhitelist(t, 7)
	f.commit(t, tree, 7)
	require.Equal(t, []string{f.operator + " registration 7 acme"}, f.token.charged, "the whole whitelist is paid at commit")
	require.Equal(t, "acme 7/0 bosch 0/0", f.makers.String())
	testutil.RequireLastEvent(t, f.ctx, &types.EventWhitelistCommitted{ManufacturerId: "acme", Root: hexRoot(tree), Count: 7})
	listed, err := f.queries.DevicesByManufacturer(f.ctx, &types.QueryDevicesByManufacturerRequest{ManufacturerId: "acme"})
	require.NoError(t, err)
	require.Empty(t, listed.Devices, "nothing is written per device at commit")

	for _, i := range []int{3, 6} {
		e := entries[i]
		_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{
			Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID), MerkleProof: proofFor(t, tree, i, e),
		})
		require.NoError(t, err, "device %d", i)
		d := f.device(t, e.Id)
		require.Equal(t, types.STATUS_ACTIVE, d.Status)
		require.Equal(t, "acme", d.ManufacturerId)
		require.Equal(t, []string{"coap"}, d.Protocols, "the whitelist's protocols apply")
		require.Equal(t, "sensor", d.DeviceType)
		testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceActivated{
			DeviceId: e.Id, ManufacturerId: "acme", Owner: f.ownerStr, KeyType: e.KeyType.Kit().String(), WhitelistRoot: hexRoot(tree),
		})
	}
	w, err := f.queries.Whitelist(f.ctx, &types.QueryWhitelistRequest{ManufacturerId: "acme", Root: hexRoot(tree)})
	require.NoError(t, err)
	require.EqualValues(t, 2, w.Whitelist.Activated)
	require.Equal(t, "acme 7/2 bosch 0/0", f.makers.String())

	t.Run("an activated device is on chain and takes no proof any more", func(t *testing.T) {
		e := entries[3]
		_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{
			Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID), MerkleProof: proofFor(t, tree, 3, e),
		})
		require.ErrorIs(t, err, types.ErrInvalidMerkleProof)
	})
}

func TestMerkleRefusals(t *testing.T) {
	cases := []struct {
		name    string
		leaves  int
		count   uint64
		edit    func(t *testing.T, f *fixture, msg *types.MsgActivateDevice, tree *devicekit.Tree, entries []types.DeviceEntry)
		wantErr error
	}{
		{name: "a proof for another leaf is refused", wantErr: types.ErrInvalidMerkleProof,
			edit: func(t *testing.T, _ *fixture, m *types.MsgActivateDevice, tree *devicekit.Tree, e []types.DeviceEntry) {
				m.MerkleProof.Siblings = proofFor(t, tree, 1, e[1]).Siblings
			}},
		{name: "a key that is not the leaf's is refused", wantErr: types.ErrInvalidMerkleProof,
			edit: func(_ *testing.T, _ *fixture, m *types.MsgActivateDevice, _ *devicekit.Tree, e []types.DeviceEntry) {
				m.MerkleProof.KeyType, m.MerkleProof.PublicKey = e[1].KeyType, e[1].PublicKey
			}},
		{name: "a device outside the whitelist is refused", wantErr: types.ErrInvalidMerkleProof,
			edit: func(t *testing.T, f *fixture, m *types.MsgActivateDevice, _ *devicekit.Tree, _ []types.DeviceEntry) {
				o := f.entry(t, "OUTSIDER", devicekit.Ed25519)
				m.DeviceId, m.Signature = o.Id, f.sign(t, o.Id, f.owner, chainID)
				m.MerkleProof.KeyType, m.MerkleProof.PublicKey = o.KeyType, o.PublicKey
			}},
		{name: "an unknown root is refused", wantErr: types.ErrUnknownWhitelist,
			edit: func(_ *testing.T, _ *fixture, m *types.MsgActivateDevice, _ *devicekit.Tree, _ []types.DeviceEntry) {
				m.MerkleProof.Root = hex.EncodeToString(make([]byte, 32))
			}},
		{name: "a proof that names no manufacturer is refused", wantErr: types.ErrInvalidMerkleProof,
			edit: func(_ *testing.T, _ *fixture, m *types.MsgActivateDevice, _ *devicekit.Tree, _ []types.DeviceEntry) {
				m.MerkleProof.ManufacturerId = ""
			}},
		{name: "a proof naming a manufacturer that did not commit the root is refused", wantErr: types.ErrUnknownWhitelist,
			edit: func(_ *testing.T, _ *fixture, m *types.MsgActivateDevice, _ *devicekit.Tree, _ []types.DeviceEntry) {
				m.MerkleProof.ManufacturerId = "bosch"
			}},
		{name: "a malformed root is refused", wantErr: types.ErrInvalidWhitelist,
			edit: func(_ *testing.T, _ *fixture, m *types.MsgActivateDevice, _ *devicekit.Tree, _ []types.DeviceEntry) {
				m.MerkleProof.Root = "zz"
			}},
		{name: "a malformed sibling is refused", wantErr: types.ErrInvalidMerkleProof,
			edit: func(_ *testing.T, _ *fixture, m *types.MsgActivateDevice, _ *devicekit.Tree, _ []types.DeviceEntry) {
				m.MerkleProof.Siblings[0] = "00"
			}},
		{name: "a proof longer than the tree needs is refused", wantErr: types.ErrInvalidMerkleProof,
			edit: func(_ *testing.T, _ *fixture, m *types.MsgActivateDevice, _ *devicekit.Tree, _ []types.DeviceEntry) {
				for len(m.MerkleProof.Siblings) < 40 {
					m.MerkleProof.Siblings = append(m.MerkleProof.Siblings, m.MerkleProof.Siblings[0])
				}
			}},
		// A manufacturer that declares (and pays for) 3 devices but commits a
		// tree of 4 gets 3 activations.
		{name: "a whitelist whose declared count is used up is refused", leaves: 4, count: 3, wantErr: types.ErrWhitelistExhausted,
			edit: func(t *testing.T, f *fixture, _ *types.MsgActivateDevice, tree *devicekit.Tree, e []types.DeviceEntry) {
				for _, i := range []int{0, 1, 3} {
					_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{
						Owner: f.ownerStr, DeviceId: e[i].Id, Signature: f.sign(t, e[i].Id, f.owner, chainID), MerkleProof: proofFor(t, tree, i, e[i]),
					})
					require.NoError(t, err)
				}
			}},
		{name: "a tree larger than its declared count cannot be used beyond it", leaves: 5, count: 1, wantErr: types.ErrInvalidMerkleProof,
			edit: func(*testing.T, *fixture, *types.MsgActivateDevice, *devicekit.Tree, []types.DeviceEntry) {}},
		{name: "a good proof with a bad device signature is refused", wantErr: types.ErrInvalidActivation,
			edit: func(t *testing.T, f *fixture, m *types.MsgActivateDevice, _ *devicekit.Tree, e []types.DeviceEntry) {
				m.Signature = f.sign(t, e[2].Id, f.owner, "atonomi-other")
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			leaves, count := c.leaves, c.count
			if leaves == 0 {
				leaves, count = 5, 5
			}
			entries, tree := f.merkleWhitelist(t, leaves)
			f.commit(t, tree, count)
			msg := &types.MsgActivateDevice{
				Owner: f.ownerStr, DeviceId: entries[2].Id, Signature: f.sign(t, entries[2].Id, f.owner, chainID),
				MerkleProof: proofFor(t, tree, 2, entries[2]),
			}
			c.edit(t, f, msg, tree, entries)
			before := f.snapshot(t)
			_, err := f.msgs.ActivateDevice(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t))
		})
	}
}

func TestCommitWhitelistRefusals(t *testing.T) {
	root := hex.EncodeToString(make([]byte, 32))
	cases := []struct {
		name    string
		msg     func(f *fixture) *types.MsgCommitWhitelist
		prepare func(t *testing.T, f *fixture)
		wantErr error
	}{
		{name: "an ordinary account cannot commit", wantErr: manufacturertypes.ErrNotOperator,
			msg: func(f *fixture) *types.MsgCommitWhitelist {
				return &types.MsgCommitWhitelist{Operator: f.outsider, ManufacturerId: "acme", Root: root, Count: 3}
			}},
		{name: "a zero count is refused", wantErr: types.ErrInvalidWhitelist,
			msg: func(f *fixture) *types.MsgCommitWhitelist {
				return &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme", Root: root}
			}},
		{name: "a count beyond 2^40 is refused", wantErr: types.ErrInvalidWhitelist,
			msg: func(f *fixture) *types.MsgCommitWhitelist {
				return &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme", Root: root, Count: 1<<63 + 1}
			}},
		{name: "an upper-case root is refused", wantErr: types.ErrInvalidWhitelist,
			msg: func(f *fixture) *types.MsgCommitWhitelist {
				return &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme", Root: "AB" + root[2:], Count: 3}
			}},
		{name: "a root committed before is refused", wantErr: types.ErrDuplicateWhitelist,
			prepare: func(t *testing.T, f *fixture) {
				_, err := f.msgs.CommitWhitelist(f.ctx, &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme", Root: root, Count: 3})
				require.NoError(t, err)
			},
			msg: func(f *fixture) *types.MsgCommitWhitelist {
				return &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme", Root: root, Count: 3}
			}},
		{name: "a suspended manufacturer cannot commit", wantErr: manufacturertypes.ErrManufacturerInactive,
			prepare: func(_ *testing.T, f *fixture) { f.makers.m["acme"].Status = manufacturertypes.STATUS_SUSPENDED },
			msg: func(f *fixture) *types.MsgCommitWhitelist {
				return &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme", Root: root, Count: 3}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			if c.prepare != nil {
				c.prepare(t, f)
			}
			before := f.snapshot(t)
			_, err := f.msgs.CommitWhitelist(f.ctx, c.msg(f))
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t))
		})
	}
}

// TestRivalCopyOfARootCapturesNothing mounts the capture of a Merkle
// whitelist: bosch copies acme's root from the mempool and commits it first.
// Roots belong to their manufacturer, so acme's own commit still succeeds,
// acme's devices activated with acme's proofs are acme's, and the copy
// (paid for by bosch) activates none of them.
func TestRivalCopyOfARootCapturesNothing(t *testing.T) {
	f := setup(t)
	entries, tree := f.merkleWhitelist(t, 4)
	root := hexRoot(tree)
	_, err := f.msgs.CommitWhitelist(f.ctx, &types.MsgCommitWhitelist{Operator: f.rival, ManufacturerId: "bosch", Root: root, Count: 4})
	require.NoError(t, err, "bosch may commit any root; it holds only its own copy")
	f.commit(t, tree, 4)
	require.Equal(t, "acme 4/0 bosch 4/0", f.makers.String(), "each pays for and counts its own whitelist")

	_, err = f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{
		Owner: f.ownerStr, DeviceId: entries[1].Id, Signature: f.sign(t, entries[1].Id, f.owner, chainID), MerkleProof: proofFor(t, tree, 1, entries[1]),
	})
	require.NoError(t, err)
	require.Equal(t, "acme", f.device(t, entries[1].Id).ManufacturerId, "acme's proof makes acme's device")
	require.Equal(t, "acme 4/1 bosch 4/0", f.makers.String())
	for m, want := range map[string]uint64{"acme": 1, "bosch": 0} {
		w, err := f.queries.Whitelist(f.ctx, &types.QueryWhitelistRequest{ManufacturerId: m, Root: root})
		require.NoError(t, err)
		require.Equal(t, want, w.Whitelist.Activated, "%s's whitelist", m)
	}

	// acme committing the same root again is its own duplicate.
	before := f.snapshot(t)
	_, err = f.msgs.CommitWhitelist(f.ctx, &types.MsgCommitWhitelist{Operator: f.operator, ManufacturerId: "acme", Root: root, Count: 4})
	require.ErrorIs(t, err, types.ErrDuplicateWhitelist)
	require.Equal(t, before, f.snapshot(t))
}
