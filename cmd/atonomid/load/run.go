package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// Run sets up and runs one workload against env's node and returns what
// the blocks committed. Progress goes to log (nil for none). It stops by
// itself: when cfg.Duration has passed or cfg.MaxTxs transactions were
// accepted, and then waits at most cfg.Drain for them to be included.
func Run(ctx context.Context, env Env, cfg Config, log io.Writer) (Report, Fixture, error) {
	if err := cfg.Validate(); err != nil {
		return Report{}, Fixture{}, err
	}
	c, err := newChain(ctx, env, cfg.GasPrices)
	if err != nil {
		return Report{}, Fixture{}, err
	}
	s, err := prepare(ctx, c, cfg, log)
	if err != nil {
		return Report{}, Fixture{}, err
	}
	if cfg.Mode == ModeLookups {
		rep, err := (&runner{setup: s}).lookupsOnly(ctx)
		return rep, s.fixture, err
	}
	work, err := newWorkload(ctx, s)
	if err != nil {
		return Report{}, s.fixture, err
	}
	r := &runner{setup: s, work: work, limiter: NewLimiter(cfg.Rate)}
	rep, err := r.run(ctx)
	return rep, s.fixture, err
}

// runner drives the accounts' goroutines and the lookups.
type runner struct {
	*setup
	work    workload
	limiter *Limiter
	gas     uint64
	first   []sdk.Msg // account 0's first messages, simulated for gas
	units0  int

	budget                                      atomic.Int64 // transactions still allowed; < 0 when unbounded
	broadcast, accepted, full, mismatch, refuse atomic.Int64
	refusalOnce                                 sync.Once
	firstRefusal                                string

	devices, reputation Latencies
}

func (r *runner) run(ctx context.Context) (Report, error) {
	rep := Report{
		Mode: r.cfg.Mode, ChainID: r.chainID, Accounts: r.cfg.Accounts, Batch: r.cfg.Batch,
		TargetRate: r.cfg.Rate, QueryRate: r.cfg.QueryRate,
	}
	var err error
	if r.first, r.units0, err = r.work.next(0); err != nil {
		return rep, err
	}
	if r.gas, err = r.gasFor(ctx, r.accounts[0], r.first...); err != nil {
		return rep, err
	}
	r.budget.Store(-1)
	if r.cfg.MaxTxs > 0 {
		r.budget.Store(int64(r.cfg.MaxTxs))
	}
	st, err := r.RPC.Status(ctx)
	if err != nil {
		return rep, err
	}
	// The block before the run is read too: it starts the first interval.
	t := newTracker(r.RPC, st.SyncInfo.LatestBlockHeight)
	followCtx, stopFollowing := context.WithCancel(ctx)
	defer stopFollowing()
	var following sync.WaitGroup
	following.Add(1)
	go func() { defer following.Done(); t.follow(followCtx) }()

	r.logf("%s: %d accounts, batch %d, gas %d per tx, for %s", r.cfg.Mode, r.cfg.Accounts, r.cfg.Batch, r.gas, r.cfg.Duration)
	start := time.Now()
	submitCtx, stopSubmitting := context.WithTimeout(ctx, r.cfg.Duration)
	defer stopSubmitting()
	var queries sync.WaitGroup
	queries.Add(1)
	go func() { defer queries.Done(); r.lookups(submitCtx) }()
	var workers sync.WaitGroup
	for i := range r.accounts {
		workers.Add(1)
		go func() { defer workers.Done(); r.submit(submitCtx, i, t) }()
	}
	workers.Wait()
	stopSubmitting()
	queries.Wait()
	submitted := time.Since(start)

	r.logf("submission over after %.1fs; waiting up to %s for %d transactions to be included", submitted.Seconds(), r.cfg.Drain, t.outstanding())
	drainEnd := time.Now().Add(r.cfg.Drain)
	for t.outstanding() > 0 && time.Now().Before(drainEnd) && ctx.Err() == nil {
		_ = sleep(ctx, 200*time.Millisecond)
	}
	stopFollowing()
	following.Wait()

	rep.Elapsed = submitted
	t.settle(&rep, start)
	rep.Broadcast, rep.Accepted = int(r.broadcast.Load()), int(r.accepted.Load())
	rep.MempoolRejections, rep.SequenceMismatches = int(r.full.Load()), int(r.mismatch.Load())
	rep.Refused, rep.FirstRefusal = int(r.refuse.Load()), r.firstRefusal
	rep.DeviceLookups, rep.ReputationLookups = r.devices.Summary(), r.reputation.Summary()
	return rep, ctx.Err()
}

// lookupsOnly runs the lookups alone for the configured duration.
func (r *runner) lookupsOnly(ctx context.Context) (Report, error) {
	rep := Report{Mode: r.cfg.Mode, ChainID: r.chainID, Accounts: r.cfg.Accounts, QueryRate: r.cfg.QueryRate}
	if r.cfg.QueryRate == 0 {
		return rep, fmt.Errorf("mode %s needs a --query-rate above 0", ModeLookups)
	}
	r.logf("%s: %.0f lookups/s for %s", r.cfg.Mode, r.cfg.QueryRate, r.cfg.Duration)
	start := time.Now()
	runCtx, stop := context.WithTimeout(ctx, r.cfg.Duration)
	defer stop()
	r.lookups(runCtx)
	rep.Elapsed = time.Since(start)
	rep.DeviceLookups, rep.ReputationLookups = r.devices.Summary(), r.reputation.Summary()
	return rep, ctx.Err()
}

// take reserves one transaction of the budget.
func (r *runner) take() bool {
	for {
		b := r.budget.Load()
		if b < 0 {
			return true
		}
		if b == 0 {
			return false
		}
		if r.budget.CompareAndSwap(b, b-1) {
			return true
		}
	}
}

// release returns a reservation of a transaction that was refused.
func (r *runner) release() {
	if r.budget.Load() >= 0 {
		r.budget.Add(1)
	}
}

// submit is account i's loop: build, sign at the local sequence, broadcast,
// and on a full mempool or a stale sequence send the same messages again.
func (r *runner) submit(ctx context.Context, i int, t *tracker) {
	a := r.accounts[i]
	var msgs []sdk.Msg
	var units int
	for ctx.Err() == nil {
		if msgs == nil {
			if !r.take() {
				return
			}
			var err error
			if i == 0 && r.first != nil {
				msgs, units, r.first = r.first, r.units0, nil
			} else if msgs, units, err = r.work.next(i); err != nil {
				r.release()
				if !errors.Is(err, errExhausted) {
					r.noteRefusal(err.Error())
				}
				return
			}
		}
		for t.outstanding() >= r.cfg.MaxPending {
			if sleep(ctx, 20*time.Millisecond) != nil {
				return
			}
		}
		if r.limiter.Wait(ctx) != nil {
			return
		}
		bz, err := r.sign(ctx, a, r.gas, msgs...)
		if err != nil {
			r.noteRefusal(err.Error())
			return
		}
		res, err := r.RPC.BroadcastTxSync(ctx, bz)
		if ctx.Err() != nil {
			return
		}
		r.broadcast.Add(1)
		v, why := classify(res, err)
		switch v {
		case accepted:
			r.accepted.Add(1)
			a.Seq++
			t.add(res.Hash, units)
			msgs = nil
		case mempoolFull:
			r.full.Add(1)
			_ = sleep(ctx, 100*time.Millisecond)
		case wrongSequence:
			r.mismatch.Add(1)
			if seq, ok := expectedSequence(why); ok {
				a.Seq = seq
			} else if err := r.refresh(ctx, a); err != nil {
				_ = sleep(ctx, time.Second)
			}
		default:
			r.refuse.Add(1)
			r.noteRefusal(why)
			r.release()
			msgs = nil
			_ = sleep(ctx, 100*time.Millisecond)
		}
	}
}

func (r *runner) noteRefusal(why string) {
	r.refusalOnce.Do(func() { r.firstRefusal = why })
}

// lookups runs gRPC device and reputation lookups of pool devices at the
// configured rate, alternating, with at most QueryWorkers in flight.
func (r *runner) lookups(ctx context.Context) {
	if r.cfg.QueryRate == 0 {
		return
	}
	devices := devicetypes.NewQueryClient(r.GRPC)
	reputation := reputationtypes.NewQueryClient(r.GRPC)
	pool := r.fixture.PoolDevices
	limiter := NewLimiter(r.cfg.QueryRate)
	inFlight := make(chan struct{}, r.cfg.QueryWorkers)
	var wg sync.WaitGroup
	for n := 0; limiter.Wait(ctx) == nil; n++ {
		select {
		case inFlight <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() { //nolint:gosec // an in-flight query finishes when the run ends, so it is not recorded as failed
			defer func() { <-inFlight; wg.Done() }()
			callCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			id := pool[rand.IntN(len(pool))]
			began := time.Now()
			if n%2 == 0 {
				_, err := devices.Device(callCtx, &devicetypes.QueryDeviceRequest{Id: id})
				record(&r.devices, began, err)
			} else {
				_, err := reputation.Aggregate(callCtx, &reputationtypes.QueryAggregateRequest{DeviceId: id, ReputationType: reputationTypes[0]})
				record(&r.reputation, began, err)
			}
		}()
	}
	wg.Wait()
}

func record(l *Latencies, began time.Time, err error) {
	if err != nil {
		l.Fail()
		return
	}
	l.Add(time.Since(began))
}
