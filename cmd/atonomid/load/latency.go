package load

import (
	"math"
	"slices"
	"sync"
	"time"
)

// Latencies collects durations from many goroutines.
type Latencies struct {
	mu     sync.Mutex
	values []time.Duration
	errors int
}

// Add records one successful call's latency.
func (l *Latencies) Add(d time.Duration) {
	l.mu.Lock()
	l.values = append(l.values, d)
	l.mu.Unlock()
}

// Fail records a call that returned an error.
func (l *Latencies) Fail() {
	l.mu.Lock()
	l.errors++
	l.mu.Unlock()
}

// Summary sorts what was collected into percentiles.
func (l *Latencies) Summary() LatencySummary {
	l.mu.Lock()
	values := slices.Clone(l.values)
	errors := l.errors
	l.mu.Unlock()
	slices.Sort(values)
	s := LatencySummary{Count: len(values), Errors: errors}
	if len(values) > 0 {
		s.P50, s.P95, s.P99 = Percentile(values, 50), Percentile(values, 95), Percentile(values, 99)
		s.Max = values[len(values)-1]
	}
	return s
}

// LatencySummary is the distribution of a kind of call's latency.
type LatencySummary struct {
	Count  int           `json:"count"`
	Errors int           `json:"errors"`
	P50    time.Duration `json:"p50"`
	P95    time.Duration `json:"p95"`
	P99    time.Duration `json:"p99"`
	Max    time.Duration `json:"max"`
}

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted: the smallest value that at least p% of the values do not exceed.
// It returns 0 for an empty slice.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	// p×n first, then /100: for whole p the product is exact, so an exact
	// rank (p=95, n=100) is not pushed to the next one by rounding.
	rank := int(math.Ceil(p * float64(n) / 100))
	if rank < 1 {
		rank = 1
	}
	if rank > n {
		rank = n
	}
	return sorted[rank-1]
}
