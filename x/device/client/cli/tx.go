// Package cli holds the device registry's hand-written commands: the ones
// that read files or sign several transactions, and `atonomid device`, the
// offline tools (DeviceCmd). Plain messages get their commands from autocli
// (x/device/autocli.go).
package cli

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/input"
	"github.com/cosmos/cosmos-sdk/client/tx"

	"github.com/atonomi/atonomid/x/device/client/whitelist"
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

// Flags of register-whitelist's resumable upload.
const (
	FlagJournal        = "journal"
	FlagNoJournal      = "no-journal"
	FlagChunkSize      = "chunk-size"
	FlagMaxChunks      = "max-chunks"
	FlagConfirmTimeout = "confirm-timeout"
)

// RegisterWhitelistCmd registers a whitelist file, split into as many
// MsgRegisterDevices transactions as the chain's batch limit and the
// transaction size limit require. Each transaction is confirmed before the
// next is sent, and a journal next to the file lets an interrupted upload
// resume without registering anything twice.
func RegisterWhitelistCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "register-whitelist [manufacturer-id] [file.csv|file.json]",
		Short: "Register the devices of a whitelist file in chunks, resumably (an operator of the manufacturer)",
		Long: `Register the devices listed in a CSV or JSON whitelist file (formats in
docs/devices.md). The file is validated whole before anything is sent; it is
then split into chunks of at most the chain's max_batch_size devices (or
--chunk-size, if smaller) and --max-bytes bytes, each sent as one transaction
and waited for until committed, with progress on standard error.

The upload is journalled in <file>.progress.json (--journal to choose another
path): every chunk's tx hash is written before the tx is broadcast, and its
confirmation after it is committed. Run the same command again after an
interruption: confirmed chunks are skipped; a chunk sent but not seen
committed is looked up on chain, by its tx hash and then device by device,
and sent again only if none of its devices is registered. --max-chunks stops
after that many chunks (to upload in sessions).`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			bz, err := os.ReadFile(args[1])
			if err != nil {
				return err
			}
			entries, err := whitelist.ParseFile(args[1], bytes.NewReader(bz))
			if err != nil {
				return err
			}
			operator, err := clientCtx.TxConfig.SigningContext().AddressCodec().BytesToString(clientCtx.GetFromAddress())
			if err != nil {
				return err
			}
			txf, err := tx.NewFactoryCLI(clientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			chunks, err := chunkWhitelist(cmd, clientCtx, entries)
			if err != nil {
				return err
			}
			if clientCtx.GenerateOnly {
				// Unsigned transactions for offline signing: nothing is sent,
				// so there is nothing to journal.
				for _, chunk := range chunks {
					msg := &types.MsgRegisterDevices{Operator: operator, ManufacturerId: args[0], Devices: chunk}
					if err := tx.GenerateOrBroadcastTxWithFactory(clientCtx, txf, msg); err != nil {
						return err
					}
				}
				return nil
			}
			journal, err := openJournal(cmd, clientCtx.ChainID, args[0], args[1], bz, entries, chunks)
			if err != nil {
				return err
			}
			if !clientCtx.SkipConfirm {
				ok, err := input.GetConfirmation(fmt.Sprintf("register %d devices of %s for %s in %d transactions (%d already confirmed)",
					len(entries), args[1], args[0], len(journal.Chunks), journal.Confirmed()), bufio.NewReader(cmd.InOrStdin()), cmd.ErrOrStderr())
				if err != nil || !ok {
					return err
				}
			}
			if txf, err = txf.Prepare(clientCtx); err != nil {
				return err
			}
			timeout, _ := cmd.Flags().GetDuration(FlagConfirmTimeout)
			maxChunks, _ := cmd.Flags().GetInt(FlagMaxChunks)
			u := &uploader{
				clientCtx: clientCtx, txf: txf, journal: journal, entries: entries,
				manufacturerID: args[0], operator: operator, confirmTimeout: timeout, progress: cmd.ErrOrStderr(),
			}
			return u.run(cmd.Context(), maxChunks)
		},
	}
	cmd.Flags().Int(FlagMaxBytes, DefaultMaxBytes, "maximum encoded size of the devices in one transaction")
	cmd.Flags().Int(FlagChunkSize, 0, "maximum devices in one transaction (default and upper bound: the chain's max_batch_size)")
	cmd.Flags().String(FlagJournal, "", "progress journal of the upload (default <file>"+JournalSuffix+")")
	cmd.Flags().Bool(FlagNoJournal, false, "keep no journal: an interrupted upload cannot be resumed")
	cmd.Flags().Int(FlagMaxChunks, 0, "send at most this many chunks in this run, then stop (0: all)")
	cmd.Flags().Duration(FlagConfirmTimeout, time.Minute, "how long to wait for each transaction to be committed")
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// chunkWhitelist splits entries by the chain's batch limit, --chunk-size
// and --max-bytes.
func chunkWhitelist(cmd *cobra.Command, clientCtx client.Context, entries []types.DeviceEntry) ([][]types.DeviceEntry, error) {
	params, err := types.NewQueryClient(clientCtx).Params(cmd.Context(), &types.QueryParamsRequest{})
	if err != nil {
		return nil, fmt.Errorf("reading the chain's batch limit: %w", err)
	}
	maxCount := int(params.Params.MaxBatchSize)
	if size, _ := cmd.Flags().GetInt(FlagChunkSize); size > 0 && size < maxCount {
		maxCount = size
	}
	maxBytes, err := cmd.Flags().GetInt(FlagMaxBytes)
	if err != nil {
		return nil, err
	}
	return whitelist.Chunk(entries, maxCount, maxBytes), nil
}

// openJournal resumes the upload's journal, or starts one. With
// --no-journal the journal lives in memory only.
func openJournal(cmd *cobra.Command, chainID, manufacturerID, file string, content []byte, entries []types.DeviceEntry, chunks [][]types.DeviceEntry) (*Journal, error) {
	digest := fmt.Sprintf("%x", sha256.Sum256(content))
	if off, _ := cmd.Flags().GetBool(FlagNoJournal); off {
		return NewJournal("", chainID, manufacturerID, digest, chunks), nil
	}
	path, _ := cmd.Flags().GetString(FlagJournal)
	if path == "" {
		path = file + JournalSuffix
	}
	j, err := LoadJournal(path)
	if err != nil {
		return nil, err
	}
	if j == nil {
		j = NewJournal(path, chainID, manufacturerID, digest, chunks)
		return j, j.Save()
	}
	if err := j.Matches(chainID, manufacturerID, digest, entries); err != nil {
		return nil, err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "resuming from %s: %d of %d chunks confirmed (chunk boundaries as in the first run)\n",
		path, j.Confirmed(), len(j.Chunks))
	return j, nil
}
