package registry

import (
	"context"
	"slices"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Move is a status change the network authority may make: to To from any
// of From. An irreversible move is x/gov's alone; registrars make the others.
type Move struct {
	To           int32
	From         []int32
	Irreversible bool
}

// The registries' status transition table. Removal is for good: the record
// stays (other modules' state still names it) but its operators are released.
var (
	Suspend   = Move{To: StatusSuspended, From: []int32{StatusActive}}
	Reinstate = Move{To: StatusActive, From: []int32{StatusSuspended}}
	Remove    = Move{To: StatusRemoved, From: []int32{StatusActive, StatusSuspended}, Irreversible: true}
)

// Transition makes move on record id for authority, releasing the operators
// on removal, and emits the module's status change event.
func (r Registry[R, S, P]) Transition(ctx context.Context, authority, id, reason string, move Move) error {
	check := r.CheckAuthority
	if move.Irreversible {
		check = func(ctx context.Context, addr string) error {
			return r.CheckGovernance(ctx, addr, "removing the "+r.Noun)
		}
	}
	if err := check(ctx, authority); err != nil {
		return err
	}
	rec, err := r.Get(ctx, id)
	if err != nil {
		return err
	}
	p := P(&rec)
	old, to := p.GetStatus(), S(move.To)
	if !slices.Contains(move.From, int32(old)) {
		return errorsmod.Wrapf(r.Errors.InvalidTransition, "%s is %s, cannot become %s", id, old.StatusName(), to.StatusName())
	}
	p.SetStatus(to)
	if err := r.Records.Set(ctx, id, rec); err != nil {
		return err
	}
	if to == S(StatusRemoved) {
		if err := r.IndexOperators(ctx, id, p.OperatorAccounts(), false); err != nil {
			return err
		}
	}
	if r.AfterTransition != nil {
		if err := r.AfterTransition(ctx, rec); err != nil {
			return err
		}
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		r.StatusChanged(id, authority, old.StatusName(), to.StatusName(), reason))
}
