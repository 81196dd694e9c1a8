// Package metrics counts the registries' work for the SDK's telemetry from
// the typed events of every finalized block: one ABCI listener on the app's
// streaming manager, so that no keeper carries telemetry code. docs/metrics.md
// lists the counters.
package metrics

import (
	"context"
	"encoding/json"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	gometrics "github.com/hashicorp/go-metrics"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/telemetry"
	sdk "github.com/cosmos/cosmos-sdk/types"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// Metric keys of the registries' counters. The telemetry sink joins them with
// "_" (atonomi_device_registered, ...); docs/metrics.md lists them.
var (
	DevicesRegistered = []string{"atonomi", "device", "registered"}
	Activations       = []string{"atonomi", "device", "activations"}
	ActivationsFailed = []string{"atonomi", "device", "activations_failed"}
	ScoresWritten     = []string{"atonomi", "reputation", "scores_written"}
	PaymentsRefused   = []string{"atonomi", "payment", "refused"}
)

// eventPaymentRefused is the typed event x/payment emits for a refused device
// payment. Its rules are read from the attribute (see refusedRules) rather
// than by parsing the whole event: the counter needs only them.
var eventPaymentRefused = proto.MessageName(&paymenttypes.EventPaymentRefused{})

// attributeMsgIndex is the attribute baseapp adds to every event of a
// message: the message's index in its transaction.
const attributeMsgIndex = "msg_index"

// msgRegisterAndActivate registers a device without an EventDevicesRegistered
// of its own; its activation event tells the registration.
var msgRegisterAndActivate = sdk.MsgTypeURL(&devicetypes.MsgRegisterAndActivate{})

// EventCounter counts the registries' work from the typed events of every
// finalized block, failed transactions included: a failed activation's
// alert survives only in its transaction's result. It is an ABCI listener
// of the app's streaming manager.
type EventCounter struct {
	// incr adds to a counter; telemetry.IncrCounterWithLabels, which does
	// nothing while telemetry is disabled, except in tests.
	incr func(key []string, val float32, labels []gometrics.Label)
}

var _ storetypes.ABCIListener = EventCounter{}

// NewEventCounter returns the listener over the SDK's telemetry.
func NewEventCounter() EventCounter {
	return EventCounter{incr: telemetry.IncrCounterWithLabels} //nolint:staticcheck // the SDK's /metrics endpoint serves go-metrics
}

// ListenFinalizeBlock counts the events of the block's transactions, failed
// ones included, and of its begin and end blockers.
func (m EventCounter) ListenFinalizeBlock(_ context.Context, _ abci.RequestFinalizeBlock, res abci.ResponseFinalizeBlock) error {
	for _, tx := range res.TxResults {
		actions := messageActions(tx.Events)
		for _, ev := range tx.Events {
			m.count(ev, actions)
		}
	}
	for _, ev := range res.Events {
		m.count(ev, nil)
	}
	return nil
}

// ListenCommit implements storetypes.ABCIListener; commits carry nothing to count.
func (EventCounter) ListenCommit(context.Context, abci.ResponseCommit, []*storetypes.StoreKVPair) error {
	return nil
}

// count adds one event to its counter. actions maps a transaction's message
// indexes to their message type URLs.
func (m EventCounter) count(ev abci.Event, actions map[string]string) {
	switch ev.Type {
	case eventPaymentRefused:
		for _, rule := range refusedRules(ev) {
			m.incr(PaymentsRefused, 1, []gometrics.Label{telemetry.NewLabel("rule", rule)}) //nolint:staticcheck // see NewEventCounter
		}
		return
	case proto.MessageName(&devicetypes.EventDevicesRegistered{}), proto.MessageName(&devicetypes.EventWhitelistCommitted{}),
		proto.MessageName(&devicetypes.EventDeviceActivated{}), proto.MessageName(&devicetypes.EventActivationFailed{}),
		proto.MessageName(&reputationtypes.EventScoreWritten{}):
	default:
		return
	}
	msg, err := sdk.ParseTypedEvent(ev)
	if err != nil {
		return // not ours to fail a block over; the event is in the block results anyway
	}
	switch e := msg.(type) {
	case *devicetypes.EventDevicesRegistered:
		m.incr(DevicesRegistered, float32(e.Count), registrationLabels(e.ManufacturerId, "batch"))
	case *devicetypes.EventWhitelistCommitted:
		m.incr(DevicesRegistered, float32(e.Count), registrationLabels(e.ManufacturerId, "merkle"))
	case *devicetypes.EventDeviceActivated:
		if actions[attribute(ev, attributeMsgIndex)] == msgRegisterAndActivate {
			m.incr(DevicesRegistered, 1, registrationLabels(e.ManufacturerId, "register_and_activate"))
		}
		m.incr(Activations, 1, []gometrics.Label{
			telemetry.NewLabel("manufacturer_id", e.ManufacturerId), telemetry.NewLabel("key_type", e.KeyType), //nolint:staticcheck // see NewEventCounter
		})
	case *devicetypes.EventActivationFailed:
		m.incr(ActivationsFailed, 1, nil)
	case *reputationtypes.EventScoreWritten:
		m.incr(ScoresWritten, 1, []gometrics.Label{
			telemetry.NewLabel("reputation_type", e.ReputationType), telemetry.NewLabel("direction", e.Direction), //nolint:staticcheck // see NewEventCounter
		})
	}
}

func registrationLabels(manufacturer, source string) []gometrics.Label {
	return []gometrics.Label{
		telemetry.NewLabel("manufacturer_id", manufacturer), telemetry.NewLabel("source", source), //nolint:staticcheck // see NewEventCounter
	}
}

// messageActions maps each message index of a transaction to the type URL
// of its message, from the "message" events the SDK emits per message.
func messageActions(events []abci.Event) map[string]string {
	actions := map[string]string{}
	for _, ev := range events {
		if ev.Type != sdk.EventTypeMessage {
			continue
		}
		if action := attribute(ev, sdk.AttributeKeyAction); action != "" {
			actions[attribute(ev, attributeMsgIndex)] = action
		}
	}
	return actions
}

// refusedRules reads the rules attribute of a payment refusal: a JSON list
// of rule names, as the typed event's repeated field or as one string field
// holding the list. A refusal that names no rule still counts, as "unknown".
func refusedRules(ev abci.Event) []string {
	raw := attribute(ev, "rules")
	var rules []string
	if err := json.Unmarshal([]byte(raw), &rules); err != nil {
		var inner string
		if json.Unmarshal([]byte(raw), &inner) != nil || json.Unmarshal([]byte(inner), &rules) != nil {
			rules = nil
		}
	}
	if len(rules) == 0 {
		return []string{"unknown"}
	}
	return rules
}

// attribute returns the value of an event's attribute, "" when absent.
func attribute(ev abci.Event, key string) string {
	for _, a := range ev.Attributes {
		if a.Key == key {
			return a.Value
		}
	}
	return ""
}
