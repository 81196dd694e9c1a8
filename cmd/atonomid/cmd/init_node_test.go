package cmd_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cmttypes "github.com/cometbft/cometbft/types"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
)

// initNode is a single-validator chain made only by the binary's own
// commands, as an operator makes one: init, a genesis account, the
// allowlist, a gentx, collect-gentxs. Its node runs as a child process on
// loopback ports and is stopped when the test ends.
type initNode struct {
	bin, home, rpc string
	validator      string
}

// run executes the binary and returns its stdout, failing the test on error.
func (n *initNode) run(t *testing.T, args ...string) string {
	t.Helper()
	out, err := n.exec(args...)
	require.NoError(t, err, "atonomid %s: %s", strings.Join(args, " "), out)
	return out
}

func (n *initNode) exec(args ...string) (string, error) {
	cmd := exec.Command(n.bin, args...) //nolint:gosec // the test runs the binary it built
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		return stdout.String() + stderr.String(), err
	}
	return stdout.String(), nil
}

// freePort is a loopback port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func newInitNode(t *testing.T) *initNode {
	t.Helper()
	dir := t.TempDir()
	n := &initNode{bin: filepath.Join(dir, "atonomid"), home: filepath.Join(dir, "home")}
	build := exec.Command("go", "build", "-o", n.bin, "github.com/atonomi/atonomid/cmd/atonomid") //nolint:gosec // builds this module's own command
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	kr := []string{"--keyring-backend", "test", "--home", n.home}
	n.run(t, "init", "node0", "--chain-id", "init-test", "--home", n.home)
	n.run(t, append([]string{"keys", "add", "validator"}, kr...)...)
	n.validator = strings.TrimSpace(n.run(t, append([]string{"keys", "show", "validator", "-a"}, kr...)...))
	n.run(t, append([]string{"genesis", "add-genesis-account", "validator", "1000000000000" + app.BondDenom}, kr...)...)
	n.run(t, append([]string{"genesis", "allow-validator", "validator", "--note", "founding validator"}, kr...)...)
	n.run(t, append([]string{"genesis", "gentx", "validator", "100000000" + app.BondDenom, "--chain-id", "init-test"}, kr...)...)
	n.run(t, "genesis", "collect-gentxs", "--home", n.home)
	n.run(t, "genesis", "validate", "--home", n.home)
	return n
}

// start runs the node on free loopback ports until the test ends.
func (n *initNode) start(t *testing.T) {
	t.Helper()
	cfg := filepath.Join(n.home, "config", "config.toml")
	bz, err := os.ReadFile(cfg)
	require.NoError(t, err)
	bz = regexp.MustCompile(`(?m)^pprof_laddr = .*$`).ReplaceAll(bz, []byte(`pprof_laddr = ""`))
	require.NoError(t, os.WriteFile(cfg, bz, 0o600)) //nolint:gosec // the config file of the test's own temporary home

	n.rpc = fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t))
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, n.bin, "start", "--home", n.home, //nolint:gosec // the test runs the binary it built
		"--rpc.laddr", n.rpc,
		"--p2p.laddr", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)),
		"--proxy_app", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)),
		"--grpc.address", fmt.Sprintf("127.0.0.1:%d", freePort(t)),
		"--api.address", fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)))
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("node log:\n%s", logs.String())
		}
	})
	n.waitHeight(t, 2)
}

// height is the node's latest block height (0 while it does not answer).
func (n *initNode) height() int64 {
	out, err := n.exec("status", "--node", n.rpc)
	if err != nil {
		return 0
	}
	var st struct {
		SyncInfo struct {
			Height string `json:"latest_block_height"`
		} `json:"sync_info"`
	}
	if json.Unmarshal([]byte(out), &st) != nil {
		return 0
	}
	h, _ := strconv.ParseInt(st.SyncInfo.Height, 10, 64)
	return h
}

func (n *initNode) waitHeight(t *testing.T, h int64) {
	t.Helper()
	require.Eventually(t, func() bool { return n.height() >= h }, 90*time.Second, 250*time.Millisecond,
		"the node did not reach height %d", h)
}

// txResult is the part of a broadcast or committed tx the test reads.
type txResult struct {
	Code   uint32 `json:"code"`
	TxHash string `json:"txhash"`
	RawLog string `json:"raw_log"`
	Events []struct {
		Type       string `json:"type"`
		Attributes []struct {
			Key, Value string
		} `json:"attributes"`
	} `json:"events"`
}

// tx sends a transaction from the validator's key and returns CheckTx's answer.
func (n *initNode) tx(t *testing.T, args ...string) txResult {
	t.Helper()
	args = append(append([]string{"tx"}, args...), "--from", "validator", "--keyring-backend", "test",
		"--home", n.home, "--chain-id", "init-test", "--node", n.rpc, "--yes", "--output", "json")
	out, _ := n.exec(args...)
	var res txResult
	require.NoError(t, json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &res), out)
	return res
}

// committed waits for hash to be in a block and returns its result.
func (n *initNode) committed(t *testing.T, hash string) txResult {
	t.Helper()
	out := n.run(t, "q", "wait-tx", hash, "--node", n.rpc, "--output", "json", "--timeout", "30s")
	var res txResult
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	return res
}

// balance is the validator's uatmi balance.
func (n *initNode) balance(t *testing.T) int64 {
	t.Helper()
	out := n.run(t, "q", "bank", "balance", n.validator, app.BondDenom, "--node", n.rpc, "--output", "json")
	var res struct {
		Balance struct {
			Amount string `json:"amount"`
		} `json:"balance"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	v, err := strconv.ParseInt(res.Balance.Amount, 10, 64)
	require.NoError(t, err)
	return v
}

// TestANodeStartedFromInitsFilesChargesForEverything starts a node from
// the files `atonomid init` and the genesis commands wrote, as an operator
// does, and checks what an attacker sees: init wrote a non-zero minimum gas
// price, a query gas limit, a finite block gas limit, an explicit block size
// and ed25519 validator keys; a zero-fee transaction is refused; a
// transaction asking for more gas than a block holds never enters a block;
// a failing activation is admitted, lands, pays its fee and keeps its alert,
// which names the account that sent it.
func TestANodeStartedFromInitsFilesChargesForEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts a node")
	}
	n := newInitNode(t)

	appToml, err := os.ReadFile(filepath.Join(n.home, "config", "app.toml"))
	require.NoError(t, err)
	require.Contains(t, string(appToml), `minimum-gas-prices = "`+app.MinGasPrice+`"`)
	require.Contains(t, string(appToml), fmt.Sprintf(`query-gas-limit = "%d"`, app.QueryGasLimit))
	genesis, err := os.ReadFile(filepath.Join(n.home, "config", "genesis.json"))
	require.NoError(t, err)
	var g struct {
		Consensus struct {
			Params struct {
				Block struct {
					MaxBytes string `json:"max_bytes"`
					MaxGas   string `json:"max_gas"`
				} `json:"block"`
				Validator struct {
					PubKeyTypes []string `json:"pub_key_types"`
				} `json:"validator"`
			} `json:"params"`
		} `json:"consensus"`
	}
	require.NoError(t, json.Unmarshal(genesis, &g))
	p := g.Consensus.Params
	require.Equal(t, strconv.FormatInt(app.BlockMaxGas, 10), p.Block.MaxGas, "a finite block gas limit")
	require.Equal(t, strconv.FormatInt(app.ConsensusParams().Block.MaxBytes, 10), p.Block.MaxBytes, "an explicit block size")
	require.Equal(t, []string{"ed25519"}, p.Validator.PubKeyTypes)
	maxBytes, err := strconv.ParseInt(p.Block.MaxBytes, 10, 64)
	require.NoError(t, err)
	require.Less(t, maxBytes, cmttypes.DefaultBlockParams().MaxBytes, "smaller than CometBFT's 53 MiB default")
	require.Equal(t, app.BlockMaxDataBytes, cmttypes.MaxDataBytes(maxBytes, 1<<20, 100),
		"room for 2 MiB of transactions next to the evidence and the commit of 100 validators")

	n.start(t)
	start := n.balance(t)

	free := n.tx(t, "bank", "send", "validator", n.validator, "1"+app.BondDenom, "--gas", "200000")
	require.Equal(t, sdkerrors.ErrInsufficientFee.ABCICode(), free.Code, free.RawLog)
	require.Contains(t, free.RawLog, "insufficient fees")

	overGas := n.tx(t, "bank", "send", "validator", n.validator, "1"+app.BondDenom,
		"--gas", strconv.FormatInt(app.BlockMaxGas+1, 10), "--gas-prices", app.MinGasPrice)
	require.Equal(t, sdkerrors.ErrInvalidGasLimit.ABCICode(), overGas.Code, overGas.RawLog)
	require.Contains(t, overGas.RawLog, "exceeds block max gas")

	paid := n.tx(t, "bank", "send", "validator", n.validator, "1"+app.BondDenom, "--gas", "200000", "--gas-prices", app.MinGasPrice)
	require.Zero(t, paid.Code, paid.RawLog)
	require.Zero(t, n.committed(t, paid.TxHash).Code)
	require.Equal(t, start-2_000, n.balance(t), "a send to oneself costs exactly its fee: 200,000 gas at 0.01 uatmi")

	// A stranger's activation with a forged proof: admitted, in a block,
	// failed, paid for, with the alert naming its sender.
	id := devicekit.DeviceID([]byte("acme"), []byte("forged")).String()
	before := n.balance(t)
	forged := n.tx(t, "device", "activate", id, base64.StdEncoding.EncodeToString(make([]byte, 64)),
		"--gas", "300000", "--gas-prices", app.MinGasPrice)
	require.Zero(t, forged.Code, "CheckTx admits the failing activation: %s", forged.RawLog)
	res := n.committed(t, forged.TxHash)
	require.Equal(t, devicetypes.ErrUnknownDevice.ABCICode(), res.Code, res.RawLog)
	require.Equal(t, before-3_000, n.balance(t), "the failed activation paid its whole fee")
	var alerts int
	for _, ev := range res.Events {
		if ev.Type != "atonomi.device.v1.EventActivationFailed" {
			continue
		}
		alerts++
		attrs := map[string]string{}
		for _, a := range ev.Attributes {
			attrs[a.Key] = a.Value
		}
		require.Equal(t, strconv.Quote(n.validator), attrs["submitter"])
		require.Equal(t, strconv.Quote(id), attrs["device_id"])
	}
	require.Equal(t, 1, alerts, "the failed transaction's result keeps the alert")

	// The over-gas transaction never entered a block: it is unknown to the node.
	n.waitHeight(t, n.height()+1)
	_, err = n.exec("q", "tx", overGas.TxHash, "--node", n.rpc, "--output", "json")
	require.Error(t, err, "the transaction over the block gas limit is in no block")
}
