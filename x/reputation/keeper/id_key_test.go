package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// TestDeviceIDKeysKeepTheirBytes pins that every reputation collection
// keyed by a device id stores the same key bytes as before
// devicetypes.DeviceIDKey, when it used collections.BytesKey over the id's
// bytes: in first position (length-prefixed) and in the middle of
// ByAuditor's key.
func TestDeviceIDKeysKeepTheirBytes(t *testing.T) {
	f := setup(t)
	id := devicekit.DeviceID([]byte("salt"), []byte("SN-0001"))
	must := func(bz []byte, err error) []byte {
		t.Helper()
		require.NoError(t, err)
		return bz
	}
	pair := collections.PairKeyCodec(collections.BytesKey, collections.StringKey)
	pins := map[string]struct{ old, cur []byte }{
		"latest": {
			old: must(collections.EncodeKeyWithPrefix(types.LatestKey,
				collections.TripleKeyCodec(collections.BytesKey, collections.StringKey, collections.StringKey),
				collections.Join3(id[:], "security", "sentinel"))),
			cur: must(collections.EncodeKeyWithPrefix(types.LatestKey, f.k.Latest.KeyCodec(), collections.Join3(id, "security", "sentinel"))),
		},
		"aggregates": {
			old: must(collections.EncodeKeyWithPrefix(types.AggregatesKey, pair, collections.Join(id[:], "security"))),
			cur: must(collections.EncodeKeyWithPrefix(types.AggregatesKey, f.k.Aggregates.KeyCodec(), collections.Join(id, "security"))),
		},
		"history": {
			old: must(collections.EncodeKeyWithPrefix(types.HistoryKey,
				collections.TripleKeyCodec(collections.BytesKey, collections.StringKey, collections.Uint64Key),
				collections.Join3(id[:], "security", uint64(7)))),
			cur: must(collections.EncodeKeyWithPrefix(types.HistoryKey, f.k.History.KeyCodec(), collections.Join3(id, "security", uint64(7)))),
		},
		"history_next": {
			old: must(collections.EncodeKeyWithPrefix(types.HistoryNextKey, pair, collections.Join(id[:], "security"))),
			cur: must(collections.EncodeKeyWithPrefix(types.HistoryNextKey, f.k.HistoryNext.KeyCodec(), collections.Join(id, "security"))),
		},
		"by_auditor": {
			old: must(collections.EncodeKeyWithPrefix(types.ByAuditorKey,
				collections.TripleKeyCodec(collections.StringKey, collections.BytesKey, collections.StringKey),
				collections.Join3("sentinel", id[:], "security"))),
			cur: must(collections.EncodeKeyWithPrefix(types.ByAuditorKey, f.k.ByAuditor.KeyCodec(), collections.Join3("sentinel", id, "security"))),
		},
	}
	for name, p := range pins {
		t.Run(name+" keeps its key bytes", func(t *testing.T) {
			require.Equal(t, p.old, p.cur)
		})
	}
}
