package service

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

func TestObserveReadsTheTypedEvents(t *testing.T) {
	failedTx := &abci.ExecTxResult{Code: 5, Events: []abci.Event{
		typed(t, &devicetypes.EventActivationFailed{DeviceId: "d1", Owner: "o", Reason: "bad proof"}),
	}}
	okTx := &abci.ExecTxResult{Events: []abci.Event{
		{Type: "message", Attributes: []abci.EventAttribute{{Key: "sender", Value: "x"}}},
		typed(t, &devicetypes.EventDeviceActivated{DeviceId: "d2", ManufacturerId: "acme", Owner: "o"}),
		typed(t, &devicetypes.EventDeviceTransferred{DeviceId: "d2", From: "o", To: "p", Transfers: 1}),
		typed(t, &paymenttypes.EventDevicePayment{PayerDeviceId: "d2", PayeeDeviceId: "d3", Amount: "10"}),
	}}
	// The refusal event is matched by name; its attributes are JSON as
	// the SDK writes typed events.
	refused := abci.Event{Type: EventPaymentRefused, Attributes: []abci.EventAttribute{
		{Key: "payer_device_id", Value: `"d3"`}, {Key: "payee_device_id", Value: `"d1"`},
		{Key: "amount", Value: `"5"`}, {Key: "rules", Value: `["payee_excluded"]`},
	}}
	got := Observe([]*abci.ExecTxResult{failedTx, nil, okTx}, []abci.Event{refused})
	require.Equal(t, []Observation{
		{DeviceID: "d1", Feature: FailedActivations},
		{DeviceID: "d2", Manufacturer: "acme", Feature: NoFeature},
		{DeviceID: "d2", Feature: Transfers},
		{DeviceID: "d2", Feature: Payments},
		{DeviceID: "d3", Feature: RefusedPayments},
	}, got)
}
