package app

import (
	cmttypes "github.com/cometbft/cometbft/types"

	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// The limits a new chain starts with. `atonomid init` writes them into the
// genesis it makes and the node's app.toml; governance changes the
// consensus ones later through x/consensus, each validator its own
// app.toml. This is the one place they are decided: docs/operators.md
// explains each value.
const (
	// BlockMaxGas bounds the gas of one block: the sum of its transactions'
	// gas limits. Measured on the development machine (one core, in
	// process), registrations, activations and scores execute at 175–245
	// million gas per second, so a full block is at most about 0.6 s of
	// execution on a validator with a core of its own, inside the 1 s block
	// time. It also admits the largest batches the load generator sends
	// (2,000 registrations, 1,000 scores, with its 1.5 gas margin).
	BlockMaxGas int64 = 100_000_000
	// BlockMaxDataBytes is the room for transactions in a block: 2 MiB,
	// twice the 1 MiB the mempool admits per transaction. At the SDK's 10
	// gas per byte, a full block of data costs 21 million gas, so gas binds
	// before size for every workload of the chain.
	BlockMaxDataBytes int64 = 2 << 20
	// MinGasPrice is the minimum gas price `init` writes into app.toml,
	// 0.01 uatmi per gas: a full block costs its senders 1 ATMI, a failed
	// activation (which pays no registry fee) about 520 uatmi (51,600 gas),
	// an activation about 1,290 uatmi on top of its 10,000 uatmi fee, a
	// device in a batch of 2,000 about 210 uatmi on top of its 1,000.
	MinGasPrice = "0.01" + BondDenom
	// QueryGasLimit bounds the gas one query may use (app.toml
	// query-gas-limit): 50 million gas reads tens of thousands of records,
	// far more than the largest page of a list query, so only a runaway
	// query stops.
	QueryGasLimit uint64 = 50_000_000
)

// ValidatorKeyType is the only consensus key type of the chain's validators.
// Every validator signs with ed25519, so a commit holds 64-byte signatures.
const ValidatorKeyType = cmttypes.ABCIPubKeyTypeEd25519

// ConsensusParams are the consensus parameters of a new chain: CometBFT's
// defaults with a finite block gas limit, a block size with room for the
// data above, the evidence CometBFT allows and the commit of the largest
// validator set x/staking admits, and validator keys pinned to ed25519.
func ConsensusParams() *cmttypes.ConsensusParams {
	p := cmttypes.DefaultConsensusParams()
	p.Block.MaxGas = BlockMaxGas
	p.Block.MaxBytes = BlockMaxBytes(p.Evidence.MaxBytes, int(stakingtypes.DefaultMaxValidators))
	p.Validator.PubKeyTypes = []string{ValidatorKeyType}
	return p
}

// BlockMaxBytes is the block size that leaves BlockMaxDataBytes for
// transactions next to a block's overhead and header, evidenceBytes of
// evidence and the last commit of validators signers. CometBFT reserves
// each commit signature at its largest size (ML-DSA-65's), whatever the
// validators' key type, so the reserve is what CometBFT itself subtracts
// (types.MaxDataBytes) and a block never runs out of room for its commit.
func BlockMaxBytes(evidenceBytes int64, validators int) int64 {
	return BlockMaxDataBytes + cmttypes.MaxOverheadForBlock + cmttypes.MaxHeaderBytes +
		cmttypes.MaxCommitBytes(validators) + evidenceBytes
}
