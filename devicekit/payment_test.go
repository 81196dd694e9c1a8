package devicekit_test

import (
	"crypto/rand"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
)

func TestPaymentSignBytesLayout(t *testing.T) {
	p := vectorIntent(devicekit.Secp256r1)
	m, err := p.SignBytes()
	require.NoError(t, err)

	// Walk the intent field by field, as firmware would build it.
	take, rest := fieldWalker(t, m)
	require.Equal(t, 18, len(devicekit.PaymentDomain))
	require.Equal(t, "atonomi-payment-v1", string(take(18)))
	require.Equal(t, uint16(len(vectorChainID)), binary.BigEndian.Uint16(take(2)))
	require.Equal(t, vectorChainID, string(take(len(vectorChainID))))
	require.Equal(t, p.Payer[:], take(32))
	require.Equal(t, p.Payee[:], take(32))
	require.Equal(t, uint16(20), binary.BigEndian.Uint16(take(2)))
	require.Equal(t, vectorWallet(), take(20))
	require.Equal(t, uint16(4), binary.BigEndian.Uint16(take(2)))
	require.Equal(t, "1250", string(take(4)))
	require.Equal(t, uint64(7), binary.BigEndian.Uint64(take(8)))
	require.Equal(t, uint64(1_000), binary.BigEndian.Uint64(take(8)))
	require.Equal(t, uint16(5), binary.BigEndian.Uint16(take(2)))
	require.Equal(t, "DE-BE", string(take(5)))
	require.Empty(t, rest())

	p.Location = ""
	m, err = p.SignBytes()
	require.NoError(t, err)
	require.Equal(t, []byte{0, 0}, m[len(m)-2:], "no location is a zero length and nothing after it")
}

func TestPaymentSignBytesRefusals(t *testing.T) {
	cases := []struct {
		name    string
		mutate  func(p *devicekit.PaymentIntent)
		wantErr error
	}{
		{"an empty chain id", func(p *devicekit.PaymentIntent) { p.ChainID = "" }, devicekit.ErrInvalidChainID},
		{"a chain id that is not UTF-8", func(p *devicekit.PaymentIntent) { p.ChainID = "\xff" }, devicekit.ErrInvalidChainID},
		{"an over-long chain id", func(p *devicekit.PaymentIntent) { p.ChainID = strings.Repeat("c", 1<<16) }, devicekit.ErrInvalidChainID},
		{"an empty wallet", func(p *devicekit.PaymentIntent) { p.Wallet = nil }, devicekit.ErrInvalidWallet},
		{"an over-long wallet", func(p *devicekit.PaymentIntent) { p.Wallet = make([]byte, 1<<16) }, devicekit.ErrInvalidWallet},
		{"an empty amount", func(p *devicekit.PaymentIntent) { p.Amount = "" }, devicekit.ErrInvalidAmount},
		{"a zero amount", func(p *devicekit.PaymentIntent) { p.Amount = "0" }, devicekit.ErrInvalidAmount},
		{"a leading zero", func(p *devicekit.PaymentIntent) { p.Amount = "01250" }, devicekit.ErrInvalidAmount},
		{"a sign", func(p *devicekit.PaymentIntent) { p.Amount = "+1250" }, devicekit.ErrInvalidAmount},
		{"a negative amount", func(p *devicekit.PaymentIntent) { p.Amount = "-1250" }, devicekit.ErrInvalidAmount},
		{"a decimal point", func(p *devicekit.PaymentIntent) { p.Amount = "12.5" }, devicekit.ErrInvalidAmount},
		{"a space", func(p *devicekit.PaymentIntent) { p.Amount = "1250 " }, devicekit.ErrInvalidAmount},
		{"an amount with a denomination", func(p *devicekit.PaymentIntent) { p.Amount = "1250uatmi" }, devicekit.ErrInvalidAmount},
		{"a location that is not UTF-8", func(p *devicekit.PaymentIntent) { p.Location = "DE\xc3" }, devicekit.ErrInvalidLocation},
		{"an over-long location", func(p *devicekit.PaymentIntent) { p.Location = strings.Repeat("u", 1<<16) }, devicekit.ErrInvalidLocation},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			p := vectorIntent(devicekit.Secp256k1)
			c.mutate(&p)
			_, err := p.SignBytes()
			require.ErrorIs(t, err, c.wantErr)
			key, err := devicekit.GenerateKey(devicekit.Ed25519, rand.Reader)
			require.NoError(t, err)
			_, err = key.SignPayment(p)
			require.ErrorIs(t, err, c.wantErr, "nothing is signed")
		})
	}
}

// TestAPaymentSignatureBindsEveryField changes each field of a signed intent
// in turn, as a relay might: the signature verifies for none of them.
func TestAPaymentSignatureBindsEveryField(t *testing.T) {
	other := devicekit.DeviceID([]byte(vectorSalt), []byte("SN-0003"))
	changes := map[string]func(p *devicekit.PaymentIntent){
		"chain":    func(p *devicekit.PaymentIntent) { p.ChainID = "atonomi-test-2" },
		"payer":    func(p *devicekit.PaymentIntent) { p.Payer = other },
		"payee":    func(p *devicekit.PaymentIntent) { p.Payee = other },
		"wallet":   func(p *devicekit.PaymentIntent) { p.Wallet = append(vectorWallet()[:19:19], 0xff) },
		"amount":   func(p *devicekit.PaymentIntent) { p.Amount = "12500" },
		"nonce":    func(p *devicekit.PaymentIntent) { p.Nonce++ },
		"expiry":   func(p *devicekit.PaymentIntent) { p.ValidUntil++ },
		"location": func(p *devicekit.PaymentIntent) { p.Location = "FR" },
	}
	for _, kt := range devicekit.KeyTypes() {
		t.Run(kt.String(), func(t *testing.T) {
			key, err := devicekit.GenerateKey(kt, rand.Reader)
			require.NoError(t, err)
			p := vectorIntent(kt)
			sig, err := key.SignPayment(p)
			require.NoError(t, err)
			require.NoError(t, devicekit.VerifyPayment(kt, key.PublicKey(), p, sig))
			for name, change := range changes {
				changed := p
				change(&changed)
				require.Error(t, devicekit.VerifyPayment(kt, key.PublicKey(), changed, sig), "a changed %s", name)
			}
		})
	}
}

func TestPaymentAndActivationSignaturesAreNotInterchangeable(t *testing.T) {
	for _, kt := range devicekit.KeyTypes() {
		t.Run(kt.String(), func(t *testing.T) {
			key, err := devicekit.GenerateKey(kt, rand.Reader)
			require.NoError(t, err)
			p := vectorIntent(kt)
			activation, err := key.SignActivation(p.ChainID, p.Payer, p.Wallet)
			require.NoError(t, err)
			require.Error(t, devicekit.VerifyPayment(kt, key.PublicKey(), p, activation),
				"an activation proof for the wallet is no payment from it")
		})
	}
}
