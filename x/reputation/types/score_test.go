package types_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/reputation/types"
)

func TestDirectionName(t *testing.T) {
	require.Equal(t, "up", types.DIRECTION_UP.Name())
	require.Equal(t, "down", types.DIRECTION_DOWN.Name())
	require.Equal(t, "flat", types.DIRECTION_FLAT.Name())
	require.Equal(t, "unspecified", types.DIRECTION_UNSPECIFIED.Name())
}

func TestDirectionOf(t *testing.T) {
	require.Equal(t, types.DIRECTION_UP, types.DirectionOf(0, 1))
	require.Equal(t, types.DIRECTION_DOWN, types.DirectionOf(types.MaxScore, 0))
	require.Equal(t, types.DIRECTION_FLAT, types.DirectionOf(7, 7))
}

func TestAggregateAddAndRemove(t *testing.T) {
	a := types.NewAggregate("d", "security", 5000)
	require.Equal(t, uint32(5000), a.Value, "an empty aggregate has the default value")

	require.NoError(t, a.Add(10, 3))
	require.NoError(t, a.Add(11, 1))
	// (30 + 11) / 4 = 10.25, rounded down.
	require.Equal(t, types.Aggregate{DeviceId: "d", ReputationType: "security", WeightedSum: 41, TotalWeight: 4, Auditors: 2, Value: 10}, a)

	require.NoError(t, a.Remove(10, 3))
	require.Equal(t, types.Aggregate{DeviceId: "d", ReputationType: "security", WeightedSum: 11, TotalWeight: 1, Auditors: 1, Value: 11}, a)

	t.Run("removing a score the aggregate does not hold is refused and changes nothing", func(t *testing.T) {
		b := a
		require.Error(t, b.Remove(12, 1), "a larger weighted sum")
		require.Error(t, b.Remove(1, 2), "a larger weight")
		require.Equal(t, a, b)
		empty := types.NewAggregate("d", "security", 0)
		require.Error(t, empty.Remove(0, 1), "no auditor counted")
	})

	t.Run("a weight of zero counts nothing, neither in the sums nor in auditors", func(t *testing.T) {
		b := a
		require.NoError(t, b.Add(9000, 0))
		require.Equal(t, a, b)
		require.NoError(t, b.Remove(11, 0))
		require.Equal(t, a, b)
		empty := types.NewAggregate("d", "security", 5000)
		require.NoError(t, empty.Add(9000, 0))
		require.NoError(t, empty.Remove(9000, 0))
		require.Equal(t, types.NewAggregate("d", "security", 5000), empty)
		require.False(t, empty.Counts())
		require.True(t, b.Counts())
	})

	t.Run("an aggregate whose last weight is taken out counts nothing", func(t *testing.T) {
		b := a
		require.NoError(t, b.Remove(11, 1))
		require.Equal(t, uint64(0), b.TotalWeight)
		require.Equal(t, uint32(0), b.Auditors)
		require.False(t, b.Counts(), "the keeper deletes it, so that it reads as the manufacturer's default")
	})

	t.Run("an overflowing sum is refused and changes nothing", func(t *testing.T) {
		b := types.Aggregate{WeightedSum: math.MaxUint64 - 5, TotalWeight: 10, Auditors: 3, Value: 1}
		before := b
		require.Error(t, b.Add(6, 1))
		require.Equal(t, before, b)
		c := types.Aggregate{WeightedSum: 1, TotalWeight: math.MaxUint64, Auditors: 3}
		require.Error(t, c.Add(0, 1))
	})
}

func TestValidateScore(t *testing.T) {
	require.NoError(t, types.ValidateScore(0))
	require.NoError(t, types.ValidateScore(types.MaxScore))
	require.ErrorIs(t, types.ValidateScore(types.MaxScore+1), types.ErrScoreOutOfRange)
}
