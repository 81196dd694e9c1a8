package keeper_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/payment/types"
)

// signedFixture is the payment fixture with a wallet linked to the payer
// device and a gateway that relays the device's intents.
type signedFixture struct {
	*payFixture
	wallet     sdk.AccAddress
	walletStr  string
	gatewayStr string
}

func setupSigned(t *testing.T) *signedFixture {
	t.Helper()
	f := &signedFixture{payFixture: setupPayments(t)}
	f.wallet, f.walletStr = f.giveWallet(t)
	f.bank.Balances[string(f.wallet)] = math.NewInt(100_000)
	f.gatewayStr = testutil.Bech32(t, "gateway")
	f.ctx = f.ctx.WithBlockHeight(50)
	return f
}

// intent is the payer device's intent to pay the payee 1,000 uatmi from its
// wallet at nonce 0, valid until height 60, attested in DE.
func (f *signedFixture) intent() devicekit.PaymentIntent {
	payer, _ := devicekit.ParseID(f.payer)
	payee, _ := devicekit.ParseID(f.payee)
	return devicekit.PaymentIntent{ChainID: "atonomi-test-1", Payer: payer, Payee: payee, Wallet: f.wallet,
		Amount: "1000", Nonce: 0, ValidUntil: 60, Location: "DE"}
}

// msg is the message relaying intent p, signed by key.
func (f *signedFixture) msg(t *testing.T, key devicekit.PrivateKey, p devicekit.PaymentIntent) *types.MsgPayDeviceSigned {
	t.Helper()
	sig, err := key.SignPayment(p)
	require.NoError(t, err)
	wallet, err := testutil.AccCodec.BytesToString(p.Wallet)
	require.NoError(t, err)
	return &types.MsgPayDeviceSigned{Submitter: f.gatewayStr, PayerDeviceId: p.Payer.String(), PayeeDeviceId: p.Payee.String(),
		Wallet: wallet, Amount: math.NewIntFromUint64(mustUint(t, p.Amount)), Nonce: p.Nonce, ValidUntil: p.ValidUntil,
		Location: p.Location, Signature: sig}
}

func mustUint(t *testing.T, s string) uint64 {
	t.Helper()
	n, ok := math.NewIntFromString(s)
	require.True(t, ok)
	return n.Uint64()
}

func (f *signedFixture) nonce(t *testing.T) uint64 {
	t.Helper()
	res, err := f.queries.Nonce(f.ctx, &types.QueryNonceRequest{DeviceId: f.payer})
	require.NoError(t, err)
	return res.Nonce
}

func TestPayDeviceSigned(t *testing.T) {
	f := setupSigned(t)
	require.Zero(t, f.nonce(t))
	res, err := f.msgs.PayDeviceSigned(f.ctx, f.msg(t, f.payerKey, f.intent()))
	require.NoError(t, err)
	require.Equal(t, math.NewInt(10), res.Commission)
	require.Equal(t, math.NewInt(100_000-1_010), f.balance(f.wallet), "the linked wallet pays amount and commission")
	require.Equal(t, math.NewInt(1_000_000), f.balance(f.payerOwner), "the owner pays nothing")
	require.Equal(t, math.NewInt(1_000), f.balance(f.payeeWallet))
	require.Equal(t, uint64(1), f.nonce(t), "the nonce rises")
	testutil.RequireLastEvent(t, f.ctx, &types.EventDevicePayment{
		PayerDeviceId: f.payer, PayeeDeviceId: f.payee, From: f.walletStr, To: f.payeeWalletStr, Amount: "1000", Commission: "10",
		DeviceSigned: true, Submitter: f.gatewayStr,
	})

	next := f.intent()
	next.Nonce = 1
	_, err = f.msgs.PayDeviceSigned(f.ctx, f.msg(t, f.payerKey, next))
	require.NoError(t, err, "the next nonce pays again")
	require.Equal(t, uint64(2), f.nonce(t))
}

func TestAttestedLocations(t *testing.T) {
	f := setupSigned(t)
	f.update(f.payer, func(d *devicetypes.Device) { d.Policy.RequireAttestedLocation = true })
	validate := func(deviceSigned bool) *types.QueryValidateResponse {
		res, err := f.queries.Validate(f.ctx, &types.QueryValidateRequest{PayerDeviceId: f.payer, PayeeDeviceId: f.payee,
			Amount: math.NewInt(1_000), Location: "DE", DeviceSigned: deviceSigned})
		require.NoError(t, err)
		require.Equal(t, deviceSigned, res.LocationAttested)
		return res
	}
	res := validate(false)
	require.False(t, res.Allowed)
	require.Equal(t, "payer_attested_location", res.Refusals[0].Rule, "a claimed location does not do")
	before := f.snapshot(t)
	_, err := f.msgs.Pay(f.ctx, &types.MsgPay{Signer: f.walletStr, PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(1_000), Location: "DE"})
	require.ErrorIs(t, err, types.ErrPaymentRefused)
	require.Equal(t, before, f.snapshot(t))

	require.True(t, validate(true).Allowed, "the device's own intent attests the location")
	_, err = f.msgs.PayDeviceSigned(f.ctx, f.msg(t, f.payerKey, f.intent()))
	require.NoError(t, err)
}

// TestPayDeviceSignedRefusals mounts what a relay, a thief or a replayer
// would try with a device-signed intent: each fails with its typed error,
// moves no balance and leaves the nonce and the spending as they were.
func TestPayDeviceSignedRefusals(t *testing.T) {
	other, err := devicekit.GenerateKey(devicekit.Ed25519, rand.Reader)
	require.NoError(t, err)
	strangerWallet, strangerWalletStr := testutil.Addr(t, "stranger-wallet")
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *signedFixture)
		msg     func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned
		wantErr error
	}{
		{name: "a replayed intent is refused", wantErr: types.ErrWrongNonce,
			prepare: func(t *testing.T, f *signedFixture) {
				_, err := f.msgs.PayDeviceSigned(f.ctx, f.msg(t, f.payerKey, f.intent()))
				require.NoError(t, err)
			},
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				return f.msg(t, f.payerKey, f.intent())
			}},
		{name: "an intent with a future nonce is refused", wantErr: types.ErrWrongNonce,
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				p := f.intent()
				p.Nonce = 5
				return f.msg(t, f.payerKey, p)
			}},
		{name: "an intent after its valid-until height is refused", wantErr: types.ErrIntentExpired,
			prepare: func(_ *testing.T, f *signedFixture) { f.ctx = f.ctx.WithBlockHeight(61) },
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				return f.msg(t, f.payerKey, f.intent())
			}},
		{name: "an intent signed for another chain is refused", wantErr: types.ErrBadSignature,
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				p := f.intent()
				p.ChainID = "atonomi-other-1"
				return f.msg(t, f.payerKey, p)
			}},
		{name: "an intent redirected to another payee is refused", wantErr: types.ErrBadSignature,
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				m := f.msg(t, f.payerKey, f.intent())
				third := devicekit.DeviceID([]byte("salt"), []byte("third")).String()
				f.devices[third] = devicetypes.Device{Id: third, ManufacturerId: "acme", Status: devicetypes.STATUS_ACTIVE,
					Owner: testutil.Bech32(t, "carol"), Policy: devicetypes.DefaultPolicy()}
				m.PayeeDeviceId = third
				return m
			}},
		{name: "an intent with a raised amount is refused", wantErr: types.ErrBadSignature,
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				m := f.msg(t, f.payerKey, f.intent())
				m.Amount = math.NewInt(50_000)
				return m
			}},
		{name: "an intent with another location is refused", wantErr: types.ErrBadSignature,
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				m := f.msg(t, f.payerKey, f.intent())
				m.Location = "FR"
				return m
			}},
		{name: "an intent with a later expiry is refused", wantErr: types.ErrBadSignature,
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				m := f.msg(t, f.payerKey, f.intent())
				m.ValidUntil = 1_000_000
				return m
			}},
		{name: "an intent naming another wallet than the linked one is refused", wantErr: types.ErrWrongWallet,
			prepare: func(_ *testing.T, f *signedFixture) { f.bank.Balances[string(strangerWallet)] = math.NewInt(100_000) },
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				p := f.intent()
				p.Wallet = strangerWallet
				return f.msg(t, f.payerKey, p)
			}},
		{name: "an intent signed for another wallet is refused for the linked one", wantErr: types.ErrBadSignature,
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				p := f.intent()
				p.Wallet = strangerWallet
				m := f.msg(t, f.payerKey, p)
				m.Wallet = f.walletStr
				return m
			}},
		{name: "an intent signed by another device's key is refused", wantErr: types.ErrBadSignature,
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned { return f.msg(t, other, f.intent()) }},
		{name: "a device without a linked wallet cannot sign a payment", wantErr: types.ErrNoWallet,
			prepare: func(_ *testing.T, f *signedFixture) {
				f.update(f.payer, func(d *devicetypes.Device) { d.Wallet = "" })
			},
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				p := f.intent()
				p.Wallet = f.payerOwner
				return f.msg(t, f.payerKey, p)
			}},
		{name: "a module account linked by a corrupt state still never pays", wantErr: types.ErrModuleAccount,
			prepare: func(t *testing.T, f *signedFixture) {
				gov, err := testutil.AccCodec.BytesToString(authtypes.NewModuleAddress("gov"))
				require.NoError(t, err)
				f.bank.Balances[string(authtypes.NewModuleAddress("gov"))] = math.NewInt(100_000)
				f.update(f.payer, func(d *devicetypes.Device) { d.Wallet = gov })
			},
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				p := f.intent()
				p.Wallet = authtypes.NewModuleAddress("gov")
				return f.msg(t, f.payerKey, p)
			}},
		{name: "an unknown payer device is refused", wantErr: types.ErrPaymentRefused,
			prepare: func(_ *testing.T, f *signedFixture) { delete(f.devices, f.payer) },
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				return f.msg(t, f.payerKey, f.intent())
			}},
		{name: "a valid intent the rules refuse is refused", wantErr: types.ErrPaymentRefused,
			prepare: func(_ *testing.T, f *signedFixture) {
				f.reputation[f.payee+"/security"] = fakeThreshold - 1
			},
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				return f.msg(t, f.payerKey, f.intent())
			}},
		{name: "a malformed submitter is refused", wantErr: types.ErrInvalidAddress,
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				m := f.msg(t, f.payerKey, f.intent())
				m.Submitter = "gateway"
				return m
			}},
		{name: "a malformed wallet is refused", wantErr: types.ErrInvalidAddress,
			msg: func(t *testing.T, f *signedFixture) *types.MsgPayDeviceSigned {
				m := f.msg(t, f.payerKey, f.intent())
				m.Wallet = strangerWalletStr[:len(strangerWalletStr)-1]
				return m
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setupSigned(t)
			if c.prepare != nil {
				c.prepare(t, f)
			}
			msg := c.msg(t, f)
			before, nonce := f.snapshot(t), f.nonceOrZero(t)
			_, err := f.msgs.PayDeviceSigned(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t), "nothing moved")
			require.Equal(t, nonce, f.nonceOrZero(t), "a refused intent consumes no nonce")
		})
	}
}

// nonceOrZero is the payer's nonce, also once the payer was deleted.
func (f *signedFixture) nonceOrZero(t *testing.T) uint64 {
	t.Helper()
	n, err := f.k.NonceOf(f.ctx, f.payer)
	require.NoError(t, err)
	return n
}

// TestTheChainAcceptsThePaymentVectors pays with devicekit's published
// payment vectors, one per key type: the chain rebuilds the same intent
// bytes and accepts the signature made outside it.
func TestTheChainAcceptsThePaymentVectors(t *testing.T) {
	bz, err := os.ReadFile("../../../devicekit/testdata/vectors.json")
	require.NoError(t, err)
	var vf struct {
		Payment []struct {
			KeyType       string `json:"key_type"`
			PublicKey     string `json:"public_key"`
			PayerDeviceID string `json:"payer_device_id"`
			PayeeDeviceID string `json:"payee_device_id"`
			Wallet        string `json:"wallet"`
			Amount        string `json:"amount"`
			Location      string `json:"location"`
			Signature     string `json:"signature"`
			Nonce         uint64 `json:"nonce"`
			ValidUntil    uint64 `json:"valid_until"`
		} `json:"payment"`
	}
	require.NoError(t, json.Unmarshal(bz, &vf))
	require.Len(t, vf.Payment, 4)
	for _, v := range vf.Payment {
		t.Run(v.KeyType, func(t *testing.T) {
			f := setupPayments(t)
			kt, err := devicekit.ParseKeyType(v.KeyType)
			require.NoError(t, err)
			pub, err := hex.DecodeString(v.PublicKey)
			require.NoError(t, err)
			walletBytes, err := hex.DecodeString(v.Wallet)
			require.NoError(t, err)
			wallet, err := testutil.AccCodec.BytesToString(walletBytes)
			require.NoError(t, err)
			payer, payee := f.devices[f.payer], f.devices[f.payee]
			payer.Id, payer.KeyType, payer.PublicKey, payer.Wallet = v.PayerDeviceID, devicetypes.KeyType(kt), pub, wallet
			payee.Id = v.PayeeDeviceID
			delete(f.devices, f.payer)
			delete(f.devices, f.payee)
			f.devices[payer.Id], f.devices[payee.Id] = payer, payee
			f.bank.Balances[string(walletBytes)] = math.NewInt(100_000)
			require.NoError(t, f.k.InitGenesis(f.ctx, &types.GenesisState{Nonces: []types.DeviceNonce{{DeviceId: payer.Id, Nonce: v.Nonce}}}))
			f.ctx = f.ctx.WithBlockHeight(int64(v.ValidUntil))
			sig, err := hex.DecodeString(v.Signature)
			require.NoError(t, err)
			amount, ok := math.NewIntFromString(v.Amount)
			require.True(t, ok)
			_, err = f.msgs.PayDeviceSigned(f.ctx, &types.MsgPayDeviceSigned{Submitter: testutil.Bech32(t, "gateway"),
				PayerDeviceId: payer.Id, PayeeDeviceId: payee.Id, Wallet: wallet, Amount: amount, Nonce: v.Nonce,
				ValidUntil: v.ValidUntil, Location: v.Location, Signature: sig})
			require.NoError(t, err, "the vector's signature pays")
			n, err := f.k.NonceOf(f.ctx, payer.Id)
			require.NoError(t, err)
			require.Equal(t, v.Nonce+1, n)
		})
	}
}
