package app_test

import (
	"math/rand"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/testutil/apptest"
)

// TestAProposalOverTheBlockGasLimitIsRejected: a proposer that packs
// transactions whose gas limits together exceed max_gas — each within it,
// so each passed CheckTx — gets its proposal rejected by every validator;
// one that stays within it is accepted.
func TestAProposalOverTheBlockGasLimitIsRejected(t *testing.T) {
	ta := apptest.Setup(t, 2)
	half := uint64(app.BlockMaxGas)/2 + 1
	signed := func(from apptest.Account, seq uint64, gas uint64) []byte {
		acc := ta.AccountKeeper.GetAccount(ta.Ctx(), from.Addr)
		tx, err := simtestutil.GenSignedMockTx(rand.New(rand.NewSource(int64(seq))), ta.TxConfig(),
			[]sdk.Msg{banktypes.NewMsgSend(from.Addr, ta.Users[1].Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1)))},
			sdk.NewCoins(), gas, apptest.ChainID, []uint64{acc.GetAccountNumber()}, []uint64{acc.GetSequence() + seq}, from.Priv)
		require.NoError(t, err)
		bz, err := ta.TxConfig().TxEncoder()(tx)
		require.NoError(t, err)
		return bz
	}
	process := func(txs ...[]byte) abci.ResponseProcessProposal_ProposalStatus {
		res, err := ta.ProcessProposal(&abci.RequestProcessProposal{Height: ta.Height() + 1, Txs: txs, Time: ta.Ctx().BlockTime()})
		require.NoError(t, err)
		return res.Status
	}
	user := ta.Users[0]
	require.Equal(t, abci.ResponseProcessProposal_ACCEPT, process(signed(user, 0, half)), "one transaction within the limit")
	require.Equal(t, abci.ResponseProcessProposal_REJECT, process(signed(user, 0, half), signed(user, 1, half)),
		"two transactions, each within the limit, together over it")
	require.Equal(t, abci.ResponseProcessProposal_REJECT, process(signed(user, 0, uint64(app.BlockMaxGas)+1)),
		"one transaction over the limit by itself")
	require.Equal(t, abci.ResponseProcessProposal_ACCEPT, process([]byte("not a transaction"), signed(user, 0, half)),
		"bytes that do not decode ask for no gas: they fail at once in the block")
}
