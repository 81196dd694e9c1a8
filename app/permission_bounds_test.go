package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/testutil/apptest"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// requireValidator checks the jail and bond status of operator's validator
// and whether the operator is on the allowlist.
func requireValidator(t *testing.T, ta *apptest.TestApp, operator apptest.Account, jailed bool, status stakingtypes.BondStatus) {
	t.Helper()
	val, err := ta.StakingKeeper.GetValidator(ta.Ctx(), sdk.ValAddress(operator.Addr))
	require.NoError(t, err)
	require.Equal(t, jailed, val.Jailed, "jailed")
	require.Equal(t, status, val.Status, "status")
	allowed, err := ta.PermissionKeeper.IsAllowed(ta.Ctx(), operator.Addr)
	require.NoError(t, err)
	require.Equal(t, !jailed, allowed, "on the allowlist")
}

// TestGovProposalRemovesValidatorBeyondTheRegistrarBound runs the bounds
// through signed transactions and real x/gov proposals on a chain of six
// equal validators: one registrar key removes a third of the power and no
// more; a proposal the validators vote removes beyond it, but a proposal
// too cannot go below min_validators.
func TestGovProposalRemovesValidatorBeyondTheRegistrarBound(t *testing.T) {
	ta := apptest.SetupValidators(t, 6, 0)
	v, reg := ta.Validators, ta.Registrar
	gov := authtypes.NewModuleAddress(govtypes.ModuleName).String()
	remove := func(authority string, operator apptest.Account) *permissiontypes.MsgRemoveValidator {
		return &permissiontypes.MsgRemoveValidator{Authority: authority, Operator: operator.String()}
	}

	for _, i := range []int{1, 2} {
		res := ta.DeliverTx(reg, remove(reg.String(), v[i]))
		require.Zero(t, res.Code, res.Log)
		requireValidator(t, ta, v[i], true, stakingtypes.Unbonding)
	}

	before, err := ta.PermissionKeeper.ExportGenesis(ta.Ctx())
	require.NoError(t, err)
	requireRefused(t, ta.DeliverTx(reg, remove(reg.String(), v[3])), permissiontypes.ErrRemovalBoundExceeded)
	after, err := ta.PermissionKeeper.ExportGenesis(ta.Ctx())
	require.NoError(t, err)
	require.Equal(t, before, after, "the refused removal changed nothing in x/permission")
	requireValidator(t, ta, v[3], false, stakingtypes.Bonded)

	proposal := ta.PassProposal(v[0], "remove validator 3", remove(gov, v[3]))
	require.Equal(t, govv1.StatusPassed, proposal.Status, proposal.FailedReason)
	requireValidator(t, ta, v[3], true, stakingtypes.Unbonding)
	after, err = ta.PermissionKeeper.ExportGenesis(ta.Ctx())
	require.NoError(t, err)
	require.Equal(t, before.RemovalWindow, after.RemovalWindow, "gov's removal does not count in the registrars' window")

	// Governance raises the floor to the three validators left; a proposal
	// to remove one more then fails at execution and changes nothing.
	params := after.Params
	params.MinValidators = 3
	proposal = ta.PassProposal(v[0], "min_validators 3", &permissiontypes.MsgUpdateParams{Authority: gov, Params: params})
	require.Equal(t, govv1.StatusPassed, proposal.Status, proposal.FailedReason)
	got, err := ta.PermissionKeeper.Params.Get(ta.Ctx())
	require.NoError(t, err)
	require.EqualValues(t, 3, got.MinValidators)

	proposal = ta.PassProposal(v[0], "remove validator 4", remove(gov, v[4]))
	require.Equal(t, govv1.StatusFailed, proposal.Status)
	require.Contains(t, proposal.FailedReason, permissiontypes.ErrBelowMinValidators.Error())
	requireValidator(t, ta, v[4], false, stakingtypes.Bonded)
	bonded, err := ta.StakingKeeper.GetBondedValidatorsByPower(ta.Ctx())
	require.NoError(t, err)
	require.Len(t, bonded, 3)

	// One proposal lowers the floor and then removes: its messages run in order.
	params.MinValidators = 2
	proposal = ta.PassProposal(v[0], "min_validators 2, remove validator 4",
		&permissiontypes.MsgUpdateParams{Authority: gov, Params: params}, remove(gov, v[4]))
	require.Equal(t, govv1.StatusPassed, proposal.Status, proposal.FailedReason)
	requireValidator(t, ta, v[4], true, stakingtypes.Unbonding)
}
