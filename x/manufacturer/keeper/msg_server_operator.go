package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/manufacturer/types"
)

// UpdateManufacturer lets an operator change the name and metadata; a
// suspended manufacturer may still fix its profile.
func (s msgServer) UpdateManufacturer(ctx context.Context, msg *types.MsgUpdateManufacturer) (*types.MsgUpdateManufacturerResponse, error) {
	m, err := s.k.reg.Update(ctx, msg.Id, msg.Operator, func(m *types.Manufacturer) error {
		if err := types.ValidateName(msg.Name); err != nil {
			return err
		}
		if err := msg.Metadata.Validate(); err != nil {
			return err
		}
		m.Name, m.Metadata = msg.Name, msg.Metadata
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &types.MsgUpdateManufacturerResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventManufacturerUpdated{Id: m.Id, Operator: msg.Operator})
}

// RotateOperators proposes new operator accounts. Naming an account gives it
// nothing: each new account accepts with its own signature (AcceptOperator)
// and the rotation takes effect with the last acceptance, so the old
// operators stay until then and the manufacturer is never without one. A
// rotation to accounts that all operate it already — dropping a leaked key
// — takes effect at once. A suspended manufacturer may still rotate.
func (s msgServer) RotateOperators(ctx context.Context, msg *types.MsgRotateOperators) (*types.MsgRotateOperatorsResponse, error) {
	m, rotated, old, err := s.k.reg.ProposeOperators(ctx, msg.Id, msg.Operator, msg.NewOperators, msg.ExpiryHeight, nil)
	if err != nil {
		return nil, err
	}
	em := sdk.UnwrapSDKContext(ctx).EventManager()
	if rotated {
		return &types.MsgRotateOperatorsResponse{Rotated: true}, em.EmitTypedEvent(
			&types.EventOperatorsRotated{Id: m.Id, Operator: msg.Operator, OldOperators: old, NewOperators: m.Operators})
	}
	return &types.MsgRotateOperatorsResponse{}, em.EmitTypedEvent(&types.EventOperatorsProposed{
		Id: m.Id, Operator: msg.Operator, Operators: msg.NewOperators, ExpiryHeight: msg.ExpiryHeight})
}

// AcceptOperator is a proposed account's consent to operate the
// manufacturer; the last one makes the rotation.
func (s msgServer) AcceptOperator(ctx context.Context, msg *types.MsgAcceptOperator) (*types.MsgAcceptOperatorResponse, error) {
	m, rotated, old, err := s.k.reg.AcceptOperator(ctx, msg.Id, msg.Operator)
	if err != nil {
		return nil, err
	}
	em := sdk.UnwrapSDKContext(ctx).EventManager()
	if err := em.EmitTypedEvent(&types.EventOperatorAccepted{Id: m.Id, Operator: msg.Operator}); err != nil {
		return nil, err
	}
	if !rotated {
		return &types.MsgAcceptOperatorResponse{}, nil
	}
	return &types.MsgAcceptOperatorResponse{Rotated: true}, em.EmitTypedEvent(
		&types.EventOperatorsRotated{Id: m.Id, Operator: msg.Operator, OldOperators: old, NewOperators: m.Operators})
}
