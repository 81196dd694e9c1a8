package devicekit_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
)

// testEntries returns n distinct whitelist entries cycling through the key
// types. Public keys are random-looking bytes of the right length: the tree
// only checks lengths, and real keys would make large trees slow to set up.
func testEntries(n int) []devicekit.Entry {
	types := devicekit.KeyTypes()
	entries := make([]devicekit.Entry, n)
	for i := range entries {
		kt := types[i%len(types)]
		serial := fmt.Appendf(nil, "SN-%07d", i)
		seed := sha256.Sum256(serial)
		pub := bytes.Repeat(seed[:], kt.PublicKeySize()/32+1)[:kt.PublicKeySize()]
		entries[i] = devicekit.Entry{ID: devicekit.DeviceID([]byte(vectorSalt), serial), KeyType: kt, PublicKey: pub}
	}
	return entries
}

// Hand-written hashes, independent of the package, for the hand computation.
func handLeaf(e devicekit.Entry) [32]byte {
	buf := []byte{0x00}
	buf = append(buf, e.ID[:]...)
	buf = append(buf, byte(e.KeyType))
	buf = append(buf, e.PublicKey...)
	return sha256.Sum256(buf)
}

func handNode(a, b [32]byte) [32]byte {
	lo, hi := a, b
	if bytes.Compare(a[:], b[:]) > 0 {
		lo, hi = b, a
	}
	return sha256.Sum256(append(append([]byte{0x01}, lo[:]...), hi[:]...))
}

func TestLeafAndNodeHashes(t *testing.T) {
	e := testEntries(2)[1]
	t.Run("a leaf is SHA-256 of 0x00, id, key type code and public key", func(t *testing.T) {
		require.Equal(t, handLeaf(e), devicekit.LeafHash(e))
	})
	t.Run("a node hash does not depend on the order of its children", func(t *testing.T) {
		a, b := sha256.Sum256([]byte("a")), sha256.Sum256([]byte("b"))
		require.Equal(t, devicekit.NodeHash(a, b), devicekit.NodeHash(b, a))
		require.Equal(t, handNode(a, b), devicekit.NodeHash(a, b))
	})
	t.Run("a node over the bytes of a leaf preimage differs from the leaf", func(t *testing.T) {
		// Domain separation: 0x00 and 0x01 prefixes never collide.
		a, b := sha256.Sum256([]byte("a")), sha256.Sum256([]byte("b"))
		asLeaf := sha256.Sum256(append(append([]byte{0x00}, a[:]...), b[:]...))
		require.NotEqual(t, asLeaf, devicekit.NodeHash(a, b))
	})
	t.Run("the key type code is part of the leaf", func(t *testing.T) {
		other := e
		other.KeyType = devicekit.Secp256r1
		other.PublicKey = make([]byte, 33)
		same := other
		same.KeyType = devicekit.Secp256k1
		require.NotEqual(t, devicekit.LeafHash(other), devicekit.LeafHash(same))
	})
}

func TestThreeLeafTreeMatchesHandComputation(t *testing.T) {
	entries := testEntries(3)
	l0, l1, l2 := handLeaf(entries[0]), handLeaf(entries[1]), handLeaf(entries[2])
	n01 := handNode(l0, l1)
	// The third leaf is lone on level 0 and moves up unchanged, so the root
	// pairs it directly with n01: no duplication, no hashing of l2 alone.
	root := handNode(n01, l2)

	tree, err := devicekit.BuildTree(entries)
	require.NoError(t, err)
	require.Equal(t, 3, tree.Len())
	require.Equal(t, root, tree.Root())

	wantProofs := [][][32]byte{
		{l1, l2},
		{l0, l2},
		{n01}, // the lone level contributes no sibling
	}
	for i, want := range wantProofs {
		t.Run(fmt.Sprintf("the proof for leaf %d is its siblings bottom-up", i), func(t *testing.T) {
			got, err := tree.Proof(i)
			require.NoError(t, err)
			require.Equal(t, want, got)
			leaf, err := tree.Leaf(i)
			require.NoError(t, err)
			require.True(t, devicekit.VerifyProof(root, leaf, got))
		})
	}

	t.Run("duplicating the lone leaf would give a different root", func(t *testing.T) {
		require.NotEqual(t, handNode(n01, handNode(l2, l2)), tree.Root())
	})
}

func TestSingleLeafTree(t *testing.T) {
	entries := testEntries(1)
	tree, err := devicekit.BuildTree(entries)
	require.NoError(t, err)
	t.Run("the root of one leaf is the leaf itself", func(t *testing.T) {
		require.Equal(t, handLeaf(entries[0]), tree.Root())
	})
	t.Run("its proof is empty and verifies", func(t *testing.T) {
		proof, err := tree.Proof(0)
		require.NoError(t, err)
		require.Empty(t, proof)
		require.True(t, devicekit.VerifyProof(tree.Root(), handLeaf(entries[0]), proof))
	})
}

func TestTreesOfEverySmallSize(t *testing.T) {
	for n := 1; n <= 17; n++ {
		entries := testEntries(n)
		tree, err := devicekit.BuildTree(entries)
		require.NoError(t, err)
		root := tree.Root()
		require.Equal(t, n, tree.Len())

		t.Run(fmt.Sprintf("a tree of %d leaves has the root of a naive recomputation", n), func(t *testing.T) {
			level := make([][32]byte, n)
			for i, e := range entries {
				level[i] = handLeaf(e)
			}
			for len(level) > 1 {
				var next [][32]byte
				for i := 0; i+1 < len(level); i += 2 {
					next = append(next, handNode(level[i], level[i+1]))
				}
				if len(level)%2 == 1 {
					next = append(next, level[len(level)-1])
				}
				level = next
			}
			require.Equal(t, level[0], root)
		})

		t.Run(fmt.Sprintf("every proof in a tree of %d leaves verifies its own leaf only", n), func(t *testing.T) {
			for i := range n {
				proof, err := tree.Proof(i)
				require.NoError(t, err)
				require.LessOrEqual(t, len(proof), devicekit.MaxProofLen(n))
				leaf := devicekit.LeafHash(entries[i])
				require.True(t, devicekit.VerifyProof(root, leaf, proof), "leaf %d", i)
				for j := range n {
					if j != i {
						require.False(t, devicekit.VerifyProof(root, devicekit.LeafHash(entries[j]), proof), "proof %d verified leaf %d", i, j)
					}
				}
			}
		})

		t.Run(fmt.Sprintf("tampered proofs in a tree of %d leaves fail", n), func(t *testing.T) {
			for i := range n {
				proof, err := tree.Proof(i)
				require.NoError(t, err)
				leaf := devicekit.LeafHash(entries[i])
				for k := range proof {
					bad := append([][32]byte{}, proof...)
					bad[k][0] ^= 1
					require.False(t, devicekit.VerifyProof(root, leaf, bad))
				}
				require.False(t, devicekit.VerifyProof(root, leaf, append(append([][32]byte{}, proof...), leaf)))
				if len(proof) > 0 {
					require.False(t, devicekit.VerifyProof(root, leaf, proof[:len(proof)-1]))
				}
				otherRoot := root
				otherRoot[31] ^= 1
				require.False(t, devicekit.VerifyProof(otherRoot, leaf, proof))
			}
		})
	}
}

func TestBuildTreeRejects(t *testing.T) {
	good := testEntries(3)
	tests := []struct {
		name    string
		entries []devicekit.Entry
		want    error
	}{
		{name: "an empty whitelist is rejected", entries: nil, want: devicekit.ErrEmptyTree},
		{name: "an entry with an unknown key type is rejected", entries: append(append([]devicekit.Entry{}, good...), devicekit.Entry{KeyType: 9, PublicKey: make([]byte, 33)}), want: devicekit.ErrInvalidEntry},
		{name: "an entry with a short public key is rejected", entries: append(append([]devicekit.Entry{}, good...), devicekit.Entry{KeyType: devicekit.Ed25519, PublicKey: make([]byte, 31)}), want: devicekit.ErrInvalidEntry},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tree, err := devicekit.BuildTree(tc.entries)
			require.ErrorIs(t, err, tc.want)
			require.Nil(t, tree)
		})
	}

	tree, err := devicekit.BuildTree(good)
	require.NoError(t, err)
	for _, index := range []int{-1, 3, 100} {
		t.Run(fmt.Sprintf("a proof for index %d of 3 is refused", index), func(t *testing.T) {
			_, err := tree.Proof(index)
			require.ErrorIs(t, err, devicekit.ErrProofIndex)
			_, err = tree.Leaf(index)
			require.ErrorIs(t, err, devicekit.ErrProofIndex)
		})
	}
}

func TestMaxProofLen(t *testing.T) {
	for _, tc := range []struct{ n, want int }{
		{0, 0}, {1, 0}, {2, 1}, {3, 2}, {4, 2}, {5, 3}, {8, 3}, {9, 4}, {17, 5}, {1_000_000, 20}, {1 << 20, 20}, {1<<20 + 1, 21},
	} {
		t.Run(fmt.Sprintf("a tree of %d leaves has proofs of at most %d hashes", tc.n, tc.want), func(t *testing.T) {
			require.Equal(t, tc.want, devicekit.MaxProofLen(tc.n))
		})
	}
}

func TestMillionLeafTree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1,000,000-leaf tree")
	}
	const n = 1_000_000
	// All entries share one key type and key so that setup is cheap; the
	// ids keep the leaves distinct.
	pub := make([]byte, devicekit.Secp256k1PublicKeySize)
	pub[0] = 0x02
	entries := make([]devicekit.Entry, n)
	for i := range entries {
		var id devicekit.ID
		id[0], id[1], id[2] = byte(i>>16), byte(i>>8), byte(i)
		entries[i] = devicekit.Entry{ID: id, KeyType: devicekit.Secp256k1, PublicKey: pub}
	}
	start := time.Now()
	tree, err := devicekit.BuildTree(entries)
	require.NoError(t, err)
	t.Logf("built %d-leaf tree in %v", n, time.Since(start))
	require.Equal(t, n, tree.Len())

	t.Run("proofs at the edges and middle of a million-leaf tree verify", func(t *testing.T) {
		for _, i := range []int{0, 1, 2, 499_999, 500_000, 999_998, 999_999} {
			proof, err := tree.Proof(i)
			require.NoError(t, err)
			require.LessOrEqual(t, len(proof), devicekit.MaxProofLen(n))
			require.True(t, devicekit.VerifyProof(tree.Root(), devicekit.LeafHash(entries[i]), proof), "leaf %d", i)
		}
	})
}

func BenchmarkBuildTree(b *testing.B) {
	entries := testEntries(100_000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := devicekit.BuildTree(entries); err != nil {
			b.Fatal(err)
		}
	}
}
