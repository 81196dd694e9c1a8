package types

import errorsmod "cosmossdk.io/errors"

// Errors of the auditor registry. Codes are stable: never renumber them.
var (
	ErrInvalidID              = errorsmod.Register(ModuleName, 2, "invalid auditor id")
	ErrDuplicateID            = errorsmod.Register(ModuleName, 3, "auditor id already registered")
	ErrUnknownAuditor         = errorsmod.Register(ModuleName, 4, "unknown auditor")
	ErrNotOperator            = errorsmod.Register(ModuleName, 5, "signer is not the operator of the auditor")
	ErrInvalidTransition      = errorsmod.Register(ModuleName, 6, "auditor status does not allow this change")
	ErrInvalidOperator        = errorsmod.Register(ModuleName, 7, "invalid operator account")
	ErrOperatorTaken          = errorsmod.Register(ModuleName, 8, "account already operates an auditor")
	ErrInvalidName            = errorsmod.Register(ModuleName, 9, "invalid auditor name")
	ErrInvalidMetadata        = errorsmod.Register(ModuleName, 10, "invalid auditor metadata")
	ErrInvalidReputationTypes = errorsmod.Register(ModuleName, 11, "invalid reputation types")
	ErrInvalidWeight          = errorsmod.Register(ModuleName, 12, "auditor weight out of range")
	ErrInvalidGenesis         = errorsmod.Register(ModuleName, 13, "invalid auditor genesis")
	ErrAuditorInactive        = errorsmod.Register(ModuleName, 14, "auditor is not active")
	ErrInvalidParams          = errorsmod.Register(ModuleName, 15, "invalid auditor params")
	ErrParamsNotByGov         = errorsmod.Register(ModuleName, 16, "auditor params can only be changed by governance") // Deprecated: unused; a signer other than the governance authority gets sdkerrors.ErrUnauthorized. Registered so the code keeps its meaning.
	ErrTypeInUse              = errorsmod.Register(ModuleName, 17, "reputation type is still used by an auditor")
	ErrInvalidRotation        = errorsmod.Register(ModuleName, 18, "invalid operator rotation")
	ErrNoPendingRotation      = errorsmod.Register(ModuleName, 19, "no operator rotation is pending")
	ErrRotationExpired        = errorsmod.Register(ModuleName, 20, "operator rotation expired")
)
