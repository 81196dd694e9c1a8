package registry

import (
	"context"
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/modulekit"
)

// OperatorIndexInvariant checks that the operator index is exactly the
// operators of the records that are not removed: each such operator points
// at its record, and no entry points anywhere else.
func (r Registry[R, S, P]) OperatorIndexInvariant(ctx context.Context) error {
	want := map[string]string{}
	var broken []error
	err := r.Records.Walk(ctx, nil, func(id string, rec R) (bool, error) {
		p := P(&rec)
		if p.GetStatus() == S(StatusRemoved) {
			return false, nil
		}
		for _, op := range p.OperatorAccounts() {
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
	err = r.Operators.Walk(ctx, nil, func(op sdk.AccAddress, id string) (bool, error) {
		opStr, err := r.AddressCodec.BytesToString(op)
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
	return modulekit.InvariantError(r.ModuleName, "operator-index", broken)
}

// RecordsBroken checks every stored record with validate, as genesis would,
// and that it is stored under its own id; it returns what is broken.
func (r Registry[R, S, P]) RecordsBroken(ctx context.Context, validate func(R) error) ([]error, error) {
	var broken []error
	err := r.Records.Walk(ctx, nil, func(id string, rec R) (bool, error) {
		if got := P(&rec).GetId(); got != id {
			broken = append(broken, fmt.Errorf("record %q is stored under %q", got, id))
		}
		if err := validate(rec); err != nil {
			broken = append(broken, fmt.Errorf("%s %s: %w", r.Noun, id, err))
		}
		return false, nil
	})
	return broken, err
}
