package app_test

import (
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/testutil/apptest"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

func createValidatorMsg(t *testing.T, operator apptest.Account, seed string) *stakingtypes.MsgCreateValidator {
	t.Helper()
	msg, err := stakingtypes.NewMsgCreateValidator(sdk.ValAddress(operator.Addr).String(),
		ed25519.GenPrivKeyFromSecret([]byte(seed)).PubKey(),
		sdk.NewCoin(app.BondDenom, sdk.DefaultPowerReduction.MulRaw(10)),
		stakingtypes.NewDescription(seed, "", "", "", ""),
		stakingtypes.NewCommissionRates(sdkmath.LegacyNewDecWithPrec(5, 2), sdkmath.LegacyNewDecWithPrec(2, 1), sdkmath.LegacyNewDecWithPrec(1, 2)),
		sdkmath.OneInt())
	require.NoError(t, err)
	return msg
}

func requireRefused(t *testing.T, res interface {
	GetCode() uint32
	GetLog() string
}, want error) {
	t.Helper()
	require.NotZero(t, res.GetCode(), "expected a refusal")
	require.Contains(t, res.GetLog(), want.Error())
}

func validatorExists(ta *apptest.TestApp, operator apptest.Account) bool {
	_, err := ta.StakingKeeper.GetValidator(ta.Ctx(), sdk.ValAddress(operator.Addr))
	return err == nil
}

func TestOnlyApprovedOperatorsCreateValidators(t *testing.T) {
	ta := apptest.Setup(t, 2)
	acme := ta.Users[0]

	res := ta.DeliverTx(acme, createValidatorMsg(t, acme, "acme"))
	requireRefused(t, res, permissiontypes.ErrValidatorRefused)
	require.False(t, validatorExists(ta, acme), "a refused create-validator leaves no validator")

	res = ta.DeliverTx(ta.Registrar, &permissiontypes.MsgAllowValidator{Authority: ta.Registrar.String(), Operator: acme.String()})
	require.Zero(t, res.Code, res.Log)

	res = ta.DeliverTx(acme, createValidatorMsg(t, acme, "acme"))
	require.Zero(t, res.Code, res.Log)
	require.True(t, validatorExists(ta, acme))
}

func TestCreateValidatorThroughAuthzIsChecked(t *testing.T) {
	ta := apptest.Setup(t, 2)
	granter, grantee := ta.Users[0], ta.Users[1]
	expiry := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	grant, err := authz.NewMsgGrant(granter.Addr, grantee.Addr,
		authz.NewGenericAuthorization(sdk.MsgTypeURL(&stakingtypes.MsgCreateValidator{})), &expiry)
	require.NoError(t, err)
	require.Zero(t, ta.DeliverTx(granter, grant).Code)

	exec := authz.NewMsgExec(grantee.Addr, []sdk.Msg{createValidatorMsg(t, granter, "granter")})
	requireRefused(t, ta.DeliverTx(grantee, &exec), permissiontypes.ErrValidatorRefused)
	require.False(t, validatorExists(ta, granter))
}

func TestOnlyTheOperatorDelegates(t *testing.T) {
	ta := apptest.Setup(t, 1)
	alice := ta.Users[0]
	valoper := sdk.ValAddress(ta.Validator.Addr).String()
	stake := sdk.NewInt64Coin(app.BondDenom, 1_000_000)

	requireRefused(t, ta.DeliverTx(alice, stakingtypes.NewMsgDelegate(alice.String(), valoper, stake)),
		permissiontypes.ErrDelegationRefused)
	_, err := ta.StakingKeeper.GetDelegation(ta.Ctx(), alice.Addr, sdk.ValAddress(ta.Validator.Addr))
	require.ErrorIs(t, err, stakingtypes.ErrNoDelegation)

	before, err := ta.StakingKeeper.GetValidator(ta.Ctx(), sdk.ValAddress(ta.Validator.Addr))
	require.NoError(t, err)
	res := ta.DeliverTx(ta.Validator, stakingtypes.NewMsgDelegate(ta.Validator.String(), valoper, stake))
	require.Zero(t, res.Code, res.Log)
	after, err := ta.StakingKeeper.GetValidator(ta.Ctx(), sdk.ValAddress(ta.Validator.Addr))
	require.NoError(t, err)
	require.Equal(t, before.Tokens.Add(stake.Amount), after.Tokens, "the operator adds to its own stake")
}

func TestRemovedValidatorLeavesTheSetAndStaysOut(t *testing.T) {
	ta := apptest.Setup(t, 2)
	acme, outsider := ta.Users[0], ta.Users[1]
	require.Zero(t, ta.DeliverTx(ta.Registrar, &permissiontypes.MsgAllowValidator{Authority: ta.Registrar.String(), Operator: acme.String()}).Code)
	require.Zero(t, ta.DeliverTx(acme, createValidatorMsg(t, acme, "acme")).Code)
	ta.NextBlock()

	requireRefused(t, ta.DeliverTx(outsider, &permissiontypes.MsgRemoveValidator{Authority: outsider.String(), Operator: acme.String()}),
		permissiontypes.ErrNotAuthority)
	val, err := ta.StakingKeeper.GetValidator(ta.Ctx(), sdk.ValAddress(acme.Addr))
	require.NoError(t, err)
	require.False(t, val.Jailed)
	require.Equal(t, stakingtypes.Bonded, val.Status)

	res := ta.DeliverTx(ta.Registrar, &permissiontypes.MsgRemoveValidator{Authority: ta.Registrar.String(), Operator: acme.String()})
	require.Zero(t, res.Code, res.Log)
	val, err = ta.StakingKeeper.GetValidator(ta.Ctx(), sdk.ValAddress(acme.Addr))
	require.NoError(t, err)
	require.True(t, val.Jailed)
	require.Equal(t, stakingtypes.Unbonding, val.Status, "the jailed validator left the bonded set")

	// Unjailing through x/slashing does not bring it back: the end-block
	// sweep jails it again before the validator set is computed.
	unjail := ta.DeliverTx(acme, &slashingtypes.MsgUnjail{ValidatorAddr: sdk.ValAddress(acme.Addr).String()})
	require.Zero(t, unjail.Code, "x/slashing itself lets the validator unjail: %s", unjail.Log)
	val, err = ta.StakingKeeper.GetValidator(ta.Ctx(), sdk.ValAddress(acme.Addr))
	require.NoError(t, err)
	require.True(t, val.Jailed)
	require.NotEqual(t, stakingtypes.Bonded, val.Status)

}
