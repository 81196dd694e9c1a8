package registry

import (
	"context"
	"slices"
	"strconv"

	errorsmod "cosmossdk.io/errors"
)

// Status is a record's standing. The modules' generated enums number their
// statuses alike, and each module's types assert at compile time that its
// enum matches these constants, so a record's status converts with
// registry.Status(s).
type Status int32

// The statuses of every registry; 0 is unspecified, never stored.
const (
	StatusUnspecified Status = 0
	StatusActive      Status = 1
	StatusSuspended   Status = 2
	StatusRemoved     Status = 3
)

// String is the lower-case name events and messages use ("active", ...):
// the generated enum name without its STATUS_ prefix, or the number of a
// status the enum does not know.
func (s Status) String() string {
	switch s {
	case StatusUnspecified:
		return "unspecified"
	case StatusActive:
		return "active"
	case StatusSuspended:
		return "suspended"
	case StatusRemoved:
		return "removed"
	}
	return strconv.Itoa(int(s))
}

// Authorities answers who acts for the network authority (x/permission).
type Authorities interface {
	// CheckAuthority refuses a signer that does not act for the network
	// authority.
	CheckAuthority(ctx context.Context, addr string) error
	// CheckGovernance refuses a signer other than x/gov, for what cannot be
	// undone; action names it.
	CheckGovernance(ctx context.Context, addr, action string) error
}

// Move is a status change the network authority may make: to To from any
// of From. An irreversible move is x/gov's alone; registrars make the others.
type Move struct {
	To           Status
	From         []Status
	Irreversible bool
}

// The registries' status transition table. Removal is for good: the record
// stays (other modules' state still names it) but its operators are released.
var (
	Suspend   = Move{To: StatusSuspended, From: []Status{StatusActive}}
	Reinstate = Move{To: StatusActive, From: []Status{StatusSuspended}}
	Remove    = Move{To: StatusRemoved, From: []Status{StatusActive, StatusSuspended}, Irreversible: true}
)

// CheckSigner refuses a signer that may not make the move on a noun
// ("manufacturer"): x/gov alone for an irreversible one, else the network
// authority.
func (m Move) CheckSigner(ctx context.Context, a Authorities, signer, noun string) error {
	if m.Irreversible {
		return a.CheckGovernance(ctx, signer, "removing the "+noun)
	}
	return a.CheckAuthority(ctx, signer)
}

// CheckFrom refuses the move, with invalid, unless rec is in one of its
// From statuses.
func (m Move) CheckFrom(rec Record, invalid *errorsmod.Error) error {
	if from := rec.RecordStatus(); !slices.Contains(m.From, from) {
		return errorsmod.Wrapf(invalid, "%s is %s, cannot become %s", rec.RecordID(), from, m.To)
	}
	return nil
}

// CheckNotRemoved refuses, with invalid, a removed record: its terms are
// frozen and its operators can do nothing.
func CheckNotRemoved(rec Record, invalid *errorsmod.Error) error {
	if rec.RecordStatus() == StatusRemoved {
		return errorsmod.Wrapf(invalid, "%s is removed", rec.RecordID())
	}
	return nil
}

// CheckUpdatable refuses, with invalid, a change of the profile of a noun
// ("manufacturer") that is not active: a suspended entity's profile is
// frozen with it.
func CheckUpdatable(rec Record, noun string, invalid *errorsmod.Error) error {
	if st := rec.RecordStatus(); st != StatusActive {
		return errorsmod.Wrapf(invalid, "%s is %s: only an active %s updates its record", rec.RecordID(), st, noun)
	}
	return nil
}
