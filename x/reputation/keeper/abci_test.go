package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/reputation"
	reputationsim "github.com/atonomi/atonomid/x/reputation/simulation"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// change edits an auditor of the fake registry and calls the reputation
// hook with its new effective weight, as x/auditor does after a suspension,
// reinstatement, removal or new weight.
func (f *fixture) change(t *testing.T, operator string, edit func(a *auditortypes.Auditor)) {
	t.Helper()
	a := f.auditors.byOperator[operator]
	edit(a)
	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.AuditorHooks().AfterAuditorWeightChanged(f.ctx, a.Id, a.EffectiveWeight()))
}

func suspended(a *auditortypes.Auditor)  { a.Status = auditortypes.STATUS_SUSPENDED }
func reinstated(a *auditortypes.Auditor) { a.Status = auditortypes.STATUS_ACTIVE }
func removed(a *auditortypes.Auditor)    { a.Status = auditortypes.STATUS_REMOVED }

func weighing(w uint32) func(a *auditortypes.Auditor) {
	return func(a *auditortypes.Auditor) { a.Weight = w }
}

// endBlock runs the end blocker on a fresh event manager, so that f.events
// returns its events only, and moves on to the next block.
func (f *fixture) endBlock(t *testing.T) {
	t.Helper()
	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	require.NoError(t, f.k.EndBlocker(f.ctx))
	f.advance(1)
}

// weightsOf lists the weights an auditor's latest scores count with, in
// the order of the latest scores' keys.
func (f *fixture) weightsOf(t *testing.T, auditorID string) []uint32 {
	t.Helper()
	var out []uint32
	for _, l := range f.state(t).Latest {
		if l.AuditorId == auditorID {
			out = append(out, l.Weight)
		}
	}
	return out
}

// atWeight counts an auditor's latest scores counted with weight.
func (f *fixture) atWeight(t *testing.T, auditorID string, weight uint32) int {
	t.Helper()
	n := 0
	for _, w := range f.weightsOf(t, auditorID) {
		if w == weight {
			n++
		}
	}
	return n
}

// requireRecomputable checks that the stored aggregates are the ones
// genesis import recomputes from the latest scores and the weights they
// carry: the incremental sums never drift, mid-sweep included.
func (f *fixture) requireRecomputable(t *testing.T) {
	t.Helper()
	g := setup(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, f.state(t)))
	require.Equal(t, f.allAggregates(t), g.allAggregates(t))
}

// agg is a stored aggregate of the fixture's devices.
func agg(device, reputationType string, weightedSum, totalWeight uint64, auditors, value uint32) types.Aggregate {
	return types.Aggregate{DeviceId: device, ReputationType: reputationType, WeightedSum: weightedSum, TotalWeight: totalWeight, Auditors: auditors, Value: value}
}

func TestReweighAppliesAWeightChange(t *testing.T) {
	f := setup(t)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 3000), score(f.lamp, "security", 2000)) // weight 100
	f.mustWrite(t, f.veritas, score(f.meter, "security", 7001))                                   // weight 300
	require.Equal(t, agg(f.meter, "security", 2_400_300, 400, 2, 6000), f.aggregate(t, f.meter, "security"))

	f.change(t, f.sentinel, weighing(300))
	require.Equal(t, []types.Reweigh{{AuditorId: "sentinel", Weight: 300}}, f.state(t).ReweighQueue)
	require.Empty(t, f.events(t), "the hook only queues the auditor")
	require.Equal(t, agg(f.meter, "security", 2_400_300, 400, 2, 6000), f.aggregate(t, f.meter, "security"),
		"until the end blocker runs, the scores keep the weight they were counted with")

	calls := len(f.devices.calls)
	f.endBlock(t)
	// (3000×300 + 7001×300) / 600 = 3,000,300 / 600 = 5000.5, rounded down.
	require.Equal(t, agg(f.meter, "security", 3_000_300, 600, 2, 5000), f.aggregate(t, f.meter, "security"))
	require.Equal(t, agg(f.lamp, "security", 600_000, 300, 1, 2000), f.aggregate(t, f.lamp, "security"),
		"a single auditor's aggregate keeps its value at any weight")
	require.Equal(t, []uint32{300, 300}, f.weightsOf(t, "sentinel"), "each score keeps the weight it now counts with")
	require.Equal(t, []uint32{300}, f.weightsOf(t, "veritas"), "another auditor's scores are untouched")
	require.Empty(t, f.state(t).ReweighQueue, "the auditor is done")
	require.Empty(t, f.state(t).ReweighCursors)
	require.Equal(t, []proto.Message{&types.EventAuditorReweighed{AuditorId: "sentinel", Weight: 300}}, f.events(t))
	require.ElementsMatch(t, []string{exclusion(f.meter, false, false), exclusion(f.lamp, false, false)}, f.devices.calls[calls:],
		"the exclusion of each re-weighed device is judged again")
	f.requireRecomputable(t)

	t.Run("an end block with nothing queued does nothing", func(t *testing.T) {
		before := f.snapshot(t)
		f.endBlock(t)
		require.Equal(t, before, f.snapshot(t))
		require.Empty(t, f.events(t))
	})
}

func TestReweighSuspensionAndReinstatement(t *testing.T) {
	f := setup(t) // threshold 1000
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 3000), score(f.pump, "security", 500))
	f.mustWrite(t, f.veritas, score(f.meter, "security", 7001), score(f.lamp, "security", 500), score(f.pump, "security", 9000))
	// meter: 6000; lamp: veritas' 500 alone, excluded; pump: (500×100 +
	// 9000×300) / 400 = 6875, not excluded.
	require.True(t, f.devices.excluded(f.lamp))
	require.False(t, f.devices.excluded(f.pump))
	before := f.allAggregates(t)

	f.change(t, f.veritas, suspended)
	require.Equal(t, []types.Reweigh{{AuditorId: "veritas", Weight: 0}}, f.state(t).ReweighQueue)
	calls := len(f.devices.calls)
	f.endBlock(t)
	require.Equal(t, agg(f.meter, "security", 300_000, 100, 1, 3000), f.aggregate(t, f.meter, "security"),
		"the aggregate returns to the other auditor's score")
	require.Equal(t, agg(f.pump, "security", 50_000, 100, 1, 500), f.aggregate(t, f.pump, "security"))
	require.Equal(t, types.NewAggregate(f.lamp, "security", acmeDefault), f.aggregate(t, f.lamp, "security"),
		"with its only auditor suspended, the type has the manufacturer's default, as if unscored")
	dev, err := f.queries.DeviceReputation(f.ctx, &types.QueryDeviceReputationRequest{DeviceId: f.lamp})
	require.NoError(t, err)
	require.Empty(t, dev.Aggregates, "an aggregate that counts nothing is not stored")
	require.Equal(t, []uint32{0, 0, 0}, f.weightsOf(t, "veritas"), "the scores stay, counted with weight 0")

	require.False(t, f.devices.excluded(f.lamp), "the suspended auditor's low score no longer excludes")
	require.True(t, f.devices.excluded(f.pump), "without the suspended auditor's high score the device is excluded")
	require.ElementsMatch(t, []string{
		exclusion(f.meter, false, false), exclusion(f.lamp, false, true), exclusion(f.pump, true, true),
	}, f.devices.calls[calls:])
	require.ElementsMatch(t, []proto.Message{
		&types.EventAuditorReweighed{AuditorId: "veritas", Weight: 0},
		&types.EventDeviceReinstated{DeviceId: f.lamp},
		&types.EventDeviceExcluded{DeviceId: f.pump, ReputationType: "security", Aggregate: 500, Threshold: types.DefaultExclusionThreshold},
	}, f.events(t))
	f.requireRecomputable(t)

	f.change(t, f.veritas, reinstated)
	require.Equal(t, []types.Reweigh{{AuditorId: "veritas", Weight: 300}}, f.state(t).ReweighQueue)
	f.endBlock(t)
	require.Equal(t, before, f.allAggregates(t), "reinstatement restores the auditor's influence exactly")
	require.Equal(t, []uint32{300, 300, 300}, f.weightsOf(t, "veritas"))
	require.True(t, f.devices.excluded(f.lamp))
	require.False(t, f.devices.excluded(f.pump))
	require.ElementsMatch(t, []proto.Message{
		&types.EventAuditorReweighed{AuditorId: "veritas", Weight: 300},
		&types.EventDeviceExcluded{DeviceId: f.lamp, ReputationType: "security", Aggregate: 500, Threshold: types.DefaultExclusionThreshold},
		&types.EventDeviceReinstated{DeviceId: f.pump},
	}, f.events(t))

	t.Run("the removal of a device's only auditor returns it to the default and reinstates it", func(t *testing.T) {
		g := setup(t)
		g.mustWrite(t, g.sentinel, score(g.meter, "security", 200))
		require.True(t, g.devices.excluded(g.meter))
		g.change(t, g.sentinel, removed)
		g.endBlock(t)
		require.Equal(t, types.NewAggregate(g.meter, "security", acmeDefault), g.aggregate(t, g.meter, "security"))
		require.False(t, g.devices.excluded(g.meter))
		requireContains(t, g.events(t), &types.EventDeviceReinstated{DeviceId: g.meter})
	})

	t.Run("a reinstated auditor's new score replaces its weight-0 score", func(t *testing.T) {
		g := setup(t)
		g.mustWrite(t, g.sentinel, score(g.meter, "security", 3000))
		g.mustWrite(t, g.veritas, score(g.meter, "security", 7001))
		g.change(t, g.veritas, suspended)
		g.endBlock(t)
		g.change(t, g.veritas, reinstated)
		// Before the sweep reaches it, veritas scores again: its old score
		// is taken out at weight 0 (nothing), the new one counts at 300.
		g.mustWrite(t, g.veritas, score(g.meter, "security", 5000))
		// (3000×100 + 5000×300) / 400 = 1,800,000 / 400 = 4500.
		want := agg(g.meter, "security", 1_800_000, 400, 2, 4500)
		require.Equal(t, want, g.aggregate(t, g.meter, "security"))
		g.endBlock(t)
		require.Equal(t, want, g.aggregate(t, g.meter, "security"), "the sweep skips the score already at 300")
		require.Empty(t, g.state(t).ReweighQueue)
	})
}

// requireContains checks that events holds want.
func requireContains(t *testing.T, events []proto.Message, want proto.Message) {
	t.Helper()
	for _, e := range events {
		if proto.Equal(e, want) {
			return
		}
	}
	t.Fatalf("%v not among %v", want, events)
}

// fiveScores has sentinel score five device-types and veritas one of them,
// with reweigh_per_block = 2.
func fiveScores(t *testing.T) *fixture {
	t.Helper()
	f := setup(t)
	f.setParams(t, func(p *types.Params) { p.ReweighPerBlock = 2 })
	f.mustWrite(t, f.sentinel,
		score(f.meter, "security", 1000), score(f.meter, "social", 2000),
		score(f.lamp, "security", 3000), score(f.lamp, "social", 4000), score(f.pump, "security", 5000))
	f.mustWrite(t, f.veritas, score(f.meter, "security", 7000))
	f.advance(1)
	return f
}

func TestReweighIsBounded(t *testing.T) {
	f := fiveScores(t)
	f.change(t, f.sentinel, weighing(300))
	for block, done := range []int{2, 4, 5} {
		f.endBlock(t)
		require.Equal(t, done, f.atWeight(t, "sentinel", 300), "block %d re-weighs two scores at most", block+1)
		f.requireRecomputable(t)
		gs := f.state(t)
		if done < 5 {
			require.Equal(t, []types.Reweigh{{AuditorId: "sentinel", Weight: 300}}, gs.ReweighQueue)
			require.Len(t, gs.ReweighCursors, 1)
			require.Equal(t, "sentinel", gs.ReweighCursors[0].AuditorId)
			require.Empty(t, f.events(t), "no device's verdict changes, and the auditor is not done")
			continue
		}
		require.Empty(t, gs.ReweighQueue)
		require.Empty(t, gs.ReweighCursors)
		require.Equal(t, []proto.Message{&types.EventAuditorReweighed{AuditorId: "sentinel", Weight: 300}}, f.events(t))
	}
	// (1000×300 + 7000×300) / 600 = 2,400,000 / 600 = 4000.
	require.Equal(t, agg(f.meter, "security", 2_400_000, 600, 2, 4000), f.aggregate(t, f.meter, "security"))
	require.Equal(t, agg(f.meter, "social", 600_000, 300, 1, 2000), f.aggregate(t, f.meter, "social"))
	require.Equal(t, agg(f.lamp, "security", 900_000, 300, 1, 3000), f.aggregate(t, f.lamp, "security"))
	require.Equal(t, agg(f.lamp, "social", 1_200_000, 300, 1, 4000), f.aggregate(t, f.lamp, "social"))
	require.Equal(t, agg(f.pump, "security", 1_500_000, 300, 1, 5000), f.aggregate(t, f.pump, "security"))

	t.Run("the budget is shared by the queued auditors in id order", func(t *testing.T) {
		g := setup(t)
		g.setParams(t, func(p *types.Params) { p.ReweighPerBlock = 2 })
		g.mustWrite(t, g.sentinel, score(g.meter, "social", 2000))
		g.mustWrite(t, g.veritas, score(g.meter, "service-quality", 1), score(g.lamp, "service-quality", 2), score(g.pump, "service-quality", 3))
		g.change(t, g.veritas, weighing(50))
		g.change(t, g.sentinel, weighing(50))
		g.endBlock(t)
		require.Equal(t, []uint32{50}, g.weightsOf(t, "sentinel"), "sentinel comes first and is done with one score")
		require.Equal(t, 1, g.atWeight(t, "veritas", 50), "veritas gets the rest of the block's budget")
		require.Equal(t, []types.Reweigh{{AuditorId: "veritas", Weight: 50}}, g.state(t).ReweighQueue)
		require.Equal(t, []proto.Message{&types.EventAuditorReweighed{AuditorId: "sentinel", Weight: 50}}, g.events(t))
		g.endBlock(t)
		require.Equal(t, []uint32{50, 50, 50}, g.weightsOf(t, "veritas"))
		require.Empty(t, g.state(t).ReweighQueue, "the second block sees veritas' last score and finishes it")
		g.requireRecomputable(t)
	})
}

func TestReweighDoesNotDoubleCount(t *testing.T) {
	t.Run("scores written during the sweep count once, with the new weight", func(t *testing.T) {
		f := fiveScores(t)
		f.change(t, f.sentinel, weighing(300))
		f.endBlock(t)
		require.Equal(t, 2, f.atWeight(t, "sentinel", 300))

		// Two of the five were swept, three were not: sentinel re-scores all.
		f.mustWrite(t, f.sentinel,
			score(f.meter, "security", 1100), score(f.meter, "social", 2100),
			score(f.lamp, "security", 3100), score(f.lamp, "social", 4100), score(f.pump, "security", 5100))
		want := []types.Aggregate{
			// (1100×300 + 7000×300) / 600 = 2,430,000 / 600 = 4050.
			agg(f.meter, "security", 2_430_000, 600, 2, 4050),
			agg(f.meter, "social", 630_000, 300, 1, 2100),
			agg(f.lamp, "security", 930_000, 300, 1, 3100),
			agg(f.lamp, "social", 1_230_000, 300, 1, 4100),
			agg(f.pump, "security", 1_530_000, 300, 1, 5100),
		}
		requireAggregates(t, f, want)
		f.requireRecomputable(t)

		calls := len(f.devices.calls)
		blocks := 0
		for len(f.state(t).ReweighQueue) > 0 {
			f.endBlock(t)
			blocks++
			require.LessOrEqual(t, blocks, 2)
		}
		require.Equal(t, 2, blocks, "the three remaining scores are visited, two per block")
		requireAggregates(t, f, want)
		require.Len(t, f.devices.calls, calls, "skipped scores change no aggregate, so no device is judged")
	})

	t.Run("a later weight change restarts the sweep from the first score", func(t *testing.T) {
		f := fiveScores(t)
		f.change(t, f.sentinel, weighing(300))
		f.endBlock(t)
		f.change(t, f.sentinel, weighing(500))
		require.Empty(t, f.state(t).ReweighCursors, "the scores already swept are at the old weight")
		for i := 0; i < 3; i++ {
			f.endBlock(t)
			f.requireRecomputable(t)
		}
		require.Equal(t, []uint32{500, 500, 500, 500, 500}, f.weightsOf(t, "sentinel"))
		require.Empty(t, f.state(t).ReweighQueue)
		// (1000×500 + 7000×300) / 800 = 2,600,000 / 800 = 3250.
		require.Equal(t, agg(f.meter, "security", 2_600_000, 800, 2, 3250), f.aggregate(t, f.meter, "security"))
		require.Equal(t, agg(f.pump, "security", 2_500_000, 500, 1, 5000), f.aggregate(t, f.pump, "security"))
	})

	t.Run("the same weight again keeps the sweep's place", func(t *testing.T) {
		f := fiveScores(t)
		f.change(t, f.sentinel, weighing(300))
		f.endBlock(t)
		cursor := f.state(t).ReweighCursors
		f.change(t, f.sentinel, weighing(300))
		require.Equal(t, cursor, f.state(t).ReweighCursors)
		f.endBlock(t)
		f.endBlock(t)
		require.Empty(t, f.state(t).ReweighQueue, "three blocks in all, as without the repeated change")
	})

	t.Run("a suspension undone before the sweep leaves the aggregates as they were", func(t *testing.T) {
		f := fiveScores(t)
		before := f.allAggregates(t)
		f.change(t, f.sentinel, suspended)
		f.change(t, f.sentinel, reinstated)
		require.Equal(t, []types.Reweigh{{AuditorId: "sentinel", Weight: 100}}, f.state(t).ReweighQueue)
		for i := 0; i < 3; i++ {
			f.endBlock(t)
		}
		require.Empty(t, f.state(t).ReweighQueue)
		require.Equal(t, before, f.allAggregates(t))
	})
}

// requireAggregates checks the stored aggregates, in any order.
func requireAggregates(t *testing.T, f *fixture, want []types.Aggregate) {
	t.Helper()
	require.ElementsMatch(t, want, f.allAggregates(t))
}

func TestReweighGenesisRoundTrip(t *testing.T) {
	f := fiveScores(t)
	f.change(t, f.sentinel, weighing(300))
	f.change(t, f.veritas, suspended)
	f.endBlock(t) // sentinel: two scores of five; veritas waits

	exported := f.state(t)
	require.Equal(t, []types.Reweigh{{AuditorId: "sentinel", Weight: 300}, {AuditorId: "veritas", Weight: 0}}, exported.ReweighQueue)
	require.Len(t, exported.ReweighCursors, 1)
	require.NoError(t, exported.Validate())

	g := setup(t)
	g.ctx = g.ctx.WithBlockHeight(f.ctx.BlockHeight())
	require.NoError(t, g.k.InitGenesis(g.ctx, exported))
	require.Equal(t, exported, g.state(t), "export after import is the same state")
	require.Equal(t, f.allAggregates(t), g.allAggregates(t))
	require.Equal(t, byAuditor(t, f), byAuditor(t, g), "the index is rebuilt from the latest scores")

	for _, c := range []*fixture{f, g} {
		for i := 0; i < 3; i++ {
			c.endBlock(t)
		}
	}
	require.Equal(t, f.state(t), g.state(t), "both chains finish the sweep identically")
	require.Equal(t, f.allAggregates(t), g.allAggregates(t))
	require.Empty(t, g.state(t).ReweighQueue)
	require.Equal(t, []uint32{0}, g.weightsOf(t, "veritas"))
	// sentinel's 1000 at 300 alone: veritas no longer counts.
	require.Equal(t, agg(g.meter, "security", 300_000, 300, 1, 1000), g.aggregate(t, g.meter, "security"))
}

// byAuditor lists the ByAuditor index.
func byAuditor(t *testing.T, f *fixture) []collections.Triple[string, devicekit.ID, string] {
	t.Helper()
	iter, err := f.k.ByAuditor.Iterate(f.ctx, nil)
	require.NoError(t, err)
	keys, err := iter.Keys()
	require.NoError(t, err)
	return keys
}

func TestByAuditorIndexFollowsLatest(t *testing.T) {
	f := setup(t)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 1), score(f.pump, "social", 2))
	f.mustWrite(t, f.veritas, score(f.meter, "security", 3))
	f.advance(1)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 4))
	keys := byAuditor(t, f)
	require.Len(t, keys, 3, "one entry per latest score; a re-score adds none")
	latest := f.state(t).Latest
	require.Len(t, latest, 3)
	for _, l := range latest {
		id, err := devicekit.ParseID(l.DeviceId)
		require.NoError(t, err)
		require.Contains(t, keys, collections.Join3(l.AuditorId, id, l.ReputationType))
	}
}

func TestAuditorHooksRefuseMalformedInput(t *testing.T) {
	cases := map[string]struct {
		auditorID string
		weight    uint32
		want      error
	}{
		"a malformed auditor id":    {"S", 100, auditortypes.ErrInvalidID},
		"a weight above 10000":      {"sentinel", auditortypes.MaxWeight + 1, auditortypes.ErrInvalidWeight},
		"the largest uint32 weight": {"sentinel", ^uint32(0), auditortypes.ErrInvalidWeight},
	}
	for name, tc := range cases {
		t.Run(name+" is refused and queues nothing", func(t *testing.T) {
			f := setup(t)
			before := f.state(t)
			require.ErrorIs(t, f.k.AuditorHooks().AfterAuditorWeightChanged(f.ctx, tc.auditorID, tc.weight), tc.want)
			require.Equal(t, before, f.state(t))
		})
	}
}

func TestModuleEndBlock(t *testing.T) {
	f := setup(t)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 3000))
	f.change(t, f.sentinel, weighing(200))
	require.NoError(t, reputation.NewAppModule(f.k, reputationsim.Keepers{}).EndBlock(f.ctx))
	require.Equal(t, []uint32{200}, f.weightsOf(t, "sentinel"), "the module's end block runs the sweep")
}
