package types

import (
	errorsmod "cosmossdk.io/errors"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
)

// DefaultGenesis is a chain on which no device has paid yet.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Spending: []SpendingBucket{}}
}

// Validate checks that every spending bucket names a device in canonical
// form, holds a positive amount and is listed once.
func (gs GenesisState) Validate() error {
	type key struct {
		device string
		minute int64
	}
	seen := make(map[key]struct{}, len(gs.Spending))
	for i, b := range gs.Spending {
		if id, err := devicetypes.ParseDeviceID(b.DeviceId); err != nil || id.String() != b.DeviceId {
			return errorsmod.Wrapf(ErrInvalidGenesis, "spending %d: device id %q is not in canonical form", i, b.DeviceId)
		}
		if b.Amount.IsNil() || !b.Amount.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "spending %d needs a positive amount", i)
		}
		k := key{b.DeviceId, b.Minute}
		if _, dup := seen[k]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "spending of %s in minute %d is listed twice", b.DeviceId, b.Minute)
		}
		seen[k] = struct{}{}
	}
	return nil
}
