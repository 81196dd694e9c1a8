package keeper

import (
	"context"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/permission/types"
)

// checkRemovalBounds refuses a removal of the operator's validator that would
// leave fewer than min_validators bonded, unjailed validators (whoever
// removes: a chain below the floor cannot stand, and x/gov may lower the
// param first), or, when a registrar removes, that would take the
// registrars' removals in the open window above a third of the bonded
// tokens at the window's start. x/gov is not held to the third: its
// proposal passed a vote of the validators themselves. It returns the
// window to store once the removal is done, nil when the window stays as it
// is; it writes nothing itself.
//
// Only a bonded, unjailed validator counts: removing an operator without a
// validator, or whose validator is unbonded or already jailed, takes no
// power out of the set, so it passes both bounds and leaves the window as
// it is.
func (k *Keeper) checkRemovalBounds(ctx context.Context, signer string, valAddr sdk.ValAddress) (*types.RemovalWindow, error) {
	bonded, err := k.stakingKeeper.GetBondedValidatorsByPower(ctx)
	if err != nil {
		return nil, err
	}
	valoper, err := k.valAddressCodec.BytesToString(valAddr)
	if err != nil {
		return nil, err
	}
	total, removed, found := math.ZeroInt(), math.ZeroInt(), false
	for _, v := range bonded {
		total = total.Add(v.Tokens)
		if v.OperatorAddress == valoper {
			removed, found = v.Tokens, true
		}
	}
	if !found {
		return nil, nil
	}

	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if remaining := len(bonded) - 1; remaining < int(params.MinValidators) {
		return nil, errorsmod.Wrapf(types.ErrBelowMinValidators,
			"removing %s would leave %d bonded validators, min_validators is %d", valoper, remaining, params.MinValidators)
	}
	if signer == k.authority {
		return nil, nil
	}

	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	unbondingTime, err := k.stakingKeeper.UnbondingTime(ctx)
	if err != nil {
		return nil, err
	}
	window, err := k.RemovalWindow.Get(ctx)
	switch {
	case keeperkit.IsNotFound(err) || (err == nil && !window.IsOpen(now, unbondingTime)):
		window = types.NewRemovalWindow(now, total)
	case err != nil:
		return nil, err
	}
	if !window.Allows(removed) {
		return nil, errorsmod.Wrapf(types.ErrRemovalBoundExceeded,
			"removing %s (%s bonded tokens) would bring the registrars' removals since %s to %s of the %s bonded then; "+
				"the bound renews at %s (one unbonding period after the last removal), and x/gov may remove it sooner",
			valoper, removed, window.StartTime.UTC().Format(time.RFC3339), window.RemovedTokens.Add(removed),
			window.StartBondedTokens, window.ClosesAt(unbondingTime).UTC().Format(time.RFC3339))
	}
	window = window.Record(now, removed)
	return &window, nil
}
