package app_test

import (
	"math/rand"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/atonomi/atonomid/testutil/apptest"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// TestSignedTxReplayIsRefused replays signed transactions whose message
// would succeed again (a pool deposit): the very same bytes in a later
// block, and a transaction signed for another chain. The ante handler
// refuses both and the pool holds the one deposit.
func TestSignedTxReplayIsRefused(t *testing.T) {
	ta := apptest.Setup(t, 1)
	depositor := ta.Users[0]
	res := ta.DeliverTx(ta.Registrar, &manufacturertypes.MsgAddManufacturer{Authority: ta.Registrar.String(), Id: "acme", Name: "ACME",
		Operators: []string{ta.Validator.String()}, DefaultReputation: 5000, AuthKeyHash: make([]byte, 32)})
	require.Zero(t, res.Code, res.Log)
	deposit := &tokentypes.MsgDepositToPool{Depositor: depositor.String(), ManufacturerId: "acme", Amount: math.NewInt(1_000)}

	signed := ta.SignTx(depositor, deposit)
	res = ta.NextBlock(signed)[0]
	require.Zero(t, res.Code, res.Log)
	pool, err := ta.TokenKeeper.PoolOf(ta.Ctx(), "acme")
	require.NoError(t, err)

	t.Run("the same signed bytes in a later block are refused", func(t *testing.T) {
		res := ta.NextBlock(signed)[0]
		requireTxError(t, res, sdkerrors.ErrWrongSequence)
	})
	t.Run("a transaction signed for another chain is refused", func(t *testing.T) {
		acc := ta.AccountKeeper.GetAccount(ta.Ctx(), depositor.Addr)
		tx, err := simtestutil.GenSignedMockTx(rand.New(rand.NewSource(1)), ta.TxConfig(), []sdk.Msg{deposit}, sdk.NewCoins(), 2_000_000,
			"atonomi-other", []uint64{acc.GetAccountNumber()}, []uint64{acc.GetSequence()}, depositor.Priv)
		require.NoError(t, err)
		bz, err := ta.TxConfig().TxEncoder()(tx)
		require.NoError(t, err)
		res := ta.NextBlock(bz)[0]
		requireTxError(t, res, sdkerrors.ErrUnauthorized)
	})
	after, err := ta.TokenKeeper.PoolOf(ta.Ctx(), "acme")
	require.NoError(t, err)
	require.Equal(t, pool, after, "only the first deposit reached the pool")
}
