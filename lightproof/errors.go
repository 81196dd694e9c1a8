package lightproof

import "errors"

var (
	// ErrBadProof is a proof that does not hold: wrong shape, types or keys,
	// or a hash that does not lead to the AppHash.
	ErrBadProof = errors.New("lightproof: proof does not verify")
	// ErrMismatch is a proven record that is not the one asked for.
	ErrMismatch = errors.New("lightproof: proven record is not the one asked for")
	// ErrBadRecord is a proven value that does not decode as its record.
	ErrBadRecord = errors.New("lightproof: proven value does not decode")
	// ErrUnknownDevice is a device whose absence was proven where a lookup
	// needs it (a reputation falls back to the device's own default).
	ErrUnknownDevice = errors.New("lightproof: the device is proven absent")
)
