package devicekit

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"

	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	dcrecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// Verification errors. Verify and ValidatePublicKey wrap exactly one of these
// (test with errors.Is) so the chain can map each to its own error code.
var (
	// ErrInvalidPublicKey is returned when a public key has the wrong length
	// for its key type or does not decode (for example, not a curve point).
	ErrInvalidPublicKey = errors.New("devicekit: invalid public key")
	// ErrInvalidSignatureLength is returned when a signature does not have
	// the exact length of its key type.
	ErrInvalidSignatureLength = errors.New("devicekit: invalid signature length")
	// ErrHighS is returned for an ECDSA signature whose s is above half the
	// group order. Such signatures are mathematically valid but malleable,
	// and the Cosmos SDK rejects them, so devices must normalise s.
	ErrHighS = errors.New("devicekit: ECDSA signature s is not in lower half of the group order")
	// ErrBadSignature is returned when a well-formed signature does not
	// verify, or when r or s is not a canonical scalar in [1, n-1].
	ErrBadSignature = errors.New("devicekit: signature verification failed")
)

var (
	p256          = elliptic.P256()
	p256Order     = p256.Params().N
	p256HalfOrder = new(big.Int).Rsh(p256Order, 1)
)

// ValidatePublicKey checks that pub is a well-formed public key of type kt:
// the exact length, and for the curves a valid compressed point on the curve.
// Ed25519 keys are only checked for length (as the Cosmos SDK does); ML-DSA-65
// keys must have the FIPS 204 length and unpack.
func ValidatePublicKey(kt KeyType, pub []byte) error {
	switch kt {
	case Secp256k1:
		_, err := parseSecp256k1PublicKey(pub)
		return err
	case Secp256r1:
		_, err := parseP256PublicKey(pub)
		return err
	case Ed25519:
		return checkPublicKeyLength(kt, pub)
	case Mldsa65:
		_, err := parseMldsa65PublicKey(pub)
		return err
	default:
		return fmt.Errorf("%w: code %d", ErrUnknownKeyType, uint8(kt))
	}
}

// Verify checks that sig is a valid signature of type kt by pub over msg. For
// activation, msg is the output of ActivationSignBytes. Checks run in the
// order key type, public key, signature length, low S, signature, and the
// first failure is returned wrapping ErrUnknownKeyType, ErrInvalidPublicKey,
// ErrInvalidSignatureLength, ErrHighS or ErrBadSignature.
//
// Every signature accepted here is also accepted by the Cosmos SDK key of the
// same type, but not always the reverse: secp256k1 r and s must be canonical
// scalars below n (the SDK reduces them), and Ed25519 follows crypto/ed25519's
// RFC 8032 rules, which are stricter than the SDK's ZIP 215 rules about
// non-canonical point encodings. Honest signers never produce the
// difference.
func Verify(kt KeyType, pub, msg, sig []byte) error {
	switch kt {
	case Secp256k1:
		pk, err := parseSecp256k1PublicKey(pub)
		if err != nil {
			return err
		}
		if err := checkSignatureLength(kt, sig); err != nil {
			return err
		}
		return verifySecp256k1(pk, msg, sig)
	case Secp256r1:
		pk, err := parseP256PublicKey(pub)
		if err != nil {
			return err
		}
		if err := checkSignatureLength(kt, sig); err != nil {
			return err
		}
		return verifyP256(pk, msg, sig)
	case Ed25519:
		if err := checkPublicKeyLength(kt, pub); err != nil {
			return err
		}
		if err := checkSignatureLength(kt, sig); err != nil {
			return err
		}
		if !ed25519.Verify(ed25519.PublicKey(pub), msg, sig) {
			return fmt.Errorf("%w: ed25519", ErrBadSignature)
		}
		return nil
	case Mldsa65:
		pk, err := parseMldsa65PublicKey(pub)
		if err != nil {
			return err
		}
		if err := checkSignatureLength(kt, sig); err != nil {
			return err
		}
		// nil context: the chain, CometBFT and the SDK all use the empty
		// ML-DSA context string.
		if !mldsa65.Verify(pk, msg, nil, sig) {
			return fmt.Errorf("%w: mldsa65", ErrBadSignature)
		}
		return nil
	default:
		return fmt.Errorf("%w: code %d", ErrUnknownKeyType, uint8(kt))
	}
}

func checkPublicKeyLength(kt KeyType, pub []byte) error {
	if want := kt.PublicKeySize(); len(pub) != want {
		return fmt.Errorf("%w: %s public key is %d bytes, want %d", ErrInvalidPublicKey, kt, len(pub), want)
	}
	return nil
}

func checkSignatureLength(kt KeyType, sig []byte) error {
	if want := kt.SignatureSize(); len(sig) != want {
		return fmt.Errorf("%w: %s signature is %d bytes, want %d", ErrInvalidSignatureLength, kt, len(sig), want)
	}
	return nil
}

// checkCompressedPrefix rejects uncompressed and hybrid encodings up front:
// one key must have exactly one byte encoding on chain.
func checkCompressedPrefix(kt KeyType, pub []byte) error {
	if pub[0] != 0x02 && pub[0] != 0x03 {
		return fmt.Errorf("%w: %s public key prefix 0x%02x is not a compressed point (0x02 or 0x03)", ErrInvalidPublicKey, kt, pub[0])
	}
	return nil
}

func parseSecp256k1PublicKey(pub []byte) (*secp256k1.PublicKey, error) {
	if err := checkPublicKeyLength(Secp256k1, pub); err != nil {
		return nil, err
	}
	if err := checkCompressedPrefix(Secp256k1, pub); err != nil {
		return nil, err
	}
	pk, err := secp256k1.ParsePubKey(pub)
	if err != nil {
		return nil, fmt.Errorf("%w: secp256k1: %v", ErrInvalidPublicKey, err) //nolint:errorlint // devicekit's errors wrap only its own sentinels; the library's error is detail
	}
	return pk, nil
}

func parseP256PublicKey(pub []byte) (*ecdsa.PublicKey, error) {
	if err := checkPublicKeyLength(Secp256r1, pub); err != nil {
		return nil, err
	}
	if err := checkCompressedPrefix(Secp256r1, pub); err != nil {
		return nil, err
	}
	// UnmarshalCompressed checks x < p and that x has a square root, i.e.
	// that the point is on the curve.
	x, y := elliptic.UnmarshalCompressed(p256, pub)
	if x == nil {
		return nil, fmt.Errorf("%w: secp256r1: not a point on the curve", ErrInvalidPublicKey)
	}
	// crypto/ecdsa only parses uncompressed points without touching its
	// deprecated big.Int fields, so re-encode.
	var raw [1 + 2*32]byte
	raw[0] = 0x04
	x.FillBytes(raw[1:33])
	y.FillBytes(raw[33:])
	pk, err := ecdsa.ParseUncompressedPublicKey(p256, raw[:])
	if err != nil {
		return nil, fmt.Errorf("%w: secp256r1: %v", ErrInvalidPublicKey, err) //nolint:errorlint // devicekit's errors wrap only its own sentinels; the library's error is detail
	}
	return pk, nil
}

func parseMldsa65PublicKey(pub []byte) (*mldsa65.PublicKey, error) {
	if err := checkPublicKeyLength(Mldsa65, pub); err != nil {
		return nil, err
	}
	pk := new(mldsa65.PublicKey)
	if err := pk.UnmarshalBinary(pub); err != nil {
		return nil, fmt.Errorf("%w: mldsa65: %v", ErrInvalidPublicKey, err) //nolint:errorlint // devicekit's errors wrap only its own sentinels; the library's error is detail
	}
	return pk, nil
}

// verifySecp256k1 mirrors the Cosmos SDK's secp256k1 VerifySignature, with
// one deliberate tightening: r and s must be canonical (< n). The SDK reduces
// them modulo n, which would accept r+n or s+n encodings no honest signer
// produces; rejecting them keeps every signature single-encoded while
// remaining a subset of what the SDK accepts.
func verifySecp256k1(pk *secp256k1.PublicKey, msg, sig []byte) error {
	var r, s secp256k1.ModNScalar
	if overflow := r.SetByteSlice(sig[:32]); overflow || r.IsZero() {
		return fmt.Errorf("%w: secp256k1: r is not in [1, n-1]", ErrBadSignature)
	}
	if overflow := s.SetByteSlice(sig[32:]); overflow || s.IsZero() {
		return fmt.Errorf("%w: secp256k1: s is not in [1, n-1]", ErrBadSignature)
	}
	if s.IsOverHalfOrder() {
		return fmt.Errorf("%w: secp256k1", ErrHighS)
	}
	digest := sha256.Sum256(msg)
	if !dcrecdsa.NewSignature(&r, &s).Verify(digest[:], pk) {
		return fmt.Errorf("%w: secp256k1", ErrBadSignature)
	}
	return nil
}

// verifyP256 mirrors the Cosmos SDK's secp256r1 VerifySignature: r || s,
// s <= n/2, ECDSA over SHA-256.
func verifyP256(pk *ecdsa.PublicKey, msg, sig []byte) error {
	r := new(big.Int).SetBytes(sig[:32])
	s := new(big.Int).SetBytes(sig[32:])
	if r.Sign() == 0 || r.Cmp(p256Order) >= 0 {
		return fmt.Errorf("%w: secp256r1: r is not in [1, n-1]", ErrBadSignature)
	}
	if s.Sign() == 0 || s.Cmp(p256Order) >= 0 {
		return fmt.Errorf("%w: secp256r1: s is not in [1, n-1]", ErrBadSignature)
	}
	if s.Cmp(p256HalfOrder) > 0 {
		return fmt.Errorf("%w: secp256r1", ErrHighS)
	}
	digest := sha256.Sum256(msg)
	if !ecdsa.Verify(pk, digest[:], r, s) {
		return fmt.Errorf("%w: secp256r1", ErrBadSignature)
	}
	return nil
}
