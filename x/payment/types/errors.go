package types

import errorsmod "cosmossdk.io/errors"

// The module's errors, with stable codes.
var (
	ErrPaymentRefused = errorsmod.Register(ModuleName, 2, "payment refused")
	ErrNotPayer       = errorsmod.Register(ModuleName, 3, "signer is not the payer device's paying account")
	ErrInvalidAmount  = errorsmod.Register(ModuleName, 4, "invalid amount")
	ErrInvalidAddress = errorsmod.Register(ModuleName, 5, "invalid address")
	ErrInvalidGenesis = errorsmod.Register(ModuleName, 6, "invalid payment genesis")
)
