package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/token/types"
)

// ChargeFee takes units × the per-unit fee of kind from payer and splits it
// per params: the manufacturer's pool, the auditor pool, the validators (fee
// collector) and the community pool. It is the one call other modules make
// to charge; a payer who cannot pay gets ErrInsufficientFunds and nothing
// moves.
func (k *Keeper) ChargeFee(ctx context.Context, payer sdk.AccAddress, kind types.FeeKind, units uint64, manufacturerID string) (math.Int, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	unit, split, err := params.Fee(kind)
	if err != nil {
		return math.Int{}, err
	}
	total := unit.Mul(math.NewIntFromUint64(units))
	return total, k.charge(ctx, params, payer, kind, total, split, manufacturerID)
}

// ChargeCommission takes the payment commission on amount from payer, split
// per params.commission_split; manufacturerID is the payee's manufacturer.
func (k *Keeper) ChargeCommission(ctx context.Context, payer sdk.AccAddress, amount math.Int, manufacturerID string) (math.Int, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	total := params.Commission(amount)
	return total, k.charge(ctx, params, payer, types.FeeCommission, total, params.CommissionSplit, manufacturerID)
}

func (k *Keeper) charge(ctx context.Context, params types.Params, payer sdk.AccAddress, kind types.FeeKind,
	total math.Int, split types.FeeSplit, manufacturerID string,
) error {
	if total.IsZero() {
		return nil
	}
	toManufacturer, toAuditors, toValidators, toCommunity := split.Shares(total)
	var pool math.Int
	if toManufacturer.IsPositive() {
		var err error
		if pool, err = k.PoolOf(ctx, manufacturerID); err != nil {
			return err
		}
	}
	if err := k.checkFunds(ctx, payer, params.Denom, total); err != nil {
		return err
	}
	if err := k.bank.SendCoinsFromAccountToModule(ctx, payer, types.ModuleName, coins(params.Denom, total)); err != nil {
		return err
	}
	if toValidators.IsPositive() {
		if err := k.bank.SendCoinsFromModuleToModule(ctx, types.ModuleName, k.feeCollector, coins(params.Denom, toValidators)); err != nil {
			return err
		}
	}
	if toCommunity.IsPositive() {
		if err := k.distr.FundCommunityPool(ctx, coins(params.Denom, toCommunity), ModuleAddress()); err != nil {
			return err
		}
	}
	if toManufacturer.IsPositive() {
		if err := k.Pools.Set(ctx, manufacturerID, pool.Add(toManufacturer)); err != nil {
			return err
		}
	}
	if toAuditors.IsPositive() {
		auditorPool, err := k.auditorPool(ctx)
		if err != nil {
			return err
		}
		if err := k.AuditorPool.Set(ctx, auditorPool.Add(toAuditors)); err != nil {
			return err
		}
	}
	payerStr, err := k.addressCodec.BytesToString(payer)
	if err != nil {
		return err
	}
	return keeperkit.Emit(ctx, &types.EventFeeCharged{
		Payer: payerStr, Kind: string(kind), ManufacturerId: manufacturerID, Total: total.String(),
		ToManufacturerPool: toManufacturer.String(), ToAuditorPool: toAuditors.String(),
		ToValidators: toValidators.String(), ToCommunityPool: toCommunity.String(),
	})
}

// checkFunds refuses a payer whose spendable balance is below amount, with
// both figures in the error.
func (k *Keeper) checkFunds(ctx context.Context, payer sdk.AccAddress, denom string, amount math.Int) error {
	if short := k.Shortfall(ctx, payer, denom, amount); short != "" {
		return errorsmod.Wrap(types.ErrInsufficientFunds, short)
	}
	return nil
}

// Shortfall describes why payer cannot spend amount ("… has X, needs Y"), or
// is empty when it can.
func (k *Keeper) Shortfall(ctx context.Context, payer sdk.AccAddress, denom string, amount math.Int) string {
	have := k.bank.SpendableCoins(ctx, payer).AmountOf(denom)
	if have.GTE(amount) {
		return ""
	}
	payerStr, _ := k.addressCodec.BytesToString(payer)
	return payerStr + " has " + have.String() + denom + ", needs " + amount.String() + denom
}

// PayReputationReward pays an auditor for a score on a device of
// manufacturerID, from that manufacturer's pool: params.reputation_reward,
// of which auditor_share_percent accrues to the auditor and the rest to the
// manufacturer's beneficiary account. blocksSinceLast is the number of blocks
// since the same auditor last scored the same device (0 for a first score);
// under reward_block_threshold the reward is prorated, so re-scoring spam
// earns nothing extra. An empty pool pays what it has, possibly nothing.
func (k *Keeper) PayReputationReward(ctx context.Context, manufacturerID string, auditor, manufacturer sdk.AccAddress, blocksSinceLast uint64) (math.Int, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	pool, err := k.PoolOf(ctx, manufacturerID)
	if err != nil {
		return math.Int{}, err
	}
	reward := math.MinInt(params.Prorate(params.ReputationReward, blocksSinceLast), pool)
	if !reward.IsPositive() {
		return math.ZeroInt(), nil
	}
	if err := k.Pools.Set(ctx, manufacturerID, pool.Sub(reward)); err != nil {
		return math.Int{}, err
	}
	toAuditor := reward.MulRaw(int64(params.AuditorSharePercent)).QuoRaw(100)
	if err := k.accrue(ctx, auditor, toAuditor); err != nil {
		return math.Int{}, err
	}
	return reward, k.accrue(ctx, manufacturer, reward.Sub(toAuditor))
}
