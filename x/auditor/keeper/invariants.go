package keeper

import (
	"context"
	"errors"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/internal/modulekit"
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
	want := map[string]string{}
	var broken []error
	err := k.Auditors.Walk(ctx, nil, func(id string, a types.Auditor) (bool, error) {
		if a.Status == types.STATUS_REMOVED {
			return false, nil
		}
		if other, dup := want[a.Operator]; dup {
			broken = append(broken, fmt.Errorf("operator %s operates both %s and %s", a.Operator, other, id))
		}
		want[a.Operator] = id
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
	err = k.Auditors.Walk(ctx, nil, func(id string, a types.Auditor) (bool, error) {
		if a.Id != id {
			broken = append(broken, fmt.Errorf("record %q is stored under %q", a.Id, id))
		}
		if err := a.Validate(k.addressCodec, params); err != nil {
			broken = append(broken, fmt.Errorf("auditor %s: %w", id, err))
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	return modulekit.InvariantError(types.ModuleName, "records", broken)
}
