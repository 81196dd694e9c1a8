package load

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"google.golang.org/grpc"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/tx"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

// RPC is the part of a CometBFT client the load generator uses; both the
// HTTP client of a remote node and the local client of an in-process node
// have it.
type RPC interface {
	Status(ctx context.Context) (*coretypes.ResultStatus, error)
	Block(ctx context.Context, height *int64) (*coretypes.ResultBlock, error)
	BlockResults(ctx context.Context, height *int64) (*coretypes.ResultBlockResults, error)
	BroadcastTxSync(ctx context.Context, tx cmttypes.Tx) (*coretypes.ResultBroadcastTx, error)
	Tx(ctx context.Context, hash []byte, prove bool) (*coretypes.ResultTx, error)
}

// Env is what a run talks to: a node's RPC (broadcast, blocks) and gRPC
// (accounts, simulation, lookups), the chain's tx encoding, and the keyring
// holding the faucet and registrar keys.
type Env struct {
	RPC      RPC
	GRPC     *grpc.ClientConn
	TxConfig client.TxConfig
	Registry codectypes.InterfaceRegistry
	Keyring  keyring.Keyring
}

// Account is a signing account whose sequence is tracked locally, so that
// one account can have many transactions in the mempool at once.
type Account struct {
	Name   string
	Addr   sdk.AccAddress
	Number uint64
	Seq    uint64
	kr     keyring.Keyring
	// known is set once Number and Seq have been read from the chain.
	known bool
}

// chain signs, simulates, broadcasts and waits for transactions.
type chain struct {
	Env
	chainID   string
	gasPrices sdk.DecCoins
}

func newChain(ctx context.Context, env Env, gasPrices string) (*chain, error) {
	prices, err := sdk.ParseDecCoins(gasPrices)
	if err != nil {
		return nil, fmt.Errorf("gas prices: %w", err)
	}
	st, err := env.RPC.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("node status: %w", err)
	}
	return &chain{Env: env, chainID: st.NodeInfo.Network, gasPrices: prices}, nil
}

// refresh reads the account's number and committed sequence.
func (c *chain) refresh(ctx context.Context, a *Account) error {
	res, err := authtypes.NewQueryClient(c.GRPC).Account(ctx, &authtypes.QueryAccountRequest{Address: a.Addr.String()})
	if err != nil {
		return fmt.Errorf("account %s (%s): %w", a.Name, a.Addr, err)
	}
	var acc sdk.AccountI
	if err := c.Registry.UnpackAny(res.Account, &acc); err != nil {
		return err
	}
	a.Number, a.Seq, a.known = acc.GetAccountNumber(), acc.GetSequence(), true
	return nil
}

// sign builds and signs a transaction offline with the SDK's tx factory at
// the account's local sequence; its fee is the gas at the run's gas prices.
func (c *chain) sign(ctx context.Context, a *Account, gas uint64, msgs ...sdk.Msg) ([]byte, error) {
	txf := tx.Factory{}.
		WithTxConfig(c.TxConfig).
		WithKeybase(a.kr).
		WithChainID(c.chainID).
		WithAccountNumber(a.Number).
		WithSequence(a.Seq).
		WithGas(gas).
		WithGasPrices(c.gasPrices.String()).
		WithSignMode(signing.SignMode_SIGN_MODE_DIRECT)
	b, err := txf.BuildUnsignedTx(msgs...)
	if err != nil {
		return nil, err
	}
	if err := tx.Sign(ctx, txf, a.Name, b, true); err != nil {
		return nil, err
	}
	return c.TxConfig.TxEncoder()(b.GetTx())
}

// gasFor simulates msgs from a and returns the gas to give such a
// transaction: what the simulation used with half again as a margin (later
// transactions of the same shape may touch a little more state).
func (c *chain) gasFor(ctx context.Context, a *Account, msgs ...sdk.Msg) (uint64, error) {
	bz, err := c.sign(ctx, a, 100_000_000, msgs...)
	if err != nil {
		return 0, err
	}
	res, err := txtypes.NewServiceClient(c.GRPC).Simulate(ctx, &txtypes.SimulateRequest{TxBytes: bz})
	if err != nil {
		return 0, fmt.Errorf("simulate %s: %w", sdk.MsgTypeURL(msgs[0]), err)
	}
	return res.GasInfo.GasUsed*3/2 + 50_000, nil
}

// verdict is how CheckTx answered a broadcast.
type verdict int

const (
	accepted verdict = iota
	mempoolFull
	wrongSequence
	refused
)

// sequenceMismatch reads the sequence CheckTx expected from its refusal.
var sequenceMismatch = regexp.MustCompile(`expected (\d+), got \d+`)

// transientBroadcastError matches the node's answers for a full mempool and
// a transaction it has already seen.
var transientBroadcastError = regexp.MustCompile(`mempool is full|already exists in cache`)

// classify sorts a BroadcastTxSync answer. A full mempool and a tx already
// in the cache are transient: the same transaction is sent again.
func classify(res *coretypes.ResultBroadcastTx, err error) (verdict, string) {
	if err != nil {
		msg := err.Error()
		if transientBroadcastError.MatchString(msg) {
			return mempoolFull, msg
		}
		return refused, msg
	}
	switch {
	case res.Code == 0:
		return accepted, ""
	case res.Codespace == sdkerrors.RootCodespace && res.Code == sdkerrors.ErrWrongSequence.ABCICode():
		return wrongSequence, res.Log
	case res.Codespace == sdkerrors.RootCodespace &&
		(res.Code == sdkerrors.ErrMempoolIsFull.ABCICode() || res.Code == sdkerrors.ErrTxInMempoolCache.ABCICode()):
		return mempoolFull, res.Log
	default:
		return refused, fmt.Sprintf("code %d (%s): %s", res.Code, res.Codespace, res.Log)
	}
}

// expectedSequence is the sequence a wrong-sequence refusal names, if any.
func expectedSequence(log string) (uint64, bool) {
	m := sequenceMismatch.FindStringSubmatch(log)
	if m == nil {
		return 0, false
	}
	seq, err := strconv.ParseUint(m[1], 10, 64)
	return seq, err == nil
}

// deliver sends one setup transaction from a and waits for it to succeed.
func (c *chain) deliver(ctx context.Context, a *Account, msgs ...sdk.Msg) error {
	hash, err := c.send(ctx, a, msgs...)
	if err != nil {
		return err
	}
	return c.await(ctx, hash)
}

// send simulates, signs and broadcasts msgs from a, retrying a full mempool
// or a stale sequence (the faucet and the registrar may be one account, or
// used by others), and returns the accepted transaction's hash.
func (c *chain) send(ctx context.Context, a *Account, msgs ...sdk.Msg) ([]byte, error) {
	if !a.known {
		if err := c.refresh(ctx, a); err != nil {
			return nil, err
		}
	}
	gas, err := c.gasFor(ctx, a, msgs...)
	if err != nil {
		return nil, err
	}
	for attempt := 0; attempt < 20; attempt++ {
		bz, err := c.sign(ctx, a, gas, msgs...)
		if err != nil {
			return nil, err
		}
		res, err := c.RPC.BroadcastTxSync(ctx, bz)
		v, why := classify(res, err)
		switch v {
		case accepted:
			a.Seq++
			return res.Hash, nil
		case wrongSequence:
			if seq, ok := expectedSequence(why); ok {
				a.Seq = seq
			} else if err := c.refresh(ctx, a); err != nil {
				return nil, err
			}
		case mempoolFull:
			if err := sleep(ctx, 500*time.Millisecond); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%s from %s refused: %s", sdk.MsgTypeURL(msgs[0]), a.Name, why)
		}
	}
	return nil, fmt.Errorf("%s from %s: the node kept refusing it for lack of room or sequence", sdk.MsgTypeURL(msgs[0]), a.Name)
}

// await waits up to a minute for each transaction to be included and
// requires code 0.
func (c *chain) await(ctx context.Context, hashes ...[]byte) error {
	deadline := time.Now().Add(time.Minute)
	for _, h := range hashes {
		for {
			res, err := c.RPC.Tx(ctx, h, false)
			if err == nil {
				if res.TxResult.Code != 0 {
					return fmt.Errorf("tx %X failed: %s", h, res.TxResult.Log)
				}
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("tx %X was not included within a minute: %w", h, err)
			}
			if err := sleep(ctx, 200*time.Millisecond); err != nil {
				return err
			}
		}
	}
	return nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// errExhausted ends a workload that has used up what setup prepared.
var errExhausted = errors.New("workload exhausted")

// txFailed reports whether a block result is a failure, with its log.
func txFailed(r *abci.ExecTxResult) (bool, string) {
	if r.Code == 0 {
		return false, ""
	}
	return true, fmt.Sprintf("code %d (%s): %s", r.Code, r.Codespace, r.Log)
}
