package simulation

import (
	"bytes"
	"context"
	"crypto/sha256"
	"math/rand"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

// DeviceKey is the simulation's private key of device id: derived from the
// id and key type, so that whoever needs to sign for a device the
// simulation registered can. The derivation is public and for simulation
// only. It fails, with negligible probability, for a seed that is not a
// valid scalar; such a device is simply never registered.
func DeviceKey(kt types.KeyType, id devicekit.ID) (devicekit.PrivateKey, error) {
	seed := sha256.Sum256(append([]byte{byte(kt)}, append([]byte("atonomid simulation device key "), id[:]...)...))
	return devicekit.PrivateKeyFromBytes(kt.Kit(), seed[:])
}

// RandomEntry is a new device with a random id and key type and its derived key.
func RandomEntry(r *rand.Rand) (types.DeviceEntry, devicekit.PrivateKey, error) {
	serial := make([]byte, 16)
	_, _ = r.Read(serial)
	id := devicekit.DeviceID([]byte("simulation"), serial)
	kinds := devicekit.KeyTypes()
	kt := types.KeyType(kinds[r.Intn(len(kinds))])
	key, err := DeviceKey(kt, id)
	if err != nil {
		return types.DeviceEntry{}, key, err
	}
	protocols := []string{"mqtt", "coap", "ble", "lorawan"}
	return types.DeviceEntry{
		Id: id.String(), KeyType: kt, PublicKey: key.PublicKey(),
		Protocols: protocols[:r.Intn(len(protocols)+1)], DeviceType: []string{"", "smart-meter", "sensor", "lock"}[r.Intn(4)],
		Metadata: []types.Attribute{{Key: "batch", Value: simsx.NewXRand(r).StringN(6)}}[:r.Intn(2)],
	}, key, nil
}

// KeyOf returns the derived key of a device the simulation registered; the
// reporter skips a device whose key is not the derived one.
func KeyOf(d types.Device, reporter simsx.SimulationReporter) devicekit.PrivateKey {
	id, err := types.ParseDeviceID(d.Id)
	if err != nil {
		reporter.Skip(err.Error())
		return devicekit.PrivateKey{}
	}
	key, err := DeviceKey(d.KeyType, id)
	if err != nil || !bytes.Equal(key.PublicKey(), d.PublicKey) {
		reporter.Skipf("device %s was not registered by the simulation", d.Id)
	}
	return key
}

// Registry is what AnyDevice reads of the device registry.
type Registry interface {
	WalkDevices(ctx context.Context, rng collections.Ranger[devicekit.ID], fn func(types.Device) (stop bool, err error)) error
}

// AnyDevice returns a random device that keep accepts: it seeks a random id
// and walks on from there (wrapping around), looking at a bounded number of
// devices, so that its cost does not grow with the registry.
func AnyDevice(ctx context.Context, k Registry, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, keep func(types.Device) bool) types.Device {
	const budget = 64
	var start devicekit.ID
	_, _ = testData.Rand().Read(start[:])
	seen := 0
	var found *types.Device
	walk := func(rng collections.Ranger[devicekit.ID]) error {
		return k.WalkDevices(ctx, rng, func(d types.Device) (bool, error) {
			seen++
			if keep(d) {
				found = &d
			}
			return found != nil || seen >= budget, nil
		})
	}
	if err := walk(new(collections.Range[devicekit.ID]).StartInclusive(start)); err != nil {
		reporter.Skip(err.Error())
		return types.Device{}
	}
	if found == nil && seen < budget {
		if err := walk(new(collections.Range[devicekit.ID]).EndExclusive(start)); err != nil {
			reporter.Skip(err.Error())
			return types.Device{}
		}
	}
	if found == nil {
		reporter.Skip("no matching device")
		return types.Device{}
	}
	return *found
}

// WithStatus accepts devices in one of the statuses.
func WithStatus(statuses ...types.Status) func(types.Device) bool {
	return func(d types.Device) bool {
		for _, s := range statuses {
			if d.Status == s {
				return true
			}
		}
		return false
	}
}

// OwnedBySimAccount accepts devices in one of the statuses whose owner is a
// simulation account.
func OwnedBySimAccount(testData *simsx.ChainDataSource, statuses ...types.Status) func(types.Device) bool {
	inStatus := WithStatus(statuses...)
	return func(d types.Device) bool { return inStatus(d) && d.Owner != "" && testData.HasAccount(d.Owner) }
}
