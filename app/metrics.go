package app

import (
	"context"
	"encoding/json"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/hashicorp/go-metrics"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/telemetry"
	sdk "github.com/cosmos/cosmos-sdk/types"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// Metric keys of the registries' counters. The telemetry sink joins them with
// "_" (atonomi_device_registered, ...); docs/metrics.md lists them.
var (
	MetricDevicesRegistered = []string{"atonomi", "device", "registered"}
	MetricActivations       = []string{"atonomi", "device", "activations"}
	MetricActivationsFailed = []string{"atonomi", "device", "activations_failed"}
	MetricScoresWritten     = []string{"atonomi", "reputation", "scores_written"}
	MetricPaymentsRefused   = []string{"atonomi", "payment", "refused"}
)

// eventPaymentRefused is the typed event x/payment emits for a refused device
// payment. It is matched by name because the counter needs only its rules.
const eventPaymentRefused = "atonomi.payment.v1.EventPaymentRefused"

// attributeMsgIndex is the attribute baseapp adds to every event of a
// message: the message's index in its transaction.
const attributeMsgIndex = "msg_index"

// msgRegisterAndActivate registers a device without an EventDevicesRegistered
// of its own; its activation event tells the registration.
var msgRegisterAndActivate = sdk.MsgTypeURL(&devicetypes.MsgRegisterAndActivate{})

// EventMetrics counts the registries' work from the typed events of every
// finalized block, so that no keeper carries telemetry code and failed
// activations, whose alert only survives in the failed transaction's result,
// are counted too. It is an ABCI listener of the app's streaming manager.
type EventMetrics struct {
	// incr adds to a counter; telemetry.IncrCounterWithLabels, which does
	// nothing while telemetry is disabled, except in tests.
	incr func(key []string, val float32, labels []metrics.Label)
}

var _ storetypes.ABCIListener = EventMetrics{}

// NewEventMetrics returns the listener over the SDK's telemetry.
func NewEventMetrics() EventMetrics {
	return EventMetrics{incr: telemetry.IncrCounterWithLabels} //nolint:staticcheck // the SDK's /metrics endpoint serves go-metrics
}

// ListenFinalizeBlock counts the events of the block's transactions, failed
// ones included, and of its begin and end blockers.
func (m EventMetrics) ListenFinalizeBlock(_ context.Context, _ abci.RequestFinalizeBlock, res abci.ResponseFinalizeBlock) error {
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
func (EventMetrics) ListenCommit(context.Context, abci.ResponseCommit, []*storetypes.StoreKVPair) error {
	return nil
}

// count adds one event to its counter. actions maps a transaction's message
// indexes to their message type URLs.
func (m EventMetrics) count(ev abci.Event, actions map[string]string) {
	switch ev.Type {
	case eventPaymentRefused:
		for _, rule := range refusedRules(ev) {
			m.incr(MetricPaymentsRefused, 1, []metrics.Label{telemetry.NewLabel("rule", rule)}) //nolint:staticcheck // see NewEventMetrics
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
		m.incr(MetricDevicesRegistered, float32(e.Count), registrationLabels(e.ManufacturerId, "batch"))
	case *devicetypes.EventWhitelistCommitted:
		m.incr(MetricDevicesRegistered, float32(e.Count), registrationLabels(e.ManufacturerId, "merkle"))
	case *devicetypes.EventDeviceActivated:
		if actions[attribute(ev, attributeMsgIndex)] == msgRegisterAndActivate {
			m.incr(MetricDevicesRegistered, 1, registrationLabels(e.ManufacturerId, "register_and_activate"))
		}
		m.incr(MetricActivations, 1, []metrics.Label{
			telemetry.NewLabel("manufacturer_id", e.ManufacturerId), telemetry.NewLabel("key_type", e.KeyType), //nolint:staticcheck // see NewEventMetrics
		})
	case *devicetypes.EventActivationFailed:
		m.incr(MetricActivationsFailed, 1, nil)
	case *reputationtypes.EventScoreWritten:
		m.incr(MetricScoresWritten, 1, []metrics.Label{
			telemetry.NewLabel("reputation_type", e.ReputationType), telemetry.NewLabel("direction", e.Direction), //nolint:staticcheck // see NewEventMetrics
		})
	}
}

func registrationLabels(manufacturer, source string) []metrics.Label {
	return []metrics.Label{
		telemetry.NewLabel("manufacturer_id", manufacturer), telemetry.NewLabel("source", source), //nolint:staticcheck // see NewEventMetrics
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
