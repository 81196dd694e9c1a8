package types

import (
	errorsmod "cosmossdk.io/errors"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
)

// DefaultGenesis is a chain on which no device has paid yet.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Spending: []SpendingBucket{}, Nonces: []DeviceNonce{}}
}

// Validate checks that every spending bucket and nonce names a device in
// canonical form and is listed once, buckets with a positive amount and
// nonces above zero (a device that never paid has none listed).
func (gs GenesisState) Validate() error {
	type key struct {
		device string
		minute int64
	}
	seen := make(map[key]struct{}, len(gs.Spending))
	for i, b := range gs.Spending {
		if err := canonicalDeviceID(b.DeviceId); err != nil {
			return errorsmod.Wrapf(err, "spending %d", i)
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
	nonces := make(map[string]struct{}, len(gs.Nonces))
	for i, n := range gs.Nonces {
		if err := canonicalDeviceID(n.DeviceId); err != nil {
			return errorsmod.Wrapf(err, "nonce %d", i)
		}
		if n.Nonce == 0 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "nonce %d of %s is zero: a device that never paid is not listed", i, n.DeviceId)
		}
		if _, dup := nonces[n.DeviceId]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "the nonce of %s is listed twice", n.DeviceId)
		}
		nonces[n.DeviceId] = struct{}{}
	}
	return nil
}

// canonicalDeviceID refuses an id that is not 64 lower-case hex characters.
func canonicalDeviceID(s string) error {
	if _, err := devicetypes.ParseDeviceID(s); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "%v", err)
	}
	return nil
}
