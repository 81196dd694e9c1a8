package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/internal/registry"
)

// UpdateAuditor lets the operator of an active auditor change the name and
// metadata; a suspended auditor's profile is frozen with it.
func (s msgServer) UpdateAuditor(ctx context.Context, msg *types.MsgUpdateAuditor) (*types.MsgUpdateAuditorResponse, error) {
	a, err := s.k.operatedBy(ctx, msg.Id, msg.Operator)
	if err != nil {
		return nil, err
	}
	if err := registry.CheckUpdatable(a, "auditor", types.ErrInvalidTransition); err != nil {
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
	return &types.MsgUpdateAuditorResponse{}, keeperkit.Emit(ctx,
		&types.EventAuditorUpdated{Id: a.Id, Operator: msg.Operator})
}

// RotateOperator proposes a new operator account; it takes over, and the
// old key can no longer write scores, once the new account accepts with its
// own signature (AcceptOperator). A suspended auditor may still rotate a
// leaked key away.
func (s msgServer) RotateOperator(ctx context.Context, msg *types.MsgRotateOperator) (*types.MsgRotateOperatorResponse, error) {
	a, err := s.k.operatedBy(ctx, msg.Id, msg.Operator)
	if err != nil {
		return nil, err
	}
	if _, err := s.k.parseOperator(msg.NewOperator); err != nil {
		return nil, err
	}
	// The one operator is never rotated to itself, so the rotation always
	// waits for the new account's consent.
	if msg.NewOperator == a.Operator {
		return nil, errorsmod.Wrapf(types.ErrInvalidOperator, "%s already operates %s", msg.NewOperator, a.Id)
	}
	next := []string{msg.NewOperator}
	if err := s.k.index.CheckFree(ctx, a.Id, next, types.ErrOperatorTaken); err != nil {
		return nil, err
	}
	accepted, _, err := registry.Propose(ctx, a, next, msg.ExpiryHeight, registryErrors)
	if err != nil {
		return nil, err
	}
	a.PendingOperators = &types.PendingOperators{Operators: next, Accepted: accepted, ExpiryHeight: msg.ExpiryHeight}
	if err := s.k.Auditors.Set(ctx, a.Id, a); err != nil {
		return nil, err
	}
	return &types.MsgRotateOperatorResponse{}, keeperkit.Emit(ctx, &types.EventOperatorsProposed{
		Id: a.Id, Operator: msg.Operator, Operators: next, ExpiryHeight: msg.ExpiryHeight})
}

// AcceptOperator is the proposed account's consent to operate the auditor;
// it makes the rotation. A removed auditor accepts nobody.
func (s msgServer) AcceptOperator(ctx context.Context, msg *types.MsgAcceptOperator) (*types.MsgAcceptOperatorResponse, error) {
	a, err := s.k.GetAuditor(ctx, msg.Id)
	if err != nil {
		return nil, err
	}
	if err := registry.CheckNotRemoved(a, types.ErrInvalidTransition); err != nil {
		return nil, err
	}
	// Parsed first: a spelling that is not canonical is refused as such.
	if _, err := s.k.parseOperator(msg.Operator); err != nil {
		return nil, err
	}
	// An auditor's rotation names one account, so its consent completes it.
	next, _, _, err := registry.Accept(ctx, a, msg.Operator, registryErrors)
	if err != nil {
		return nil, err
	}
	// It may have come to operate another auditor since it was proposed.
	if err := s.k.index.CheckFree(ctx, a.Id, next, types.ErrOperatorTaken); err != nil {
		return nil, err
	}
	old := a.Operator
	if err := s.k.index.Rotate(ctx, a.Id, []string{old}, next); err != nil {
		return nil, err
	}
	a.Operator, a.PendingOperators = next[0], nil
	if err := s.k.Auditors.Set(ctx, a.Id, a); err != nil {
		return nil, err
	}
	em := sdk.UnwrapSDKContext(ctx).EventManager()
	if err := em.EmitTypedEvent(&types.EventOperatorAccepted{Id: a.Id, Operator: msg.Operator}); err != nil {
		return nil, err
	}
	return &types.MsgAcceptOperatorResponse{}, em.EmitTypedEvent(
		&types.EventAuditorOperatorRotated{Id: a.Id, OldOperator: old, NewOperator: a.Operator})
}
