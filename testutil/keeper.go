package testutil

import (
	"testing"

	"cosmossdk.io/core/address"
	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdktestutil "github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// AccCodec is the chain's account address codec (prefix "atonomi").
var AccCodec address.Codec = addresscodec.NewBech32Codec("atonomi")

// Addr returns a deterministic account for name, as bytes and bech32.
func Addr(t testing.TB, name string) (sdk.AccAddress, string) {
	t.Helper()
	bz := sdk.AccAddress([]byte((name + "____________________")[:20]))
	s, err := AccCodec.BytesToString(bz)
	require.NoError(t, err)
	return bz, s
}

// Bech32 returns the bech32 form of a deterministic account for name.
func Bech32(t testing.TB, name string) string {
	t.Helper()
	_, s := Addr(t, name)
	return s
}

// NewContext returns a context over a fresh store for key, at height 7.
func NewContext(t testing.TB, key *storetypes.KVStoreKey) sdk.Context {
	t.Helper()
	return sdktestutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_"+key.Name())).
		Ctx.WithBlockHeight(7)
}
