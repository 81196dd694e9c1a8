package types

import errorsmod "cosmossdk.io/errors"

// Errors of the device registry. Codes are stable: never renumber them.
var (
	ErrInvalidDeviceID      = errorsmod.Register(ModuleName, 2, "invalid device id")
	ErrInvalidKeyType       = errorsmod.Register(ModuleName, 3, "invalid key type")
	ErrInvalidPublicKey     = errorsmod.Register(ModuleName, 4, "invalid public key")
	ErrDuplicateDevice      = errorsmod.Register(ModuleName, 5, "device id already registered")
	ErrDuplicateKey         = errorsmod.Register(ModuleName, 6, "public key already registered")
	ErrEmptyBatch           = errorsmod.Register(ModuleName, 7, "no devices in the batch")
	ErrBatchTooLarge        = errorsmod.Register(ModuleName, 8, "batch exceeds the maximum size")
	ErrInvalidEntry         = errorsmod.Register(ModuleName, 9, "invalid whitelist entry")
	ErrUnknownDevice        = errorsmod.Register(ModuleName, 10, "unknown device")
	ErrInvalidStatus        = errorsmod.Register(ModuleName, 11, "device status does not allow this")
	ErrInvalidActivation    = errorsmod.Register(ModuleName, 12, "invalid activation proof")
	ErrUnauthorized         = errorsmod.Register(ModuleName, 13, "signer may not do this to the device")
	ErrInvalidPolicy        = errorsmod.Register(ModuleName, 14, "invalid device policy")
	ErrInvalidService       = errorsmod.Register(ModuleName, 15, "invalid service")
	ErrInvalidAddress       = errorsmod.Register(ModuleName, 16, "invalid address")
	ErrUnknownWhitelist     = errorsmod.Register(ModuleName, 17, "unknown Merkle whitelist")
	ErrDuplicateWhitelist   = errorsmod.Register(ModuleName, 18, "Merkle whitelist already committed")
	ErrInvalidWhitelist     = errorsmod.Register(ModuleName, 19, "invalid Merkle whitelist")
	ErrInvalidMerkleProof   = errorsmod.Register(ModuleName, 20, "invalid Merkle inclusion proof")
	ErrWhitelistExhausted   = errorsmod.Register(ModuleName, 21, "every device of the Merkle whitelist is already activated")
	ErrInvalidParams        = errorsmod.Register(ModuleName, 22, "invalid device params")
	ErrParamsNotByGov       = errorsmod.Register(ModuleName, 23, "device params can only be changed by governance") // Deprecated: unused; a signer other than the governance authority gets sdkerrors.ErrUnauthorized. Registered so the code keeps its meaning.
	ErrInvalidGenesis       = errorsmod.Register(ModuleName, 24, "invalid device genesis")
	ErrManufacturerMismatch = errorsmod.Register(ModuleName, 25, "device belongs to another manufacturer")
	ErrInvalidReason        = errorsmod.Register(ModuleName, 26, "invalid reason")
	ErrModuleAccount        = errorsmod.Register(ModuleName, 27, "a module account cannot hold a device or be its wallet")
	ErrNoWalletOffer        = errorsmod.Register(ModuleName, 28, "no pending wallet offer")
	ErrWalletOfferExpired   = errorsmod.Register(ModuleName, 29, "wallet offer expired")
	ErrNoWallet             = errorsmod.Register(ModuleName, 30, "no wallet linked or offered")
	ErrInvalidWalletOffer   = errorsmod.Register(ModuleName, 31, "invalid wallet offer")
	ErrInvalidRelease       = errorsmod.Register(ModuleName, 32, "registrations cannot be released")
	ErrCredentialReserved   = errorsmod.Register(ModuleName, 33, "credential is reserved for another manufacturer")
)
