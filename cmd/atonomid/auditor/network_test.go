package auditor_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"cosmossdk.io/log/v2"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/cmd/atonomid/auditor"
	"github.com/atonomi/atonomid/testutil/network"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// runner runs a service in a goroutine and reports its progress.
type runner struct {
	svc    *auditor.Service
	cancel context.CancelFunc
	done   chan error
	height atomic.Int64
	idle   atomic.Bool // no batch in flight at the last report
}

func startService(t *testing.T, cfg auditor.Config) *runner {
	t.Helper()
	r := &runner{done: make(chan error, 1)}
	cfg.OnProgress = func(p auditor.Progress) {
		r.height.Store(p.Height)
		r.idle.Store(!p.Pending)
	}
	svc, err := auditor.New(cfg)
	require.NoError(t, err)
	r.svc = svc
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() { r.done <- svc.Run(ctx) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop cancels the service and waits for Run to return; it returns the
// state Run saved.
func (r *runner) stop(t *testing.T) *auditor.State {
	t.Helper()
	if r.cancel != nil {
		r.cancel()
		require.NoError(t, <-r.done)
		r.cancel = nil
	}
	return r.svc.State()
}

// serviceConfig is a service signing with key fromName of validator val's
// keyring, the operator of the auditor "sentinel", through the node at
// nodeURI, with windows of 2 blocks and batches as often as blocks come.
// The test itself must send no transaction from that account while the
// service runs: both would take the same sequences.
func serviceConfig(t *testing.T, n *network.Network, val *sdknetwork.Validator, fromName string, from sdk.AccAddress, nodeURI string) auditor.Config {
	t.Helper()
	cfg := auditor.DefaultConfig()
	cfg.ClientCtx = val.ClientCtx.WithFromAddress(from).WithFromName(fromName).WithNodeURI(nodeURI)
	cfg.Factory = tx.Factory{}.
		WithChainID(n.Config.ChainID).WithTxConfig(val.ClientCtx.TxConfig).WithKeybase(val.ClientCtx.Keyring).
		WithAccountRetriever(val.ClientCtx.AccountRetriever).WithGas(2_000_000).WithSignMode(signing.SignMode_SIGN_MODE_DIRECT)
	cfg.StatePath = filepath.Join(t.TempDir(), "auditor", "state.json")
	cfg.Interval = 300 * time.Millisecond
	cfg.PollInterval = 300 * time.Millisecond
	cfg.PendingBlocks = 3
	cfg.MinBackoff, cfg.MaxBackoff = 100*time.Millisecond, time.Second
	cfg.Model.WindowBlocks = 2
	cfg.Logger = log.NewTestLoggerError(t)
	return cfg
}

// sentinelHistory returns the scores of device id in type typ that the
// auditor sentinel wrote, newest first.
func sentinelHistory(t *testing.T, q reputationtypes.QueryClient, id, typ string) []reputationtypes.Score {
	t.Helper()
	res, err := q.History(context.Background(), &reputationtypes.QueryHistoryRequest{DeviceId: id, ReputationType: typ})
	require.NoError(t, err)
	var out []reputationtypes.Score
	for _, s := range res.Scores {
		if s.AuditorId == "sentinel" {
			out = append(out, s)
		}
	}
	return out
}

// waitUntil waits up to 40 blocks for cond.
func waitUntil(t *testing.T, n *network.Network, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 40; i++ {
		if cond() {
			return
		}
		require.NoError(t, n.WaitForNextBlock())
	}
	t.Fatalf("no %s within 40 blocks", what)
}

// TestAuditorServiceScoresThroughACutConnectionAndARestart runs the auditor
// service against validator 0's RPC through a proxy: a device's own refused
// payments and payments are scored and written on chain, forged activations
// are tallied against the account that sent them; events that happen while
// the proxy is cut, and while the service is down, are counted exactly once
// after it is back; no score is written twice.
func TestAuditorServiceScoresThroughACutConnectionAndARestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 2))
	val := n.Validators[1]
	operator := val.Address.String()
	forger := n.Validators[0].Address.String()
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("cd", 32), "--operators", operator)
	n.Tx(t, 0, 0, "auditor", "add", "sentinel", "Sentinel", operator, "--reputation-types", "security,financial", "--weight", "100")

	// Three devices: d0 pays d1 and tries to pay the never activated d2,
	// the target of forged activations.
	devices := network.NewDevices(t, "acme", "d0", "d1", "d2")
	n.Tx(t, 1, 0, "device", "register-whitelist", "acme", devices.File)
	ids := devices.IDs
	d0, d1, d2 := ids[0], ids[1], ids[2]

	activate := func(id string, code uint32, chainID string) {
		n.Tx(t, 0, code, "device", "activate", id, devices.Proof(t, id, chainID, n.Validators[0].Address))
	}
	// d0 is active before the service starts, so no event it sees names
	// d0's manufacturer: the service looks it up in the registry.
	activate(d0, 0, n.Config.ChainID)

	// A proof for another chain is a forged activation on this one.
	forge := func() { activate(d2, devicetypes.ErrInvalidActivation.ABCICode(), "another-chain") }
	pay := func() { n.Tx(t, 0, 0, "payment", "pay", d0, d1, "1000") }
	// A payment to the never activated d2 is refused; the ante handler's
	// EventPaymentRefused stays in the failed tx's results. d0's owner
	// signed it: it is d0's own evidence.
	refused := func() { n.Tx(t, 0, paymenttypes.ErrPaymentRefused.ABCICode(), "payment", "pay", d0, d2, "1000") }
	// A payment from an id no device has is refused too; it names no
	// device the registry knows.
	ghost := strings.Repeat("ab", 32)
	ghostPays := func() { n.Tx(t, 0, paymenttypes.ErrPaymentRefused.ABCICode(), "payment", "pay", ghost, d1, "1000") }

	rpc := strings.TrimPrefix(n.Validators[0].RPCAddress, "tcp://")
	px := newProxy(t, rpc)
	cfg := serviceConfig(t, n, val, val.Moniker, val.Address, "tcp://"+px.addr)
	// Every count of this test is checked after stretches in which devices
	// are idle: nothing is forgotten here (pruning has its own test).
	cfg.Model.PruneBelow = 0
	statePath := cfg.StatePath
	svc := startService(t, cfg)

	waitFor := func(what string, cond func() bool) { t.Helper(); waitUntil(t, n, what, cond) }
	q := reputationtypes.NewQueryClient(n.GRPC(t))
	sentinelScores := func(id, typ string) []reputationtypes.Score { t.Helper(); return sentinelHistory(t, q, id, typ) }
	// The service starts at the node's latest block: wait until it is
	// there, so that what follows is within its reach.
	waitFor("service start", func() bool { return svc.height.Load() > 0 })

	activate(d1, 0, n.Config.ChainID)
	forge()
	forge()
	pay()
	refused()
	ghostPays()

	waitFor("low financial score of the device whose payments were refused", func() bool {
		s := sentinelScores(d0, "financial")
		return len(s) > 0 && s[0].Score < reputationtypes.MaxScore
	})
	require.NotEmpty(t, sentinelScores(d1, "security"), "the quiet devices are scored too")

	// The node becomes unreachable; meanwhile the device is forged again
	// and payments are made and refused.
	px.cut()
	forge()
	forge()
	pay()
	refused()
	cutEnd, err := n.LatestHeight()
	require.NoError(t, err)
	px.restore()
	waitFor("catch-up after the cut", func() bool { return svc.height.Load() >= cutEnd })

	// The service stops; one more forgery happens while it is down; it
	// restarts from its state file with batches held back, settles what it
	// had in flight and counts the forgery.
	first := svc.stop(t)
	require.Equal(t, uint64(4), first.Submitters[forger].Total, "every forgery before and during the cut, once, against its submitter")
	forge()
	downEnd, err := n.LatestHeight()
	require.NoError(t, err)
	cfg.Interval = time.Hour
	again := startService(t, cfg)
	waitFor("catch-up after the restart", func() bool { return again.height.Load() >= downEnd && again.idle.Load() })
	st := again.stop(t)

	require.Equal(t, uint64(5), st.Submitters[forger].Total, "every forgery, once")
	require.NotContains(t, st.Devices, d2, "forged activations and refused payments to it give the device no state")
	require.NotContains(t, st.Devices, ghost, "nor does a payment from an id no device has")
	require.Equal(t, uint64(2), st.Devices[d0].Total[auditor.Payments], "every payment, once")
	require.Equal(t, uint64(2), st.Devices[d0].Total[auditor.RefusedPayments], "every refused payment, once")
	require.Zero(t, st.Devices[d1].Total[auditor.Payments], "the payee did not pay")
	require.Equal(t, "acme", st.Devices[d0].Manufacturer, "looked up in the registry: no event named it")
	require.Nil(t, st.Pending)

	// A crash between saving a batch and broadcasting it: the restarted
	// service finds the account's sequence unused and sends the same
	// signed transaction, which writes its score once.
	accNum, seq, err := val.ClientCtx.AccountRetriever.GetAccountNumberSequence(val.ClientCtx.WithClient(n.Validators[0].RPCClient), val.Address)
	require.NoError(t, err)
	const lost = 12345
	msg := &reputationtypes.MsgWriteScores{Operator: operator, Scores: []reputationtypes.ScoreEntry{{DeviceId: d1, ReputationType: "security", Score: lost}}}
	f := cfg.Factory.WithAccountNumber(accNum).WithSequence(seq)
	builder, err := f.BuildUnsignedTx(msg)
	require.NoError(t, err)
	require.NoError(t, tx.Sign(context.Background(), f, val.Moniker, builder, true))
	signed, err := val.ClientCtx.TxConfig.TxEncoder()(builder.GetTx())
	require.NoError(t, err)
	st.Pending = &auditor.PendingBatch{
		TxHash: fmt.Sprintf("%X", cmttypes.Tx(signed).Hash()), Tx: signed, Sequence: seq,
		Entries: []auditor.ScoreEntry{{DeviceID: d1, ReputationType: "security", Score: lost}},
		Height:  st.LastHeight, Checked: st.LastHeight - cfg.PendingBlocks,
	}
	require.NoError(t, st.Save(statePath))
	third := startService(t, cfg)
	waitFor("the lost batch on chain", func() bool {
		s := sentinelScores(d1, "security")
		return len(s) > 0 && s[0].Score == lost && third.idle.Load()
	})
	st = third.stop(t)
	require.Nil(t, st.Pending)

	// The state's scores are the chain's, and no score was written twice:
	// the service writes a device's score again only when it changed.
	for _, id := range ids {
		for _, typ := range []string{"security", "financial"} {
			scores := sentinelScores(id, typ)
			w, ok := st.Written[id+"/"+typ]
			if len(scores) == 0 {
				require.False(t, ok, "%s %s: written per the state, absent on chain", id, typ)
				continue
			}
			require.True(t, ok, "%s %s", id, typ)
			require.Equal(t, scores[0].Score, w, "%s %s: the state holds the newest score on chain", id, typ)
			for i := 1; i < len(scores); i++ {
				require.NotEqual(t, scores[i].Score, scores[i-1].Score, "%s %s: the same score twice in a row: %v", id, typ, scores)
			}
		}
	}
}

// TestAuditorServiceWritesNothingForAStrangersFailedActivations: a stranger
// sends activations with proofs the device's key did not make, naming an
// active device the service has scored. The device's statistics stay
// exactly as they were, no new score of it is written, and the refusals are
// tallied against the stranger.
func TestAuditorServiceWritesNothingForAStrangersFailedActivations(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 1))
	val := n.Validators[0]
	self := val.Address.String()
	// Validator 0 is the manufacturer's operator and owns the devices; the
	// auditor's operator and the stranger are accounts of their own.
	operator := newFundedAccount(t, n, "sentinel-operator")
	stranger := newFundedAccount(t, n, "stranger")
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("cd", 32), "--operators", self)
	n.Tx(t, 0, 0, "auditor", "add", "sentinel", "Sentinel", operator.String(), "--reputation-types", "security,financial", "--weight", "100")
	devices := n.RegisterDevices(t, 0, "acme", "d0", "d1")
	d0, d1 := devices.IDs[0], devices.IDs[1]

	cfg := serviceConfig(t, n, val, "sentinel-operator", operator, val.RPCAddress)
	// The devices stay tracked however idle, so that their statistics can
	// be compared before and after.
	cfg.Model.PruneBelow = 0
	svc := startService(t, cfg)
	q := reputationtypes.NewQueryClient(n.GRPC(t))
	waitUntil(t, n, "service start", func() bool { return svc.height.Load() > 0 })

	n.Activate(t, 0, devices, d0)
	n.Activate(t, 0, devices, d1)
	types := []string{"financial", "security"}
	waitUntil(t, n, "the devices' first scores", func() bool {
		for _, id := range devices.IDs {
			for _, typ := range types {
				if len(sentinelHistory(t, q, id, typ)) == 0 {
					return false
				}
			}
		}
		return svc.idle.Load()
	})
	before := svc.stop(t)
	written := map[string]int{}
	for _, typ := range types {
		written[typ] = len(sentinelHistory(t, q, d0, typ))
	}

	again := startService(t, cfg)
	flags := n.TxFlags(0)
	flags[1] = stranger.String() // --from
	const burst = 5
	for i := 0; i < burst; i++ {
		// d0 is active: the activation fails, and its ante-handler alert
		// names d0 and the stranger as submitter.
		out, err := n.CLI(0, append([]string{"tx", "device", "activate", d0, devices.Proof(t, d0, "another-chain", stranger)}, flags...)...)
		require.NoError(t, err, out)
		res := n.RequireTxCode(t, out, devicetypes.ErrInvalidStatus.ABCICode())
		require.Contains(t, res.Log, "only a registered device can be activated")
	}
	burstEnd, err := n.LatestHeight()
	require.NoError(t, err)
	// Two windows after the burst, so that its window has closed and a
	// batch was considered since.
	waitUntil(t, n, "catch-up past the burst", func() bool {
		return again.height.Load() >= burstEnd+2*cfg.Model.WindowBlocks && again.idle.Load()
	})
	after := again.stop(t)

	require.Equal(t, before.Devices, after.Devices, "the devices' statistics are exactly as they were")
	require.Equal(t, before.Written, after.Written)
	for _, typ := range types {
		require.Len(t, sentinelHistory(t, q, d0, typ), written[typ], "no new %s score of the device", typ)
	}
	require.Equal(t, uint64(burst), after.Submitters[stranger.String()].Total, "the refusals are the stranger's")
}

// newFundedAccount adds a key to validator 0's keyring and funds its
// account from validator 0, so that it can sign transactions.
func newFundedAccount(t *testing.T, n *network.Network, name string) sdk.AccAddress {
	t.Helper()
	rec, _, err := n.Validators[0].ClientCtx.Keyring.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	require.NoError(t, err)
	addr, err := rec.GetAddress()
	require.NoError(t, err)
	n.Tx(t, 0, 0, "bank", "send", n.Validators[0].Address.String(), addr.String(), "1000000"+app.BondDenom)
	return addr
}
