package app_test

import (
	"testing"

	"cosmossdk.io/collections"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/testutil/apptest"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	reputationkeeper "github.com/atonomi/atonomid/x/reputation/keeper"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// TestOwnerReputationFollowsDevices runs the owner aggregates through the
// real device registry: scores, a transfer and a revocation.
func TestOwnerReputationFollowsDevices(t *testing.T) {
	c := setupPayments(t)
	ta := c.ta
	queries := reputationkeeper.NewQueryServer(ta.ReputationKeeper)
	ownerRep := func(owner string) []reputationtypes.OwnerAggregate {
		t.Helper()
		res, err := queries.OwnerReputation(ta.Ctx(), &reputationtypes.QueryOwnerReputationRequest{Owner: owner})
		require.NoError(t, err)
		return res.Aggregates
	}
	security := func(owner string, sum, devices uint64) []reputationtypes.OwnerAggregate {
		return []reputationtypes.OwnerAggregate{{Owner: owner, ReputationType: "security", ValueSum: sum, Devices: devices, Value: uint32(sum / devices)}}
	}
	owner, buyer := c.owner.String(), c.maker.String()

	require.Empty(t, ownerRep(owner), "activated devices not scored yet count nowhere")
	c.score(t, c.payer, 4000)
	c.score(t, c.payee, 7001)
	require.Equal(t, security(owner, 11001, 2), ownerRep(owner))

	c.ok(t, ta.DeliverTx(c.owner, &devicetypes.MsgTransferDevice{Owner: owner, DeviceId: c.payee, NewOwner: buyer}))
	require.Equal(t, security(owner, 4000, 1), ownerRep(owner))
	require.Equal(t, security(buyer, 7001, 1), ownerRep(buyer))

	c.ok(t, ta.DeliverTx(c.maker, &devicetypes.MsgRevokeDevice{Signer: c.maker.String(), DeviceId: c.payer, Reason: "stolen"}))
	require.Empty(t, ownerRep(owner), "the revoked device was the owner's last")
	require.Equal(t, security(buyer, 7001, 1), ownerRep(buyer))

	// A chain started from the export recomputes the owner aggregates from
	// the scores and x/device's owners and statuses.
	ta.NextBlock()
	_, imported := exportImport(t, ta)
	ctx := imported.NewUncachedContext(false, cmtproto.Header{ChainID: apptest.ChainID}) //nolint:staticcheck // between blocks only the committed store is there to read (NewContext needs a block's state)
	var want, got []reputationtypes.OwnerAggregate
	collect := func(into *[]reputationtypes.OwnerAggregate) func(collections.Pair[sdk.AccAddress, string], reputationtypes.OwnerAggregate) (bool, error) {
		return func(_ collections.Pair[sdk.AccAddress, string], a reputationtypes.OwnerAggregate) (bool, error) {
			*into = append(*into, a)
			return false, nil
		}
	}
	require.NoError(t, ta.ReputationKeeper.OwnerAggregates.Walk(ta.Ctx(), nil, collect(&want)))
	require.NoError(t, imported.ReputationKeeper.OwnerAggregates.Walk(ctx, nil, collect(&got)))
	require.Equal(t, security(buyer, 7001, 1), want)
	require.Equal(t, want, got)
}
