package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// roles of a signer towards a device, strongest first. The powers of a role
// end with its holder's standing:
//   - governance (x/gov) alone revokes as the authority: revocation is for good;
//     a registrar (authority) suspends and reinstates;
//   - an operator of an active manufacturer suspends, reinstates (unless the
//     authority or the owner imposed the suspension) and revokes its devices;
//     an operator of a suspended manufacturer may only suspend them
//     (protective, for a key it lost), and a removed manufacturer's operators
//     do nothing;
//   - the owner suspends its device and lifts its own suspension only.
type roles struct {
	governance, authority        bool
	manufacturer, suspendedMaker bool
	owner                        bool
}

// standing explains, in a refusal, a role that lacks the power asked for.
func (r roles) standing() string {
	switch {
	case r.authority && !r.governance:
		return " (a registrar suspends; what cannot be undone is x/gov's alone)"
	case r.suspendedMaker:
		return " (the manufacturer is suspended: it may only suspend its devices)"
	}
	return ""
}

func (r roles) strongest() string {
	switch {
	case r.authority:
		return types.RoleAuthority
	case r.manufacturer || r.suspendedMaker:
		return types.RoleManufacturer
	case r.owner:
		return types.RoleOwner
	}
	return ""
}

// rolesOf tells what signer is to d: x/gov, the network authority, an
// operator of its manufacturer (by that manufacturer's status), its owner.
func (k *Keeper) rolesOf(ctx context.Context, signer string, d types.Device) (roles, error) {
	if _, err := k.addressCodec.StringToBytes(signer); err != nil {
		return roles{}, errorsmod.Wrapf(types.ErrInvalidAddress, "signer %q: %v", signer, err)
	}
	var r roles
	var err error
	if r.authority, err = k.permission.IsAuthority(ctx, signer); err != nil {
		return r, err
	}
	r.governance = sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), k.authority, signer) == nil
	m, err := k.manufacturers.GetManufacturer(ctx, d.ManufacturerId)
	if err != nil {
		return r, err
	}
	if m.IsOperator(signer) {
		switch m.Status {
		case manufacturertypes.STATUS_ACTIVE:
			r.manufacturer = true
		case manufacturertypes.STATUS_SUSPENDED:
			r.suspendedMaker = true
		}
	}
	r.owner = d.Owner != "" && d.Owner == signer
	return r, nil
}

// SuspendDevice holds a registered or active device. The authority may
// suspend any device, a manufacturer (active or suspended) its own, an owner
// its own (lost or stolen).
func (s msgServer) SuspendDevice(ctx context.Context, msg *types.MsgSuspendDevice) (*types.MsgSuspendDeviceResponse, error) {
	d, r, err := s.k.lifecycleTarget(ctx, msg.Signer, msg.DeviceId, msg.Reason)
	if err != nil {
		return nil, err
	}
	if r.strongest() == "" {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s is neither the authority, an operator of the (active or suspended) manufacturer nor the owner of %s", msg.Signer, d.Id)
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
// authority, by an active manufacturer only if the manufacturer imposed it,
// and by the owner only if the owner imposed it: nobody lifts an owner's
// lost-or-stolen suspension but the owner (or the authority).
func (s msgServer) ReinstateDevice(ctx context.Context, msg *types.MsgReinstateDevice) (*types.MsgReinstateDeviceResponse, error) {
	d, r, err := s.k.lifecycleTarget(ctx, msg.Signer, msg.DeviceId, "")
	if err != nil {
		return nil, err
	}
	if d.Status != types.STATUS_SUSPENDED {
		return nil, errorsmod.Wrapf(types.ErrInvalidStatus, "%s is %s, not suspended", d.Id, d.Status.StatusName())
	}
	allowed := r.authority ||
		(r.manufacturer && d.SuspendedBy == types.RoleManufacturer) ||
		(r.owner && d.SuspendedBy == types.RoleOwner)
	if !allowed {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s may not lift a suspension imposed by the %s%s", msg.Signer, d.SuspendedBy, r.standing())
	}
	to, activeDelta := types.STATUS_REGISTERED, int64(0)
	if d.Owner != "" {
		to, activeDelta = types.STATUS_ACTIVE, 1
	}
	return &types.MsgReinstateDeviceResponse{}, s.k.changeStatus(ctx, d, to, r.strongest(), msg.Signer, "", activeDelta)
}

// RevokeDevice withdraws a device for good: by x/gov or its active
// manufacturer; a registrar, which could not undo it, suspends instead. The
// record stays, and its id and key stay taken.
func (s msgServer) RevokeDevice(ctx context.Context, msg *types.MsgRevokeDevice) (*types.MsgRevokeDeviceResponse, error) {
	d, r, err := s.k.lifecycleTarget(ctx, msg.Signer, msg.DeviceId, msg.Reason)
	if err != nil {
		return nil, err
	}
	if !r.governance && !r.manufacturer {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "only x/gov or an active manufacturer's operator revokes %s%s", d.Id, r.standing())
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
	if err := k.storeChangeAndNotify(ctx, &old, d); err != nil {
		return err
	}
	if activeDelta != 0 {
		if err := k.manufacturers.AddDeviceCounts(ctx, d.ManufacturerId, 0, activeDelta); err != nil {
			return err
		}
	}
	return keeperkit.Emit(ctx, &types.EventDeviceStatusChanged{
		DeviceId: d.Id, Signer: signer, Role: role, From: old.Status.StatusName(), To: to.StatusName(), Reason: reason,
	})
}
