package types

import (
	"fmt"
	"math/bits"
	"strings"

	errorsmod "cosmossdk.io/errors"
)

// Name returns the lower-case name used in events ("up", "down", "flat").
func (d Direction) Name() string {
	return strings.ToLower(strings.TrimPrefix(d.String(), "DIRECTION_"))
}

// DirectionOf compares a score with the one it follows: the same auditor's
// previous score of the device and type, or the manufacturer's default
// reputation for a first score.
func DirectionOf(previous, score uint32) Direction {
	switch {
	case score > previous:
		return DIRECTION_UP
	case score < previous:
		return DIRECTION_DOWN
	default:
		return DIRECTION_FLAT
	}
}

// ValidateScore checks that a score is in 0..MaxScore.
func ValidateScore(score uint32) error {
	if score > MaxScore {
		return errorsmod.Wrapf(ErrScoreOutOfRange, "%d exceeds %d", score, MaxScore)
	}
	return nil
}

// NewAggregate is the aggregate of a device and type no auditor has scored:
// its value is the manufacturer's default reputation.
func NewAggregate(deviceID, reputationType string, defaultValue uint32) Aggregate {
	return Aggregate{DeviceId: deviceID, ReputationType: reputationType, Value: defaultValue}
}

// Add counts an auditor's latest score with its weight and refreshes the
// value. A weight of 0 (a suspended or removed auditor's) counts nothing:
// neither in the sums nor in auditors. With scores up to MaxScore and
// weights up to 10,000 the sums only overflow past some 850,000 auditors of
// one device and type; the check keeps a corrupt aggregate from being
// stored even then.
func (a *Aggregate) Add(score, weight uint32) error {
	if weight == 0 {
		return nil
	}
	product := uint64(score) * uint64(weight)
	sum, carry := bits.Add64(a.WeightedSum, product, 0)
	total, carry2 := bits.Add64(a.TotalWeight, uint64(weight), 0)
	if carry != 0 || carry2 != 0 || a.Auditors == ^uint32(0) {
		return fmt.Errorf("aggregate of device %s in %s overflows", a.DeviceId, a.ReputationType)
	}
	a.WeightedSum, a.TotalWeight, a.Auditors = sum, total, a.Auditors+1
	a.refresh()
	return nil
}

// Remove takes out a score Add counted before, with the weight it was
// counted with, and refreshes the value; the caller adds the replacing score.
// A weight of 0 was never counted, so there is nothing to take out.
func (a *Aggregate) Remove(score, weight uint32) error {
	if weight == 0 {
		return nil
	}
	product := uint64(score) * uint64(weight)
	if a.WeightedSum < product || a.TotalWeight < uint64(weight) || a.Auditors == 0 {
		return fmt.Errorf("aggregate of device %s in %s does not hold a score %d of weight %d", a.DeviceId, a.ReputationType, score, weight)
	}
	a.WeightedSum -= product
	a.TotalWeight -= uint64(weight)
	a.Auditors--
	a.refresh()
	return nil
}

// Counts reports whether any weight is counted. An aggregate that counts
// none has the manufacturer's default as value, which it cannot know: the
// keeper does not store it, so that it reads like an unscored type.
func (a Aggregate) Counts() bool { return a.TotalWeight > 0 }

// refresh recomputes the weighted mean, rounded down. It leaves the value
// alone while nothing is counted: the aggregate then keeps the default it
// was made with, or is not stored (see Counts).
func (a *Aggregate) refresh() {
	if a.TotalWeight > 0 {
		// The mean of scores ≤ MaxScore is ≤ MaxScore, so it fits.
		a.Value = uint32(a.WeightedSum / a.TotalWeight)
	}
}

// NewOwnerAggregate is the aggregate of an owner in a type before any of its
// devices counts.
func NewOwnerAggregate(owner, reputationType string) OwnerAggregate {
	return OwnerAggregate{Owner: owner, ReputationType: reputationType}
}

// Add counts one device's aggregate value and refreshes the mean. The sum
// of values ≤ MaxScore only overflows past some 8·10⁹ devices of one owner;
// the check keeps a corrupt aggregate from being stored even then.
func (a *OwnerAggregate) Add(value uint32) error {
	sum, carry := bits.Add64(a.ValueSum, uint64(value), 0)
	if carry != 0 || a.Devices == ^uint64(0) {
		return fmt.Errorf("aggregate of owner %s in %s overflows", a.Owner, a.ReputationType)
	}
	a.ValueSum, a.Devices = sum, a.Devices+1
	a.refresh()
	return nil
}

// Remove takes out one device's aggregate value that Add counted before.
func (a *OwnerAggregate) Remove(value uint32) error {
	if a.ValueSum < uint64(value) || a.Devices == 0 {
		return fmt.Errorf("aggregate of owner %s in %s does not count a device of value %d", a.Owner, a.ReputationType, value)
	}
	a.ValueSum -= uint64(value)
	a.Devices--
	a.refresh()
	return nil
}

// refresh recomputes the mean, rounded down; 0 while no device counts (the
// keeper then deletes the aggregate).
func (a *OwnerAggregate) refresh() {
	a.Value = 0
	if a.Devices > 0 {
		// The mean of values ≤ MaxScore is ≤ MaxScore, so it fits.
		a.Value = uint32(a.ValueSum / a.Devices)
	}
}
