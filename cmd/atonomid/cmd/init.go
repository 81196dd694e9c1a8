package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutilcli "github.com/cosmos/cosmos-sdk/x/genutil/client/cli"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/atonomi/atonomid/app"
)

// initCmd is the SDK's init with this chain's consensus parameters. The
// SDK's command writes CometBFT's defaults into genesis.json (no block gas
// limit, 53 MiB blocks) and lets --consensus-key-algo pick the validators'
// key type; this one pins validator keys to ed25519 and then rewrites the
// genesis consensus parameters to app.ConsensusParams. The node's app.toml,
// with its minimum gas price and query gas limit, is written by the root
// command's config handler (initAppConfig) before init runs.
func initCmd(basics module.BasicManager) *cobra.Command {
	cmd := genutilcli.InitCmd(basics, app.DefaultNodeHome)
	cmd.Long = "Initialize a node's configuration files: its validator and node keys, config.toml, " +
		"app.toml (minimum gas price " + app.MinGasPrice + ") and a genesis.json with the chain's " +
		"consensus parameters (block gas limit, block size, ed25519 validator keys)."
	if f := cmd.Flags().Lookup(genutilcli.FlagConsensusKeyAlgo); f != nil {
		f.Usage = "algorithm of the consensus key; the chain admits " + app.ValidatorKeyType + " only"
	}
	sdkRun := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		cmd.SilenceUsage = true
		algo, err := cmd.Flags().GetString(genutilcli.FlagConsensusKeyAlgo)
		if err != nil {
			return err
		}
		if algo != app.ValidatorKeyType {
			return fmt.Errorf("--%s %s: the chain's validators sign with %s only", genutilcli.FlagConsensusKeyAlgo, algo, app.ValidatorKeyType)
		}
		if err := sdkRun(cmd, args); err != nil {
			return err
		}
		return writeConsensusParams(server.GetServerContextFromCmd(cmd).Config.GenesisFile())
	}
	return cmd
}

// writeConsensusParams replaces the consensus parameters of the genesis
// file with the chain's.
func writeConsensusParams(genFile string) error {
	g, err := genutiltypes.AppGenesisFromFile(genFile)
	if err != nil {
		return fmt.Errorf("read %s: %w", genFile, err)
	}
	g.Consensus.Params = app.ConsensusParams()
	if err := g.ValidateAndComplete(); err != nil {
		return fmt.Errorf("genesis consensus parameters: %w", err)
	}
	return genutil.ExportGenesisFile(g, genFile)
}
