package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/internal/registry"
	"github.com/atonomi/atonomid/x/manufacturer/types"
)

// UpdateManufacturer lets an operator of an active manufacturer change the
// name and metadata; a suspended manufacturer's profile is frozen with it.
func (s msgServer) UpdateManufacturer(ctx context.Context, msg *types.MsgUpdateManufacturer) (*types.MsgUpdateManufacturerResponse, error) {
	m, err := s.k.operatedBy(ctx, msg.Id, msg.Operator)
	if err != nil {
		return nil, err
	}
	if err := registry.CheckUpdatable(m, "manufacturer", types.ErrInvalidTransition); err != nil {
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
	return &types.MsgUpdateManufacturerResponse{}, keeperkit.Emit(ctx,
		&types.EventManufacturerUpdated{Id: m.Id, Operator: msg.Operator})
}

// RotateOperators proposes new operator accounts. Naming an account gives it
// nothing: each new account accepts with its own signature (AcceptOperator)
// and the rotation takes effect with the last acceptance, so the old
// operators stay until then and the manufacturer is never without one. A
// rotation to accounts that all operate it already — dropping a leaked key
// — takes effect at once. A suspended manufacturer may still rotate.
func (s msgServer) RotateOperators(ctx context.Context, msg *types.MsgRotateOperators) (*types.MsgRotateOperatorsResponse, error) {
	m, err := s.k.operatedBy(ctx, msg.Id, msg.Operator)
	if err != nil {
		return nil, err
	}
	if _, err := s.k.parseOperators(msg.NewOperators); err != nil {
		return nil, err
	}
	if err := s.k.index.CheckFree(ctx, m.Id, msg.NewOperators, types.ErrOperatorTaken); err != nil {
		return nil, err
	}
	accepted, now, err := registry.Propose(ctx, m, msg.NewOperators, msg.ExpiryHeight, registryErrors)
	if err != nil {
		return nil, err
	}
	em := sdk.UnwrapSDKContext(ctx).EventManager()
	if now {
		m, old, err := s.k.rotate(ctx, m, msg.NewOperators)
		if err != nil {
			return nil, err
		}
		return &types.MsgRotateOperatorsResponse{Rotated: true}, em.EmitTypedEvent(
			&types.EventOperatorsRotated{Id: m.Id, Operator: msg.Operator, OldOperators: old, NewOperators: m.Operators})
	}
	m.PendingOperators = &types.PendingOperators{Operators: msg.NewOperators, Accepted: accepted, ExpiryHeight: msg.ExpiryHeight}
	if err := s.k.Manufacturers.Set(ctx, m.Id, m); err != nil {
		return nil, err
	}
	return &types.MsgRotateOperatorsResponse{}, em.EmitTypedEvent(&types.EventOperatorsProposed{
		Id: m.Id, Operator: msg.Operator, Operators: msg.NewOperators, ExpiryHeight: msg.ExpiryHeight})
}

// AcceptOperator is a proposed account's consent to operate the
// manufacturer; the last one makes the rotation. A removed manufacturer
// accepts nobody.
func (s msgServer) AcceptOperator(ctx context.Context, msg *types.MsgAcceptOperator) (*types.MsgAcceptOperatorResponse, error) {
	m, err := s.k.GetManufacturer(ctx, msg.Id)
	if err != nil {
		return nil, err
	}
	if err := registry.CheckNotRemoved(m, types.ErrInvalidTransition); err != nil {
		return nil, err
	}
	// Parsed first: a spelling that is not canonical is refused as such.
	if _, err := s.k.parseOperators([]string{msg.Operator}); err != nil {
		return nil, err
	}
	next, accepted, expiry, err := registry.Accept(ctx, m, msg.Operator, registryErrors)
	if err != nil {
		return nil, err
	}
	// It may have come to operate another manufacturer since it was proposed.
	if err := s.k.index.CheckFree(ctx, m.Id, []string{msg.Operator}, types.ErrOperatorTaken); err != nil {
		return nil, err
	}
	complete := len(accepted) == len(next)
	var old []string
	if complete {
		m, old, err = s.k.rotate(ctx, m, next)
	} else {
		m.PendingOperators = &types.PendingOperators{Operators: next, Accepted: accepted, ExpiryHeight: expiry}
		err = s.k.Manufacturers.Set(ctx, m.Id, m)
	}
	if err != nil {
		return nil, err
	}
	em := sdk.UnwrapSDKContext(ctx).EventManager()
	if err := em.EmitTypedEvent(&types.EventOperatorAccepted{Id: m.Id, Operator: msg.Operator}); err != nil {
		return nil, err
	}
	if !complete {
		return &types.MsgAcceptOperatorResponse{}, nil
	}
	return &types.MsgAcceptOperatorResponse{Rotated: true}, em.EmitTypedEvent(
		&types.EventOperatorsRotated{Id: m.Id, Operator: msg.Operator, OldOperators: old, NewOperators: m.Operators})
}
