package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/x/permission/types"
)

// Hooks enforce the permissioned validator set inside x/staking. Since SDK
// v0.55 an error from these hooks aborts the staking operation, so this one
// check covers MsgCreateValidator and MsgDelegate sent directly, through
// authz, through a gov proposal, and as gentxs at genesis.
type Hooks struct{ k *Keeper }

var _ stakingtypes.StakingHooks = Hooks{}

// Hooks returns the staking hooks of the permission module.
func (k *Keeper) Hooks() Hooks { return Hooks{k: k} }

// AfterValidatorCreated refuses validators whose operator is not allowlisted.
func (h Hooks) AfterValidatorCreated(ctx context.Context, valAddr sdk.ValAddress) error {
	ok, err := h.k.IsAllowed(ctx, sdk.AccAddress(valAddr))
	if err != nil {
		return err
	}
	if !ok {
		operator, _ := h.k.addressCodec.BytesToString(valAddr)
		return errorsmod.Wrapf(types.ErrValidatorRefused, "operator %s", operator)
	}
	return nil
}

// BeforeDelegationCreated lets only a validator's own operator delegate to it:
// voting power in a consortium chain is not for sale.
func (h Hooks) BeforeDelegationCreated(_ context.Context, delAddr sdk.AccAddress, valAddr sdk.ValAddress) error {
	if delAddr.Equals(sdk.AccAddress(valAddr)) {
		return nil
	}
	delegator, _ := h.k.addressCodec.BytesToString(delAddr)
	validator, _ := h.k.valAddressCodec.BytesToString(valAddr)
	return errorsmod.Wrapf(types.ErrDelegationRefused, "delegator %s is not the operator of validator %s", delegator, validator)
}

// BeforeValidatorModified implements StakingHooks.
func (Hooks) BeforeValidatorModified(context.Context, sdk.ValAddress) error { return nil }

// AfterValidatorRemoved implements StakingHooks.
func (Hooks) AfterValidatorRemoved(context.Context, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}

// AfterValidatorConsKeyUpdated implements StakingHooks.
func (Hooks) AfterValidatorConsKeyUpdated(context.Context, sdk.ConsAddress, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}

// AfterValidatorBonded implements StakingHooks.
func (Hooks) AfterValidatorBonded(context.Context, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}

// AfterValidatorBeginUnbonding implements StakingHooks.
func (Hooks) AfterValidatorBeginUnbonding(context.Context, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}

// BeforeDelegationSharesModified implements StakingHooks.
func (Hooks) BeforeDelegationSharesModified(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}

// BeforeDelegationRemoved implements StakingHooks.
func (Hooks) BeforeDelegationRemoved(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}

// AfterDelegationModified implements StakingHooks.
func (Hooks) AfterDelegationModified(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}

// BeforeValidatorSlashed implements StakingHooks.
func (Hooks) BeforeValidatorSlashed(context.Context, sdk.ValAddress, math.LegacyDec) error {
	return nil
}

// AfterUnbondingInitiated implements StakingHooks.
func (Hooks) AfterUnbondingInitiated(context.Context, uint64) error { return nil }
