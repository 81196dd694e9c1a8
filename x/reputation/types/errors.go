package types

import errorsmod "cosmossdk.io/errors"

// Errors of the reputation module. Codes are stable: never renumber them.
var (
	ErrInvalidParams  = errorsmod.Register(ModuleName, 2, "invalid reputation params")
	ErrParamsNotByGov = errorsmod.Register(ModuleName, 3, "reputation params can only be changed by governance")
)
