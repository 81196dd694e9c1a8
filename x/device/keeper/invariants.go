package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/internal/modulekit"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// ManufacturerWalker visits every manufacturer of the registry; the device
// counters invariant needs the manufacturers that have no devices too, which
// the registry's keeper interface does not list.
type ManufacturerWalker func(ctx context.Context, visit func(manufacturertypes.Manufacturer) error) error

// CheckInvariants runs every invariant of the device registry and joins what
// is broken. The simulation checks it after every block; keeper tests call
// it directly.
func CheckInvariants(ctx context.Context, k *Keeper, manufacturers ManufacturerWalker) error {
	return errors.Join(
		ManufacturerRefsInvariant(ctx, k),
		DeviceCountsInvariant(ctx, k, manufacturers),
		IndexesInvariant(ctx, k),
	)
}

// ManufacturerRefsInvariant checks that every device, every Merkle
// whitelist and every reservation names a manufacturer the registry knows.
func ManufacturerRefsInvariant(ctx context.Context, k *Keeper) error {
	var broken []error
	known := map[string]bool{}
	check := func(what, manufacturerID string) error {
		if _, ok := known[manufacturerID]; !ok {
			_, err := k.manufacturers.GetManufacturer(ctx, manufacturerID)
			if err != nil && !errors.Is(err, manufacturertypes.ErrUnknownManufacturer) {
				return err
			}
			known[manufacturerID] = err == nil
		}
		if !known[manufacturerID] {
			broken = append(broken, fmt.Errorf("%s names unknown manufacturer %q", what, manufacturerID))
		}
		return nil
	}
	err := k.Devices.Walk(ctx, nil, func(_ devicekit.ID, d types.Device) (bool, error) {
		return false, check("device "+d.Id, d.ManufacturerId)
	})
	if err != nil {
		return err
	}
	err = k.Whitelists.Walk(ctx, nil, func(_ collections.Pair[string, []byte], w types.MerkleWhitelist) (bool, error) {
		return false, check("whitelist "+w.Root, w.ManufacturerId)
	})
	if err != nil {
		return err
	}
	err = k.ReservedIDs.Walk(ctx, nil, func(id devicekit.ID, m string) (bool, error) {
		return false, check("reservation "+id.String(), m)
	})
	if err != nil {
		return err
	}
	err = k.ReservedKeys.Walk(ctx, nil, func(kh []byte, m string) (bool, error) {
		return false, check(fmt.Sprintf("reservation %x", kh), m)
	})
	if err != nil {
		return err
	}
	return modulekit.InvariantError(types.ModuleName, "manufacturer-refs", broken)
}

// DeviceCountsInvariant checks the registry's device counters against the
// devices: a manufacturer's registered count is its devices on chain that
// came from no whitelist plus the full count of its committed whitelists
// (charged and counted at commit; the activated ones are on chain too), and
// its active count is its devices in status active.
func DeviceCountsInvariant(ctx context.Context, k *Keeper, manufacturers ManufacturerWalker) error {
	type counts struct{ registered, active uint64 }
	want := map[string]*counts{}
	at := func(id string) *counts {
		if want[id] == nil {
			want[id] = &counts{}
		}
		return want[id]
	}
	err := k.Devices.Walk(ctx, nil, func(_ devicekit.ID, d types.Device) (bool, error) {
		c := at(d.ManufacturerId)
		c.registered++
		if d.Status == types.STATUS_ACTIVE {
			c.active++
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	var broken []error
	err = k.Whitelists.Walk(ctx, nil, func(_ collections.Pair[string, []byte], w types.MerkleWhitelist) (bool, error) {
		c := at(w.ManufacturerId)
		if w.Activated > w.Count || c.registered < w.Activated {
			broken = append(broken, fmt.Errorf("whitelist %s: %d activated of %d, %d devices of %s on chain",
				w.Root, w.Activated, w.Count, c.registered, w.ManufacturerId))
			return false, nil
		}
		// Its activated devices are among the devices counted above.
		c.registered += w.Count - w.Activated
		return false, nil
	})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	err = manufacturers(ctx, func(m manufacturertypes.Manufacturer) error {
		seen[m.Id] = true
		c := at(m.Id)
		if m.DevicesRegistered != c.registered || m.DevicesActive != c.active {
			broken = append(broken, fmt.Errorf("manufacturer %s counts %d registered and %d active devices, the registry holds %d and %d",
				m.Id, m.DevicesRegistered, m.DevicesActive, c.registered, c.active))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for id := range want {
		if !seen[id] {
			broken = append(broken, fmt.Errorf("devices of %q, which the registry does not list", id))
		}
	}
	return modulekit.InvariantError(types.ModuleName, "device-counts", broken)
}

// IndexesInvariant checks that the key hashes, status, owner and service
// indexes are exactly what the devices imply, so that every lookup by them
// finds what a walk of the devices would.
func IndexesInvariant(ctx context.Context, k *Keeper) error {
	var broken []error
	var devices, statused, owned, listed uint64
	err := k.Devices.Walk(ctx, nil, func(id devicekit.ID, d types.Device) (bool, error) {
		devices++
		if has, err := k.KeyHashes.Has(ctx, types.KeyHash(d.KeyType, d.PublicKey)); err != nil || !has {
			broken = append(broken, fmt.Errorf("device %s: its key hash is not reserved (%v)", d.Id, err)) //nolint:errorlint // err is nil when the entry is merely missing; %w would print %!w(<nil>)
		}
		if indexedStatus(d.Status) {
			statused++
			if has, err := k.ByStatus.Has(ctx, statusKey(d)); err != nil || !has {
				broken = append(broken, fmt.Errorf("device %s: no %s entry in the status index (%v)", d.Id, d.Status.StatusName(), err)) //nolint:errorlint // err is nil when the entry is merely missing; %w would print %!w(<nil>)
			}
		}
		if d.Owner != "" {
			owned++
			owner, err := k.addressCodec.StringToBytes(d.Owner)
			if err != nil {
				return true, err
			}
			if has, err := k.ByOwner.Has(ctx, collections.Join(sdk.AccAddress(owner), id)); err != nil || !has {
				broken = append(broken, fmt.Errorf("device %s: owner %s not indexed (%v)", d.Id, d.Owner, err)) //nolint:errorlint // err is nil when the entry is merely missing; %w would print %!w(<nil>)
			}
		}
		for _, s := range listedServices(&d) {
			listed++
			if has, err := k.ByService.Has(ctx, collections.Join(s.ServiceType, id)); err != nil || !has {
				broken = append(broken, fmt.Errorf("device %s: service %s not indexed (%v)", d.Id, s.ServiceType, err)) //nolint:errorlint // err is nil when the entry is merely missing; %w would print %!w(<nil>)
			}
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	// Every device past registration has one status entry, every device
	// reserves one key; the other indexes hold one entry per owned device
	// and per listed service. Equal counts with every expected entry present
	// leave no stray entries (a registered device's entry among them).
	for _, c := range []struct {
		name string
		want uint64
		got  func() (uint64, error)
	}{
		{"status", statused, countKeys(ctx, k.ByStatus)},
		{"owner", owned, countKeys(ctx, k.ByOwner)},
		{"service", listed, countKeys(ctx, k.ByService)},
	} {
		got, err := c.got()
		if err != nil {
			return err
		}
		if got != c.want {
			broken = append(broken, fmt.Errorf("%s index holds %d entries, the devices imply %d", c.name, got, c.want))
		}
	}
	keys, err := countKeys(ctx, k.KeyHashes)()
	if err != nil {
		return err
	}
	if keys < devices {
		broken = append(broken, fmt.Errorf("%d key hashes reserved for %d devices", keys, devices))
	}
	return modulekit.InvariantError(types.ModuleName, "indexes", broken)
}

// countKeys counts the entries of a set.
func countKeys[K any](ctx context.Context, set collections.Map[K, keeperkit.Present]) func() (uint64, error) {
	return func() (uint64, error) {
		var n uint64
		err := set.Walk(ctx, nil, func(K, keeperkit.Present) (bool, error) {
			n++
			return false, nil
		})
		return n, err
	}
}
