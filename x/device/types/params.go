package types

import (
	errorsmod "cosmossdk.io/errors"
)

// Defaults of the device registry.
const (
	DefaultMaxBatchSize = 10_000
	// MaxMerkleDepth covers any whitelist a uint64 count can describe.
	MaxMerkleDepth = 64
	// MaxWhitelistCount bounds one Merkle whitelist (2^40, over a trillion
	// devices), keeping device counters far from overflow.
	MaxWhitelistCount = 1 << 40
)

// DefaultParams bounds batches at 10,000 devices and prices proof
// verification per key type in proportion to its measured time
// (devicekit's BenchmarkVerify, docs/benchmarks.md): secp256k1, the slowest
// in Go, costs what x/auth charges for it, the others their share of it.
func DefaultParams() Params {
	return Params{
		MaxBatchSize:         DefaultMaxBatchSize,
		VerifyGasSecp256K1:   1_000,
		VerifyGasEd25519:     400,
		VerifyGasSecp256R1:   600,
		VerifyGasMldsa65:     450,
		MaxMerkleProofLength: MaxMerkleDepth,
	}
}

// Validate checks the params.
func (p Params) Validate() error {
	if p.MaxBatchSize == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_batch_size must be positive")
	}
	if p.VerifyGasSecp256K1 == 0 || p.VerifyGasEd25519 == 0 || p.VerifyGasSecp256R1 == 0 || p.VerifyGasMldsa65 == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "every verify_gas must be positive")
	}
	if p.MaxMerkleProofLength == 0 || p.MaxMerkleProofLength > MaxMerkleDepth {
		return errorsmod.Wrapf(ErrInvalidParams, "max_merkle_proof_length must be 1..%d", MaxMerkleDepth)
	}
	return nil
}

// VerifyGas is the gas charged to verify one proof of key type kt.
func (p Params) VerifyGas(kt KeyType) uint64 {
	switch kt {
	case KEY_TYPE_SECP256K1:
		return p.VerifyGasSecp256K1
	case KEY_TYPE_ED25519:
		return p.VerifyGasEd25519
	case KEY_TYPE_SECP256R1:
		return p.VerifyGasSecp256R1
	default:
		return p.VerifyGasMldsa65
	}
}
