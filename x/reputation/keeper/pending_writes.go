package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
)

// orderPendingWrites opens and closes one iterator over the whole module
// store, outside the transaction's gas meter, so that every cache layer
// between the message and the committed tree moves its unsorted writes into
// its sorted cache at once.
//
// Why: a cache store keeps the writes it has not iterated over yet unsorted,
// and each iterator over a narrow range (one device's aggregates, in
// judgeExclusion) sorts or scans all of them while moving at most about a
// thousand into order. After a batch of a thousand scores (several
// thousand writes) that made the per-device exclusion walks quadratic and
// most of MsgWriteScores' time (see docs/benchmarks.md, "Profile"). Iterating
// reads nothing into state and charges no gas here, so it changes no result,
// event or gas figure; only how long the walks after it take.
func (k *Keeper) orderPendingWrites(ctx context.Context) error {
	free := sdk.UnwrapSDKContext(ctx).WithGasMeter(storetypes.NewInfiniteGasMeter())
	it, err := k.storeService.OpenKVStore(free).Iterator(nil, nil)
	if err != nil {
		return err
	}
	return it.Close()
}
