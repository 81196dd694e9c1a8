package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// ActivateDevice makes the signer the owner of a registered device (or of a
// device of a Merkle whitelist, written to state now), given the device's
// signature over the activation sign bytes. The owner pays the activation fee.
func (s msgServer) ActivateDevice(ctx context.Context, msg *types.MsgActivateDevice) (*types.MsgActivateDeviceResponse, error) {
	if err := s.k.token.CheckNotPaused(ctx, tokentypes.ACTION_ACTIVATION); err != nil {
		return nil, err
	}
	owner, err := s.k.addressCodec.StringToBytes(msg.Owner)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "owner %q: %v", msg.Owner, err)
	}
	d, whitelist, err := s.k.activationTarget(ctx, msg)
	if err != nil {
		return nil, err
	}
	if err := s.k.checkActiveManufacturer(ctx, d.ManufacturerId); err != nil {
		return nil, err
	}
	if err := s.k.checkSignature(ctx, d, owner, msg.Signature); err != nil {
		return nil, err
	}
	if _, err := s.k.token.ChargeFee(ctx, owner, tokentypes.FeeActivation, 1, d.ManufacturerId); err != nil {
		return nil, err
	}
	old := d
	d.Status, d.Owner, d.ActivatedHeight = types.STATUS_ACTIVE, msg.Owner, sdk.UnwrapSDKContext(ctx).BlockHeight()
	root := ""
	if whitelist != nil {
		if err := s.k.storeNewAndNotify(ctx, d); err != nil {
			return nil, err
		}
		whitelist.Activated++
		if err := s.k.Whitelists.Set(ctx, WhitelistKey(*whitelist), *whitelist); err != nil {
			return nil, err
		}
		root = whitelist.Root
	} else if err := s.k.storeChangeAndNotify(ctx, &old, d); err != nil {
		return nil, err
	}
	if err := s.k.manufacturers.AddDeviceCounts(ctx, d.ManufacturerId, 0, 1); err != nil {
		return nil, err
	}
	return &types.MsgActivateDeviceResponse{}, keeperkit.Emit(ctx, &types.EventDeviceActivated{
		DeviceId: d.Id, ManufacturerId: d.ManufacturerId, Owner: msg.Owner, KeyType: d.KeyType.Kit().String(), WhitelistRoot: root,
	})
}

// RegisterAndActivate registers one device and activates it for its owner in
// one step, for manufacturers that ship activated devices. The device's own
// signature binding the owner is still required; the operator pays both fees.
func (s msgServer) RegisterAndActivate(ctx context.Context, msg *types.MsgRegisterAndActivate) (*types.MsgRegisterAndActivateResponse, error) {
	operator, maker, err := s.k.registrationGate(ctx, msg.Operator, msg.ManufacturerId)
	if err != nil {
		return nil, err
	}
	if err := s.k.token.CheckNotPaused(ctx, tokentypes.ACTION_ACTIVATION); err != nil {
		return nil, err
	}
	owner, err := s.k.addressCodec.StringToBytes(msg.Owner)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "owner %q: %v", msg.Owner, err)
	}
	if err := s.k.checkBatch(ctx, msg.ManufacturerId, []types.DeviceEntry{msg.Device}); err != nil {
		return nil, err
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	d := newDevice(msg.ManufacturerId, msg.Device, height, maker.DefaultReputation)
	if err := s.k.checkSignature(ctx, d, owner, msg.Signature); err != nil {
		return nil, err
	}
	for _, kind := range []tokentypes.FeeKind{tokentypes.FeeRegistration, tokentypes.FeeActivation} {
		if _, err := s.k.token.ChargeFee(ctx, operator, kind, 1, msg.ManufacturerId); err != nil {
			return nil, err
		}
	}
	d.Status, d.Owner, d.ActivatedHeight = types.STATUS_ACTIVE, msg.Owner, height
	if err := s.k.storeNewAndNotify(ctx, d); err != nil {
		return nil, err
	}
	if err := s.k.manufacturers.AddDeviceCounts(ctx, msg.ManufacturerId, 1, 1); err != nil {
		return nil, err
	}
	return &types.MsgRegisterAndActivateResponse{}, keeperkit.Emit(ctx, &types.EventDeviceActivated{
		DeviceId: d.Id, ManufacturerId: d.ManufacturerId, Owner: msg.Owner, KeyType: d.KeyType.Kit().String(),
	})
}
