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

// RotateOperators replaces the operator accounts; a manufacturer whose key
// leaked rotates to fresh accounts in one step.
func (s msgServer) RotateOperators(ctx context.Context, msg *types.MsgRotateOperators) (*types.MsgRotateOperatorsResponse, error) {
	m, old, err := s.k.reg.RotateOperators(ctx, msg.Id, msg.Operator, msg.NewOperators, nil)
	if err != nil {
		return nil, err
	}
	return &types.MsgRotateOperatorsResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventOperatorsRotated{Id: m.Id, Operator: msg.Operator, OldOperators: old, NewOperators: m.Operators})
}
