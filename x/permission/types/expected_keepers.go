package types

import (
	"context"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// StakingKeeper is the part of x/staking the permission module needs to take
// removed operators out of the validator set, and to bound those removals by
// the bonded validators and the unbonding time.
type StakingKeeper interface {
	GetValidator(ctx context.Context, addr sdk.ValAddress) (stakingtypes.Validator, error)
	IterateValidators(ctx context.Context, fn func(index int64, validator stakingtypes.ValidatorI) (stop bool)) error
	Jail(ctx context.Context, consAddr sdk.ConsAddress) error
	// GetBondedValidatorsByPower returns the bonded, unjailed validators
	// (jailing takes a validator out of the power index at once).
	GetBondedValidatorsByPower(ctx context.Context) ([]stakingtypes.Validator, error)
	UnbondingTime(ctx context.Context) (time.Duration, error)
}
