package devicekit

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	dcrecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// Private key encodings accepted by PrivateKeyFromBytes.
const (
	// PrivateKeySize is the size of the canonical private key encoding of
	// every key type: a big-endian scalar for the ECDSA curves and a seed for
	// Ed25519 (RFC 8032) and ML-DSA-65 (FIPS 204 ξ).
	PrivateKeySize = 32
	// Ed25519ExpandedPrivateKeySize is the size of the seed || public key
	// form used by crypto/ed25519 and the Cosmos SDK.
	Ed25519ExpandedPrivateKeySize = ed25519.PrivateKeySize
	// Mldsa65ExpandedPrivateKeySize is the size of the FIPS 204 packed
	// private key used by CometBFT and the Cosmos SDK.
	Mldsa65ExpandedPrivateKeySize = mldsa65.PrivateKeySize
)

// ErrInvalidPrivateKey is returned for private key bytes that are not a valid
// key of the requested type, and for use of a zero PrivateKey.
var ErrInvalidPrivateKey = errors.New("devicekit: invalid private key")

// maxKeygenAttempts bounds rejection sampling of ECDSA scalars. A uniform
// 32-byte string is out of range with probability below 2^-32 for both
// curves, so exhausting the attempts means the random source is broken.
const maxKeygenAttempts = 64

// PrivateKey is a device signing key of one of the supported key types. The
// zero value is not usable. A PrivateKey is immutable and safe for concurrent
// use.
type PrivateKey struct {
	kt  KeyType
	k1  *secp256k1.PrivateKey
	r1  *ecdsa.PrivateKey
	ed  ed25519.PrivateKey
	ml  *mldsa65.PrivateKey
	pub []byte
}

// GenerateKey generates a private key of type kt from rand (crypto/rand when
// nil). It reads 32 bytes per attempt and passes them to PrivateKeyFromBytes,
// so a deterministic reader yields a deterministic key; for ECDSA an
// out-of-range scalar is rejected and another 32 bytes are read.
func GenerateKey(kt KeyType, rand io.Reader) (PrivateKey, error) {
	if !kt.Valid() {
		return PrivateKey{}, fmt.Errorf("%w: code %d", ErrUnknownKeyType, uint8(kt))
	}
	if rand == nil {
		rand = crand.Reader
	}
	var seed [PrivateKeySize]byte
	for range maxKeygenAttempts {
		if _, err := io.ReadFull(rand, seed[:]); err != nil {
			return PrivateKey{}, fmt.Errorf("devicekit: reading randomness: %w", err)
		}
		key, err := PrivateKeyFromBytes(kt, seed[:])
		if err == nil {
			return key, nil
		}
	}
	return PrivateKey{}, fmt.Errorf("%w: %s: no valid key after %d attempts; random source is broken", ErrInvalidPrivateKey, kt, maxKeygenAttempts)
}

// PrivateKeyFromBytes decodes a private key of type kt:
//
//   - secp256k1, secp256r1: a 32-byte big-endian scalar in [1, n-1];
//   - ed25519: a 32-byte RFC 8032 seed, or the 64-byte seed || public key
//     form of crypto/ed25519 and the Cosmos SDK (the public half must match);
//   - mldsa65: a 32-byte FIPS 204 seed ξ, or the 4,032-byte packed private
//     key of CometBFT and the Cosmos SDK.
func PrivateKeyFromBytes(kt KeyType, bz []byte) (PrivateKey, error) {
	switch kt {
	case Secp256k1:
		if len(bz) != PrivateKeySize {
			return PrivateKey{}, privateKeyLengthError(kt, len(bz), PrivateKeySize)
		}
		var d secp256k1.ModNScalar
		// Reject rather than reduce: a key that silently changed value would
		// not match the public key the manufacturer registered.
		if overflow := d.SetByteSlice(bz); overflow || d.IsZero() {
			return PrivateKey{}, fmt.Errorf("%w: secp256k1 scalar is not in [1, n-1]", ErrInvalidPrivateKey)
		}
		k := secp256k1.NewPrivateKey(&d)
		return PrivateKey{kt: kt, k1: k, pub: k.PubKey().SerializeCompressed()}, nil

	case Secp256r1:
		if len(bz) != PrivateKeySize {
			return PrivateKey{}, privateKeyLengthError(kt, len(bz), PrivateKeySize)
		}
		k, err := ecdsa.ParseRawPrivateKey(p256, bz)
		if err != nil {
			return PrivateKey{}, fmt.Errorf("%w: secp256r1: %v", ErrInvalidPrivateKey, err) //nolint:errorlint // devicekit's errors wrap only its own sentinels; the library's error is detail
		}
		pub, err := compressP256(&k.PublicKey)
		if err != nil {
			return PrivateKey{}, fmt.Errorf("%w: secp256r1: %v", ErrInvalidPrivateKey, err) //nolint:errorlint // devicekit's errors wrap only its own sentinels; the library's error is detail
		}
		return PrivateKey{kt: kt, r1: k, pub: pub}, nil

	case Ed25519:
		switch len(bz) {
		case ed25519.SeedSize:
			k := ed25519.NewKeyFromSeed(bz)
			return PrivateKey{kt: kt, ed: k, pub: bytes.Clone(k[ed25519.SeedSize:])}, nil
		case ed25519.PrivateKeySize:
			k := ed25519.NewKeyFromSeed(bz[:ed25519.SeedSize])
			if !bytes.Equal(k[ed25519.SeedSize:], bz[ed25519.SeedSize:]) {
				return PrivateKey{}, fmt.Errorf("%w: ed25519: public half does not match seed", ErrInvalidPrivateKey)
			}
			return PrivateKey{kt: kt, ed: k, pub: bytes.Clone(k[ed25519.SeedSize:])}, nil
		default:
			return PrivateKey{}, privateKeyLengthError(kt, len(bz), ed25519.SeedSize, ed25519.PrivateKeySize)
		}

	case Mldsa65:
		var sk *mldsa65.PrivateKey
		switch len(bz) {
		case mldsa65.SeedSize:
			var seed [mldsa65.SeedSize]byte
			copy(seed[:], bz)
			_, sk = mldsa65.NewKeyFromSeed(&seed)
		case mldsa65.PrivateKeySize:
			sk = new(mldsa65.PrivateKey)
			if err := sk.UnmarshalBinary(bz); err != nil {
				return PrivateKey{}, fmt.Errorf("%w: mldsa65: %v", ErrInvalidPrivateKey, err) //nolint:errorlint // devicekit's errors wrap only its own sentinels; the library's error is detail
			}
			// The packed form carries tr = H(pk) separately from the secret
			// vectors and nothing checks they agree; a corrupted key would
			// sign garbage. A pairwise sign/verify catches that at import.
			if !mldsa65PairwiseConsistent(sk) {
				return PrivateKey{}, fmt.Errorf("%w: mldsa65: packed key is internally inconsistent", ErrInvalidPrivateKey)
			}
		default:
			return PrivateKey{}, privateKeyLengthError(kt, len(bz), mldsa65.SeedSize, mldsa65.PrivateKeySize)
		}
		pk, ok := sk.Public().(*mldsa65.PublicKey)
		if !ok {
			return PrivateKey{}, fmt.Errorf("%w: mldsa65: unexpected public key type", ErrInvalidPrivateKey)
		}
		return PrivateKey{kt: kt, ml: sk, pub: pk.Bytes()}, nil

	default:
		return PrivateKey{}, fmt.Errorf("%w: code %d", ErrUnknownKeyType, uint8(kt))
	}
}

func privateKeyLengthError(kt KeyType, got int, want ...int) error {
	return fmt.Errorf("%w: %s private key is %d bytes, want one of %v", ErrInvalidPrivateKey, kt, got, want)
}

// Type returns the key type, or 0 for the zero PrivateKey.
func (k PrivateKey) Type() KeyType {
	return k.kt
}

// Bytes returns the private key in the form PrivateKeyFromBytes accepts: the
// 32-byte canonical encoding, except for an ML-DSA-65 key imported from its
// 4,032-byte packed form, whose seed cannot be recovered and which is
// therefore returned packed. It returns nil for the zero PrivateKey.
func (k PrivateKey) Bytes() []byte {
	switch k.kt {
	case Secp256k1:
		return k.k1.Serialize()
	case Secp256r1:
		bz, err := k.r1.Bytes()
		if err != nil {
			return nil
		}
		return bz
	case Ed25519:
		return bytes.Clone(k.ed.Seed())
	case Mldsa65:
		if seed := k.ml.Seed(); seed != nil {
			return bytes.Clone(seed)
		}
		return k.ml.Bytes()
	default:
		return nil
	}
}

// PublicKey returns the public key in its wire encoding (see the package
// documentation), or nil for the zero PrivateKey.
func (k PrivateKey) PublicKey() []byte {
	return bytes.Clone(k.pub)
}

// Sign signs msg. ECDSA signatures use SHA-256(msg), RFC 6979 deterministic
// nonces and low-S normalisation; Ed25519 is deterministic by design;
// ML-DSA-65 uses the deterministic variant with an empty context. Every
// signature is therefore a pure function of key and message.
func (k PrivateKey) Sign(msg []byte) ([]byte, error) {
	switch k.kt {
	case Secp256k1:
		digest := sha256.Sum256(msg)
		// SignCompact produces [recovery id] || r || s with RFC 6979 nonces
		// and canonical low S, exactly as the Cosmos SDK signs.
		compact := dcrecdsa.SignCompact(k.k1, digest[:], false)
		return compact[1:], nil
	case Secp256r1:
		return signP256(k.r1, msg)
	case Ed25519:
		return ed25519.Sign(k.ed, msg), nil
	case Mldsa65:
		sig := make([]byte, mldsa65.SignatureSize)
		if err := mldsa65.SignTo(k.ml, msg, nil, false, sig); err != nil {
			return nil, fmt.Errorf("devicekit: mldsa65 sign: %w", err)
		}
		return sig, nil
	default:
		return nil, fmt.Errorf("%w: zero or unknown key", ErrInvalidPrivateKey)
	}
}

// SignActivation signs the activation message for handing device id to owner
// on chain chainID; see ActivationSignBytes.
func (k PrivateKey) SignActivation(chainID string, id ID, owner []byte) ([]byte, error) {
	msg, err := ActivationSignBytes(chainID, id, owner)
	if err != nil {
		return nil, err
	}
	return k.Sign(msg)
}

// String describes the key without revealing secret material, so that a
// PrivateKey printed by accident (logs, %v) does not leak.
func (k PrivateKey) String() string {
	if !k.kt.Valid() {
		return "devicekit.PrivateKey{}"
	}
	return fmt.Sprintf("devicekit.PrivateKey{%s, public %x}", k.kt, k.pub)
}

// GoString implements fmt.GoStringer with the same redaction as String.
func (k PrivateKey) GoString() string {
	return k.String()
}

func signP256(k *ecdsa.PrivateKey, msg []byte) ([]byte, error) {
	digest := sha256.Sum256(msg)
	// A nil random source selects RFC 6979 deterministic signing.
	der, err := k.Sign(nil, digest[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("devicekit: secp256r1 sign: %w", err)
	}
	var rs struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &rs)
	if err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("devicekit: secp256r1 sign: malformed DER signature")
	}
	// crypto/ecdsa does not normalise s; the SDK and our verifier require it.
	if rs.S.Cmp(p256HalfOrder) > 0 {
		rs.S.Sub(p256Order, rs.S)
	}
	sig := make([]byte, ECDSASignatureSize)
	rs.R.FillBytes(sig[:32])
	rs.S.FillBytes(sig[32:])
	return sig, nil
}

func compressP256(pk *ecdsa.PublicKey) ([]byte, error) {
	raw, err := pk.Bytes() // 0x04 || X || Y
	if err != nil {
		return nil, err
	}
	if len(raw) != 65 || raw[0] != 0x04 {
		return nil, errors.New("unexpected public key encoding")
	}
	out := make([]byte, Secp256r1PublicKeySize)
	out[0] = 0x02 | raw[64]&1
	copy(out[1:], raw[1:33])
	return out, nil
}

func mldsa65PairwiseConsistent(sk *mldsa65.PrivateKey) bool {
	pk, ok := sk.Public().(*mldsa65.PublicKey)
	if !ok {
		return false
	}
	msg := []byte("devicekit mldsa65 pairwise consistency test")
	sig := make([]byte, mldsa65.SignatureSize)
	if err := mldsa65.SignTo(sk, msg, nil, false, sig); err != nil {
		return false
	}
	// Re-parse the public key from bytes so tr is recomputed from pk rather
	// than copied from the private key.
	var parsed mldsa65.PublicKey
	if err := parsed.UnmarshalBinary(pk.Bytes()); err != nil {
		return false
	}
	return mldsa65.Verify(&parsed, msg, nil, sig)
}
