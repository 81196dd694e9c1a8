package keeper

import (
	"context"
	"errors"

	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/internal/registry"
)

// CheckInvariants runs every invariant of the registry and joins what is
// broken. The simulation checks it after every block; keeper tests call it
// directly.
func CheckInvariants(ctx context.Context, k *Keeper) error {
	return errors.Join(OperatorIndexInvariant(ctx, k), RecordsInvariant(ctx, k))
}

// OperatorIndexInvariant checks that the operator index is exactly the
// operators of the auditors that are not removed, each pointing at its
// auditor: a score's signer names one auditor.
func OperatorIndexInvariant(ctx context.Context, k *Keeper) error {
	return registry.OperatorIndexInvariant(ctx, types.ModuleName, k.Auditors, k.index)
}

// RecordsInvariant checks every stored record against the params as genesis
// would: a live auditor's types are all reputation types of the network.
func RecordsInvariant(ctx context.Context, k *Keeper) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	var broken []error
	if err := params.Validate(); err != nil {
		broken = append(broken, err)
	}
	records, err := registry.RecordsBroken(ctx, "auditor", k.Auditors, func(a types.Auditor) error { return a.Validate(k.addressCodec, params) })
	if err != nil {
		return err
	}
	return modulekit.InvariantError(types.ModuleName, "records", append(broken, records...))
}
