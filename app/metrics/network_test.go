package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"cosmossdk.io/log/v2"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/server/api"
	"github.com/cosmos/cosmos-sdk/server/config"
	"github.com/cosmos/cosmos-sdk/telemetry"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/testutil/apptest"
	"github.com/atonomi/atonomid/testutil/network"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
)

// TestMetricsOnThePrometheusEndpoint runs the registries' work on one
// in-process validator with telemetry enabled as app.toml's
// `telemetry.enabled = true` and `prometheus-retention-time` enable it, and
// reads the counters from /metrics?format=prometheus of an API server wired
// as `atonomid start` wires it. One validator: the counters are
// process-wide, and every validator of an in-process network would count
// the same blocks.
func TestMetricsOnThePrometheusEndpoint(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	metrics, err := telemetry.New(telemetry.Config{Enabled: true, PrometheusRetentionTime: 600}) //nolint:staticcheck // what the node's /metrics serves
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = telemetry.New(telemetry.Config{}) }) //nolint:staticcheck // turns the process-wide switch back off

	n := network.New(t, network.Config(t, 1))
	self := n.Validators[0].Address.String()
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("ab", 32), "--operators", self)
	n.Tx(t, 0, 0, "auditor", "add", "sentinel", "Sentinel", self, "--reputation-types", "security", "--weight", "100")
	devices := n.RegisterDevices(t, 0, "acme", "meter-1", "meter-2")
	n.Activate(t, 0, devices, devices.IDs[0])
	// A proof the device signed for another owner fails in the ante handler.
	other := sdk.AccAddress("someone-else________")
	n.Tx(t, 0, devicetypes.ErrInvalidActivation.ABCICode(), "device", "activate", devices.IDs[1],
		devices.Proof(t, devices.IDs[1], n.Config.ChainID, other))
	n.Tx(t, 0, 0, "reputation", "write-scores",
		"--scores", `{"device_id":"`+devices.IDs[0]+`","reputation_type":"security","score":6000}`)

	srv := api.New(n.Validators[0].ClientCtx, log.NewNopLogger(), nil)
	apptest.New(t).RegisterAPIRoutes(srv, config.APIConfig{})
	srv.SetTelemetry(metrics) //nolint:staticcheck // as server.startAPIServer does when telemetry is enabled
	ts := httptest.NewServer(srv.Router)
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/metrics?format=prometheus")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))

	lines := strings.Split(string(body), "\n")
	for _, want := range []string{
		`atonomi_device_registered{manufacturer_id="acme",source="batch"} 2`,
		`atonomi_device_activations{key_type="secp256r1",manufacturer_id="acme"} 1`,
		`atonomi_device_activations_failed 1`,
		`atonomi_reputation_scores_written{direction="up",reputation_type="security"} 1`,
	} {
		require.Contains(t, lines, want, "metrics:\n%s", grepAtonomi(lines))
	}
}

func grepAtonomi(lines []string) string {
	var out []string
	for _, l := range lines {
		if strings.Contains(l, "atonomi_") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
