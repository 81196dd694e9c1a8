package load

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPercentile(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = ms(i + 1)
	}
	for _, tc := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty is zero", nil, 50, 0},
		{"one value is every percentile", []time.Duration{ms(7)}, 99, ms(7)},
		{"median of 1..100 is the 50th value", hundred, 50, ms(50)},
		{"an exact rank is not pushed to the next value", hundred, 95, ms(95)},
		{"p99 of 1..100", hundred, 99, ms(99)},
		{"p100 is the maximum", hundred, 100, ms(100)},
		{"a rank between values rounds up", []time.Duration{ms(1), ms(2), ms(3)}, 50, ms(2)},
		{"p99 of few values is the maximum", []time.Duration{ms(1), ms(2), ms(3)}, 99, ms(3)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, Percentile(tc.sorted, tc.p))
		})
	}
}

func TestLatenciesSummary(t *testing.T) {
	var l Latencies
	for _, d := range []int{5, 1, 4, 2, 3} {
		l.Add(time.Duration(d) * time.Millisecond)
	}
	l.Fail()
	s := l.Summary()
	require.Equal(t, LatencySummary{
		Count: 5, Errors: 1, P50: 3 * time.Millisecond, P95: 5 * time.Millisecond,
		P99: 5 * time.Millisecond, Max: 5 * time.Millisecond,
	}, s)
}
