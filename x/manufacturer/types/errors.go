package types

import errorsmod "cosmossdk.io/errors"

// Errors of the manufacturer registry. Codes are stable: never renumber them.
var (
	ErrInvalidID            = errorsmod.Register(ModuleName, 2, "invalid manufacturer id")
	ErrDuplicateID          = errorsmod.Register(ModuleName, 3, "manufacturer id already registered")
	ErrUnknownManufacturer  = errorsmod.Register(ModuleName, 4, "unknown manufacturer")
	ErrNotOperator          = errorsmod.Register(ModuleName, 5, "signer is not an operator of the manufacturer")
	ErrInvalidTransition    = errorsmod.Register(ModuleName, 6, "manufacturer status does not allow this change")
	ErrInvalidOperators     = errorsmod.Register(ModuleName, 7, "invalid operator accounts")
	ErrOperatorTaken        = errorsmod.Register(ModuleName, 8, "account already operates a manufacturer")
	ErrInvalidName          = errorsmod.Register(ModuleName, 9, "invalid manufacturer name")
	ErrInvalidMetadata      = errorsmod.Register(ModuleName, 10, "invalid manufacturer metadata")
	ErrInvalidReputation    = errorsmod.Register(ModuleName, 11, "reputation score out of range")
	ErrInvalidAuthKeyHash   = errorsmod.Register(ModuleName, 12, "invalid authorization key hash")
	ErrInvalidGenesis       = errorsmod.Register(ModuleName, 13, "invalid manufacturer genesis")
	ErrManufacturerInactive = errorsmod.Register(ModuleName, 14, "manufacturer is not active")
	ErrInvalidRotation      = errorsmod.Register(ModuleName, 15, "invalid operator rotation")
	ErrNoPendingRotation    = errorsmod.Register(ModuleName, 16, "no operator rotation is pending")
	ErrRotationExpired      = errorsmod.Register(ModuleName, 17, "operator rotation expired")
)
