package keeper_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	protov2 "google.golang.org/protobuf/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/payment/keeper"
	"github.com/atonomi/atonomid/x/payment/types"
)

// fakeTx is a tx of messages for ante handler tests.
type fakeTx []sdk.Msg

func (tx fakeTx) GetMsgs() []sdk.Msg { return tx }

func (fakeTx) GetMsgsV2() ([]protov2.Message, error) { return nil, nil }

// notCanonical is what every refusal of a non-canonical spelling says.
const notCanonical = "not canonical: use lower case"

// A payment names its devices and accounts as text; an upper-case spelling
// is refused before any rule is judged, so it moves nothing, records no
// spending and raises no refusal alert carrying the text.
func TestPaymentsRefuseNonCanonicalSpellings(t *testing.T) {
	cases := []struct {
		name    string
		msg     func(t *testing.T, f *signedFixture) sdk.Msg
		wantErr error
	}{
		{name: "a payment from an upper-case payer id is refused, not judged payer_unknown", wantErr: devicetypes.ErrInvalidDeviceID,
			msg: func(_ *testing.T, f *signedFixture) sdk.Msg {
				return &types.MsgPay{Signer: f.walletStr, PayerDeviceId: strings.ToUpper(f.payer), PayeeDeviceId: f.payee, Amount: math.NewInt(1_000)}
			}},
		{name: "a payment to an upper-case payee id is refused", wantErr: devicetypes.ErrInvalidDeviceID,
			msg: func(_ *testing.T, f *signedFixture) sdk.Msg {
				return &types.MsgPay{Signer: f.walletStr, PayerDeviceId: f.payer, PayeeDeviceId: strings.ToUpper(f.payee), Amount: math.NewInt(1_000)}
			}},
		{name: "a payment signed by the wallet in upper case is refused", wantErr: types.ErrInvalidAddress,
			msg: func(_ *testing.T, f *signedFixture) sdk.Msg {
				return &types.MsgPay{Signer: strings.ToUpper(f.walletStr), PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(1_000)}
			}},
		{name: "a device-signed intent naming its wallet in upper case is refused, though the signature covers the same bytes",
			wantErr: types.ErrInvalidAddress,
			msg: func(t *testing.T, f *signedFixture) sdk.Msg {
				m := f.msg(t, f.payerKey, f.intent())
				m.Wallet = strings.ToUpper(m.Wallet)
				return m
			}},
		{name: "a device-signed intent relayed by an upper-case submitter is refused", wantErr: types.ErrInvalidAddress,
			msg: func(t *testing.T, f *signedFixture) sdk.Msg {
				m := f.msg(t, f.payerKey, f.intent())
				m.Submitter = strings.ToUpper(m.Submitter)
				return m
			}},
		{name: "a device-signed intent naming an upper-case payer id is refused", wantErr: devicetypes.ErrInvalidDeviceID,
			msg: func(t *testing.T, f *signedFixture) sdk.Msg {
				m := f.msg(t, f.payerKey, f.intent())
				m.PayerDeviceId = strings.ToUpper(m.PayerDeviceId)
				return m
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setupSigned(t)
			before := f.snapshot(t)
			var err error
			switch m := tc.msg(t, f).(type) {
			case *types.MsgPay:
				_, err = f.msgs.Pay(f.ctx, m)
			case *types.MsgPayDeviceSigned:
				_, err = f.msgs.PayDeviceSigned(f.ctx, m)
			}
			require.ErrorIs(t, err, tc.wantErr)
			require.ErrorContains(t, err, notCanonical)
			require.Equal(t, before, f.snapshot(t), "a refused payment moves nothing and records nothing")

			// The alert decorator asks the same check: an error there raises no alert.
			ctx := f.ctx.WithEventManager(sdk.NewEventManager())
			_, err = keeper.NewPaymentAlertDecorator(f.k, noGrants{}).AnteHandle(ctx, fakeTx{tc.msg(t, f)}, false,
				func(ctx sdk.Context, _ sdk.Tx, _ bool) (sdk.Context, error) { return ctx, nil })
			require.NoError(t, err)
			require.Empty(t, ctx.EventManager().Events(), "no payment_refused alert names a non-canonical spelling")
		})
	}
}

func TestPaymentQueriesRefuseNonCanonicalIDs(t *testing.T) {
	f := setupPayments(t)
	_, err := f.queries.Validate(f.ctx, &types.QueryValidateRequest{PayerDeviceId: strings.ToUpper(f.payer), PayeeDeviceId: f.payee,
		Amount: math.NewInt(1_000)})
	require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
	require.ErrorContains(t, err, notCanonical)

	_, err = f.queries.Nonce(f.ctx, &types.QueryNonceRequest{DeviceId: strings.ToUpper(f.payer)})
	require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
	require.ErrorContains(t, err, notCanonical)
}

// A payment authorization's owner and ids are checked at the grant
// (ValidateBasic, tested in app with the chain's bech32 prefix); the payment
// it is used for is checked at its use.
func TestPaymentAuthorizationRefusesAnUpperCasePayerAtUse(t *testing.T) {
	f := setupPayments(t)
	a := types.PaymentAuthorization{Owner: f.payerOwnerStr, DeviceIds: []string{f.payer}, SpendLimit: math.NewInt(1_000)}
	_, err := a.Accept(types.WithGrantChecker(f.ctx, f.k), &types.MsgPay{Signer: f.payerOwnerStr,
		PayerDeviceId: strings.ToUpper(f.payer), PayeeDeviceId: f.payee, Amount: math.NewInt(10)})
	require.ErrorIs(t, err, devicetypes.ErrInvalidDeviceID, "a payment's upper-case id is refused as such, not as unnamed")
	require.ErrorContains(t, err, notCanonical)
}

func TestAllowedDevicesMatchTheCounterpartyByBytes(t *testing.T) {
	f := setupPayments(t)
	// Policy.Validate keeps upper-case ids out of new policies; a policy
	// stored before it did still names its device.
	for _, allowed := range []string{f.payee, strings.ToUpper(f.payee)} {
		f.update(f.payer, func(d *devicetypes.Device) { d.Policy.AllowedDevices = []string{allowed} })
		res, err := f.queries.Validate(f.ctx, &types.QueryValidateRequest{PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(1_000)})
		require.NoError(t, err)
		require.True(t, res.Allowed, "allowed %s: %v", allowed, res.Refusals)
	}
	f.update(f.payer, func(d *devicetypes.Device) { d.Policy.AllowedDevices = []string{strings.ToUpper(f.payer)} })
	res, err := f.queries.Validate(f.ctx, &types.QueryValidateRequest{PayerDeviceId: f.payer, PayeeDeviceId: f.payee, Amount: math.NewInt(1_000)})
	require.NoError(t, err)
	require.False(t, res.Allowed, "another device is still refused")
}

// noGrants is an x/authz with no grants: the messages these tests send
// directly never ask it.
type noGrants struct{}

func (noGrants) GetAuthorization(context.Context, sdk.AccAddress, sdk.AccAddress, string) (authz.Authorization, *time.Time) {
	return nil, nil
}
