package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/atonomi/atonomid/x/reputation"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// validGenesis holds two auditors' latest scores of a device, a history of
// three scores, newest first, and veritas queued to be re-weighed to 0 (it
// was suspended) before the end blocker got to its score.
func validGenesis() *types.GenesisState {
	meter, pump := deviceID("meter"), deviceID("pump")
	return &types.GenesisState{
		Params: types.Params{MaxBatchSize: 100, HistoryLength: 3, ExclusionThreshold: 1000, ReweighPerBlock: 10, ExclusionSweepPerBlock: 10},
		Latest: []types.LatestScore{
			{DeviceId: meter, ReputationType: "security", AuditorId: "sentinel", Score: 3000, Height: 5, Weight: 100},
			{DeviceId: meter, ReputationType: "security", AuditorId: "veritas", Score: 7001, Height: 6, Weight: 300},
			{DeviceId: pump, ReputationType: "social", AuditorId: "sentinel", Score: 0, Height: 0, Weight: 1},
		},
		History: []types.Score{
			{DeviceId: meter, ReputationType: "security", AuditorId: "veritas", ManufacturerId: "acme", Score: 7001, Height: 6, Direction: types.DIRECTION_UP},
			{DeviceId: pump, ReputationType: "social", AuditorId: "sentinel", ManufacturerId: "bosch", Score: 0, Height: 0, Direction: types.DIRECTION_DOWN},
			{DeviceId: meter, ReputationType: "security", AuditorId: "sentinel", ManufacturerId: "acme", Score: 3000, Height: 5, Direction: types.DIRECTION_DOWN},
			{DeviceId: meter, ReputationType: "security", AuditorId: "sentinel", ManufacturerId: "acme", Score: 3000, Height: 5, Direction: types.DIRECTION_FLAT},
		},
		ReweighQueue:   []types.Reweigh{{AuditorId: "veritas", Weight: 0}},
		ReweighCursors: []types.ReweighCursor{},
	}
}

func TestGenesisValidate(t *testing.T) {
	require.NoError(t, types.DefaultGenesis().Validate())
	require.NoError(t, (&types.GenesisState{Params: types.Params{MaxBatchSize: 1, HistoryLength: 1, ReweighPerBlock: 1, ExclusionSweepPerBlock: 1}}).Validate())
	require.NoError(t, validGenesis().Validate())
	with := func(edit func(gs *types.GenesisState)) *types.GenesisState {
		gs := validGenesis()
		edit(gs)
		return gs
	}
	valid := map[string]*types.GenesisState{
		"a latest score of weight zero, a suspended auditor's": with(func(gs *types.GenesisState) { gs.Latest[0].Weight = 0 }),
		"an auditor queued to weight 10000":                    with(func(gs *types.GenesisState) { gs.ReweighQueue[0].Weight = 10_000 }),
		"a cursor of a queued auditor": with(func(gs *types.GenesisState) {
			gs.ReweighCursors = []types.ReweighCursor{{AuditorId: "veritas", DeviceId: gs.Latest[1].DeviceId, ReputationType: "security"}}
		}),
		"a cursor naming no stored score": with(func(gs *types.GenesisState) {
			gs.ReweighCursors = []types.ReweighCursor{{AuditorId: "veritas", DeviceId: deviceID("ghost"), ReputationType: "financial"}}
		}),
	}
	for name, gs := range valid {
		t.Run(name+" is a valid genesis", func(t *testing.T) {
			require.NoError(t, gs.Validate())
		})
	}
	for name, p := range invalidParams() {
		t.Run(name+" is an invalid genesis", func(t *testing.T) {
			require.ErrorIs(t, (&types.GenesisState{Params: p}).Validate(), types.ErrInvalidParams)
		})
	}

	cursor := func(gs *types.GenesisState) types.ReweighCursor {
		return types.ReweighCursor{AuditorId: "veritas", DeviceId: gs.Latest[1].DeviceId, ReputationType: "security"}
	}
	invalid := map[string]struct {
		gs   *types.GenesisState
		want error
	}{
		"a latest score of a malformed device id": {with(func(gs *types.GenesisState) { gs.Latest[0].DeviceId = "meter" }), types.ErrInvalidGenesis},
		"a latest score of an upper-case device id": {with(func(gs *types.GenesisState) {
			gs.Latest[0].DeviceId = strings.ToUpper(gs.Latest[0].DeviceId)
		}), types.ErrInvalidGenesis},
		"a latest score of a malformed type":                {with(func(gs *types.GenesisState) { gs.Latest[0].ReputationType = "Security!" }), types.ErrInvalidGenesis},
		"a latest score of no type":                         {with(func(gs *types.GenesisState) { gs.Latest[0].ReputationType = "" }), types.ErrInvalidGenesis},
		"a latest score of a malformed auditor id":          {with(func(gs *types.GenesisState) { gs.Latest[0].AuditorId = "S" }), types.ErrInvalidGenesis},
		"a latest score above 2147483647":                   {with(func(gs *types.GenesisState) { gs.Latest[0].Score = types.MaxScore + 1 }), types.ErrScoreOutOfRange},
		"a latest score of weight above 10000":              {with(func(gs *types.GenesisState) { gs.Latest[0].Weight = 10_001 }), types.ErrInvalidGenesis},
		"a latest score at a negative height":               {with(func(gs *types.GenesisState) { gs.Latest[0].Height = -1 }), types.ErrInvalidGenesis},
		"two latest scores of one auditor, device and type": {with(func(gs *types.GenesisState) { gs.Latest[1].AuditorId = "sentinel" }), types.ErrInvalidGenesis},
		"a history score of a malformed device id":          {with(func(gs *types.GenesisState) { gs.History[0].DeviceId = "" }), types.ErrInvalidGenesis},
		"a history score of a malformed manufacturer":       {with(func(gs *types.GenesisState) { gs.History[0].ManufacturerId = "" }), types.ErrInvalidGenesis},
		"a history score of no auditor":                     {with(func(gs *types.GenesisState) { gs.History[0].AuditorId = "" }), types.ErrInvalidGenesis},
		"a history score above 2147483647":                  {with(func(gs *types.GenesisState) { gs.History[0].Score = types.MaxScore + 1 }), types.ErrScoreOutOfRange},
		"a history score at a negative height":              {with(func(gs *types.GenesisState) { gs.History[1].Height = -1 }), types.ErrInvalidGenesis},
		"a history score without a direction":               {with(func(gs *types.GenesisState) { gs.History[0].Direction = types.DIRECTION_UNSPECIFIED }), types.ErrInvalidGenesis},
		"a history score of an unknown direction":           {with(func(gs *types.GenesisState) { gs.History[0].Direction = 9 }), types.ErrInvalidGenesis},
		"a history listed oldest first": {with(func(gs *types.GenesisState) {
			gs.History[0], gs.History[2] = gs.History[2], gs.History[0]
		}), types.ErrInvalidGenesis},
		"a history longer than history_length": {with(func(gs *types.GenesisState) { gs.Params.HistoryLength = 2 }), types.ErrInvalidGenesis},
		"a queued auditor of a malformed id":   {with(func(gs *types.GenesisState) { gs.ReweighQueue[0].AuditorId = "V" }), types.ErrInvalidGenesis},
		"an auditor queued to weight above 10000": {with(func(gs *types.GenesisState) {
			gs.ReweighQueue[0].Weight = 10_001
		}), types.ErrInvalidGenesis},
		"an auditor queued twice": {with(func(gs *types.GenesisState) {
			gs.ReweighQueue = append(gs.ReweighQueue, types.Reweigh{AuditorId: "veritas", Weight: 300})
		}), types.ErrInvalidGenesis},
		"a cursor of an auditor not queued": {with(func(gs *types.GenesisState) {
			c := cursor(gs)
			c.AuditorId = "sentinel"
			gs.ReweighCursors = []types.ReweighCursor{c}
		}), types.ErrInvalidGenesis},
		"two cursors of one auditor": {with(func(gs *types.GenesisState) {
			other := cursor(gs)
			other.ReputationType = "social"
			gs.ReweighCursors = []types.ReweighCursor{cursor(gs), other}
		}), types.ErrInvalidGenesis},
		"a cursor of a malformed device id": {with(func(gs *types.GenesisState) {
			c := cursor(gs)
			c.DeviceId = "meter"
			gs.ReweighCursors = []types.ReweighCursor{c}
		}), types.ErrInvalidGenesis},
		"a cursor of a malformed type": {with(func(gs *types.GenesisState) {
			c := cursor(gs)
			c.ReputationType = "Security!"
			gs.ReweighCursors = []types.ReweighCursor{c}
		}), types.ErrInvalidGenesis},
	}
	for name, tc := range invalid {
		t.Run(name+" is an invalid genesis", func(t *testing.T) {
			require.ErrorIs(t, tc.gs.Validate(), tc.want)
		})
	}
}

func TestGenesisRoundTrip(t *testing.T) {
	t.Run("params only", func(t *testing.T) {
		f := setup(t)
		gs := &types.GenesisState{
			Params: types.Params{MaxBatchSize: 250, HistoryLength: 5, ExclusionThreshold: 42, ReweighPerBlock: 7, ExclusionSweepPerBlock: 3},
			Latest: []types.LatestScore{}, History: []types.Score{}, ReweighQueue: []types.Reweigh{}, ReweighCursors: []types.ReweighCursor{},
		}
		require.NoError(t, f.k.InitGenesis(f.ctx, gs))
		require.Equal(t, gs, f.state(t), "export after import is the same state")
		g := setup(t)
		require.NoError(t, g.k.InitGenesis(g.ctx, f.state(t)))
		require.Equal(t, gs, g.state(t))
	})

	t.Run("an imported genesis is stored as listed, with the aggregates recomputed", func(t *testing.T) {
		f := setup(t)
		gs := validGenesis()
		require.NoError(t, f.k.InitGenesis(f.ctx, gs))
		require.Equal(t, types.Aggregate{DeviceId: f.meter, ReputationType: "security", WeightedSum: 2_400_300, TotalWeight: 400, Auditors: 2, Value: 6000},
			f.aggregate(t, f.meter, "security"))
		require.Equal(t, types.Aggregate{DeviceId: f.pump, ReputationType: "social", WeightedSum: 0, TotalWeight: 1, Auditors: 1, Value: 0},
			f.aggregate(t, f.pump, "social"), "a zero score counts: the aggregate is 0, not the default")
		require.Equal(t, []uint32{7001, 3000, 3000}, scoresOf(f.history(t, f.meter, "security")))
		exported := f.state(t)
		require.ElementsMatch(t, gs.Latest, exported.Latest)
		require.ElementsMatch(t, gs.History, exported.History)
		require.Equal(t, gs.ReweighQueue, exported.ReweighQueue, "veritas is still to be re-weighed")
	})

	t.Run("a chain's scores survive export and import", func(t *testing.T) {
		f := setup(t)
		f.setParams(t, func(p *types.Params) { p.HistoryLength = 3 })
		for i := uint32(1); i <= 4; i++ {
			f.mustWrite(t, f.sentinel, score(f.meter, "security", 1000*i), score(f.pump, "social", 500*i))
			f.advance(1)
			f.mustWrite(t, f.veritas, score(f.meter, "security", 900*i), score(f.lamp, "service-quality", 10*i))
			f.advance(1)
		}
		exported := f.state(t)
		require.Len(t, exported.History, 3+3+3, "three per device and type")

		g := setup(t)
		g.ctx = g.ctx.WithBlockHeight(f.ctx.BlockHeight())
		require.NoError(t, g.k.InitGenesis(g.ctx, exported))
		require.Equal(t, exported, g.state(t), "export after import is the same state")
		require.Equal(t, f.allAggregates(t), g.allAggregates(t), "the recomputed aggregates equal the ones kept on writes")

		// Both chains go on identically: the sequence counters were rebuilt.
		for _, c := range []*fixture{f, g} {
			c.mustWrite(t, c.sentinel, score(c.meter, "security", 42))
		}
		require.Equal(t, f.state(t), g.state(t))
		require.Equal(t, f.allAggregates(t), g.allAggregates(t))
		require.Equal(t, f.history(t, f.meter, "security"), g.history(t, g.meter, "security"))
		require.Equal(t, f.token.rewards[len(f.token.rewards)-1], g.token.rewards[0], "the reward counts the blocks since the imported score")
	})

	t.Run("an invalid genesis is refused and stores nothing", func(t *testing.T) {
		h := setup(t)
		before := h.state(t)
		bad := &types.GenesisState{Params: types.Params{MaxBatchSize: 0, HistoryLength: 32, ExclusionThreshold: 1000}}
		require.ErrorIs(t, h.k.InitGenesis(h.ctx, bad), types.ErrInvalidParams)
		badScores := validGenesis()
		badScores.Latest[2].Weight = 10_001
		require.ErrorIs(t, h.k.InitGenesis(h.ctx, badScores), types.ErrInvalidGenesis)
		require.Equal(t, before, h.state(t), "a refused genesis stores nothing")
		require.Empty(t, h.allAggregates(t))
	})
}

// TestModuleGenesisJSON checks the module's genesis hooks: the default genesis
// is valid JSON for ValidateGenesis, and invalid params in JSON are refused.
func TestModuleGenesisJSON(t *testing.T) {
	encCfg := moduletestutil.MakeTestEncodingConfig(reputation.AppModuleBasic{})
	basic := reputation.AppModuleBasic{}
	bz := basic.DefaultGenesis(encCfg.Codec)
	require.NoError(t, basic.ValidateGenesis(encCfg.Codec, nil, bz))
	var gs types.GenesisState
	require.NoError(t, encCfg.Codec.UnmarshalJSON(bz, &gs))
	require.Equal(t, types.DefaultGenesis(), &gs)

	full := encCfg.Codec.MustMarshalJSON(validGenesis())
	require.NoError(t, basic.ValidateGenesis(encCfg.Codec, nil, full))
	require.NoError(t, encCfg.Codec.UnmarshalJSON(full, &gs))
	require.Equal(t, validGenesis(), &gs)

	bad := encCfg.Codec.MustMarshalJSON(&types.GenesisState{Params: types.Params{MaxBatchSize: 1, HistoryLength: 0}})
	require.ErrorIs(t, basic.ValidateGenesis(encCfg.Codec, nil, bad), types.ErrInvalidParams)
	require.Error(t, basic.ValidateGenesis(encCfg.Codec, nil, []byte(`{"params":`)), "malformed JSON")
}
