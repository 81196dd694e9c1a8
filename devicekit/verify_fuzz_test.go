package devicekit_test

import (
	"crypto/sha256"
	"errors"
	"math/big"
	"testing"

	"github.com/atonomi/atonomid/devicekit"
)

// FuzzVerify checks that Verify never panics, always fails with exactly one
// of its sentinel errors, and never accepts a malformed or high-S ECDSA
// signature. Run with:
//
//	go test ./devicekit -run '^$' -fuzz FuzzVerify -fuzzminimizetime 200x
//
// (the small minimize budget matters: by default the fuzzer spends up to a
// minute shrinking each new multi-kilobyte ML-DSA input).
func FuzzVerify(f *testing.F) {
	msg := []byte("fuzz activation message")
	for _, kt := range devicekit.KeyTypes() {
		key := vectorKey(f, kt, "fuzz/"+kt.String())
		sig, err := key.Sign(msg)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(byte(kt), key.PublicKey(), msg, sig)
		f.Add(byte(kt), key.PublicKey(), msg, sig[:len(sig)-1])
		f.Add(byte(kt), key.PublicKey()[1:], msg, sig)
		f.Add(byte(kt), make([]byte, kt.PublicKeySize()), msg, make([]byte, kt.SignatureSize()))
	}
	f.Add(byte(0), []byte{}, []byte{}, []byte{})
	f.Add(byte(255), []byte{0x02}, []byte("m"), []byte{0x00})
	f.Add(byte(devicekit.Secp256r1), append([]byte{0x03}, make([]byte, 32)...), []byte{}, make([]byte, 64))

	f.Fuzz(func(t *testing.T, code byte, pub, msg, sig []byte) {
		kt := devicekit.KeyType(code)
		err := devicekit.Verify(kt, pub, msg, sig)
		// Verify checks the key before the signature, so it must blame the
		// key exactly when ValidatePublicKey rejects it.
		keyErr := err != nil && (errors.Is(err, devicekit.ErrUnknownKeyType) || errors.Is(err, devicekit.ErrInvalidPublicKey))
		if verr := devicekit.ValidatePublicKey(kt, pub); (verr != nil) != keyErr {
			t.Fatalf("ValidatePublicKey (%v) and Verify (%v) disagree about the key", verr, err)
		}
		if err != nil {
			if !isVerifyError(err) {
				t.Fatalf("error does not wrap exactly one sentinel: %v", err)
			}
			return
		}
		// Accepted: the inputs must be well-formed for the key type.
		if len(pub) != kt.PublicKeySize() || len(sig) != kt.SignatureSize() {
			t.Fatalf("accepted %s signature with pub %d bytes, sig %d bytes", kt, len(pub), len(sig))
		}
		if kt == devicekit.Secp256k1 || kt == devicekit.Secp256r1 {
			s := new(big.Int).SetBytes(sig[32:])
			if s.Cmp(new(big.Int).Rsh(curveOrder(kt), 1)) > 0 {
				t.Fatalf("accepted a high-S %s signature", kt)
			}
		}
	})
}

// FuzzSignVerify: for each of the four key types, a signature the key makes
// over any message verifies, and one flipped bit of the signature or of the
// message makes it fail; for ECDSA the high-S twin of a signature is refused
// as such. (Random bytes almost never form a valid signature, so FuzzVerify
// alone would not reach the accepting paths.)
func FuzzSignVerify(f *testing.F) {
	for _, kt := range devicekit.KeyTypes() {
		f.Add(byte(kt), []byte("fuzz/"+kt.String()), []byte("fuzz activation message"), uint16(0))
		f.Add(byte(kt), []byte{}, []byte{}, uint16(511))
	}
	f.Fuzz(func(t *testing.T, code byte, keySeed, msg []byte, bit uint16) {
		kt := devicekit.KeyTypes()[int(code)%len(devicekit.KeyTypes())]
		seed := sha256.Sum256(keySeed)
		key, err := devicekit.PrivateKeyFromBytes(kt, seed[:])
		if err != nil {
			return // an ECDSA scalar out of range, with odds of about 2^-128
		}
		pub := key.PublicKey()
		sig, err := key.Sign(msg)
		if err != nil {
			t.Fatal(err)
		}
		if err := devicekit.Verify(kt, pub, msg, sig); err != nil {
			t.Fatalf("%s: own signature refused: %v", kt, err)
		}
		if err := devicekit.Verify(kt, pub, msg, flipBit(sig, int(bit)%(8*len(sig)))); err == nil {
			t.Fatalf("%s: signature with bit %d flipped accepted", kt, int(bit)%(8*len(sig)))
		}
		if len(msg) > 0 {
			if err := devicekit.Verify(kt, pub, flipBit(msg, int(bit)%(8*len(msg))), sig); !errors.Is(err, devicekit.ErrBadSignature) {
				t.Fatalf("%s: signature over another message: %v, want %v", kt, err, devicekit.ErrBadSignature)
			}
		}
		if kt == devicekit.Secp256k1 || kt == devicekit.Secp256r1 {
			if err := devicekit.Verify(kt, pub, msg, flipS(kt, sig)); !errors.Is(err, devicekit.ErrHighS) {
				t.Fatalf("%s: high-S twin: %v, want %v", kt, err, devicekit.ErrHighS)
			}
		}
	})
}
