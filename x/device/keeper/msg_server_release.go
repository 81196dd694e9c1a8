package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// ReleaseRegistrations undoes credential squatting, and is x/gov's alone: a
// credential is never registered twice, so a rival that registered copies of
// another maker's ids or keys first burns them. Once x/gov has removed the
// rival, it releases the rival's registered — never activated — devices:
// each record goes, and its id and key are reserved for the named
// manufacturer, which alone may then register them. An active, suspended or
// revoked device has been in use (or was withdrawn for a reason) and is
// never released.
func (s msgServer) ReleaseRegistrations(ctx context.Context, msg *types.MsgReleaseRegistrations) (*types.MsgReleaseRegistrationsResponse, error) {
	if err := s.k.permission.CheckGovernance(ctx, msg.Authority, "releasing registrations"); err != nil {
		return nil, err
	}
	devices, err := s.k.releasable(ctx, msg)
	if err != nil {
		return nil, err
	}
	for _, d := range devices {
		if err := s.k.release(ctx, d, msg.ToManufacturerId); err != nil {
			return nil, err
		}
	}
	if err := s.k.manufacturers.AddDeviceCounts(ctx, msg.FromManufacturerId, -int64(len(devices)), 0); err != nil {
		return nil, err
	}
	return &types.MsgReleaseRegistrationsResponse{Released: uint64(len(devices))}, keeperkit.Emit(ctx, &types.EventRegistrationsReleased{
		Authority: msg.Authority, FromManufacturerId: msg.FromManufacturerId, ToManufacturerId: msg.ToManufacturerId, DeviceIds: msg.DeviceIds,
	})
}

// releasable checks the whole release before anything is written: the
// source removed, the beneficiary standing, and every device a distinct
// registered device of the source.
func (k *Keeper) releasable(ctx context.Context, msg *types.MsgReleaseRegistrations) ([]types.Device, error) {
	from, err := k.manufacturers.GetManufacturer(ctx, msg.FromManufacturerId)
	if err != nil {
		return nil, err
	}
	if from.Status != manufacturertypes.STATUS_REMOVED {
		return nil, errorsmod.Wrapf(types.ErrInvalidRelease, "%s is %s: only a removed manufacturer's registrations are released", from.Id, from.Status.StatusName())
	}
	to, err := k.manufacturers.GetManufacturer(ctx, msg.ToManufacturerId)
	if err != nil {
		return nil, err
	}
	if to.Status == manufacturertypes.STATUS_REMOVED || to.Id == from.Id {
		return nil, errorsmod.Wrapf(types.ErrInvalidRelease, "%s cannot receive them: name a manufacturer that is not removed", to.Id)
	}
	n := len(msg.DeviceIds)
	if err := k.checkBatchSize(ctx, n); err != nil {
		return nil, err
	}
	seen := make(map[string]int, n)
	devices := make([]types.Device, n)
	for i, idText := range msg.DeviceIds {
		_, d, err := k.getDevice(ctx, idText)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "device %d", i)
		}
		if j, dup := seen[d.Id]; dup {
			return nil, errorsmod.Wrapf(types.ErrInvalidRelease, "device %d repeats device %d", i, j)
		}
		seen[d.Id] = i
		if d.ManufacturerId != from.Id {
			return nil, errorsmod.Wrapf(types.ErrInvalidRelease, "device %d (%s) is %s's, not %s's", i, d.Id, d.ManufacturerId, from.Id)
		}
		if d.Status != types.STATUS_REGISTERED {
			return nil, errorsmod.Wrapf(types.ErrInvalidRelease, "device %d (%s) is %s: only never-activated registrations are released", i, d.Id, d.Status.StatusName())
		}
		devices[i] = d
	}
	return devices, nil
}

// release deletes a registered device's record and reserves its id and key
// for manufacturer. A registered device has no owner, wallet, services or
// status entry, so its record and its credential are all the registry holds
// of it.
func (k *Keeper) release(ctx context.Context, d types.Device, manufacturer string) error {
	id, err := types.ParseDeviceID(d.Id)
	if err != nil {
		return err
	}
	keyHash := types.KeyHash(d.KeyType, d.PublicKey)
	for _, step := range []func() error{
		func() error { return k.Devices.Remove(ctx, id) },
		func() error { return k.KeyHashes.Remove(ctx, keyHash) },
		func() error { return k.ReservedIDs.Set(ctx, id, manufacturer) },
		func() error { return k.ReservedKeys.Set(ctx, keyHash, manufacturer) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	if k.hooks == nil {
		return nil
	}
	return k.hooks.AfterDeviceReleased(ctx, d)
}
