package types

import (
	"strings"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/internal/canonical"
	"github.com/atonomi/atonomid/x/internal/registry"
)

// Limits on what an auditor record may hold; they bound state growth and the
// range of the weighted mean the reputation module computes.
const (
	MaxNameLength        = 128
	MaxURLLength         = 256
	MaxDescriptionLength = 512
	MaxAuditorTypes      = 16
	MinWeight            = 1
	MaxWeight            = 10_000
)

// ValidateID checks the slug form of an auditor id.
func ValidateID(id string) error { return registry.ValidateID(id, ErrInvalidID) }

// ValidateName checks a display name.
func ValidateName(name string) error {
	if strings.TrimSpace(name) == "" || len(name) > MaxNameLength {
		return errorsmod.Wrapf(ErrInvalidName, "want 1-%d characters, not blank, got %d", MaxNameLength, len(name))
	}
	return nil
}

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
		if !typePattern.MatchString(t) {
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
	if len(m.Url) > MaxURLLength {
		return errorsmod.Wrapf(ErrInvalidMetadata, "url longer than %d", MaxURLLength)
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
	if _, ok := Status_name[int32(a.Status)]; !ok || a.Status == STATUS_UNSPECIFIED {
		return errorsmod.Wrapf(ErrInvalidGenesis, "auditor %s: status %d", a.Id, a.Status)
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
	if a.AdmissionHeight < 0 {
		return errorsmod.Wrapf(ErrInvalidGenesis, "auditor %s: negative admission height", a.Id)
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

// MayWrite reports whether the auditor may write a score of reputationType
// now: it must be active and the type must be in its scope.
func (a Auditor) MayWrite(reputationType string) bool {
	return a.Status == STATUS_ACTIVE && a.HasType(reputationType)
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
func (s Status) StatusName() string { return registry.StatusName(s) }

// SetStatus sets the status; with the accessors below it lets the shared
// registry steps (x/internal/registry) handle the record.
func (a *Auditor) SetStatus(s Status) { a.Status = s }

// OperatorAccounts returns the one operator as a list.
func (a *Auditor) OperatorAccounts() []string { return []string{a.Operator} }

// SetOperatorAccounts sets the operator to the only account of operators.
func (a *Auditor) SetOperatorAccounts(operators []string) { a.Operator = operators[0] }

// PendingOperatorAccounts returns the rotation waiting for consent.
func (a *Auditor) PendingOperatorAccounts() (operators, accepted []string, expiry int64, ok bool) {
	if a.PendingOperators == nil {
		return nil, nil, 0, false
	}
	return a.PendingOperators.Operators, a.PendingOperators.Accepted, a.PendingOperators.ExpiryHeight, true
}

// SetPendingOperatorAccounts records a pending rotation; nil operators clear it.
func (a *Auditor) SetPendingOperatorAccounts(operators, accepted []string, expiry int64) {
	if operators == nil {
		a.PendingOperators = nil
		return
	}
	a.PendingOperators = &PendingOperators{Operators: operators, Accepted: accepted, ExpiryHeight: expiry}
}
