package keeper_test

import (
	"math"
	"testing"

	"cosmossdk.io/collections"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/reputation/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

func TestWriteScoresRoles(t *testing.T) {
	t.Run("an active auditor writes scores", func(t *testing.T) {
		f := setup(t)
		res, err := f.write(f.sentinel, score(f.meter, "security", 7000), score(f.meter, "social", 6000))
		require.NoError(t, err)
		require.Equal(t, uint64(2), res.Written)
		require.Equal(t, uint32(7000), f.aggregate(t, f.meter, "security").Value)
		require.Equal(t, uint32(6000), f.aggregate(t, f.meter, "social").Value)
	})

	refused := map[string]struct {
		signer func(f *fixture) string
		want   error
	}{
		"a suspended auditor":                 {func(f *fixture) string { return f.dormant }, auditortypes.ErrAuditorInactive},
		"an account that operates no auditor": {func(f *fixture) string { return f.outsider }, auditortypes.ErrNotOperator},
		"a manufacturer operator":             {func(f *fixture) string { return f.acmeOps }, auditortypes.ErrNotOperator},
		"a malformed signer":                  {func(*fixture) string { return "sentinel" }, auditortypes.ErrInvalidOperator},
	}
	for name, tc := range refused {
		t.Run(name+" cannot write scores", func(t *testing.T) {
			f := setup(t)
			f.mustWrite(t, f.sentinel, score(f.meter, "security", 7000))
			before := f.snapshot(t)
			_, err := f.write(tc.signer(f), score(f.meter, "security", 100))
			require.ErrorIs(t, err, tc.want)
			require.Equal(t, before, f.snapshot(t), "a refused batch changes nothing and calls nothing")
			require.Empty(t, f.events(t), "a refused batch emits nothing")
		})
	}
}

func TestWriteScoresRefusals(t *testing.T) {
	cases := map[string]struct {
		prepare func(t *testing.T, f *fixture)
		entries func(f *fixture) []types.ScoreEntry
		want    error
		entry   string // the index the error names, when it is about one entry
	}{
		"scoring paused by the authority": {
			prepare: func(_ *testing.T, f *fixture) { f.token.paused[tokentypes.ACTION_SCORING] = true },
			entries: func(f *fixture) []types.ScoreEntry { return []types.ScoreEntry{score(f.meter, "security", 100)} },
			want:    tokentypes.ErrPaused,
		},
		"an empty batch": {
			entries: func(*fixture) []types.ScoreEntry { return nil },
			want:    types.ErrEmptyBatch,
		},
		"a batch above max_batch_size": {
			prepare: func(t *testing.T, f *fixture) { f.setParams(t, func(p *types.Params) { p.MaxBatchSize = 2 }) },
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(f.meter, "security", 1), score(f.lamp, "security", 2), score(f.pump, "security", 3)}
			},
			want: types.ErrBatchTooLarge,
		},
		"a malformed device id": {
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(f.meter, "security", 100), score("0x"+f.lamp[2:], "security", 100)}
			},
			want: devicetypes.ErrInvalidDeviceID, entry: "entry 1",
		},
		"an unknown device": {
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(f.meter, "security", 100), score(deviceID("ghost"), "security", 100)}
			},
			want: devicetypes.ErrUnknownDevice, entry: "entry 1",
		},
		"a type of the network the auditor may not write": {
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(f.meter, "security", 100), score(f.meter, "financial", 100)}
			},
			want: types.ErrTypeNotAllowed, entry: "entry 1",
		},
		"a type the network does not know": {
			entries: func(f *fixture) []types.ScoreEntry { return []types.ScoreEntry{score(f.meter, "made-up", 100)} },
			want:    types.ErrTypeNotAllowed, entry: "entry 0",
		},
		"an empty type": {
			entries: func(f *fixture) []types.ScoreEntry { return []types.ScoreEntry{score(f.meter, "", 100)} },
			want:    types.ErrTypeNotAllowed, entry: "entry 0",
		},
		"a score one above 2147483647": {
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(f.meter, "security", types.MaxScore), score(f.lamp, "security", types.MaxScore+1)}
			},
			want: types.ErrScoreOutOfRange, entry: "entry 1",
		},
		"the largest uint32 score": {
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(f.meter, "security", math.MaxUint32)}
			},
			want: types.ErrScoreOutOfRange, entry: "entry 0",
		},
		"a device and type twice": {
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(f.meter, "security", 100), score(f.meter, "social", 100), score(f.meter, "security", 200)}
			},
			want: types.ErrDuplicateEntry, entry: "entry 2",
		},
		"a device id in upper case": {
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(upper(f.meter), "security", 100)}
			},
			want: devicetypes.ErrInvalidDeviceID, entry: "entry 0",
		},
		"a device twice under two spellings of its id": {
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(f.meter, "security", 100), score(upper(f.meter), "security", 200)}
			},
			want: devicetypes.ErrInvalidDeviceID, entry: "entry 1",
		},
		"a fee the operator cannot pay": {
			prepare: func(_ *testing.T, f *fixture) { f.token.balance[f.sentinel] = 1 },
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(f.meter, "security", 100), score(f.lamp, "security", 100)}
			},
			want: tokentypes.ErrInsufficientFunds,
		},
	}
	for name, tc := range cases {
		t.Run(name+" refuses the whole batch", func(t *testing.T) {
			f := setup(t)
			// Earlier scores make "nothing changed" a statement about real state.
			f.mustWrite(t, f.sentinel, score(f.meter, "security", 7000), score(f.pump, "social", 500))
			f.advance(3)
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			before := f.snapshot(t)
			_, err := f.write(f.sentinel, tc.entries(f)...)
			require.ErrorIs(t, err, tc.want)
			if tc.entry != "" {
				require.ErrorContains(t, err, tc.entry)
			}
			require.Equal(t, before, f.snapshot(t), "a refused batch changes nothing and calls nothing")
			require.Empty(t, f.events(t), "a refused batch emits nothing")
		})
	}
}

// upper spells a device id in upper case, which ParseDeviceID refuses.
func upper(id string) string {
	out := []byte(id)
	for i, c := range out {
		if c >= 'a' && c <= 'f' {
			out[i] = c - 'a' + 'A'
		}
	}
	return string(out)
}

func TestWriteScoresChargesTheFeePerManufacturer(t *testing.T) {
	f := setup(t)
	// bosch's device comes first in the batch; fees go in manufacturer id order.
	f.mustWrite(t, f.sentinel,
		score(f.pump, "security", 100), score(f.meter, "security", 100),
		score(f.meter, "social", 100), score(f.lamp, "social", 100))
	require.Equal(t, []string{fee(f.sentinel, 3, "acme"), fee(f.sentinel, 1, "bosch")}, f.token.charged)
	require.Equal(t, uint64(1_000_000-4), f.token.balance[f.sentinel], "the operator pays for every score")

	f.advance(1)
	f.mustWrite(t, f.veritas, score(f.pump, "service-quality", 100))
	require.Equal(t, fee(f.veritas, 1, "bosch"), f.token.charged[2], "a batch of one manufacturer is one charge")
	require.Len(t, f.token.charged, 3)
}

func TestWriteScoresRewards(t *testing.T) {
	f := setup(t)
	acme := func(auditor string, blocks uint64) string { return reward("acme", auditor, f.acmeOps, blocks) }

	f.mustWrite(t, f.sentinel, score(f.meter, "security", 100), score(f.pump, "social", 100))
	require.Equal(t, []string{acme(f.sentinel, 0), reward("bosch", f.sentinel, f.boschOps, 0)}, f.token.rewards,
		"a first score asks for the full reward, shared with the manufacturer's first operator")

	f.advance(5)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 200), score(f.meter, "social", 200))
	require.Equal(t, []string{acme(f.sentinel, 5), acme(f.sentinel, 0)}, f.token.rewards[2:],
		"a re-score counts the blocks since the auditor's last score of that device and type; another type is a first score")

	f.mustWrite(t, f.veritas, score(f.meter, "security", 300))
	require.Equal(t, acme(f.veritas, 0), f.token.rewards[4], "another auditor's score is its own first")

	f.mustWrite(t, f.sentinel, score(f.meter, "security", 400))
	require.Len(t, f.token.rewards, 5, "a re-score in the same block has earned nothing, so nothing is asked")

	f.advance(120)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 500))
	require.Equal(t, acme(f.sentinel, 120), f.token.rewards[5])
}

func TestWriteScoresRewardAfterARestartBelowThePreviousHeight(t *testing.T) {
	f := setup(t)
	gs := types.DefaultGenesis()
	gs.Latest = []types.LatestScore{{DeviceId: f.meter, ReputationType: "security", AuditorId: "sentinel", Score: 100, Height: 1_000, Weight: 100}}
	require.NoError(t, f.k.InitGenesis(f.ctx, gs))
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 200))
	require.Equal(t, []string{reward("acme", f.sentinel, f.acmeOps, 0)}, f.token.rewards,
		"a previous score above the current height has an unknown age and counts as a first score")
}

func TestWriteScoresDirections(t *testing.T) {
	cases := map[string]struct {
		previous []uint32 // the auditor's earlier scores, one block apart
		score    uint32
		want     types.Direction
	}{
		"a first score above the default goes up":                      {nil, acmeDefault + 1, types.DIRECTION_UP},
		"a first score at the default is flat":                         {nil, acmeDefault, types.DIRECTION_FLAT},
		"a first score below the default goes down":                    {nil, acmeDefault - 1, types.DIRECTION_DOWN},
		"a score above the previous one goes up":                       {[]uint32{100}, 200, types.DIRECTION_UP},
		"a score below the previous one goes down":                     {[]uint32{9000}, 8000, types.DIRECTION_DOWN},
		"a score equal to the previous one is flat":                    {[]uint32{9000, 4000}, 4000, types.DIRECTION_FLAT},
		"a re-score compares with its previous score, not the default": {[]uint32{100}, acmeDefault - 1000, types.DIRECTION_UP},
		"a score of zero after zero is flat":                           {[]uint32{0}, 0, types.DIRECTION_FLAT},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f := setup(t)
			for _, s := range tc.previous {
				f.mustWrite(t, f.sentinel, score(f.meter, "security", s))
				f.advance(1)
			}
			f.mustWrite(t, f.sentinel, score(f.meter, "security", tc.score))
			require.Equal(t, tc.want, f.history(t, f.meter, "security")[0].Direction)
			ev := f.events(t)[0].(*types.EventScoreWritten)
			require.Equal(t, tc.want.Name(), ev.Direction)
		})
	}

	t.Run("another auditor's score does not count as the previous one", func(t *testing.T) {
		f := setup(t)
		f.mustWrite(t, f.veritas, score(f.meter, "security", 9000))
		f.mustWrite(t, f.sentinel, score(f.meter, "security", acmeDefault+10))
		require.Equal(t, types.DIRECTION_UP, f.history(t, f.meter, "security")[0].Direction, "compared with the default, not veritas' 9000")
	})

	t.Run("a device of another manufacturer starts from its default", func(t *testing.T) {
		f := setup(t)
		f.mustWrite(t, f.sentinel, score(f.pump, "security", boschDefault+1))
		require.Equal(t, types.DIRECTION_UP, f.history(t, f.pump, "security")[0].Direction)
	})
}

func TestAggregateMath(t *testing.T) {
	f := setup(t)
	require.Equal(t, types.Aggregate{DeviceId: f.meter, ReputationType: "security", Value: acmeDefault}, f.aggregate(t, f.meter, "security"),
		"an unscored type has the manufacturer's default value")

	f.mustWrite(t, f.sentinel, score(f.meter, "security", 3000)) // weight 100
	require.Equal(t, types.Aggregate{DeviceId: f.meter, ReputationType: "security", WeightedSum: 300_000, TotalWeight: 100, Auditors: 1, Value: 3000},
		f.aggregate(t, f.meter, "security"), "one score is the aggregate, whatever the default")

	f.advance(1)
	f.mustWrite(t, f.veritas, score(f.meter, "security", 7001)) // weight 300
	// (3000×100 + 7001×300) / 400 = 2,400,300 / 400 = 6000.75, rounded down.
	require.Equal(t, types.Aggregate{DeviceId: f.meter, ReputationType: "security", WeightedSum: 2_400_300, TotalWeight: 400, Auditors: 2, Value: 6000},
		f.aggregate(t, f.meter, "security"), "the weighted mean, in integers")
	require.Equal(t, uint32(6000), f.events(t)[0].(*types.EventScoreWritten).Aggregate)

	f.advance(1)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 1000))
	// sentinel's 3000 is replaced: (1000×100 + 7001×300) / 400 = 2,200,300 / 400 = 5500.75.
	require.Equal(t, types.Aggregate{DeviceId: f.meter, ReputationType: "security", WeightedSum: 2_200_300, TotalWeight: 400, Auditors: 2, Value: 5500},
		f.aggregate(t, f.meter, "security"), "an auditor's re-score replaces its own contribution")

	t.Run("a weight changed since a score is taken out with the weight it was counted with", func(t *testing.T) {
		f.auditors.byOperator[f.sentinel].Weight = 900
		f.advance(1)
		f.mustWrite(t, f.sentinel, score(f.meter, "security", 1000))
		// (1000×900 + 7001×300) / 1200 = 3,000,300 / 1200 = 2500.25.
		require.Equal(t, types.Aggregate{DeviceId: f.meter, ReputationType: "security", WeightedSum: 3_000_300, TotalWeight: 1200, Auditors: 2, Value: 2500},
			f.aggregate(t, f.meter, "security"))
		require.Equal(t, uint32(900), f.state(t).Latest[0].Weight, "the latest score keeps the weight it now counts with")
	})

	t.Run("types and devices have their own aggregates", func(t *testing.T) {
		f.mustWrite(t, f.sentinel, score(f.meter, "social", 10), score(f.lamp, "security", 20))
		require.Equal(t, uint32(10), f.aggregate(t, f.meter, "social").Value)
		require.Equal(t, uint32(20), f.aggregate(t, f.lamp, "security").Value)
		require.Equal(t, uint32(2500), f.aggregate(t, f.meter, "security").Value)
	})

	t.Run("the largest scores and weights do not overflow", func(t *testing.T) {
		g := setup(t)
		g.auditors.byOperator[g.sentinel].Weight = auditortypes.MaxWeight
		g.auditors.byOperator[g.veritas].Weight = auditortypes.MaxWeight
		g.mustWrite(t, g.sentinel, score(g.meter, "security", types.MaxScore))
		g.mustWrite(t, g.veritas, score(g.meter, "security", types.MaxScore-1))
		agg := g.aggregate(t, g.meter, "security")
		require.Equal(t, uint64(2*types.MaxScore-1)*auditortypes.MaxWeight, agg.WeightedSum)
		require.Equal(t, uint32(types.MaxScore-1), agg.Value, "(2·max − 1) / 2 rounds down")
	})
}

func TestWriteScoresHistory(t *testing.T) {
	f := setup(t)
	f.setParams(t, func(p *types.Params) { p.HistoryLength = 3 })
	for i := uint32(1); i <= 5; i++ {
		f.mustWrite(t, f.sentinel, score(f.meter, "security", i*100))
		f.advance(1)
	}
	f.mustWrite(t, f.veritas, score(f.meter, "security", 600))

	h := f.history(t, f.meter, "security")
	require.Equal(t, []uint32{600, 500, 400}, scoresOf(h), "the newest history_length scores, newest first")
	require.Equal(t, types.Score{
		DeviceId: f.meter, ReputationType: "security", AuditorId: "veritas", ManufacturerId: "acme",
		Score: 600, Height: f.ctx.BlockHeight(), Direction: types.DIRECTION_DOWN,
	}, h[0], "veritas' first score, compared with acme's default")
	require.Equal(t, "sentinel", h[1].AuditorId)
	require.Len(t, f.state(t).History, 3, "older scores are deleted, not just hidden")
	require.Empty(t, f.history(t, f.meter, "social"), "another type has its own history")

	t.Run("a shorter history_length applies at once and prunes on the next write", func(t *testing.T) {
		f.setParams(t, func(p *types.Params) { p.HistoryLength = 1 })
		require.Equal(t, []uint32{600}, scoresOf(f.history(t, f.meter, "security")))
		require.Len(t, f.state(t).History, 1, "the export keeps only history_length scores")
		stored := 0
		require.NoError(t, f.k.History.Walk(f.ctx, nil, func(_ collectionsTriple, _ types.Score) (bool, error) {
			stored++
			return false, nil
		}))
		require.Equal(t, 3, stored, "until the next write, the older scores are still stored")

		f.mustWrite(t, f.sentinel, score(f.meter, "security", 700))
		stored = 0
		require.NoError(t, f.k.History.Walk(f.ctx, nil, func(_ collectionsTriple, _ types.Score) (bool, error) {
			stored++
			return false, nil
		}))
		require.Equal(t, 1, stored)
		require.Equal(t, []uint32{700}, scoresOf(f.history(t, f.meter, "security")))
	})
}

// collectionsTriple is the key of the History collection.
type collectionsTriple = collections.Triple[devicekit.ID, string, uint64]

func scoresOf(h []types.Score) []uint32 {
	out := make([]uint32, len(h))
	for i, s := range h {
		out[i] = s.Score
	}
	return out
}

func TestWriteScoresExclusion(t *testing.T) {
	f := setup(t) // threshold 1000
	excluded := func(device, typ string, value uint32) proto.Message {
		return &types.EventDeviceExcluded{DeviceId: device, ReputationType: typ, Aggregate: value, Threshold: types.DefaultExclusionThreshold}
	}

	f.mustWrite(t, f.sentinel, score(f.meter, "security", 1000))
	require.False(t, f.devices.excluded(f.meter), "at the threshold is not below it")
	require.Equal(t, []string{exclusion(f.meter, false, false)}, f.devices.calls)

	f.advance(1)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 999))
	require.True(t, f.devices.excluded(f.meter))
	require.Equal(t, exclusion(f.meter, true, true), f.devices.calls[1])
	testutil.RequireLastEvent(t, f.ctx, excluded(f.meter, "security", 999))

	f.advance(1)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 500))
	require.Equal(t, exclusion(f.meter, true, false), f.devices.calls[2])
	require.Len(t, f.events(t), 1, "a device that stays excluded is not announced again")

	f.advance(1)
	// (500×100 + 1200×300) / 400 = 1025: back at the threshold.
	f.mustWrite(t, f.veritas, score(f.meter, "security", 1200))
	require.False(t, f.devices.excluded(f.meter))
	require.Equal(t, exclusion(f.meter, false, true), f.devices.calls[3])
	testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceReinstated{DeviceId: f.meter})

	t.Run("any low type excludes the device, naming the lowest", func(t *testing.T) {
		f.advance(1)
		f.mustWrite(t, f.sentinel, score(f.meter, "social", 400), score(f.lamp, "security", 9000))
		require.True(t, f.devices.excluded(f.meter))
		require.False(t, f.devices.excluded(f.lamp))
		testutil.RequireLastEvent(t, f.ctx, excluded(f.meter, "social", 400))

		f.advance(1)
		f.mustWrite(t, f.veritas, score(f.meter, "service-quality", 100))
		require.Len(t, f.events(t), 1, "still excluded: no new announcement")

		f.advance(1)
		f.mustWrite(t, f.sentinel, score(f.meter, "social", 5000))
		require.True(t, f.devices.excluded(f.meter), "service-quality is still below the threshold")
		f.mustWrite(t, f.veritas, score(f.meter, "service-quality", 5000))
		require.False(t, f.devices.excluded(f.meter))
		testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceReinstated{DeviceId: f.meter})
	})

	t.Run("the verdict is given once per device, after the whole batch", func(t *testing.T) {
		g := setup(t)
		g.mustWrite(t, g.sentinel, score(g.meter, "security", 10), score(g.meter, "social", 20), score(g.pump, "security", 30))
		require.Equal(t, []string{exclusion(g.meter, true, true), exclusion(g.pump, true, true)}, g.devices.calls)
		ev := g.events(t)
		require.Len(t, ev, 5, "three scores, then one exclusion per device")
		require.Equal(t, excluded(g.meter, "security", 10), ev[3])
		require.Equal(t, excluded(g.pump, "security", 30), ev[4])
	})

	t.Run("a zero threshold excludes nothing", func(t *testing.T) {
		g := setup(t)
		g.setParams(t, func(p *types.Params) { p.ExclusionThreshold = 0 })
		g.mustWrite(t, g.sentinel, score(g.meter, "security", 0))
		require.False(t, g.devices.excluded(g.meter))
	})

	t.Run("a raised threshold applies at the device's next score", func(t *testing.T) {
		g := setup(t)
		g.mustWrite(t, g.sentinel, score(g.meter, "security", 4000))
		g.setParams(t, func(p *types.Params) { p.ExclusionThreshold = 4500 })
		require.False(t, g.devices.excluded(g.meter))
		g.advance(1)
		g.mustWrite(t, g.sentinel, score(g.meter, "social", 9000))
		require.True(t, g.devices.excluded(g.meter))
		testutil.RequireLastEvent(t, g.ctx, &types.EventDeviceExcluded{DeviceId: g.meter, ReputationType: "security", Aggregate: 4000, Threshold: 4500})
	})
}

func TestWriteScoresEvents(t *testing.T) {
	f := setup(t)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 7000), score(f.pump, "social", 1000))
	require.Equal(t, []proto.Message{
		&types.EventScoreWritten{DeviceId: f.meter, ReputationType: "security", AuditorId: "sentinel", Score: 7000, Direction: "up", Aggregate: 7000},
		&types.EventScoreWritten{DeviceId: f.pump, ReputationType: "social", AuditorId: "sentinel", Score: 1000, Direction: "down", Aggregate: 1000},
	}, f.events(t))
}
