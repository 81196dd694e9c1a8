package load

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLimiter(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	t.Run("callers at the same instant are spaced one interval apart", func(t *testing.T) {
		l := NewLimiter(10)
		for i := 0; i < 5; i++ {
			require.Equal(t, time.Duration(i)*100*time.Millisecond, l.Reserve(t0))
		}
	})
	t.Run("a caller that fell behind gets no burst to catch up", func(t *testing.T) {
		l := NewLimiter(10)
		require.Zero(t, l.Reserve(t0))
		later := t0.Add(time.Second)
		require.Zero(t, l.Reserve(later))
		require.Equal(t, 100*time.Millisecond, l.Reserve(later))
	})
	t.Run("a caller on schedule waits the rest of the interval", func(t *testing.T) {
		l := NewLimiter(4)
		require.Zero(t, l.Reserve(t0))
		require.Equal(t, 150*time.Millisecond, l.Reserve(t0.Add(100*time.Millisecond)))
	})
	t.Run("rate 0 never waits", func(t *testing.T) {
		l := NewLimiter(0)
		for i := 0; i < 3; i++ {
			require.Zero(t, l.Reserve(t0))
		}
	})
}
