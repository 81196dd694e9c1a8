package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/payment/types"
)

// CheckInvariants runs every invariant of device payments. The simulation
// checks it after every block; keeper tests call it directly.
func CheckInvariants(ctx context.Context, k *Keeper) error {
	return SpendingInvariant(ctx, k)
}

// SpendingInvariant checks that every spending bucket holds a positive
// amount for a device that exists, and that no device keeps more than a day
// of minutes: each payment drops its device's buckets older than a day, so
// the spending windows never read, nor the store keep, stale minutes.
func SpendingInvariant(ctx context.Context, k *Keeper) error {
	var broken []error
	first := map[devicekit.ID]int64{}
	err := k.Spending.Walk(ctx, nil, func(key collections.Pair[devicekit.ID, int64], amount math.Int) (bool, error) {
		device, minute := key.K1(), key.K2()
		if !amount.IsPositive() {
			broken = append(broken, fmt.Errorf("spending of %s in minute %d is %s", device, minute, amount))
		}
		start, seen := first[device]
		if !seen {
			first[device] = minute
			if _, err := k.devices.GetDevice(ctx, device); errors.Is(err, devicetypes.ErrUnknownDevice) {
				broken = append(broken, fmt.Errorf("spending of an unknown device %s", device))
			} else if err != nil {
				return true, err
			}
			return false, nil
		}
		if minute-start >= minutesPerDay {
			broken = append(broken, fmt.Errorf("%s keeps minutes %d to %d, more than a day", device, start, minute))
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	return modulekit.InvariantError(types.ModuleName, "spending", broken)
}
