package devicekit_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/atonomi/atonomid/devicekit"
)

// FuzzActivationSignBytes: whatever the chain id and owner, the message is
// either refused or laid out exactly as the wire format says.
func FuzzActivationSignBytes(f *testing.F) {
	f.Add("atonomi-test-1", []byte{1, 2, 3}, []byte("serial"))
	f.Add("", []byte{}, []byte{})
	f.Add("\xff", bytes.Repeat([]byte{9}, 32), []byte("x"))
	f.Fuzz(func(t *testing.T, chainID string, owner, serial []byte) {
		id := devicekit.DeviceID(nil, serial)
		m, err := devicekit.ActivationSignBytes(chainID, id, owner)
		if err != nil {
			return
		}
		var want bytes.Buffer
		want.WriteString(devicekit.ActivationDomain)
		_ = binary.Write(&want, binary.BigEndian, uint16(len(chainID)))
		want.WriteString(chainID)
		want.Write(id[:])
		_ = binary.Write(&want, binary.BigEndian, uint16(len(owner)))
		want.Write(owner)
		if !bytes.Equal(m, want.Bytes()) {
			t.Fatalf("layout differs:\n got %x\nwant %x", m, want.Bytes())
		}
	})
}

// FuzzVerifyProof: proof verification never panics, and a proof built by
// the tree always verifies.
func FuzzVerifyProof(f *testing.F) {
	f.Add([]byte("root"), []byte("leaf"), []byte("siblings"), uint8(3))
	f.Fuzz(func(t *testing.T, rootSeed, leafSeed, proofSeed []byte, n uint8) {
		var root, leaf [32]byte
		copy(root[:], rootSeed)
		copy(leaf[:], leafSeed)
		var proof [][32]byte
		for i := 0; i+32 <= len(proofSeed) && len(proof) < 70; i += 32 {
			var s [32]byte
			copy(s[:], proofSeed[i:])
			proof = append(proof, s)
		}
		_ = devicekit.VerifyProof(root, leaf, proof)

		size := int(n%16) + 1
		entries := make([]devicekit.Entry, size)
		for i := range entries {
			entries[i] = devicekit.Entry{ID: devicekit.DeviceID(leafSeed, []byte{byte(i)}), KeyType: devicekit.Ed25519, PublicKey: bytes.Repeat([]byte{byte(i)}, 32)}
		}
		tree, err := devicekit.BuildTree(entries)
		if err != nil {
			t.Fatal(err)
		}
		for i := range entries {
			p, err := tree.Proof(i)
			if err != nil {
				t.Fatal(err)
			}
			if !devicekit.VerifyProof(tree.Root(), devicekit.LeafHash(entries[i]), p) {
				t.Fatalf("proof %d of %d does not verify", i, size)
			}
		}
	})
}
