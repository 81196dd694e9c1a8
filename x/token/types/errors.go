package types

import errorsmod "cosmossdk.io/errors"

// Errors of the token module. Codes are stable: never renumber them.
var (
	ErrInsufficientFunds = errorsmod.Register(ModuleName, 2, "insufficient funds for the fee")
	ErrInvalidParams     = errorsmod.Register(ModuleName, 3, "invalid token params")
	ErrParamsNotByGov    = errorsmod.Register(ModuleName, 4, "token params can only be changed by governance") // Deprecated: unused; a signer other than the governance authority gets sdkerrors.ErrUnauthorized. Registered so the code keeps its meaning.
	ErrUnknownPool       = errorsmod.Register(ModuleName, 5, "no pool for this manufacturer")
	ErrPoolExists        = errorsmod.Register(ModuleName, 6, "manufacturer pool already exists")
	ErrInvalidAmount     = errorsmod.Register(ModuleName, 7, "invalid amount")
	ErrNoRewards         = errorsmod.Register(ModuleName, 8, "no rewards to withdraw")
	ErrPaused            = errorsmod.Register(ModuleName, 9, "action is paused by the network authority")
	ErrInvalidAction     = errorsmod.Register(ModuleName, 10, "invalid action")
	ErrInvalidGenesis    = errorsmod.Register(ModuleName, 11, "invalid token genesis")
	ErrInvalidAddress    = errorsmod.Register(ModuleName, 12, "invalid address")
	// Codes 13 to 16 were device payments' (payment refused, not the payer,
	// no device directory, unknown device); payments moved to x/payment and
	// the codes are retired, never to be reused.
	ErrInvalidAuditorCredit = errorsmod.Register(ModuleName, 17, "invalid auditor pool credit")
	ErrGenesisDeficit       = errorsmod.Register(ModuleName, 18, "token module account holds less than the token genesis tracks")
)
