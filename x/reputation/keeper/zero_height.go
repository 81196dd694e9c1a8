package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/atonomi/atonomid/x/reputation/types"
)

// ResetScoreHeights sets the height of every latest score and every history
// entry to 0, for an export that restarts the chain at height 1
// (`export --for-zero-height`).
//
// The reward for a re-score is prorated by the blocks since the auditor's
// previous score of the device and type. Kept as they were, the latest
// scores' heights would lie in the new chain's future, which the scoring
// path reads as an unknown elapsed time and pays in full, as a first score.
// At 0 they lie at the new chain's genesis: a re-score at height h is
// prorated by h blocks and earns the full reward again once
// reward_block_threshold blocks have passed. The blocks that elapsed before
// the export are not carried over (heights cannot be negative), so a
// re-score soon after the restart earns less than it would have on the old
// chain, never more.
//
// A history is listed newest first and genesis checks that by height: kept,
// the old chain's heights would sit below the new chain's scores and the
// next export would not import. At 0 they keep their order, below every
// score of the new chain.
func (k *Keeper) ResetScoreHeights(ctx context.Context) error {
	latest, err := zeroHeights(ctx, k.Latest, func(l *types.LatestScore) *int64 { return &l.Height })
	if err != nil {
		return err
	}
	history, err := zeroHeights(ctx, k.History, func(s *types.Score) *int64 { return &s.Height })
	if err != nil {
		return err
	}
	// Only values change: the ByAuditor index, keyed like Latest, and the
	// history's sequence keys stay as they are.
	for _, e := range latest {
		if err := k.Latest.Set(ctx, e.Key, e.Value); err != nil {
			return err
		}
	}
	for _, e := range history {
		if err := k.History.Set(ctx, e.Key, e.Value); err != nil {
			return err
		}
	}
	return nil
}

// zeroHeights returns, in key order, the entries of m whose height (as
// height points at it) is not 0, with the height set to 0. They are
// collected, not written during the walk, as a store is not written while
// it is iterated.
func zeroHeights[K, V any](ctx context.Context, m collections.Map[K, V], height func(*V) *int64) ([]collections.KeyValue[K, V], error) {
	var out []collections.KeyValue[K, V]
	err := m.Walk(ctx, nil, func(key K, v V) (bool, error) {
		if h := height(&v); *h != 0 {
			*h = 0
			out = append(out, collections.KeyValue[K, V]{Key: key, Value: v})
		}
		return false, nil
	})
	return out, err
}
