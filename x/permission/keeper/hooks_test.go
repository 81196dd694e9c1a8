package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/permission/types"
)

func TestAfterValidatorCreated(t *testing.T) {
	f := setup(t)
	allowed, allowedStr := f.operator(t, "acme")
	allow(t, f, allowedStr)
	stranger, _ := f.operator(t, "rogue")

	require.NoError(t, f.k.Hooks().AfterValidatorCreated(f.ctx, sdk.ValAddress(allowed)),
		"an allowlisted operator may create a validator")
	require.ErrorIs(t, f.k.Hooks().AfterValidatorCreated(f.ctx, sdk.ValAddress(stranger)), types.ErrValidatorRefused,
		"an operator not on the allowlist may not")
}

func TestBeforeDelegationCreated(t *testing.T) {
	f := setup(t)
	operator, operatorStr := f.operator(t, "acme")
	allow(t, f, operatorStr)
	other, _ := f.operator(t, "alice")

	require.NoError(t, f.k.Hooks().BeforeDelegationCreated(f.ctx, operator, sdk.ValAddress(operator)),
		"the operator self-delegates")
	require.ErrorIs(t, f.k.Hooks().BeforeDelegationCreated(f.ctx, other, sdk.ValAddress(operator)), types.ErrDelegationRefused,
		"another account may not delegate")
	require.ErrorIs(t, f.k.Hooks().BeforeDelegationCreated(f.ctx, operator, sdk.ValAddress(other)), types.ErrDelegationRefused,
		"an operator may not delegate to another validator")
}

func TestEndBlockerJailsValidatorsOffTheAllowlist(t *testing.T) {
	f := setup(t)
	kept, keptStr := f.operator(t, "acme")
	allow(t, f, keptStr)
	f.staking.addValidator(t, kept, false)
	// A validator whose approval was withdrawn and which unjailed itself
	// through x/slashing is found unjailed at the end of the block.
	removed, removedStr := f.operator(t, "rogue")
	f.staking.addValidator(t, removed, false)

	require.NoError(t, f.k.EndBlocker(f.ctx))

	v, err := f.staking.GetValidator(f.ctx, sdk.ValAddress(removed))
	require.NoError(t, err)
	require.True(t, v.Jailed, "the validator off the allowlist is jailed")
	v, err = f.staking.GetValidator(f.ctx, sdk.ValAddress(kept))
	require.NoError(t, err)
	require.False(t, v.Jailed, "the allowlisted validator is untouched")
	testutil.RequireLastEvent(t, f.ctx, &types.EventValidatorRemoved{Operator: removedStr, Jailed: true})

	// A second sweep finds nothing to do.
	n := len(f.ctx.EventManager().ABCIEvents())
	require.NoError(t, f.k.EndBlocker(f.ctx))
	require.Len(t, f.ctx.EventManager().ABCIEvents(), n)
}
