package keeper_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/keeper"
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
			ctx, writes := testutil.CountWrites(f.ctx, f.key)
			gas := ctx.GasMeter().GasConsumed()
			b.ResetTimer()
			for _, msg := range msgs {
				if _, err := f.msgs.RegisterDevices(ctx, msg); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			devices := b.N * batch
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(devices), "ns/device")
			b.ReportMetric(float64(ctx.GasMeter().GasConsumed()-gas)/float64(devices), "storegas/device")
			b.ReportMetric(float64(writes.Total())/float64(devices), "writes/device")
			entries, bytes := f.storeFootprint(b)
			b.ReportMetric(float64(entries)/float64(devices), "entries/device")
			b.ReportMetric(float64(bytes)/float64(devices), "bytes/device")
		})
	}
}

// storeFootprint counts the entries and key+value bytes of the whole device
// store but its params: everything the registrations wrote.
func (f *fixture) storeFootprint(b testing.TB) (entries, bytes int) {
	it := f.ctx.KVStore(f.key).Iterator(storetypes.PrefixEndBytes(types.ParamsKey), nil)
	defer it.Close()
	for ; it.Valid(); it.Next() {
		entries++
		bytes += len(it.Key()) + len(it.Value())
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
			// cold: what CheckTx does, verifying; cached: DeliverTx of the
			// same transaction in the same process, which finds the
			// signature already verified.
			b.Run("cold", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					keeper.ForgetVerified(f.k)
					b.StartTimer()
					if err := f.k.CheckActivation(f.ctx, msg, map[[32]byte]error{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("cached", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if err := f.k.CheckActivation(f.ctx, msg, map[[32]byte]error{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkMerkleActivation measures the Merkle path: committing a root over
// a whitelist of 10,000 devices (one write whatever the count), then
// activating devices with their proofs through the msg server (proof and
// signature checks, the record written at activation), per key type. ns/op
// is one activation; ns/commit the commit of the root.
func BenchmarkMerkleActivation(b *testing.B) {
	const whitelist = 10_000
	for _, kt := range devicekit.KeyTypes() {
		b.Run(kt.String(), func(b *testing.B) {
			f := setup(b)
			f.token.balance[f.operator], f.token.balance[f.ownerStr] = 1<<62, 1<<62
			entries := make([]types.DeviceEntry, whitelist)
			leaves := make([]devicekit.Entry, whitelist)
			for i := range entries {
				entries[i] = f.entry(b, fmt.Sprintf("MB-%s-%d", kt, i%max(b.N, 1)), kt)
				// Beyond b.N, leaves reuse keys: only the first b.N activate.
				id := devicekit.DeviceID([]byte("merkle-bench"), []byte(fmt.Sprint(i)))
				entries[i].Id = id.String()
				leaves[i] = devicekit.Entry{ID: id, KeyType: kt, PublicKey: entries[i].PublicKey}
			}
			tree, err := devicekit.BuildTree(leaves)
			require.NoError(b, err)
			began := time.Now()
			f.commit(b, tree, whitelist)
			commitNs := time.Since(began).Nanoseconds()
			msgs := make([]*types.MsgActivateDevice, min(b.N, whitelist))
			for i := range msgs {
				key := f.keys[devicekit.DeviceID([]byte("salt"), []byte(fmt.Sprintf("MB-%s-%d", kt, i))).String()]
				sig, err := key.SignActivation(chainID, leaves[i].ID, f.owner)
				require.NoError(b, err)
				msgs[i] = &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: entries[i].Id, Signature: sig, MerkleProof: proofFor(b, tree, i, entries[i])}
			}
			b.ResetTimer()
			for _, msg := range msgs {
				if _, err := f.msgs.ActivateDevice(f.ctx, msg); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(commitNs), "ns/commit")
		})
	}
}

// BenchmarkDeviceQuery measures a device lookup through the query server.
func BenchmarkDeviceQuery(b *testing.B) {
	f := setup(b)
	f.token.balance[f.operator] = 1 << 62
	entries := distinctEntries(b, "query", 1_000)
	_, err := f.msgs.RegisterDevices(f.ctx, &types.MsgRegisterDevices{Operator: f.operator, ManufacturerId: "acme", Devices: entries})
	require.NoError(b, err)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.queries.Device(f.ctx, &types.QueryDeviceRequest{Id: entries[i%len(entries)].Id}); err != nil {
			b.Fatal(err)
		}
	}
}
