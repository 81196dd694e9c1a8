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
// is not removed: a removed entity's operators can do nothing, a suspended
// one's only what protects (rotating a leaked key away; for a manufacturer,
// suspending its own devices). The operator is parsed first, so that a
// spelling that is not canonical is refused as such rather than compared
// with the stored text.
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

// Update lets an operator of an active record change it: apply validates and
// changes it. A suspended entity's profile is frozen with it.
func (r Registry[R, S, P]) Update(ctx context.Context, id, operator string, apply func(P) error) (R, error) {
	rec, err := r.OperatedBy(ctx, id, operator)
	if err != nil {
		return rec, err
	}
	if st := P(&rec).GetStatus(); st != S(StatusActive) {
		return rec, errorsmod.Wrapf(r.Errors.InvalidTransition, "%s is %s: only an active %s updates its record", id, st.StatusName(), r.Noun)
	}
	if err := apply(&rec); err != nil {
		return rec, err
	}
	return rec, r.Records.Set(ctx, id, rec)
}

// ProposeOperators has an operator propose next as the record's operators,
// each of which must operate no other record; refuse, if set, may refuse
// next after it is parsed. Accounts that already operate it consent by
// being operators; the others must accept (AcceptOperator) by expiry. When
// none is new, the rotation — dropping a leaked key, say — takes effect at
// once and rotated is true, with the old operators.
func (r Registry[R, S, P]) ProposeOperators(ctx context.Context, id, operator string, next []string, expiry int64, refuse func(P) error) (rec R, rotated bool, old []string, err error) {
	rec, err = r.OperatedBy(ctx, id, operator)
	if err != nil {
		return rec, false, nil, err
	}
	p := P(&rec)
	nextBz, err := r.ParseOperators(next)
	if err != nil {
		return rec, false, nil, err
	}
	if refuse != nil {
		if err := refuse(p); err != nil {
			return rec, false, nil, err
		}
	}
	if err := r.CheckOperatorsFree(ctx, id, nextBz); err != nil {
		return rec, false, nil, err
	}
	var accepted []string
	for _, a := range next {
		if slices.Contains(p.OperatorAccounts(), a) {
			accepted = append(accepted, a)
		}
	}
	if len(accepted) == len(next) {
		old, err := r.rotate(ctx, id, p, next)
		return rec, true, old, err
	}
	if err := r.Errors.Rotation.Open(ctx, expiry); err != nil {
		return rec, false, nil, err
	}
	p.SetPendingOperatorAccounts(next, accepted, expiry)
	return rec, false, nil, r.Records.Set(ctx, id, rec)
}

// AcceptOperator records signer's consent to operate record id, which a
// pending rotation names; the last consent makes the rotation, and rotated
// is true, with the old operators. A removed record accepts nobody.
func (r Registry[R, S, P]) AcceptOperator(ctx context.Context, id, signer string) (rec R, rotated bool, old []string, err error) {
	rec, err = r.GetLive(ctx, id)
	if err != nil {
		return rec, false, nil, err
	}
	// Parsed first: a spelling that is not canonical is refused as such.
	signerBz, err := r.ParseOperators([]string{signer})
	if err != nil {
		return rec, false, nil, err
	}
	p := P(&rec)
	next, accepted, expiry, pending := p.PendingOperatorAccounts()
	waiting := slices.DeleteFunc(slices.Clone(next), func(a string) bool { return slices.Contains(accepted, a) })
	if err := r.Errors.Rotation.Accept(ctx, pending, waiting, expiry, signer, "the operation of "+id); err != nil {
		return rec, false, nil, err
	}
	// It may have come to operate another record since it was proposed.
	if err := r.CheckOperatorsFree(ctx, id, signerBz); err != nil {
		return rec, false, nil, err
	}
	accepted = append(accepted, signer)
	if len(accepted) < len(next) {
		p.SetPendingOperatorAccounts(next, accepted, expiry)
		return rec, false, nil, r.Records.Set(ctx, id, rec)
	}
	old, err = r.rotate(ctx, id, p, next)
	return rec, true, old, err
}

// rotate replaces p's operators with next, which all consented, moving the
// index entries, clears the pending rotation and stores the record.
func (r Registry[R, S, P]) rotate(ctx context.Context, id string, p P, next []string) ([]string, error) {
	old := p.OperatorAccounts()
	if err := r.IndexOperators(ctx, id, old, false); err != nil {
		return nil, err
	}
	if err := r.IndexOperators(ctx, id, next, true); err != nil {
		return nil, err
	}
	p.SetOperatorAccounts(next)
	p.SetPendingOperatorAccounts(nil, nil, 0)
	return old, r.Records.Set(ctx, id, *p)
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
