package registry

import (
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Admit stores a new, validated record and indexes its operators, refusing
// an id already taken (removed records stay, so an id is never reused) and
// operators that operate another record.
func (r Registry[R, S, P]) Admit(ctx context.Context, rec R) error {
	p := P(&rec)
	id := p.GetId()
	has, err := r.Records.Has(ctx, id)
	if err != nil {
		return err
	}
	if has {
		return errorsmod.Wrapf(r.Errors.DuplicateID, "%s", id)
	}
	operators, err := r.ParseOperators(p.OperatorAccounts())
	if err != nil {
		return err
	}
	if err := r.CheckOperatorsFree(ctx, id, operators); err != nil {
		return err
	}
	if err := r.Records.Set(ctx, id, rec); err != nil {
		return err
	}
	return r.indexAddresses(ctx, id, operators)
}

// OperatedBy returns the record if operator is one of its operators and it
// is not removed: a suspended entity may still fix its profile or rotate a
// leaked key. The operator is parsed first, so that a spelling that is not
// canonical is refused as such rather than compared with the stored text.
func (r Registry[R, S, P]) OperatedBy(ctx context.Context, id, operator string) (R, error) {
	rec, err := r.Get(ctx, id)
	if err != nil {
		return rec, err
	}
	if _, err := r.ParseOperators([]string{operator}); err != nil {
		return rec, err
	}
	if !slices.Contains(P(&rec).OperatorAccounts(), operator) {
		return rec, errorsmod.Wrapf(r.Errors.NotOperator, "%s does not operate %s", operator, id)
	}
	return rec, r.checkNotRemoved(P(&rec))
}

// Update lets an operator change its record: apply validates and changes it.
func (r Registry[R, S, P]) Update(ctx context.Context, id, operator string, apply func(P) error) (R, error) {
	rec, err := r.OperatedBy(ctx, id, operator)
	if err != nil {
		return rec, err
	}
	if err := apply(&rec); err != nil {
		return rec, err
	}
	return rec, r.Records.Set(ctx, id, rec)
}

// RotateOperators has an operator replace the record's operators with next,
// which must operate no other record; refuse, if set, may refuse next after
// it is parsed. It returns the record and its old operators.
func (r Registry[R, S, P]) RotateOperators(ctx context.Context, id, operator string, next []string, refuse func(P) error) (R, []string, error) {
	rec, err := r.OperatedBy(ctx, id, operator)
	if err != nil {
		return rec, nil, err
	}
	p := P(&rec)
	nextBz, err := r.ParseOperators(next)
	if err != nil {
		return rec, nil, err
	}
	if refuse != nil {
		if err := refuse(p); err != nil {
			return rec, nil, err
		}
	}
	if err := r.CheckOperatorsFree(ctx, id, nextBz); err != nil {
		return rec, nil, err
	}
	old := p.OperatorAccounts()
	if err := r.IndexOperators(ctx, id, old, false); err != nil {
		return rec, nil, err
	}
	if err := r.indexAddresses(ctx, id, nextBz); err != nil {
		return rec, nil, err
	}
	p.SetOperatorAccounts(next)
	return rec, old, r.Records.Set(ctx, id, rec)
}

// OperatedRecord returns the record operator operates; found is false when
// it operates none.
func (r Registry[R, S, P]) OperatedRecord(ctx context.Context, operator sdk.AccAddress) (rec R, found bool, err error) {
	id, err := r.Operators.Get(ctx, operator)
	if errors.Is(err, collections.ErrNotFound) {
		return rec, false, nil
	}
	if err != nil {
		return rec, false, err
	}
	rec, err = r.Get(ctx, id)
	return rec, err == nil, err
}

// CheckOperatorsFree refuses accounts that operate a record other than id.
func (r Registry[R, S, P]) CheckOperatorsFree(ctx context.Context, id string, operators []sdk.AccAddress) error {
	for _, op := range operators {
		other, err := r.Operators.Get(ctx, op)
		if errors.Is(err, collections.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if other != id {
			opStr, _ := r.AddressCodec.BytesToString(op)
			return errorsmod.Wrapf(r.Errors.OperatorTaken, "%s operates %s", opStr, other)
		}
	}
	return nil
}

// IndexOperators writes (add) or deletes the index entries of id's operators.
func (r Registry[R, S, P]) IndexOperators(ctx context.Context, id string, operators []string, add bool) error {
	for _, op := range operators {
		bz, err := r.AddressCodec.StringToBytes(op)
		if err != nil {
			return err
		}
		if add {
			err = r.Operators.Set(ctx, bz, id)
		} else {
			err = r.Operators.Remove(ctx, bz)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (r Registry[R, S, P]) indexAddresses(ctx context.Context, id string, operators []sdk.AccAddress) error {
	for _, op := range operators {
		if err := r.Operators.Set(ctx, op, id); err != nil {
			return err
		}
	}
	return nil
}
