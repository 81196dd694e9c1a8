// Package cli holds the permission module's hand-written commands: the
// genesis edits a consortium makes before the chain starts and the allowlist
// check wrapped around the SDK's genesis commands. Its messages and queries
// are described as data in ../../autocli.go.
package cli

import (
	"bufio"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/server"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

const flagNote = "note"

// AllowValidatorCmd puts an operator on the genesis validator allowlist, so
// that its gentx is accepted by the permissioned staking hooks. The home flag
// defaults to defaultNodeHome.
func AllowValidatorCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "allow-validator [address_or_key_name]",
		Short: "Approve an operator account as a genesis validator (edits genesis.json)",
		Long: `Add an operator account to the permission module's validator allowlist in
genesis.json. Every gentx operator must be on the allowlist, or the chain refuses
to start: the consortium names its founding validators here.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			note, _ := cmd.Flags().GetString(flagNote)
			return editPermissionGenesis(cmd, args[0], func(gs *permissiontypes.GenesisState, addr string) error {
				for _, v := range gs.AllowedValidators {
					if v.Operator == addr {
						return fmt.Errorf("%s is already on the validator allowlist", addr)
					}
				}
				gs.AllowedValidators = append(gs.AllowedValidators, permissiontypes.AllowedValidator{Operator: addr, Note: note})
				return nil
			})
		},
	}
	cmd.Flags().String(flagNote, "", "free text kept with the approval, e.g. the organisation")
	addGenesisEditFlags(cmd, defaultNodeHome)
	return cmd
}

// AddRegistrarCmd names a registrar account in genesis. The home flag
// defaults to defaultNodeHome.
func AddRegistrarCmd(defaultNodeHome string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-registrar [address_or_key_name]",
		Short: "Name a registrar account of the network authority (edits genesis.json)",
		Long: `Add an account to the permission module's registrars in genesis.json. A registrar
acts for the network authority beside x/gov: it admits and removes validators and
(in the registry modules) manufacturers and auditors.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return editPermissionGenesis(cmd, args[0], func(gs *permissiontypes.GenesisState, addr string) error {
				if gs.Params.IsRegistrar(addr) {
					return fmt.Errorf("%s is already a registrar", addr)
				}
				gs.Params.Registrars = append(gs.Params.Registrars, addr)
				return nil
			})
		},
	}
	addGenesisEditFlags(cmd, defaultNodeHome)
	return cmd
}

func addGenesisEditFlags(cmd *cobra.Command, defaultNodeHome string) {
	cmd.Flags().String(flags.FlagHome, defaultNodeHome, "The application home directory")
	cmd.Flags().String(flags.FlagKeyringBackend, flags.DefaultKeyringBackend, "Select keyring's backend (os|file|kwallet|pass|test)")
}

// editPermissionGenesis resolves the account argument, applies edit to the
// permission genesis in genesis.json, validates the result and writes it back.
func editPermissionGenesis(cmd *cobra.Command, account string, edit func(*permissiontypes.GenesisState, string) error) error {
	clientCtx := client.GetClientContextFromCmd(cmd)
	config := server.GetServerContextFromCmd(cmd).Config
	config.SetRoot(clientCtx.HomeDir)

	addr, err := resolveAccount(cmd, clientCtx, account)
	if err != nil {
		return err
	}
	genFile := config.GenesisFile()
	appGenesis, err := genutiltypes.AppGenesisFromFile(genFile)
	if err != nil {
		return fmt.Errorf("failed to read genesis file %s: %w", genFile, err)
	}
	var appState map[string]json.RawMessage
	if err := json.Unmarshal(appGenesis.AppState, &appState); err != nil {
		return fmt.Errorf("failed to unmarshal app state: %w", err)
	}
	var gs permissiontypes.GenesisState
	clientCtx.Codec.MustUnmarshalJSON(appState[permissiontypes.ModuleName], &gs)
	if err := edit(&gs, addr); err != nil {
		return err
	}
	if err := gs.Validate(clientCtx.TxConfig.SigningContext().AddressCodec()); err != nil {
		return err
	}
	appState[permissiontypes.ModuleName] = clientCtx.Codec.MustMarshalJSON(&gs)
	if appGenesis.AppState, err = json.Marshal(appState); err != nil {
		return err
	}
	return genutil.ExportGenesisFile(appGenesis, genFile)
}

// resolveAccount accepts a bech32 address or the name of a key in the keyring.
func resolveAccount(cmd *cobra.Command, clientCtx client.Context, account string) (string, error) {
	ac := clientCtx.TxConfig.SigningContext().AddressCodec()
	if _, err := ac.StringToBytes(account); err == nil {
		return account, nil
	}
	kr := clientCtx.Keyring
	if kr == nil {
		backend, _ := cmd.Flags().GetString(flags.FlagKeyringBackend)
		var err error
		kr, err = keyring.New(sdk.KeyringServiceName(), backend, clientCtx.HomeDir, bufio.NewReader(cmd.InOrStdin()), clientCtx.Codec)
		if err != nil {
			return "", err
		}
	}
	k, err := kr.Key(account)
	if err != nil {
		return "", fmt.Errorf("%q is neither an address nor a key in the keyring: %w", account, err)
	}
	addr, err := k.GetAddress()
	if err != nil {
		return "", err
	}
	return ac.BytesToString(addr)
}
