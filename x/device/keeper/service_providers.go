package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

// The listing of service providers x/reputation's ServiceProviders query
// pages through: x/device keeps the ByService index, x/reputation judges
// each device it yields.

// MaxProviderScan bounds how many advertisers one ServiceProviders page may
// examine, so a selective filter cannot make a query walk the whole index;
// a page may then come back short, with a key to go on from.
const MaxProviderScan = 10_000

// ServiceProviders pages through the active devices advertising
// serviceType, from the encoded index key start, keeping those keep accepts,
// until limit are kept or MaxProviderScan are examined. It returns the
// encoded key to go on from (nil at the end).
func (k *Keeper) ServiceProviders(ctx context.Context, serviceType string, start []byte, limit int,
	keep func(types.Device) (bool, error),
) ([]types.Device, []byte, error) {
	codec := k.ByService.KeyCodec()
	rng := collections.NewPrefixedPairRange[string, devicekit.ID](serviceType)
	if len(start) > 0 {
		_, key, err := codec.Decode(start)
		if err != nil || key.K1() != serviceType {
			return nil, nil, status.Error(codes.InvalidArgument, "the page key is not from this listing")
		}
		rng = rng.StartInclusive(key.K2())
	}
	it, err := k.ByService.Iterate(ctx, rng)
	if err != nil {
		return nil, nil, err
	}
	defer it.Close()
	var kept []types.Device
	for scanned := 0; it.Valid(); it.Next() {
		key, err := it.Key()
		if err != nil {
			return nil, nil, err
		}
		if len(kept) == limit || scanned == MaxProviderScan {
			next, err := collections.EncodeKeyWithPrefix(nil, codec, key)
			return kept, next, err
		}
		scanned++
		d, err := k.Devices.Get(ctx, key.K2())
		if err != nil {
			return nil, nil, err
		}
		ok, err := keep(d)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			kept = append(kept, d)
		}
	}
	return kept, nil, nil
}
