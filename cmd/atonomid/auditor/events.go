package auditor

import (
	"encoding/json"
	"slices"
	"strings"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"

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

// rulePayerUnknown is the refusal of a payment whose payer is no device: the
// chain raises it whoever signed, so it says nothing about any device.
const rulePayerUnknown = "payer_" + paymenttypes.RuleUnknown

// Evidence is what one block's events tell the service, sorted by whom each
// event is about.
type Evidence struct {
	// Devices is the evidence each device's key, owner or manufacturer
	// produced, in event order.
	Devices []Observation
	// ActivationSubmitters names, once per refused activation, the account
	// that sent it. Anyone can send a proof the device's key did not make,
	// so the refusal is evidence about its submitter, never about the
	// device it names.
	ActivationSubmitters []string
}

// Observation is one piece of evidence about one device. Feature is
// NoFeature when the event only tells the device's manufacturer (an
// activation).
type Observation struct {
	DeviceID     string
	Manufacturer string
	Feature      Feature
	// Intent identifies a refused device-signed payment intent. A refused
	// intent consumes no nonce, so anyone can send the same signed intent
	// again and raise the same refusal; within a counting window each
	// intent counts once. Empty for every other observation.
	Intent string
}

// NoFeature marks an observation that counts nothing.
const NoFeature Feature = -1

// Observe turns a block's events (those of every transaction result,
// failed ones included, then the block's own) into evidence.
func Observe(txResults []*abci.ExecTxResult, blockEvents []abci.Event) Evidence {
	var ev Evidence
	for _, r := range txResults {
		if r != nil {
			ev.add(r.Events, txSigners(r.Events))
		}
	}
	// The block's own events belong to no transaction: nobody signed them.
	ev.add(blockEvents, nil)
	return ev
}

// add reads events of a transaction signed by signers (nil for the block's
// own events).
func (ev *Evidence) add(events []abci.Event, signers []string) {
	for _, e := range events {
		attr := func(key string) string { return attribute(e, key) }
		switch e.Type {
		case eventActivationFailed:
			if s := attr("submitter"); s != "" {
				ev.ActivationSubmitters = append(ev.ActivationSubmitters, s)
			}
		case eventDeviceActivated:
			// Only the device's key makes an activation succeed.
			ev.device(attr("device_id"), attr("manufacturer_id"), NoFeature, "")
		case eventDeviceTransfer:
			// Emitted only when the transfer succeeded, so its owner (or a
			// grantee x/authz checked) sent it.
			ev.device(attr("device_id"), "", Transfers, "")
		case eventDevicePayment:
			// Emitted only when the payment succeeded: signed by the payer's
			// paying account (or a grantee x/authz checked) or by its key.
			ev.device(attr("payer_device_id"), "", Payments, "")
		case EventPaymentRefused:
			ev.refusal(e, signers)
		}
	}
}

// refusal reads an EventPaymentRefused. A refusal counts against the payer
// device only when the device's key signed the intent (the chain raises it
// only once that signature verified), when its signer (the paying account)
// signed the transaction itself, or when the grantee it names as submitter
// signed it: the chain raises a refusal executed through x/authz only when
// the paying account's payment authorization to that grantee covers it.
func (ev *Evidence) refusal(e abci.Event, signers []string) {
	var rules []string
	if err := json.Unmarshal([]byte(attribute(e, "rules")), &rules); err != nil || slices.Contains(rules, rulePayerUnknown) {
		return
	}
	payer := attribute(e, "payer_device_id")
	if attribute(e, "device_signed") == "true" {
		ev.device(payer, "", RefusedPayments, attribute(e, "payee_device_id")+"/"+attribute(e, "amount"))
		return
	}
	if slices.Contains(signers, attribute(e, "signer")) || (attribute(e, "submitter") != "" && slices.Contains(signers, attribute(e, "submitter"))) {
		ev.device(payer, "", RefusedPayments, "")
	}
}

func (ev *Evidence) device(id, manufacturer string, f Feature, intent string) {
	if id != "" {
		ev.Devices = append(ev.Devices, Observation{DeviceID: id, Manufacturer: manufacturer, Feature: f, Intent: intent})
	}
}

// txSigners returns the accounts that signed a transaction, from the
// `tx.acc_seq` ("address/sequence") attributes the SDK's signature check
// emits for each signer; it stays in a failed transaction's result.
func txSigners(events []abci.Event) []string {
	var out []string
	for _, e := range events {
		if e.Type != sdk.EventTypeTx {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key != sdk.AttributeKeyAccountSequence {
				continue
			}
			if i := strings.LastIndexByte(a.Value, '/'); i > 0 {
				out = append(out, a.Value[:i])
			}
		}
	}
	return out
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
