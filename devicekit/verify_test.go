package devicekit_test

import (
	"crypto/elliptic"
	"errors"
	"math/big"
	"testing"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
)

var verifyErrors = []error{
	devicekit.ErrUnknownKeyType,
	devicekit.ErrInvalidPublicKey,
	devicekit.ErrInvalidSignatureLength,
	devicekit.ErrHighS,
	devicekit.ErrBadSignature,
}

// isVerifyError reports whether err wraps exactly one of Verify's sentinels.
func isVerifyError(err error) bool {
	n := 0
	for _, target := range verifyErrors {
		if errors.Is(err, target) {
			n++
		}
	}
	return n == 1
}

// notOnCurveX returns a compressed encoding (prefix 0x02) of an x coordinate
// that has no point on the curve y^2 = x^3 + a*x + b over p, found with
// math/big alone so the test does not trust the code under test.
func notOnCurveX(t *testing.T, p, a, b *big.Int) []byte {
	t.Helper()
	for x := int64(1); x < 1000; x++ {
		bx := big.NewInt(x)
		rhs := new(big.Int).Exp(bx, big.NewInt(3), p)
		rhs.Add(rhs, new(big.Int).Mul(a, bx))
		rhs.Add(rhs, b)
		rhs.Mod(rhs, p)
		if new(big.Int).ModSqrt(rhs, p) == nil {
			out := make([]byte, 33)
			out[0] = 0x02
			bx.FillBytes(out[1:])
			return out
		}
	}
	t.Fatal("no x off the curve found")
	return nil
}

func TestVerifyRejects(t *testing.T) {
	msg := []byte("activation message")
	keys := map[devicekit.KeyType]devicekit.PrivateKey{}
	pubs := map[devicekit.KeyType][]byte{}
	sigs := map[devicekit.KeyType][]byte{}
	for _, kt := range devicekit.KeyTypes() {
		key := vectorKey(t, kt, "verify-rejects/"+kt.String())
		sig, err := key.Sign(msg)
		require.NoError(t, err)
		require.NoError(t, devicekit.Verify(kt, key.PublicKey(), msg, sig))
		keys[kt], pubs[kt], sigs[kt] = key, key.PublicKey(), sig
	}

	k1 := secp256k1.Params()
	r1 := elliptic.P256().Params()
	k1OffCurve := notOnCurveX(t, k1.P, big.NewInt(0), big.NewInt(7)) // secp256k1 is y² = x³ + 7
	r1OffCurve := notOnCurveX(t, r1.P, big.NewInt(-3), r1.B)
	xAboveP := func(p *big.Int) []byte {
		out := make([]byte, 33)
		out[0] = 0x02
		new(big.Int).Add(p, big.NewInt(1)).FillBytes(out[1:])
		return out
	}
	uncompressed := func(kt devicekit.KeyType) []byte {
		if kt == devicekit.Secp256k1 {
			pk, err := secp256k1.ParsePubKey(pubs[kt])
			require.NoError(t, err)
			return pk.SerializeUncompressed()
		}
		x, y := elliptic.UnmarshalCompressed(elliptic.P256(), pubs[kt])
		out := make([]byte, 65)
		out[0] = 4
		x.FillBytes(out[1:33])
		y.FillBytes(out[33:])
		return out
	}
	withPrefix := func(pub []byte, prefix byte) []byte {
		out := append([]byte{}, pub...)
		out[0] = prefix
		return out
	}
	withR := func(kt devicekit.KeyType, r *big.Int) []byte {
		out := append([]byte{}, sigs[kt]...)
		r.FillBytes(out[:32])
		return out
	}
	withS := func(kt devicekit.KeyType, s *big.Int) []byte {
		out := append([]byte{}, sigs[kt]...)
		s.FillBytes(out[32:])
		return out
	}
	plusN := func(kt devicekit.KeyType, scalar []byte) *big.Int {
		v := new(big.Int).SetBytes(scalar)
		v.Add(v, curveOrder(kt))
		if v.BitLen() > 256 {
			return nil
		}
		return v
	}

	type tcase struct {
		name string
		kt   devicekit.KeyType
		pub  []byte
		msg  []byte
		sig  []byte
		want error
	}
	tests := []tcase{
		{name: "an unknown key type code 0 is rejected", kt: 0, pub: pubs[devicekit.Ed25519], msg: msg, sig: sigs[devicekit.Ed25519], want: devicekit.ErrUnknownKeyType},
		{name: "an unknown key type code 5 is rejected", kt: 5, pub: pubs[devicekit.Ed25519], msg: msg, sig: sigs[devicekit.Ed25519], want: devicekit.ErrUnknownKeyType},
		{name: "an ed25519 signature checked as secp256k1 is rejected", kt: devicekit.Secp256k1, pub: pubs[devicekit.Ed25519], msg: msg, sig: sigs[devicekit.Ed25519], want: devicekit.ErrInvalidPublicKey},
		{name: "an mldsa65 key checked as ed25519 is rejected", kt: devicekit.Ed25519, pub: pubs[devicekit.Mldsa65], msg: msg, sig: sigs[devicekit.Mldsa65], want: devicekit.ErrInvalidPublicKey},
		{name: "an ed25519 signature checked as mldsa65 is rejected", kt: devicekit.Mldsa65, pub: pubs[devicekit.Mldsa65], msg: msg, sig: sigs[devicekit.Ed25519], want: devicekit.ErrInvalidSignatureLength},
		{name: "a secp256k1 key and signature checked as secp256r1 are rejected", kt: devicekit.Secp256r1, pub: pubs[devicekit.Secp256k1], msg: msg, sig: sigs[devicekit.Secp256k1]},
		{name: "a secp256r1 key and signature checked as secp256k1 are rejected", kt: devicekit.Secp256k1, pub: pubs[devicekit.Secp256r1], msg: msg, sig: sigs[devicekit.Secp256r1]},
		{name: "a secp256k1 x with no curve point is rejected", kt: devicekit.Secp256k1, pub: k1OffCurve, msg: msg, sig: sigs[devicekit.Secp256k1], want: devicekit.ErrInvalidPublicKey},
		{name: "a secp256r1 x with no curve point is rejected", kt: devicekit.Secp256r1, pub: r1OffCurve, msg: msg, sig: sigs[devicekit.Secp256r1], want: devicekit.ErrInvalidPublicKey},
		{name: "a secp256k1 x above the field prime is rejected", kt: devicekit.Secp256k1, pub: xAboveP(k1.P), msg: msg, sig: sigs[devicekit.Secp256k1], want: devicekit.ErrInvalidPublicKey},
		{name: "a secp256r1 x above the field prime is rejected", kt: devicekit.Secp256r1, pub: xAboveP(r1.P), msg: msg, sig: sigs[devicekit.Secp256r1], want: devicekit.ErrInvalidPublicKey},
		{name: "an uncompressed secp256k1 key is rejected", kt: devicekit.Secp256k1, pub: uncompressed(devicekit.Secp256k1), msg: msg, sig: sigs[devicekit.Secp256k1], want: devicekit.ErrInvalidPublicKey},
		{name: "an uncompressed secp256r1 key is rejected", kt: devicekit.Secp256r1, pub: uncompressed(devicekit.Secp256r1), msg: msg, sig: sigs[devicekit.Secp256r1], want: devicekit.ErrInvalidPublicKey},
		{name: "a secp256k1 key with prefix 0x04 is rejected", kt: devicekit.Secp256k1, pub: withPrefix(pubs[devicekit.Secp256k1], 0x04), msg: msg, sig: sigs[devicekit.Secp256k1], want: devicekit.ErrInvalidPublicKey},
		{name: "a secp256r1 key with prefix 0x00 is rejected", kt: devicekit.Secp256r1, pub: withPrefix(pubs[devicekit.Secp256r1], 0x00), msg: msg, sig: sigs[devicekit.Secp256r1], want: devicekit.ErrInvalidPublicKey},
		{name: "an all-zero secp256k1 key is rejected", kt: devicekit.Secp256k1, pub: make([]byte, 33), msg: msg, sig: sigs[devicekit.Secp256k1], want: devicekit.ErrInvalidPublicKey},
		{name: "a short mldsa65 key is rejected", kt: devicekit.Mldsa65, pub: pubs[devicekit.Mldsa65][:1951], msg: msg, sig: sigs[devicekit.Mldsa65], want: devicekit.ErrInvalidPublicKey},
		{name: "a nil ed25519 key is rejected", kt: devicekit.Ed25519, pub: nil, msg: msg, sig: sigs[devicekit.Ed25519], want: devicekit.ErrInvalidPublicKey},
		{name: "the other key of the same type is rejected", kt: devicekit.Secp256r1, pub: vectorKey(t, devicekit.Secp256r1, "other").PublicKey(), msg: msg, sig: sigs[devicekit.Secp256r1], want: devicekit.ErrBadSignature},
	}
	for _, kt := range devicekit.KeyTypes() {
		sig := sigs[kt]
		tests = append(tests,
			tcase{name: kt.String() + " rejects a truncated signature", kt: kt, pub: pubs[kt], msg: msg, sig: sig[:len(sig)-1], want: devicekit.ErrInvalidSignatureLength},
			tcase{name: kt.String() + " rejects an extended signature", kt: kt, pub: pubs[kt], msg: msg, sig: append(append([]byte{}, sig...), 0), want: devicekit.ErrInvalidSignatureLength},
			tcase{name: kt.String() + " rejects an empty signature", kt: kt, pub: pubs[kt], msg: msg, sig: nil, want: devicekit.ErrInvalidSignatureLength},
			tcase{name: kt.String() + " rejects a 65-byte signature with a recovery byte", kt: kt, pub: pubs[kt], msg: msg, sig: append([]byte{27}, sig...), want: devicekit.ErrInvalidSignatureLength},
			tcase{name: kt.String() + " rejects another message", kt: kt, pub: pubs[kt], msg: []byte("activation messagE"), sig: sig, want: devicekit.ErrBadSignature},
			tcase{name: kt.String() + " rejects an empty message", kt: kt, pub: pubs[kt], msg: nil, sig: sig, want: devicekit.ErrBadSignature},
			tcase{name: kt.String() + " rejects an all-zero signature", kt: kt, pub: pubs[kt], msg: msg, sig: make([]byte, len(sig))},
		)
		// Flip one bit in each byte of the signature: the result must never
		// verify, whatever sentinel it trips.
		for i := range len(sig) {
			if len(sig) > 64 && i%97 != 0 {
				continue // sample the 3,309-byte ML-DSA signature
			}
			tests = append(tests, tcase{
				name: kt.String() + " rejects a signature with a flipped bit in byte " + itoa(i),
				kt:   kt, pub: pubs[kt], msg: msg, sig: flipBit(sig, 8*i+i%8),
			})
		}
	}
	for _, kt := range []devicekit.KeyType{devicekit.Secp256k1, devicekit.Secp256r1} {
		n := curveOrder(kt)
		tests = append(tests,
			tcase{name: kt.String() + " rejects the high-S twin of a valid signature", kt: kt, pub: pubs[kt], msg: msg, sig: flipS(kt, sigs[kt]), want: devicekit.ErrHighS},
			tcase{name: kt.String() + " rejects s = n/2 + 1", kt: kt, pub: pubs[kt], msg: msg, sig: withS(kt, new(big.Int).Add(new(big.Int).Rsh(n, 1), big.NewInt(1))), want: devicekit.ErrHighS},
			tcase{name: kt.String() + " rejects s = n - 1", kt: kt, pub: pubs[kt], msg: msg, sig: withS(kt, new(big.Int).Sub(n, big.NewInt(1))), want: devicekit.ErrHighS},
			tcase{name: kt.String() + " rejects s = 0", kt: kt, pub: pubs[kt], msg: msg, sig: withS(kt, big.NewInt(0)), want: devicekit.ErrBadSignature},
			tcase{name: kt.String() + " rejects s = n", kt: kt, pub: pubs[kt], msg: msg, sig: withS(kt, n), want: devicekit.ErrBadSignature},
			tcase{name: kt.String() + " rejects r = 0", kt: kt, pub: pubs[kt], msg: msg, sig: withR(kt, big.NewInt(0)), want: devicekit.ErrBadSignature},
			tcase{name: kt.String() + " rejects r = n", kt: kt, pub: pubs[kt], msg: msg, sig: withR(kt, n), want: devicekit.ErrBadSignature},
			tcase{name: kt.String() + " rejects r = n + 1 (a non-canonical r = 1)", kt: kt, pub: pubs[kt], msg: msg, sig: withR(kt, new(big.Int).Add(n, big.NewInt(1))), want: devicekit.ErrBadSignature},
			tcase{name: kt.String() + " rejects r of all ones", kt: kt, pub: pubs[kt], msg: msg, sig: withR(kt, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))), want: devicekit.ErrBadSignature},
		)
		// r+n and s+n only fit in 32 bytes for tiny r or s, so for a real
		// signature these are usually absent; the r = n + 1 case above
		// covers the same non-canonical path deterministically.
		if r := plusN(kt, sigs[kt][:32]); r != nil {
			tests = append(tests, tcase{name: kt.String() + " rejects r + n", kt: kt, pub: pubs[kt], msg: msg, sig: withR(kt, r), want: devicekit.ErrBadSignature})
		}
		if s := plusN(kt, sigs[kt][32:]); s != nil {
			tests = append(tests, tcase{name: kt.String() + " rejects s + n", kt: kt, pub: pubs[kt], msg: msg, sig: withS(kt, s), want: devicekit.ErrBadSignature})
		}
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := devicekit.Verify(tc.kt, tc.pub, tc.msg, tc.sig)
			require.Error(t, err)
			require.True(t, isVerifyError(err), "unexpected error %v", err)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
			}
		})
	}
}

func TestValidatePublicKey(t *testing.T) {
	for _, kt := range devicekit.KeyTypes() {
		pub := vectorKey(t, kt, "validate").PublicKey()
		t.Run(kt.String()+" accepts a generated key", func(t *testing.T) {
			require.NoError(t, devicekit.ValidatePublicKey(kt, pub))
		})
		t.Run(kt.String()+" rejects a key one byte short", func(t *testing.T) {
			require.ErrorIs(t, devicekit.ValidatePublicKey(kt, pub[:len(pub)-1]), devicekit.ErrInvalidPublicKey)
		})
		t.Run(kt.String()+" rejects a key one byte long", func(t *testing.T) {
			require.ErrorIs(t, devicekit.ValidatePublicKey(kt, append(append([]byte{}, pub...), 0)), devicekit.ErrInvalidPublicKey)
		})
	}
	t.Run("an unknown key type is rejected", func(t *testing.T) {
		require.ErrorIs(t, devicekit.ValidatePublicKey(7, make([]byte, 33)), devicekit.ErrUnknownKeyType)
	})
	t.Run("both compressed prefixes of a valid x are accepted", func(t *testing.T) {
		for _, kt := range []devicekit.KeyType{devicekit.Secp256k1, devicekit.Secp256r1} {
			pub := vectorKey(t, kt, "validate").PublicKey()
			other := append([]byte{}, pub...)
			other[0] ^= 0x01 // 0x02 <-> 0x03: the negated point
			require.NoError(t, devicekit.ValidatePublicKey(kt, other))
		}
	})
}

func itoa(i int) string {
	return big.NewInt(int64(i)).String()
}
