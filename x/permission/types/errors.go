package types

import errorsmod "cosmossdk.io/errors"

// Errors of the permission module. Codes are stable: never renumber them.
var (
	ErrNotAuthority      = errorsmod.Register(ModuleName, 2, "signer is not the network authority")
	ErrInvalidAddress    = errorsmod.Register(ModuleName, 3, "invalid address")
	ErrAlreadyAllowed    = errorsmod.Register(ModuleName, 4, "operator is already on the validator allowlist")
	ErrNotAllowed        = errorsmod.Register(ModuleName, 5, "operator is not on the validator allowlist")
	ErrValidatorRefused  = errorsmod.Register(ModuleName, 6, "validator creation refused: operator is not approved by the network authority")
	ErrDelegationRefused = errorsmod.Register(ModuleName, 7, "delegation refused: only a validator's operator may delegate to it")
	ErrInvalidGenesis    = errorsmod.Register(ModuleName, 8, "invalid permission genesis")
	ErrInvalidParams     = errorsmod.Register(ModuleName, 9, "invalid permission params")
	ErrParamsNotByGov    = errorsmod.Register(ModuleName, 10, "permission params can only be changed by governance") // Deprecated: unused; a signer other than the governance authority gets sdkerrors.ErrUnauthorized. Registered so the code keeps its meaning.
	// ErrRemovalBoundExceeded refuses a registrar's validator removal that
	// would take the registrars' removals in the open removal window above a
	// third of the bonded tokens at the window's start.
	ErrRemovalBoundExceeded = errorsmod.Register(ModuleName, 11, "validator removal refused: registrars may remove at most one third of the bonded power per unbonding period")
	// ErrBelowMinValidators refuses a validator removal, by a registrar or by
	// x/gov, that would leave fewer than min_validators bonded validators.
	ErrBelowMinValidators = errorsmod.Register(ModuleName, 12, "validator removal refused: fewer than min_validators bonded validators would remain")
	// ErrGovernanceOnly refused anyone but x/gov what cannot be undone.
	//
	// Deprecated: unused; CheckGovernance refuses with sdkerrors.ErrUnauthorized
	// (see sdk.ValidateAuthority). Registered so that code 13 keeps its meaning.
	ErrGovernanceOnly = errorsmod.Register(ModuleName, 13, "only x/gov may do what cannot be undone")
	// ErrGenesisValidatorNotAllowed refuses a genesis that would create a
	// validator (by gentx or in x/staking's genesis) whose operator is not
	// on the allowlist, before the staking hooks refuse it at start.
	ErrGenesisValidatorNotAllowed = errorsmod.Register(ModuleName, 14, "genesis creates validators whose operators are not on the validator allowlist")
)
