package types_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/permission/types"
)

func TestValidatorRemovalWindow(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	unbonding := 21 * 24 * time.Hour
	w := types.NewRemovalWindow(start, math.NewInt(600))

	t.Run("a window allows removals up to exactly a third of its start", func(t *testing.T) {
		require.True(t, w.Allows(math.NewInt(200)))
		require.False(t, w.Allows(math.NewInt(201)))
		once := w.Record(start.Add(time.Hour), math.NewInt(100))
		require.True(t, once.Allows(math.NewInt(100)))
		require.False(t, once.Allows(math.NewInt(101)))
	})
	t.Run("recording a removal adds its tokens and moves the last removal", func(t *testing.T) {
		later := start.Add(3 * time.Hour)
		rec := w.Record(later, math.NewInt(150))
		require.Equal(t, math.NewInt(150), rec.RemovedTokens)
		require.Equal(t, later, rec.LastRemovalTime)
		require.Equal(t, start, rec.StartTime, "the start stays")
		require.Equal(t, math.ZeroInt(), w.RemovedTokens, "Record returns a copy")
	})
	t.Run("a window closes one unbonding period after its last removal", func(t *testing.T) {
		last := start.Add(10 * 24 * time.Hour)
		rec := w.Record(last, math.NewInt(100))
		require.Equal(t, last.Add(unbonding), rec.ClosesAt(unbonding))
		require.True(t, rec.IsOpen(start.Add(unbonding), unbonding), "an unbonding period after the start, the window is still open")
		require.True(t, rec.IsOpen(last.Add(unbonding-time.Nanosecond), unbonding))
		require.False(t, rec.IsOpen(last.Add(unbonding), unbonding))
	})
	t.Run("a window the keeper wrote is valid", func(t *testing.T) {
		require.NoError(t, w.Record(start, math.NewInt(200)).Validate())
	})
}
