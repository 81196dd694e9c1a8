package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/types/module"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// flagGenTxDir is the SDK's collect-gentxs flag, read here to collect the
// same gentxs the SDK's command will.
const flagGenTxDir = "gentx-dir"

// CheckGenesisValidators makes the SDK's `genesis collect-gentxs` and
// `genesis validate` run permissiontypes.ValidateGenesisValidators first, on
// the whole app state: each module's ValidateGenesis sees only its own
// section, so neither command would otherwise see a gentx whose operator is
// not on the allowlist, and the chain would panic at start. collect-gentxs
// refuses before it writes genesis.json.
func CheckGenesisValidators(genesisCmd *cobra.Command, basics module.BasicManager) {
	gentxValidator := basics[genutiltypes.ModuleName].(genutil.AppModuleBasic).GenTxValidator
	checks := map[string]func(*cobra.Command, []string) error{
		"collect-gentxs": func(cmd *cobra.Command, _ []string) error { return checkCollectedGenTxs(cmd, gentxValidator) },
		"validate":       checkGenesisFile,
	}
	for _, c := range genesisCmd.Commands() {
		check, ok := checks[c.Name()]
		if !ok {
			continue
		}
		delete(checks, c.Name())
		run := c.RunE
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				// The refusal is about genesis.json, not the command line:
				// a usage page would bury it.
				cmd.SilenceUsage = true
				return err
			}
			return run(cmd, args)
		}
	}
	// A renamed SDK command would silently lose the check: fail at once.
	for name := range checks {
		panic(fmt.Sprintf("genesis command %q not found: the validator allowlist check cannot be attached", name))
	}
}

// checkCollectedGenTxs checks the app state collect-gentxs is about to write:
// genesis.json with the gentxs of the gentx directory. Errors in reading
// them are left to the SDK's command, which meets the same ones (before it
// writes) and reports them in its own words.
func checkCollectedGenTxs(cmd *cobra.Command, gentxValidator genutiltypes.MessageValidator) error {
	clientCtx := client.GetClientContextFromCmd(cmd)
	config := server.GetServerContextFromCmd(cmd).Config
	config.SetRoot(clientCtx.HomeDir)
	appGenesis, err := genutiltypes.AppGenesisFromFile(config.GenesisFile())
	if err != nil {
		return nil
	}
	genTxsDir, _ := cmd.Flags().GetString(flagGenTxDir)
	if genTxsDir == "" {
		genTxsDir = filepath.Join(config.RootDir, "config", "gentx")
	}
	txConfig := clientCtx.TxConfig
	genTxs, _, err := genutil.CollectTxs(clientCtx.Codec, txConfig.TxJSONDecoder(), config.Moniker, genTxsDir,
		appGenesis, banktypes.GenesisBalancesIterator{}, gentxValidator, txConfig.SigningContext().ValidatorAddressCodec())
	if err != nil {
		return nil
	}
	appState, err := genutiltypes.GenesisStateFromAppGenesis(appGenesis)
	if err != nil {
		return nil
	}
	appState, err = genutil.SetGenTxsInAppGenesisState(clientCtx.Codec, txConfig.TxJSONEncoder(), appState, genTxs)
	if err != nil {
		return nil
	}
	return permissiontypes.ValidateGenesisValidators(clientCtx.Codec, txConfig, appState)
}

// checkGenesisFile checks the genesis file `genesis validate` validates (its
// argument, or the home's). A file that does not parse is left to the SDK's
// command, which says where.
func checkGenesisFile(cmd *cobra.Command, args []string) error {
	clientCtx := client.GetClientContextFromCmd(cmd)
	genFile := server.GetServerContextFromCmd(cmd).Config.GenesisFile()
	if len(args) > 0 {
		genFile = args[0]
	}
	appGenesis, err := genutiltypes.AppGenesisFromFile(genFile)
	if err != nil {
		return nil
	}
	var appState map[string]json.RawMessage
	if err := json.Unmarshal(appGenesis.AppState, &appState); err != nil {
		return nil
	}
	if err := permissiontypes.ValidateGenesisValidators(clientCtx.Codec, clientCtx.TxConfig, appState); err != nil {
		return fmt.Errorf("error validating genesis file %s: %w", genFile, err)
	}
	return nil
}
