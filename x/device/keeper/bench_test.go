package keeper_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

// distinctEntries makes n whitelist entries with distinct ids and ed25519
// keys (valid encodings; possession is not checked at registration).
func distinctEntries(b testing.TB, seed string, n int) []types.DeviceEntry {
	kit, err := devicekit.GenerateKey(devicekit.Ed25519, &seedReader{seed: []byte(seed)})
	require.NoError(b, err)
	entries := make([]types.DeviceEntry, n)
	for i := range entries {
		key := append([]byte(nil), kit.PublicKey()...)
		key[0], key[1], key[2] = byte(i), byte(i>>8), byte(i>>16)
		serial := fmt.Sprintf("%s-%d", seed, i)
		entries[i] = types.DeviceEntry{
			Id: devicekit.DeviceID([]byte("salt"), []byte(serial)).String(), KeyType: types.KEY_TYPE_ED25519, PublicKey: key,
			Protocols: []string{"mqtt"}, DeviceType: "smart-meter",
		}
	}
	return entries
}

// BenchmarkRegisterDevices measures whitelist registration per device in the
// keeper (no consensus, no commit) for batches of 1, 100 and 10,000, and
// reports the store writes and bytes one registered device leaves behind.
func BenchmarkRegisterDevices(b *testing.B) {
	for _, batch := range []int{1, 100, 10_000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			f := setup(b)
			f.token.balance[f.operator] = 1 << 62
			msgs := make([]*types.MsgRegisterDevices, b.N)
			for i := range msgs {
				msgs[i] = &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme", Devices: distinctEntries(b, fmt.Sprintf("b%d", i), batch)}
			}
			b.ResetTimer()
			for _, msg := range msgs {
				if _, err := f.msgs.RegisterDevices(f.ctx, msg); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			devices := b.N * batch
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(devices), "ns/device")
			entries, bytes := f.storeFootprint(b)
			b.ReportMetric(float64(entries)/float64(devices), "writes/device")
			b.ReportMetric(float64(bytes)/float64(devices), "bytes/device")
		})
	}
}

// storeFootprint counts the entries and key+value bytes under the device
// store's per-device prefixes (records, key hashes, status index).
func (f *fixture) storeFootprint(b testing.TB) (entries, bytes int) {
	store := f.ctx.KVStore(f.key)
	for _, prefix := range [][]byte{types.DevicesKey, types.KeyHashesKey, types.ByStatusKey} {
		it := store.Iterator(prefix, storetypes.PrefixEndBytes(prefix))
		for ; it.Valid(); it.Next() {
			entries++
			bytes += len(it.Key()) + len(it.Value())
		}
		it.Close()
	}
	return entries, bytes
}

// BenchmarkActivationVerify measures the activation proof check per key type
// through the keeper (record lookup, sign bytes, signature verification).
func BenchmarkActivationVerify(b *testing.B) {
	for _, kt := range devicekit.KeyTypes() {
		b.Run(kt.String(), func(b *testing.B) {
			f := setup(b)
			e := f.entry(b, "BENCH-"+kt.String(), kt)
			_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme", Devices: []types.DeviceEntry{e}})
			require.NoError(b, err)
			id, _ := devicekit.ParseID(e.Id)
			sig, err := f.keys[e.Id].SignActivation(chainID, id, f.owner)
			require.NoError(b, err)
			msg := &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: sig}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := f.k.CheckActivation(f.ctx, msg, map[[32]byte]error{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
