package types

import (
	"fmt"
	"slices"
	"strings"

	"cosmossdk.io/math"
)

// Payment rule names: the stable words a refusal is reported with. A side's
// rules are prefixed "payer_" or "payee_".
const (
	RuleUnknown           = "unknown"
	RuleInactive          = "inactive"
	RuleExcluded          = "excluded"
	RuleLimitMinute       = "limit_minute"
	RuleLimitHour         = "limit_hour"
	RuleLimitDay          = "limit_day"
	RuleMinReputation     = "min_reputation"
	RuleCounterparties    = "counterparties"
	RuleGeography         = "geography"
	RuleSameDevice        = "same_device"
	RuleInsufficientFunds = "insufficient_funds"
)

// DeviceView is what the payment rules need to know of a device. x/token
// sees devices only through this view (see DeviceDirectory), which keeps it
// below the device and reputation modules.
type DeviceView struct {
	DeviceID       string
	ManufacturerID string
	Active         bool
	Excluded       bool
	// Account pays for the device and receives its payments: its wallet if
	// it has one, else its owner.
	Account string
	Owner   string
	Wallet  string
	// LimitMinute, LimitHour and LimitDay cap its spending; zero means none.
	LimitMinute, LimitHour, LimitDay math.Int
	MinReputation                    []ReputationFloor
	AllowedManufacturers             []string
	AllowedDevices                   []string
	GeohashPrefixes                  []string
	Regions                          []string
}

// ReputationFloor is a minimum the device wants of its counterparty.
type ReputationFloor struct {
	Type string
	Min  uint32
}

// PolicyRefusals checks one side's policy against its counterparty: status,
// exclusion, allowed counterparties, the counterparty's reputation and the
// location. reputationOf answers the counterparty's aggregate in a type.
func PolicyRefusals(side string, self, other DeviceView, location string, reputationOf func(repType string) (uint32, error)) ([]Refusal, error) {
	var out []Refusal
	refuse := func(rule, format string, args ...any) {
		out = append(out, Refusal{Rule: side + "_" + rule, Detail: fmt.Sprintf(format, args...)})
	}
	if !self.Active {
		refuse(RuleInactive, "device %s is not active", self.DeviceID)
	}
	if self.Excluded {
		refuse(RuleExcluded, "device %s is excluded for its reputation", self.DeviceID)
	}
	if (len(self.AllowedManufacturers) > 0 || len(self.AllowedDevices) > 0) &&
		!slices.Contains(self.AllowedManufacturers, other.ManufacturerID) && !slices.Contains(self.AllowedDevices, other.DeviceID) {
		refuse(RuleCounterparties, "device %s deals only with manufacturers %v and devices %v", self.DeviceID, self.AllowedManufacturers, self.AllowedDevices)
	}
	for _, floor := range self.MinReputation {
		got, err := reputationOf(floor.Type)
		if err != nil {
			return nil, err
		}
		if got < floor.Min {
			refuse(RuleMinReputation, "device %s wants %s reputation of at least %d, the counterparty has %d", self.DeviceID, floor.Type, floor.Min, got)
		}
	}
	if (len(self.GeohashPrefixes) > 0 || len(self.Regions) > 0) && !InArea(location, self.GeohashPrefixes, self.Regions) {
		refuse(RuleGeography, "device %s transacts only in geohashes %v and regions %v, not at %q", self.DeviceID, self.GeohashPrefixes, self.Regions, location)
	}
	return out, nil
}

// InArea reports whether location lies in one of the geohash prefixes or
// ISO regions: a geohash under a prefix, or a region code equal to one or
// inside it ("US-CA" is inside "US").
func InArea(location string, geohashPrefixes, regions []string) bool {
	if location == "" {
		return false
	}
	for _, p := range geohashPrefixes {
		if strings.HasPrefix(location, p) {
			return true
		}
	}
	for _, r := range regions {
		if location == r || strings.HasPrefix(location, r+"-") {
			return true
		}
	}
	return false
}
