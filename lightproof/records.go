package lightproof

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/atonomi/atonomid/devicekit"
)

// DeviceStatus is a device's status (atonomi.device.v1.Status).
type DeviceStatus int32

// The device statuses, with the numbers the chain stores.
const (
	DeviceRegistered DeviceStatus = 1
	DeviceActive     DeviceStatus = 2
	DeviceSuspended  DeviceStatus = 3
	DeviceRevoked    DeviceStatus = 4
)

func (s DeviceStatus) String() string {
	switch s {
	case DeviceRegistered:
		return "registered"
	case DeviceActive:
		return "active"
	case DeviceSuspended:
		return "suspended"
	case DeviceRevoked:
		return "revoked"
	}
	return fmt.Sprintf("status(%d)", int32(s))
}

// Device is the part of a proven atonomi.device.v1.Device record that a
// gateway or device acts on. Fields it does not name are skipped.
type Device struct {
	ID                string // 64 lower-case hex characters
	ManufacturerID    string
	KeyType           devicekit.KeyType
	PublicKey         []byte
	Protocols         []string
	DeviceType        string
	Status            DeviceStatus
	Owner             string
	Wallet            string
	RegisteredHeight  int64
	ActivatedHeight   int64
	UpdatedHeight     int64
	Transfers         uint64
	SuspendedBy       string
	Excluded          bool
	DefaultReputation uint32
	Metadata          []Attribute // the manufacturer's, given at registration
	Services          []Service   // its adverts
}

// Attribute is a key-value pair (atonomi.device.v1.Attribute).
type Attribute struct {
	Key, Value string
}

// Service is one of a device's adverts (atonomi.device.v1.Service).
type Service struct {
	ServiceType string
	Price       string // uatmi per unit of service, in decimal
	Metadata    []Attribute
}

// Aggregate is a proven atonomi.reputation.v1.Aggregate: a device's
// weighted reputation in one type.
type Aggregate struct {
	DeviceID       string
	ReputationType string
	WeightedSum    uint64
	TotalWeight    uint64
	Auditors       uint32
	Value          uint32
}

// OwnerAggregate is a proven atonomi.reputation.v1.OwnerAggregate: the mean
// reputation in one type over the devices an account owns.
type OwnerAggregate struct {
	Owner          string
	ReputationType string
	ValueSum       uint64
	Devices        uint64
	Value          uint32
}

// ManufacturerStatus is a manufacturer's status
// (atonomi.manufacturer.v1.Status).
type ManufacturerStatus int32

// The manufacturer statuses, with the numbers the chain stores.
const (
	ManufacturerActive    ManufacturerStatus = 1
	ManufacturerSuspended ManufacturerStatus = 2
	ManufacturerRemoved   ManufacturerStatus = 3
)

func (s ManufacturerStatus) String() string {
	switch s {
	case ManufacturerActive:
		return "active"
	case ManufacturerSuspended:
		return "suspended"
	case ManufacturerRemoved:
		return "removed"
	}
	return fmt.Sprintf("status(%d)", int32(s))
}

// Manufacturer is the part of a proven atonomi.manufacturer.v1.Manufacturer
// a gateway checks.
type Manufacturer struct {
	ID                string
	Name              string
	Operators         []string
	Status            ManufacturerStatus
	DefaultReputation uint32
	DevicesRegistered uint64
	DevicesActive     uint64
	AdmissionHeight   int64
}

// DecodeDevice decodes a proven device record.
func DecodeDevice(bz []byte) (Device, error) {
	var d Device
	var kt uint64
	err := decodeFields(bz, "atonomi.device.v1.Device", fields{
		1:  str(&d.ID),
		2:  str(&d.ManufacturerID),
		3:  varint(&kt),
		4:  raw(&d.PublicKey),
		5:  strs(&d.Protocols),
		6:  str(&d.DeviceType),
		7:  enum((*int32)(&d.Status)),
		8:  str(&d.Owner),
		9:  str(&d.Wallet),
		13: int64v(&d.RegisteredHeight),
		14: int64v(&d.ActivatedHeight),
		15: int64v(&d.UpdatedHeight),
		16: varint(&d.Transfers),
		17: str(&d.SuspendedBy),
		18: boolv(&d.Excluded),
		20: uint32v(&d.DefaultReputation),
		11: message(func(b []byte) error {
			a, err := decodeAttribute(b)
			d.Metadata = append(d.Metadata, a)
			return err
		}),
		12: message(func(b []byte) error {
			var svc Service
			err := decodeFields(b, "atonomi.device.v1.Service", fields{
				1: str(&svc.ServiceType),
				2: str(&svc.Price),
				3: message(func(b []byte) error {
					a, err := decodeAttribute(b)
					svc.Metadata = append(svc.Metadata, a)
					return err
				}),
			})
			d.Services = append(d.Services, svc)
			return err
		}),
	})
	d.KeyType = devicekit.KeyType(kt)
	return d, err
}

func decodeAttribute(b []byte) (Attribute, error) {
	var a Attribute
	err := decodeFields(b, "atonomi.device.v1.Attribute", fields{1: str(&a.Key), 2: str(&a.Value)})
	return a, err
}

// DecodeAggregate decodes a proven reputation aggregate.
func DecodeAggregate(bz []byte) (Aggregate, error) {
	var a Aggregate
	err := decodeFields(bz, "atonomi.reputation.v1.Aggregate", fields{
		1: str(&a.DeviceID),
		2: str(&a.ReputationType),
		3: varint(&a.WeightedSum),
		4: varint(&a.TotalWeight),
		5: uint32v(&a.Auditors),
		6: uint32v(&a.Value),
	})
	return a, err
}

// DecodeOwnerAggregate decodes a proven owner aggregate.
func DecodeOwnerAggregate(bz []byte) (OwnerAggregate, error) {
	var a OwnerAggregate
	err := decodeFields(bz, "atonomi.reputation.v1.OwnerAggregate", fields{
		1: str(&a.Owner),
		2: str(&a.ReputationType),
		3: varint(&a.ValueSum),
		4: varint(&a.Devices),
		5: uint32v(&a.Value),
	})
	return a, err
}

// DecodeManufacturer decodes a proven manufacturer record.
func DecodeManufacturer(bz []byte) (Manufacturer, error) {
	var m Manufacturer
	err := decodeFields(bz, "atonomi.manufacturer.v1.Manufacturer", fields{
		1:  str(&m.ID),
		2:  str(&m.Name),
		3:  strs(&m.Operators),
		4:  enum((*int32)(&m.Status)),
		5:  uint32v(&m.DefaultReputation),
		8:  varint(&m.DevicesRegistered),
		9:  varint(&m.DevicesActive),
		10: int64v(&m.AdmissionHeight),
	})
	return m, err
}

// field reads one field's value of wire type typ from b and returns the
// bytes it consumed.
type field struct {
	typ  protowire.Type
	read func(b []byte) (int, error)
}

type fields map[protowire.Number]field

// decodeFields reads a protobuf message: the fields it names must have
// their declared wire type, the others are skipped, a truncated or
// malformed message is refused. A field repeated on the wire keeps its
// last value (repeated fields append), as every protobuf decoder does.
func decodeFields(b []byte, message string, fs fields) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("%w: %s: %w", ErrBadRecord, message, protowire.ParseError(n))
		}
		b = b[n:]
		f, known := fs[num]
		var err error
		switch {
		case known && f.typ != typ:
			err = fmt.Errorf("wire type %d, want %d", typ, f.typ)
		case known:
			n, err = f.read(b)
		default:
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				err = protowire.ParseError(n)
			}
		}
		if err != nil {
			return fmt.Errorf("%w: %s: field %d: %w", ErrBadRecord, message, num, err)
		}
		b = b[n:]
	}
	return nil
}

// bytesField reads a length-delimited field and hands its bytes to set.
func bytesField(set func([]byte)) field {
	return field{protowire.BytesType, func(b []byte) (int, error) {
		v, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return n, protowire.ParseError(n)
		}
		set(v)
		return n, nil
	}}
}

// varintField reads a varint field and hands its value to set, which may
// refuse it.
func varintField(set func(uint64) error) field {
	return field{protowire.VarintType, func(b []byte) (int, error) {
		v, n := protowire.ConsumeVarint(b)
		if n < 0 {
			return n, protowire.ParseError(n)
		}
		return n, set(v)
	}}
}

// message reads an embedded message field and hands its bytes to decode.
func message(decode func([]byte) error) field {
	return field{protowire.BytesType, func(b []byte) (int, error) {
		v, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return n, protowire.ParseError(n)
		}
		return n, decode(v)
	}}
}

func str(dst *string) field { return bytesField(func(v []byte) { *dst = string(v) }) }

func strs(dst *[]string) field { return bytesField(func(v []byte) { *dst = append(*dst, string(v)) }) }

func raw(dst *[]byte) field { return bytesField(func(v []byte) { *dst = append([]byte(nil), v...) }) }

func varint(dst *uint64) field { return varintField(func(v uint64) error { *dst = v; return nil }) }

func int64v(dst *int64) field {
	return varintField(func(v uint64) error { *dst = int64(v); return nil })
}

// uint32v reads a uint32 field, which proto writes as a varint of at most
// 32 bits: a larger one is not a uint32.
func uint32v(dst *uint32) field {
	return varintField(func(v uint64) error {
		if v > 0xffffffff {
			return fmt.Errorf("%d does not fit a uint32", v)
		}
		*dst = uint32(v)
		return nil
	})
}

// enum reads an enum field: an int32 written as a sign-extended varint.
func enum(dst *int32) field { return varintField(func(v uint64) error { *dst = int32(v); return nil }) }

func boolv(dst *bool) field {
	return varintField(func(v uint64) error { *dst = protowire.DecodeBool(v); return nil })
}
