package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/reputation/keeper"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// setDevice edits a device of the fake registry and calls the reputation
// hook with the device before and after, as x/device does after an
// activation, transfer, suspension, reinstatement or revocation.
func (f *fixture) setDevice(t *testing.T, id string, edit func(d *devicetypes.Device)) {
	t.Helper()
	parsed, err := devicekit.ParseID(id)
	require.NoError(t, err)
	d := f.devices.d[parsed]
	before := *d
	edit(d)
	require.NoError(t, f.k.DeviceHooks().AfterDeviceOwnerOrStatusChanged(f.ctx, before, *d))
}

func owned(owner string) func(d *devicetypes.Device) {
	return func(d *devicetypes.Device) { d.Owner = owner }
}

func withStatus(s devicetypes.Status) func(d *devicetypes.Device) {
	return func(d *devicetypes.Device) { d.Status = s }
}

// ownerReputation returns an owner's aggregates as the query answers them,
// by type.
func (f *fixture) ownerReputation(t *testing.T, owner string) map[string]types.OwnerAggregate {
	t.Helper()
	res, err := f.queries.OwnerReputation(f.ctx, &types.QueryOwnerReputationRequest{Owner: owner})
	require.NoError(t, err)
	out := map[string]types.OwnerAggregate{}
	for _, a := range res.Aggregates {
		require.Equal(t, owner, a.Owner)
		out[a.ReputationType] = a
	}
	return out
}

func ownerAgg(owner, typ string, sum, devices uint64) types.OwnerAggregate {
	return types.OwnerAggregate{Owner: owner, ReputationType: typ, ValueSum: sum, Devices: devices, Value: uint32(sum / devices)}
}

// allOwnerAggregates lists the stored owner aggregates in key order.
func (f *fixture) allOwnerAggregates(t *testing.T) []types.OwnerAggregate {
	t.Helper()
	out := []types.OwnerAggregate{}
	require.NoError(t, f.k.OwnerAggregates.Walk(f.ctx, nil,
		func(_ collections.Pair[sdk.AccAddress, string], a types.OwnerAggregate) (bool, error) {
			out = append(out, a)
			return false, nil
		}))
	return out
}

// requireOwnerAggregatesRecount checks the incrementally kept owner
// aggregates against the invariant's recount from scratch.
func (f *fixture) requireOwnerAggregatesRecount(t *testing.T) {
	t.Helper()
	require.NoError(t, keeper.OwnerAggregatesInvariant(f.ctx, f.k))
}

func TestOwnerAggregatesFollowScores(t *testing.T) {
	f := setup(t)
	alice, bob := testutil.Bech32(t, "alice"), testutil.Bech32(t, "bob")
	f.setDevice(t, f.meter, owned(alice))
	f.setDevice(t, f.lamp, owned(alice))
	require.Empty(t, f.ownerReputation(t, alice), "no device of the owner is scored yet")

	f.mustWrite(t, f.sentinel, score(f.meter, "security", 4000))
	require.Equal(t, map[string]types.OwnerAggregate{"security": ownerAgg(alice, "security", 4000, 1)}, f.ownerReputation(t, alice),
		"an unscored device does not count at its manufacturer's default")

	f.mustWrite(t, f.sentinel, score(f.lamp, "security", 7001), score(f.meter, "social", 6000))
	require.Equal(t, map[string]types.OwnerAggregate{
		"security": ownerAgg(alice, "security", 11001, 2),
		"social":   ownerAgg(alice, "social", 6000, 1),
	}, f.ownerReputation(t, alice))
	require.Equal(t, uint32(5500), f.ownerReputation(t, alice)["security"].Value, "the mean rounds down")

	// veritas (weight 300) joins on meter: (4000×100 + 1000×300) / 400.
	f.mustWrite(t, f.veritas, score(f.meter, "security", 1000))
	require.Equal(t, uint32(1750), f.aggregate(t, f.meter, "security").Value)
	require.Equal(t, ownerAgg(alice, "security", 1750+7001, 2), f.ownerReputation(t, alice)["security"])

	// sentinel re-scores meter: its earlier score is replaced.
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 8000))
	require.Equal(t, ownerAgg(alice, "security", 2750+7001, 2), f.ownerReputation(t, alice)["security"])

	f.mustWrite(t, f.sentinel, score(f.pump, "security", 100))
	require.Equal(t, ownerAgg(alice, "security", 2750+7001, 2), f.ownerReputation(t, alice)["security"],
		"a device without an owner counts for nobody")
	require.Empty(t, f.ownerReputation(t, bob))
	f.requireOwnerAggregatesRecount(t)
}

func TestOwnerAggregatesFollowReweighing(t *testing.T) {
	f := setup(t)
	alice := testutil.Bech32(t, "alice")
	f.setDevice(t, f.meter, owned(alice))
	f.setDevice(t, f.lamp, owned(alice))
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 4000), score(f.lamp, "security", 6000))
	f.mustWrite(t, f.veritas, score(f.meter, "security", 1000), score(f.lamp, "service-quality", 2000))
	require.Equal(t, map[string]types.OwnerAggregate{
		"security":        ownerAgg(alice, "security", 1750+6000, 2),
		"service-quality": ownerAgg(alice, "service-quality", 2000, 1),
	}, f.ownerReputation(t, alice))

	// Suspending veritas takes its scores out: meter's security is
	// sentinel's alone, and lamp's service-quality counts nothing any more.
	f.change(t, f.veritas, suspended)
	f.endBlock(t)
	require.Equal(t, map[string]types.OwnerAggregate{
		"security": ownerAgg(alice, "security", 4000+6000, 2),
	}, f.ownerReputation(t, alice))
	f.requireOwnerAggregatesRecount(t)

	// Reinstated with weight 100, its scores count again.
	f.change(t, f.veritas, func(a *auditortypes.Auditor) { reinstated(a); a.Weight = 100 })
	f.endBlock(t)
	require.Equal(t, map[string]types.OwnerAggregate{
		"security":        ownerAgg(alice, "security", 2500+6000, 2),
		"service-quality": ownerAgg(alice, "service-quality", 2000, 1),
	}, f.ownerReputation(t, alice))
	f.requireOwnerAggregatesRecount(t)
}

func TestOwnerAggregatesFollowActivationTransferAndRevocation(t *testing.T) {
	f := setup(t)
	alice, bob := testutil.Bech32(t, "alice"), testutil.Bech32(t, "bob")
	for _, id := range []string{f.meter, f.lamp, f.pump} {
		f.setDevice(t, id, withStatus(devicetypes.STATUS_REGISTERED))
	}
	// Devices are scored before anyone owns them.
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 4000), score(f.meter, "social", 3000),
		score(f.lamp, "security", 6000), score(f.pump, "security", 9000))
	require.Empty(t, f.allOwnerAggregates(t))

	activate := func(owner string) func(d *devicetypes.Device) {
		return func(d *devicetypes.Device) { d.Owner, d.Status = owner, devicetypes.STATUS_ACTIVE }
	}
	f.setDevice(t, f.meter, activate(alice))
	f.setDevice(t, f.lamp, activate(alice))
	f.setDevice(t, f.pump, activate(bob))
	require.Equal(t, map[string]types.OwnerAggregate{
		"security": ownerAgg(alice, "security", 10000, 2),
		"social":   ownerAgg(alice, "social", 3000, 1),
	}, f.ownerReputation(t, alice), "activation brings every scored type of the device")
	require.Equal(t, map[string]types.OwnerAggregate{"security": ownerAgg(bob, "security", 9000, 1)}, f.ownerReputation(t, bob))
	f.requireOwnerAggregatesRecount(t)

	f.setDevice(t, f.meter, owned(bob))
	require.Equal(t, map[string]types.OwnerAggregate{"security": ownerAgg(alice, "security", 6000, 1)}, f.ownerReputation(t, alice),
		"a transfer takes the device out of the old owner's aggregates, deleting the ones it alone counted in")
	require.Equal(t, map[string]types.OwnerAggregate{
		"security": ownerAgg(bob, "security", 13000, 2),
		"social":   ownerAgg(bob, "social", 3000, 1),
	}, f.ownerReputation(t, bob))

	f.setDevice(t, f.meter, withStatus(devicetypes.STATUS_SUSPENDED))
	require.Equal(t, ownerAgg(bob, "security", 13000, 2), f.ownerReputation(t, bob)["security"], "a suspended device still counts")
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 5000))
	require.Equal(t, ownerAgg(bob, "security", 14000, 2), f.ownerReputation(t, bob)["security"])

	f.setDevice(t, f.meter, withStatus(devicetypes.STATUS_REVOKED))
	require.Equal(t, map[string]types.OwnerAggregate{"security": ownerAgg(bob, "security", 9000, 1)}, f.ownerReputation(t, bob),
		"a revoked device counts no more")
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 1))
	require.Equal(t, map[string]types.OwnerAggregate{"security": ownerAgg(bob, "security", 9000, 1)}, f.ownerReputation(t, bob),
		"nor do its later scores")
	f.requireOwnerAggregatesRecount(t)
}

func TestOwnerAggregatesSurviveGenesis(t *testing.T) {
	f := setup(t)
	alice, bob := testutil.Bech32(t, "alice"), testutil.Bech32(t, "bob")
	f.setDevice(t, f.meter, owned(alice))
	f.setDevice(t, f.lamp, owned(alice))
	f.setDevice(t, f.pump, owned(bob))
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 4000), score(f.lamp, "social", 6000), score(f.pump, "security", 2000))
	f.mustWrite(t, f.veritas, score(f.meter, "security", 1000), score(f.lamp, "security", 3000))
	f.setDevice(t, f.lamp, withStatus(devicetypes.STATUS_REVOKED))
	// veritas is suspended and the sweep has not run: its scores still count.
	f.change(t, f.veritas, suspended)
	want := f.allOwnerAggregates(t)
	require.Len(t, want, 2)

	// The import recomputes them from the latest scores and x/device's
	// owners and statuses, loaded before.
	g := setup(t)
	for id, d := range f.devices.d {
		copied := *d
		g.devices.d[id] = &copied
	}
	require.NoError(t, g.k.InitGenesis(g.ctx, f.state(t)))
	require.Equal(t, want, g.allOwnerAggregates(t))
	require.Equal(t, f.state(t), g.state(t))

	// The sweep goes on after the import and both chains agree.
	f.endBlock(t)
	g.endBlock(t)
	require.Equal(t, f.allOwnerAggregates(t), g.allOwnerAggregates(t))
	g.requireOwnerAggregatesRecount(t)
}

func TestGenesisRefusesAScoreOfAnUnknownDevice(t *testing.T) {
	f := setup(t)
	gs := validGenesis()
	gs.Latest[0].DeviceId = deviceID("ghost")
	require.NoError(t, gs.Validate(), "only the import knows the devices")
	require.ErrorIs(t, f.k.InitGenesis(f.ctx, gs), types.ErrInvalidGenesis)
}

func TestOwnerReputationQuery(t *testing.T) {
	f := setup(t)
	alice := testutil.Bech32(t, "alice")
	f.setDevice(t, f.meter, owned(alice))
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 4000), score(f.meter, "social", 3000))

	_, err := f.queries.OwnerReputation(f.ctx, nil)
	require.Equal(t, codes.InvalidArgument, status.Code(err))
	_, err = f.queries.OwnerReputation(f.ctx, &types.QueryOwnerReputationRequest{Owner: "alice"})
	require.Equal(t, codes.InvalidArgument, status.Code(err), "a malformed address")

	res, err := f.queries.OwnerReputation(f.ctx, &types.QueryOwnerReputationRequest{Owner: alice, Pagination: &query.PageRequest{Limit: 1}})
	require.NoError(t, err)
	require.Equal(t, []types.OwnerAggregate{ownerAgg(alice, "security", 4000, 1)}, res.Aggregates, "types in order")
	require.NotEmpty(t, res.Pagination.NextKey)
	res, err = f.queries.OwnerReputation(f.ctx, &types.QueryOwnerReputationRequest{Owner: alice, Pagination: &query.PageRequest{Key: res.Pagination.NextKey}})
	require.NoError(t, err)
	require.Equal(t, []types.OwnerAggregate{ownerAgg(alice, "social", 3000, 1)}, res.Aggregates)
	require.Empty(t, res.Pagination.NextKey)
}
