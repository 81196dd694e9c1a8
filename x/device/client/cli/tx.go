// Package cli holds the device registry's hand-written commands: the ones
// that read files or sign several transactions. Plain messages get their
// commands from autocli (x/device/autocli.go).
package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/atonomi/atonomid/x/device/types"
)

// FlagMaxBytes bounds the encoded devices of one transaction.
const FlagMaxBytes = "max-bytes"

// DefaultMaxBytes keeps a whitelist transaction under CometBFT's default
// 1 MiB mempool transaction limit, with room for signatures and fees.
const DefaultMaxBytes = 900_000

// NewTxCmd returns the device module's tx command, which autocli extends with
// one command per message.
func NewTxCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        types.ModuleName,
		Short:                      "Device registry transactions",
		DisableFlagParsing:         true,
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(RegisterWhitelistCmd())
	return cmd
}

// RegisterWhitelistCmd registers a whitelist file, split into as many
// MsgRegisterDevices transactions as the chain's batch limit and the
// transaction size limit require, signed with consecutive sequences.
func RegisterWhitelistCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "register-whitelist [manufacturer-id] [file.csv|file.json]",
		Short: "Register the devices of a whitelist file (an operator of the manufacturer)",
		Long: `Register the devices listed in a CSV or JSON whitelist file (formats in
docs/whitelists.md). The file is validated whole before anything is sent; it is
then split into batches of at most the chain's max_batch_size devices and
--max-bytes bytes, each sent as one transaction.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			f, err := os.Open(args[1])
			if err != nil {
				return err
			}
			defer f.Close()
			entries, err := types.ParseWhitelistFile(args[1], f)
			if err != nil {
				return err
			}
			params, err := types.NewQueryClient(clientCtx).Params(cmd.Context(), &types.QueryParamsRequest{})
			if err != nil {
				return fmt.Errorf("reading the chain's batch limit: %w", err)
			}
			maxBytes, err := cmd.Flags().GetInt(FlagMaxBytes)
			if err != nil {
				return err
			}
			chunks := types.Chunk(entries, int(params.Params.MaxBatchSize), maxBytes)
			operator, err := clientCtx.TxConfig.SigningContext().AddressCodec().BytesToString(clientCtx.GetFromAddress())
			if err != nil {
				return err
			}
			txf, err := tx.NewFactoryCLI(clientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			if txf, err = txf.Prepare(clientCtx); err != nil {
				return err
			}
			done := 0
			for i, chunk := range chunks {
				fmt.Fprintf(cmd.ErrOrStderr(), "batch %d/%d: devices %d-%d of %d\n", i+1, len(chunks), done+1, done+len(chunk), len(entries))
				msg := &types.MsgRegisterDevices{Operator: operator, ManufacturerId: args[0], Devices: chunk}
				if err := tx.GenerateOrBroadcastTxWithFactory(clientCtx, txf, msg); err != nil {
					return fmt.Errorf("batch %d/%d: %w", i+1, len(chunks), err)
				}
				done += len(chunk)
				txf = txf.WithSequence(txf.Sequence() + 1)
			}
			return nil
		},
	}
	cmd.Flags().Int(FlagMaxBytes, DefaultMaxBytes, "maximum encoded size of the devices in one transaction")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}
