package registry

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/modulekit"
)

// OperatorIndexInvariant checks that the operator index is exactly the
// operators of the records that are not removed: each such operator points
// at its record, and no entry points anywhere else. moduleName names the
// module in the report.
func OperatorIndexInvariant[R Record](ctx context.Context, moduleName string, records collections.Map[string, R], index Index) error {
	want := map[string]string{}
	var broken []error
	err := records.Walk(ctx, nil, func(id string, rec R) (bool, error) {
		if rec.RecordStatus() == StatusRemoved {
			return false, nil
		}
		for _, op := range rec.OperatorAccounts() {
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
	err = index.Operators.Walk(ctx, nil, func(op sdk.AccAddress, id string) (bool, error) {
		opStr, err := index.AddressCodec.BytesToString(op)
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
	return modulekit.InvariantError(moduleName, "operator-index", broken)
}

// RecordsBroken checks every stored record of a noun ("manufacturer") with
// validate, as genesis would, and that it is stored under its own id; it
// returns what is broken.
func RecordsBroken[R Record](ctx context.Context, noun string, records collections.Map[string, R], validate func(R) error) ([]error, error) {
	var broken []error
	err := records.Walk(ctx, nil, func(id string, rec R) (bool, error) {
		if got := rec.RecordID(); got != id {
			broken = append(broken, fmt.Errorf("record %q is stored under %q", got, id))
		}
		if err := validate(rec); err != nil {
			broken = append(broken, fmt.Errorf("%s %s: %w", noun, id, err))
		}
		return false, nil
	})
	return broken, err
}
