package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/device/types"
)

// roles of a signer towards a device, strongest first.
type roles struct{ authority, manufacturer, owner bool }

func (r roles) strongest() string {
	switch {
	case r.authority:
		return types.RoleAuthority
	case r.manufacturer:
		return types.RoleManufacturer
	case r.owner:
		return types.RoleOwner
	}
	return ""
}

// rolesOf tells what signer is to d: the network authority, an operator of
// its manufacturer, its owner.
func (k *Keeper) rolesOf(ctx context.Context, signer string, d types.Device) (roles, error) {
	if _, err := k.addressCodec.StringToBytes(signer); err != nil {
		return roles{}, errorsmod.Wrapf(types.ErrInvalidAddress, "signer %q: %v", signer, err)
	}
	var r roles
	var err error
	if r.authority, err = k.permission.IsAuthority(ctx, signer); err != nil {
		return r, err
	}
	m, err := k.manufacturers.GetManufacturer(ctx, d.ManufacturerId)
	if err != nil {
		return r, err
	}
	r.manufacturer = m.IsOperator(signer)
	r.owner = d.Owner != "" && d.Owner == signer
	return r, nil
}

// SuspendDevice holds a registered or active device. The authority may
// suspend any device, a manufacturer its own, an owner its own (lost or stolen).
func (s msgServer) SuspendDevice(ctx context.Context, msg *types.MsgSuspendDevice) (*types.MsgSuspendDeviceResponse, error) {
	d, r, err := s.k.lifecycleTarget(ctx, msg.Signer, msg.DeviceId, msg.Reason)
	if err != nil {
		return nil, err
	}
	if r.strongest() == "" {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s is neither the authority, the manufacturer nor the owner of %s", msg.Signer, d.Id)
	}
	if d.Status != types.STATUS_REGISTERED && d.Status != types.STATUS_ACTIVE {
		return nil, errorsmod.Wrapf(types.ErrInvalidStatus, "%s is %s", d.Id, d.Status.StatusName())
	}
	activeDelta := int64(0)
	if d.Status == types.STATUS_ACTIVE {
		activeDelta = -1
	}
	return &types.MsgSuspendDeviceResponse{}, s.k.changeStatus(ctx, d, types.STATUS_SUSPENDED, r.strongest(), msg.Signer, msg.Reason, activeDelta)
}

// ReinstateDevice releases a suspended device to where it was (active if it
// has an owner, registered otherwise). A suspension can be lifted by the
// authority, by the manufacturer unless the authority imposed it, and by the
// owner only if the owner imposed it.
func (s msgServer) ReinstateDevice(ctx context.Context, msg *types.MsgReinstateDevice) (*types.MsgReinstateDeviceResponse, error) {
	d, r, err := s.k.lifecycleTarget(ctx, msg.Signer, msg.DeviceId, "")
	if err != nil {
		return nil, err
	}
	if d.Status != types.STATUS_SUSPENDED {
		return nil, errorsmod.Wrapf(types.ErrInvalidStatus, "%s is %s, not suspended", d.Id, d.Status.StatusName())
	}
	allowed := r.authority ||
		(r.manufacturer && d.SuspendedBy != types.RoleAuthority) ||
		(r.owner && d.SuspendedBy == types.RoleOwner)
	if !allowed {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s may not lift a suspension imposed by the %s", msg.Signer, d.SuspendedBy)
	}
	to, activeDelta := types.STATUS_REGISTERED, int64(0)
	if d.Owner != "" {
		to, activeDelta = types.STATUS_ACTIVE, 1
	}
	return &types.MsgReinstateDeviceResponse{}, s.k.changeStatus(ctx, d, to, r.strongest(), msg.Signer, "", activeDelta)
}

// RevokeDevice withdraws a device for good: by the authority or its
// manufacturer. The record stays, and its id and key stay taken.
func (s msgServer) RevokeDevice(ctx context.Context, msg *types.MsgRevokeDevice) (*types.MsgRevokeDeviceResponse, error) {
	d, r, err := s.k.lifecycleTarget(ctx, msg.Signer, msg.DeviceId, msg.Reason)
	if err != nil {
		return nil, err
	}
	if !r.authority && !r.manufacturer {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "only the authority or the manufacturer revokes %s", d.Id)
	}
	if d.Status == types.STATUS_REVOKED {
		return nil, errorsmod.Wrapf(types.ErrInvalidStatus, "%s is already revoked", d.Id)
	}
	activeDelta := int64(0)
	if d.Status == types.STATUS_ACTIVE {
		activeDelta = -1
	}
	return &types.MsgRevokeDeviceResponse{}, s.k.changeStatus(ctx, d, types.STATUS_REVOKED, r.strongest(), msg.Signer, msg.Reason, activeDelta)
}

// lifecycleTarget loads the device and the signer's roles towards it.
func (k *Keeper) lifecycleTarget(ctx context.Context, signer, deviceID, reason string) (types.Device, roles, error) {
	if len(reason) > types.MaxReasonLength {
		return types.Device{}, roles{}, errorsmod.Wrapf(types.ErrInvalidReason, "reason longer than %d", types.MaxReasonLength)
	}
	_, d, err := k.getDevice(ctx, deviceID)
	if err != nil {
		return d, roles{}, err
	}
	r, err := k.rolesOf(ctx, signer, d)
	return d, r, err
}

// changeStatus moves d to status `to` and keeps the manufacturer's active count.
func (k *Keeper) changeStatus(ctx context.Context, d types.Device, to types.Status, role, signer, reason string, activeDelta int64) error {
	old := d
	d.Status = to
	d.SuspendedBy = ""
	if to == types.STATUS_SUSPENDED {
		d.SuspendedBy = role
	}
	if to == types.STATUS_REVOKED {
		d.Services = nil // a revoked device offers nothing, for good
	}
	if err := k.updateDevice(ctx, &old, d); err != nil {
		return err
	}
	if activeDelta != 0 {
		if err := k.manufacturers.AddDeviceCounts(ctx, d.ManufacturerId, 0, activeDelta); err != nil {
			return err
		}
	}
	return emit(ctx, &types.EventDeviceStatusChanged{
		DeviceId: d.Id, Signer: signer, Role: role, From: old.Status.StatusName(), To: to.StatusName(), Reason: reason,
	})
}
