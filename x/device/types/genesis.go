package types

import (
	"encoding/hex"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/atonomi/atonomid/x/internal/canonical"
)

// DefaultGenesis has default params and no devices.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), Devices: []Device{}, Whitelists: []MerkleWhitelist{}}
}

// DefaultPolicy is a new device's policy: no limits, no restrictions.
func DefaultPolicy() Policy {
	return Policy{SpendingLimits: SpendingLimits{PerMinute: math.ZeroInt(), PerHour: math.ZeroInt(), PerDay: math.ZeroInt()}}
}

// Validate checks a stored device record.
func (d Device) Validate(ac address.Codec) error {
	entry := DeviceEntry{Id: d.Id, KeyType: d.KeyType, PublicKey: d.PublicKey, Protocols: d.Protocols, DeviceType: d.DeviceType, Metadata: d.Metadata}
	if err := entry.Validate(); err != nil {
		return err
	}
	if err := ValidateStatus(d.Status); err != nil {
		return err
	}
	// A registered device has no owner and an active one has; a suspended or
	// revoked device may have been either before.
	if (d.Status == STATUS_REGISTERED && d.Owner != "") || (d.Status == STATUS_ACTIVE && d.Owner == "") {
		return errorsmod.Wrapf(ErrInvalidGenesis, "device %s: a registered device has no owner and an active one has one", d.Id)
	}
	if (d.Wallet != "" || d.WalletOffer != nil) && d.Owner == "" {
		return errorsmod.Wrapf(ErrInvalidGenesis, "device %s: a device without an owner has no wallet or wallet offer", d.Id)
	}
	if d.Wallet != "" && d.Wallet == d.Owner {
		return errorsmod.Wrapf(ErrInvalidGenesis, "device %s: the owner is not its own device's wallet", d.Id)
	}
	addrs := []string{d.Owner, d.Wallet}
	if o := d.WalletOffer; o != nil {
		if o.Wallet == "" || o.ExpiryHeight <= 0 || o.Wallet == d.Owner || o.Wallet == d.Wallet {
			return errorsmod.Wrapf(ErrInvalidWalletOffer, "device %s: an offer names another account than the owner and the wallet, and a positive expiry height", d.Id)
		}
		addrs = append(addrs, o.Wallet)
	}
	for _, a := range addrs {
		if a == "" {
			continue
		}
		if _, err := canonical.Wrap(ac).StringToBytes(a); err != nil {
			return errorsmod.Wrapf(ErrInvalidAddress, "device %s: %q: %v", d.Id, a, err)
		}
	}
	if err := d.Policy.Validate(); err != nil {
		return err
	}
	return ValidateServices(d.Services)
}

// Validate checks params, every device and whitelist, and that no id, key or
// root appears twice.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	ids := make(map[string]struct{}, len(gs.Devices))
	keys := make(map[string]string, len(gs.Devices))
	for i, d := range gs.Devices {
		if err := d.Validate(ac); err != nil {
			return errorsmod.Wrapf(err, "device %d", i)
		}
		if _, dup := ids[d.Id]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "device %s is listed twice", d.Id)
		}
		ids[d.Id] = struct{}{}
		kh := hex.EncodeToString(KeyHash(d.KeyType, d.PublicKey))
		if other, dup := keys[kh]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "devices %s and %s share a public key", other, d.Id)
		}
		keys[kh] = d.Id
	}
	roots := make(map[string]struct{}, len(gs.Whitelists))
	for i, w := range gs.Whitelists {
		if err := w.Validate(); err != nil {
			return errorsmod.Wrapf(err, "whitelist %d", i)
		}
		if _, dup := roots[w.Root]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "whitelist %s is listed twice", w.Root)
		}
		roots[w.Root] = struct{}{}
	}
	return nil
}

// Validate checks a committed Merkle whitelist.
func (w MerkleWhitelist) Validate() error {
	if _, err := ParseRoot(w.Root); err != nil {
		return err
	}
	if w.Count == 0 || w.Count > MaxWhitelistCount {
		return errorsmod.Wrapf(ErrInvalidWhitelist, "count must be 1..%d", uint64(MaxWhitelistCount))
	}
	if w.Activated > w.Count {
		return errorsmod.Wrapf(ErrInvalidWhitelist, "%d activated of %d", w.Activated, w.Count)
	}
	if err := validateProtocols(w.Protocols); err != nil {
		return err
	}
	if len(w.DeviceType) > MaxDeviceTypeLen {
		return errorsmod.Wrapf(ErrInvalidWhitelist, "device_type longer than %d", MaxDeviceTypeLen)
	}
	return nil
}
