package registry

import (
	"github.com/atonomi/atonomid/x/internal/keeperkit"

	"context"
	"slices"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Index is a registry's operator index: each operator account of a record
// that is not removed, to the record's id. Operators is the module keeper's
// own collection; AddressCodec converts the bech32 operators of records,
// which were validated before they reach the index.
type Index struct {
	Operators    collections.Map[sdk.AccAddress, string]
	AddressCodec address.Codec
}

// Add indexes operators as operating id.
func (x Index) Add(ctx context.Context, id string, operators []string) error {
	for _, op := range operators {
		bz, err := x.AddressCodec.StringToBytes(op)
		if err != nil {
			return err
		}
		if err := x.Operators.Set(ctx, bz, id); err != nil {
			return err
		}
	}
	return nil
}

// Release deletes operators' entries: they operate nothing any more.
func (x Index) Release(ctx context.Context, operators []string) error {
	for _, op := range operators {
		bz, err := x.AddressCodec.StringToBytes(op)
		if err != nil {
			return err
		}
		if err := x.Operators.Remove(ctx, bz); err != nil {
			return err
		}
	}
	return nil
}

// Rotate moves id's entries from the old operators to next.
func (x Index) Rotate(ctx context.Context, id string, old, next []string) error {
	if err := x.Release(ctx, old); err != nil {
		return err
	}
	return x.Add(ctx, id, next)
}

// Lookup returns the id of the record operator operates; found is false
// when it operates none.
func (x Index) Lookup(ctx context.Context, operator sdk.AccAddress) (id string, found bool, err error) {
	id, err = x.Operators.Get(ctx, operator)
	if keeperkit.IsNotFound(err) {
		return "", false, nil
	}
	return id, err == nil, err
}

// CheckFree refuses, with taken, accounts that operate a record other than id.
func (x Index) CheckFree(ctx context.Context, id string, operators []string, taken *errorsmod.Error) error {
	for _, op := range operators {
		bz, err := x.AddressCodec.StringToBytes(op)
		if err != nil {
			return err
		}
		other, found, err := x.Lookup(ctx, bz)
		if err != nil {
			return err
		}
		if found && other != id {
			return errorsmod.Wrapf(taken, "%s operates %s", op, other)
		}
	}
	return nil
}

// CheckOperator refuses, with notOperator, an account that is not one of
// rec's operators. The caller parses operator first, so that a spelling
// that is not canonical is refused as such rather than compared with the
// stored text; it also checks rec's status (CheckNotRemoved): a removed
// entity's operators can do nothing, a suspended one's only what protects
// (rotating a leaked key away; for a manufacturer, suspending its own
// devices).
func CheckOperator(rec Record, operator string, notOperator *errorsmod.Error) error {
	if !slices.Contains(rec.OperatorAccounts(), operator) {
		return errorsmod.Wrapf(notOperator, "%s does not operate %s", operator, rec.RecordID())
	}
	return nil
}

// Propose checks an operator's proposal of next as rec's operators, which
// the caller checked operate no other record. Accounts that already operate
// rec consent by being operators: they are accepted. When none is new, the
// rotation — dropping a leaked key, say — takes effect at once (now);
// otherwise the others must accept by expiry, which must be ahead.
func Propose(ctx context.Context, rec Record, next []string, expiry int64, errs Errors) (accepted []string, now bool, err error) {
	for _, a := range next {
		if slices.Contains(rec.OperatorAccounts(), a) {
			accepted = append(accepted, a)
		}
	}
	if len(accepted) == len(next) {
		return accepted, true, nil
	}
	return accepted, false, errs.Rotation.Open(ctx, expiry)
}

// Accept checks signer's consent to operate rec, which a pending rotation
// names, and returns the rotation with signer's consent added; it is
// complete when accepted holds all of next. The caller still checks that
// signer operates no other record: it may have come to since the proposal.
func Accept(ctx context.Context, rec Record, signer string, errs Errors) (next, accepted []string, expiry int64, err error) {
	next, accepted, expiry, pending := rec.PendingOperatorAccounts()
	waiting := slices.DeleteFunc(slices.Clone(next), func(a string) bool { return slices.Contains(accepted, a) })
	if err := errs.Rotation.Accept(ctx, pending, waiting, expiry, signer, "the operation of "+rec.RecordID()); err != nil {
		return nil, nil, 0, err
	}
	return next, append(accepted, signer), expiry, nil
}
