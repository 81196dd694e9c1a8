package types

import (
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// NewRemovalWindow opens a window at now over bondedTokens, the bonded
// tokens of the bonded, unjailed validators before its first removal.
func NewRemovalWindow(now time.Time, bondedTokens math.Int) RemovalWindow {
	return RemovalWindow{
		StartTime: now, LastRemovalTime: now,
		StartBondedTokens: bondedTokens, RemovedTokens: math.ZeroInt(),
	}
}

// ClosesAt is the block time from which the window no longer bounds
// removals: one unbonding period after its last removal. Measuring from the
// last removal rather than from the first means two windows' removals never
// fall within one unbonding period, so a registrar cannot remove a third at
// the end of one window and another third at the start of the next.
func (w RemovalWindow) ClosesAt(unbondingTime time.Duration) time.Time {
	return w.LastRemovalTime.Add(unbondingTime)
}

// IsOpen reports whether the window still bounds removals at block time now.
func (w RemovalWindow) IsOpen(now time.Time, unbondingTime time.Duration) bool {
	return now.Before(w.ClosesAt(unbondingTime))
}

// Allows reports whether removing a validator of tokens bonded tokens keeps
// the window's removals within a third of its starting bonded tokens.
func (w RemovalWindow) Allows(tokens math.Int) bool {
	return w.RemovedTokens.Add(tokens).MulRaw(3).LTE(w.StartBondedTokens)
}

// Record counts the removal of a validator of tokens bonded tokens at now.
func (w RemovalWindow) Record(now time.Time, tokens math.Int) RemovalWindow {
	w.RemovedTokens = w.RemovedTokens.Add(tokens)
	w.LastRemovalTime = now
	return w
}

// Validate checks a window as only the keeper can write it: it counts at
// least one removal of bonded tokens, within the third of its start, and its
// last removal is not before its start.
func (w RemovalWindow) Validate() error {
	if w.StartBondedTokens.IsNil() || !w.StartBondedTokens.IsPositive() {
		return errorsmod.Wrap(ErrInvalidGenesis, "removal window: start_bonded_tokens must be positive")
	}
	if w.RemovedTokens.IsNil() || !w.RemovedTokens.IsPositive() {
		return errorsmod.Wrap(ErrInvalidGenesis, "removal window: removed_tokens must be positive")
	}
	if w.RemovedTokens.MulRaw(3).GT(w.StartBondedTokens) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "removal window: removed_tokens %s exceed a third of start_bonded_tokens %s",
			w.RemovedTokens, w.StartBondedTokens)
	}
	if w.LastRemovalTime.Before(w.StartTime) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "removal window: last_removal_time %s is before start_time %s",
			w.LastRemovalTime.Format(time.RFC3339Nano), w.StartTime.Format(time.RFC3339Nano))
	}
	return nil
}
