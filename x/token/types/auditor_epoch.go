package types

import (
	"context"
	"math"

	errorsmod "cosmossdk.io/errors"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ScoreCredit is the auditor pool credit of one full-value score by an
// auditor of weight 1: a score earns weight × ScoreCredit, prorated like the
// reputation reward (Params.Prorate). The scale keeps the prorated credit of
// an early re-score an integer fine enough to matter (1/threshold of a
// weight-1 score is still 10,000 units at a 100-block threshold) while the
// tally stays exact integer arithmetic.
const ScoreCredit = 1_000_000

// DefaultAuditorEpoch is the first epoch of a new chain, starting at its
// first block (height 1 unless the chain sets another initial height; a
// later first block ends the first epoch early, in its first block).
func DefaultAuditorEpoch() AuditorEpoch {
	return AuditorEpoch{Number: 1, StartHeight: 1, TotalCredit: sdkmath.ZeroInt()}
}

// EndHeight is the last height of the epoch when epochs last blocks blocks
// (1..MaxAuditorEpochBlocks): the epoch is paid out in its end block.
func (e AuditorEpoch) EndHeight(blocks uint64) int64 {
	if e.StartHeight > math.MaxInt64-int64(blocks) {
		return math.MaxInt64
	}
	return e.StartHeight + int64(blocks) - 1
}

// Validate checks an epoch as stored or imported: numbered from 1, starting
// at a height of a chain, with a credit that is not negative.
func (e AuditorEpoch) Validate() error {
	if e.Number == 0 {
		return errorsmod.Wrap(ErrInvalidAuditorCredit, "auditor epochs are numbered from 1")
	}
	if e.StartHeight < 1 {
		return errorsmod.Wrapf(ErrInvalidAuditorCredit, "auditor epoch start height %d is below 1", e.StartHeight)
	}
	if e.TotalCredit.IsNil() || e.TotalCredit.IsNegative() {
		return errorsmod.Wrap(ErrInvalidAuditorCredit, "auditor epoch total credit must be zero or positive")
	}
	return nil
}

// ValidateAuditorTally checks an epoch with its credits: each names an
// auditor once with a positive credit (an auditor that earned nothing is
// not listed), and together they make the epoch's total credit.
func ValidateAuditorTally(epoch AuditorEpoch, credits []AuditorCredit) error {
	if err := epoch.Validate(); err != nil {
		return err
	}
	sum := sdkmath.ZeroInt()
	seen := make(map[string]struct{}, len(credits))
	for i, c := range credits {
		if c.AuditorId == "" {
			return errorsmod.Wrapf(ErrInvalidAuditorCredit, "credit %d names no auditor", i)
		}
		if _, dup := seen[c.AuditorId]; dup {
			return errorsmod.Wrapf(ErrInvalidAuditorCredit, "credit of %s is listed twice", c.AuditorId)
		}
		seen[c.AuditorId] = struct{}{}
		if c.Credit.IsNil() || !c.Credit.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidAuditorCredit, "credit of %s must be positive", c.AuditorId)
		}
		sum = sum.Add(c.Credit)
	}
	if !sum.Equal(epoch.TotalCredit) {
		return errorsmod.Wrapf(ErrInvalidAuditorCredit, "credits sum to %s, the epoch's total credit is %s", sum, epoch.TotalCredit)
	}
	return nil
}

// AuditorPayee tells who is paid an auditor's share of the pool when an
// epoch ends. It is supplied by the module that sees the auditor registry
// (x/reputation; x/auditor sits above this module): for an auditor active
// at the end it returns its operator account, and otherwise an empty
// account and the status that forfeits its credit ("suspended", "removed",
// "unknown").
type AuditorPayee func(ctx context.Context, auditorID string) (account sdk.AccAddress, forfeit string, err error)
