package types

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/atonomi/atonomid/x/internal/canonical"
)

// DefaultGenesis has the default fee schedule, no pools, rewards or pauses.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params: DefaultParams(), Pools: []Pool{}, AuditorPool: math.ZeroInt(), Rewards: []Reward{}, Paused: []Action{},
		AuditorEpoch: DefaultAuditorEpoch(), AuditorCredits: []AuditorCredit{}, Surplus: math.ZeroInt(),
	}
}

// Validate checks params, that amounts are not negative, that no pool,
// reward, pause or auditor credit is listed twice and that the auditor
// credits make their epoch's total. A missing surplus is none: genesis files
// written before the field existed stay valid.
func (gs GenesisState) Validate(ac address.Codec) error {
	// Reward addresses in their one canonical spelling, so that no account
	// is listed twice under two spellings.
	ac = canonical.Wrap(ac)
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.AuditorPool.IsNil() || gs.AuditorPool.IsNegative() {
		return errorsmod.Wrap(ErrInvalidGenesis, "auditor pool must be zero or positive")
	}
	if gs.SurplusOrZero().IsNegative() {
		return errorsmod.Wrap(ErrInvalidGenesis, "surplus must be zero or positive")
	}
	pools := make(map[string]struct{}, len(gs.Pools))
	for i, p := range gs.Pools {
		if p.ManufacturerId == "" {
			return errorsmod.Wrapf(ErrInvalidGenesis, "pool %d has no manufacturer id", i)
		}
		if _, dup := pools[p.ManufacturerId]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "pool of %s is listed twice", p.ManufacturerId)
		}
		pools[p.ManufacturerId] = struct{}{}
		if p.Amount.IsNil() || p.Amount.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "pool of %s has a negative amount", p.ManufacturerId)
		}
	}
	rewards := make(map[string]struct{}, len(gs.Rewards))
	for i, r := range gs.Rewards {
		if _, err := ac.StringToBytes(r.Address); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reward %d: address %q: %v", i, r.Address, err)
		}
		if _, dup := rewards[r.Address]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reward of %s is listed twice", r.Address)
		}
		rewards[r.Address] = struct{}{}
		if r.Amount.IsNil() || !r.Amount.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reward of %s must be positive", r.Address)
		}
	}
	paused := make(map[Action]struct{}, len(gs.Paused))
	for _, a := range gs.Paused {
		if err := ValidateAction(a); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "paused: %v", err)
		}
		if _, dup := paused[a]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "%s is listed twice", a)
		}
		paused[a] = struct{}{}
	}
	if err := ValidateAuditorTally(gs.AuditorEpoch, gs.AuditorCredits); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "auditor pool epoch: %v", err)
	}
	return nil
}

// SurplusOrZero is the surplus, zero when the genesis has none.
func (gs GenesisState) SurplusOrZero() math.Int {
	if gs.Surplus.IsNil() {
		return math.ZeroInt()
	}
	return gs.Surplus
}

// Total is what the token module account must hold at least for this
// genesis: every pool and reward, and the surplus.
func (gs GenesisState) Total() math.Int {
	total := gs.AuditorPool.Add(gs.SurplusOrZero())
	for _, p := range gs.Pools {
		total = total.Add(p.Amount)
	}
	for _, r := range gs.Rewards {
		total = total.Add(r.Amount)
	}
	return total
}
