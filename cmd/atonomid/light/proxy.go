// Package light is `atonomid light`: a CometBFT-RPC proxy on CometBFT's
// light client that answers only what it verified. Blocks, headers,
// commits and validator sets go through the light client's verified RPC;
// store reads (/store/<name>/key) are verified with lightproof against the
// header the light client trusts; broadcasts and status pass through; any
// other ABCI query (the modules' gRPC paths, which never carry a proof) is
// refused with a clear error.
package light

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	"github.com/cometbft/cometbft/light"
	"github.com/cometbft/cometbft/light/provider"
	lhttp "github.com/cometbft/cometbft/light/provider/http"
	lproxy "github.com/cometbft/cometbft/light/proxy"
	lrpc "github.com/cometbft/cometbft/light/rpc"
	lstore "github.com/cometbft/cometbft/light/store/db"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	rpcserver "github.com/cometbft/cometbft/rpc/jsonrpc/server"
	rpctypes "github.com/cometbft/cometbft/rpc/jsonrpc/types"

	"github.com/atonomi/atonomid/lightproof"
)

// ErrNotProvable is an ABCI query the proxy cannot verify, so refuses.
var ErrNotProvable = errors.New("not provable")

// Config is what the proxy trusts and where it listens.
type Config struct {
	ChainID   string
	Primary   string   // the node's RPC, e.g. tcp://127.0.0.1:26657
	Witnesses []string // nodes that cross-check the primary (at least one)
	// TrustHeight and TrustHash are the trust root. With TrustOnFirstUse
	// instead, the primary's latest header is trusted when every witness
	// agrees with it: only for tests and first setups.
	TrustHeight     int64
	TrustHash       []byte
	TrustOnFirstUse bool
	TrustingPeriod  time.Duration
	ListenAddr      string // e.g. tcp://127.0.0.1:8888
	Logger          cmtlog.Logger
}

// Proxy is a running light proxy.
type Proxy struct {
	Addr     string // the address it listens on
	listener net.Listener
	light    *light.Client
	next     *rpchttp.HTTP
	verified *lrpc.Client
}

// Start builds the light client from the trust root and serves the proxy
// until ctx ends or Close.
func Start(ctx context.Context, cfg Config) (*Proxy, error) {
	if cfg.Logger == nil {
		cfg.Logger = cmtlog.NewNopLogger()
	}
	lc, err := newLightClient(ctx, cfg)
	if err != nil {
		return nil, err
	}
	next, err := rpchttp.New(cfg.Primary, "/websocket")
	if err != nil {
		return nil, err
	}
	p := &Proxy{light: lc, next: next, verified: lrpc.NewClient(next, lc)}
	routes := lproxy.RPCRoutes(p.verified)
	routes["abci_query"] = rpcserver.NewRPCFunc(p.abciQuery, "path,data,height,prove")
	routes["commit"] = rpcserver.NewRPCFunc(p.commit, "height")
	mux := http.NewServeMux()
	rpcserver.RegisterRPCFuncs(mux, routes, cfg.Logger)
	conf := rpcserver.DefaultConfig()
	if p.listener, err = rpcserver.Listen(cfg.ListenAddr, conf.MaxOpenConnections); err != nil {
		return nil, err
	}
	p.Addr = "tcp://" + p.listener.Addr().String()
	go func() { _ = rpcserver.Serve(p.listener, mux, cfg.Logger, conf) }()
	go func() {
		<-ctx.Done()
		_ = p.Close()
	}()
	return p, nil
}

// newLightClient is CometBFT's light client over cfg's primary and
// witnesses, from its trust root.
func newLightClient(ctx context.Context, cfg Config) (*light.Client, error) {
	if len(cfg.Witnesses) == 0 {
		return nil, errors.New("at least one witness is needed to cross-check the primary")
	}
	if cfg.Logger == nil {
		cfg.Logger = cmtlog.NewNopLogger()
	}
	primary, err := lhttp.New(cfg.ChainID, cfg.Primary)
	if err != nil {
		return nil, fmt.Errorf("primary: %w", err)
	}
	witnesses := make([]provider.Provider, len(cfg.Witnesses))
	for i, w := range cfg.Witnesses {
		if witnesses[i], err = lhttp.New(cfg.ChainID, w); err != nil {
			return nil, fmt.Errorf("witness %s: %w", w, err)
		}
	}
	trust := light.TrustOptions{Period: cfg.TrustingPeriod, Height: cfg.TrustHeight, Hash: cfg.TrustHash}
	if cfg.TrustOnFirstUse {
		if trust, err = firstUse(ctx, cfg.TrustingPeriod, primary, witnesses); err != nil {
			return nil, err
		}
	}
	if err := trust.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("trust root: %w", err)
	}
	lc, err := light.NewClient(ctx, cfg.ChainID, trust, primary, witnesses, lstore.New(dbm.NewMemDB(), cfg.ChainID),
		light.Logger(cfg.Logger))
	if err != nil {
		return nil, fmt.Errorf("light client: %w", err)
	}
	return lc, nil
}

// Close stops listening.
func (p *Proxy) Close() error { return p.listener.Close() }

// firstUse trusts the primary's latest header when every witness has the
// same header at that height.
func firstUse(ctx context.Context, period time.Duration, primary provider.Provider, witnesses []provider.Provider) (light.TrustOptions, error) {
	lb, err := primary.LightBlock(ctx, 0)
	if err != nil {
		return light.TrustOptions{}, fmt.Errorf("primary: %w", err)
	}
	for _, w := range witnesses {
		wb, err := w.LightBlock(ctx, lb.Height)
		if err != nil {
			return light.TrustOptions{}, fmt.Errorf("witness %s: %w", w, err)
		}
		if !strings.EqualFold(wb.Hash().String(), lb.Hash().String()) {
			return light.TrustOptions{}, fmt.Errorf("witness %s disagrees with the primary at height %d", w, lb.Height)
		}
	}
	return light.TrustOptions{Period: period, Height: lb.Height, Hash: lb.Hash()}, nil
}

// commit serves a verified commit. Without a height it is the latest the
// light client trusts: CometBFT's light RPC would dereference the nil it
// gets from a light-client update with nothing new.
func (p *Proxy) commit(ctx *rpctypes.Context, height *int64) (*coretypes.ResultCommit, error) {
	if height == nil {
		if _, err := p.light.Update(ctx.Context(), time.Now()); err != nil {
			return nil, fmt.Errorf("light client update: %w", err)
		}
		top, err := p.light.LastTrustedHeight()
		if err != nil {
			return nil, err
		}
		height = &top
	}
	return p.verified.Commit(ctx.Context(), height)
}

// abciQuery answers a store read verified against the light client's
// trusted header: at height H it needs header H+1, so "latest" is the last
// trusted height minus one (never the primary's own latest, whose H+1 does
// not exist yet). The proof is bound to the key asked for, not to the key
// the node reports, and presence is decided by the proof, not the value.
func (p *Proxy) abciQuery(ctx *rpctypes.Context, path string, data cmtbytes.HexBytes, height int64, _ bool) (*coretypes.ResultABCIQuery, error) {
	store, ok := strings.CutPrefix(path, "/store/")
	if ok {
		store, ok = strings.CutSuffix(store, "/key")
	}
	if !ok || store == "" || strings.Contains(store, "/") {
		return nil, fmt.Errorf("%w: %q: only raw store reads (/store/<name>/key) carry proofs; gRPC-path queries never do, so this proxy does not pass them on", ErrNotProvable, path)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: no key", ErrNotProvable)
	}
	now := time.Now()
	c := ctx.Context()
	if _, err := p.light.Update(c, now); err != nil {
		return nil, fmt.Errorf("light client update: %w", err)
	}
	top, err := p.light.LastTrustedHeight()
	if err != nil {
		return nil, err
	}
	h := height
	if h == 0 {
		h = top - 1
	}
	if h < 2 {
		return nil, fmt.Errorf("%w: height %d cannot be proven", ErrNotProvable, h)
	}
	lb, err := p.light.VerifyLightBlockAtHeight(c, h+1, now)
	if err != nil {
		return nil, fmt.Errorf("header %d: %w", h+1, err)
	}
	res, err := p.next.ABCIQueryWithOptions(c, path, data, rpcclient.ABCIQueryOptions{Height: h, Prove: true})
	if err != nil {
		return nil, err
	}
	r := res.Response
	if r.Code != 0 {
		return nil, fmt.Errorf("the node refused the read: %s", r.Log)
	}
	if r.Height != h {
		return nil, fmt.Errorf("%w: the node answered for height %d, asked %d", lightproof.ErrBadProof, r.Height, h)
	}
	if _, err := lightproof.VerifyEntry(lb.AppHash, lightproof.Entry{Store: store, Key: data, Value: r.Value, Proof: r.ProofOps}); err != nil {
		return nil, err
	}
	r.Key = data
	return &coretypes.ResultABCIQuery{Response: r}, nil
}
