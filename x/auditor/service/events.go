package service

import (
	"encoding/json"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
)

// The typed events the service reads. EventPaymentRefused is matched by its
// name: the service only reads its JSON attributes, so it needs no Go type.
var (
	eventActivationFailed = proto.MessageName(&devicetypes.EventActivationFailed{})
	eventDeviceActivated  = proto.MessageName(&devicetypes.EventDeviceActivated{})
	eventDeviceTransfer   = proto.MessageName(&devicetypes.EventDeviceTransferred{})
	eventDevicePayment    = proto.MessageName(&paymenttypes.EventDevicePayment{})
)

// EventPaymentRefused is the type name of the payment module's refusal event.
const EventPaymentRefused = "atonomi.payment.v1.EventPaymentRefused"

// Observe turns a block's events (those of every transaction result,
// failed ones included, then the block's own) into observations.
func Observe(txResults []*abci.ExecTxResult, blockEvents []abci.Event) []Observation {
	var out []Observation
	for _, r := range txResults {
		if r != nil {
			out = appendObservations(out, r.Events)
		}
	}
	return appendObservations(out, blockEvents)
}

func appendObservations(out []Observation, events []abci.Event) []Observation {
	for _, ev := range events {
		attr := func(key string) string { return attribute(ev, key) }
		switch ev.Type {
		case eventActivationFailed:
			out = appendIf(out, attr("device_id"), "", FailedActivations)
		case eventDeviceActivated:
			out = appendIf(out, attr("device_id"), attr("manufacturer_id"), NoFeature)
		case eventDeviceTransfer:
			out = appendIf(out, attr("device_id"), "", Transfers)
		case eventDevicePayment:
			out = appendIf(out, attr("payer_device_id"), "", Payments)
		case EventPaymentRefused:
			out = appendIf(out, attr("payer_device_id"), "", RefusedPayments)
		}
	}
	return out
}

func appendIf(out []Observation, id, manufacturer string, f Feature) []Observation {
	if id == "" {
		return out
	}
	return append(out, Observation{DeviceID: id, Manufacturer: manufacturer, Feature: f})
}

// attribute returns a typed event's string attribute. Typed events carry
// JSON-encoded values (`"abc"`); a plain value is taken as it is.
func attribute(ev abci.Event, key string) string {
	for _, a := range ev.Attributes {
		if a.Key != key {
			continue
		}
		var s string
		if err := json.Unmarshal([]byte(a.Value), &s); err == nil {
			return s
		}
		return a.Value
	}
	return ""
}
