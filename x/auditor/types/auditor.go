package types

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/internal/canonical"
	"github.com/atonomi/atonomid/x/internal/registry"
)

// Limits on what an auditor record may hold; they bound state growth and the
// range of the weighted mean the reputation module computes.
const (
	MaxNameLength        = registry.MaxNameLength
	MaxURLLength         = registry.MaxURLLength
	MaxDescriptionLength = 512
	MaxAuditorTypes      = 16
	MinWeight            = 1
	MaxWeight            = 10_000
)

// ValidateID checks the slug form of an auditor id.
func ValidateID(id string) error { return registry.ValidateID(id, ErrInvalidID) }

// ValidateName checks a display name.
func ValidateName(name string) error { return registry.ValidateName(name, ErrInvalidName) }

// ValidateWeight checks that a weight is in MinWeight..MaxWeight; zero is
// refused because an auditor whose scores weigh nothing should be suspended.
func ValidateWeight(w uint32) error {
	if w < MinWeight || w > MaxWeight {
		return errorsmod.Wrapf(ErrInvalidWeight, "want %d-%d, got %d", MinWeight, MaxWeight, w)
	}
	return nil
}

// ValidateOperator checks that operator is a well-formed, non-empty account
// in its canonical (lower-case) spelling.
func ValidateOperator(ac address.Codec, operator string) error {
	bz, err := canonical.Wrap(ac).StringToBytes(operator)
	if err != nil {
		return errorsmod.Wrapf(ErrInvalidOperator, "%q: %v", operator, err)
	}
	if len(bz) == 0 {
		return errorsmod.Wrap(ErrInvalidOperator, "empty address")
	}
	return nil
}

// ValidateReputationTypeList checks the form of an auditor's scope: 1 to
// MaxAuditorTypes distinct, well-formed types. Whether the network knows them
// is ValidateReputationTypes' concern.
func ValidateReputationTypeList(list []string) error {
	if len(list) == 0 || len(list) > MaxAuditorTypes {
		return errorsmod.Wrapf(ErrInvalidReputationTypes, "want 1-%d reputation types, got %d", MaxAuditorTypes, len(list))
	}
	seen := make(map[string]struct{}, len(list))
	for i, t := range list {
		if !registry.IsSlug(t) {
			return errorsmod.Wrapf(ErrInvalidReputationTypes, "reputation type %d (%q) is malformed", i, t)
		}
		if _, dup := seen[t]; dup {
			return errorsmod.Wrapf(ErrInvalidReputationTypes, "reputation type %d (%s) is listed twice", i, t)
		}
		seen[t] = struct{}{}
	}
	return nil
}

// ValidateReputationTypes checks an auditor's scope and that each of its
// types is one of the network's (params).
func ValidateReputationTypes(list []string, params Params) error {
	if err := ValidateReputationTypeList(list); err != nil {
		return err
	}
	for _, t := range list {
		if !params.HasType(t) {
			return errorsmod.Wrapf(ErrInvalidReputationTypes, "%q is not a reputation type of the network %v", t, params.ReputationTypes)
		}
	}
	return nil
}

// Validate checks the published metadata.
func (m Metadata) Validate() error {
	if err := registry.ValidateURL(m.Url, ErrInvalidMetadata); err != nil {
		return err
	}
	if len(m.Description) > MaxDescriptionLength {
		return errorsmod.Wrapf(ErrInvalidMetadata, "description longer than %d", MaxDescriptionLength)
	}
	return nil
}

// Validate checks a whole record, as stored or imported, against the
// network's params. A removed auditor's types are only checked for form:
// governance may drop a type once no live auditor uses it, and the removed
// record must stay importable.
func (a Auditor) Validate(ac address.Codec, params Params) error {
	if err := ValidateID(a.Id); err != nil {
		return err
	}
	if err := ValidateName(a.Name); err != nil {
		return err
	}
	if err := ValidateOperator(ac, a.Operator); err != nil {
		return err
	}
	if err := registry.ValidateStatus("auditor", a, ErrInvalidGenesis); err != nil {
		return err
	}
	if a.Status == STATUS_REMOVED {
		if err := ValidateReputationTypeList(a.ReputationTypes); err != nil {
			return err
		}
	} else if err := ValidateReputationTypes(a.ReputationTypes, params); err != nil {
		return err
	}
	if err := ValidateWeight(a.Weight); err != nil {
		return err
	}
	if err := registry.ValidateAdmissionHeight("auditor", a.Id, a.AdmissionHeight, ErrInvalidGenesis); err != nil {
		return err
	}
	return a.Metadata.Validate()
}

// HasType reports whether reputationType is in the auditor's scope.
func (a Auditor) HasType(reputationType string) bool {
	for _, t := range a.ReputationTypes {
		if t == reputationType {
			return true
		}
	}
	return false
}

// EffectiveWeight is how much the auditor's scores weigh in aggregates: its
// weight while it is active, nothing while it is suspended or removed, so
// that a service the authority stopped trusting stops moving reputations.
func (a Auditor) EffectiveWeight() uint32 {
	if a.Status != STATUS_ACTIVE {
		return 0
	}
	return a.Weight
}

// StatusName returns the lower-case name used in events ("active", ...).
func (s Status) StatusName() string { return registry.Status(s).String() }

// Status numbers its values as registry.Status does, so that the shared
// rules read an auditor's status with registry.Status(a.Status). The two
// are defined apart (the proto enum is generated), so each index below is a
// constant that is out of range, and does not compile, if they drift.
var (
	_ = [1]struct{}{}[STATUS_UNSPECIFIED-Status(registry.StatusUnspecified)]
	_ = [1]struct{}{}[STATUS_ACTIVE-Status(registry.StatusActive)]
	_ = [1]struct{}{}[STATUS_SUSPENDED-Status(registry.StatusSuspended)]
	_ = [1]struct{}{}[STATUS_REMOVED-Status(registry.StatusRemoved)]
)

// An Auditor is a registry.Record with one operator: the accessors below
// are what the shared rules read.
var _ registry.Record = Auditor{}

// RecordID returns the id.
func (a Auditor) RecordID() string { return a.Id }

// RecordStatus returns the status.
func (a Auditor) RecordStatus() registry.Status { return registry.Status(a.Status) }

// OperatorAccounts returns the one operator as a list.
func (a Auditor) OperatorAccounts() []string { return []string{a.Operator} }

// PendingOperatorAccounts returns the rotation waiting for consent.
func (a Auditor) PendingOperatorAccounts() (operators, accepted []string, expiry int64, ok bool) {
	if a.PendingOperators == nil {
		return nil, nil, 0, false
	}
	return a.PendingOperators.Operators, a.PendingOperators.Accepted, a.PendingOperators.ExpiryHeight, true
}
