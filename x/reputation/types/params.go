package types

import (
	errorsmod "cosmossdk.io/errors"

	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

const (
	// DefaultMaxBatchSize lets one message carry a large auditor's batch
	// while keeping a block's writes bounded.
	DefaultMaxBatchSize = 10000
	// DefaultHistoryLength keeps enough latest scores per device and type to
	// show a trend without the history growing with every score written.
	DefaultHistoryLength = 32
	// DefaultExclusionThreshold excludes from payments only devices whose
	// reputation is very low on the 0..MaxScore scale.
	DefaultExclusionThreshold = 1000
	// DefaultReweighPerBlock re-weighs a large auditor's scores over a few
	// blocks while keeping each end blocker to a bounded number of writes.
	DefaultReweighPerBlock = 1000
	// DefaultExclusionSweepPerBlock re-judges the stored exclusion flags of
	// a million scored devices within a thousand blocks of a threshold
	// change, at most one device record write and one event per device.
	DefaultExclusionSweepPerBlock = 1000

	// MaxHistoryLength bounds history_length so that the scores kept per
	// device and type, and a query returning them, stay small.
	MaxHistoryLength = 1024
	// MaxScore is the highest reputation score; scores range 0..MaxScore.
	// It is manufacturertypes.MaxReputation, the chain's one maximum, which a
	// manufacturer's default already obeys.
	MaxScore = manufacturertypes.MaxReputation
)

// DefaultParams are the network's reputation settings at launch.
func DefaultParams() Params {
	return Params{
		MaxBatchSize:           DefaultMaxBatchSize,
		HistoryLength:          DefaultHistoryLength,
		ExclusionThreshold:     DefaultExclusionThreshold,
		ReweighPerBlock:        DefaultReweighPerBlock,
		ExclusionSweepPerBlock: DefaultExclusionSweepPerBlock,
	}
}

// Validate checks that a batch holds at least one score, that 1 to
// MaxHistoryLength scores are kept, that the exclusion threshold is a
// score (above MaxScore every device would be excluded) and that the end
// blocker re-weighs at least one score and re-judges at least one device's
// exclusion per block, or a weight or threshold change would never reach
// the stored state.
func (p Params) Validate() error {
	if p.MaxBatchSize < 1 {
		return errorsmod.Wrap(ErrInvalidParams, "max_batch_size must be at least 1")
	}
	if p.HistoryLength < 1 || p.HistoryLength > MaxHistoryLength {
		return errorsmod.Wrapf(ErrInvalidParams, "history_length: want 1-%d, got %d", MaxHistoryLength, p.HistoryLength)
	}
	if p.ExclusionThreshold > MaxScore {
		return errorsmod.Wrapf(ErrInvalidParams, "exclusion_threshold: want at most %d, got %d", MaxScore, p.ExclusionThreshold)
	}
	if p.ReweighPerBlock < 1 {
		return errorsmod.Wrap(ErrInvalidParams, "reweigh_per_block must be at least 1")
	}
	if p.ExclusionSweepPerBlock < 1 {
		return errorsmod.Wrap(ErrInvalidParams, "exclusion_sweep_per_block must be at least 1")
	}
	return nil
}
