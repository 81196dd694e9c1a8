package keeper

import (
	"context"

	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/permission/types"
)

// EndBlocker jails every unjailed validator whose operator is not on the
// allowlist. x/slashing's MsgUnjail has no hook, so a removed validator could
// unjail itself; this sweep, ordered before x/staking's end blocker, keeps it
// out of the next validator set. The set is small by construction (only
// allowlisted operators can create validators), so the walk is cheap.
func (k *Keeper) EndBlocker(ctx context.Context) error {
	var (
		toJail  []stakingtypes.ValidatorI
		walkErr error
	)
	err := k.stakingKeeper.IterateValidators(ctx, func(_ int64, v stakingtypes.ValidatorI) bool {
		if v.IsJailed() {
			return false
		}
		operator, err := k.valAddressCodec.StringToBytes(v.GetOperator())
		if err == nil {
			var ok bool
			ok, err = k.IsAllowed(ctx, operator)
			if err == nil && !ok {
				toJail = append(toJail, v)
			}
		}
		walkErr = err
		return err != nil
	})
	if err != nil {
		return err
	}
	if walkErr != nil {
		return walkErr
	}
	for _, v := range toJail {
		if _, err := k.jail(ctx, v); err != nil {
			return err
		}
		operator, err := k.valAddressCodec.StringToBytes(v.GetOperator())
		if err != nil {
			return err
		}
		operatorStr, err := k.addressCodec.BytesToString(operator)
		if err != nil {
			return err
		}
		if err := keeperkit.Emit(ctx, &types.EventValidatorRemoved{
			Operator: operatorStr, Jailed: true,
		}); err != nil {
			return err
		}
	}
	return nil
}
