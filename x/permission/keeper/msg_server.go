package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/permission/types"
)

type msgServer struct{ k *Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service.
func NewMsgServerImpl(k *Keeper) types.MsgServer { return msgServer{k: k} }

// AllowValidator puts an operator on the allowlist.
func (s msgServer) AllowValidator(ctx context.Context, msg *types.MsgAllowValidator) (*types.MsgAllowValidatorResponse, error) {
	if err := s.k.CheckAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	operator, err := s.k.parseAddress("operator", msg.Operator)
	if err != nil {
		return nil, err
	}
	has, err := s.k.AllowedValidators.Has(ctx, operator)
	if err != nil {
		return nil, err
	}
	if has {
		return nil, errorsmod.Wrapf(types.ErrAlreadyAllowed, "operator %s", msg.Operator)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	entry := types.AllowedValidator{
		Operator:       msg.Operator,
		ApprovedBy:     msg.Authority,
		ApprovedHeight: sdkCtx.BlockHeight(),
		Note:           msg.Note,
	}
	if err := s.k.AllowedValidators.Set(ctx, operator, entry); err != nil {
		return nil, err
	}
	return &types.MsgAllowValidatorResponse{}, sdkCtx.EventManager().EmitTypedEvent(&types.EventValidatorAllowed{
		Operator: msg.Operator, ApprovedBy: msg.Authority,
	})
}

// RemoveValidator takes an operator off the allowlist and jails its validator,
// so it leaves the active set at the end of this block. The removal stays
// within the bounds of checkRemovalBounds: never below min_validators, and a
// registrar never more than a third of the bonded power per window.
func (s msgServer) RemoveValidator(ctx context.Context, msg *types.MsgRemoveValidator) (*types.MsgRemoveValidatorResponse, error) {
	if err := s.k.CheckAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	operator, err := s.k.parseAddress("operator", msg.Operator)
	if err != nil {
		return nil, err
	}
	has, err := s.k.AllowedValidators.Has(ctx, operator)
	if err != nil {
		return nil, err
	}
	if !has {
		return nil, errorsmod.Wrapf(types.ErrNotAllowed, "operator %s", msg.Operator)
	}
	window, err := s.k.checkRemovalBounds(ctx, msg.Authority, sdk.ValAddress(operator))
	if err != nil {
		return nil, err
	}
	if err := s.k.AllowedValidators.Remove(ctx, operator); err != nil {
		return nil, err
	}
	if window != nil {
		if err := s.k.RemovalWindow.Set(ctx, *window); err != nil {
			return nil, err
		}
	}
	jailed, err := s.k.jailIfActive(ctx, sdk.ValAddress(operator))
	if err != nil {
		return nil, err
	}
	return &types.MsgRemoveValidatorResponse{}, keeperkit.Emit(ctx, &types.EventValidatorRemoved{
		Operator: msg.Operator, RemovedBy: msg.Authority, Jailed: jailed,
	})
}

// UpdateParams replaces the registrars and min_validators; governance only,
// so that a registrar can neither appoint further registrars nor lower the
// floor under the validator set.
func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	if err := s.k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, keeperkit.Emit(ctx, &types.EventParamsUpdated{
		Registrars: msg.Params.Registrars, MinValidators: msg.Params.MinValidators,
	})
}

// jailIfActive jails the operator's validator if it exists and is not jailed yet.
func (k *Keeper) jailIfActive(ctx context.Context, valAddr sdk.ValAddress) (bool, error) {
	val, err := k.stakingKeeper.GetValidator(ctx, valAddr)
	if errorsmod.IsOf(err, stakingtypes.ErrNoValidatorFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return k.jail(ctx, val)
}

func (k *Keeper) jail(ctx context.Context, val stakingtypes.ValidatorI) (bool, error) {
	if val.IsJailed() {
		return false, nil
	}
	consAddr, err := val.GetConsAddr()
	if err != nil {
		return false, err
	}
	return true, k.stakingKeeper.Jail(ctx, consAddr)
}
