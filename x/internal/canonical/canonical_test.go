package canonical_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/atonomi/atonomid/x/internal/canonical"
)

func TestCodec(t *testing.T) {
	lenient := addresscodec.NewBech32Codec("atonomi")
	c := canonical.Wrap(lenient)
	raw := []byte("canonical-text-20-by")
	text, err := c.BytesToString(raw)
	require.NoError(t, err)
	require.Equal(t, strings.ToLower(text), text, "bech32 text is lower case")

	upper := strings.ToUpper(text)
	back, err := lenient.StringToBytes(upper)
	require.NoError(t, err, "the SDK's codec accepts upper case: the gap the wrapper closes")
	require.Equal(t, raw, back)

	cases := []struct {
		name         string
		in           string
		nonCanonical bool
	}{
		{name: "the lower-case text is accepted", in: text},
		{name: "the upper-case text is refused as not canonical", in: upper, nonCanonical: true},
		{name: "mixed case is refused (bech32 itself refuses it)", in: text[:10] + strings.ToUpper(text[10:])},
		{name: "another prefix is refused", in: mustEncode(t, "cosmos", raw)},
		{name: "surrounding space is refused", in: " " + text},
		{name: "the empty string is refused", in: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bz, err := c.StringToBytes(tc.in)
			if tc.in == text {
				require.NoError(t, err)
				require.Equal(t, raw, bz)
				return
			}
			require.Error(t, err)
			require.Nil(t, bz, "a refused text decodes to nothing")
			require.Equal(t, tc.nonCanonical, errors.Is(err, canonical.ErrNotCanonical), "%v", err)
		})
	}

	t.Run("the refusal names the canonical spelling", func(t *testing.T) {
		_, err := c.StringToBytes(upper)
		require.ErrorContains(t, err, "not canonical: use lower case")
		require.ErrorContains(t, err, text)
	})
	t.Run("wrapping twice is wrapping once", func(t *testing.T) {
		require.Equal(t, c, canonical.Wrap(c))
	})
}

func mustEncode(t *testing.T, prefix string, raw []byte) string {
	t.Helper()
	s, err := addresscodec.NewBech32Codec(prefix).BytesToString(raw)
	require.NoError(t, err)
	return s
}
