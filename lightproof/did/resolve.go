package did

import (
	"fmt"
	"net/http"

	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	"github.com/atonomi/atonomid/lightproof"
)

// Read is a device record's store read at Height with its proof, and the
// AppHash of header Height+1 (with, optionally, that header and its
// validator set in hex CometBFT protobuf, for offline checking).
type Read struct {
	ChainID      string
	Height       int64
	Value        []byte
	Proof        *cmtcrypto.ProofOps
	AppHash      []byte
	SignedHeader string
	ValidatorSet string
}

// Answer is the resolution result for DID d from a proven read of its
// record: the read must verify against its AppHash (a resolver never
// answers from an unproven value), and the document is Build's. A proven
// absence is NOT_FOUND, with the absence proof; a revoked device is
// deactivated. v says how the resolver verified the AppHash.
func Answer(d DID, r Read, f KeyForm, v *Verification) (*Result, error) {
	dev, found, err := lightproof.VerifyDevice(r.AppHash, d.ID, lightproof.Answer{Value: r.Value, Proof: r.Proof})
	if err != nil {
		return nil, err
	}
	res := &Result{Context: ContextResolution, ResolutionMetadata: ResolutionMetadata{Atonomi: v}}
	if found {
		if res.Document, res.DocumentMetadata, err = Build(d, dev, r.ChainID, f); err != nil {
			return nil, err
		}
		res.ResolutionMetadata.ContentType = MediaDID
	} else {
		res.ResolutionMetadata.Error = NewProblem(NotFound, fmt.Sprintf("%s: the device's absence is proven at height %d", d, r.Height))
	}
	p := NewStateProof(r.ChainID, r.Height, lightproof.StoreDevice, lightproof.DeviceKey(d.ID), r.Value, r.Proof, r.AppHash)
	p.SignedHeader, p.ValidatorSet = r.SignedHeader, r.ValidatorSet
	res.DocumentMetadata.Proof = []StateProof{p}
	return res, nil
}

// Failure is a result that carries only an error.
func Failure(p *Problem) *Result {
	return &Result{Context: ContextResolution, ResolutionMetadata: ResolutionMetadata{Error: p}}
}

// Status is the HTTP status of the result: the error's, 410 for a
// deactivated DID, 200 otherwise.
func (r *Result) Status() int {
	switch {
	case r.ResolutionMetadata.Error != nil:
		return r.ResolutionMetadata.Error.Status()
	case r.DocumentMetadata.Deactivated:
		return http.StatusGone
	}
	return http.StatusOK
}

// Media types of DID Resolution's HTTP binding.
const (
	MediaDID           = "application/did"
	MediaResolution    = "application/did-resolution"
	MediaLegacyProfile = `application/ld+json;profile="https://w3id.org/did-resolution"`
)
