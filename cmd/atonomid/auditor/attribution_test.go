package auditor

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
)

// fleetChain feeds synthetic blocks through Observe and ApplyBlock, as the
// service does, to a fleet of acme devices owned by "owner": "victim" has
// paid a little, "peer1" and "peer2" are quiet.
type fleetChain struct {
	t      *testing.T
	m      Model
	state  *State
	height int64
}

var fleetTypes = []string{"financial", "security", "service-quality", "social"}

func newFleetChain(t *testing.T) *fleetChain {
	m := testModel()
	m.WindowBlocks = 10
	c := &fleetChain{t: t, m: m, state: NewState("chain", "op"), height: 100}
	var activations []abci.Event
	for _, id := range []string{"victim", "peer1", "peer2"} {
		activations = append(activations, typed(t, &devicetypes.EventDeviceActivated{DeviceId: id, ManufacturerId: "acme", Owner: "owner"}))
	}
	c.block(&abci.ExecTxResult{Events: append([]abci.Event{signedBy("maker")}, activations...)})
	c.block(&abci.ExecTxResult{Events: []abci.Event{signedBy("owner"),
		typed(t, &paymenttypes.EventDevicePayment{PayerDeviceId: "victim", PayeeDeviceId: "peer1", Amount: "10"})}})
	c.quietUntilWindow(c.m.WindowOf(c.height) + 1)
	return c
}

// block applies the next block, made of txs.
func (c *fleetChain) block(txs ...*abci.ExecTxResult) {
	c.t.Helper()
	c.height++
	applied, err := c.state.ApplyBlock(c.m, c.height, Observe(txs, nil))
	require.NoError(c.t, err)
	require.True(c.t, applied)
}

// quietUntilWindow applies empty blocks up to the first block of window w.
func (c *fleetChain) quietUntilWindow(w int64) {
	for c.m.WindowOf(c.height) < w {
		c.block()
	}
}

func (c *fleetChain) scores() map[ScoreKey]uint32 {
	return c.m.Scores(c.state.Devices, map[string]uint64{"acme": 3}, fleetTypes)
}

// strangerBurst is a block of n activations that mallory submitted for
// the victim with proofs its key did not make, each in its own failed
// transaction with the ante handler's alert.
func strangerBurst(t *testing.T, n int) []*abci.ExecTxResult {
	var txs []*abci.ExecTxResult
	for i := 0; i < n; i++ {
		txs = append(txs, &abci.ExecTxResult{Code: devicetypes.ErrInvalidStatus.ABCICode(), Events: []abci.Event{
			signedBy("mallory"),
			typed(t, &devicetypes.EventActivationFailed{DeviceId: "victim", Owner: "mallory",
				Reason: "device victim is active, only a registered device can be activated", Submitter: "mallory"}),
		}})
	}
	return txs
}

func TestAStrangersFailedActivationsLeaveTheDeviceScoresExactlyAsTheyWere(t *testing.T) {
	attacked, twin := newFleetChain(t), newFleetChain(t)
	written := map[string]uint32{}
	for k, s := range attacked.scores() {
		written[k.String()] = s
	}
	before := attacked.scores()
	require.Equal(t, twin.scores(), before)

	// Within the open window: the scores do not move at all.
	for i := 0; i < 3; i++ {
		attacked.block(strangerBurst(t, 40)...)
		twin.block()
	}
	require.Equal(t, before, attacked.scores(), "120 refused activations naming the victim change none of its scores")
	require.Empty(t, Due(attacked.scores(), written, 0, -1), "so nothing is written for it, not even at min-change 0")

	// Across windows: the attacked fleet scores exactly as a fleet that
	// never saw the burst.
	bursts := 0
	for end := attacked.m.WindowOf(attacked.height) + 3; attacked.m.WindowOf(attacked.height) < end; bursts++ {
		attacked.block(strangerBurst(t, 5)...)
		twin.block()
	}
	require.Equal(t, twin.state.Devices, attacked.state.Devices, "the devices' statistics are those of the fleet that saw no burst")
	require.Equal(t, twin.scores(), attacked.scores())
	require.NotEqual(t, before, attacked.scores(), "the victim's payments decayed meanwhile: the scores did move, the same in both")
	require.Equal(t, uint64(120+5*bursts), attacked.state.Submitters["mallory"].Total, "every refused activation is the submitter's")
	require.Empty(t, twin.state.Submitters)
}

func TestABurstOfTheDevicesOwnRefusedPaymentsLowersItsFinancialScore(t *testing.T) {
	c := newFleetChain(t)
	before := c.scores()
	var own []*abci.ExecTxResult
	for i := 0; i < 5; i++ {
		own = append(own, refusedTx(t, &paymenttypes.EventPaymentRefused{PayerDeviceId: "victim", PayeeDeviceId: "peer1", Signer: "owner",
			Amount: "1000", Rules: []string{"payer_limit_day"}}, "owner"))
	}
	c.block(own...)
	c.quietUntilWindow(c.m.WindowOf(c.height) + 1)

	after := c.scores()
	victim := ScoreKey{"victim", "financial"}
	require.Less(t, after[victim], before[victim], "the owner's refused payments are the device's own evidence")
	// Against two quiet peers, with σ_min = 0.5: refused payments average
	// 0.5·5 (z = 5, weight 1), the one payment has decayed to 0.25 (z =
	// 0.5, weight 0.25).
	require.Equal(t, c.m.Score(5+0.25*0.5), after[victim])
	require.Equal(t, before[ScoreKey{"peer1", "financial"}], after[ScoreKey{"peer1", "financial"}], "the payee is not blamed")
	written := map[string]uint32{}
	for k, s := range before {
		written[k.String()] = s
	}
	require.Contains(t, Due(after, written, 0.01, -1), ScoreEntry{"victim", "financial", after[victim]})
}

func TestAStrangersUngrantedRefusalsAndForgedIdsMoveNoScore(t *testing.T) {
	c, twin := newFleetChain(t), newFleetChain(t)
	var txs []*abci.ExecTxResult
	for i := 0; i < 10; i++ {
		// An x/authz execution with no grant, naming the owner as signer:
		// the ante handler raised the alert before x/authz refused it.
		txs = append(txs, refusedTx(t, &paymenttypes.EventPaymentRefused{PayerDeviceId: "victim", PayeeDeviceId: "peer1", Signer: "owner",
			Amount: "1000", Rules: []string{"payee_excluded"}}, "mallory"))
		// A payment from an id the registry does not know.
		txs = append(txs, refusedTx(t, &paymenttypes.EventPaymentRefused{PayerDeviceId: "feed", PayeeDeviceId: "victim", Signer: "mallory",
			Amount: "1", Rules: []string{"payer_unknown"}}, "mallory"))
	}
	c.block(txs...)
	twin.block()
	c.quietUntilWindow(c.m.WindowOf(c.height) + 1)
	twin.quietUntilWindow(twin.m.WindowOf(twin.height) + 1)
	require.Equal(t, twin.state.Devices, c.state.Devices, "no state for the made-up payer, nothing counted for the victim")
	require.Equal(t, twin.scores(), c.scores())
}
