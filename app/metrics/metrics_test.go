package metrics

import (
	"context"
	"sort"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	gometrics "github.com/hashicorp/go-metrics"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// recordedMetrics sums what EventCounter adds, by metric name and labels.
type recordedMetrics map[string]float32

func (r recordedMetrics) incr(key []string, val float32, labels []gometrics.Label) {
	name := strings.Join(key, "_")
	var ls []string
	for _, l := range labels {
		ls = append(ls, l.Name+"="+l.Value)
	}
	sort.Strings(ls)
	r[name+"{"+strings.Join(ls, ",")+"}"] += val
}

// typedEvent is the ABCI event EmitTypedEvent makes of ev, as the n-th
// message of its transaction.
func typedEvent(t *testing.T, ev proto.Message, msgIndex string) abci.Event {
	t.Helper()
	e, err := sdk.TypedEventToEvent(ev)
	require.NoError(t, err)
	if msgIndex != "" {
		e = e.AppendAttributes(sdk.NewAttribute(attributeMsgIndex, msgIndex))
	}
	return abci.Event(e)
}

func messageEvent(action, msgIndex string) abci.Event {
	return abci.Event(sdk.NewEvent(sdk.EventTypeMessage,
		sdk.NewAttribute(sdk.AttributeKeyAction, action), sdk.NewAttribute(attributeMsgIndex, msgIndex)))
}

func refusal(rules string) abci.Event {
	return abci.Event{Type: eventPaymentRefused, Attributes: []abci.EventAttribute{
		{Key: "payer_device_id", Value: `"aa"`}, {Key: "payee_device_id", Value: `"bb"`}, {Key: "rules", Value: rules},
	}}
}

func TestEventCounterCountsTheRegistriesWork(t *testing.T) {
	activate := sdk.MsgTypeURL(&devicetypes.MsgActivateDevice{})
	cases := []struct {
		name string
		res  abci.ResponseFinalizeBlock
		want recordedMetrics
	}{
		{
			name: "a registered batch counts its devices by manufacturer",
			res: abci.ResponseFinalizeBlock{TxResults: []*abci.ExecTxResult{{Events: []abci.Event{
				messageEvent(sdk.MsgTypeURL(&devicetypes.MsgRegisterDevices{}), "0"),
				typedEvent(t, &devicetypes.EventDevicesRegistered{ManufacturerId: "acme", Count: 3}, "0"),
			}}}},
			want: recordedMetrics{"atonomi_device_registered{manufacturer_id=acme,source=batch}": 3},
		},
		{
			name: "a committed Merkle whitelist counts its leaves",
			res: abci.ResponseFinalizeBlock{TxResults: []*abci.ExecTxResult{{Events: []abci.Event{
				typedEvent(t, &devicetypes.EventWhitelistCommitted{ManufacturerId: "acme", Count: 1000}, "0"),
			}}}},
			want: recordedMetrics{"atonomi_device_registered{manufacturer_id=acme,source=merkle}": 1000},
		},
		{
			name: "register-and-activate counts one registration and one activation; a plain activation in the same tx only an activation",
			res: abci.ResponseFinalizeBlock{TxResults: []*abci.ExecTxResult{{Events: []abci.Event{
				messageEvent(activate, "0"),
				typedEvent(t, &devicetypes.EventDeviceActivated{DeviceId: "aa", ManufacturerId: "acme", KeyType: "ed25519"}, "0"),
				messageEvent(msgRegisterAndActivate, "1"),
				typedEvent(t, &devicetypes.EventDeviceActivated{DeviceId: "bb", ManufacturerId: "acme", KeyType: "ed25519"}, "1"),
			}}}},
			want: recordedMetrics{
				"atonomi_device_registered{manufacturer_id=acme,source=register_and_activate}": 1,
				"atonomi_device_activations{key_type=ed25519,manufacturer_id=acme}":            2,
			},
		},
		{
			name: "a failed activation's ante-handler alert counts although its transaction failed",
			res: abci.ResponseFinalizeBlock{TxResults: []*abci.ExecTxResult{{Code: 7, Events: []abci.Event{
				typedEvent(t, &devicetypes.EventActivationFailed{DeviceId: "aa", Owner: "someone", Reason: "bad proof"}, ""),
			}}}},
			want: recordedMetrics{"atonomi_device_activations_failed{}": 1},
		},
		{
			name: "each written score counts by type and direction",
			res: abci.ResponseFinalizeBlock{TxResults: []*abci.ExecTxResult{{Events: []abci.Event{
				typedEvent(t, &reputationtypes.EventScoreWritten{DeviceId: "aa", ReputationType: "security", Direction: "down"}, "0"),
				typedEvent(t, &reputationtypes.EventScoreWritten{DeviceId: "bb", ReputationType: "security", Direction: "down"}, "0"),
				typedEvent(t, &reputationtypes.EventScoreWritten{DeviceId: "aa", ReputationType: "uptime", Direction: "up"}, "0"),
			}}}},
			want: recordedMetrics{
				"atonomi_reputation_scores_written{direction=down,reputation_type=security}": 2,
				"atonomi_reputation_scores_written{direction=up,reputation_type=uptime}":     1,
			},
		},
		{
			name: "a refused payment counts once per refusing rule",
			res: abci.ResponseFinalizeBlock{TxResults: []*abci.ExecTxResult{{Events: []abci.Event{
				refusal(`["payee_excluded","payer_spending_limit"]`),
			}}}},
			want: recordedMetrics{
				"atonomi_payment_refused{rule=payee_excluded}":       1,
				"atonomi_payment_refused{rule=payer_spending_limit}": 1,
			},
		},
		{
			name: "rules given as one string holding the JSON list count the same",
			res: abci.ResponseFinalizeBlock{TxResults: []*abci.ExecTxResult{{Events: []abci.Event{
				refusal(`"[\"payee_region\"]"`),
			}}}},
			want: recordedMetrics{"atonomi_payment_refused{rule=payee_region}": 1},
		},
		{
			name: "a refusal naming no rule still counts",
			res:  abci.ResponseFinalizeBlock{TxResults: []*abci.ExecTxResult{{Events: []abci.Event{refusal(``)}}}},
			want: recordedMetrics{"atonomi_payment_refused{rule=unknown}": 1},
		},
		{
			name: "end-blocker events count like transaction events; other events count nothing",
			res: abci.ResponseFinalizeBlock{
				Events: []abci.Event{
					typedEvent(t, &reputationtypes.EventScoreWritten{DeviceId: "aa", ReputationType: "security", Direction: "flat"}, ""),
					typedEvent(t, &reputationtypes.EventDeviceReinstated{DeviceId: "aa"}, ""),
				},
				TxResults: []*abci.ExecTxResult{{Events: []abci.Event{
					typedEvent(t, &devicetypes.EventDeviceTransferred{DeviceId: "aa", From: "x", To: "y"}, "0"),
				}}},
			},
			want: recordedMetrics{"atonomi_reputation_scores_written{direction=flat,reputation_type=security}": 1},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := recordedMetrics{}
			m := EventCounter{incr: got.incr}
			require.NoError(t, m.ListenFinalizeBlock(context.Background(), abci.RequestFinalizeBlock{}, tc.res))
			require.Equal(t, tc.want, got)
		})
	}
}
