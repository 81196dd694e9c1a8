// Package registry is the logic x/manufacturer and x/auditor share: both are
// registries of admitted entities, each a record with an id, a status
// (active, suspended, removed) and operator accounts, indexed by operator so
// that an account operates at most one entity. A module keeps its own
// records, errors, events and messages and hands them to a Registry, which
// holds the steps that are the same: admission, status transitions, operator
// checks and rotation, queries, genesis loading and invariants.
package registry

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/consent"
)

// Status is a registry's generated status enum. The registries number their
// statuses alike (see StatusActive): the shared steps compare by number.
type Status interface {
	~int32
	// StatusName is the lower-case name used in events ("active", ...).
	StatusName() string
}

// The statuses every registry's enum has, by number; 0 is unspecified.
const (
	StatusActive    = 1
	StatusSuspended = 2
	StatusRemoved   = 3
)

// Record is a pointer to a registry's record: the accessors the shared steps
// need. GetId and GetStatus are the generated getters.
type Record[R any, S Status] interface {
	*R
	GetId() string
	GetStatus() S
	SetStatus(S)
	// OperatorAccounts lists the record's operators (bech32).
	OperatorAccounts() []string
	SetOperatorAccounts([]string)
	// PendingOperatorAccounts returns the rotation waiting for consent:
	// the proposed operators, those that accepted, the expiry height; ok is
	// false when none is pending.
	PendingOperatorAccounts() (operators, accepted []string, expiry int64, ok bool)
	// SetPendingOperatorAccounts records a pending rotation; nil operators
	// clear it.
	SetPendingOperatorAccounts(operators, accepted []string, expiry int64)
}

// Errors are a module's registered errors for the shared steps' refusals.
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

// Config is what a module tells its Registry about itself.
type Config[R any] struct {
	// ModuleName names the module in invariant reports.
	ModuleName string
	// Noun is what a record is called in messages ("manufacturer").
	Noun         string
	AddressCodec address.Codec
	Errors       Errors
	// ParseOperators validates a record's operators and converts them to
	// addresses, refusing with the module's own error.
	ParseOperators func([]string) ([]sdk.AccAddress, error)
	// CheckAuthority refuses a signer that does not act for the network authority.
	CheckAuthority func(ctx context.Context, addr string) error
	// CheckGovernance refuses a signer other than x/gov, for what cannot be
	// undone; action names it.
	CheckGovernance func(ctx context.Context, addr, action string) error
	// AfterTransition, if set, runs after a status change is stored and
	// before its event is emitted.
	AfterTransition func(ctx context.Context, rec R) error
	// StatusChanged builds the module's status change event.
	StatusChanged func(id, authority, from, to, reason string) proto.Message
}

// Registry holds a module's records and operator index. The collections are
// the module keeper's own (a collections.Map is a handle on the store).
type Registry[R any, S Status, P Record[R, S]] struct {
	Config[R]
	Records collections.Map[string, R]
	// Operators maps each operator account of a record that is not removed
	// to its id.
	Operators collections.Map[sdk.AccAddress, string]
}

// New returns the registry over a module's collections.
func New[R any, S Status, P Record[R, S]](cfg Config[R], records collections.Map[string, R], operators collections.Map[sdk.AccAddress, string]) Registry[R, S, P] {
	return Registry[R, S, P]{Config: cfg, Records: records, Operators: operators}
}

// Get returns a record, or the module's Unknown error.
func (r Registry[R, S, P]) Get(ctx context.Context, id string) (R, error) {
	rec, err := r.Records.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return rec, errorsmod.Wrapf(r.Errors.Unknown, "%q", id)
	}
	return rec, err
}

// GetLive returns a record that is not removed: a removed record's terms
// are frozen.
func (r Registry[R, S, P]) GetLive(ctx context.Context, id string) (R, error) {
	rec, err := r.Get(ctx, id)
	if err != nil {
		return rec, err
	}
	return rec, r.checkNotRemoved(P(&rec))
}

func (r Registry[R, S, P]) checkNotRemoved(p P) error {
	if p.GetStatus() == S(StatusRemoved) {
		return errorsmod.Wrapf(r.Errors.InvalidTransition, "%s is removed", p.GetId())
	}
	return nil
}

// Load stores genesis records and rebuilds the operator index.
func (r Registry[R, S, P]) Load(ctx context.Context, recs []R) error {
	for i := range recs {
		p := P(&recs[i])
		if err := r.Records.Set(ctx, p.GetId(), recs[i]); err != nil {
			return err
		}
		if p.GetStatus() != S(StatusRemoved) {
			if err := r.IndexOperators(ctx, p.GetId(), p.OperatorAccounts(), true); err != nil {
				return err
			}
		}
	}
	return nil
}

// AppendAll appends every record to dst in id order, for genesis export; the
// index is derived state.
func (r Registry[R, S, P]) AppendAll(ctx context.Context, dst []R) ([]R, error) {
	err := r.Records.Walk(ctx, nil, func(_ string, rec R) (bool, error) {
		dst = append(dst, rec)
		return false, nil
	})
	return dst, err
}
