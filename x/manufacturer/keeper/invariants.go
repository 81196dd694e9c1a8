package keeper

import (
	"context"
	"errors"

	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/internal/registry"
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
	return registry.OperatorIndexInvariant(ctx, types.ModuleName, k.Manufacturers, k.index)
}

// RecordsInvariant checks every stored record as genesis would: well formed,
// stored under its own id, and with no more active devices than registered.
func RecordsInvariant(ctx context.Context, k *Keeper) error {
	broken, err := registry.RecordsBroken(ctx, "manufacturer", k.Manufacturers, func(m types.Manufacturer) error { return m.Validate(k.addressCodec) })
	if err != nil {
		return err
	}
	return modulekit.InvariantError(types.ModuleName, "records", broken)
}
