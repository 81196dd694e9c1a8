// Package registry holds the rules x/manufacturer and x/auditor share: both
// are registries of admitted entities, each a record with an id, a status
// (active, suspended, removed) and operator accounts, indexed by operator so
// that an account operates at most one entity.
//
// The rules are plain functions over Record and over Index, the operator
// index; each module keeps its own flow, records, errors and events and
// calls them step by step from its keeper and msg server.
package registry

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/internal/consent"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
)

// Record is what the shared rules read of a module's record. The modules
// implement it on their record values, so the rules also serve over the
// records' collections.
type Record interface {
	RecordID() string
	RecordStatus() Status
	// OperatorAccounts lists the record's operators (bech32).
	OperatorAccounts() []string
	// PendingOperatorAccounts returns the rotation waiting for consent:
	// the proposed operators, those that accepted, the expiry height; ok is
	// false when none is pending.
	PendingOperatorAccounts() (operators, accepted []string, expiry int64, ok bool)
}

// Errors are a module's registered errors for the shared rules' refusals.
type Errors struct {
	Unknown           *errorsmod.Error
	DuplicateID       *errorsmod.Error
	NotOperator       *errorsmod.Error
	InvalidTransition *errorsmod.Error
	OperatorTaken     *errorsmod.Error
	// Rotation refuses proposals and acceptances of operator rotations,
	// the same two-step consent as a device's wallet link.
	Rotation consent.Errors
}

// Get returns the record id names, or unknown.
func Get[R any](ctx context.Context, records collections.Map[string, R], id string, unknown *errorsmod.Error) (R, error) {
	rec, err := records.Get(ctx, id)
	if keeperkit.IsNotFound(err) {
		return rec, errorsmod.Wrapf(unknown, "%q", id)
	}
	return rec, err
}

// Admit stores a new, validated record and indexes its operators, refusing
// an id already taken (removed records stay, so an id is never reused) and
// operators that operate another record.
func Admit[R Record](ctx context.Context, records collections.Map[string, R], index Index, rec R, errs Errors) error {
	id := rec.RecordID()
	has, err := records.Has(ctx, id)
	if err != nil {
		return err
	}
	if has {
		return errorsmod.Wrapf(errs.DuplicateID, "%s", id)
	}
	if err := index.CheckFree(ctx, id, rec.OperatorAccounts(), errs.OperatorTaken); err != nil {
		return err
	}
	if err := records.Set(ctx, id, rec); err != nil {
		return err
	}
	return index.Add(ctx, id, rec.OperatorAccounts())
}

// Load stores genesis records and rebuilds the operator index.
func Load[R Record](ctx context.Context, records collections.Map[string, R], index Index, recs []R) error {
	for _, rec := range recs {
		if err := records.Set(ctx, rec.RecordID(), rec); err != nil {
			return err
		}
		if rec.RecordStatus() != StatusRemoved {
			if err := index.Add(ctx, rec.RecordID(), rec.OperatorAccounts()); err != nil {
				return err
			}
		}
	}
	return nil
}

// AppendAll appends every record to dst in id order, for genesis export; the
// index is derived state.
func AppendAll[R any](ctx context.Context, records collections.Map[string, R], dst []R) ([]R, error) {
	err := records.Walk(ctx, nil, func(_ string, rec R) (bool, error) {
		dst = append(dst, rec)
		return false, nil
	})
	return dst, err
}
