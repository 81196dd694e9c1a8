package devicekit_test

import (
	"crypto/elliptic"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"

	"github.com/atonomi/atonomid/devicekit"
)

// curveOrder returns the group order n of an ECDSA key type.
func curveOrder(kt devicekit.KeyType) *big.Int {
	if kt == devicekit.Secp256k1 {
		return secp256k1.Params().N
	}
	return elliptic.P256().Params().N
}

// flipS returns r || n-s: the malleated twin of an ECDSA signature, which is
// valid ECDSA but high-S when s was low.
func flipS(kt devicekit.KeyType, sig []byte) []byte {
	s := new(big.Int).SetBytes(sig[32:])
	s.Sub(curveOrder(kt), s)
	out := append([]byte{}, sig...)
	s.FillBytes(out[32:])
	return out
}

// flipBit returns a copy of bz with bit i (counting from the most
// significant bit of byte 0) inverted.
func flipBit(bz []byte, i int) []byte {
	out := append([]byte{}, bz...)
	out[i/8] ^= 0x80 >> (i % 8)
	return out
}

// fieldWalker reads m field by field: take returns the next n bytes (failing
// the test when fewer are left), rest what is left.
func fieldWalker(t *testing.T, m []byte) (take func(n int) []byte, rest func() []byte) {
	take = func(n int) []byte {
		t.Helper()
		require.GreaterOrEqual(t, len(m), n)
		out := m[:n]
		m = m[n:]
		return out
	}
	return take, func() []byte { return m }
}
