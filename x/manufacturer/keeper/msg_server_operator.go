package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/manufacturer/types"
)

// UpdateManufacturer lets an operator change the name and metadata.
func (s msgServer) UpdateManufacturer(ctx context.Context, msg *types.MsgUpdateManufacturer) (*types.MsgUpdateManufacturerResponse, error) {
	m, err := s.k.operatedBy(ctx, msg.Id, msg.Operator)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateName(msg.Name); err != nil {
		return nil, err
	}
	if err := msg.Metadata.Validate(); err != nil {
		return nil, err
	}
	m.Name, m.Metadata = msg.Name, msg.Metadata
	if err := s.k.Manufacturers.Set(ctx, m.Id, m); err != nil {
		return nil, err
	}
	return &types.MsgUpdateManufacturerResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventManufacturerUpdated{Id: m.Id, Operator: msg.Operator})
}

// RotateOperators replaces the operator accounts; a manufacturer whose key
// leaked rotates to fresh accounts in one step.
func (s msgServer) RotateOperators(ctx context.Context, msg *types.MsgRotateOperators) (*types.MsgRotateOperatorsResponse, error) {
	m, err := s.k.operatedBy(ctx, msg.Id, msg.Operator)
	if err != nil {
		return nil, err
	}
	operators, err := s.k.parseOperators(msg.NewOperators)
	if err != nil {
		return nil, err
	}
	if err := s.k.checkOperatorsFree(ctx, m.Id, operators); err != nil {
		return nil, err
	}
	old := m.Operators
	if err := s.k.indexOperators(ctx, m.Id, old, false); err != nil {
		return nil, err
	}
	m.Operators = msg.NewOperators
	if err := s.k.indexOperators(ctx, m.Id, m.Operators, true); err != nil {
		return nil, err
	}
	if err := s.k.Manufacturers.Set(ctx, m.Id, m); err != nil {
		return nil, err
	}
	return &types.MsgRotateOperatorsResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventOperatorsRotated{Id: m.Id, Operator: msg.Operator, OldOperators: old, NewOperators: m.Operators})
}

// operatedBy returns the manufacturer if operator is one of its operators and
// it is not removed (a suspended manufacturer may still fix its profile).
func (k *Keeper) operatedBy(ctx context.Context, id, operator string) (types.Manufacturer, error) {
	m, err := k.GetManufacturer(ctx, id)
	if err != nil {
		return m, err
	}
	if !m.IsOperator(operator) {
		return m, errorsmod.Wrapf(types.ErrNotOperator, "%s does not operate %s", operator, id)
	}
	if m.Status == types.STATUS_REMOVED {
		return m, errorsmod.Wrapf(types.ErrInvalidTransition, "%s is removed", id)
	}
	return m, nil
}
