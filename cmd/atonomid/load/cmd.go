package load

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"

	"github.com/atonomi/atonomid/devicekit"
)

// Cmd is `atonomid load`.
func Cmd() *cobra.Command {
	def := DefaultConfig()
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Generate load against a running network and report throughput and lookup latency",
		Long: `Submits signed transactions from many fresh accounts to a running node, at a
target rate (--rate, transactions per second) or as fast as CheckTx accepts them,
while gRPC device and reputation lookups run at --query-rate. It stops by itself
after --duration or --max-txs accepted transactions, waits up to --drain for them
to be included, and reports what the blocks committed.

Setup is its own: the faucet key funds the accounts, the registrar key admits
manufacturers they operate (and, for scores, auditors), and a pool of devices is
registered to be scored and looked up. Modes:
  registrations  batches of --batch devices (MsgRegisterDevices)
  activations    --batch activations per tx of devices of a Merkle whitelist, with proofs
  scores         batches of --batch reputation scores (MsgWriteScores)
  payments       --batch device payments per tx under the payer device's policy
  lookups        no transactions: only the gRPC lookups, at --query-rate

Example, against node 0 of scripts/localnet.sh:
  atonomid load --mode registrations --duration 60s \
    --home build/localnet/node0 --keyring-backend test \
    --node tcp://127.0.0.1:26657 --grpc-addr 127.0.0.1:9090`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			cfg, err := configFromFlags(cmd, def)
			if err != nil {
				return err
			}
			if clientCtx.Client == nil {
				return fmt.Errorf("no node: set --%s", flags.FlagNode)
			}
			grpcAddr, _ := cmd.Flags().GetString(flags.FlagGRPC)
			if grpcAddr == "" {
				grpcAddr = defaultGRPC
			}
			gogo := codec.NewProtoCodec(clientCtx.InterfaceRegistry).GRPCCodec()
			conn, err := grpc.NewClient(grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()),
				grpc.WithDefaultCallOptions(grpc.ForceCodec(gogo), grpc.MaxCallRecvMsgSize(64<<20)))
			if err != nil {
				return err
			}
			defer conn.Close()
			env := Env{RPC: clientCtx.Client, GRPC: conn, TxConfig: clientCtx.TxConfig, Registry: clientCtx.InterfaceRegistry, Keyring: clientCtx.Keyring}
			rep, fixture, err := Run(cmd.Context(), env, cfg, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if output, _ := cmd.Flags().GetString(flags.FlagOutput); output == flags.OutputFormatJSON {
				return json.NewEncoder(cmd.OutOrStdout()).Encode(struct {
					Report  Report  `json:"report"`
					Fixture Fixture `json:"fixture"`
				}{rep, fixture})
			}
			return rep.Write(cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.String(flagMode, string(def.Mode), "workload: registrations, activations, scores, payments, or lookups (gRPC lookups only, no transactions)")
	f.Int(flagAccounts, def.Accounts, "accounts submitting concurrently")
	f.Int(flagBatch, 0, "work per transaction (default: 2000 devices, 1000 scores, 10 activations or payments)")
	f.Float64(flagRate, 0, "target transactions per second over all accounts (0: as fast as accepted)")
	f.Duration(flagDuration, def.Duration, "how long to submit")
	f.Int(flagMaxTxs, 0, "stop after this many accepted transactions (0: no bound but the duration)")
	f.Int(flagMaxPending, 0, "accepted transactions not yet included, at most (default: 32 registration or score txs, 1000 others)")
	f.Duration(flagDrain, def.Drain, "how long to wait for accepted transactions to be included after submission")
	f.Float64(flagQueryRate, def.QueryRate, "gRPC lookups per second during the run, half device, half reputation (0: none)")
	f.Int(flagQueryWorkers, def.QueryWorkers, "gRPC lookups in flight at most")
	f.Int(flagPool, def.PoolDevices, "devices registered in setup to be scored and looked up")
	f.String(flagKeyType, def.KeyType.String(), "device key type of activations and payment devices: secp256k1, ed25519, secp256r1, mldsa65")
	f.Int64(flagFund, def.Fund, "what the faucet sends each account, in "+def.Denom)
	f.String(flags.FlagGasPrices, def.GasPrices, "gas price of every transaction, at least the nodes' minimum-gas-prices")
	f.String(flagFaucet, def.Faucet, "keyring key that funds the accounts")
	f.String(flagRegistrar, def.Registrar, "keyring key of a registrar (admits manufacturers and auditors)")
	f.String(flags.FlagKeyringBackend, keyring.BackendTest, "keyring backend of the faucet and registrar keys")
	f.String(flags.FlagKeyringDir, "", "keyring directory (default: --home)")
	flags.AddQueryFlagsToCmd(cmd)
	return cmd
}

const (
	flagMode         = "mode"
	flagAccounts     = "accounts"
	flagBatch        = "batch"
	flagRate         = "rate"
	flagDuration     = "duration"
	flagMaxTxs       = "max-txs"
	flagDrain        = "drain"
	flagMaxPending   = "max-pending"
	flagQueryRate    = "query-rate"
	flagQueryWorkers = "query-workers"
	flagPool         = "pool-devices"
	flagKeyType      = "key-type"
	flagFund         = "fund"
	flagFaucet       = "faucet"
	flagRegistrar    = "registrar"
)

// defaultGRPC is the gRPC address of a node started with the default app.toml.
const defaultGRPC = "127.0.0.1:9090"

func configFromFlags(cmd *cobra.Command, cfg Config) (Config, error) {
	f := cmd.Flags()
	mode, _ := f.GetString(flagMode)
	var err error
	if cfg.Mode, err = ParseMode(mode); err != nil {
		return cfg, err
	}
	keyType, _ := f.GetString(flagKeyType)
	if cfg.KeyType, err = devicekit.ParseKeyType(keyType); err != nil {
		return cfg, err
	}
	cfg.Accounts, _ = f.GetInt(flagAccounts)
	cfg.Batch, _ = f.GetInt(flagBatch)
	cfg.Rate, _ = f.GetFloat64(flagRate)
	cfg.Duration, _ = f.GetDuration(flagDuration)
	cfg.MaxTxs, _ = f.GetInt(flagMaxTxs)
	cfg.Drain, _ = f.GetDuration(flagDrain)
	cfg.MaxPending, _ = f.GetInt(flagMaxPending)
	cfg.QueryRate, _ = f.GetFloat64(flagQueryRate)
	cfg.QueryWorkers, _ = f.GetInt(flagQueryWorkers)
	cfg.PoolDevices, _ = f.GetInt(flagPool)
	cfg.Fund, _ = f.GetInt64(flagFund)
	cfg.GasPrices, _ = f.GetString(flags.FlagGasPrices)
	cfg.Faucet, _ = f.GetString(flagFaucet)
	cfg.Registrar, _ = f.GetString(flagRegistrar)
	return cfg, cfg.Validate()
}
