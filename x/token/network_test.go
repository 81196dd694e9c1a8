package token_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil/network"
	"github.com/atonomi/atonomid/x/token/types"
)

// TestAuditorEpochQueries: on two in-process validators, an auditor writes
// two scores; the auditor pool's running epoch and its tally answer over
// gRPC, REST and the CLI. The default epoch (1,000 blocks) does not end
// during the test, so the tally is still the one the scores made; the
// payout at an epoch's end is app/auditor_pool_test.go's.
func TestAuditorEpochQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 2))
	operator := n.Validators[1].Address.String()
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("cd", 32), "--operators", operator, "--default-reputation", "5000")
	n.Tx(t, 0, 0, "auditor", "add", "sentinel", "Sentinel", operator, "--reputation-types", "security", "--weight", "300")
	ids := n.ActivateDevices(t, "acme", 1, 0, "meter", "lamp")
	n.Tx(t, 1, 0, "reputation", "write-scores",
		"--scores", fmt.Sprintf(`{"device_id":%q,"reputation_type":"security","score":4000}`, ids[0]),
		"--scores", fmt.Sprintf(`{"device_id":%q,"reputation_type":"security","score":7000}`, ids[1]))

	want := math.NewInt(2 * 300 * types.ScoreCredit)
	res, err := types.NewQueryClient(n.GRPC(t)).AuditorEpoch(context.Background(), &types.QueryAuditorEpochRequest{})
	require.NoError(t, err)
	require.Equal(t, types.AuditorEpoch{Number: 1, StartHeight: 1, TotalCredit: want}, res.Epoch)
	require.Equal(t, int64(types.DefaultAuditorEpochBlocks), res.EndHeight)
	require.Equal(t, []types.AuditorCredit{{AuditorId: "sentinel", Credit: want}}, res.Credits)
	require.True(t, res.AuditorPool.IsPositive(), "the auditor share of the fees")

	body := n.REST(t, "/atonomi/token/v1/auditor_epoch")
	require.Contains(t, body, `"auditor_id":"sentinel"`)
	require.Contains(t, body, `"total_credit":"`+want.String()+`"`)
	out, err := n.CLI(0, "query", "token", "auditor-epoch", "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, `"credit": "`+want.String()+`"`)
	require.Contains(t, out, `"end_height": "1000"`)
}
