package cmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"cosmossdk.io/log/v2"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	"github.com/syndtr/goleveldb/leveldb/opt"

	"github.com/cosmos/cosmos-sdk/client/debug"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/store/v2/rootmulti"

	"github.com/atonomi/atonomid/app"
)

// ExitInvariantBroken is the exit code of `atonomid debug invariants` when
// an invariant is broken; 0 means every invariant holds, 1 that the check
// could not run (no store, a locked store, a height not kept).
const ExitInvariantBroken = 2

// flagInvariantsHeight is the height `debug invariants` checks.
const flagInvariantsHeight = "height"

// exitError is an error with the process exit code main uses for it.
type exitError struct {
	error
	code int
}

// ExitCode is the process exit code of err: the code it carries, else 1.
func ExitCode(err error) int {
	var coded *exitError
	if errors.As(err, &coded) {
		return coded.code
	}
	return 1
}

// debugCmd is the SDK's `debug` command with `invariants` added.
func debugCmd() *cobra.Command {
	cmd := debug.Cmd()
	cmd.AddCommand(invariantsCmd())
	return cmd
}

// invariantsCmd is `atonomid debug invariants`: the invariants the
// simulation checks after every block, run once on a node's stored state.
func invariantsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "invariants",
		Short: "Check every invariant of the chain on a stopped node's stored state, read-only",
		Long: `Opens the application database of the node at --home (<home>/data/application.db,
backend from app.toml's app-db-backend, goleveldb by default) read-only, loads the state
at --height (default: the latest), runs the invariants of every Atonomi module and x/bank's
total supply, and prints each result. Nothing is written.

goleveldb lets one process open a database: stop the node first, or copy its data
directory (stopped, or from a filesystem snapshot) into another home and check that.

Exit code 0: every invariant holds; 2: an invariant is broken (its message says what);
1: the check could not run.`,
		Example: "atonomid debug invariants --home ~/.atonomid --height 120000",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The flags parsed: a failure from here on is the state's or the
			// store's, which the usage text does not explain.
			cmd.SilenceUsage = true
			serverCtx := server.GetServerContextFromCmd(cmd)
			height, err := cmd.Flags().GetInt64(flagInvariantsHeight)
			if err != nil {
				return err
			}
			return checkStoredInvariants(cmd, serverCtx.Config.RootDir, server.GetAppDBBackend(serverCtx.Viper), height)
		},
	}
	cmd.Flags().Int64(flagInvariantsHeight, 0, "The height to check (default: the latest)")
	return cmd
}

// checkStoredInvariants runs the invariants on the state at height (0: the
// latest) of the application database under home.
func checkStoredInvariants(cmd *cobra.Command, home string, backend dbm.BackendType, height int64) error {
	db, path, err := openAppDBReadOnly(home, backend)
	if err != nil {
		return err
	}
	defer db.Close()

	latest := rootmulti.GetLatestVersion(db)
	switch {
	case latest <= 0:
		return fmt.Errorf("%s holds no committed block", path)
	case height < 0 || height > latest:
		return fmt.Errorf("height %d is not stored: %s holds heights up to %d", height, path, latest)
	case height == 0:
		height = latest
	}
	// Only the home: app.toml's other options start streaming services,
	// caches and snapshot stores this read has no use for.
	opts := viper.New()
	opts.Set(flags.FlagHome, home)
	a := app.New(log.NewNopLogger(), db, false, opts)
	if err := a.LoadHeight(height); err != nil {
		return fmt.Errorf("loading height %d of %s (pruned?): %w", height, path, err)
	}
	// A branch of the loaded state: nothing an invariant did could reach the
	// store, which is never committed anyway.
	ctx, _ := a.NewUncachedContext(false, cmtproto.Header{Height: height}).CacheContext() //nolint:staticcheck // a loaded store with no block running (NewContext needs a block's state)

	cmd.Printf("checking the invariants at height %d of %s\n", height, path)
	invariants := a.Invariants()
	broken := 0
	for _, inv := range invariants {
		if err := inv.Run(ctx); err != nil {
			broken++
			cmd.Printf("BROKEN  %s\n", err)
			continue
		}
		cmd.Printf("ok      %s\n", inv.Module)
	}
	if broken > 0 {
		return &exitError{
			error: fmt.Errorf("the invariants of %d of %d modules are broken at height %d", broken, len(invariants), height),
			code:  ExitInvariantBroken,
		}
	}
	cmd.Printf("every invariant holds at height %d\n", height)
	return nil
}

// openAppDBReadOnly opens the application database under home as the node
// does (server.openDB), read-only where the backend allows it: goleveldb,
// the default, opens with a shared lock, which a running node's exclusive
// lock refuses. The other backends open as the node opens them; nothing is
// committed through them.
func openAppDBReadOnly(home string, backend dbm.BackendType) (dbm.DB, string, error) {
	dataDir := filepath.Join(home, "data")
	path := filepath.Join(dataDir, "application.db")
	if _, err := os.Stat(path); err != nil {
		return nil, path, fmt.Errorf("no application database at %s (is --home the node's home?): %w", path, err)
	}
	if backend != dbm.GoLevelDBBackend {
		db, err := dbm.NewDB("application", backend, dataDir)
		return db, path, err
	}
	db, err := dbm.NewGoLevelDBWithOpts("application", dataDir, &opt.Options{ReadOnly: true, ErrorIfMissing: true})
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return nil, path, fmt.Errorf("%s is locked: a node is running on %s. Stop the node, or copy %s "+
			"(of a stopped node, or from a filesystem snapshot) into another home's data directory and check that: %w",
			path, home, dataDir, err)
	}
	return db, path, err
}
