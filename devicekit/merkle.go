package devicekit

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
)

// Domain-separation prefixes of the Merkle whitelist hashes. Distinct
// prefixes stop an inner node from being passed off as a leaf (a second
// preimage attack on the tree).
const (
	leafPrefix = 0x00
	nodePrefix = 0x01
)

// ErrEmptyTree is returned by BuildTree for an empty whitelist: a root must
// commit to at least one device.
var ErrEmptyTree = errors.New("devicekit: whitelist has no entries")

// ErrInvalidEntry is returned by BuildTree for an entry with an unknown key
// type or a public key of the wrong length.
var ErrInvalidEntry = errors.New("devicekit: invalid whitelist entry")

// ErrProofIndex is returned by Proof for an index outside the tree.
var ErrProofIndex = errors.New("devicekit: proof index out of range")

// Entry is one device of a whitelist: its id and the public key it will
// activate with.
type Entry struct {
	ID        ID
	KeyType   KeyType
	PublicKey []byte
}

// LeafHash returns SHA-256(0x00 || e.ID || e.KeyType.Code() || e.PublicKey).
// It does not validate e; BuildTree does.
func LeafHash(e Entry) [32]byte {
	h := sha256.New()
	var head [1 + IDSize + 1]byte
	head[0] = leafPrefix
	copy(head[1:], e.ID[:])
	head[1+IDSize] = e.KeyType.Code()
	h.Write(head[:])
	h.Write(e.PublicKey)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// NodeHash returns SHA-256(0x01 || min(a, b) || max(a, b)). Sorting the
// children makes the hash independent of their order, which is why proofs
// need no left/right flags.
func NodeHash(a, b [32]byte) [32]byte {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	var buf [1 + 32 + 32]byte
	buf[0] = nodePrefix
	copy(buf[1:33], a[:])
	copy(buf[33:], b[:])
	return sha256.Sum256(buf[:])
}

// Tree is a Merkle whitelist. It keeps every level so that any proof can be
// read off in O(log n) without recomputing hashes; for n leaves it holds
// fewer than 2n hashes.
type Tree struct {
	// levels[0] are the leaves in whitelist order; the last level is the
	// root alone.
	levels [][][32]byte
}

// BuildTree builds the whitelist tree of entries, in order. It fails on an
// empty list, and on an entry whose key type is unknown or whose public key
// has the wrong length for it (curve points are not decoded here: that would
// dominate the cost for large batches, and the chain validates the key on
// activation anyway).
func BuildTree(entries []Entry) (*Tree, error) {
	if len(entries) == 0 {
		return nil, ErrEmptyTree
	}
	leaves := make([][32]byte, len(entries))
	for i, e := range entries {
		if !e.KeyType.Valid() {
			return nil, fmt.Errorf("%w: entry %d: %w", ErrInvalidEntry, i, ErrUnknownKeyType)
		}
		if len(e.PublicKey) != e.KeyType.PublicKeySize() {
			return nil, fmt.Errorf("%w: entry %d: %s public key is %d bytes, want %d",
				ErrInvalidEntry, i, e.KeyType, len(e.PublicKey), e.KeyType.PublicKeySize())
		}
		leaves[i] = LeafHash(e)
	}
	return buildFromLeaves(leaves), nil
}

func buildFromLeaves(leaves [][32]byte) *Tree {
	levels := [][][32]byte{leaves}
	for level := leaves; len(level) > 1; {
		next := make([][32]byte, (len(level)+1)/2)
		for i := 0; i+1 < len(level); i += 2 {
			next[i/2] = NodeHash(level[i], level[i+1])
		}
		if len(level)%2 == 1 {
			// A lone last node moves up unchanged: no hashing, no
			// duplication.
			next[len(next)-1] = level[len(level)-1]
		}
		levels = append(levels, next)
		level = next
	}
	return &Tree{levels: levels}
}

// Root returns the Merkle root. It is committed on chain together with Len.
func (t *Tree) Root() [32]byte {
	return t.levels[len(t.levels)-1][0]
}

// Len returns the number of leaves.
func (t *Tree) Len() int {
	return len(t.levels[0])
}

// Leaf returns the leaf hash at index, in whitelist order.
func (t *Tree) Leaf(index int) ([32]byte, error) {
	if index < 0 || index >= t.Len() {
		return [32]byte{}, fmt.Errorf("%w: %d not in [0, %d)", ErrProofIndex, index, t.Len())
	}
	return t.levels[0][index], nil
}

// Proof returns the sibling hashes on the path from leaf index to the root,
// bottom up. Levels where the node on the path was lone contribute nothing,
// so proofs can be shorter than the tree height.
func (t *Tree) Proof(index int) ([][32]byte, error) {
	if index < 0 || index >= t.Len() {
		return nil, fmt.Errorf("%w: %d not in [0, %d)", ErrProofIndex, index, t.Len())
	}
	proof := make([][32]byte, 0, len(t.levels)-1)
	for _, level := range t.levels[:len(t.levels)-1] {
		if sib := index ^ 1; sib < len(level) {
			proof = append(proof, level[sib])
		}
		index /= 2
	}
	return proof, nil
}

// VerifyProof reports whether proof links leaf to root. The position of the
// leaf is not needed because children are hashed in sorted order. Callers
// that know the committed leaf count can additionally bound len(proof) by
// MaxProofLen.
func VerifyProof(root [32]byte, leaf [32]byte, proof [][32]byte) bool {
	h := leaf
	for _, sib := range proof {
		h = NodeHash(h, sib)
	}
	return h == root
}

// MaxProofLen returns the longest proof a tree of n leaves can produce,
// ceil(log2(n)), or 0 for n < 2. The chain can reject longer proofs before
// hashing them.
func MaxProofLen(n int) int {
	depth := 0
	for width := n; width > 1; width = (width + 1) / 2 {
		depth++
	}
	return depth
}
