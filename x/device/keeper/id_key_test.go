package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

// TestDeviceIDKeysKeepTheirBytes pins that every registry collection keyed
// by a device id stores the same key bytes as before types.DeviceIDKey,
// when it used collections.BytesKey over the id's bytes.
func TestDeviceIDKeysKeepTheirBytes(t *testing.T) {
	f := setup(t)
	id := devicekit.DeviceID([]byte("salt"), []byte("SN-0001"))
	owner := sdk.AccAddress([]byte("owner_______________"))
	type pin struct{ old, cur []byte }
	must := func(bz []byte, err error) []byte {
		require.NoError(t, err)
		return bz
	}
	pins := map[string]pin{
		"devices": {
			old: must(collections.EncodeKeyWithPrefix(types.DevicesKey, collections.BytesKey, id[:])),
			cur: must(collections.EncodeKeyWithPrefix(types.DevicesKey, f.k.Devices.KeyCodec(), id)),
		},
		"by_owner": {
			old: must(collections.EncodeKeyWithPrefix(types.ByOwnerKey,
				collections.PairKeyCodec(sdk.AccAddressKey, collections.BytesKey), collections.Join(owner, id[:]))),
			cur: must(collections.EncodeKeyWithPrefix(types.ByOwnerKey, f.k.ByOwner.KeyCodec(), collections.Join(owner, id))),
		},
		"by_service": {
			old: must(collections.EncodeKeyWithPrefix(types.ByServiceKey,
				collections.PairKeyCodec(collections.StringKey, collections.BytesKey), collections.Join("bandwidth", id[:]))),
			cur: must(collections.EncodeKeyWithPrefix(types.ByServiceKey, f.k.ByService.KeyCodec(), collections.Join("bandwidth", id))),
		},
		"reserved_ids": {
			old: must(collections.EncodeKeyWithPrefix(types.ReservedIDsKey, collections.BytesKey, id[:])),
			cur: must(collections.EncodeKeyWithPrefix(types.ReservedIDsKey, f.k.ReservedIDs.KeyCodec(), id)),
		},
	}
	for name, p := range pins {
		t.Run(name+" keeps its key bytes", func(t *testing.T) {
			require.Equal(t, p.old, p.cur)
		})
	}
}
