package app

import (
	abci "github.com/cometbft/cometbft/abci/types"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/mempool"
)

// setProposalGasLimit makes validators reject a proposal whose transactions
// together ask for more gas than the block gas limit. With the SDK's default
// no-op mempool (app.toml mempool.max-txs = -1) the SDK accepts every
// proposal unchecked and its block gas meter is off, so the limit would bind
// only honest proposers, whose CometBFT mempool reaps within it: a proposer
// that packs a block beyond it would stall every validator for as long as
// the block takes to execute. With an app-side mempool the SDK's own
// proposal handler checks the same sum, so it is kept.
func (app *App) setProposalGasLimit() {
	if _, noop := app.Mempool().(mempool.NoOpMempool); noop || app.Mempool() == nil {
		app.SetProcessProposal(processProposalWithinGas(app.txConfig.TxDecoder()))
	}
}

// processProposalWithinGas accepts a proposal whose transactions' gas limits
// sum to at most the block's max_gas (no limit when it is -1). A transaction
// that does not decode is counted as no gas: it fails at once in
// FinalizeBlock, so it costs the validators only its bytes, which max_bytes
// bounds. Each transaction's own limit above max_gas is refused by the ante
// handler (x/auth's SetUpContextDecorator); the sum is what only the
// proposal can be checked for.
func processProposalWithinGas(decode sdk.TxDecoder) sdk.ProcessProposalHandler {
	return func(ctx sdk.Context, req *abci.RequestProcessProposal) (*abci.ResponseProcessProposal, error) {
		accept := &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_ACCEPT}
		b := ctx.ConsensusParams().Block
		if b == nil || b.MaxGas <= 0 {
			return accept, nil
		}
		var total uint64
		for _, bz := range req.Txs {
			tx, err := decode(bz)
			if err != nil {
				continue
			}
			gasTx, ok := tx.(sdk.FeeTx)
			if !ok {
				continue
			}
			// Each limit is checked before it is added, so the sum cannot wrap.
			gas := gasTx.GetGas()
			if gas > uint64(b.MaxGas) || total+gas > uint64(b.MaxGas) {
				return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_REJECT}, nil
			}
			total += gas
		}
		return accept, nil
	}
}
