package keeper

import (
	"context"
	"errors"

	errorsmod "cosmossdk.io/errors"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// PaymentDirectory shows x/token's payment rules the devices and their
// reputation. It lives here because this module sees both registries; the
// app hands it to the token keeper (SetDeviceDirectory).
type PaymentDirectory struct{ k *Keeper }

var _ tokentypes.DeviceDirectory = PaymentDirectory{}

// PaymentDirectory returns the directory over this keeper.
func (k *Keeper) PaymentDirectory() PaymentDirectory { return PaymentDirectory{k: k} }

// DeviceView describes a device for the payment rules; an unknown or
// malformed id is token's ErrUnknownDevice, which the rules report as a refusal.
func (p PaymentDirectory) DeviceView(ctx context.Context, deviceID string) (tokentypes.DeviceView, error) {
	id, err := devicetypes.ParseDeviceID(deviceID)
	if err != nil {
		return tokentypes.DeviceView{}, errorsmod.Wrapf(tokentypes.ErrUnknownDevice, "%v", err)
	}
	d, err := p.k.devices.GetDevice(ctx, id)
	if errors.Is(err, devicetypes.ErrUnknownDevice) {
		return tokentypes.DeviceView{}, errorsmod.Wrapf(tokentypes.ErrUnknownDevice, "%s", deviceID)
	}
	if err != nil {
		return tokentypes.DeviceView{}, err
	}
	account := d.Owner
	if d.Wallet != "" {
		account = d.Wallet
	}
	pol := d.Policy
	floors := make([]tokentypes.ReputationFloor, len(pol.MinCounterpartyReputation))
	for i, m := range pol.MinCounterpartyReputation {
		floors[i] = tokentypes.ReputationFloor{Type: m.ReputationType, Min: m.MinScore}
	}
	return tokentypes.DeviceView{
		DeviceID: d.Id, ManufacturerID: d.ManufacturerId,
		Active: d.Status == devicetypes.STATUS_ACTIVE, Excluded: d.Excluded,
		Account: account, Owner: d.Owner, Wallet: d.Wallet,
		LimitMinute: pol.SpendingLimits.PerMinute, LimitHour: pol.SpendingLimits.PerHour, LimitDay: pol.SpendingLimits.PerDay,
		MinReputation: floors, AllowedManufacturers: pol.AllowedManufacturers, AllowedDevices: pol.AllowedDevices,
		GeohashPrefixes: pol.GeohashPrefixes, Regions: pol.Regions,
	}, nil
}

// ReputationOf is a device's aggregate in a type, or its manufacturer's
// default when nobody has scored it in that type.
func (p PaymentDirectory) ReputationOf(ctx context.Context, deviceID, reputationType string) (uint32, error) {
	id, err := devicetypes.ParseDeviceID(deviceID)
	if err != nil {
		return 0, err
	}
	agg, err := p.k.aggregateOf(ctx, id, reputationType)
	return agg.Value, err
}
