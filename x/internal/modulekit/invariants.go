package modulekit

import (
	"errors"
	"fmt"
)

// InvariantError names a module's broken invariant with everything found
// broken, or is nil when broken is empty. The modules' keeper invariants
// (keeper/invariants.go) report through it so that a failed simulation
// says which module and which property.
func InvariantError(module, name string, broken []error) error {
	if len(broken) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %s invariant broken: %w", module, name, errors.Join(broken...))
}
