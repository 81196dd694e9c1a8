package keeper_test

import (
	"strings"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/token/types"
)

// notCanonical is what every refusal of a non-canonical spelling says.
const notCanonical = "not canonical: use lower case"

func TestNonCanonicalAddressesAreRefused(t *testing.T) {
	cases := []struct {
		name string
		send func(f *fixture) error
	}{
		{name: "a deposit from an upper-case depositor is refused",
			send: func(f *fixture) error {
				_, err := f.msgs.DepositToPool(f.ctx, &types.MsgDepositToPool{Depositor: strings.ToUpper(f.payerStr), ManufacturerId: "acme",
					Amount: math.NewInt(1_000)})
				return err
			}},
		{name: "a withdrawal by an upper-case owner is refused",
			send: func(f *fixture) error {
				_, err := f.msgs.WithdrawRewards(f.ctx, &types.MsgWithdrawRewards{Owner: strings.ToUpper(f.payerStr)})
				return err
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			require.NoError(t, f.k.Rewards.Set(f.ctx, f.payer, math.NewInt(500)))
			before := f.snapshot(t)
			err := tc.send(f)
			require.ErrorIs(t, err, types.ErrInvalidAddress)
			require.ErrorContains(t, err, notCanonical)
			require.Equal(t, before, f.snapshot(t), "a refused message moves nothing")
		})
	}
}

func TestRewardsQueryRefusesAnUpperCaseAddress(t *testing.T) {
	f := setup(t)
	_, err := f.queries.Rewards(f.ctx, &types.QueryRewardsRequest{Address: strings.ToUpper(f.payerStr)})
	require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
	require.ErrorContains(t, err, notCanonical)
}

func TestGenesisRefusesARewardListedUnderTwoSpellings(t *testing.T) {
	gs := types.DefaultGenesis()
	gs.Rewards = []types.Reward{{Address: testutil.Bech32(t, "payer"), Amount: math.NewInt(5)}}
	require.NoError(t, gs.Validate(testutil.AccCodec))
	// Both would be loaded under one key: the second overwrites the first
	// and the module account holds more than the rewards it owes.
	gs.Rewards = append(gs.Rewards, types.Reward{Address: strings.ToUpper(testutil.Bech32(t, "payer")), Amount: math.NewInt(7)})
	err := gs.Validate(testutil.AccCodec)
	require.ErrorIs(t, err, types.ErrInvalidGenesis)
	require.ErrorContains(t, err, notCanonical)
}
