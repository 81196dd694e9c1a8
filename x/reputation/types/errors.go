package types

import (
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
)

// Errors of the reputation module. Codes are stable: never renumber them.
var (
	ErrInvalidParams   = errorsmod.Register(ModuleName, 2, "invalid reputation params")
	ErrParamsNotByGov  = errorsmod.Register(ModuleName, 3, "reputation params can only be changed by governance") // Deprecated: unused; a signer other than the governance authority gets sdkerrors.ErrUnauthorized. Registered so the code keeps its meaning.
	ErrEmptyBatch      = errorsmod.Register(ModuleName, 4, "no scores in the batch")
	ErrBatchTooLarge   = errorsmod.Register(ModuleName, 5, "batch exceeds the maximum size")
	ErrTypeNotAllowed  = errorsmod.Register(ModuleName, 6, "auditor may not write this reputation type")
	ErrScoreOutOfRange = errorsmod.Register(ModuleName, 7, "score out of range")
	ErrDuplicateEntry  = errorsmod.Register(ModuleName, 8, "device and reputation type repeated in the batch")
	ErrInvalidGenesis  = errorsmod.Register(ModuleName, 9, "invalid reputation genesis")
	// ErrInvalidMinimums refuses a ServiceProviders query's minimums; it is
	// a query's refusal, so it carries the gRPC code of a bad request.
	ErrInvalidMinimums = errorsmod.RegisterWithGRPCCode(ModuleName, 10, codes.InvalidArgument, "invalid reputation minimums")
)
