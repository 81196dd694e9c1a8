package devicekit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"
)

// PaymentDomain is the 18-byte ASCII prefix of every payment intent. It
// separates payment signatures from activation proofs made with the same
// device key, and carries a version for future formats.
const PaymentDomain = "atonomi-payment-v1"

// Errors returned by PaymentIntent.SignBytes.
var (
	// ErrInvalidWallet is returned for an empty or over-long wallet address.
	ErrInvalidWallet = errors.New("devicekit: invalid wallet address")
	// ErrInvalidAmount is returned for an amount that is not a positive
	// decimal number in canonical form (ASCII digits, no sign, no leading
	// zeros).
	ErrInvalidAmount = errors.New("devicekit: invalid amount")
	// ErrInvalidLocation is returned for an over-long or non-UTF-8 location.
	ErrInvalidLocation = errors.New("devicekit: invalid location")
)

// PaymentIntent is what a device signs to pay another device from its
// linked wallet. Every field is bound by the signature, so a relay that
// submits the signed intent can change none of them.
type PaymentIntent struct {
	// ChainID is the chain the payment is for; a signed intent is worthless
	// on any other chain.
	ChainID string
	// Payer is the signing device, Payee the device paid.
	Payer, Payee ID
	// Wallet is the raw address of the account the funds come from: the
	// payer's linked wallet (not the bech32 text).
	Wallet []byte
	// Amount is in uatmi, as decimal digits without sign or leading zeros.
	Amount string
	// Nonce is the payer device's current payment nonce: the chain accepts
	// each nonce once, in order.
	Nonce uint64
	// ValidUntil is the last block height at which the intent is accepted.
	ValidUntil uint64
	// Location is where the device attests the payment happens (an ISO 3166
	// code or a geohash); empty when it attests none.
	Location string
}

// SignBytes returns the payment intent P that the payer device signs:
//
//	"atonomi-payment-v1" || u16be(len(chain id)) || chain id ||
//	payer id (32 bytes) || payee id (32 bytes) ||
//	u16be(len(wallet)) || wallet || u16be(len(amount)) || amount ||
//	u64be(nonce) || u64be(valid until) || u16be(len(location)) || location
//
// The chain id, wallet and amount must be 1..65535 bytes long, the location
// 0..65535; every length prefix makes the encoding unambiguous.
func (p PaymentIntent) SignBytes() ([]byte, error) {
	if len(p.ChainID) == 0 || len(p.ChainID) > math.MaxUint16 {
		return nil, fmt.Errorf("%w: length %d, want 1..%d", ErrInvalidChainID, len(p.ChainID), math.MaxUint16)
	}
	if !utf8.ValidString(p.ChainID) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrInvalidChainID)
	}
	if len(p.Wallet) == 0 || len(p.Wallet) > math.MaxUint16 {
		return nil, fmt.Errorf("%w: length %d, want 1..%d", ErrInvalidWallet, len(p.Wallet), math.MaxUint16)
	}
	if err := checkAmount(p.Amount); err != nil {
		return nil, err
	}
	if len(p.Location) > math.MaxUint16 {
		return nil, fmt.Errorf("%w: length %d, want at most %d", ErrInvalidLocation, len(p.Location), math.MaxUint16)
	}
	if !utf8.ValidString(p.Location) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrInvalidLocation)
	}

	m := make([]byte, 0, len(PaymentDomain)+2+len(p.ChainID)+2*IDSize+2+len(p.Wallet)+2+len(p.Amount)+8+8+2+len(p.Location))
	m = append(m, PaymentDomain...)
	m = binary.BigEndian.AppendUint16(m, uint16(len(p.ChainID)))
	m = append(m, p.ChainID...)
	m = append(m, p.Payer[:]...)
	m = append(m, p.Payee[:]...)
	m = binary.BigEndian.AppendUint16(m, uint16(len(p.Wallet)))
	m = append(m, p.Wallet...)
	m = binary.BigEndian.AppendUint16(m, uint16(len(p.Amount)))
	m = append(m, p.Amount...)
	m = binary.BigEndian.AppendUint64(m, p.Nonce)
	m = binary.BigEndian.AppendUint64(m, p.ValidUntil)
	m = binary.BigEndian.AppendUint16(m, uint16(len(p.Location)))
	m = append(m, p.Location...)
	return m, nil
}

// checkAmount accepts the canonical decimal text of a positive integer.
func checkAmount(amount string) error {
	if amount == "" || len(amount) > math.MaxUint16 {
		return fmt.Errorf("%w: length %d, want 1..%d digits", ErrInvalidAmount, len(amount), math.MaxUint16)
	}
	if amount[0] == '0' {
		return fmt.Errorf("%w: %q is zero or has a leading zero", ErrInvalidAmount, amount)
	}
	for i := 0; i < len(amount); i++ {
		if amount[i] < '0' || amount[i] > '9' {
			return fmt.Errorf("%w: %q is not decimal digits", ErrInvalidAmount, amount)
		}
	}
	return nil
}

// SignPayment signs the payment intent p; the signature follows the rules of
// the key type, as for activation proofs (see Sign).
func (k PrivateKey) SignPayment(p PaymentIntent) ([]byte, error) {
	msg, err := p.SignBytes()
	if err != nil {
		return nil, err
	}
	return k.Sign(msg)
}

// VerifyPayment checks sig over the payment intent p with the device's
// public key of type kt.
func VerifyPayment(kt KeyType, pub []byte, p PaymentIntent, sig []byte) error {
	msg, err := p.SignBytes()
	if err != nil {
		return err
	}
	return Verify(kt, pub, msg, sig)
}
