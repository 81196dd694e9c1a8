package didresolver

import (
	"context"
	"fmt"
	"net/http"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	"github.com/gorilla/mux"

	"github.com/atonomi/atonomid/app/proofs"
	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/lightproof/did"
)

// NodeSource reads through the node's own CometBFT client. It verifies the
// read against the node's own header, so that it never serves a proof that
// does not hold, but that is no trust: it says so ("none"), and whoever
// asks checks the proof.
type NodeSource struct{ Chain proofs.Chain }

// Read implements Source.
func (s NodeSource) Read(ctx context.Context, key []byte, h int64) (did.Read, error) {
	st, err := s.Chain.Status(ctx)
	if err != nil {
		return did.Read{}, err
	}
	top := st.SyncInfo.LatestBlockHeight
	if h == 0 {
		h = top - 1
	}
	if h < 2 || h >= top {
		return did.Read{}, fmt.Errorf("%w: height %d (header %d commits it; the latest is %d)", ErrNoHeight, h, h+1, top)
	}
	res, err := s.Chain.ABCIQueryWithOptions(ctx, "/store/"+lightproof.StoreDevice+"/key", key, rpcclient.ABCIQueryOptions{Height: h, Prove: true})
	if err != nil {
		return did.Read{}, err
	}
	if res.Response.Code != 0 {
		return did.Read{}, fmt.Errorf("%w: height %d: %s (pruned on this node?)", ErrNoHeight, h, res.Response.Log)
	}
	sh, vals, err := proofs.Header(ctx, s.Chain, h+1)
	if err != nil {
		return did.Read{}, err
	}
	bh, err := proofs.EncodeHeader(sh, vals)
	if err != nil {
		return did.Read{}, err
	}
	return did.Read{ChainID: st.NodeInfo.Network, Height: h, Value: res.Response.Value, Proof: res.Response.ProofOps,
		AppHash: sh.AppHash, SignedHeader: bh.SignedHeader, ValidatorSet: bh.ValidatorSet}, nil
}

// Verification implements Source.
func (NodeSource) Verification(r did.Read) *did.Verification {
	return &did.Verification{Verified: did.VerifiedNone, ChainID: r.ChainID}
}

// Register serves resolution and the JSON-LD context on the API server,
// reading through chain.
func Register(r *mux.Router, chain func() proofs.Chain) {
	r.PathPrefix(IdentifiersPath).Methods(http.MethodGet).HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		c := chain()
		if c == nil {
			Resolver{}.fail(w, "the API server has no node client")
			return
		}
		Resolver{Source: NodeSource{Chain: c}}.ServeHTTP(w, req)
	})
	r.HandleFunc(did.ContextPath, ServeContext).Methods(http.MethodGet)
}
