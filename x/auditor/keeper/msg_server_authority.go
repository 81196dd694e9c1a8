package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/internal/registry"
)

// AddAuditor admits an auditor.
func (s msgServer) AddAuditor(ctx context.Context, msg *types.MsgAddAuditor) (*types.MsgAddAuditorResponse, error) {
	if err := s.k.permission.CheckAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	params, err := s.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	a := types.Auditor{
		Id:              msg.Id,
		Name:            msg.Name,
		Operator:        msg.Operator,
		Status:          types.STATUS_ACTIVE,
		ReputationTypes: msg.ReputationTypes,
		Weight:          msg.Weight,
		Metadata:        msg.Metadata,
		AdmissionHeight: sdkCtx.BlockHeight(),
	}
	if err := a.Validate(s.k.addressCodec, params); err != nil {
		return nil, err
	}
	if err := registry.Admit(ctx, s.k.Auditors, s.k.index, a, registryErrors); err != nil {
		return nil, err
	}
	return &types.MsgAddAuditorResponse{}, keeperkit.Emit(ctx, &types.EventAuditorAdded{
		Id: a.Id, Authority: msg.Authority,
	})
}

// SuspendAuditor: active → suspended.
func (s msgServer) SuspendAuditor(ctx context.Context, msg *types.MsgSuspendAuditor) (*types.MsgSuspendAuditorResponse, error) {
	return &types.MsgSuspendAuditorResponse{}, s.k.setStatus(ctx, msg.Authority, msg.Id, msg.Reason, registry.Suspend)
}

// ReinstateAuditor: suspended → active.
func (s msgServer) ReinstateAuditor(ctx context.Context, msg *types.MsgReinstateAuditor) (*types.MsgReinstateAuditorResponse, error) {
	return &types.MsgReinstateAuditorResponse{}, s.k.setStatus(ctx, msg.Authority, msg.Id, "", registry.Reinstate)
}

// RemoveAuditor: active or suspended → removed, for good. The record stays
// (its scores still name it) but its operator account is released.
func (s msgServer) RemoveAuditor(ctx context.Context, msg *types.MsgRemoveAuditor) (*types.MsgRemoveAuditorResponse, error) {
	return &types.MsgRemoveAuditorResponse{}, s.k.setStatus(ctx, msg.Authority, msg.Id, msg.Reason, registry.Remove)
}

// setStatus makes move on auditor id for authority, releasing the operator
// on removal, and tells the hooks the auditor's effective weight.
func (k *Keeper) setStatus(ctx context.Context, authority, id, reason string, move registry.Move) error {
	if err := move.CheckSigner(ctx, k.permission, authority, "auditor"); err != nil {
		return err
	}
	a, err := k.GetAuditor(ctx, id)
	if err != nil {
		return err
	}
	if err := move.CheckFrom(a, types.ErrInvalidTransition); err != nil {
		return err
	}
	from := a.Status
	a.Status = types.Status(move.To)
	if err := k.Auditors.Set(ctx, id, a); err != nil {
		return err
	}
	if move.To == registry.StatusRemoved {
		if err := k.index.Release(ctx, []string{a.Operator}); err != nil {
			return err
		}
	}
	// Every transition tells the hooks, a suspended auditor's removal (0 to
	// 0) included: the call is idempotent for them, and it settles any of
	// the auditor's scores still counted with a weight.
	if err := k.afterWeightChanged(ctx, a); err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventAuditorStatusChanged{
		Id: id, Authority: authority, From: from.StatusName(), To: a.Status.StatusName(), Reason: reason,
	})
}

// SetAuditorScope changes the reputation types an auditor may write and the
// weight of its scores; the authority sets both because they decide how much
// an auditor moves the network's reputations. A change of the effective
// weight is passed to the hooks, which apply it to the existing scores.
func (s msgServer) SetAuditorScope(ctx context.Context, msg *types.MsgSetAuditorScope) (*types.MsgSetAuditorScopeResponse, error) {
	if err := s.k.permission.CheckAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	params, err := s.k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateReputationTypes(msg.ReputationTypes, params); err != nil {
		return nil, err
	}
	if err := types.ValidateWeight(msg.Weight); err != nil {
		return nil, err
	}
	a, err := s.k.GetAuditor(ctx, msg.Id)
	if err != nil {
		return nil, err
	}
	if err := registry.CheckNotRemoved(a, types.ErrInvalidTransition); err != nil {
		return nil, err
	}
	before := a.EffectiveWeight()
	a.ReputationTypes, a.Weight = msg.ReputationTypes, msg.Weight
	if err := s.k.Auditors.Set(ctx, a.Id, a); err != nil {
		return nil, err
	}
	// A suspended auditor's new weight weighs nothing until it is
	// reinstated, and the types alone do not change any aggregate.
	if a.EffectiveWeight() != before {
		if err := s.k.afterWeightChanged(ctx, a); err != nil {
			return nil, err
		}
	}
	return &types.MsgSetAuditorScopeResponse{}, keeperkit.Emit(ctx,
		&types.EventAuditorScopeSet{Id: a.Id, Authority: msg.Authority, ReputationTypes: a.ReputationTypes, Weight: a.Weight})
}

// UpdateParams replaces the network's reputation types. Governance only: a
// registrar could otherwise invent types and admit auditors to write them.
// A type still in an auditor's scope cannot be dropped, or that auditor's
// record would name a type the network no longer knows.
func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), s.k.authority, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := s.k.checkTypesKept(ctx, msg.Params); err != nil {
		return nil, err
	}
	if err := s.k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, keeperkit.Emit(ctx,
		&types.EventParamsUpdated{ReputationTypes: msg.Params.ReputationTypes})
}

// checkTypesKept refuses params that drop a type an auditor that is not
// removed still uses. It walks every auditor: the registry is a handful of
// services admitted one by one, and params change only by governance.
func (k *Keeper) checkTypesKept(ctx context.Context, params types.Params) error {
	var inUse error
	err := k.Auditors.Walk(ctx, nil, func(id string, a types.Auditor) (bool, error) {
		if a.Status == types.STATUS_REMOVED {
			return false, nil
		}
		for _, t := range a.ReputationTypes {
			if !params.HasType(t) {
				inUse = errorsmod.Wrapf(types.ErrTypeInUse, "%q is in the scope of %s (%s)", t, id, a.Status.StatusName())
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	return inUse
}
