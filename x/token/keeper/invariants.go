package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/modulekit"
	"github.com/atonomi/atonomid/x/token/types"
)

// CheckInvariants runs every invariant of the fee economy. The simulation
// checks it after every block; keeper tests call it directly.
func CheckInvariants(ctx context.Context, k *Keeper) error {
	if err := PoolsBackedInvariant(ctx, k); err != nil {
		return err
	}
	return AuditorTallyInvariant(ctx, k)
}

// AuditorTallyInvariant checks the auditor pool's running epoch: each
// credit is positive and together they make the epoch's stored total, the
// figure the query serves without walking the tally. (Paying the pool out
// moves tokens from the auditor pool to rewards inside the module account,
// which PoolsBackedInvariant covers.)
func AuditorTallyInvariant(ctx context.Context, k *Keeper) error {
	epoch, err := k.auditorEpoch(ctx)
	if err != nil {
		return err
	}
	var credits []types.AuditorCredit
	if err := k.AuditorCredits.Walk(ctx, nil, func(id string, credit math.Int) (bool, error) {
		credits = append(credits, types.AuditorCredit{AuditorId: id, Credit: credit})
		return false, nil
	}); err != nil {
		return err
	}
	var broken []error
	if err := types.ValidateAuditorTally(epoch, credits); err != nil {
		broken = append(broken, err)
	}
	return modulekit.InvariantError(types.ModuleName, "auditor-tally", broken)
}

// PoolsBackedInvariant checks that the token module account holds, in the
// fee denom, exactly the manufacturer pools, the auditor pool, the unpaid
// rewards and the surplus, none of them negative: every token the module
// tracks is there to be paid out. A balance above that is broken too, not
// more surplus: the account refuses every transfer (x/bank's blocked
// addresses), so on a running chain tokens can only reach it through a
// keeper that charged without crediting a pool, the bug this invariant is
// there to catch. Genesis is the one place an excess is legitimate, and
// InitGenesis records it as surplus.
func PoolsBackedInvariant(ctx context.Context, k *Keeper) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	var broken []error
	total, err := k.auditorPool(ctx)
	if err != nil {
		return err
	}
	if total.IsNegative() {
		broken = append(broken, fmt.Errorf("auditor pool is %s", total))
	}
	if err := k.Pools.Walk(ctx, nil, func(id string, amount math.Int) (bool, error) {
		if amount.IsNegative() {
			broken = append(broken, fmt.Errorf("pool of %s is %s", id, amount))
		}
		total = total.Add(amount)
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.Rewards.Walk(ctx, nil, func(addr sdk.AccAddress, amount math.Int) (bool, error) {
		if !amount.IsPositive() {
			broken = append(broken, fmt.Errorf("reward of %s is %s", addr, amount))
		}
		total = total.Add(amount)
		return false, nil
	}); err != nil {
		return err
	}
	surplus, err := k.GetSurplus(ctx)
	if err != nil {
		return err
	}
	if surplus.IsNegative() {
		broken = append(broken, fmt.Errorf("surplus is %s", surplus))
	}
	total = total.Add(surplus)
	held, denom := k.bank.GetBalance(ctx, ModuleAddress(), params.Denom).Amount, params.Denom
	switch {
	case held.LT(total):
		broken = append(broken, fmt.Errorf("pools, rewards and surplus total %s%s, the token module account holds %s%s: %s%s are missing",
			total, denom, held, denom, total.Sub(held), denom))
	case held.GT(total):
		broken = append(broken, fmt.Errorf("pools, rewards and surplus total %s%s, the token module account holds %s%s: %s%s reached it untracked",
			total, denom, held, denom, held.Sub(total), denom))
	}
	return modulekit.InvariantError(types.ModuleName, "pools-backed", broken)
}
