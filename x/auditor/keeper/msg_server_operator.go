package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/auditor/types"
)

// UpdateAuditor lets the operator change the name and metadata.
func (s msgServer) UpdateAuditor(ctx context.Context, msg *types.MsgUpdateAuditor) (*types.MsgUpdateAuditorResponse, error) {
	a, err := s.k.operatedBy(ctx, msg.Id, msg.Operator)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateName(msg.Name); err != nil {
		return nil, err
	}
	if err := msg.Metadata.Validate(); err != nil {
		return nil, err
	}
	a.Name, a.Metadata = msg.Name, msg.Metadata
	if err := s.k.Auditors.Set(ctx, a.Id, a); err != nil {
		return nil, err
	}
	return &types.MsgUpdateAuditorResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventAuditorUpdated{Id: a.Id, Operator: msg.Operator})
}

// RotateOperator moves the auditor to a new operator account; an auditor
// whose signing key leaked rotates to a fresh account in one step, and the
// old key can no longer write scores.
func (s msgServer) RotateOperator(ctx context.Context, msg *types.MsgRotateOperator) (*types.MsgRotateOperatorResponse, error) {
	a, err := s.k.operatedBy(ctx, msg.Id, msg.Operator)
	if err != nil {
		return nil, err
	}
	newOperator, err := s.k.parseOperator(msg.NewOperator)
	if err != nil {
		return nil, err
	}
	if msg.NewOperator == a.Operator {
		return nil, errorsmod.Wrapf(types.ErrInvalidOperator, "%s already operates %s", msg.NewOperator, a.Id)
	}
	if err := s.k.checkOperatorFree(ctx, a.Id, newOperator); err != nil {
		return nil, err
	}
	old := a.Operator
	if err := s.k.indexOperator(ctx, a.Id, old, false); err != nil {
		return nil, err
	}
	if err := s.k.Operators.Set(ctx, newOperator, a.Id); err != nil {
		return nil, err
	}
	a.Operator = msg.NewOperator
	if err := s.k.Auditors.Set(ctx, a.Id, a); err != nil {
		return nil, err
	}
	return &types.MsgRotateOperatorResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventAuditorOperatorRotated{Id: a.Id, OldOperator: old, NewOperator: a.Operator})
}

// operatedBy returns the auditor if operator is its operator and it is not
// removed (a suspended auditor may still fix its profile or rotate a leaked key).
func (k *Keeper) operatedBy(ctx context.Context, id, operator string) (types.Auditor, error) {
	a, err := k.GetAuditor(ctx, id)
	if err != nil {
		return a, err
	}
	if a.Operator != operator {
		return a, errorsmod.Wrapf(types.ErrNotOperator, "%s does not operate %s", operator, id)
	}
	if a.Status == types.STATUS_REMOVED {
		return a, errorsmod.Wrapf(types.ErrInvalidTransition, "%s is removed", id)
	}
	return a, nil
}
