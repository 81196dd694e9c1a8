package keeper

import (
	"context"
	"encoding/hex"

	"cosmossdk.io/collections"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

// InitGenesis loads the registry and rebuilds the key hashes and indexes.
func (k *Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	// Only the app knows its module accounts, so Validate cannot refuse
	// them; they are checked before anything is written.
	for _, d := range gs.Devices {
		if d.Wallet != "" {
			if err := k.personalAccount("wallet of "+d.Id, d.Wallet); err != nil {
				return err
			}
		}
		if d.WalletOffer != nil {
			if err := k.personalAccount("wallet offered for "+d.Id, d.WalletOffer.Wallet); err != nil {
				return err
			}
		}
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, d := range gs.Devices {
		if err := k.storeNew(ctx, d); err != nil {
			return err
		}
	}
	for _, w := range gs.Whitelists {
		if err := k.Whitelists.Set(ctx, WhitelistKey(w), w); err != nil {
			return err
		}
	}
	for _, r := range gs.Reservations {
		if err := k.loadReservation(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// loadReservation stores a validated genesis reservation.
func (k *Keeper) loadReservation(ctx context.Context, r types.Reservation) error {
	if r.DeviceId != "" {
		id, _ := types.ParseDeviceID(r.DeviceId)
		return k.ReservedIDs.Set(ctx, id, r.ManufacturerId)
	}
	kh, _ := hex.DecodeString(r.KeyHash)
	return k.ReservedKeys.Set(ctx, kh, r.ManufacturerId)
}

// ExportGenesis writes params, devices and whitelists in key order; the key
// hashes and indexes are derived from the devices.
func (k *Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := types.DefaultGenesis()
	gs.Params = params
	if err := k.Devices.Walk(ctx, nil, func(_ devicekit.ID, d types.Device) (bool, error) {
		gs.Devices = append(gs.Devices, d)
		return false, nil
	}); err != nil {
		return nil, err
	}
	err = k.Whitelists.Walk(ctx, nil, func(_ collections.Pair[string, []byte], w types.MerkleWhitelist) (bool, error) {
		gs.Whitelists = append(gs.Whitelists, w)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.ReservedIDs.Walk(ctx, nil, func(id devicekit.ID, m string) (bool, error) {
		gs.Reservations = append(gs.Reservations, types.Reservation{DeviceId: id.String(), ManufacturerId: m})
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.ReservedKeys.Walk(ctx, nil, func(kh []byte, m string) (bool, error) {
		gs.Reservations = append(gs.Reservations, types.Reservation{KeyHash: hex.EncodeToString(kh), ManufacturerId: m})
		return false, nil
	})
	return gs, err
}
