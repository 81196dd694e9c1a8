package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/auditor/types"
)

// UpdateAuditor lets the operator change the name and metadata; a suspended
// auditor may still fix its profile.
func (s msgServer) UpdateAuditor(ctx context.Context, msg *types.MsgUpdateAuditor) (*types.MsgUpdateAuditorResponse, error) {
	a, err := s.k.reg.Update(ctx, msg.Id, msg.Operator, func(a *types.Auditor) error {
		if err := types.ValidateName(msg.Name); err != nil {
			return err
		}
		if err := msg.Metadata.Validate(); err != nil {
			return err
		}
		a.Name, a.Metadata = msg.Name, msg.Metadata
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &types.MsgUpdateAuditorResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventAuditorUpdated{Id: a.Id, Operator: msg.Operator})
}

// RotateOperator proposes a new operator account; it takes over, and the
// old key can no longer write scores, once the new account accepts with its
// own signature (AcceptOperator). A suspended auditor may still rotate a
// leaked key away.
func (s msgServer) RotateOperator(ctx context.Context, msg *types.MsgRotateOperator) (*types.MsgRotateOperatorResponse, error) {
	a, _, _, err := s.k.reg.ProposeOperators(ctx, msg.Id, msg.Operator, []string{msg.NewOperator}, msg.ExpiryHeight, func(a *types.Auditor) error {
		if msg.NewOperator == a.Operator {
			return errorsmod.Wrapf(types.ErrInvalidOperator, "%s already operates %s", msg.NewOperator, a.Id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &types.MsgRotateOperatorResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventOperatorsProposed{
		Id: a.Id, Operator: msg.Operator, Operators: []string{msg.NewOperator}, ExpiryHeight: msg.ExpiryHeight})
}

// AcceptOperator is the proposed account's consent to operate the auditor;
// it makes the rotation.
func (s msgServer) AcceptOperator(ctx context.Context, msg *types.MsgAcceptOperator) (*types.MsgAcceptOperatorResponse, error) {
	a, _, old, err := s.k.reg.AcceptOperator(ctx, msg.Id, msg.Operator)
	if err != nil {
		return nil, err
	}
	em := sdk.UnwrapSDKContext(ctx).EventManager()
	if err := em.EmitTypedEvent(&types.EventOperatorAccepted{Id: a.Id, Operator: msg.Operator}); err != nil {
		return nil, err
	}
	return &types.MsgAcceptOperatorResponse{}, em.EmitTypedEvent(
		&types.EventAuditorOperatorRotated{Id: a.Id, OldOperator: old[0], NewOperator: a.Operator})
}
