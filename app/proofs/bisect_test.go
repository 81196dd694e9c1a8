package proofs

import (
	"context"
	"errors"
	"testing"
	"time"

	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/lightproof/lightprooftest"
)

// synthNode serves a synthetic chain's headers and validator sets as a
// node's RPC would: sets[h] is the set of height h.
type synthNode struct {
	chain *lightprooftest.SynthChain
	sets  func(h int64) *cmttypes.ValidatorSet
	asked []int64
}

func (s *synthNode) Commit(_ context.Context, height *int64) (*coretypes.ResultCommit, error) {
	s.asked = append(s.asked, *height)
	return &coretypes.ResultCommit{SignedHeader: *s.chain.Signed(*height, s.sets(*height))}, nil
}

func (s *synthNode) Validators(_ context.Context, height *int64, _, _ *int) (*coretypes.ResultValidators, error) {
	vals := s.sets(*height).Validators
	return &coretypes.ResultValidators{BlockHeight: *height, Validators: vals, Total: len(vals)}, nil
}

func (s *synthNode) Status(context.Context) (*coretypes.ResultStatus, error) {
	return nil, errors.New("not served")
}

func (s *synthNode) ABCIQueryWithOptions(context.Context, string, cmtbytes.HexBytes, rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error) {
	return nil, errors.New("not served")
}

// TestTrustPathBisects: when the set a device trusts has wholly left by the
// latest header, the node finds the intermediate header by bisection, and
// the device verifies the path it gets.
func TestTrustPathBisects(t *testing.T) {
	c := lightprooftest.NewSynthChain(t)
	first, halfway, last := c.Set("a", "b", "c", "d"), c.Set("a", "b", "f", "g"), c.Set("f", "g", "h", "i")
	node := &synthNode{chain: c, sets: func(h int64) *cmttypes.ValidatorSet {
		switch {
		case h <= 20:
			return first
		case h <= 35:
			return halfway
		}
		return last
	}}
	path, err := trustPath(context.Background(), node, 10, 50)
	require.NoError(t, err)
	require.Len(t, path, 2, "one intermediate header, then the latest")
	require.EqualValues(t, 30, lightprooftest.DecodeSigned(t, path[0]).Height, "the midpoint, under the halfway set")
	require.EqualValues(t, 50, lightprooftest.DecodeSigned(t, path[1]).Height)

	trust := c.Trust(10, first)
	_, err = trust.VerifyBundle(lightproof.Bundle{ChainID: lightprooftest.SynthChainID, Height: 49, Headers: path},
		lightproof.Options{TrustingPeriod: 24 * time.Hour})
	require.NoError(t, err, "the device verifies the path the node found")

	direct, err := trustPath(context.Background(), node, 25, 30)
	require.NoError(t, err)
	require.Len(t, direct, 1, "within one set, the latest header alone")

	// A set with no validator of the trusted one at any height in between
	// cannot be bridged.
	node.sets = func(h int64) *cmttypes.ValidatorSet {
		if h <= 20 {
			return first
		}
		return last
	}
	_, err = trustPath(context.Background(), node, 10, 50)
	require.Error(t, err)
}
