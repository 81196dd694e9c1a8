package auditor

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"cosmossdk.io/log/v2"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
)

// Flags of `atonomid auditor run` beyond the SDK's tx flags.
const (
	FlagStateFile     = "state-file"
	FlagInterval      = "interval"
	FlagMinChange     = "min-change"
	FlagStartHeight   = "start-height"
	FlagPollInterval  = "poll-interval"
	FlagPendingBlocks = "pending-blocks"
	FlagMaxBackoff    = "max-backoff"
	FlagWindow        = "window"
	FlagAlpha         = "alpha"
	FlagMinStdDev     = "min-stddev"
	FlagZCap          = "z-cap"
	FlagSensitivity   = "sensitivity"
	FlagBaseline      = "baseline"
	FlagWeights       = "weights"
	FlagPruneBelow    = "prune-below"
)

// Command returns `auditor`, whose `run` starts the auditor service.
func Command() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auditor",
		Short: "Auditor tools: the reputation-scoring service",
		RunE:  client.ValidateCmd,
	}
	cmd.AddCommand(runCommand())
	return cmd
}

func runCommand() *cobra.Command {
	def := DefaultConfig()
	cmd := &cobra.Command{
		Use:   "run --from <auditor operator key>",
		Short: "Follow the chain's events, score device behaviour and write the scores",
		Long: `Run the auditor service as the auditor operated by --from: follow the node's
blocks over the CometBFT websocket, count the evidence each device's key, owner
or manufacturer produced (its payments, its own refused payments, its
transfers), score it against the device's manufacturer fleet, and write the
scores that changed by at least --min-change to the reputation registry in
batches, at most once per --interval. Refused activations, which anyone can
cause, are tallied by the account that submitted them, reported in the log
and the state file, and score no device.

The state (last processed height, statistics, scores written, the batch in
flight) is kept in --state-file (default <home>/auditor/state.json); after a
restart or a lost connection the service catches up block by block from the
last processed height. Devices the registry does not know are not tracked;
idle devices (every average below --prune-below) are forgotten once their
scores on chain are settled. See docs/auditor-service.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			factory, err := tx.NewFactoryCLI(clientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			cfg, err := configFromFlags(cmd, clientCtx, factory)
			if err != nil {
				return err
			}
			svc, err := New(cfg)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return svc.Run(ctx)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	f := cmd.Flags()
	f.String(FlagStateFile, "", "state file (default <home>/auditor/state.json)")
	f.Duration(FlagInterval, def.Interval, "least time between two score batches")
	f.Float64(FlagMinChange, def.MinChange, "change of a score, as a fraction of the maximum score, worth writing again")
	f.Int64(FlagStartHeight, 0, "first block to read on a fresh state (0: the node's latest)")
	f.Duration(FlagPollInterval, def.PollInterval, "how often to check the node's height and health between events")
	f.Int64(FlagPendingBlocks, def.PendingBlocks, "blocks a batch may stay unseen before the chain is asked what became of it")
	f.Duration(FlagMaxBackoff, def.MaxBackoff, "longest wait between reconnection attempts")
	f.Int64(FlagWindow, def.Model.WindowBlocks, "counting window W, in blocks")
	f.Float64(FlagAlpha, def.Model.Alpha, "EWMA smoothing factor α in (0, 1]")
	f.Float64(FlagMinStdDev, def.Model.MinStdDev, "least fleet deviation σ_min, in events per window")
	f.Float64(FlagZCap, def.Model.ZCap, "cap on each feature's z-score")
	f.Float64(FlagSensitivity, def.Model.Sensitivity, "anomaly k that lowers a score by the factor 1/e")
	f.Uint32(FlagBaseline, def.Model.Baseline, "score of a device that behaves like its fleet")
	f.String(FlagWeights, "", `weights per reputation type over the defaults, e.g. "security=transfers:1,refused_payments:0.5"`)
	f.Float64(FlagPruneBelow, def.Model.PruneBelow, "forget a device (or a refused-activation submitter) whose every average is below this, in events per window; 0 keeps all")
	return cmd
}

func configFromFlags(cmd *cobra.Command, clientCtx client.Context, factory tx.Factory) (Config, error) {
	f := cmd.Flags()
	// A service signs and sends a transaction now and then for as long as
	// it runs: one-shot modes and a timeout fixed at start make no sense.
	for _, name := range []string{flags.FlagGenerateOnly, flags.FlagDryRun, flags.FlagOffline, flags.FlagAux, flags.FlagUnordered, flags.TimeoutDuration, flags.FlagTimeoutHeight} {
		if f.Changed(name) {
			return Config{}, fmt.Errorf("--%s is not for the auditor service", name)
		}
	}
	cfg := DefaultConfig()
	cfg.ClientCtx, cfg.Factory = clientCtx, factory
	cfg.Logger = log.NewLogger(cmd.ErrOrStderr())
	cfg.StatePath, _ = f.GetString(FlagStateFile)
	if cfg.StatePath == "" {
		cfg.StatePath = filepath.Join(clientCtx.HomeDir, "auditor", "state.json")
	}
	cfg.Interval, _ = f.GetDuration(FlagInterval)
	cfg.MinChange, _ = f.GetFloat64(FlagMinChange)
	cfg.StartHeight, _ = f.GetInt64(FlagStartHeight)
	cfg.PollInterval, _ = f.GetDuration(FlagPollInterval)
	cfg.PendingBlocks, _ = f.GetInt64(FlagPendingBlocks)
	cfg.MaxBackoff, _ = f.GetDuration(FlagMaxBackoff)
	m := &cfg.Model
	m.WindowBlocks, _ = f.GetInt64(FlagWindow)
	m.Alpha, _ = f.GetFloat64(FlagAlpha)
	m.MinStdDev, _ = f.GetFloat64(FlagMinStdDev)
	m.ZCap, _ = f.GetFloat64(FlagZCap)
	m.Sensitivity, _ = f.GetFloat64(FlagSensitivity)
	m.Baseline, _ = f.GetUint32(FlagBaseline)
	m.PruneBelow, _ = f.GetFloat64(FlagPruneBelow)
	weights, _ := f.GetString(FlagWeights)
	var err error
	if m.Weights, err = ParseWeights(DefaultWeights(), weights); err != nil {
		return Config{}, err
	}
	return cfg, nil
}
