package lightproof

import (
	"bytes"
	"fmt"

	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	ics23 "github.com/cosmos/ics23/go"
)

// The proof op types of a store read: the IAVL proof of the key in its
// module store, and the simple-Merkle proof of that store in the AppHash.
const (
	OpIAVL   = "ics23:iavl"
	OpSimple = "ics23:simple"
)

// Entry is one store read as a node answers it: the store, the key it was
// asked for, the value it returned (empty for an absent key) and the proof
// ops of the ABCI query response.
type Entry struct {
	Store string
	Key   []byte
	Value []byte
	Proof *cmtcrypto.ProofOps
}

// VerifyEntry checks e's proof against appHash. It reports whether the key
// is present (its value is then e.Value) or proven absent, and fails with
// ErrBadProof on anything else.
func VerifyEntry(appHash []byte, e Entry) (exists bool, err error) {
	if len(appHash) != 32 {
		return false, fmt.Errorf("%w: an AppHash is 32 bytes, got %d", ErrBadProof, len(appHash))
	}
	if e.Store == "" || len(e.Key) == 0 {
		return false, fmt.Errorf("%w: no store or key asked for", ErrBadProof)
	}
	if e.Proof == nil || len(e.Proof.Ops) != 2 {
		n := 0
		if e.Proof != nil {
			n = len(e.Proof.Ops)
		}
		return false, fmt.Errorf("%w: want exactly 2 proof ops, got %d", ErrBadProof, n)
	}
	iavlOp, simpleOp := e.Proof.Ops[0], e.Proof.Ops[1]
	if iavlOp.Type != OpIAVL || simpleOp.Type != OpSimple {
		return false, fmt.Errorf("%w: want ops %s, %s, got %s, %s", ErrBadProof, OpIAVL, OpSimple, iavlOp.Type, simpleOp.Type)
	}
	if !bytes.Equal(iavlOp.Key, e.Key) {
		return false, fmt.Errorf("%w: the IAVL op proves key %x, not the key asked for %x", ErrBadProof, iavlOp.Key, e.Key)
	}
	if string(simpleOp.Key) != e.Store {
		return false, fmt.Errorf("%w: the store op proves store %q, not %q", ErrBadProof, simpleOp.Key, e.Store)
	}
	var inStore, inApp ics23.CommitmentProof
	if err := inStore.Unmarshal(iavlOp.Data); err != nil {
		return false, fmt.Errorf("%w: IAVL op: %w", ErrBadProof, err)
	}
	if err := inApp.Unmarshal(simpleOp.Data); err != nil {
		return false, fmt.Errorf("%w: store op: %w", ErrBadProof, err)
	}
	root, err := inStore.Calculate()
	if err != nil {
		return false, fmt.Errorf("%w: IAVL op: %w", ErrBadProof, err)
	}
	// The kind of proof decides presence, never the value's length.
	switch {
	case inStore.GetExist() != nil:
		if len(e.Value) == 0 {
			return false, fmt.Errorf("%w: an existence proof came without a value", ErrBadProof)
		}
		if !ics23.VerifyMembership(ics23.IavlSpec, root, &inStore, e.Key, e.Value) {
			return false, fmt.Errorf("%w: the value or key is not what the IAVL proof commits", ErrBadProof)
		}
		exists = true
	case inStore.GetNonexist() != nil:
		if len(e.Value) != 0 {
			return false, fmt.Errorf("%w: an absence proof came with a value", ErrBadProof)
		}
		if !ics23.VerifyNonMembership(ics23.IavlSpec, root, &inStore, e.Key) {
			return false, fmt.Errorf("%w: the IAVL absence proof does not hold", ErrBadProof)
		}
	default:
		return false, fmt.Errorf("%w: the IAVL op is neither an existence nor an absence proof", ErrBadProof)
	}
	if inApp.GetExist() == nil {
		return false, fmt.Errorf("%w: the store op is not an existence proof", ErrBadProof)
	}
	if !ics23.VerifyMembership(ics23.TendermintSpec, appHash, &inApp, []byte(e.Store), root) {
		return false, fmt.Errorf("%w: store %q with this root is not in the AppHash", ErrBadProof, e.Store)
	}
	return exists, nil
}
