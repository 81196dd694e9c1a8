package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
)

// ownedDevice loads a device the signer owns, refusing revoked devices.
func (k *Keeper) ownedDevice(ctx context.Context, owner, deviceID string) (types.Device, error) {
	if _, err := k.addressCodec.StringToBytes(owner); err != nil {
		return types.Device{}, errorsmod.Wrapf(types.ErrInvalidAddress, "owner %q: %v", owner, err)
	}
	_, d, err := k.getDevice(ctx, deviceID)
	if err != nil {
		return d, err
	}
	if d.Owner == "" || d.Owner != owner {
		return d, errorsmod.Wrapf(types.ErrUnauthorized, "%s does not own %s", owner, d.Id)
	}
	if d.Status == types.STATUS_REVOKED {
		return d, errorsmod.Wrapf(types.ErrInvalidStatus, "%s is revoked", d.Id)
	}
	return d, nil
}

// TransferDevice hands an active device to a new owner. It clears the
// wallet and drops a pending offer: the wallet consented to pay for the old
// owner's device, and the buyer must not spend the seller's account.
func (s msgServer) TransferDevice(ctx context.Context, msg *types.MsgTransferDevice) (*types.MsgTransferDeviceResponse, error) {
	d, err := s.k.ownedDevice(ctx, msg.Owner, msg.DeviceId)
	if err != nil {
		return nil, err
	}
	if d.Status != types.STATUS_ACTIVE {
		return nil, errorsmod.Wrapf(types.ErrInvalidStatus, "%s is %s, only an active device is transferred", d.Id, d.Status.StatusName())
	}
	if err := s.k.personalAccount("new owner", msg.NewOwner); err != nil {
		return nil, err
	}
	if msg.NewOwner == msg.Owner {
		return nil, errorsmod.Wrap(types.ErrInvalidAddress, "the new owner is the owner")
	}
	old := d
	if err := dropWallet(ctx, &d, reasonTransfer, reasonTransfer); err != nil {
		return nil, err
	}
	d.Owner = msg.NewOwner
	d.Transfers++
	if err := s.k.storeChangeAndNotify(ctx, &old, d); err != nil {
		return nil, err
	}
	return &types.MsgTransferDeviceResponse{}, keeperkit.Emit(ctx, &types.EventDeviceTransferred{
		DeviceId: d.Id, From: msg.Owner, To: msg.NewOwner, Transfers: d.Transfers,
	})
}

// SetPolicy replaces the device's policy.
func (s msgServer) SetPolicy(ctx context.Context, msg *types.MsgSetPolicy) (*types.MsgSetPolicyResponse, error) {
	d, err := s.k.ownedDevice(ctx, msg.Owner, msg.DeviceId)
	if err != nil {
		return nil, err
	}
	if err := msg.Policy.Validate(); err != nil {
		return nil, err
	}
	old := d
	d.Policy = msg.Policy
	if err := s.k.storeChangeAndNotify(ctx, &old, d); err != nil {
		return nil, err
	}
	return &types.MsgSetPolicyResponse{}, keeperkit.Emit(ctx, &types.EventPolicySet{DeviceId: d.Id, Owner: msg.Owner})
}

// SetServices replaces the services an active device advertises.
func (s msgServer) SetServices(ctx context.Context, msg *types.MsgSetServices) (*types.MsgSetServicesResponse, error) {
	d, err := s.k.ownedDevice(ctx, msg.Owner, msg.DeviceId)
	if err != nil {
		return nil, err
	}
	if d.Status != types.STATUS_ACTIVE {
		return nil, errorsmod.Wrapf(types.ErrInvalidStatus, "%s is %s, only an active device advertises", d.Id, d.Status.StatusName())
	}
	if err := types.ValidateServices(msg.Services); err != nil {
		return nil, err
	}
	old := d
	d.Services = msg.Services
	if err := s.k.storeChangeAndNotify(ctx, &old, d); err != nil {
		return nil, err
	}
	names := make([]string, len(d.Services))
	for i, svc := range d.Services {
		names[i] = svc.ServiceType
	}
	return &types.MsgSetServicesResponse{}, keeperkit.Emit(ctx, &types.EventServicesSet{DeviceId: d.Id, ServiceTypes: names})
}
