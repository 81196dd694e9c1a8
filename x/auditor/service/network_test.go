package service_test

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
	"github.com/cosmos/cosmos-sdk/types/tx/signing"

	"github.com/atonomi/atonomid/testutil/network"
	"github.com/atonomi/atonomid/x/auditor/service"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// runner runs a service in a goroutine and reports its progress.
type runner struct {
	svc    *service.Service
	cancel context.CancelFunc
	done   chan error
	height atomic.Int64
	idle   atomic.Bool // no batch in flight at the last report
}

func startService(t *testing.T, cfg service.Config) *runner {
	t.Helper()
	r := &runner{done: make(chan error, 1)}
	cfg.OnProgress = func(p service.Progress) {
		r.height.Store(p.Height)
		r.idle.Store(!p.Pending)
	}
	svc, err := service.New(cfg)
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
func (r *runner) stop(t *testing.T) *service.State {
	t.Helper()
	if r.cancel != nil {
		r.cancel()
		require.NoError(t, <-r.done)
		r.cancel = nil
	}
	return r.svc.State()
}

// TestAuditorServiceScoresThroughACutConnectionAndARestart runs the auditor
// service against validator 0's RPC through a proxy: failed activations and
// payments are scored and written on chain; events that happen while the
// proxy is cut, and while the service is down, are counted exactly once
// after it is back; no score is written twice.
func TestAuditorServiceScoresThroughACutConnectionAndARestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 2))
	val := n.Validators[1]
	operator := val.Address.String()
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("cd", 32), "--operators", operator)
	n.Tx(t, 0, 0, "auditor", "add", "sentinel", "Sentinel", operator, "--reputation-types", "security,financial", "--weight", "100")

	// Three devices: two will be activated and pay, the third is the
	// target of forged activations.
	devices := network.NewDevices(t, "acme", "d0", "d1", "d2")
	n.Tx(t, 1, 0, "device", "register-whitelist", "acme", devices.File)
	ids := devices.IDs
	d0, d1, d2 := ids[0], ids[1], ids[2]

	activate := func(id string, code uint32, chainID string) {
		n.Tx(t, 0, code, "device", "activate", id, devices.Proof(t, id, chainID, n.Validators[0].Address))
	}
	// A proof for another chain is a forged activation on this one.
	forge := func() { activate(d2, devicetypes.ErrInvalidActivation.ABCICode(), "another-chain") }
	pay := func() { n.Tx(t, 0, 0, "payment", "pay", d0, d1, "1000") }
	// A payment to the never activated d2 is refused; the ante handler's
	// EventPaymentRefused stays in the failed tx's results.
	refused := func() { n.Tx(t, 0, paymenttypes.ErrPaymentRefused.ABCICode(), "payment", "pay", d0, d2, "1000") }

	rpc := strings.TrimPrefix(n.Validators[0].RPCAddress, "tcp://")
	px := newProxy(t, rpc)
	statePath := filepath.Join(t.TempDir(), "auditor", "state.json")
	cfg := service.DefaultConfig()
	cfg.ClientCtx = val.ClientCtx.WithFromAddress(val.Address).WithFromName(val.Moniker).WithNodeURI("tcp://" + px.addr)
	cfg.Factory = tx.Factory{}.
		WithChainID(n.Config.ChainID).WithTxConfig(val.ClientCtx.TxConfig).WithKeybase(val.ClientCtx.Keyring).
		WithAccountRetriever(val.ClientCtx.AccountRetriever).WithGas(2_000_000).WithSignMode(signing.SignMode_SIGN_MODE_DIRECT)
	cfg.StatePath = statePath
	cfg.Interval = 300 * time.Millisecond
	cfg.PollInterval = 300 * time.Millisecond
	cfg.PendingBlocks = 3
	cfg.MinBackoff, cfg.MaxBackoff = 100*time.Millisecond, time.Second
	cfg.Model.WindowBlocks = 2
	cfg.Logger = log.NewTestLoggerError(t)
	svc := startService(t, cfg)

	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for i := 0; i < 40; i++ {
			if cond() {
				return
			}
			require.NoError(t, n.WaitForNextBlock())
		}
		t.Fatalf("no %s within 40 blocks", what)
	}
	// The service starts at the node's latest block: wait until it is
	// there, so that what follows is within its reach.
	waitFor("service start", func() bool { return svc.height.Load() > 0 })

	activate(d0, 0, n.Config.ChainID)
	activate(d1, 0, n.Config.ChainID)
	forge()
	forge()
	pay()
	refused()

	q := reputationtypes.NewQueryClient(n.GRPC(t))
	sentinelScores := func(id, typ string) []reputationtypes.Score {
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
	waitFor("low security score of the forged device", func() bool {
		s := sentinelScores(d2, "security")
		return len(s) > 0 && s[0].Score < reputationtypes.MaxScore
	})
	require.NotEmpty(t, sentinelScores(d0, "security"), "the quiet devices are scored too")

	// The node becomes unreachable; meanwhile the device is forged again
	// and a payment is made.
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
	require.Equal(t, uint64(4), first.Devices[d2].Total[service.FailedActivations], "every forgery before and during the cut, once")
	forge()
	downEnd, err := n.LatestHeight()
	require.NoError(t, err)
	cfg.Interval = time.Hour
	again := startService(t, cfg)
	waitFor("catch-up after the restart", func() bool { return again.height.Load() >= downEnd && again.idle.Load() })
	st := again.stop(t)

	require.Equal(t, uint64(5), st.Devices[d2].Total[service.FailedActivations], "every forgery, once")
	require.Equal(t, uint64(2), st.Devices[d0].Total[service.Payments], "every payment, once")
	require.Equal(t, uint64(2), st.Devices[d0].Total[service.RefusedPayments], "every refused payment, once")
	require.Zero(t, st.Devices[d1].Total[service.Payments], "the payee did not pay")
	require.Equal(t, "acme", st.Devices[d2].Manufacturer, "looked up in the registry: no event named it")
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
	st.Pending = &service.PendingBatch{
		TxHash: fmt.Sprintf("%X", cmttypes.Tx(signed).Hash()), Tx: signed, Sequence: seq,
		Entries: []service.ScoreEntry{{DeviceID: d1, ReputationType: "security", Score: lost}},
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
