package types_test

import (
	"bytes"
	"testing"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/types"
)

func testID() devicekit.ID {
	return devicekit.DeviceID([]byte("salt"), []byte("SN-0001"))
}

func TestDeviceIDKeyRoundTrips(t *testing.T) {
	id := testID()
	k := types.DeviceIDKey

	buf := make([]byte, k.Size(id))
	n, err := k.Encode(buf, id)
	require.NoError(t, err)
	require.Equal(t, devicekit.IDSize, n)
	require.Equal(t, id[:], buf)
	n, got, err := k.Decode(buf)
	require.NoError(t, err)
	require.Equal(t, devicekit.IDSize, n)
	require.Equal(t, id, got)

	nt := make([]byte, k.SizeNonTerminal(id))
	n, err = k.EncodeNonTerminal(nt, id)
	require.NoError(t, err)
	require.Equal(t, 1+devicekit.IDSize, n)
	require.Equal(t, append([]byte{devicekit.IDSize}, id[:]...), nt)
	// A non-terminal id is followed by the rest of the key, which it must
	// leave alone.
	n, got, err = k.DecodeNonTerminal(append(nt, "rest"...))
	require.NoError(t, err)
	require.Equal(t, 1+devicekit.IDSize, n)
	require.Equal(t, id, got)

	js, err := k.EncodeJSON(id)
	require.NoError(t, err)
	require.Equal(t, `"`+id.String()+`"`, string(js))
	got, err = k.DecodeJSON(js)
	require.NoError(t, err)
	require.Equal(t, id, got)
	require.Equal(t, id.String(), k.Stringify(id))
	require.Equal(t, "device_id", k.KeyType())
}

func TestDeviceIDKeyRefusesOtherLengths(t *testing.T) {
	k := types.DeviceIDKey
	id := testID()
	for _, tc := range []struct {
		name string
		bz   []byte
	}{
		{"an empty key is refused", nil},
		{"a 31-byte key is refused", id[:31]},
		{"a 33-byte key is refused", append(id[:], 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := k.Decode(tc.bz)
			require.Error(t, err)
		})
	}
	for _, tc := range []struct {
		name string
		bz   []byte
	}{
		{"an empty non-terminal key is refused", nil},
		{"a non-terminal key with length 31 is refused", append([]byte{31}, id[:31]...)},
		{"a non-terminal key with length 33 is refused", append(append([]byte{33}, id[:]...), 0)},
		{"a non-terminal key shorter than its length is refused", append([]byte{32}, id[:31]...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := k.DecodeNonTerminal(tc.bz)
			require.Error(t, err)
		})
	}
	_, err := k.DecodeJSON([]byte(`"` + id.String()[:62] + `"`))
	require.Error(t, err, "a short hex id in JSON is refused")
}

// TestDeviceIDKeyHasBytesKeyBytes pins that the codec writes exactly what
// collections.BytesKey wrote over the id's bytes, terminal and not, so the
// stores keyed by it kept their layout.
func TestDeviceIDKeyHasBytesKeyBytes(t *testing.T) {
	id := testID()
	old := make([]byte, collections.BytesKey.Size(id[:]))
	_, err := collections.BytesKey.Encode(old, id[:])
	require.NoError(t, err)
	cur := make([]byte, types.DeviceIDKey.Size(id))
	_, err = types.DeviceIDKey.Encode(cur, id)
	require.NoError(t, err)
	require.True(t, bytes.Equal(old, cur))

	old = make([]byte, collections.BytesKey.SizeNonTerminal(id[:]))
	_, err = collections.BytesKey.EncodeNonTerminal(old, id[:])
	require.NoError(t, err)
	cur = make([]byte, types.DeviceIDKey.SizeNonTerminal(id))
	_, err = types.DeviceIDKey.EncodeNonTerminal(cur, id)
	require.NoError(t, err)
	require.True(t, bytes.Equal(old, cur))
}
