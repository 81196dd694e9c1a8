package lightproof

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/cometbft/cometbft/light"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/atonomi/atonomid/devicekit"
)

// BundlePath is the API server route of a device's proof bundle: GET it
// with ?types=a,b for reputation types, ?trusted_height= for the height of
// the caller's trust root and ?challenge= for a string to echo.
const BundlePath = "/atonomi/proof/v1/devices/{id}"

// Bundle is everything a device needs to check a peer device's record, its
// manufacturer and its reputation in some types, from one height, with no
// other connection to the chain: the store reads at height Height, with
// their proofs, and the signed headers that lead from the caller's trust
// root to header Height+1, whose AppHash commits them. All bytes are hex;
// headers and validator sets are their CometBFT protobuf encodings.
type Bundle struct {
	ChainID   string         `json:"chain_id"`
	Height    int64          `json:"height"`
	Challenge string         `json:"challenge,omitempty"`
	Entries   []BundleEntry  `json:"entries"`
	Headers   []BundleHeader `json:"headers"`
}

// BundleEntry is one store read of a bundle.
type BundleEntry struct {
	Store string `json:"store"`
	Key   string `json:"key"`
	Value string `json:"value"`
	Proof string `json:"proof"`
}

// BundleHeader is a signed header with the validator set that signed it.
type BundleHeader struct {
	SignedHeader string `json:"signed_header"`
	ValidatorSet string `json:"validator_set"`
}

// ErrStale is a bundle that is valid but too old to act on, or older than
// the trust root.
var ErrStale = errors.New("lightproof: the bundle is stale")

// ErrUntrusted is a header that does not follow from the trust root.
var ErrUntrusted = errors.New("lightproof: the header cannot be trusted")

// Trust is a device's trust root: a header it trusts (pinned at
// manufacture, or moved forward by verified bundles) with the validator set
// of that header, and the highest height it has verified since.
type Trust struct {
	ChainID    string
	Header     *cmttypes.SignedHeader
	Validators *cmttypes.ValidatorSet
	Highest    int64
}

// NewTrust pins a trust root: the header must be well formed for chainID
// and the validator set must be the one it names.
func NewTrust(chainID string, header *cmttypes.SignedHeader, vals *cmttypes.ValidatorSet) (*Trust, error) {
	if header == nil || vals == nil {
		return nil, fmt.Errorf("%w: a trust root needs a header and its validator set", ErrUntrusted)
	}
	if err := header.ValidateBasic(chainID); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUntrusted, err)
	}
	if !bytes.Equal(vals.Hash(), header.ValidatorsHash) {
		return nil, fmt.Errorf("%w: the validator set is not the header's", ErrUntrusted)
	}
	return &Trust{ChainID: chainID, Header: header, Validators: vals, Highest: header.Height}, nil
}

// Options say how a device judges a bundle's trust and freshness.
type Options struct {
	// TrustingPeriod is how long a trust root can move the trust forward:
	// shorter than x/staking's unbonding time, so that validators who
	// signed it can still be punished for signing a fork.
	TrustingPeriod time.Duration
	// MaxClockDrift is how far a header's time may be ahead of the clock.
	MaxClockDrift time.Duration
	// Clock is the device's clock; nil for a device without one.
	Clock func() time.Time
	// MaxAge, with a clock: the newest header must be at most this old.
	MaxAge time.Duration
	// HeightWindow, without a clock: the bundle may be at most this many
	// blocks below the highest height the device verified.
	HeightWindow int64
	// Challenge, when set, must be echoed by the bundle: a cache cannot
	// replay a bundle it stored for another request.
	Challenge string
}

// Verified is what a bundle proved: the height, and the AppHash of header
// Height+1 that commits its entries.
type Verified struct {
	Height  int64
	AppHash []byte
	Time    time.Time
	answers map[string]Answer // by hex key
}

// Answer returns the bundle's answer to a store read, or false when the
// bundle does not carry it.
func (v *Verified) Answer(store string, key []byte) (Answer, bool) {
	a, ok := v.answers[store+"/"+hex.EncodeToString(key)]
	return a, ok
}

// Device checks the bundle's answer for device id.
func (v *Verified) Device(id devicekit.ID) (Device, bool, error) {
	a, ok := v.Answer(StoreDevice, DeviceKey(id))
	if !ok {
		return Device{}, false, fmt.Errorf("%w: the bundle has no answer for device %s", ErrBadProof, id)
	}
	return VerifyDevice(v.AppHash, id, a)
}

// Reputation checks the bundle's answers for device id's reputation in a
// type (the aggregate, and the device record it falls back to).
func (v *Verified) Reputation(id devicekit.ID, reputationType string) (Reputation, error) {
	agg, ok := v.Answer(StoreReputation, AggregateKey(id, reputationType))
	if !ok {
		return Reputation{}, fmt.Errorf("%w: the bundle has no answer for %s in %q", ErrBadProof, id, reputationType)
	}
	device, _ := v.Answer(StoreDevice, DeviceKey(id))
	return VerifyReputation(v.AppHash, id, reputationType, agg, device)
}

// Manufacturer checks the bundle's answer for a manufacturer's record.
func (v *Verified) Manufacturer(id string) (Manufacturer, bool, error) {
	a, ok := v.Answer(StoreManufacturer, ManufacturerKey(id))
	if !ok {
		return Manufacturer{}, false, fmt.Errorf("%w: the bundle has no answer for manufacturer %q", ErrBadProof, id)
	}
	return VerifyManufacturer(v.AppHash, id, a)
}

// VerifyBundle checks b against the trust root and, when it holds, moves
// the root forward as the bundle allows and returns what it proved. The
// entries themselves are checked by the lookups on the result (Device,
// Reputation, or VerifyEntry with its AppHash).
func (t *Trust) VerifyBundle(b Bundle, o Options) (*Verified, error) {
	if b.ChainID != t.ChainID {
		return nil, fmt.Errorf("%w: chain %q, the trust root is of %q", ErrUntrusted, b.ChainID, t.ChainID)
	}
	if o.Challenge != "" && b.Challenge != o.Challenge {
		return nil, fmt.Errorf("%w: the bundle does not echo the challenge", ErrStale)
	}
	if len(b.Headers) == 0 {
		return nil, fmt.Errorf("%w: the bundle has no header", ErrUntrusted)
	}
	path := make([]*cmttypes.SignedHeader, len(b.Headers))
	sets := make([]*cmttypes.ValidatorSet, len(b.Headers))
	for i, h := range b.Headers {
		var err error
		if path[i], sets[i], err = decodeHeader(h); err != nil {
			return nil, fmt.Errorf("header %d: %w", i, err)
		}
	}
	last, lastVals := path[len(path)-1], sets[len(sets)-1]
	if last.Height != b.Height+1 {
		return nil, fmt.Errorf("%w: the last header is %d, state %d is committed in header %d", ErrBadProof, last.Height, b.Height, b.Height+1)
	}

	trusted, trustedVals := t.Header, t.Validators
	for i, h := range path {
		// Without a clock, the chain's own time: the trust root expires when
		// the chain has moved on by the trusting period. (CometBFT wants a
		// header strictly before now plus the drift.)
		now := h.Time.Add(time.Nanosecond)
		if o.Clock != nil {
			now = o.Clock()
		}
		switch {
		case h.Height < trusted.Height:
			return nil, fmt.Errorf("%w: header %d is below the trust root %d", ErrStale, h.Height, trusted.Height)
		case h.Height == trusted.Height:
			if !bytes.Equal(h.Hash(), trusted.Hash()) {
				return nil, fmt.Errorf("%w: header %d is not the trusted header of that height", ErrUntrusted, h.Height)
			}
		default:
			if err := light.Verify(trusted, trustedVals, h, sets[i], o.TrustingPeriod, now, o.MaxClockDrift, light.DefaultTrustLevel); err != nil {
				return nil, fmt.Errorf("%w: header %d from %d: %w", ErrUntrusted, h.Height, trusted.Height, err)
			}
		}
		trusted, trustedVals = h, sets[i]
	}

	if o.Clock != nil {
		if age := o.Clock().Sub(last.Time); o.MaxAge > 0 && age > o.MaxAge {
			return nil, fmt.Errorf("%w: header %d is %s old, at most %s is accepted", ErrStale, last.Height, age, o.MaxAge)
		}
	} else if last.Height < t.Highest-o.HeightWindow {
		return nil, fmt.Errorf("%w: header %d is more than %d blocks below the highest verified, %d", ErrStale, last.Height, o.HeightWindow, t.Highest)
	}

	v := &Verified{Height: b.Height, AppHash: last.AppHash, Time: last.Time, answers: map[string]Answer{}}
	for i, e := range b.Entries {
		a, err := decodeEntry(e)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
		v.answers[e.Store+"/"+e.Key] = a
	}
	if last.Height > t.Highest {
		t.Highest = last.Height
	}
	// A bundle that needed intermediate headers crossed validator-set
	// changes the root alone could not vouch for: the root moves to its last
	// header, so the next bundle needs no path. A root about to leave its
	// trusting period moves too.
	aging := o.Clock != nil && o.Clock().Sub(t.Header.Time) > o.TrustingPeriod/2
	if (len(path) > 1 || aging) && last.Height > t.Header.Height {
		t.Header, t.Validators = last, lastVals
	}
	return v, nil
}

func decodeHeader(h BundleHeader) (*cmttypes.SignedHeader, *cmttypes.ValidatorSet, error) {
	shBytes, err := hex.DecodeString(h.SignedHeader)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: signed header: %w", ErrBadProof, err)
	}
	vsBytes, err := hex.DecodeString(h.ValidatorSet)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: validator set: %w", ErrBadProof, err)
	}
	var shp cmtproto.SignedHeader
	if err := shp.Unmarshal(shBytes); err != nil {
		return nil, nil, fmt.Errorf("%w: signed header: %w", ErrBadProof, err)
	}
	var vsp cmtproto.ValidatorSet
	if err := vsp.Unmarshal(vsBytes); err != nil {
		return nil, nil, fmt.Errorf("%w: validator set: %w", ErrBadProof, err)
	}
	sh, err := cmttypes.SignedHeaderFromProto(&shp)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: signed header: %w", ErrBadProof, err)
	}
	vs, err := cmttypes.ValidatorSetFromProto(&vsp)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: validator set: %w", ErrBadProof, err)
	}
	return sh, vs, nil
}

func decodeEntry(e BundleEntry) (Answer, error) {
	value, err := hex.DecodeString(e.Value)
	if err != nil {
		return Answer{}, fmt.Errorf("%w: value: %w", ErrBadProof, err)
	}
	proof, err := hex.DecodeString(e.Proof)
	if err != nil {
		return Answer{}, fmt.Errorf("%w: proof: %w", ErrBadProof, err)
	}
	var ops cmtcrypto.ProofOps
	if err := ops.Unmarshal(proof); err != nil {
		return Answer{}, fmt.Errorf("%w: proof: %w", ErrBadProof, err)
	}
	return Answer{Value: value, Proof: &ops}, nil
}
