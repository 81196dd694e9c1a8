package did

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"

	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
)

// ContextResolution is the @context of a DID resolution result.
const ContextResolution = "https://w3id.org/did-resolution/v1"

// ProofType names the state proof of didDocumentMetadata.proof.
const ProofType = "AtonomiIcs23StateProof"

// Result is a DID resolution result. Document is nil when there is none
// (an error); a revoked device's is its deactivated stub.
type Result struct {
	Context            string             `json:"@context"`
	Document           *Document          `json:"didDocument"`
	ResolutionMetadata ResolutionMetadata `json:"didResolutionMetadata"`
	DocumentMetadata   Metadata           `json:"didDocumentMetadata"`
}

// ResolutionMetadata says how the resolution went: the content type of the
// document, the error (an RFC 9457 problem), and how the resolver verified
// what it answers.
type ResolutionMetadata struct {
	ContentType string        `json:"contentType,omitempty"`
	Error       *Problem      `json:"error,omitempty"`
	Atonomi     *Verification `json:"atonomi,omitempty"`
}

// Verification says what the resolver itself checked before answering.
// Verified is "light-client" when the resolver verified the proof against
// a header its light client trusts (TrustedHeight, from the trust root it
// was given), and "none" when it only attaches the proof (a node's own
// resolver: whoever asks must check didDocumentMetadata.proof).
type Verification struct {
	Verified      string `json:"verified"`
	ChainID       string `json:"chainId"`
	TrustedHeight string `json:"trustedHeight,omitempty"`
}

// Verification levels.
const (
	VerifiedLightClient = "light-client"
	VerifiedNone        = "none"
)

// StateProof proves the device record (or its absence) at Height: the
// store read with its two proof ops, and the AppHash of header Height+1
// that commits it. SignedHeader and ValidatorSet (hex CometBFT protobuf
// of header Height+1 and its signers) let a verifier with its own trust
// root check it offline (CheckOffline).
type StateProof struct {
	Type         string    `json:"type"`
	ChainID      string    `json:"chainId"`
	Height       string    `json:"height"`
	Store        string    `json:"store"`
	Key          string    `json:"key"`             // hex
	Value        string    `json:"value,omitempty"` // base64; absent for a proven absence
	ProofOps     []ProofOp `json:"proofOps"`
	AppHash      string    `json:"appHash"` // hex
	SignedHeader string    `json:"signedHeader,omitempty"`
	ValidatorSet string    `json:"validatorSet,omitempty"`
}

// ProofOp is a CometBFT proof op, as CometBFT's JSON prints it.
type ProofOp struct {
	Type string `json:"type"`
	Key  string `json:"key"`  // base64
	Data string `json:"data"` // base64
}

// NewStateProof is the proof of a store read at height h.
func NewStateProof(chainID string, h int64, store string, key, value []byte, ops *cmtcrypto.ProofOps, appHash []byte) StateProof {
	p := StateProof{Type: ProofType, ChainID: chainID, Height: strconv.FormatInt(h, 10), Store: store,
		Key: hex.EncodeToString(key), AppHash: hex.EncodeToString(appHash), ProofOps: []ProofOp{}}
	if len(value) > 0 {
		p.Value = base64.StdEncoding.EncodeToString(value)
	}
	if ops != nil {
		for _, op := range ops.Ops {
			p.ProofOps = append(p.ProofOps, ProofOp{Type: op.Type, Key: base64.StdEncoding.EncodeToString(op.Key),
				Data: base64.StdEncoding.EncodeToString(op.Data)})
		}
	}
	return p
}

// decoded is a state proof's bytes.
type decoded struct {
	height       int64
	key, value   []byte
	ops          *cmtcrypto.ProofOps
	appHash      []byte
	header, vals []byte
}

func (p StateProof) decode() (decoded, error) {
	var d decoded
	var err error
	if p.Type != ProofType {
		return d, fmt.Errorf("proof type %q, want %s", p.Type, ProofType)
	}
	if d.height, err = strconv.ParseInt(p.Height, 10, 64); err != nil || d.height < 1 {
		return d, fmt.Errorf("proof height %q", p.Height)
	}
	if d.key, err = hex.DecodeString(p.Key); err != nil {
		return d, fmt.Errorf("proof key: %w", err)
	}
	if d.value, err = base64.StdEncoding.DecodeString(p.Value); err != nil {
		return d, fmt.Errorf("proof value: %w", err)
	}
	if d.appHash, err = hex.DecodeString(p.AppHash); err != nil {
		return d, fmt.Errorf("proof appHash: %w", err)
	}
	if d.header, err = hex.DecodeString(p.SignedHeader); err != nil {
		return d, fmt.Errorf("proof signedHeader: %w", err)
	}
	if d.vals, err = hex.DecodeString(p.ValidatorSet); err != nil {
		return d, fmt.Errorf("proof validatorSet: %w", err)
	}
	d.ops = &cmtcrypto.ProofOps{}
	for i, op := range p.ProofOps {
		k, err := base64.StdEncoding.DecodeString(op.Key)
		if err != nil {
			return d, fmt.Errorf("proof op %d key: %w", i, err)
		}
		data, err := base64.StdEncoding.DecodeString(op.Data)
		if err != nil {
			return d, fmt.Errorf("proof op %d data: %w", i, err)
		}
		d.ops.Ops = append(d.ops.Ops, cmtcrypto.ProofOp{Type: op.Type, Key: k, Data: data})
	}
	return d, nil
}
