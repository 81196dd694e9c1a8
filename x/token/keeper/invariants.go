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
	return PoolsBackedInvariant(ctx, k)
}

// PoolsBackedInvariant checks that the token module account holds, in the
// fee denom, exactly the manufacturer pools, the auditor pool and the
// unpaid rewards, none of them negative: every token the module tracks is
// there to be paid out, and nothing else reaches the account (it is blocked
// for plain transfers).
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
	held := k.bank.GetBalance(ctx, ModuleAddress(), params.Denom).Amount
	if !held.Equal(total) {
		broken = append(broken, fmt.Errorf("pools and rewards total %s%s, the token module account holds %s%s",
			total, params.Denom, held, params.Denom))
	}
	return modulekit.InvariantError(types.ModuleName, "pools-backed", broken)
}
