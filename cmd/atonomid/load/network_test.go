package load_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/cmd/atonomid/load"
	"github.com/atonomi/atonomid/testutil/network"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
)

// TestLoadModesAgainstNetwork runs each workload for a few transactions on
// an in-process validator, whose key is both the faucet and the registrar,
// and checks the report's counts against chain state: the manufacturers'
// device counters, the auditors' aggregates and the payment sink's balance.
func TestLoadModesAgainstNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	cfg := network.Config(t, 1)
	cfg.TimeoutCommit = 500 * time.Millisecond
	n := network.New(t, cfg)
	val := n.Validators[0]
	conn := n.GRPC(t)
	env := load.Env{RPC: val.RPCClient, GRPC: conn, TxConfig: val.ClientCtx.TxConfig, Registry: val.ClientCtx.InterfaceRegistry, Keyring: val.ClientCtx.Keyring}
	ctx := context.Background()

	run := func(t *testing.T, mode load.Mode, batch, maxTxs int) (load.Report, load.Fixture) {
		c := load.DefaultConfig()
		c.Mode, c.Accounts, c.Batch, c.MaxTxs = mode, 2, batch, maxTxs
		c.Duration, c.Drain = 20*time.Second, 20*time.Second
		c.QueryRate, c.QueryWorkers, c.PoolDevices = 20, 4, 50
		c.Fund = 20_000_000
		c.Faucet, c.Registrar = "node0", "node0"
		rep, fixture, err := load.Run(ctx, env, c, nil)
		require.NoError(t, err)
		var out strings.Builder
		require.NoError(t, rep.Write(&out))
		t.Log("\n" + out.String())
		require.Equal(t, maxTxs, rep.Accepted, "every transaction of the bound was accepted: %+v", rep)
		require.Equal(t, rep.Accepted, rep.Committed, "and committed: %+v", rep)
		require.Zero(t, rep.NotIncluded)
		require.Equal(t, maxTxs*batch, rep.Units())
		require.Positive(t, rep.Blocks)
		require.Positive(t, rep.DeviceLookups.Count+rep.ReputationLookups.Count, "lookups ran alongside")
		require.Zero(t, rep.DeviceLookups.Errors+rep.ReputationLookups.Errors)
		return rep, fixture
	}
	manufacturer := func(t *testing.T, id string) manufacturertypes.Manufacturer {
		res, err := manufacturertypes.NewQueryClient(conn).Manufacturer(ctx, &manufacturertypes.QueryManufacturerRequest{Id: id})
		require.NoError(t, err)
		return res.Manufacturer
	}

	t.Run("registrations are counted by the manufacturers", func(t *testing.T) {
		rep, fixture := run(t, load.ModeRegistrations, 30, 4)
		var registered uint64
		for _, id := range fixture.Manufacturers {
			registered += manufacturer(t, id).DevicesRegistered
		}
		require.Equal(t, uint64(rep.DevicesRegistered+fixture.PoolSize), registered)
	})
	t.Run("activations are counted as active devices", func(t *testing.T) {
		rep, fixture := run(t, load.ModeActivations, 3, 4)
		require.Equal(t, uint64(rep.Activations), manufacturer(t, fixture.Manufacturers[0]).DevicesActive)
	})
	t.Run("scores reach the aggregates", func(t *testing.T) {
		// 4 × 20 scores stay within the pool's 100 pairs: every score is
		// its auditor's first of its pair, so each counts one auditor.
		rep, fixture := run(t, load.ModeScores, 20, 4)
		client := reputationtypes.NewQueryClient(conn)
		var counted int
		for _, id := range fixture.PoolDevices {
			res, err := client.DeviceReputation(ctx, &reputationtypes.QueryDeviceReputationRequest{DeviceId: id})
			require.NoError(t, err)
			for _, a := range res.Aggregates {
				counted += int(a.Auditors)
			}
		}
		require.Equal(t, rep.Scores, counted)
	})
	t.Run("lookups alone send no transaction", func(t *testing.T) {
		c := load.DefaultConfig()
		c.Mode, c.Accounts, c.Duration = load.ModeLookups, 1, 2*time.Second
		c.QueryRate, c.QueryWorkers, c.PoolDevices = 20, 4, 50
		c.Fund = 20_000_000
		c.Faucet, c.Registrar = "node0", "node0"
		rep, _, err := load.Run(ctx, env, c, nil)
		require.NoError(t, err)
		require.Zero(t, rep.Broadcast)
		require.Positive(t, rep.DeviceLookups.Count)
		require.Positive(t, rep.ReputationLookups.Count)
		require.Zero(t, rep.DeviceLookups.Errors+rep.ReputationLookups.Errors)
		var out strings.Builder
		require.NoError(t, rep.Write(&out))
		require.Contains(t, out.String(), "no transactions")
	})
	t.Run("payments reach the payee's wallet", func(t *testing.T) {
		rep, fixture := run(t, load.ModePayments, 3, 4)
		res, err := banktypes.NewQueryClient(conn).Balance(ctx, &banktypes.QueryBalanceRequest{Address: fixture.PaymentSink, Denom: app.BondDenom})
		require.NoError(t, err)
		require.Equal(t, int64(rep.Payments)*fixture.PaymentAmount, res.Balance.Amount.Int64())
	})
}
