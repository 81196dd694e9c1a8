package did

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/atonomi/atonomid/lightproof"
)

// ErrNotVerified is a resolution result whose document or metadata is not
// the one its proven record yields, or whose proof does not hold.
var ErrNotVerified = errors.New("did: the resolution result does not verify")

// Checked is what a verified resolution result proved.
type Checked struct {
	Height int64 // the state height of the proof
	Found  bool  // false: the device is proven absent
	Device lightproof.Device
	// Document is the document built from the proven record, the one the
	// result was required to carry.
	Document    *Document
	Deactivated bool
}

// AppHashAt returns the AppHash the caller trusts for state height h: the
// one in header h+1, verified by its light client.
type AppHashAt func(h int64) ([]byte, error)

// Check verifies a resolution result served for DID d on chain chainID:
// its one state proof must be the proof of d's device record (or of its
// absence) against the AppHash appHashAt trusts, and its document and
// metadata (but for the proof) must be JCS-equal to what Build makes of the
// proven value. The resolution metadata is not checked: it is about the
// resolution, not the DID.
func Check(raw []byte, d DID, chainID string, appHashAt AppHashAt) (Checked, error) {
	var c Checked
	served, p, err := splitResult(raw)
	if err != nil {
		return c, err
	}
	if p.ChainID != chainID {
		return c, fmt.Errorf("%w: the proof is for chain %q, not %q", ErrNotVerified, p.ChainID, chainID)
	}
	pd, err := p.decode()
	if err != nil {
		return c, fmt.Errorf("%w: %w", ErrNotVerified, err)
	}
	key := lightproof.DeviceKey(d.ID)
	if p.Store != lightproof.StoreDevice || !bytes.Equal(pd.key, key) {
		return c, fmt.Errorf("%w: the proof is of %s/%x, not of %s's record", ErrNotVerified, p.Store, pd.key, d)
	}
	appHash, err := appHashAt(pd.height)
	if err != nil {
		return c, fmt.Errorf("%w: header %d: %w", ErrNotVerified, pd.height+1, err)
	}
	if !bytes.Equal(appHash, pd.appHash) {
		return c, fmt.Errorf("%w: the proof names AppHash %X, header %d has %X", ErrNotVerified, pd.appHash, pd.height+1, appHash)
	}
	c.Height = pd.height
	dev, found, err := lightproof.VerifyDevice(appHash, d.ID, lightproof.Answer{Value: pd.value, Proof: pd.ops})
	if err != nil {
		return c, fmt.Errorf("%w: %w", ErrNotVerified, err)
	}
	c.Found, c.Device = found, dev
	wantDoc, wantMeta := (*Document)(nil), Metadata{}
	if found {
		if wantDoc, wantMeta, err = Build(d, dev, chainID, served.form()); err != nil {
			return c, fmt.Errorf("%w: %w", ErrNotVerified, err)
		}
	}
	if err := jcsEqual("didDocument", served.document, wantDoc); err != nil {
		return c, err
	}
	if err := jcsEqual("didDocumentMetadata", served.metadata, wantMeta); err != nil {
		return c, err
	}
	c.Document, c.Deactivated = wantDoc, wantMeta.Deactivated
	return c, nil
}

// CheckOffline verifies a resolution result without a light client: the
// signed header and validator set its proof carries must follow from
// trust (lightproof's bundle rules, o's freshness), and then Check.
func CheckOffline(raw []byte, d DID, trust *lightproof.Trust, o lightproof.Options) (Checked, error) {
	_, p, err := splitResult(raw)
	if err != nil {
		return Checked{}, err
	}
	pd, err := p.decode()
	if err != nil {
		return Checked{}, fmt.Errorf("%w: %w", ErrNotVerified, err)
	}
	if len(pd.header) == 0 || len(pd.vals) == 0 {
		return Checked{}, fmt.Errorf("%w: the proof carries no signed header to check offline", ErrNotVerified)
	}
	proof, err := pd.ops.Marshal()
	if err != nil {
		return Checked{}, err
	}
	b := lightproof.Bundle{ChainID: p.ChainID, Height: pd.height, Challenge: o.Challenge,
		Entries: []lightproof.BundleEntry{{Store: p.Store, Key: p.Key, Value: hex.EncodeToString(pd.value), Proof: hex.EncodeToString(proof)}},
		Headers: []lightproof.BundleHeader{{SignedHeader: p.SignedHeader, ValidatorSet: p.ValidatorSet}}}
	v, err := trust.VerifyBundle(b, o)
	if err != nil {
		return Checked{}, fmt.Errorf("%w: %w", ErrNotVerified, err)
	}
	return Check(raw, d, trust.ChainID, func(h int64) ([]byte, error) {
		if h != v.Height {
			return nil, fmt.Errorf("height %d is not the verified %d", h, v.Height)
		}
		return v.AppHash, nil
	})
}

// servedResult is a result's document and metadata as served, the
// metadata without its proof.
type servedResult struct {
	document, metadata json.RawMessage
	vmType             string
}

// form is the key form the served document uses.
func (s servedResult) form() KeyForm {
	if s.vmType == JsonWebKey.String() {
		return JsonWebKey
	}
	return Multikey
}

// splitResult takes a served result apart: the document, the metadata
// without the proof, and the one state proof.
func splitResult(raw []byte) (servedResult, StateProof, error) {
	var s servedResult
	var p StateProof
	if _, err := Canonical(raw); err != nil {
		return s, p, fmt.Errorf("%w: %w", ErrNotVerified, err)
	}
	var r struct {
		Document json.RawMessage `json:"didDocument"`
		Metadata json.RawMessage `json:"didDocumentMetadata"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return s, p, fmt.Errorf("%w: %w", ErrNotVerified, err)
	}
	var meta map[string]json.RawMessage
	if err := json.Unmarshal(r.Metadata, &meta); err != nil || meta == nil {
		return s, p, fmt.Errorf("%w: no didDocumentMetadata", ErrNotVerified)
	}
	var proofs []StateProof
	if err := json.Unmarshal(meta["proof"], &proofs); err != nil || len(proofs) != 1 {
		return s, p, fmt.Errorf("%w: didDocumentMetadata.proof must hold exactly one %s", ErrNotVerified, ProofType)
	}
	delete(meta, "proof")
	var err error
	if s.metadata, err = json.Marshal(meta); err != nil {
		return s, p, err
	}
	s.document = r.Document
	if len(bytes.TrimSpace(s.document)) == 0 {
		s.document = json.RawMessage("null")
	}
	var doc struct {
		VerificationMethod []struct {
			Type string `json:"type"`
		} `json:"verificationMethod"`
	}
	if strings.HasPrefix(string(bytes.TrimSpace(s.document)), "{") {
		if err := json.Unmarshal(s.document, &doc); err != nil {
			return s, p, fmt.Errorf("%w: didDocument: %w", ErrNotVerified, err)
		}
		if len(doc.VerificationMethod) > 0 {
			s.vmType = doc.VerificationMethod[0].Type
		}
	}
	return s, proofs[0], nil
}

// jcsEqual requires the served JSON to be JCS-equal to want's encoding.
func jcsEqual(what string, served json.RawMessage, want any) error {
	got, err := Canonical(served)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrNotVerified, what, err)
	}
	exp, err := CanonicalOf(want)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, exp) {
		return fmt.Errorf("%w: the served %s is not the one the proven record yields:\nserved %s\nproven %s", ErrNotVerified, what, got, exp)
	}
	return nil
}
