package types

import (
	"strings"

	errorsmod "cosmossdk.io/errors"

	"github.com/atonomi/atonomid/x/internal/registry"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// Validate checks a policy: non-negative limits, known shapes of reputation
// types, manufacturer and device ids, geohashes and region codes.
func (p Policy) Validate() error {
	l := p.SpendingLimits
	for name, v := range map[string]interface{ IsNil() bool }{"per_minute": l.PerMinute, "per_hour": l.PerHour, "per_day": l.PerDay} {
		if v.IsNil() {
			return errorsmod.Wrapf(ErrInvalidPolicy, "spending limit %s is missing", name)
		}
	}
	if l.PerMinute.IsNegative() || l.PerHour.IsNegative() || l.PerDay.IsNegative() {
		return errorsmod.Wrap(ErrInvalidPolicy, "spending limits must be zero (no limit) or positive")
	}
	for _, list := range [][]string{p.AllowedManufacturers, p.AllowedDevices, p.GeohashPrefixes, p.Regions} {
		if len(list) > MaxListLength {
			return errorsmod.Wrapf(ErrInvalidPolicy, "a list holds more than %d entries", MaxListLength)
		}
	}
	if err := ValidateReputationMinimums(ErrInvalidPolicy, p.MinCounterpartyReputation); err != nil {
		return err
	}
	for _, m := range p.AllowedManufacturers {
		if !registry.IsSlug(m) {
			return errorsmod.Wrapf(ErrInvalidPolicy, "manufacturer id %q", m)
		}
	}
	for _, d := range p.AllowedDevices {
		if _, err := ParseDeviceID(d); err != nil {
			return errorsmod.Wrapf(ErrInvalidPolicy, "allowed device: %v", err)
		}
	}
	for _, g := range p.GeohashPrefixes {
		if g == "" || len(g) > maxGeohashLength || strings.Trim(g, geohashAlphabet) != "" {
			return errorsmod.Wrapf(ErrInvalidPolicy, "geohash prefix %q: want 1-%d of %s", g, maxGeohashLength, geohashAlphabet)
		}
	}
	for _, r := range p.Regions {
		if !regionPattern.MatchString(r) {
			return errorsmod.Wrapf(ErrInvalidPolicy, "region %q: want an ISO 3166-1 alpha-2 or ISO 3166-2 code", r)
		}
	}
	return validateAttributes(ErrInvalidPolicy, p.Attributes)
}

// ValidateReputationMinimums checks a list of reputation minimums, refusing
// with refusal: at most MaxListLength of them, each of a distinct well-formed
// type and no higher than manufacturertypes.MaxReputation. A policy's counterparty minimums and
// the ServiceProviders query's filter share it: each minimum costs a read per
// device judged, and one above every score can never be met.
func ValidateReputationMinimums(refusal *errorsmod.Error, minimums []ReputationMinimum) error {
	if len(minimums) > MaxListLength {
		return errorsmod.Wrapf(refusal, "more than %d reputation minimums", MaxListLength)
	}
	seen := map[string]struct{}{}
	for _, m := range minimums {
		if !registry.IsSlug(m.ReputationType) {
			return errorsmod.Wrapf(refusal, "reputation type %q", m.ReputationType)
		}
		if _, dup := seen[m.ReputationType]; dup {
			return errorsmod.Wrapf(refusal, "reputation type %q is listed twice", m.ReputationType)
		}
		seen[m.ReputationType] = struct{}{}
		if m.MinScore > manufacturertypes.MaxReputation {
			return errorsmod.Wrapf(refusal, "minimum %d exceeds %d", m.MinScore, manufacturertypes.MaxReputation)
		}
	}
	return nil
}

// ValidateServices checks an advertised service list: distinct slug types,
// non-negative prices.
func ValidateServices(services []Service) error {
	if len(services) > MaxServices {
		return errorsmod.Wrapf(ErrInvalidService, "more than %d services", MaxServices)
	}
	seen := map[string]struct{}{}
	for _, s := range services {
		if !registry.IsSlug(s.ServiceType) {
			return errorsmod.Wrapf(ErrInvalidService, "service type %q: want 2-32 of [a-z0-9-]", s.ServiceType)
		}
		if _, dup := seen[s.ServiceType]; dup {
			return errorsmod.Wrapf(ErrInvalidService, "service type %q is listed twice", s.ServiceType)
		}
		seen[s.ServiceType] = struct{}{}
		if s.Price.IsNil() || s.Price.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidService, "service %q: price must be zero or positive", s.ServiceType)
		}
		if err := validateAttributes(ErrInvalidService, s.Metadata); err != nil {
			return err
		}
	}
	return nil
}
