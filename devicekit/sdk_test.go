package devicekit_test

import (
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	sdked25519 "github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdkmldsa65 "github.com/cosmos/cosmos-sdk/crypto/keys/mldsa65"
	sdksecp256k1 "github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdksecp256r1 "github.com/cosmos/cosmos-sdk/crypto/keys/secp256r1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"

	"github.com/atonomi/atonomid/devicekit"
)

// sdkPair is an SDK private key together with the devicekit key holding the
// same secret.
type sdkPair struct {
	sdk cryptotypes.PrivKey
	dk  devicekit.PrivateKey
}

// sdkPairs builds n key pairs of type kt, importing SDK-generated private keys
// into devicekit so that both libraries sign with the same secret.
func sdkPairs(t *testing.T, kt devicekit.KeyType, n int) []sdkPair {
	t.Helper()
	var pairs []sdkPair
	for i := range n {
		secret := sha256.Sum256(fmt.Appendf(nil, "sdk-cross-check/%s/%d", kt, i))
		var sdkKey cryptotypes.PrivKey
		switch kt {
		case devicekit.Secp256k1:
			sdkKey = &sdksecp256k1.PrivKey{Key: secret[:]}
		case devicekit.Ed25519:
			// The SDK stores the 64-byte seed || public key form.
			sdkKey = sdked25519.GenPrivKeyFromSecret(secret[:])
		case devicekit.Secp256r1:
			k, err := sdksecp256r1.GenPrivKey()
			require.NoError(t, err)
			sdkKey = k
		case devicekit.Mldsa65:
			// The SDK stores the 4,032-byte packed form.
			k, err := sdkmldsa65.GenPrivKeyFromSeed(secret[:])
			require.NoError(t, err)
			sdkKey = &k
		default:
			t.Fatalf("no SDK key for %s", kt)
		}
		dk, err := devicekit.PrivateKeyFromBytes(kt, sdkKey.Bytes())
		require.NoError(t, err)
		pairs = append(pairs, sdkPair{sdk: sdkKey, dk: dk})
	}
	return pairs
}

// sdkPubKey builds the SDK public key of type kt from devicekit's wire bytes,
// the way the chain will when it receives a device key.
func sdkPubKey(t *testing.T, kt devicekit.KeyType, pub []byte) cryptotypes.PubKey {
	t.Helper()
	switch kt {
	case devicekit.Secp256k1:
		return &sdksecp256k1.PubKey{Key: pub}
	case devicekit.Ed25519:
		return &sdked25519.PubKey{Key: pub}
	case devicekit.Secp256r1:
		pk, err := sdksecp256r1.NewPubKeyFromBytes(pub)
		require.NoError(t, err)
		return pk
	case devicekit.Mldsa65:
		return &sdkmldsa65.PubKey{Key: pub}
	default:
		t.Fatalf("no SDK key for %s", kt)
		return nil
	}
}

func TestSDKCompatibility(t *testing.T) {
	id := devicekit.DeviceID([]byte(vectorSalt), []byte(vectorSerial))
	owner := vectorOwner()
	msg, err := devicekit.ActivationSignBytes(vectorChainID, id, owner)
	require.NoError(t, err)

	cases := []struct {
		kt devicekit.KeyType
		// n is the number of keys to try. ECDSA needs many so that both
		// raw-low-S and normalised-high-S signatures are exercised.
		n int
		// sameSignature is set where both libraries sign deterministically
		// with the same algorithm, so their bytes must agree.
		sameSignature bool
	}{
		{kt: devicekit.Secp256k1, n: 32, sameSignature: true},
		{kt: devicekit.Ed25519, n: 8, sameSignature: true},
		// The SDK signs P-256 with random nonces.
		{kt: devicekit.Secp256r1, n: 32, sameSignature: false},
		{kt: devicekit.Mldsa65, n: 3, sameSignature: true},
	}
	for _, tc := range cases {
		t.Run(tc.kt.String(), func(t *testing.T) {
			for i, p := range sdkPairs(t, tc.kt, tc.n) {
				pub := p.dk.PublicKey()

				t.Run(fmt.Sprintf("key %d has the same public key bytes in both libraries", i), func(t *testing.T) {
					require.Equal(t, p.sdk.PubKey().Bytes(), pub)
				})

				t.Run(fmt.Sprintf("key %d devicekit signature verifies in the SDK", i), func(t *testing.T) {
					sig, err := p.dk.Sign(msg)
					require.NoError(t, err)
					require.True(t, sdkPubKey(t, tc.kt, pub).VerifySignature(msg, sig))
					require.True(t, p.sdk.PubKey().VerifySignature(msg, sig))
				})

				t.Run(fmt.Sprintf("key %d SDK signature verifies in devicekit", i), func(t *testing.T) {
					sig, err := p.sdk.Sign(msg)
					require.NoError(t, err)
					require.NoError(t, devicekit.Verify(tc.kt, pub, msg, sig))
					if tc.sameSignature {
						ours, err := p.dk.Sign(msg)
						require.NoError(t, err)
						require.Equal(t, sig, ours)
					}
				})

				if tc.kt == devicekit.Secp256k1 || tc.kt == devicekit.Secp256r1 {
					t.Run(fmt.Sprintf("key %d high-S signatures are rejected by both libraries", i), func(t *testing.T) {
						sig, err := p.dk.Sign(msg)
						require.NoError(t, err)
						high := flipS(tc.kt, sig)
						require.ErrorIs(t, devicekit.Verify(tc.kt, pub, msg, high), devicekit.ErrHighS)
						require.False(t, sdkPubKey(t, tc.kt, pub).VerifySignature(msg, high))
					})
				}
			}
		})
	}
}

func TestSDKAgreesOnInvalidSignatures(t *testing.T) {
	id := devicekit.DeviceID([]byte(vectorSalt), []byte(vectorSerial))
	msg, err := devicekit.ActivationSignBytes(vectorChainID, id, vectorOwner())
	require.NoError(t, err)

	for _, kt := range devicekit.KeyTypes() {
		key := vectorKey(t, kt, "sdk-negative/"+kt.String())
		pub := key.PublicKey()
		sig, err := key.Sign(msg)
		require.NoError(t, err)
		sdkPub := sdkPubKey(t, kt, pub)

		mutations := []struct {
			name string
			msg  []byte
			sig  []byte
		}{
			{name: "a flipped signature bit", msg: msg, sig: flipBit(sig, 8*len(sig)-1)},
			{name: "a flipped message bit", msg: flipBit(msg, 0), sig: sig},
			{name: "a truncated signature", msg: msg, sig: sig[:len(sig)-1]},
			{name: "an extended signature", msg: msg, sig: append(append([]byte{}, sig...), 0)},
		}
		for _, m := range mutations {
			t.Run(fmt.Sprintf("%s rejects %s in both libraries", kt, m.name), func(t *testing.T) {
				require.Error(t, devicekit.Verify(kt, pub, m.msg, m.sig))
				require.False(t, sdkPub.VerifySignature(m.msg, m.sig))
			})
		}
	}
}
