package keeper_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/testutil/apptest"
	"github.com/atonomi/atonomid/x/permission/keeper"
	"github.com/atonomi/atonomid/x/permission/types"
)

// The removal bounds against the real x/staking: a whole app with six
// genesis validators of equal power (apptest.GenesisBond each), whose
// committed state the tests branch and write, calling the permission msg
// server and x/staking's end blocker directly and moving the block time.

// boundsFixture is the app and the branch of its state a test writes.
type boundsFixture struct {
	ta   *apptest.TestApp
	ctx  sdk.Context
	msgs types.MsgServer
	gov  string
	// unbonding is x/staking's unbonding time, the length of a removal window.
	unbonding time.Duration
}

func setupBounds(t *testing.T, validators int) *boundsFixture {
	t.Helper()
	ta := apptest.SetupValidators(t, validators, 0)
	ctx, _ := ta.Ctx().CacheContext()
	unbonding, err := ta.StakingKeeper.UnbondingTime(ctx)
	require.NoError(t, err)
	return &boundsFixture{
		ta: ta, ctx: ctx, msgs: keeper.NewMsgServerImpl(ta.PermissionKeeper),
		gov: authtypes.NewModuleAddress(govtypes.ModuleName).String(), unbonding: unbonding,
	}
}

// remove sends MsgRemoveValidator for the i-th genesis validator's operator.
func (f *boundsFixture) remove(signer string, i int) error {
	_, err := f.msgs.RemoveValidator(f.ctx, &types.MsgRemoveValidator{Authority: signer, Operator: f.ta.Validators[i].String()})
	return err
}

// endBlock runs x/staking's end blocker, which takes jailed validators out
// of the bonded set (and, an unbonding period later, finishes unbonding them).
func (f *boundsFixture) endBlock(t *testing.T) {
	t.Helper()
	_, err := f.ta.StakingKeeper.EndBlocker(f.ctx)
	require.NoError(t, err)
}

// at moves the block time to at.
func (f *boundsFixture) at(at time.Time) { f.ctx = f.ctx.WithBlockTime(at) }

// setMinValidators sets min_validators through governance's MsgUpdateParams.
func (f *boundsFixture) setMinValidators(t *testing.T, n uint32) {
	t.Helper()
	params, err := f.ta.PermissionKeeper.Params.Get(f.ctx)
	require.NoError(t, err)
	params.MinValidators = n
	_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: params})
	require.NoError(t, err)
}

// validatorState is what a refused removal must leave as it was: every
// validator's status, jail and tokens, by operator.
type validatorState struct {
	Status stakingtypes.BondStatus
	Jailed bool
	Tokens math.Int
}

// snapshot is x/permission's exported genesis and the validator set.
type snapshot struct {
	permission *types.GenesisState
	validators map[string]validatorState
}

func (f *boundsFixture) snapshot(t *testing.T) snapshot {
	t.Helper()
	gs, err := f.ta.PermissionKeeper.ExportGenesis(f.ctx)
	require.NoError(t, err)
	vals, err := f.ta.StakingKeeper.GetAllValidators(f.ctx)
	require.NoError(t, err)
	s := snapshot{permission: gs, validators: map[string]validatorState{}}
	for _, v := range vals {
		s.validators[v.OperatorAddress] = validatorState{Status: v.Status, Jailed: v.Jailed, Tokens: v.Tokens}
	}
	return s
}

// requireRefused checks that err is want and that the refusal changed
// neither x/permission nor the validator set.
func (f *boundsFixture) requireRefused(t *testing.T, before snapshot, err, want error) {
	t.Helper()
	require.ErrorIs(t, err, want)
	require.Equal(t, before, f.snapshot(t), "a refused removal changes nothing")
}

// bonded counts the bonded, unjailed validators.
func (f *boundsFixture) bonded(t *testing.T) int {
	t.Helper()
	vals, err := f.ta.StakingKeeper.GetBondedValidatorsByPower(f.ctx)
	require.NoError(t, err)
	return len(vals)
}

// requireRemoved checks that the i-th genesis validator is off the allowlist and jailed.
func (f *boundsFixture) requireRemoved(t *testing.T, i int) {
	t.Helper()
	op := f.ta.Validators[i]
	allowed, err := f.ta.PermissionKeeper.IsAllowed(f.ctx, op.Addr)
	require.NoError(t, err)
	require.False(t, allowed, "validator %d is off the allowlist", i)
	val, err := f.ta.StakingKeeper.GetValidator(f.ctx, sdk.ValAddress(op.Addr))
	require.NoError(t, err)
	require.True(t, val.Jailed, "validator %d is jailed", i)
}

func (f *boundsFixture) window(t *testing.T) types.RemovalWindow {
	t.Helper()
	w, err := f.ta.PermissionKeeper.RemovalWindow.Get(f.ctx)
	require.NoError(t, err)
	return w
}

// power is n validators' worth of bonded tokens.
func power(n int64) math.Int { return apptest.GenesisBond.MulRaw(n) }

func TestRegistrarRemovesAtMostAThirdOfBondedValidatorPower(t *testing.T) {
	f := setupBounds(t, 6)
	registrar := f.ta.Registrar.String()
	start := f.ctx.BlockTime()

	// Two of six equal validators are exactly a third of the bonded power.
	require.NoError(t, f.remove(registrar, 1))
	f.requireRemoved(t, 1)
	f.endBlock(t)
	f.at(start.Add(time.Hour))
	require.NoError(t, f.remove(registrar, 2))
	f.requireRemoved(t, 2)
	f.endBlock(t)
	require.Equal(t, 4, f.bonded(t))
	w := f.window(t)
	require.Equal(t, start, w.StartTime, "the window opened at the first removal")
	require.Equal(t, start.Add(time.Hour), w.LastRemovalTime)
	require.Equal(t, power(6), w.StartBondedTokens, "the window is measured against the bonded power at its start")
	require.Equal(t, power(2), w.RemovedTokens)

	t.Run("a third removal in the same window is refused and changes nothing", func(t *testing.T) {
		before := f.snapshot(t)
		f.requireRefused(t, before, f.remove(registrar, 3), types.ErrRemovalBoundExceeded)
		require.Equal(t, 4, f.bonded(t))
	})
	t.Run("one unbonding period after the window's start it is still open", func(t *testing.T) {
		f.at(start.Add(f.unbonding))
		before := f.snapshot(t)
		f.requireRefused(t, before, f.remove(registrar, 3), types.ErrRemovalBoundExceeded)
	})
	t.Run("until one unbonding period after its last removal it is still open", func(t *testing.T) {
		f.at(w.LastRemovalTime.Add(f.unbonding - time.Second))
		before := f.snapshot(t)
		f.requireRefused(t, before, f.remove(registrar, 3), types.ErrRemovalBoundExceeded)
	})
	t.Run("once the window closed the registrar removes again, against the power left", func(t *testing.T) {
		reopen := w.LastRemovalTime.Add(f.unbonding)
		f.at(reopen)
		f.endBlock(t) // the removed validators finish unbonding
		require.NoError(t, f.remove(registrar, 3))
		f.requireRemoved(t, 3)
		w := f.window(t)
		require.Equal(t, reopen, w.StartTime, "a new window opened")
		require.Equal(t, power(4), w.StartBondedTokens)
		require.Equal(t, power(1), w.RemovedTokens)

		// A third of four validators' power is less than two validators.
		f.endBlock(t)
		f.at(reopen.Add(time.Minute))
		before := f.snapshot(t)
		f.requireRefused(t, before, f.remove(registrar, 4), types.ErrRemovalBoundExceeded)
	})
}

func TestRegistrarRemovalOfValidatorWithoutPowerIsNotCounted(t *testing.T) {
	f := setupBounds(t, 3)
	registrar := f.ta.Registrar.String()
	spare := apptest.NewAccount("spare-operator")
	_, err := f.msgs.AllowValidator(f.ctx, &types.MsgAllowValidator{Authority: registrar, Operator: spare.String()})
	require.NoError(t, err)
	f.setMinValidators(t, 3)

	// An operator without a validator takes no power out of the set: it is
	// removed even at the floor, and opens no window.
	_, err = f.msgs.RemoveValidator(f.ctx, &types.MsgRemoveValidator{Authority: registrar, Operator: spare.String()})
	require.NoError(t, err)
	_, err = f.ta.PermissionKeeper.RemovalWindow.Get(f.ctx)
	require.Error(t, err, "no window opened")
	require.Equal(t, 3, f.bonded(t))
}

func TestMinValidatorsFloorBindsRegistrarsAndGov(t *testing.T) {
	for _, signer := range []string{"registrar", "gov"} {
		t.Run(signer+" cannot remove a validator below min_validators", func(t *testing.T) {
			f := setupBounds(t, 6)
			by := f.gov
			if signer == "registrar" {
				by = f.ta.Registrar.String()
			}
			f.setMinValidators(t, 5)

			require.NoError(t, f.remove(by, 1), "five validators remain: at the floor")
			f.endBlock(t)
			require.Equal(t, 5, f.bonded(t))

			before := f.snapshot(t)
			f.requireRefused(t, before, f.remove(by, 2), types.ErrBelowMinValidators)
			require.Equal(t, 5, f.bonded(t))

			// Governance lowers the floor first; then the removal passes.
			f.setMinValidators(t, 4)
			require.NoError(t, f.remove(by, 2))
			f.requireRemoved(t, 2)
		})
	}
	t.Run("the default floor keeps the last validator", func(t *testing.T) {
		f := setupBounds(t, 1)
		before := f.snapshot(t)
		f.requireRefused(t, before, f.remove(f.gov, 0), types.ErrBelowMinValidators)
		f.requireRefused(t, before, f.remove(f.ta.Registrar.String(), 0), types.ErrBelowMinValidators)
	})
}

func TestGovRemovesValidatorsBeyondTheThirdBound(t *testing.T) {
	f := setupBounds(t, 6)
	registrar := f.ta.Registrar.String()

	// The registrars' window is full after two removals...
	require.NoError(t, f.remove(registrar, 1))
	require.NoError(t, f.remove(registrar, 2))
	f.endBlock(t)
	full := f.window(t)
	before := f.snapshot(t)
	f.requireRefused(t, before, f.remove(registrar, 3), types.ErrRemovalBoundExceeded)

	// ...but x/gov, whose proposal the validators voted, removes down to
	// the floor (min_validators 1), and its removals do not count.
	for i := 3; i < 6; i++ {
		require.NoError(t, f.remove(f.gov, i), "gov removes validator %d", i)
		f.requireRemoved(t, i)
		f.endBlock(t)
	}
	require.Equal(t, 1, f.bonded(t))
	require.Equal(t, full, f.window(t), "gov's removals leave the registrars' window as it was")

	before = f.snapshot(t)
	f.requireRefused(t, before, f.remove(f.gov, 0), types.ErrBelowMinValidators)
}

func TestValidatorRemovalWindowQuery(t *testing.T) {
	f := setupBounds(t, 6)
	queries := keeper.NewQueryServer(f.ta.PermissionKeeper)
	res, err := queries.RemovalWindow(f.ctx, &types.QueryRemovalWindowRequest{})
	require.NoError(t, err)
	require.Nil(t, res.Window, "no window before the first removal")
	require.False(t, res.Open)

	removedAt := f.ctx.BlockTime()
	require.NoError(t, f.remove(f.ta.Registrar.String(), 1))
	res, err = queries.RemovalWindow(f.ctx, &types.QueryRemovalWindowRequest{})
	require.NoError(t, err)
	require.Equal(t, power(1), res.Window.RemovedTokens)
	require.True(t, res.Open)
	require.Equal(t, removedAt.Add(f.unbonding), res.ClosesAt)

	f.at(res.ClosesAt)
	res, err = queries.RemovalWindow(f.ctx, &types.QueryRemovalWindowRequest{})
	require.NoError(t, err)
	require.False(t, res.Open, "the window is closed one unbonding period after its last removal")
	require.NotNil(t, res.Window, "a closed window is still shown")
}

func TestValidatorRemovalWindowSurvivesGenesisExportAndImport(t *testing.T) {
	f := setupBounds(t, 6)
	require.NoError(t, f.remove(f.ta.Registrar.String(), 1))
	exported, err := f.ta.PermissionKeeper.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NotNil(t, exported.RemovalWindow)
	require.NoError(t, exported.Validate(f.ta.PermissionKeeper.AddressCodec()))

	g := setup(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, exported))
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)
}

func TestRegistrarsShareOneValidatorRemovalWindow(t *testing.T) {
	f := setupBounds(t, 6)
	second := apptest.NewAccount("second-registrar").String()
	params, err := f.ta.PermissionKeeper.Params.Get(f.ctx)
	require.NoError(t, err)
	params.Registrars = append(params.Registrars, second)
	_, err = f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: params})
	require.NoError(t, err)

	require.NoError(t, f.remove(f.ta.Registrar.String(), 1))
	require.NoError(t, f.remove(second, 2))
	before := f.snapshot(t)
	f.requireRefused(t, before, f.remove(second, 3), types.ErrRemovalBoundExceeded)
	f.requireRefused(t, before, f.remove(f.ta.Registrar.String(), 3), types.ErrRemovalBoundExceeded)
	require.Equal(t, power(2), f.window(t).RemovedTokens, "both registrars' removals count in the one window")
}
