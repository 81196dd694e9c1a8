package devicekit_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
)

func TestKeyTypes(t *testing.T) {
	tests := []struct {
		kt      devicekit.KeyType
		name    string
		code    byte
		pubSize int
		sigSize int
	}{
		{kt: devicekit.Secp256k1, name: "secp256k1", code: 1, pubSize: 33, sigSize: 64},
		{kt: devicekit.Ed25519, name: "ed25519", code: 2, pubSize: 32, sigSize: 64},
		{kt: devicekit.Secp256r1, name: "secp256r1", code: 3, pubSize: 33, sigSize: 64},
		{kt: devicekit.Mldsa65, name: "mldsa65", code: 4, pubSize: 1952, sigSize: 3309},
	}
	require.Len(t, devicekit.KeyTypes(), len(tests))
	for i, tc := range tests {
		t.Run(tc.name+" has its fixed name, code and sizes", func(t *testing.T) {
			require.Equal(t, tc.kt, devicekit.KeyTypes()[i])
			require.True(t, tc.kt.Valid())
			require.Equal(t, tc.name, tc.kt.String())
			require.Equal(t, tc.code, tc.kt.Code())
			require.Equal(t, tc.pubSize, tc.kt.PublicKeySize())
			require.Equal(t, tc.sigSize, tc.kt.SignatureSize())

			parsed, err := devicekit.ParseKeyType(tc.name)
			require.NoError(t, err)
			require.Equal(t, tc.kt, parsed)

			fromCode, err := devicekit.KeyTypeFromCode(tc.code)
			require.NoError(t, err)
			require.Equal(t, tc.kt, fromCode)

			text, err := tc.kt.MarshalText()
			require.NoError(t, err)
			require.Equal(t, tc.name, string(text))
		})
	}
}

func TestUnknownKeyTypes(t *testing.T) {
	for _, name := range []string{"", "SECP256K1", "Ed25519", "secp256k1 ", "ml_dsa_65", "rsa"} {
		t.Run("the name "+quote(name)+" is rejected", func(t *testing.T) {
			_, err := devicekit.ParseKeyType(name)
			require.ErrorIs(t, err, devicekit.ErrUnknownKeyType)
		})
	}
	for _, code := range []byte{0, 5, 255} {
		kt := devicekit.KeyType(code)
		t.Run("the code "+kt.String()+" is rejected", func(t *testing.T) {
			require.False(t, kt.Valid())
			_, err := devicekit.KeyTypeFromCode(code)
			require.ErrorIs(t, err, devicekit.ErrUnknownKeyType)
			require.Zero(t, kt.PublicKeySize())
			require.Zero(t, kt.SignatureSize())
			_, err = kt.MarshalText()
			require.ErrorIs(t, err, devicekit.ErrUnknownKeyType)
		})
	}
}

func quote(s string) string {
	return `"` + s + `"`
}
