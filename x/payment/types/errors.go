package types

import errorsmod "cosmossdk.io/errors"

// The module's errors, with stable codes.
var (
	ErrPaymentRefused = errorsmod.Register(ModuleName, 2, "payment refused")
	ErrNotPayer       = errorsmod.Register(ModuleName, 3, "signer is not the payer device's paying account")
	ErrInvalidAmount  = errorsmod.Register(ModuleName, 4, "invalid amount")
	ErrInvalidAddress = errorsmod.Register(ModuleName, 5, "invalid address")
	ErrInvalidGenesis = errorsmod.Register(ModuleName, 6, "invalid payment genesis")
	ErrNoWallet       = errorsmod.Register(ModuleName, 7, "the payer device has no linked wallet")
	ErrWrongWallet    = errorsmod.Register(ModuleName, 8, "the intent's wallet is not the payer device's linked wallet")
	ErrWrongNonce     = errorsmod.Register(ModuleName, 9, "the intent's nonce is not the payer device's current nonce")
	ErrIntentExpired  = errorsmod.Register(ModuleName, 10, "the payment intent has expired")
	ErrInvalidIntent  = errorsmod.Register(ModuleName, 11, "invalid payment intent")
	ErrBadSignature   = errorsmod.Register(ModuleName, 12, "the payer device's signature does not verify")
	ErrModuleAccount  = errorsmod.Register(ModuleName, 13, "a module account never pays for a device")
	ErrGrantRefused   = errorsmod.Register(ModuleName, 14, "the payment authorization does not cover this payment")
)
