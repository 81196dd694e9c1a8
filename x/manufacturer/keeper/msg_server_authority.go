package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/manufacturer/types"
)

// AddManufacturer admits a manufacturer.
func (s msgServer) AddManufacturer(ctx context.Context, msg *types.MsgAddManufacturer) (*types.MsgAddManufacturerResponse, error) {
	if err := s.k.permission.CheckAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	m := types.Manufacturer{
		Id:                msg.Id,
		Name:              msg.Name,
		Operators:         msg.Operators,
		Status:            types.STATUS_ACTIVE,
		DefaultReputation: msg.DefaultReputation,
		AuthKeyHash:       msg.AuthKeyHash,
		Metadata:          msg.Metadata,
		AdmissionHeight:   sdkCtx.BlockHeight(),
	}
	if err := m.Validate(s.k.addressCodec); err != nil {
		return nil, err
	}
	has, err := s.k.Manufacturers.Has(ctx, m.Id)
	if err != nil {
		return nil, err
	}
	if has {
		return nil, errorsmod.Wrapf(types.ErrDuplicateID, "%s", m.Id)
	}
	operators, err := s.k.parseOperators(m.Operators)
	if err != nil {
		return nil, err
	}
	if err := s.k.checkOperatorsFree(ctx, m.Id, operators); err != nil {
		return nil, err
	}
	if err := s.k.Manufacturers.Set(ctx, m.Id, m); err != nil {
		return nil, err
	}
	if err := s.k.indexOperators(ctx, m.Id, m.Operators, true); err != nil {
		return nil, err
	}
	if err := s.k.token.CreatePool(ctx, m.Id); err != nil {
		return nil, err
	}
	return &types.MsgAddManufacturerResponse{}, sdkCtx.EventManager().EmitTypedEvent(&types.EventManufacturerAdded{
		Id: m.Id, Authority: msg.Authority,
	})
}

// SuspendManufacturer: active → suspended.
func (s msgServer) SuspendManufacturer(ctx context.Context, msg *types.MsgSuspendManufacturer) (*types.MsgSuspendManufacturerResponse, error) {
	return &types.MsgSuspendManufacturerResponse{}, s.k.transition(ctx, msg.Authority, msg.Id, msg.Reason,
		types.STATUS_SUSPENDED, types.STATUS_ACTIVE)
}

// ReinstateManufacturer: suspended → active.
func (s msgServer) ReinstateManufacturer(ctx context.Context, msg *types.MsgReinstateManufacturer) (*types.MsgReinstateManufacturerResponse, error) {
	return &types.MsgReinstateManufacturerResponse{}, s.k.transition(ctx, msg.Authority, msg.Id, "",
		types.STATUS_ACTIVE, types.STATUS_SUSPENDED)
}

// RemoveManufacturer: active or suspended → removed, for good. The record
// stays (its devices still name it) but its operator accounts are released.
func (s msgServer) RemoveManufacturer(ctx context.Context, msg *types.MsgRemoveManufacturer) (*types.MsgRemoveManufacturerResponse, error) {
	return &types.MsgRemoveManufacturerResponse{}, s.k.transition(ctx, msg.Authority, msg.Id, msg.Reason,
		types.STATUS_REMOVED, types.STATUS_ACTIVE, types.STATUS_SUSPENDED)
}

// SetDefaultReputation changes the score the manufacturer's new devices start with.
func (s msgServer) SetDefaultReputation(ctx context.Context, msg *types.MsgSetDefaultReputation) (*types.MsgSetDefaultReputationResponse, error) {
	if err := s.k.permission.CheckAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := types.ValidateReputation(msg.DefaultReputation); err != nil {
		return nil, err
	}
	m, err := s.k.GetManufacturer(ctx, msg.Id)
	if err != nil {
		return nil, err
	}
	if m.Status == types.STATUS_REMOVED {
		return nil, errorsmod.Wrapf(types.ErrInvalidTransition, "%s is removed", m.Id)
	}
	m.DefaultReputation = msg.DefaultReputation
	if err := s.k.Manufacturers.Set(ctx, m.Id, m); err != nil {
		return nil, err
	}
	return &types.MsgSetDefaultReputationResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventDefaultReputationSet{Id: m.Id, Authority: msg.Authority, DefaultReputation: m.DefaultReputation})
}

// transition moves a manufacturer to status `to` if it is in one of `from`.
func (k *Keeper) transition(ctx context.Context, authority, id, reason string, to types.Status, from ...types.Status) error {
	if err := k.permission.CheckAuthority(ctx, authority); err != nil {
		return err
	}
	m, err := k.GetManufacturer(ctx, id)
	if err != nil {
		return err
	}
	allowed := false
	for _, f := range from {
		allowed = allowed || m.Status == f
	}
	if !allowed {
		return errorsmod.Wrapf(types.ErrInvalidTransition, "%s is %s, cannot become %s", id, m.Status.StatusName(), to.StatusName())
	}
	old := m.Status
	m.Status = to
	if err := k.Manufacturers.Set(ctx, id, m); err != nil {
		return err
	}
	if to == types.STATUS_REMOVED {
		if err := k.indexOperators(ctx, id, m.Operators, false); err != nil {
			return err
		}
	}
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventManufacturerStatusChanged{
		Id: id, Authority: authority, From: old.StatusName(), To: to.StatusName(), Reason: reason,
	})
}
