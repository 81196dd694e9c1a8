package registry

import (
	"fmt"
	"regexp"
	"strings"

	errorsmod "cosmossdk.io/errors"
)

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`)

// ValidateID checks the slug form of a record id, refusing with invalid,
// the module's own error.
func ValidateID(id string, invalid *errorsmod.Error) error {
	if !idPattern.MatchString(id) {
		return errorsmod.Wrapf(invalid, "%q: want 2-32 of [a-z0-9-], starting with a letter", id)
	}
	return nil
}

// StatusName is the lower-case name of a generated status used in events
// ("active", ...).
func StatusName(s fmt.Stringer) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "STATUS_"))
}
