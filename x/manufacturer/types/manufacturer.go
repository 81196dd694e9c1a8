package types

import (
	"math"
	"regexp"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/internal/canonical"
	"github.com/atonomi/atonomid/x/internal/registry"
)

// Limits on what a manufacturer record may hold; they bound state growth.
const (
	// MaxReputation is the largest reputation score (the whitepaper's uint32
	// range restricted to a signed 32-bit integer): the chain's one maximum,
	// here because x/manufacturer is the lowest module that needs it (a
	// manufacturer's default). x/device's policies and genesis use it, and
	// x/reputation names it MaxScore.
	MaxReputation  = math.MaxInt32
	MaxOperators   = 10
	MaxNameLength  = registry.MaxNameLength
	MaxURLLength   = registry.MaxURLLength
	MaxCertCount   = 16
	MaxCertLength  = 64
	AuthKeyHashLen = 32
)

var countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// ValidateID checks the slug form of a manufacturer id.
func ValidateID(id string) error { return registry.ValidateID(id, ErrInvalidID) }

// ValidateName checks a display name.
func ValidateName(name string) error { return registry.ValidateName(name, ErrInvalidName) }

// ValidateReputation checks that a score is in the whitepaper's range.
func ValidateReputation(score uint32) error {
	if score > MaxReputation {
		return errorsmod.Wrapf(ErrInvalidReputation, "%d exceeds %d", score, MaxReputation)
	}
	return nil
}

// ValidateAuthKeyHash checks the salted hash of the off-chain key.
func ValidateAuthKeyHash(h []byte) error {
	if len(h) != AuthKeyHashLen {
		return errorsmod.Wrapf(ErrInvalidAuthKeyHash, "want %d bytes, got %d", AuthKeyHashLen, len(h))
	}
	return nil
}

// ValidateOperators checks that there are 1 to MaxOperators distinct,
// well-formed accounts, each in its canonical (lower-case) spelling, so that
// distinct texts are distinct accounts.
func ValidateOperators(ac address.Codec, operators []string) error {
	ac = canonical.Wrap(ac)
	if len(operators) == 0 || len(operators) > MaxOperators {
		return errorsmod.Wrapf(ErrInvalidOperators, "want 1-%d operators, got %d", MaxOperators, len(operators))
	}
	seen := make(map[string]struct{}, len(operators))
	for i, op := range operators {
		if _, err := ac.StringToBytes(op); err != nil {
			return errorsmod.Wrapf(ErrInvalidOperators, "operator %d (%q): %v", i, op, err)
		}
		if _, dup := seen[op]; dup {
			return errorsmod.Wrapf(ErrInvalidOperators, "operator %d (%s) is listed twice", i, op)
		}
		seen[op] = struct{}{}
	}
	return nil
}

// Validate checks the published metadata.
func (m Metadata) Validate() error {
	if err := registry.ValidateURL(m.Url, ErrInvalidMetadata); err != nil {
		return err
	}
	if m.Country != "" && !countryPattern.MatchString(m.Country) {
		return errorsmod.Wrapf(ErrInvalidMetadata, "country %q is not an ISO 3166-1 alpha-2 code", m.Country)
	}
	if len(m.Certifications) > MaxCertCount {
		return errorsmod.Wrapf(ErrInvalidMetadata, "more than %d certifications", MaxCertCount)
	}
	for i, c := range m.Certifications {
		if c == "" || len(c) > MaxCertLength {
			return errorsmod.Wrapf(ErrInvalidMetadata, "certification %d: want 1-%d characters", i, MaxCertLength)
		}
	}
	return nil
}

// Validate checks a whole record, as stored or imported.
func (m Manufacturer) Validate(ac address.Codec) error {
	if err := ValidateID(m.Id); err != nil {
		return err
	}
	if err := ValidateName(m.Name); err != nil {
		return err
	}
	if err := ValidateOperators(ac, m.Operators); err != nil {
		return err
	}
	if err := registry.ValidateStatus("manufacturer", m, ErrInvalidGenesis); err != nil {
		return err
	}
	if err := ValidateReputation(m.DefaultReputation); err != nil {
		return err
	}
	if err := ValidateAuthKeyHash(m.AuthKeyHash); err != nil {
		return err
	}
	if m.DevicesActive > m.DevicesRegistered {
		return errorsmod.Wrapf(ErrInvalidGenesis, "manufacturer %s: %d active devices of %d registered", m.Id, m.DevicesActive, m.DevicesRegistered)
	}
	if err := registry.ValidateAdmissionHeight("manufacturer", m.Id, m.AdmissionHeight, ErrInvalidGenesis); err != nil {
		return err
	}
	return m.Metadata.Validate()
}

// CheckActive returns ErrManufacturerInactive unless the manufacturer is active:
// the gate for registering and activating its devices.
func (m Manufacturer) CheckActive() error {
	if m.Status != STATUS_ACTIVE {
		return errorsmod.Wrapf(ErrManufacturerInactive, "%s is %s", m.Id, m.Status.StatusName())
	}
	return nil
}

// IsOperator reports whether addr is one of the manufacturer's operators.
func (m Manufacturer) IsOperator(addr string) bool {
	for _, op := range m.Operators {
		if op == addr {
			return true
		}
	}
	return false
}

// StatusName returns the lower-case name used in events ("active", ...).
func (s Status) StatusName() string { return registry.Status(s).String() }

// Status numbers its values as registry.Status does, so that the shared
// rules read a manufacturer's status with registry.Status(m.Status). The
// two are defined apart (the proto enum is generated), so each index below
// is a constant that is out of range, and does not compile, if they drift.
var (
	_ = [1]struct{}{}[STATUS_UNSPECIFIED-Status(registry.StatusUnspecified)]
	_ = [1]struct{}{}[STATUS_ACTIVE-Status(registry.StatusActive)]
	_ = [1]struct{}{}[STATUS_SUSPENDED-Status(registry.StatusSuspended)]
	_ = [1]struct{}{}[STATUS_REMOVED-Status(registry.StatusRemoved)]
)

// A Manufacturer is a registry.Record: the accessors below are what the
// shared rules read.
var _ registry.Record = Manufacturer{}

// RecordID returns the id.
func (m Manufacturer) RecordID() string { return m.Id }

// RecordStatus returns the status.
func (m Manufacturer) RecordStatus() registry.Status { return registry.Status(m.Status) }

// OperatorAccounts returns the operators.
func (m Manufacturer) OperatorAccounts() []string { return m.Operators }

// PendingOperatorAccounts returns the rotation waiting for consent.
func (m Manufacturer) PendingOperatorAccounts() (operators, accepted []string, expiry int64, ok bool) {
	if m.PendingOperators == nil {
		return nil, nil, 0, false
	}
	return m.PendingOperators.Operators, m.PendingOperators.Accepted, m.PendingOperators.ExpiryHeight, true
}
