package load

import (
	"context"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"github.com/cometbft/cometbft/types"
)

// tracker follows the blocks and settles the run's accepted transactions
// by their results in the blocks that include them.
type tracker struct {
	rpc RPC

	mu            sync.Mutex
	pending       map[string]int // tx hash (upper hex) → work it carries
	committed     int
	failed        int
	units         int
	firstFailure  string
	lastInclusion time.Time
	next          int64 // next height to read
	blocks        []blockStat
}

type blockStat struct {
	height int64
	time   time.Time
	txs    int
}

func newTracker(rpc RPC, from int64) *tracker {
	return &tracker{rpc: rpc, pending: map[string]int{}, next: from}
}

// add records an accepted transaction.
func (t *tracker) add(hash []byte, units int) {
	t.mu.Lock()
	t.pending[strings.ToUpper(hex.EncodeToString(hash))] = units
	t.mu.Unlock()
}

// outstanding is how many accepted transactions no block has included yet.
func (t *tracker) outstanding() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.pending)
}

// follow reads every new block until ctx ends.
func (t *tracker) follow(ctx context.Context) {
	for ctx.Err() == nil {
		if err := t.poll(ctx); err != nil && ctx.Err() == nil {
			_ = sleep(ctx, time.Second)
			continue
		}
		_ = sleep(ctx, 100*time.Millisecond)
	}
}

// poll reads the blocks committed since the last poll.
func (t *tracker) poll(ctx context.Context) error {
	st, err := t.rpc.Status(ctx)
	if err != nil {
		return err
	}
	for h := t.next; h <= st.SyncInfo.LatestBlockHeight; h++ {
		if err := t.read(ctx, h); err != nil {
			return err
		}
		t.next = h + 1
	}
	return nil
}

// read settles the run's transactions in block h.
func (t *tracker) read(ctx context.Context, h int64) error {
	block, err := t.rpc.Block(ctx, &h)
	if err != nil {
		return err
	}
	results, err := t.rpc.BlockResults(ctx, &h)
	if err != nil {
		return err
	}
	seen := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.blocks = append(t.blocks, blockStat{height: h, time: block.Block.Time, txs: len(block.Block.Txs)})
	for i, tx := range block.Block.Txs {
		key := strings.ToUpper(hex.EncodeToString(types.Tx(tx).Hash()))
		units, ours := t.pending[key]
		if !ours || i >= len(results.TxsResults) {
			continue
		}
		delete(t.pending, key)
		t.lastInclusion = seen
		if failed, why := txFailed(results.TxsResults[i]); failed {
			t.failed++
			if t.firstFailure == "" {
				t.firstFailure = why
			}
			continue
		}
		t.committed++
		t.units += units
	}
	return nil
}

// settle writes what the blocks showed into r.
func (t *tracker) settle(r *Report, start time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r.Committed, r.FailedInBlock, r.NotIncluded = t.committed, t.failed, len(t.pending)
	r.FirstBlockFailure = t.firstFailure
	switch r.Mode {
	case ModeRegistrations:
		r.DevicesRegistered = t.units
	case ModeActivations:
		r.Activations = t.units
	case ModeScores:
		r.Scores = t.units
	default:
		r.Payments = t.units
	}
	if !t.lastInclusion.IsZero() {
		r.Elapsed = t.lastInclusion.Sub(start)
	}
	r.Blocks = len(t.blocks)
	r.AvgBlockTime, r.MaxBlockTime, r.MaxBlockTxs = blockTimes(t.blocks)
}

// blockTimes is the average and longest interval between consecutive
// blocks' header times, and the most transactions in one block.
func blockTimes(blocks []blockStat) (avg, longest time.Duration, maxTxs int) {
	for i, b := range blocks {
		maxTxs = max(maxTxs, b.txs)
		if i == 0 {
			continue
		}
		longest = max(longest, b.time.Sub(blocks[i-1].time)) //nolint:gosec // i > 0 here, so i-1 is in range
	}
	if len(blocks) > 1 {
		avg = blocks[len(blocks)-1].time.Sub(blocks[0].time) / time.Duration(len(blocks)-1)
	}
	return avg, longest, maxTxs
}
