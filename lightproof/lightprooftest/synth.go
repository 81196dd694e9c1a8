package lightprooftest

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmtversion "github.com/cometbft/cometbft/proto/tendermint/version"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/lightproof"
)

// SynthChain signs headers of a chain whose validator set a test changes
// at will: each validator a mock key, power 10, header h at T0 + h minutes.
type SynthChain struct {
	t    testing.TB
	keys map[string]cmttypes.PrivValidator // validator name → key
	T0   time.Time
}

// SynthChainID is the synthetic chain's id.
const SynthChainID = "atonomi-synth"

// NewSynthChain starts a synthetic chain for t.
func NewSynthChain(t testing.TB) *SynthChain {
	return &SynthChain{t: t, keys: map[string]cmttypes.PrivValidator{}, T0: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
}

// Set is the validator set of the named validators (a new name is a new
// key: a rotated key is a new name).
func (c *SynthChain) Set(names ...string) *cmttypes.ValidatorSet {
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

// Signed is header h of vals, signed by every one of them.
func (c *SynthChain) Signed(h int64, vals *cmttypes.ValidatorSet) *cmttypes.SignedHeader {
	hdr := cmttypes.Header{
		Version: cmtversion.Consensus{Block: version.BlockProtocol}, ChainID: SynthChainID, Height: h,
		Time:           c.T0.Add(time.Duration(h) * time.Minute),
		LastBlockID:    cmttypes.BlockID{Hash: fakeHash("last"), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: fakeHash("parts")}},
		LastCommitHash: fakeHash("commit"), DataHash: fakeHash("data"), ValidatorsHash: vals.Hash(), NextValidatorsHash: vals.Hash(),
		ConsensusHash: fakeHash("consensus"), AppHash: fakeHash("app"), LastResultsHash: fakeHash("results"), EvidenceHash: fakeHash("evidence"),
		ProposerAddress: vals.Validators[0].Address,
	}
	blockID := cmttypes.BlockID{Hash: hdr.Hash(), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: fakeHash("block parts")}}
	votes := cmttypes.NewVoteSet(SynthChainID, h, 0, cmtproto.PrecommitType, vals)
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
		require.NoError(c.t, pv.SignVote(SynthChainID, vp))
		vote.Signature = vp.Signature
		added, err := votes.AddVote(vote)
		require.NoError(c.t, err)
		require.True(c.t, added)
	}
	sh := cmttypes.SignedHeader{Header: &hdr, Commit: votes.MakeExtendedCommit(cmttypes.ABCIParams{}).ToCommit()}
	require.NoError(c.t, sh.ValidateBasic(SynthChainID))
	return &sh
}

// Header is header h of vals as a bundle carries it.
func (c *SynthChain) Header(h int64, vals *cmttypes.ValidatorSet) lightproof.BundleHeader {
	sh := c.Signed(h, vals)
	sb, err := sh.ToProto().Marshal()
	require.NoError(c.t, err)
	vp, err := vals.ToProto()
	require.NoError(c.t, err)
	vb, err := vp.Marshal()
	require.NoError(c.t, err)
	return lightproof.BundleHeader{SignedHeader: hex.EncodeToString(sb), ValidatorSet: hex.EncodeToString(vb)}
}

// Trust pins header h of vals as a device's trust root.
func (c *SynthChain) Trust(h int64, vals *cmttypes.ValidatorSet) *lightproof.Trust {
	bh := c.Header(h, vals)
	b := lightproof.Bundle{ChainID: SynthChainID, Height: h - 1, Headers: []lightproof.BundleHeader{bh}}
	// The pinned header is read back through the bundle format, as a device
	// would receive it.
	trust, err := lightproof.NewTrust(SynthChainID, DecodeSigned(c.t, bh), vals)
	require.NoError(c.t, err)
	_, err = trust.VerifyBundle(b, lightproof.Options{TrustingPeriod: time.Hour})
	require.NoError(c.t, err, "the root's own header verifies")
	return trust
}

// DecodeSigned decodes a bundle header's signed header.
func DecodeSigned(t testing.TB, bh lightproof.BundleHeader) *cmttypes.SignedHeader {
	bz, err := hex.DecodeString(bh.SignedHeader)
	require.NoError(t, err)
	var p cmtproto.SignedHeader
	require.NoError(t, p.Unmarshal(bz))
	sh, err := cmttypes.SignedHeaderFromProto(&p)
	require.NoError(t, err)
	return sh
}

// Bundle is a bundle of headers, for the state the last one commits.
func Bundle(headers ...lightproof.BundleHeader) lightproof.Bundle {
	last := headers[len(headers)-1]
	var p cmtproto.SignedHeader
	bz, _ := hex.DecodeString(last.SignedHeader)
	_ = p.Unmarshal(bz)
	return lightproof.Bundle{ChainID: SynthChainID, Height: p.Header.Height - 1, Headers: headers}
}
