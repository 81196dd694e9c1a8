package keeper_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/keeper"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// walker lists the fake registry's manufacturers for the counters invariant.
func (f *fixture) walker() keeper.ManufacturerWalker {
	return func(ctx context.Context, visit func(manufacturertypes.Manufacturer) error) error {
		for _, id := range []string{"acme", "bosch"} {
			if err := visit(*f.makers.m[id]); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestInvariants(t *testing.T) {
	tests := []struct {
		name  string
		brk   func(t *testing.T, f *fixture, active types.DeviceEntry)
		wants string
	}{
		{name: "a registry kept by the messages holds them all"},
		{
			name: "a device counted twice breaks the device counts",
			brk: func(t *testing.T, f *fixture, _ types.DeviceEntry) {
				require.NoError(t, f.makers.AddDeviceCounts(f.ctx, "acme", 1, 0))
			},
			wants: "device-counts",
		},
		{
			name: "an active count that missed a suspension breaks the device counts",
			brk: func(t *testing.T, f *fixture, _ types.DeviceEntry) {
				require.NoError(t, f.makers.AddDeviceCounts(f.ctx, "bosch", 0, 1))
			},
			wants: "device-counts",
		},
		{
			name: "a device of an unknown manufacturer breaks the references",
			brk: func(t *testing.T, f *fixture, active types.DeviceEntry) {
				d := f.device(t, active.Id)
				d.ManufacturerId = "ghost"
				id, _ := types.ParseDeviceID(d.Id)
				require.NoError(t, f.k.Devices.Set(f.ctx, id, d))
			},
			wants: "manufacturer-refs",
		},
		{
			name: "a device missing from the owner index breaks the indexes",
			brk: func(t *testing.T, f *fixture, _ types.DeviceEntry) {
				require.NoError(t, f.k.ByOwner.Clear(f.ctx, nil))
			},
			wants: "indexes",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			active := f.activate(t, "meter-1")
			f.register(t, f.entry(t, "meter-2", devicekit.Ed25519))
			// A whitelist of 5 with one device activated from it: 4 stay
			// off chain but counted.
			entries, tree := f.merkleWhitelist(t, 5)
			f.commit(t, tree, 5)
			_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{
				Owner: f.ownerStr, DeviceId: entries[2].Id, Signature: f.sign(t, entries[2].Id, f.owner, chainID),
				MerkleProof: proofFor(t, tree, 2, entries[2]),
			})
			require.NoError(t, err)
			if tc.brk == nil {
				require.NoError(t, keeper.CheckInvariants(f.ctx, f.k, f.walker()))
				return
			}
			tc.brk(t, f, active)
			require.ErrorContains(t, keeper.CheckInvariants(f.ctx, f.k, f.walker()), tc.wants+" invariant broken")
		})
	}
}
