// Package apptest runs a whole atonomid App in-process, without CometBFT:
// genesis with one validator (or several, SetupValidators), signed
// transactions delivered block by block, and governance proposals voted
// through (PassProposal).
// Tests use it to check behaviour that crosses modules (staking hooks,
// authz, export and import).
package apptest

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/baseapp"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/app"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// ChainID is the chain id of every test app.
const ChainID = "atonomi-test"

// Account is a test account with its signing key.
type Account struct {
	Priv *secp256k1.PrivKey
	Addr sdk.AccAddress
}

// String returns the bech32 address.
func (a Account) String() string { return a.Addr.String() }

// NewAccount derives a deterministic account from a seed string.
func NewAccount(seed string) Account {
	priv := secp256k1.GenPrivKeyFromSecret([]byte(seed))
	return Account{Priv: priv, Addr: sdk.AccAddress(priv.PubKey().Address())}
}

// TestApp is an App after genesis, with the accounts genesis funded.
type TestApp struct {
	*app.App
	t testing.TB

	Validator  Account   // operator of the first genesis validator
	Validators []Account // operators of every genesis validator, Validator first
	Registrar  Account   // a registrar of the network authority
	Users      []Account
	db         dbm.DB
	height     int64
	blockTime  time.Time
}

// GenesisBond is the self-bond of every genesis validator: 100 units of
// consensus power, so that validators of a test chain have equal power.
var GenesisBond = sdk.DefaultPowerReduction.MulRaw(100)

// StartingBalance is what genesis gives every test account.
var StartingBalance = sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1_000_000_000_000))

// Setup starts an app from a genesis with one bonded validator, a registrar
// and nUsers funded accounts, and commits block 1.
func Setup(t testing.TB, nUsers int) *TestApp {
	t.Helper()
	return SetupValidators(t, 1, nUsers)
}

// SetupValidators is Setup with nValidators bonded genesis validators of
// equal power (GenesisBond each), all on the validator allowlist.
func SetupValidators(t testing.TB, nValidators, nUsers int) *TestApp {
	t.Helper()
	return setup(t, dbm.NewMemDB(), nValidators, nUsers)
}

// SetupOver is Setup over db instead of memory: a test that needs a node's
// database on disk passes a goleveldb under <home>/data, as a node has.
func SetupOver(t testing.TB, db dbm.DB, nUsers int) *TestApp {
	t.Helper()
	return setup(t, db, 1, nUsers)
}

func setup(t testing.TB, db dbm.DB, nValidators, nUsers int) *TestApp {
	t.Helper()
	require.Positive(t, nValidators)
	ta := &TestApp{
		t:         t,
		App:       newOver(t, db),
		db:        db,
		Validator: NewAccount("validator"),
		Registrar: NewAccount("registrar"),
		blockTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	ta.Validators = []Account{ta.Validator}
	for i := 1; i < nValidators; i++ {
		ta.Validators = append(ta.Validators, NewAccount(fmt.Sprintf("validator-%d", i)))
	}
	for i := 0; i < nUsers; i++ {
		ta.Users = append(ta.Users, NewAccount("user"+string(rune('a'+i))))
	}
	genesis := ta.genesis()
	stateBytes, err := json.Marshal(genesis)
	require.NoError(t, err)
	// The consensus parameters `atonomid init` writes: the app runs under
	// the block gas limit of a real chain.
	params := app.ConsensusParams().ToProto()
	_, err = ta.InitChain(&abci.RequestInitChain{
		ChainId:         ChainID,
		ConsensusParams: &params,
		AppStateBytes:   stateBytes,
		InitialHeight:   1,
		Time:            ta.blockTime,
	})
	require.NoError(t, err)
	ta.NextBlock()
	return ta
}

// New returns a fresh App over an in-memory database, before genesis.
func New(t testing.TB) *app.App {
	t.Helper()
	return newOver(t, dbm.NewMemDB())
}

// newOver returns an App over db, loading its last committed state.
func newOver(t testing.TB, db dbm.DB) *app.App {
	t.Helper()
	return app.New(log.NewNopLogger(), db, true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()),
		baseapp.SetChainID(ChainID))
}

// Fork returns an independent copy of the app at its last committed height,
// a second App loaded from a copy of the database. A test that must run many
// state-changing transactions from one starting state builds that state
// once and forks it per transaction, instead of replaying the setup.
func (ta *TestApp) Fork() *TestApp {
	ta.t.Helper()
	db := dbm.NewMemDB()
	it, err := ta.db.Iterator(nil, nil)
	require.NoError(ta.t, err)
	for ; it.Valid(); it.Next() {
		require.NoError(ta.t, db.Set(it.Key(), it.Value()))
	}
	require.NoError(ta.t, it.Error())
	require.NoError(ta.t, it.Close())
	fork := *ta
	fork.db, fork.App = db, newOver(ta.t, db)
	return &fork
}

// Import starts a new chain from exported, an export of ta's chain (edited
// or not), as a node would from the export's genesis file: the same chain
// id and accounts, its first block committed 5 seconds after ta's last. A
// zero-height export starts at height 1. The error is the app's refusal of
// the genesis: InitChain's error, or the panic of a module's InitGenesis (as
// the SDK's module manager has them refuse), which a node dies of.
func (ta *TestApp) Import(exported servertypes.ExportedApp) (_ *TestApp, err error) {
	ta.t.Helper()
	db := dbm.NewMemDB()
	next := *ta
	next.db, next.App = db, newOver(ta.t, db)
	initial := max(exported.Height, 1)
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("InitChain panicked: %v", r)
			}
		}()
		_, err = next.InitChain(&abci.RequestInitChain{
			ChainId:         ChainID,
			ConsensusParams: &exported.ConsensusParams,
			AppStateBytes:   exported.AppState,
			InitialHeight:   initial,
			Time:            ta.blockTime,
		})
	}()
	if err != nil {
		return nil, err
	}
	next.height = initial - 1
	next.NextBlock()
	return &next, nil
}

// genesis builds the default genesis plus the validators, accounts and allowlist.
func (ta *TestApp) genesis() app.GenesisState {
	t, cdc := ta.t, ta.AppCodec()
	genesis := ta.DefaultGenesis()

	accounts := append(append(append([]Account{}, ta.Validators...), ta.Registrar), ta.Users...)
	var genAccs []authtypes.GenesisAccount
	var balances []banktypes.Balance
	supply := sdk.NewCoins()
	for _, a := range accounts {
		genAccs = append(genAccs, authtypes.NewBaseAccount(a.Addr, nil, 0, 0))
		balances = append(balances, banktypes.Balance{Address: a.String(), Coins: StartingBalance})
		supply = supply.Add(StartingBalance...)
	}

	// Each genesis validator bonds from its own operator account, the only
	// delegation the permission hooks allow.
	var (
		validators  []stakingtypes.Validator
		delegations []stakingtypes.Delegation
		allowed     []permissiontypes.AllowedValidator
	)
	for i, operator := range ta.Validators {
		seed := "consensus"
		if i > 0 {
			seed = fmt.Sprintf("consensus-%d", i)
		}
		pkAny, err := codectypes.NewAnyWithValue(ed25519.GenPrivKeyFromSecret([]byte(seed)).PubKey())
		require.NoError(t, err)
		valoper := sdk.ValAddress(operator.Addr).String()
		validators = append(validators, stakingtypes.Validator{
			OperatorAddress:   valoper,
			ConsensusPubkey:   pkAny,
			Status:            stakingtypes.Bonded,
			Tokens:            GenesisBond,
			DelegatorShares:   sdkmath.LegacyNewDecFromInt(GenesisBond),
			UnbondingTime:     time.Unix(0, 0).UTC(),
			Commission:        stakingtypes.NewCommission(sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()),
			MinSelfDelegation: sdkmath.OneInt(),
		})
		delegations = append(delegations,
			stakingtypes.NewDelegation(operator.String(), valoper, sdkmath.LegacyNewDecFromInt(GenesisBond)))
		allowed = append(allowed, permissiontypes.AllowedValidator{Operator: operator.String(), Note: "genesis"})
	}
	stakingGenesis := stakingtypes.NewGenesisState(stakingtypes.DefaultParams(), validators, delegations)
	genesis[stakingtypes.ModuleName] = cdc.MustMarshalJSON(stakingGenesis)

	bonded := sdk.NewCoins(sdk.NewCoin(app.BondDenom, GenesisBond.MulRaw(int64(len(ta.Validators)))))
	balances = append(balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String(), Coins: bonded,
	})
	supply = supply.Add(bonded...)
	genesis[authtypes.ModuleName] = cdc.MustMarshalJSON(authtypes.NewGenesisState(authtypes.DefaultParams(), genAccs))
	genesis[banktypes.ModuleName] = cdc.MustMarshalJSON(banktypes.NewGenesisState(
		banktypes.DefaultParams(), balances, supply, nil, nil))

	permission := permissiontypes.DefaultGenesis()
	permission.Params.Registrars = []string{ta.Registrar.String()}
	permission.AllowedValidators = allowed
	genesis[permissiontypes.ModuleName] = cdc.MustMarshalJSON(permission)
	return genesis
}

// NextBlock finalizes and commits a block carrying txs, 5 seconds after the
// last one, and returns the results of the txs in order.
func (ta *TestApp) NextBlock(txs ...[]byte) []*abci.ExecTxResult {
	ta.t.Helper()
	return ta.NextBlockAfter(5*time.Second, txs...)
}

// NextBlockAfter is NextBlock with the block time d after the last block's:
// a test jumps over a voting or unbonding period in one block.
func (ta *TestApp) NextBlockAfter(d time.Duration, txs ...[]byte) []*abci.ExecTxResult {
	ta.t.Helper()
	ta.height++
	ta.blockTime = ta.blockTime.Add(d)
	res, err := ta.FinalizeBlock(&abci.RequestFinalizeBlock{Height: ta.height, Time: ta.blockTime, Txs: txs})
	require.NoError(ta.t, err)
	_, err = ta.Commit()
	require.NoError(ta.t, err)
	return res.TxResults
}

// Ctx returns a read-only context over the last committed state.
func (ta *TestApp) Ctx() sdk.Context {
	return ta.NewUncachedContext(false, cmtproto.Header{ChainID: ChainID, Height: ta.height, Time: ta.blockTime}) //nolint:staticcheck // between blocks only the committed store is there to read (NewContext needs a block's state)
}

// Height returns the last committed height.
func (ta *TestApp) Height() int64 { return ta.height }

// DeliverTx signs msgs with signer's key, delivers them in a new block and
// returns the tx result (Code 0 on success).
func (ta *TestApp) DeliverTx(signer Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	ta.t.Helper()
	return ta.NextBlock(ta.SignTx(signer, msgs...))[0]
}

// SignTx returns the encoded tx carrying msgs, signed by signer with its
// current account number and sequence on this chain.
func (ta *TestApp) SignTx(signer Account, msgs ...sdk.Msg) []byte {
	ta.t.Helper()
	acc := ta.AccountKeeper.GetAccount(ta.Ctx(), signer.Addr)
	require.NotNil(ta.t, acc, "account %s does not exist", signer)
	tx, err := simtestutil.GenSignedMockTx(rand.New(rand.NewSource(ta.height)), ta.TxConfig(), msgs,
		sdk.NewCoins(), 2_000_000, ChainID, []uint64{acc.GetAccountNumber()}, []uint64{acc.GetSequence()}, signer.Priv)
	require.NoError(ta.t, err)
	bz, err := ta.TxConfig().TxEncoder()(tx)
	require.NoError(ta.t, err)
	return bz
}

// Balances is every account's balance in ctx, as coin text by address: a
// test compares the whole map before and after an attack, so no account's
// funds can move unseen.
func (ta *TestApp) Balances(ctx sdk.Context) map[string]string {
	out := map[string]string{}
	ta.BankKeeper.IterateAllBalances(ctx, func(addr sdk.AccAddress, coin sdk.Coin) bool {
		out[addr.String()] += coin.String() + " "
		return false
	})
	return out
}
