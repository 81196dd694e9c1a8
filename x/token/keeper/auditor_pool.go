package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/token/types"
)

// The auditor pool (the auditor share of every fee) is paid out by epoch.
// Each score an auditor writes earns it credit in the running epoch's tally:
// its weight × types.ScoreCredit, prorated like the reputation reward, so
// re-scoring the same device and type within reward_block_threshold earns
// nothing extra. In the end block of the epoch's last height the pool, as
// it stands then, is divided among the auditors still active in proportion
// to their credit, rounded down, into their operators' withdrawable
// rewards; the rounding remainder (or the whole pool when no active auditor
// earned credit) stays in the pool for the next epoch. The tokens never
// leave the module account, so the pools-backed invariant holds through it.

// auditorEpoch returns the running epoch (the first one before genesis set it).
func (k *Keeper) auditorEpoch(ctx context.Context) (types.AuditorEpoch, error) {
	epoch, err := k.AuditorEpoch.Get(ctx)
	if keeperkit.IsNotFound(err) {
		return types.DefaultAuditorEpoch(), nil
	}
	return epoch, err
}

// creditOf returns an auditor's credit in the running epoch (zero when none).
func (k *Keeper) creditOf(ctx context.Context, auditorID string) (math.Int, error) {
	credit, err := k.AuditorCredits.Get(ctx, auditorID)
	if keeperkit.IsNotFound(err) {
		return math.ZeroInt(), nil
	}
	return credit, err
}

// CreditAuditorScores records in the running epoch's tally the credit of a
// batch of scores by auditorID, of the given weight, and returns it. Each
// entry of blocksSinceLast is one score, following PayReputationReward: 0
// for a first score (full credit), otherwise the blocks since the same
// auditor last scored the same device and type; the caller leaves out a
// re-score in the same block, which earns nothing. Each score is prorated
// (and rounded down) on its own, as its reward is, so a batch earns what its
// scores would one by one; the tally is written once per batch. A weight of
// 0 (a suspended or removed auditor, which cannot score) earns nothing.
func (k *Keeper) CreditAuditorScores(ctx context.Context, auditorID string, weight uint32, blocksSinceLast []uint64) (math.Int, error) {
	if auditorID == "" {
		return math.Int{}, errorsmod.Wrap(types.ErrInvalidAuditorCredit, "no auditor named")
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	full := math.NewIntFromUint64(uint64(weight)).MulRaw(types.ScoreCredit)
	credit := math.ZeroInt()
	for _, blocks := range blocksSinceLast {
		credit = credit.Add(params.Prorate(full, blocks))
	}
	if !credit.IsPositive() {
		return math.ZeroInt(), nil
	}
	epoch, err := k.auditorEpoch(ctx)
	if err != nil {
		return math.Int{}, err
	}
	have, err := k.creditOf(ctx, auditorID)
	if err != nil {
		return math.Int{}, err
	}
	if err := k.AuditorCredits.Set(ctx, auditorID, have.Add(credit)); err != nil {
		return math.Int{}, err
	}
	epoch.TotalCredit = epoch.TotalCredit.Add(credit)
	return credit, k.AuditorEpoch.Set(ctx, epoch)
}

// auditorShare is an eligible auditor's part of an ending epoch.
type auditorShare struct {
	id      string
	account sdk.AccAddress
	credit  math.Int
}

// EndAuditorEpoch pays out the auditor pool when the running epoch ends in
// this block, and does nothing in any other block. payee names, for each
// auditor of the tally, the account its share is credited to, or why its
// credit is forfeited; forfeited credit leaves the division, so it goes to
// the auditors still active. Each eligible auditor gets
// floor(pool × credit / eligible credit); what the rounding leaves stays in
// the pool. The tally is then cleared and the next epoch starts at the next
// height. Events: one EventAuditorCreditForfeited per forfeited auditor,
// one EventAuditorEpochPaid per eligible auditor, then one
// EventAuditorPoolDistributed.
func (k *Keeper) EndAuditorEpoch(ctx context.Context, payee types.AuditorPayee) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	height := sdkCtx.BlockHeight()
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	epoch, err := k.auditorEpoch(ctx)
	if err != nil {
		return err
	}
	if height < epoch.StartHeight {
		// Only a chain restarted from an export at a lower height gets here;
		// the epoch's clock restarts at this block and its tally is kept.
		epoch.StartHeight = height
		return k.AuditorEpoch.Set(ctx, epoch)
	}
	end := epoch.EndHeight(params.AuditorEpochBlocks)
	if height < end {
		return nil
	}
	// The tally holds one entry per auditor that scored in the epoch, a
	// handful of admitted services, so it is read whole, before any write:
	// a store iterator must not stay open across writes to its store.
	iter, err := k.AuditorCredits.Iterate(ctx, nil)
	if err != nil {
		return err
	}
	tally, err := iter.KeyValues()
	if err != nil {
		return err
	}
	events := sdkCtx.EventManager()
	var shares []auditorShare
	eligible := math.ZeroInt()
	for _, c := range tally {
		account, forfeit, err := payee(ctx, c.Key)
		if err != nil {
			return err
		}
		if forfeit != "" {
			if err := events.EmitTypedEvent(&types.EventAuditorCreditForfeited{
				Epoch: epoch.Number, AuditorId: c.Key, Credit: c.Value.String(), Status: forfeit,
			}); err != nil {
				return err
			}
			continue
		}
		if len(account) == 0 {
			return errorsmod.Wrapf(types.ErrInvalidAuditorCredit, "auditor %s is eligible but has no account", c.Key)
		}
		shares = append(shares, auditorShare{id: c.Key, account: account, credit: c.Value})
		eligible = eligible.Add(c.Value)
	}
	pool, err := k.auditorPool(ctx)
	if err != nil {
		return err
	}
	paid := math.ZeroInt()
	for _, s := range shares {
		// eligible is positive whenever there is a share: credits are positive.
		amount := pool.Mul(s.credit).Quo(eligible)
		if err := k.accrue(ctx, s.account, amount); err != nil {
			return err
		}
		paid = paid.Add(amount)
		account, err := k.addressCodec.BytesToString(s.account)
		if err != nil {
			return err
		}
		if err := events.EmitTypedEvent(&types.EventAuditorEpochPaid{
			Epoch: epoch.Number, AuditorId: s.id, Account: account, Credit: s.credit.String(), Amount: amount.String(),
		}); err != nil {
			return err
		}
	}
	remainder := pool.Sub(paid)
	if err := k.AuditorPool.Set(ctx, remainder); err != nil {
		return err
	}
	for _, c := range tally {
		if err := k.AuditorCredits.Remove(ctx, c.Key); err != nil {
			return err
		}
	}
	if err := k.AuditorEpoch.Set(ctx, types.AuditorEpoch{
		Number: epoch.Number + 1, StartHeight: height + 1, TotalCredit: math.ZeroInt(),
	}); err != nil {
		return err
	}
	return events.EmitTypedEvent(&types.EventAuditorPoolDistributed{
		Epoch: epoch.Number, StartHeight: epoch.StartHeight, EndHeight: height,
		Pool: pool.String(), TotalCredit: epoch.TotalCredit.String(), EligibleCredit: eligible.String(),
		Paid: paid.String(), Remainder: remainder.String(),
	})
}
