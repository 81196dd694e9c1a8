// Package modulekit is what the Atonomi modules genuinely share: the error
// a broken invariant reports (InvariantError) and the unwrapping of x/authz
// executions for ante-level checks (FlattenMsgs).
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
