package types

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/atonomi/atonomid/x/internal/canonical"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// DefaultGenesis has default params and no devices.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), Devices: []Device{}, Whitelists: []MerkleWhitelist{}, Reservations: []Reservation{}}
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
	if err := validateDefaultReputation(d.DefaultReputation); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "device %s: %v", d.Id, err)
	}
	return ValidateServices(d.Services)
}

// validateDefaultReputation checks a default reputation kept with a device
// or a whitelist: it was a manufacturer's default, so it is a score.
func validateDefaultReputation(v uint32) error {
	if v > manufacturertypes.MaxReputation {
		return fmt.Errorf("default_reputation %d exceeds %d", v, manufacturertypes.MaxReputation)
	}
	return nil
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
		// Two manufacturers may hold the same root; one may not hold it twice.
		key := w.ManufacturerId + "/" + w.Root
		if _, dup := roots[key]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "whitelist %s of %s is listed twice", w.Root, w.ManufacturerId)
		}
		roots[key] = struct{}{}
	}
	return validateReservations(gs.Reservations, ids, keys)
}

// validateReservations checks that each reservation holds one well-formed
// credential, for a manufacturer, not taken by a device nor reserved twice.
func validateReservations(rs []Reservation, ids map[string]struct{}, keys map[string]string) error {
	seen := make(map[string]struct{}, len(rs))
	for i, r := range rs {
		if r.ManufacturerId == "" {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reservation %d names no manufacturer", i)
		}
		var key string
		switch {
		case r.DeviceId != "" && r.KeyHash == "":
			if _, err := ParseDeviceID(r.DeviceId); err != nil {
				return errorsmod.Wrapf(err, "reservation %d", i)
			}
			if _, taken := ids[r.DeviceId]; taken {
				return errorsmod.Wrapf(ErrInvalidGenesis, "reservation %d: device id %s is a device's", i, r.DeviceId)
			}
			key = "id/" + r.DeviceId
		case r.KeyHash != "" && r.DeviceId == "":
			if bz, err := hex.DecodeString(r.KeyHash); err != nil || len(bz) != sha256.Size || strings.ToLower(r.KeyHash) != r.KeyHash {
				return errorsmod.Wrapf(ErrInvalidGenesis, "reservation %d: key hash %q is not 64 lowercase hex characters", i, r.KeyHash)
			}
			if d, taken := keys[r.KeyHash]; taken {
				return errorsmod.Wrapf(ErrInvalidGenesis, "reservation %d: the key is device %s's", i, d)
			}
			key = "key/" + r.KeyHash
		default:
			return errorsmod.Wrapf(ErrInvalidGenesis, "reservation %d must hold exactly one of device_id and key_hash", i)
		}
		if _, dup := seen[key]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reservation %d repeats %s", i, key)
		}
		seen[key] = struct{}{}
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
	if err := validateDefaultReputation(w.DefaultReputation); err != nil {
		return errorsmod.Wrap(ErrInvalidWhitelist, err.Error())
	}
	return nil
}
