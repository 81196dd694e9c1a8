package cmd

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil/apptest"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// TestDebugInvariants builds a node's application database on disk (a
// goleveldb under <home>/data) with a manufacturer, an auditor, an activated
// device, a score and a pool deposit, and checks it with `debug invariants`:
// refused while the store is open, every invariant holding once it is
// closed; then a copy with one pool overwritten and committed is reported
// broken, exit code 2, while its previous height still holds.
func TestDebugInvariants(t *testing.T) {
	home := t.TempDir()
	db, err := dbm.NewGoLevelDB("application", filepath.Join(home, "data"), nil)
	require.NoError(t, err)
	ta := apptest.SetupOver(t, db, 2)
	busyChain(t, ta)
	healthy := ta.Height()

	out, err := runAtonomid(t, "debug", "invariants", "--home", home)
	require.ErrorContains(t, err, "is locked: a node is running on "+home, out)
	require.ErrorContains(t, err, "Stop the node, or copy")
	require.Equal(t, 1, ExitCode(err))
	require.NoError(t, db.Close())

	out, err = runAtonomid(t, "debug", "invariants", "--home", home)
	require.NoError(t, err, out)
	for _, module := range []string{"bank", "token", "manufacturer", "auditor", "device", "reputation", "payment"} {
		require.Contains(t, out, "ok      "+module+"\n")
	}
	require.Contains(t, out, "every invariant holds at height "+strconv.FormatInt(healthy, 10))

	// A copy of the data directory, one pool inflated beyond the tokens
	// behind it and committed as the next height.
	corrupt := t.TempDir()
	copyDir(t, filepath.Join(home, "data"), filepath.Join(corrupt, "data"))
	cdb, err := dbm.NewGoLevelDB("application", filepath.Join(corrupt, "data"), nil)
	require.NoError(t, err)
	a := app.New(log.NewNopLogger(), cdb, true, simtestutil.NewAppOptionsWithFlagHome(corrupt))
	ctx := a.NewUncachedContext(false, cmtproto.Header{Height: healthy + 1}) //nolint:staticcheck // corrupts the loaded store directly; no block is running (NewContext needs a block's state)
	require.NoError(t, a.TokenKeeper.Pools.Set(ctx, "acme", math.NewInt(1_000_000_000)))
	a.CommitMultiStore().Commit()
	require.NoError(t, cdb.Close())

	out, err = runAtonomid(t, "debug", "invariants", "--home", corrupt)
	require.Error(t, err, out)
	require.Equal(t, ExitInvariantBroken, ExitCode(err))
	require.ErrorContains(t, err, "the invariants of 1 of 7 modules are broken at height "+strconv.FormatInt(healthy+1, 10))
	require.Contains(t, out, "BROKEN  token: pools-backed invariant broken: pools, rewards and surplus total")
	require.Contains(t, out, "ok      bank\n", "only the token module's invariant breaks")

	out, err = runAtonomid(t, "debug", "invariants", "--home", corrupt, "--height", strconv.FormatInt(healthy, 10))
	require.NoError(t, err, "the height before the corruption is still healthy: %s", out)

	for name, args := range map[string][]string{
		"a home without a node's data": {"--home", t.TempDir()},
		"a height above the latest":    {"--home", home, "--height", strconv.FormatInt(healthy+1, 10)},
	} {
		out, err := runAtonomid(t, append([]string{"debug", "invariants"}, args...)...)
		require.Error(t, err, "%s: %s", name, out)
		require.Equal(t, 1, ExitCode(err), "%s could not be checked", name)
	}
}

// busyChain gives ta's chain something of every registry: a manufacturer
// (its pool funded by a deposit and the fees), an auditor, an activated
// device and a score of it.
func busyChain(t *testing.T, ta *apptest.TestApp) {
	t.Helper()
	maker, auditor := ta.Users[0], ta.Users[1]
	reg := ta.Registrar.String()
	require.Zero(t, ta.DeliverTx(ta.Registrar,
		&manufacturertypes.MsgAddManufacturer{Authority: reg, Id: "acme", Name: "ACME", Operators: []string{maker.String()},
			DefaultReputation: 5000, AuthKeyHash: make([]byte, 32)},
		&auditortypes.MsgAddAuditor{Authority: reg, Id: "sentinel", Name: "Sentinel", Operator: auditor.String(),
			ReputationTypes: []string{"security"}, Weight: 100},
	).Code)
	priv, err := devicekit.GenerateKey(devicekit.Ed25519, rand.Reader)
	require.NoError(t, err)
	id := devicekit.DeviceID([]byte("acme"), []byte("meter"))
	sig, err := priv.SignActivation(apptest.ChainID, id, maker.Addr)
	require.NoError(t, err)
	res := ta.DeliverTx(maker,
		&devicetypes.MsgRegisterAndActivate{Operator: maker.String(), ManufacturerId: "acme", Owner: maker.String(),
			Device: devicetypes.DeviceEntry{Id: id.String(), KeyType: devicetypes.KEY_TYPE_ED25519, PublicKey: priv.PublicKey()}, Signature: sig},
		&tokentypes.MsgDepositToPool{Depositor: maker.String(), ManufacturerId: "acme", Amount: math.NewInt(50_000)},
	)
	require.Zero(t, res.Code, res.Log)
	res = ta.DeliverTx(auditor, &reputationtypes.MsgWriteScores{Operator: auditor.String(),
		Scores: []reputationtypes.ScoreEntry{{DeviceId: id.String(), ReputationType: "security", Score: 7000}}})
	require.Zero(t, res.Code, res.Log)
	ta.NextBlock()
}

// copyDir copies the regular files of src into dst, recursively.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		bz, err := os.ReadFile(path) //nolint:gosec // copies the test's own temporary home
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), bz, 0o600) //nolint:gosec // copies the test's own temporary home
	}))
}
