package load

import (
	"context"
	"sync"
	"time"
)

// Limiter paces events at a fixed rate shared by many goroutines. A caller
// that falls behind is not allowed to catch up in a burst: the next slot is
// never earlier than now, so the rate is an upper bound, not an average to
// reach.
type Limiter struct {
	mu       sync.Mutex
	interval time.Duration // 0: unlimited
	next     time.Time
}

// NewLimiter returns a limiter of perSecond events per second; 0 or less is
// unlimited.
func NewLimiter(perSecond float64) *Limiter {
	l := &Limiter{}
	if perSecond > 0 {
		l.interval = time.Duration(float64(time.Second) / perSecond)
		if l.interval <= 0 {
			l.interval = 1
		}
	}
	return l
}

// Reserve books the next slot at or after now and returns how long the
// caller must wait for it.
func (l *Limiter) Reserve(now time.Time) time.Duration {
	if l.interval == 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.next.Before(now) {
		l.next = now
	}
	wait := l.next.Sub(now)
	l.next = l.next.Add(l.interval)
	return wait
}

// Wait blocks until the caller's slot, or until ctx ends.
func (l *Limiter) Wait(ctx context.Context) error {
	return sleep(ctx, l.Reserve(time.Now()))
}
