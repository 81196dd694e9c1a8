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

// RotateOperator moves the auditor to a new operator account; an auditor
// whose signing key leaked rotates to a fresh account in one step, and the
// old key can no longer write scores.
func (s msgServer) RotateOperator(ctx context.Context, msg *types.MsgRotateOperator) (*types.MsgRotateOperatorResponse, error) {
	a, old, err := s.k.reg.RotateOperators(ctx, msg.Id, msg.Operator, []string{msg.NewOperator}, func(a *types.Auditor) error {
		if msg.NewOperator == a.Operator {
			return errorsmod.Wrapf(types.ErrInvalidOperator, "%s already operates %s", msg.NewOperator, a.Id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &types.MsgRotateOperatorResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventAuditorOperatorRotated{Id: a.Id, OldOperator: old[0], NewOperator: a.Operator})
}
