package cli_test

import (
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/atonomi/atonomid/x/permission/client/cli"
)

// The commands themselves are tested end to end through the atonomid root
// command in cmd/atonomid/cmd/genesis_validators_test.go.

func TestTheAllowlistCheckNeedsBothGenesisCommands(t *testing.T) {
	genesisCmd := &cobra.Command{Use: "genesis"}
	genesisCmd.AddCommand(&cobra.Command{Use: "collect-gentxs"})
	basics := module.NewBasicManager(genutil.NewAppModuleBasic(genutiltypes.DefaultMessageValidator))
	require.PanicsWithValue(t,
		`genesis command "validate" not found: the validator allowlist check cannot be attached`,
		func() { cli.CheckGenesisValidators(genesisCmd, basics) })
}
