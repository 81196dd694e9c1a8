package verify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client/flags"
	clitestutil "github.com/cosmos/cosmos-sdk/testutil/cli"

	"github.com/atonomi/atonomid/cmd/atonomid/verify"
	"github.com/atonomi/atonomid/testutil/network"
)

type verified struct {
	Answer   map[string]any `json:"answer"`
	Verified struct {
		TrustedHeight int64  `json:"trusted_height"`
		StateHeight   int64  `json:"state_height"`
		Steps         int    `json:"steps"`
		Method        string `json:"method"`
	} `json:"verified"`
}

// startChain starts one validator, admits acme (default reputation 5000)
// and returns the hash of header 2, the tests' trust root.
func startChain(t *testing.T) (*network.Network, string) {
	t.Helper()
	n := network.New(t, network.Config(t, 1))
	_, err := n.WaitForHeight(3)
	require.NoError(t, err)
	h := int64(2)
	c, err := n.Validators[0].RPCClient.Commit(context.Background(), &h)
	require.NoError(t, err)
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("ab", 32),
		"--operators", n.Validators[0].Address.String(), "--default-reputation", "5000")
	return n, fmt.Sprintf("%X", c.Hash())
}

// runVerify runs `atonomid verify args...` under a root command that owns
// --home, as atonomid's does.
func runVerify(n *network.Network, args ...string) (string, error) {
	top := &cobra.Command{Use: "atonomid"}
	top.PersistentFlags().String(flags.FlagHome, "", "")
	top.AddCommand(verify.Cmd())
	out, err := clitestutil.ExecTestCLICmd(n.Validators[0].ClientCtx, top, append([]string{"verify"}, args...))
	return out.String(), err
}

// TestVerifyCommands runs `atonomid verify device` and `verify reputation`
// against an in-process node with the trust root from flags and from
// client.toml, and refuses a wrong or missing trust root.
func TestVerifyCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n, trustHash := startChain(t)
	self := n.Validators[0].Address.String()
	n.Tx(t, 0, 0, "auditor", "add", "sentinel", "Sentinel", self, "--reputation-types", "security", "--weight", "100")
	id := n.ActivateDevices(t, "acme", 0, 0, "meter")[0]
	n.Tx(t, 0, 0, "reputation", "write-scores", "--scores", fmt.Sprintf(`{"device_id":%q,"reputation_type":"security","score":7000}`, id))
	require.NoError(t, n.WaitForNextBlock())

	node := []string{"--node", n.Validators[0].RPCAddress}
	root := append([]string{"--trust-height", "2", "--trust-hash", trustHash}, node...)
	run := func(args ...string) (string, error) { return runVerify(n, args...) }
	runJSON := func(args ...string) verified {
		t.Helper()
		out, err := run(append(args, "--output", "json")...)
		require.NoError(t, err, out)
		var v verified
		require.NoError(t, json.Unmarshal([]byte(out), &v), out)
		return v
	}

	v := runJSON(append([]string{"device", id}, root...)...)
	require.Equal(t, "active", v.Answer["status"])
	require.Equal(t, "acme", v.Answer["manufacturer"])
	require.Equal(t, "active", v.Answer["manufacturer_status"])
	require.Equal(t, self, v.Answer["owner"])
	require.EqualValues(t, 2, v.Verified.TrustedHeight)
	require.Greater(t, v.Verified.StateHeight, int64(2))
	require.Contains(t, v.Verified.Method, "the node was not trusted")

	v = runJSON(append([]string{"reputation", id, "security"}, root...)...)
	require.EqualValues(t, 7000, v.Answer["value"])
	require.Equal(t, true, v.Answer["scored"])
	v = runJSON(append([]string{"reputation", id, "privacy"}, root...)...)
	require.EqualValues(t, 5000, v.Answer["value"], "an unscored type is the device's own default")
	require.Equal(t, false, v.Answer["scored"])

	unknown := strings.Repeat("ab", 32)
	v = runJSON(append([]string{"device", unknown}, root...)...)
	require.Equal(t, false, v.Answer["found"], "an unknown device is proven absent")

	out, err := run(append([]string{"device", id}, root...)...)
	require.NoError(t, err)
	require.Contains(t, out, "status: active")
	require.Contains(t, out, "verified: state ")
	require.Contains(t, out, "reached from the trusted header 2")

	// The trust root from client.toml.
	home := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(home, "config"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(home, "config", "client.toml"),
		[]byte(fmt.Sprintf("trust-height = 2\ntrust-hash = %q\n", trustHash)), 0o600))
	v = runJSON(append([]string{"device", id, "--home", home}, node...)...)
	require.Equal(t, "active", v.Answer["status"])

	_, err = run(append([]string{"device", id, "--trust-height", "2", "--trust-hash", strings.Repeat("00", 32)}, node...)...)
	require.ErrorContains(t, err, "not the trusted", "a trust root the node's header does not match")
	_, err = run(append([]string{"device", id}, node...)...)
	require.ErrorContains(t, err, "no trust root")
	_, err = run(append([]string{"device", strings.ToUpper(id)}, root...)...)
	require.ErrorContains(t, err, "not canonical")
}
