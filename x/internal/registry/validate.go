package registry

import (
	"regexp"
	"strings"

	errorsmod "cosmossdk.io/errors"
)

// The stateless checks both registries make of their records, each with the
// module's own registered error.

// Limits on a record's profile; they bound state growth.
const (
	MaxNameLength = 128
	MaxURLLength  = 256
)

// slugPattern is the one form of every name the network compares as text
// and a person types: registry ids (manufacturers, auditors), reputation
// types and service types. Its text is restated in docs/registries.md and
// the proto comments ("2 to 32 of [a-z0-9-], starting with a letter").
var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`)

// IsSlug reports whether s has the slug form: 2 to 32 of [a-z0-9-],
// starting with a letter.
func IsSlug(s string) bool { return slugPattern.MatchString(s) }

// ValidateID checks the slug form of a record id, refusing with invalid.
func ValidateID(id string, invalid *errorsmod.Error) error {
	if !IsSlug(id) {
		return errorsmod.Wrapf(invalid, "%q: want 2-32 of [a-z0-9-], starting with a letter", id)
	}
	return nil
}

// ValidateName checks a display name, refusing with invalid.
func ValidateName(name string, invalid *errorsmod.Error) error {
	if strings.TrimSpace(name) == "" || len(name) > MaxNameLength {
		return errorsmod.Wrapf(invalid, "want 1-%d characters, not blank, got %d", MaxNameLength, len(name))
	}
	return nil
}

// ValidateURL checks the url of a record's metadata, refusing with invalid.
func ValidateURL(url string, invalid *errorsmod.Error) error {
	if len(url) > MaxURLLength {
		return errorsmod.Wrapf(invalid, "url longer than %d", MaxURLLength)
	}
	return nil
}

// ValidateStatus checks that a stored or imported record of a noun
// ("manufacturer") has one of the three statuses, never unspecified,
// refusing with invalid.
func ValidateStatus(noun string, rec Record, invalid *errorsmod.Error) error {
	if st := rec.RecordStatus(); st < StatusActive || st > StatusRemoved {
		return errorsmod.Wrapf(invalid, "%s %s: status %d", noun, rec.RecordID(), st)
	}
	return nil
}

// ValidateAdmissionHeight checks that a stored or imported record of a noun
// was admitted at a height that is not negative, refusing with invalid.
func ValidateAdmissionHeight(noun, id string, height int64, invalid *errorsmod.Error) error {
	if height < 0 {
		return errorsmod.Wrapf(invalid, "%s %s: negative admission height", noun, id)
	}
	return nil
}

// ValidateGenesis checks genesis records of a noun ("manufacturer") one at
// a time: each with validate, then that its id is not listed twice and that
// no account operates two records that are not removed (a removed record
// released its operators). It refuses with invalid.
func ValidateGenesis[R Record](noun string, recs []R, validate func(R) error, invalid *errorsmod.Error) error {
	ids := make(map[string]struct{}, len(recs))
	operators := make(map[string]string)
	for i, rec := range recs {
		if err := validate(rec); err != nil {
			return errorsmod.Wrapf(err, "%s %d", noun, i)
		}
		id := rec.RecordID()
		if _, dup := ids[id]; dup {
			return errorsmod.Wrapf(invalid, "%s %d: id %s is listed twice", noun, i, id)
		}
		ids[id] = struct{}{}
		if rec.RecordStatus() == StatusRemoved {
			continue
		}
		for _, op := range rec.OperatorAccounts() {
			if other, taken := operators[op]; taken {
				return errorsmod.Wrapf(invalid, "operator %s of %s already operates %s", op, id, other)
			}
			operators[op] = id
		}
	}
	return nil
}
