package did

import (
	"crypto/elliptic"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/atonomi/atonomid/devicekit"
)

// KeyForm is how a verification method carries the device key.
type KeyForm int

// The two forms: Multikey by default, JsonWebKey on transformKeys.
const (
	Multikey KeyForm = iota
	JsonWebKey
)

// String is the verification method type, which is also the value of the
// transformKeys resolution option.
func (f KeyForm) String() string {
	if f == JsonWebKey {
		return "JsonWebKey"
	}
	return "Multikey"
}

// ParseKeyForm reads a transformKeys option ("" is the default, Multikey).
func ParseKeyForm(s string) (KeyForm, error) {
	switch s {
	case "", "Multikey":
		return Multikey, nil
	case "JsonWebKey":
		return JsonWebKey, nil
	}
	return Multikey, fmt.Errorf("transformKeys %q: want Multikey or JsonWebKey", s)
}

// ErrBadKey is a multibase key this package cannot read.
var ErrBadKey = errors.New("did: unreadable public key")

// multicodec prefixes (varint-encoded codes of the multicodec table):
// secp256k1-pub 0xe7, ed25519-pub 0xed, p256-pub 0x1200 and the draft
// mldsa-65-pub 0x1211, for keys as devicekit holds them (compressed points,
// raw Ed25519 and FIPS 204 encodings).
var multicodec = map[devicekit.KeyType][]byte{
	devicekit.Secp256k1: {0xe7, 0x01},
	devicekit.Ed25519:   {0xed, 0x01},
	devicekit.Secp256r1: {0x80, 0x24},
	devicekit.Mldsa65:   {0x91, 0x24},
}

// PublicKeyMultibase is a Multikey's publicKeyMultibase: the multicodec
// prefix and the key, base58btc ("z") for the elliptic-curve keys and
// base64url ("u") for ML-DSA-65, as the quantum-safe cryptosuites ask
// (base58 of 1,954 bytes is slow and longer).
func PublicKeyMultibase(kt devicekit.KeyType, pub []byte) (string, error) {
	if err := devicekit.ValidatePublicKey(kt, pub); err != nil {
		return "", err
	}
	raw := append(append([]byte(nil), multicodec[kt]...), pub...)
	if kt == devicekit.Mldsa65 {
		return "u" + base64.RawURLEncoding.EncodeToString(raw), nil
	}
	return "z" + base58Encode(raw), nil
}

// ParsePublicKeyMultibase reads a publicKeyMultibase back into a device
// key type and key, which it validates: a verifier uses it to check a
// device's signature against the key in its document.
func ParsePublicKeyMultibase(s string) (devicekit.KeyType, []byte, error) {
	if s == "" {
		return 0, nil, fmt.Errorf("%w: empty", ErrBadKey)
	}
	var raw []byte
	var err error
	switch s[0] {
	case 'z':
		raw, err = base58Decode(s[1:])
	case 'u':
		raw, err = base64.RawURLEncoding.DecodeString(s[1:])
	default:
		err = fmt.Errorf("multibase prefix %q: want z or u", s[:1])
	}
	if err != nil {
		return 0, nil, fmt.Errorf("%w: %w", ErrBadKey, err)
	}
	for _, kt := range devicekit.KeyTypes() {
		p := multicodec[kt]
		if len(raw) > len(p) && raw[0] == p[0] && raw[1] == p[1] {
			pub := raw[len(p):]
			// One encoding per key: ML-DSA-65 in base64url, the others in base58btc.
			if (kt == devicekit.Mldsa65) != (s[0] == 'u') {
				return 0, nil, fmt.Errorf("%w: %s keys are not %q-encoded", ErrBadKey, kt, s[:1])
			}
			if err := devicekit.ValidatePublicKey(kt, pub); err != nil {
				return 0, nil, fmt.Errorf("%w: %w", ErrBadKey, err)
			}
			return kt, pub, nil
		}
	}
	return 0, nil, fmt.Errorf("%w: no device key type has this multicodec prefix", ErrBadKey)
}

// JWK is a public JSON Web Key of a device key.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv,omitempty"`
	Alg string `json:"alg,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
	Pub string `json:"pub,omitempty"`
}

// PublicKeyJWK is the device key as a JWK: EC with the decompressed point
// for secp256k1 (RFC 8812) and P-256 (RFC 7518), OKP for Ed25519 (RFC
// 8037), AKP for ML-DSA-65 (RFC 9964, which requires the alg member).
func PublicKeyJWK(kt devicekit.KeyType, pub []byte) (*JWK, error) {
	if err := devicekit.ValidatePublicKey(kt, pub); err != nil {
		return nil, err
	}
	b64 := base64.RawURLEncoding.EncodeToString
	switch kt {
	case devicekit.Secp256k1:
		pk, err := secp256k1.ParsePubKey(pub)
		if err != nil {
			return nil, err
		}
		u := pk.SerializeUncompressed()
		return &JWK{Kty: "EC", Crv: "secp256k1", X: b64(u[1:33]), Y: b64(u[33:65])}, nil
	case devicekit.Secp256r1:
		x, y := elliptic.UnmarshalCompressed(elliptic.P256(), pub)
		if x == nil {
			return nil, fmt.Errorf("%w: not a P-256 point", ErrBadKey)
		}
		return &JWK{Kty: "EC", Crv: "P-256", X: b64(x.FillBytes(make([]byte, 32))), Y: b64(y.FillBytes(make([]byte, 32)))}, nil
	case devicekit.Ed25519:
		return &JWK{Kty: "OKP", Crv: "Ed25519", X: b64(pub)}, nil
	case devicekit.Mldsa65:
		return &JWK{Kty: "AKP", Alg: "ML-DSA-65", Pub: b64(pub)}, nil
	}
	return nil, fmt.Errorf("%w: key type %s", ErrBadKey, kt)
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// base58Encode is base58btc (the Bitcoin alphabet): each leading zero byte
// is a '1', the rest is the big-endian number in base 58. Keys are at most
// 35 bytes here, so the quadratic long division is cheap.
func base58Encode(b []byte) string {
	zeros := 0
	for zeros < len(b) && b[zeros] == 0 {
		zeros++
	}
	digits := make([]byte, 0, len(b)*138/100+1) // little-endian base-58 digits
	for _, c := range b[zeros:] {
		carry := int(c)
		for i := range digits {
			carry += int(digits[i]) << 8
			digits[i] = byte(carry % 58)
			carry /= 58
		}
		for carry > 0 {
			digits = append(digits, byte(carry%58))
			carry /= 58
		}
	}
	out := make([]byte, zeros, zeros+len(digits))
	for i := range out {
		out[i] = '1'
	}
	for i := len(digits) - 1; i >= 0; i-- {
		out = append(out, base58Alphabet[digits[i]])
	}
	return string(out)
}

func base58Decode(s string) ([]byte, error) {
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	var bytes []byte // little-endian base-256 digits
	for i := zeros; i < len(s); i++ {
		v := strings.IndexByte(base58Alphabet, s[i])
		if v < 0 {
			return nil, fmt.Errorf("base58: character %q", s[i])
		}
		carry := v
		for j := range bytes {
			carry += int(bytes[j]) * 58
			bytes[j] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			bytes = append(bytes, byte(carry))
			carry >>= 8
		}
	}
	out := make([]byte, zeros, zeros+len(bytes))
	for i := len(bytes) - 1; i >= 0; i-- {
		out = append(out, bytes[i])
	}
	return out, nil
}
