package types

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	devicetypes "github.com/atonomi/atonomid/x/device/types"
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
	RuleAttestedLocation  = "attested_location"
	RuleSameDevice        = "same_device"
	RuleInsufficientFunds = "insufficient_funds"
)

// PolicyRefusals checks one side's policy against its counterparty: status,
// exclusion, allowed counterparties, the counterparty's reputation and the
// location, which the payer device attested when attested is set and an
// account only claims otherwise. excluded is x/reputation's verdict on self
// at the current threshold (not the flag stored on the record, which lags
// behind a threshold change); reputationOf answers the counterparty's
// aggregate in a type.
func PolicyRefusals(side string, self, other devicetypes.Device, excluded bool, location string, attested bool, reputationOf func(repType string) (uint32, error)) ([]Refusal, error) {
	var out []Refusal
	refuse := func(rule, format string, args ...any) {
		out = append(out, Refusal{Rule: side + "_" + rule, Detail: fmt.Sprintf(format, args...)})
	}
	pol := self.Policy
	if self.Status != devicetypes.STATUS_ACTIVE {
		refuse(RuleInactive, "device %s is not active", self.Id)
	}
	if excluded {
		refuse(RuleExcluded, "device %s is excluded for its reputation", self.Id)
	}
	if (len(pol.AllowedManufacturers) > 0 || len(pol.AllowedDevices) > 0) &&
		!slices.Contains(pol.AllowedManufacturers, other.ManufacturerId) && !namesDevice(pol.AllowedDevices, other.Id) {
		refuse(RuleCounterparties, "device %s deals only with manufacturers %v and devices %v", self.Id, pol.AllowedManufacturers, pol.AllowedDevices)
	}
	for _, floor := range pol.MinCounterpartyReputation {
		got, err := reputationOf(floor.ReputationType)
		if err != nil {
			return nil, err
		}
		if got < floor.MinScore {
			refuse(RuleMinReputation, "device %s wants %s reputation of at least %d, the counterparty has %d", self.Id, floor.ReputationType, floor.MinScore, got)
		}
	}
	if (len(pol.GeohashPrefixes) > 0 || len(pol.Regions) > 0) && !InArea(location, pol.GeohashPrefixes, pol.Regions) {
		refuse(RuleGeography, "device %s transacts only in geohashes %v and regions %v, not at %q", self.Id, pol.GeohashPrefixes, pol.Regions, location)
	}
	if pol.RequireAttestedLocation && !attested {
		refuse(RuleAttestedLocation, "device %s takes only payments whose location the payer device attests by signing them", self.Id)
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

// namesDevice reports whether list names the device id, comparing the ids'
// bytes: a policy's text is canonical (Policy.Validate), but a device is one
// device however its id is spelled.
func namesDevice(list []string, id string) bool {
	want, err := hex.DecodeString(id)
	if err != nil {
		return false
	}
	for _, d := range list {
		if bz, err := hex.DecodeString(d); err == nil && bytes.Equal(bz, want) {
			return true
		}
	}
	return false
}
