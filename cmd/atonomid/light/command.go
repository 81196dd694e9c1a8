package light

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	cmtlog "github.com/cometbft/cometbft/libs/log"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"

	"github.com/atonomi/atonomid/cmd/atonomid/verify"
)

// Flags of `atonomid light`.
const (
	FlagPrimary         = "primary"
	FlagWitness         = "witness"
	FlagListen          = "laddr"
	FlagTrustOnFirstUse = "trust-on-first-use"
)

// Cmd is `atonomid light [chain-id]`.
func Cmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "light [chain-id]",
		Short: "Serve CometBFT RPC that answers only what it verified against the validators' signatures",
		Long: `Runs CometBFT's light client from a trust root (--trust-height and --trust-hash,
or trust-height and trust-hash in client.toml) against a primary node and at
least one witness, and serves CometBFT RPC on --laddr. Blocks, headers, commits
and validators are verified by the light client; /store/<name>/key reads are
verified against the trusted header (absence included); broadcasts and status
pass through. Other ABCI queries, the modules' gRPC paths among them, are
refused: they never carry a proof. Point a client at it with --node.

--trust-on-first-use trusts the primary's latest header when every witness
agrees with it, instead of a trust root: only for tests and first setups.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx := client.GetClientContextFromCmd(cmd)
			primary, _ := cmd.Flags().GetString(FlagPrimary)
			witnesses, _ := cmd.Flags().GetStringSlice(FlagWitness)
			laddr, _ := cmd.Flags().GetString(FlagListen)
			tofu, _ := cmd.Flags().GetBool(FlagTrustOnFirstUse)
			period, _ := cmd.Flags().GetDuration(verify.FlagTrustingPeriod)
			cfg := Config{ChainID: args[0], Primary: primary, Witnesses: witnesses, TrustOnFirstUse: tofu,
				TrustingPeriod: period, ListenAddr: laddr, Logger: cmtlog.NewTMLogger(cmtlog.NewSyncWriter(cmd.ErrOrStderr()))}
			if !tofu {
				var err error
				if cfg.TrustHeight, cfg.TrustHash, err = verify.TrustRoot(cmd, clientCtx.HomeDir); err != nil {
					return err
				}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			p, err := Start(ctx, cfg)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "light proxy for %s on %s (primary %s, witnesses %v)\n", cfg.ChainID, p.Addr, primary, witnesses)
			<-ctx.Done()
			return p.Close()
		},
	}
	cmd.Flags().String(FlagPrimary, "tcp://127.0.0.1:26657", "the node to read from (not trusted)")
	cmd.Flags().StringSlice(FlagWitness, nil, "nodes that cross-check the primary (at least one; repeat or comma-separate)")
	cmd.Flags().String(FlagListen, "tcp://127.0.0.1:8888", "where to serve CometBFT RPC")
	cmd.Flags().Bool(FlagTrustOnFirstUse, false, "trust the primary's latest header when the witnesses agree (no trust root)")
	verify.AddTrustFlags(cmd)
	return cmd
}
