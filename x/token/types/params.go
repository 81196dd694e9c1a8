package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// BasisPoints is 100%: fee splits and the payment commission are expressed in it.
const BasisPoints = 10_000

// FeeKind names what a fee pays for.
type FeeKind string

// The fees the chain charges.
const (
	FeeRegistration FeeKind = "registration"
	FeeActivation   FeeKind = "activation"
	FeeReputation   FeeKind = "reputation"
	FeeCommission   FeeKind = "commission"
)

// MaxAuditorEpochBlocks bounds auditor_epoch_blocks: about a year and a
// half of 5-second blocks. The pool must be paid out within a bounded time
// (nothing stays locked for ever), and the bound keeps an epoch's end
// height far from int64 overflow.
const MaxAuditorEpochBlocks = 10_000_000

// DefaultAuditorEpochBlocks is the auditor pool's epoch of a new chain: about
// 83 minutes of 5-second blocks, so auditors are paid many times a day, and
// ten default reward_block_thresholds, so one epoch spans several full-credit
// rounds of re-scoring a fleet. Its end block walks the epoch's tally (one
// entry per auditor that scored), so even much shorter epochs cost little;
// a longer one only delays the pay.
const DefaultAuditorEpochBlocks = 1_000

// DefaultParams is the fee schedule of a new chain: a device costs 0.001 ATMI
// to whitelist and 0.01 ATMI to activate, a score 0.001 ATMI; payments carry
// a 1% commission.
func DefaultParams() Params {
	return Params{
		Denom:                "uatmi",
		RegistrationFee:      math.NewInt(1_000),
		ActivationFee:        math.NewInt(10_000),
		ReputationWriteFee:   math.NewInt(1_000),
		RegistrationSplit:    FeeSplit{ManufacturerBps: 5_000, AuditorPoolBps: 2_000, ValidatorsBps: 2_000, CommunityPoolBps: 1_000},
		ActivationSplit:      FeeSplit{ManufacturerBps: 5_000, AuditorPoolBps: 2_000, ValidatorsBps: 2_000, CommunityPoolBps: 1_000},
		ReputationSplit:      FeeSplit{ManufacturerBps: 0, AuditorPoolBps: 5_000, ValidatorsBps: 3_000, CommunityPoolBps: 2_000},
		PaymentCommissionBps: 100,
		CommissionSplit:      FeeSplit{ManufacturerBps: 0, AuditorPoolBps: 2_000, ValidatorsBps: 6_000, CommunityPoolBps: 2_000},
		ReputationReward:     math.NewInt(500),
		AuditorSharePercent:  80,
		RewardBlockThreshold: 100,
		AuditorEpochBlocks:   DefaultAuditorEpochBlocks,
	}
}

// Validate checks the fee schedule.
func (p Params) Validate() error {
	if err := sdk.ValidateDenom(p.Denom); err != nil {
		return errorsmod.Wrapf(ErrInvalidParams, "denom: %v", err)
	}
	for name, v := range map[string]math.Int{
		"registration_fee": p.RegistrationFee, "activation_fee": p.ActivationFee,
		"reputation_write_fee": p.ReputationWriteFee, "reputation_reward": p.ReputationReward,
	} {
		if v.IsNil() || v.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be zero or positive", name)
		}
	}
	for name, s := range map[string]FeeSplit{
		"registration_split": p.RegistrationSplit, "activation_split": p.ActivationSplit,
		"reputation_split": p.ReputationSplit, "commission_split": p.CommissionSplit,
	} {
		if err := s.Validate(); err != nil {
			return errorsmod.Wrapf(err, "%s", name)
		}
	}
	if p.PaymentCommissionBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidParams, "payment_commission_bps %d exceeds %d", p.PaymentCommissionBps, BasisPoints)
	}
	if p.AuditorSharePercent > 100 {
		return errorsmod.Wrapf(ErrInvalidParams, "auditor_share_percent %d exceeds 100", p.AuditorSharePercent)
	}
	if p.RewardBlockThreshold == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "reward_block_threshold must be positive")
	}
	if p.AuditorEpochBlocks == 0 || p.AuditorEpochBlocks > MaxAuditorEpochBlocks {
		return errorsmod.Wrapf(ErrInvalidParams, "auditor_epoch_blocks must be 1 to %d, got %d", MaxAuditorEpochBlocks, p.AuditorEpochBlocks)
	}
	return nil
}

// Prorate is what a score earns of full, the reputation reward or the
// auditor pool credit of a full-value score, when the same auditor last
// scored the same device and type blocksSinceLast blocks ago (0 for a first
// score, which earns it all): below reward_block_threshold it is prorated by
// the blocks elapsed, rounded down, so re-scoring every block for a
// threshold's worth of blocks earns at most what one score per threshold
// does. The caller asks nothing for a re-score in the same block.
func (p Params) Prorate(full math.Int, blocksSinceLast uint64) math.Int {
	if blocksSinceLast > 0 && blocksSinceLast < p.RewardBlockThreshold {
		return full.Mul(math.NewIntFromUint64(blocksSinceLast)).Quo(math.NewIntFromUint64(p.RewardBlockThreshold))
	}
	return full
}

// Validate checks that the four shares sum to 100%.
func (s FeeSplit) Validate() error {
	sum := uint64(s.ManufacturerBps) + uint64(s.AuditorPoolBps) + uint64(s.ValidatorsBps) + uint64(s.CommunityPoolBps)
	if sum != BasisPoints {
		return errorsmod.Wrapf(ErrInvalidParams, "shares sum to %d basis points, want %d", sum, BasisPoints)
	}
	return nil
}

// Shares divides total by the split. Rounding dust goes to the validators, so
// the four parts always add up to total.
func (s FeeSplit) Shares(total math.Int) (manufacturer, auditorPool, validators, community math.Int) {
	part := func(bps uint32) math.Int { return total.MulRaw(int64(bps)).QuoRaw(BasisPoints) }
	manufacturer, auditorPool, community = part(s.ManufacturerBps), part(s.AuditorPoolBps), part(s.CommunityPoolBps)
	validators = total.Sub(manufacturer).Sub(auditorPool).Sub(community)
	return manufacturer, auditorPool, validators, community
}

// Fee returns the per-unit fee and split of a fee kind.
func (p Params) Fee(kind FeeKind) (math.Int, FeeSplit, error) {
	switch kind {
	case FeeRegistration:
		return p.RegistrationFee, p.RegistrationSplit, nil
	case FeeActivation:
		return p.ActivationFee, p.ActivationSplit, nil
	case FeeReputation:
		return p.ReputationWriteFee, p.ReputationSplit, nil
	default:
		return math.Int{}, FeeSplit{}, errorsmod.Wrapf(ErrInvalidParams, "no per-unit fee for %q", kind)
	}
}

// Commission is the commission on a device payment of amount, rounded up:
// at any non-zero rate every payment pays at least 1 uatmi, so splitting a
// payment into micro-payments never makes it commission-free. (The split of
// the commission rounds down per share and gives the remainder to the
// validators; see Shares.)
func (p Params) Commission(amount math.Int) math.Int {
	if !amount.IsPositive() {
		return math.ZeroInt()
	}
	return amount.MulRaw(int64(p.PaymentCommissionBps)).AddRaw(BasisPoints - 1).QuoRaw(BasisPoints)
}

// ValidateAction checks that a is one of the pausable actions.
func ValidateAction(a Action) error {
	if _, ok := Action_name[int32(a)]; !ok || a == ACTION_UNSPECIFIED {
		return errorsmod.Wrapf(ErrInvalidAction, "%d", a)
	}
	return nil
}
