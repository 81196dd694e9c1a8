package cmd

// These tests run x/permission/client/cli's genesis commands through the
// atonomid root command, as an operator does, so they live beside it.

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	clientv2helpers "cosmossdk.io/client/v2/helpers"
	"github.com/stretchr/testify/require"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/atonomi/atonomid/app"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// runAtonomid runs one atonomid command line in-process, as main does, and
// returns what it printed.
func runAtonomid(t *testing.T, args ...string) (string, error) {
	t.Helper()
	rootCmd := NewRootCmd()
	var out bytes.Buffer
	rootCmd.SetOut(&out)
	rootCmd.SetErr(&out)
	rootCmd.SetArgs(args)
	err := svrcmd.Execute(rootCmd, clientv2helpers.EnvPrefix, app.DefaultNodeHome)
	return out.String(), err
}

func mustRunAtonomid(t *testing.T, args ...string) string {
	t.Helper()
	out, err := runAtonomid(t, args...)
	require.NoError(t, err, out)
	return strings.TrimSpace(out)
}

// gentxHome initialises a node home whose key "validator" is funded in
// genesis and has written a gentx (moniker "acme-node"), the steps of
// docs/operators.md before collect-gentxs; allow puts the operator on the
// allowlist first. It returns the home and the operator's account address.
func gentxHome(t *testing.T, allow bool) (home, operator string) {
	t.Helper()
	home = t.TempDir()
	kr := []string{"--keyring-backend", "test", "--home", home}
	mustRunAtonomid(t, "init", "node0", "--chain-id", "atonomi-test", "--home", home)
	mustRunAtonomid(t, append([]string{"keys", "add", "validator"}, kr...)...)
	operator = mustRunAtonomid(t, append([]string{"keys", "show", "validator", "-a"}, kr...)...)
	mustRunAtonomid(t, append([]string{"genesis", "add-genesis-account", "validator", "1000000000000uatmi"}, kr...)...)
	if allow {
		mustRunAtonomid(t, append([]string{"genesis", "allow-validator", "validator", "--note", "acme"}, kr...)...)
	}
	mustRunAtonomid(t, append([]string{"genesis", "gentx", "validator", "100000000uatmi",
		"--chain-id", "atonomi-test", "--moniker", "acme-node"}, kr...)...)
	return home, operator
}

// requireNamesOperator checks the refusal is the allowlist's and tells the
// user which operator to allow, and how.
func requireNamesOperator(t *testing.T, err error, operator string) {
	t.Helper()
	require.ErrorIs(t, err, permissiontypes.ErrGenesisValidatorNotAllowed)
	require.Contains(t, err.Error(), `gentx 0, moniker "acme-node": operator `+operator)
	require.Contains(t, err.Error(), "atonomid genesis allow-validator "+operator+" --note")
}

func TestCollectGentxsRefusesAnOperatorNotOnTheAllowlist(t *testing.T) {
	home, operator := gentxHome(t, false)
	genFile := filepath.Join(home, "config", "genesis.json")
	before, err := os.ReadFile(genFile)
	require.NoError(t, err)

	_, err = runAtonomid(t, "genesis", "collect-gentxs", "--home", home)
	requireNamesOperator(t, err, operator)
	after, err := os.ReadFile(genFile)
	require.NoError(t, err)
	require.Equal(t, string(before), string(after), "a refused collect-gentxs leaves genesis.json as it was")

	// The command the error gives is the fix.
	mustRunAtonomid(t, "genesis", "allow-validator", operator, "--note", "acme", "--keyring-backend", "test", "--home", home)
	mustRunAtonomid(t, "genesis", "collect-gentxs", "--home", home)
	require.Contains(t, mustRunAtonomid(t, "genesis", "validate", "--home", home), "is a valid genesis file")
}

func TestGenesisValidateRefusesAnOperatorNotOnTheAllowlist(t *testing.T) {
	home, operator := gentxHome(t, true)
	mustRunAtonomid(t, "genesis", "collect-gentxs", "--home", home)

	// Take the operator off the allowlist of the collected genesis, as an
	// edit by hand (or a genesis.json from elsewhere) would.
	genFile := filepath.Join(home, "config", "genesis.json")
	bz, err := os.ReadFile(genFile)
	require.NoError(t, err)
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(bz, &doc))
	var appState map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(doc["app_state"], &appState))
	appState[permissiontypes.ModuleName] = json.RawMessage(`{"params":{"registrars":[],"min_validators":1},"allowed_validators":[]}`)
	doc["app_state"], err = json.Marshal(appState)
	require.NoError(t, err)
	bz, err = json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(genFile, bz, 0o600))
	elsewhere := filepath.Join(t.TempDir(), "genesis.json")
	require.NoError(t, os.WriteFile(elsewhere, bz, 0o600))

	for name, args := range map[string][]string{
		"the home's genesis file": {"genesis", "validate", "--home", home},
		"a genesis file argument": {"genesis", "validate", elsewhere, "--home", home},
	} {
		t.Run(name, func(t *testing.T) {
			out, err := runAtonomid(t, args...)
			requireNamesOperator(t, err, operator)
			require.NotContains(t, out, "is a valid genesis file")
		})
	}
}
