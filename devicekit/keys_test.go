package devicekit_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
)

// zeroReader yields zero bytes forever, a broken random source.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestGenerateKey(t *testing.T) {
	for _, kt := range devicekit.KeyTypes() {
		t.Run(kt.String()+" keys sign and verify", func(t *testing.T) {
			key, err := devicekit.GenerateKey(kt, nil)
			require.NoError(t, err)
			require.Equal(t, kt, key.Type())
			require.Len(t, key.PublicKey(), kt.PublicKeySize())
			require.NoError(t, devicekit.ValidatePublicKey(kt, key.PublicKey()))
			msg := []byte("hello device")
			sig, err := key.Sign(msg)
			require.NoError(t, err)
			require.Len(t, sig, kt.SignatureSize())
			require.NoError(t, devicekit.Verify(kt, key.PublicKey(), msg, sig))
		})

		t.Run(kt.String()+" keys from the same random stream are equal", func(t *testing.T) {
			seed := sha256.Sum256([]byte("stream"))
			a, err := devicekit.GenerateKey(kt, bytes.NewReader(seed[:]))
			require.NoError(t, err)
			b, err := devicekit.GenerateKey(kt, bytes.NewReader(seed[:]))
			require.NoError(t, err)
			require.Equal(t, a.Bytes(), b.Bytes())
			require.Equal(t, a.PublicKey(), b.PublicKey())
			c, err := devicekit.PrivateKeyFromBytes(kt, seed[:])
			require.NoError(t, err)
			require.Equal(t, a.PublicKey(), c.PublicKey())
		})

		t.Run(kt.String()+" key bytes round-trip", func(t *testing.T) {
			key, err := devicekit.GenerateKey(kt, nil)
			require.NoError(t, err)
			require.Len(t, key.Bytes(), devicekit.PrivateKeySize)
			back, err := devicekit.PrivateKeyFromBytes(kt, key.Bytes())
			require.NoError(t, err)
			require.Equal(t, key.PublicKey(), back.PublicKey())
			require.Equal(t, key.Bytes(), back.Bytes())
		})

		t.Run(kt.String()+" signatures are deterministic", func(t *testing.T) {
			key := vectorKey(t, kt, "determinism")
			msg := []byte("same message")
			a, err := key.Sign(msg)
			require.NoError(t, err)
			b, err := key.Sign(msg)
			require.NoError(t, err)
			require.Equal(t, a, b)
		})
	}

	t.Run("an unknown key type cannot be generated", func(t *testing.T) {
		_, err := devicekit.GenerateKey(devicekit.KeyType(9), nil)
		require.ErrorIs(t, err, devicekit.ErrUnknownKeyType)
	})
	t.Run("a short random stream is reported", func(t *testing.T) {
		_, err := devicekit.GenerateKey(devicekit.Ed25519, bytes.NewReader(make([]byte, 31)))
		require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	})
	for _, kt := range []devicekit.KeyType{devicekit.Secp256k1, devicekit.Secp256r1} {
		t.Run(kt.String()+" generation from an all-zero random source fails instead of looping", func(t *testing.T) {
			_, err := devicekit.GenerateKey(kt, zeroReader{})
			require.ErrorIs(t, err, devicekit.ErrInvalidPrivateKey)
		})
	}
}

func TestECDSASignaturesAreLowS(t *testing.T) {
	for _, kt := range []devicekit.KeyType{devicekit.Secp256k1, devicekit.Secp256r1} {
		t.Run(kt.String()+" signatures always have s at most n/2", func(t *testing.T) {
			half := new(big.Int).Rsh(curveOrder(kt), 1)
			key := vectorKey(t, kt, "low-s")
			// With 200 messages, raw s would be high about 100 times, so
			// normalisation is certainly exercised.
			for i := range 200 {
				msg := fmt.Appendf(nil, "message %d", i)
				sig, err := key.Sign(msg)
				require.NoError(t, err)
				s := new(big.Int).SetBytes(sig[32:])
				require.LessOrEqual(t, s.Cmp(half), 0, "message %d", i)
				require.NoError(t, devicekit.Verify(kt, key.PublicKey(), msg, sig))
			}
		})
	}
}

func TestPrivateKeyFromBytesRejectsBadKeys(t *testing.T) {
	k1Order := curveOrder(devicekit.Secp256k1).FillBytes(make([]byte, 32))
	r1Order := curveOrder(devicekit.Secp256r1).FillBytes(make([]byte, 32))
	edKey := vectorKey(t, devicekit.Ed25519, "ed-expanded")
	edExpanded := append(edKey.Bytes(), edKey.PublicKey()...)
	edMismatch := append(edKey.Bytes(), make([]byte, 32)...)

	tests := []struct {
		name string
		kt   devicekit.KeyType
		bz   []byte
		err  error
	}{
		{name: "a zero secp256k1 scalar is rejected", kt: devicekit.Secp256k1, bz: make([]byte, 32), err: devicekit.ErrInvalidPrivateKey},
		{name: "a secp256k1 scalar equal to n is rejected", kt: devicekit.Secp256k1, bz: k1Order, err: devicekit.ErrInvalidPrivateKey},
		{name: "a secp256k1 scalar of all ones is rejected", kt: devicekit.Secp256k1, bz: bytes.Repeat([]byte{0xff}, 32), err: devicekit.ErrInvalidPrivateKey},
		{name: "a 31-byte secp256k1 key is rejected", kt: devicekit.Secp256k1, bz: make([]byte, 31), err: devicekit.ErrInvalidPrivateKey},
		{name: "a zero secp256r1 scalar is rejected", kt: devicekit.Secp256r1, bz: make([]byte, 32), err: devicekit.ErrInvalidPrivateKey},
		{name: "a secp256r1 scalar equal to n is rejected", kt: devicekit.Secp256r1, bz: r1Order, err: devicekit.ErrInvalidPrivateKey},
		{name: "a 33-byte secp256r1 key is rejected", kt: devicekit.Secp256r1, bz: make([]byte, 33), err: devicekit.ErrInvalidPrivateKey},
		{name: "a 31-byte ed25519 key is rejected", kt: devicekit.Ed25519, bz: make([]byte, 31), err: devicekit.ErrInvalidPrivateKey},
		{name: "a 64-byte ed25519 key with a foreign public half is rejected", kt: devicekit.Ed25519, bz: edMismatch, err: devicekit.ErrInvalidPrivateKey},
		{name: "a 64-byte ed25519 key with its own public half is accepted", kt: devicekit.Ed25519, bz: edExpanded},
		{name: "a 33-byte mldsa65 key is rejected", kt: devicekit.Mldsa65, bz: make([]byte, 33), err: devicekit.ErrInvalidPrivateKey},
		{name: "a corrupted 4032-byte mldsa65 key is rejected", kt: devicekit.Mldsa65, bz: corruptedMldsa65Key(t), err: devicekit.ErrInvalidPrivateKey},
		{name: "an unknown key type is rejected", kt: devicekit.KeyType(0), bz: make([]byte, 32), err: devicekit.ErrUnknownKeyType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := devicekit.PrivateKeyFromBytes(tc.kt, tc.bz)
			if tc.err == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.err)
		})
	}
}

// corruptedMldsa65Key returns a packed ML-DSA-65 private key whose tr field
// (bytes 64..127) no longer matches its public key.
func corruptedMldsa65Key(t *testing.T) []byte {
	t.Helper()
	bz := sdkPairs(t, devicekit.Mldsa65, 1)[0].sdk.Bytes()
	require.Len(t, bz, devicekit.Mldsa65ExpandedPrivateKeySize)
	bz = append([]byte{}, bz...)
	bz[64] ^= 1
	return bz
}

func TestPackedMldsa65Keys(t *testing.T) {
	t.Run("a packed key imports, signs like its seed and exports packed", func(t *testing.T) {
		seed := sha256.Sum256([]byte("packed"))
		fromSeed, err := devicekit.PrivateKeyFromBytes(devicekit.Mldsa65, seed[:])
		require.NoError(t, err)
		p := sdkPairs(t, devicekit.Mldsa65, 1)[0]
		packed := p.sdk.Bytes()
		fromPacked, err := devicekit.PrivateKeyFromBytes(devicekit.Mldsa65, packed)
		require.NoError(t, err)
		require.Equal(t, packed, fromPacked.Bytes())
		require.NotEqual(t, fromSeed.PublicKey(), fromPacked.PublicKey())
		sig, err := fromPacked.Sign([]byte("m"))
		require.NoError(t, err)
		require.NoError(t, devicekit.Verify(devicekit.Mldsa65, fromPacked.PublicKey(), []byte("m"), sig))
	})
}

func TestZeroPrivateKey(t *testing.T) {
	var key devicekit.PrivateKey
	t.Run("the zero key has no type, bytes or public key", func(t *testing.T) {
		require.Equal(t, devicekit.KeyType(0), key.Type())
		require.Nil(t, key.Bytes())
		require.Nil(t, key.PublicKey())
	})
	t.Run("the zero key refuses to sign", func(t *testing.T) {
		_, err := key.Sign([]byte("m"))
		require.ErrorIs(t, err, devicekit.ErrInvalidPrivateKey)
		_, err = key.SignActivation(vectorChainID, devicekit.ID{}, vectorOwner())
		require.ErrorIs(t, err, devicekit.ErrInvalidPrivateKey)
	})
}

func TestPrivateKeyPrintingDoesNotLeakTheSecret(t *testing.T) {
	for _, kt := range devicekit.KeyTypes() {
		t.Run(kt.String()+" keys print without their secret", func(t *testing.T) {
			key := vectorKey(t, kt, "printing")
			secret := hex.EncodeToString(key.Bytes())
			for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
				out := fmt.Sprintf(format, key)
				require.False(t, strings.Contains(strings.ToLower(out), secret), "format %s leaked: %s", format, out)
				require.Contains(t, out, kt.String())
			}
		})
	}
}

func TestReturnedBytesAreCopies(t *testing.T) {
	for _, kt := range devicekit.KeyTypes() {
		t.Run(kt.String()+" callers cannot mutate the key through returned slices", func(t *testing.T) {
			key := vectorKey(t, kt, "copies")
			pub := key.PublicKey()
			priv := key.Bytes()
			pub[1] ^= 0xff
			priv[1] ^= 0xff
			require.NotEqual(t, pub, key.PublicKey())
			require.NotEqual(t, priv, key.Bytes())
		})
	}
}
