package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/reputation/keeper"
)

// TestResetScoreHeights prepares the scores for a chain restarted at height
// 1: the latest scores and the history move to height 0, so that a re-score
// is prorated by the new chain's blocks and is listed above the old chain's
// history; nothing else changes.
func TestResetScoreHeights(t *testing.T) {
	f := setup(t)
	f.advance(40)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 100), score(f.pump, "social", 200))
	f.advance(10)
	f.mustWrite(t, f.veritas, score(f.meter, "security", 300))
	before := f.state(t)
	aggregates := f.allAggregates(t)

	require.NoError(t, f.k.ResetScoreHeights(f.ctx))
	after := f.state(t)
	require.Len(t, after.Latest, 3)
	for i, l := range after.Latest {
		require.Zero(t, l.Height, "latest score %d", i)
		l.Height = before.Latest[i].Height
		require.Equal(t, before.Latest[i], l, "only the height of latest score %d changes", i)
	}
	require.Len(t, after.History, 3)
	for i, s := range after.History {
		require.Zero(t, s.Height, "history %d", i)
		s.Height = before.History[i].Height
		require.Equal(t, before.History[i], s, "only the height of history %d changes", i)
	}
	require.Equal(t, aggregates, f.allAggregates(t))
	require.NoError(t, keeper.CheckInvariants(f.ctx, f.k, f.auditorByID))

	// The restarted chain: its third block re-scores the meter.
	f.ctx = f.ctx.WithBlockHeight(3)
	f.token.rewards = nil
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 150))
	require.Equal(t, []string{reward("acme", f.sentinel, f.acmeOps, 3)}, f.token.rewards,
		"the re-score counts the 3 blocks since the restart, so it is prorated")
	require.NoError(t, f.state(t).Validate(), "the new chain's score is listed above the old ones: its export imports")
	require.Equal(t, []uint32{150, 300, 100}, scoresOf(f.history(t, f.meter, "security")))

	again := f.state(t)
	require.NoError(t, f.k.ResetScoreHeights(f.ctx))
	for i := range again.Latest {
		again.Latest[i].Height = 0
	}
	for i := range again.History {
		again.History[i].Height = 0
	}
	require.Equal(t, again, f.state(t), "a second reset only zeroes the new chain's heights")
}
