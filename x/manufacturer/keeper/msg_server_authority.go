package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/internal/registry"
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
	if err := registry.Admit(ctx, s.k.Manufacturers, s.k.index, m, registryErrors); err != nil {
		return nil, err
	}
	if err := s.k.token.CreatePool(ctx, m.Id); err != nil {
		return nil, err
	}
	return &types.MsgAddManufacturerResponse{}, keeperkit.Emit(ctx, &types.EventManufacturerAdded{
		Id: m.Id, Authority: msg.Authority,
	})
}

// SuspendManufacturer: active → suspended.
func (s msgServer) SuspendManufacturer(ctx context.Context, msg *types.MsgSuspendManufacturer) (*types.MsgSuspendManufacturerResponse, error) {
	return &types.MsgSuspendManufacturerResponse{}, s.k.setStatus(ctx, msg.Authority, msg.Id, msg.Reason, registry.Suspend)
}

// ReinstateManufacturer: suspended → active.
func (s msgServer) ReinstateManufacturer(ctx context.Context, msg *types.MsgReinstateManufacturer) (*types.MsgReinstateManufacturerResponse, error) {
	return &types.MsgReinstateManufacturerResponse{}, s.k.setStatus(ctx, msg.Authority, msg.Id, "", registry.Reinstate)
}

// RemoveManufacturer: active or suspended → removed, for good. The record
// stays (its devices still name it) but its operator accounts are released.
func (s msgServer) RemoveManufacturer(ctx context.Context, msg *types.MsgRemoveManufacturer) (*types.MsgRemoveManufacturerResponse, error) {
	return &types.MsgRemoveManufacturerResponse{}, s.k.setStatus(ctx, msg.Authority, msg.Id, msg.Reason, registry.Remove)
}

// setStatus makes move on manufacturer id for authority, releasing the
// operators on removal.
func (k *Keeper) setStatus(ctx context.Context, authority, id, reason string, move registry.Move) error {
	if err := move.CheckSigner(ctx, k.permission, authority, "manufacturer"); err != nil {
		return err
	}
	m, err := k.GetManufacturer(ctx, id)
	if err != nil {
		return err
	}
	if err := move.CheckFrom(m, types.ErrInvalidTransition); err != nil {
		return err
	}
	from := m.Status
	m.Status = types.Status(move.To)
	if err := k.Manufacturers.Set(ctx, id, m); err != nil {
		return err
	}
	if move.To == registry.StatusRemoved {
		if err := k.index.Release(ctx, m.Operators); err != nil {
			return err
		}
	}
	return keeperkit.Emit(ctx, &types.EventManufacturerStatusChanged{
		Id: id, Authority: authority, From: from.StatusName(), To: m.Status.StatusName(), Reason: reason,
	})
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
	if err := registry.CheckNotRemoved(m, types.ErrInvalidTransition); err != nil {
		return nil, err
	}
	m.DefaultReputation = msg.DefaultReputation
	if err := s.k.Manufacturers.Set(ctx, m.Id, m); err != nil {
		return nil, err
	}
	return &types.MsgSetDefaultReputationResponse{}, keeperkit.Emit(ctx,
		&types.EventDefaultReputationSet{Id: m.Id, Authority: msg.Authority, DefaultReputation: m.DefaultReputation})
}
