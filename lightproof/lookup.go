package lightproof

import (
	"fmt"

	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	"github.com/atonomi/atonomid/devicekit"
)

// Answer is a node's answer to one store read: the value (empty for an
// absent key) and the proof ops of the ABCI query response. The lookups
// below build the key themselves, from what is asked.
type Answer struct {
	Value []byte
	Proof *cmtcrypto.ProofOps
}

// entry is the Entry that answers store and key.
func (a Answer) entry(store string, key []byte) Entry {
	return Entry{Store: store, Key: key, Value: a.Value, Proof: a.Proof}
}

// VerifyDevice checks an answer for device id's record. found is false
// when the device is proven absent (never registered, or released).
func VerifyDevice(appHash []byte, id devicekit.ID, a Answer) (d Device, found bool, err error) {
	found, err = VerifyEntry(appHash, a.entry(StoreDevice, DeviceKey(id)))
	if err != nil || !found {
		return d, found, err
	}
	if d, err = DecodeDevice(a.Value); err != nil {
		return d, true, err
	}
	if d.ID != id.String() {
		return d, true, fmt.Errorf("%w: asked for device %s, the record is %s's", ErrMismatch, id, d.ID)
	}
	return d, true, nil
}

// Reputation is a device's proven value in one reputation type.
type Reputation struct {
	// Value is the aggregate's value, or the device's default reputation
	// when no auditor's score counts in this type.
	Value uint32
	// Scored tells the two apart; Aggregate is set when it is true.
	Scored    bool
	Aggregate Aggregate
	// Device is the device's record when it was proven (always when the
	// type is unscored).
	Device *Device
}

// VerifyReputation checks a device's reputation in one type: agg answers the
// aggregate's key; device answers the device record's key from the same
// height. The device record is needed when the aggregate is absent: the
// value is then the default reputation kept in the device's own record,
// and an absent device has no reputation at all (ErrUnknownDevice). When
// the aggregate is present, device may be the zero Answer.
func VerifyReputation(appHash []byte, id devicekit.ID, reputationType string, agg, device Answer) (Reputation, error) {
	var r Reputation
	scored, err := VerifyEntry(appHash, agg.entry(StoreReputation, AggregateKey(id, reputationType)))
	if err != nil {
		return r, err
	}
	if scored {
		a, err := DecodeAggregate(agg.Value)
		if err != nil {
			return r, err
		}
		if a.DeviceID != id.String() || a.ReputationType != reputationType {
			return r, fmt.Errorf("%w: asked for %s in %q, the aggregate is %s's in %q", ErrMismatch, id, reputationType, a.DeviceID, a.ReputationType)
		}
		r.Value, r.Scored, r.Aggregate = a.Value, true, a
		if device.Proof == nil {
			return r, nil
		}
	}
	d, found, err := VerifyDevice(appHash, id, device)
	if err != nil {
		return r, err
	}
	if !found {
		return r, fmt.Errorf("%w: %s", ErrUnknownDevice, id)
	}
	r.Device = &d
	if !scored {
		r.Value = d.DefaultReputation
	}
	return r, nil
}

// VerifyOwnerAggregate checks an account's aggregate in one type. owner is
// the account's address bytes, ownerText its bech32 form as the record
// holds it. found is false when the account owns no device counted in the
// type.
func VerifyOwnerAggregate(appHash, owner []byte, ownerText, reputationType string, a Answer) (oa OwnerAggregate, found bool, err error) {
	found, err = VerifyEntry(appHash, a.entry(StoreReputation, OwnerAggregateKey(owner, reputationType)))
	if err != nil || !found {
		return oa, found, err
	}
	if oa, err = DecodeOwnerAggregate(a.Value); err != nil {
		return oa, true, err
	}
	if oa.Owner != ownerText || oa.ReputationType != reputationType {
		return oa, true, fmt.Errorf("%w: asked for %s in %q, the aggregate is %s's in %q", ErrMismatch, ownerText, reputationType, oa.Owner, oa.ReputationType)
	}
	return oa, true, nil
}

// VerifyManufacturer checks a manufacturer's record. found is false when no
// manufacturer with this id was ever admitted.
func VerifyManufacturer(appHash []byte, id string, a Answer) (m Manufacturer, found bool, err error) {
	found, err = VerifyEntry(appHash, a.entry(StoreManufacturer, ManufacturerKey(id)))
	if err != nil || !found {
		return m, found, err
	}
	if m, err = DecodeManufacturer(a.Value); err != nil {
		return m, true, err
	}
	if m.ID != id {
		return m, true, fmt.Errorf("%w: asked for manufacturer %q, the record is %q's", ErrMismatch, id, m.ID)
	}
	return m, true, nil
}
