package auditor

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
)

func typed(t *testing.T, msg proto.Message) abci.Event {
	t.Helper()
	ev, err := sdk.TypedEventToEvent(msg)
	require.NoError(t, err)
	return abci.Event(ev)
}

// signedBy is the event the SDK's signature check emits for each signer of
// a transaction.
func signedBy(account string) abci.Event {
	return abci.Event{Type: sdk.EventTypeTx, Attributes: []abci.EventAttribute{{Key: sdk.AttributeKeyAccountSequence, Value: account + "/7"}}}
}

// refusedTx is a failed payment transaction signed by signers whose ante
// handler raised refusal.
func refusedTx(t *testing.T, refusal *paymenttypes.EventPaymentRefused, signers ...string) *abci.ExecTxResult {
	t.Helper()
	r := &abci.ExecTxResult{Code: paymenttypes.ErrPaymentRefused.ABCICode()}
	for _, s := range signers {
		r.Events = append(r.Events, signedBy(s))
	}
	r.Events = append(r.Events, typed(t, refusal))
	return r
}

func TestObserveReadsTheTypedEvents(t *testing.T) {
	failedTx := &abci.ExecTxResult{Code: 5, Events: []abci.Event{
		signedBy("stranger"),
		typed(t, &devicetypes.EventActivationFailed{DeviceId: "d1", Owner: "stranger", Reason: "bad proof", Submitter: "stranger"}),
	}}
	okTx := &abci.ExecTxResult{Events: []abci.Event{
		{Type: "message", Attributes: []abci.EventAttribute{{Key: "sender", Value: "x"}}},
		typed(t, &devicetypes.EventDeviceActivated{DeviceId: "d2", ManufacturerId: "acme", Owner: "o"}),
		typed(t, &devicetypes.EventDeviceTransferred{DeviceId: "d2", From: "o", To: "p", Transfers: 1}),
		typed(t, &paymenttypes.EventDevicePayment{PayerDeviceId: "d2", PayeeDeviceId: "d3", Amount: "10"}),
	}}
	refused := refusedTx(t, &paymenttypes.EventPaymentRefused{PayerDeviceId: "d3", PayeeDeviceId: "d1", Signer: "o3", Amount: "5",
		Rules: []string{"payee_excluded"}}, "o3")
	got := Observe([]*abci.ExecTxResult{failedTx, nil, okTx, refused}, nil)
	require.Equal(t, Evidence{
		Devices: []Observation{
			{DeviceID: "d2", Manufacturer: "acme", Feature: NoFeature},
			{DeviceID: "d2", Feature: Transfers},
			{DeviceID: "d2", Feature: Payments},
			{DeviceID: "d3", Feature: RefusedPayments},
		},
		ActivationSubmitters: []string{"stranger"},
	}, got, "the failed activation is the submitter's, not d1's")
}

func TestObserveCountsARefusedPaymentOnlyAsThePayersOwnEvidence(t *testing.T) {
	refusal := func(signer string, deviceSigned bool, rules ...string) *paymenttypes.EventPaymentRefused {
		return &paymenttypes.EventPaymentRefused{PayerDeviceId: "payer", PayeeDeviceId: "payee", Signer: signer, Amount: "5",
			Rules: rules, DeviceSigned: deviceSigned}
	}
	cases := []struct {
		name string
		txs  []*abci.ExecTxResult
		// block holds events of the block itself, outside any transaction.
		block []abci.Event
		want  []Observation
	}{
		{
			name: "a refusal the paying account signed counts against the payer",
			txs:  []*abci.ExecTxResult{refusedTx(t, refusal("owner", false, "payer_limit_day"), "owner")},
			want: []Observation{{DeviceID: "payer", Feature: RefusedPayments}},
		},
		{
			name: "a refusal in a transaction the paying account co-signed counts",
			txs:  []*abci.ExecTxResult{refusedTx(t, refusal("owner", false, "payee_excluded"), "relay", "owner")},
			want: []Observation{{DeviceID: "payer", Feature: RefusedPayments}},
		},
		{
			// An event without a submitter that names a signer who did not
			// sign the transaction is not the paying account's doing.
			name: "a refusal whose signer did not sign the transaction does not count",
			txs:  []*abci.ExecTxResult{refusedTx(t, refusal("owner", false, "payee_excluded"), "stranger")},
		},
		{
			// The chain raises a refusal executed through x/authz only when
			// the paying account's payment authorization covers it, and
			// names the grantee that sent it.
			name: "a refusal a grantee executed under the paying account's grant counts",
			txs: []*abci.ExecTxResult{refusedTx(t, &paymenttypes.EventPaymentRefused{PayerDeviceId: "payer", PayeeDeviceId: "payee",
				Signer: "owner", Submitter: "grantee", Amount: "5", Rules: []string{"payee_excluded"}}, "grantee")},
			want: []Observation{{DeviceID: "payer", Feature: RefusedPayments}},
		},
		{
			name: "a refusal of a device-signed intent counts whoever relayed it, once per intent",
			txs: []*abci.ExecTxResult{
				refusedTx(t, refusal("relay", true, "payee_excluded"), "relay"),
			},
			want: []Observation{{DeviceID: "payer", Feature: RefusedPayments, Intent: "payee/5"}},
		},
		{
			name: "a refusal naming a payer the registry does not know names no device",
			txs:  []*abci.ExecTxResult{refusedTx(t, refusal("stranger", false, "payer_unknown"), "stranger")},
		},
		{
			name:  "a refusal among the block's own events has no signer and does not count",
			block: []abci.Event{typed(t, refusal("owner", false, "payee_excluded"))},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, Observe(tc.txs, tc.block).Devices)
		})
	}
}

func TestTxSignersReadsTheSignatureChecksAccountSequences(t *testing.T) {
	events := []abci.Event{
		{Type: sdk.EventTypeTx, Attributes: []abci.EventAttribute{{Key: "fee", Value: "10uatmi"}, {Key: "fee_payer", Value: "payer"}}},
		signedBy("atonomi1a"),
		{Type: sdk.EventTypeTx, Attributes: []abci.EventAttribute{{Key: sdk.AttributeKeySignature, Value: "c2ln"}}},
		signedBy("atonomi1b"),
		{Type: "message", Attributes: []abci.EventAttribute{{Key: sdk.AttributeKeyAccountSequence, Value: "atonomi1c/1"}}},
	}
	require.Equal(t, []string{"atonomi1a", "atonomi1b"}, txSigners(events), "the fee payer and other event types are no signers")
}
