package keeper

import (
	"context"
	"errors"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/manufacturer/types"
)

// CheckInvariants runs every invariant of the registry and joins what is
// broken. The simulation checks it after every block and keeper tests call
// it directly; the device counters are checked by x/device's invariants,
// which see the devices.
func CheckInvariants(ctx context.Context, k *Keeper) error {
	return errors.Join(OperatorIndexInvariant(ctx, k), RecordsInvariant(ctx, k))
}

// OperatorIndexInvariant checks that the operator index is exactly the
// operators of the manufacturers that are not removed: each such operator
// points at its manufacturer, and no entry points anywhere else.
func OperatorIndexInvariant(ctx context.Context, k *Keeper) error {
	want := map[string]string{}
	var broken []error
	err := k.Manufacturers.Walk(ctx, nil, func(id string, m types.Manufacturer) (bool, error) {
		if m.Status == types.STATUS_REMOVED {
			return false, nil
		}
		for _, op := range m.Operators {
			if other, dup := want[op]; dup {
				broken = append(broken, fmt.Errorf("operator %s operates both %s and %s", op, other, id))
			}
			want[op] = id
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	seen := 0
	err = k.Operators.Walk(ctx, nil, func(op sdk.AccAddress, id string) (bool, error) {
		opStr, err := k.addressCodec.BytesToString(op)
		if err != nil {
			return true, err
		}
		seen++
		if want[opStr] != id {
			broken = append(broken, fmt.Errorf("operator index maps %s to %q, the registry to %q", opStr, id, want[opStr]))
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if seen != len(want) {
		broken = append(broken, fmt.Errorf("operator index holds %d entries, the registry has %d operators", seen, len(want)))
	}
	return modulekit.InvariantError(types.ModuleName, "operator-index", broken)
}

// RecordsInvariant checks every stored record as genesis would: well formed,
// stored under its own id, and with no more active devices than registered.
func RecordsInvariant(ctx context.Context, k *Keeper) error {
	var broken []error
	err := k.Manufacturers.Walk(ctx, nil, func(id string, m types.Manufacturer) (bool, error) {
		if m.Id != id {
			broken = append(broken, fmt.Errorf("record %q is stored under %q", m.Id, id))
		}
		if err := m.Validate(k.addressCodec); err != nil {
			broken = append(broken, fmt.Errorf("manufacturer %s: %w", id, err))
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	return modulekit.InvariantError(types.ModuleName, "records", broken)
}
