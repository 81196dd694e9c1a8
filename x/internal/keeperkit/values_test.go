package keeperkit_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
)

func TestPresentValue(t *testing.T) {
	bz, err := keeperkit.PresentValue.Encode(keeperkit.Present{})
	require.NoError(t, err)
	require.Equal(t, []byte{0x01}, bz, "a set entry holds one byte")
	_, err = keeperkit.PresentValue.Decode(bz)
	require.NoError(t, err)
	for _, bad := range [][]byte{nil, {}, {0x00}, {0x01, 0x01}} {
		_, err := keeperkit.PresentValue.Decode(bad)
		require.Error(t, err, "%#x is not a set entry", bad)
	}
	js, err := keeperkit.PresentValue.EncodeJSON(keeperkit.Present{})
	require.NoError(t, err)
	_, err = keeperkit.PresentValue.DecodeJSON(js)
	require.NoError(t, err)
	_, err = keeperkit.PresentValue.DecodeJSON([]byte("false"))
	require.Error(t, err)
}

func TestNonEmptyProto(t *testing.T) {
	cdc := codec.NewProtoCodec(codectypes.NewInterfaceRegistry())
	// GasInfo (gas_wanted = 1, gas_used = 2, both uint64) stands in for a
	// message whose fields can all be at their defaults.
	vc := keeperkit.NonEmptyProto(codec.CollValue[sdk.GasInfo](cdc), 1)

	for name, c := range map[string]struct {
		value sdk.GasInfo
		want  []byte
	}{
		"an all-default message has its field written out as 0": {sdk.GasInfo{}, []byte{0x08, 0x00}},
		"any other message is encoded as proto encodes it":      {sdk.GasInfo{GasUsed: 5}, []byte{0x10, 0x05}},
	} {
		t.Run(name, func(t *testing.T) {
			bz, err := vc.Encode(c.value)
			require.NoError(t, err)
			require.Equal(t, c.want, bz)
			got, err := vc.Decode(bz)
			require.NoError(t, err)
			require.Equal(t, c.value, got)
		})
	}
	require.Panics(t, func() { keeperkit.NonEmptyProto(codec.CollValue[sdk.GasInfo](cdc), 16) }, "a two-byte tag")
}
