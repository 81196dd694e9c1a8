package lightproof_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmtversion "github.com/cometbft/cometbft/proto/tendermint/version"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/lightproof"
)

// synthChain signs headers of a chain whose validator set the test changes
// at will: each validator a mock key, power 10.
type synthChain struct {
	t    testing.TB
	keys map[string]cmttypes.PrivValidator // validator name → key
	t0   time.Time
}

const synthChainID = "atonomi-synth"

func newSynthChain(t testing.TB) *synthChain {
	return &synthChain{t: t, keys: map[string]cmttypes.PrivValidator{}, t0: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
}

// set is the validator set of the named validators (a new name is a new
// key: a rotated key is a new name).
func (c *synthChain) set(names ...string) *cmttypes.ValidatorSet {
	vals := make([]*cmttypes.Validator, len(names))
	for i, name := range names {
		pv, ok := c.keys[name]
		if !ok {
			pv = cmttypes.NewMockPV()
			c.keys[name] = pv
		}
		pub, err := pv.GetPubKey()
		require.NoError(c.t, err)
		vals[i] = cmttypes.NewValidator(pub, 10)
	}
	return cmttypes.NewValidatorSet(vals)
}

func fakeHash(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// header is header h, at t0 + h minutes, of vals, signed by every one of
// them, committing appHash.
func (c *synthChain) header(h int64, vals *cmttypes.ValidatorSet) lightproof.BundleHeader {
	hdr := cmttypes.Header{
		Version: cmtversion.Consensus{Block: version.BlockProtocol}, ChainID: synthChainID, Height: h,
		Time:           c.t0.Add(time.Duration(h) * time.Minute),
		LastBlockID:    cmttypes.BlockID{Hash: fakeHash("last"), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: fakeHash("parts")}},
		LastCommitHash: fakeHash("commit"), DataHash: fakeHash("data"), ValidatorsHash: vals.Hash(), NextValidatorsHash: vals.Hash(),
		ConsensusHash: fakeHash("consensus"), AppHash: fakeHash("app"), LastResultsHash: fakeHash("results"), EvidenceHash: fakeHash("evidence"),
		ProposerAddress: vals.Validators[0].Address,
	}
	blockID := cmttypes.BlockID{Hash: hdr.Hash(), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: fakeHash("block parts")}}
	votes := cmttypes.NewVoteSet(synthChainID, h, 0, cmtproto.PrecommitType, vals)
	for i, v := range vals.Validators {
		var pv cmttypes.PrivValidator
		for _, k := range c.keys {
			if pub, _ := k.GetPubKey(); pub.Address().String() == v.Address.String() {
				pv = k
			}
		}
		vote := &cmttypes.Vote{Type: cmtproto.PrecommitType, Height: h, BlockID: blockID, Timestamp: hdr.Time,
			ValidatorAddress: v.Address, ValidatorIndex: int32(i)}
		vp := vote.ToProto()
		require.NoError(c.t, pv.SignVote(synthChainID, vp))
		vote.Signature = vp.Signature
		added, err := votes.AddVote(vote)
		require.NoError(c.t, err)
		require.True(c.t, added)
	}
	sh := cmttypes.SignedHeader{Header: &hdr, Commit: votes.MakeExtendedCommit(cmttypes.ABCIParams{}).ToCommit()}
	require.NoError(c.t, sh.ValidateBasic(synthChainID))
	sb, err := sh.ToProto().Marshal()
	require.NoError(c.t, err)
	vp, err := vals.ToProto()
	require.NoError(c.t, err)
	vb, err := vp.Marshal()
	require.NoError(c.t, err)
	return lightproof.BundleHeader{SignedHeader: hex.EncodeToString(sb), ValidatorSet: hex.EncodeToString(vb)}
}

// trust pins header h of vals.
func (c *synthChain) trust(h int64, vals *cmttypes.ValidatorSet) *lightproof.Trust {
	bh := c.header(h, vals)
	b := lightproof.Bundle{ChainID: synthChainID, Height: h - 1, Headers: []lightproof.BundleHeader{bh}}
	// The pinned header is read back through the bundle format, as a device
	// would receive it.
	trust, err := lightproof.NewTrust(synthChainID, decodeSigned(c.t, bh), vals)
	require.NoError(c.t, err)
	_, err = trust.VerifyBundle(b, lightproof.Options{TrustingPeriod: time.Hour})
	require.NoError(c.t, err, "the root's own header verifies")
	return trust
}

func decodeSigned(t testing.TB, bh lightproof.BundleHeader) *cmttypes.SignedHeader {
	bz, err := hex.DecodeString(bh.SignedHeader)
	require.NoError(t, err)
	var p cmtproto.SignedHeader
	require.NoError(t, p.Unmarshal(bz))
	sh, err := cmttypes.SignedHeaderFromProto(&p)
	require.NoError(t, err)
	return sh
}

func bundle(headers ...lightproof.BundleHeader) lightproof.Bundle {
	last := headers[len(headers)-1]
	var p cmtproto.SignedHeader
	bz, _ := hex.DecodeString(last.SignedHeader)
	_ = p.Unmarshal(bz)
	return lightproof.Bundle{ChainID: synthChainID, Height: p.Header.Height - 1, Headers: headers}
}

// TestBundleAcrossValidatorSetChanges: a device pinned to a four-validator
// set keeps verifying bundles after a validator is admitted, one is removed
// and one rotates its consensus key, since more than a third of the power
// it trusts still signs; a set replaced wholly needs the bundle's
// intermediate header, and the root then moves past it.
func TestBundleAcrossValidatorSetChanges(t *testing.T) {
	c := newSynthChain(t)
	root := c.set("a", "b", "c", "d")
	o := lightproof.Options{TrustingPeriod: 24 * time.Hour, MaxClockDrift: time.Minute, HeightWindow: 100}

	trust := c.trust(10, root)
	for name, vals := range map[string]*cmttypes.ValidatorSet{
		"a validator admitted":                c.set("a", "b", "c", "d", "e"),
		"a validator removed":                 c.set("a", "b", "c"),
		"a consensus key rotated":             c.set("a", "b", "c-rotated", "d"),
		"all three at once, two of four stay": c.set("a", "b", "c-rotated", "e"),
	} {
		_, err := trust.VerifyBundle(bundle(c.header(20, vals)), o)
		require.NoError(t, err, name)
	}
	require.EqualValues(t, 10, trust.Header.Height, "a direct step leaves the root where it is")

	replaced := c.set("f", "g", "h", "i")
	_, err := trust.VerifyBundle(bundle(c.header(50, replaced)), o)
	require.ErrorIs(t, err, lightproof.ErrUntrusted, "no validator the device trusts signed")

	halfway := c.set("a", "b", "f", "g")
	v, err := trust.VerifyBundle(bundle(c.header(30, halfway), c.header(50, replaced)), o)
	require.NoError(t, err, "the intermediate header carries the trust across")
	require.EqualValues(t, 49, v.Height)
	require.EqualValues(t, 50, trust.Header.Height, "the root moved to the bundle's last header")
	_, err = trust.VerifyBundle(bundle(c.header(60, replaced)), o)
	require.NoError(t, err, "and the next bundle needs no path")

	_, err = trust.VerifyBundle(bundle(c.header(40, halfway)), o)
	require.ErrorIs(t, err, lightproof.ErrStale, "a header below the trust root cannot be verified forward")
}

func TestBundleTrustExpiresAndClocks(t *testing.T) {
	c := newSynthChain(t)
	vals := c.set("a", "b", "c", "d")
	at := func(d time.Duration) func() time.Time { return func() time.Time { return c.t0.Add(d) } }

	trust := c.trust(10, vals)
	h20 := bundle(c.header(20, vals)) // time t0 + 20 min
	_, err := trust.VerifyBundle(h20, lightproof.Options{TrustingPeriod: time.Hour, Clock: at(25 * time.Minute), MaxAge: 10 * time.Minute})
	require.NoError(t, err)
	_, err = trust.VerifyBundle(h20, lightproof.Options{TrustingPeriod: time.Hour, Clock: at(35 * time.Minute), MaxAge: 10 * time.Minute})
	require.ErrorIs(t, err, lightproof.ErrStale, "older than the maximum age")
	_, err = trust.VerifyBundle(h20, lightproof.Options{TrustingPeriod: 5 * time.Minute, Clock: at(25 * time.Minute), MaxAge: time.Hour})
	require.ErrorIs(t, err, lightproof.ErrUntrusted, "the trust root left its trusting period")
	_, err = trust.VerifyBundle(h20, lightproof.Options{TrustingPeriod: time.Hour, Clock: at(5 * time.Minute), MaxClockDrift: time.Minute})
	require.ErrorIs(t, err, lightproof.ErrUntrusted, "a header from the device's future")

	clockless := c.trust(10, vals)
	o := lightproof.Options{TrustingPeriod: time.Hour, HeightWindow: 5}
	_, err = clockless.VerifyBundle(bundle(c.header(30, vals)), o)
	require.NoError(t, err)
	require.EqualValues(t, 30, clockless.Highest)
	_, err = clockless.VerifyBundle(bundle(c.header(26, vals)), o)
	require.NoError(t, err, "within the window")
	_, err = clockless.VerifyBundle(h20, o)
	require.ErrorIs(t, err, lightproof.ErrStale, "more than the window below the highest height verified")
	_, err = clockless.VerifyBundle(bundle(c.header(80, vals)), o)
	require.ErrorIs(t, err, lightproof.ErrUntrusted, "without a clock, the root expires with the chain's own time")
}

// BenchmarkVerifyBundle verifies a one-header bundle (a non-adjacent step
// from the trust root) signed by n ed25519 validators, and reports the
// header's and the validator set's encoded size.
func BenchmarkVerifyBundle(b *testing.B) {
	for _, n := range []int{1, 4, 16, 64} {
		b.Run(fmt.Sprintf("validators=%d", n), func(b *testing.B) {
			c := newSynthChain(b)
			names := make([]string, n)
			for i := range names {
				names[i] = fmt.Sprintf("v%d", i)
			}
			vals := c.set(names...)
			trust := c.trust(10, vals)
			h := c.header(20, vals)
			bun := bundle(h)
			o := lightproof.Options{TrustingPeriod: 24 * time.Hour}
			for b.Loop() {
				if _, err := trust.VerifyBundle(bun, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(h.SignedHeader)/2), "header-bytes")
			b.ReportMetric(float64(len(h.ValidatorSet)/2), "valset-bytes")
		})
	}
}
