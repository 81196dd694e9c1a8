// Package proofs serves proof bundles on the node's API server: for a
// device, its record, its manufacturer's record and its reputation in the
// types asked for, each with its Merkle proof, all read at one height H,
// with the signed header H+1 that commits them and the headers that lead
// there from the caller's trust root. The node stays untrusted: a device
// checks everything with lightproof (docs/light-clients.md).
package proofs

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	"github.com/cometbft/cometbft/light"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/gorilla/mux"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/lightproof"
)

// Limits of one request.
const (
	MaxTypes     = 16
	MaxChallenge = 64
	// MaxPath is the most headers a bundle carries from the trust root.
	MaxPath = 16
)

// Chain is what the bundle reads from the node: the part of CometBFT's RPC
// client it uses (the API server's client.CometRPC has it).
type Chain interface {
	ABCIQueryWithOptions(ctx context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error)
	Commit(ctx context.Context, height *int64) (*coretypes.ResultCommit, error)
	Validators(ctx context.Context, height *int64, page, perPage *int) (*coretypes.ResultValidators, error)
	Status(ctx context.Context) (*coretypes.ResultStatus, error)
}

// Register serves lightproof.BundlePath on r, reading through chain.
func Register(r *mux.Router, chain func() Chain) {
	r.HandleFunc(lightproof.BundlePath, func(w http.ResponseWriter, req *http.Request) {
		c := chain()
		if c == nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "the API server has no node client"})
			return
		}
		var b *lightproof.Bundle
		r, err := parse(mux.Vars(req)["id"], req.URL.Query())
		status := http.StatusBadRequest
		if err == nil {
			b, status, err = Build(req.Context(), c, r)
		}
		w.Header().Set("Content-Type", "application/json")
		if err != nil {
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
			return
		}
		_ = json.NewEncoder(w).Encode(b)
	}).Methods(http.MethodGet)
}

// Request is what a bundle is asked for: a device, reputation types, the
// height of the caller's trust root (0 for none) and a challenge to echo.
type Request struct {
	ID            devicekit.ID
	Types         []string
	TrustedHeight int64
	Challenge     string
}

// ParseID parses a device id in its one canonical text form, 64
// lower-case hex characters: devicekit.ParseID also takes upper case.
func ParseID(s string) (devicekit.ID, error) {
	id, err := devicekit.ParseID(s)
	if err == nil && id.String() != s {
		err = errors.New("not canonical: use lower case")
	}
	if err != nil {
		return id, fmt.Errorf("device id %q: %w", s, err)
	}
	return id, nil
}

func parse(idText string, q map[string][]string) (Request, error) {
	var r Request
	id, err := ParseID(idText)
	if err != nil {
		return r, err
	}
	r.ID = id
	if v := first(q, "types"); v != "" {
		r.Types = strings.Split(v, ",")
	}
	if v := first(q, "trusted_height"); v != "" {
		if r.TrustedHeight, err = strconv.ParseInt(v, 10, 64); err != nil || r.TrustedHeight < 1 {
			return r, fmt.Errorf("trusted_height %q is not a height", v)
		}
	}
	r.Challenge = first(q, "challenge")
	return r, r.validate()
}

func (r Request) validate() error {
	if len(r.Types) > MaxTypes {
		return fmt.Errorf("at most %d reputation types, got %d", MaxTypes, len(r.Types))
	}
	for _, t := range r.Types {
		if t == "" || strings.ContainsRune(t, 0) {
			return fmt.Errorf("reputation type %q", t)
		}
	}
	if r.TrustedHeight < 0 {
		return fmt.Errorf("trusted height %d", r.TrustedHeight)
	}
	if len(r.Challenge) > MaxChallenge {
		return fmt.Errorf("the challenge is longer than %d bytes", MaxChallenge)
	}
	return nil
}

func first(q map[string][]string, key string) string {
	if v := q[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Build reads the bundle r asks for from chain, and says which HTTP status
// a refusal is. State H is the latest height whose committing header H+1
// exists: the latest block's height minus one.
func Build(ctx context.Context, chain Chain, r Request) (*lightproof.Bundle, int, error) {
	if err := r.validate(); err != nil {
		return nil, http.StatusBadRequest, err
	}
	st, err := chain.Status(ctx)
	if err != nil {
		return nil, http.StatusServiceUnavailable, err
	}
	top := st.SyncInfo.LatestBlockHeight
	if top < 3 {
		return nil, http.StatusServiceUnavailable, errors.New("the chain has no provable height yet")
	}
	if r.TrustedHeight >= top {
		return nil, http.StatusBadRequest, fmt.Errorf("trusted_height %d is not below the latest header %d", r.TrustedHeight, top)
	}
	h := top - 1
	b := &lightproof.Bundle{ChainID: st.NodeInfo.Network, Height: h, Challenge: r.Challenge}

	read := func(store string, key []byte) (lightproof.BundleEntry, error) {
		res, err := chain.ABCIQueryWithOptions(ctx, "/store/"+store+"/key", key, rpcclient.ABCIQueryOptions{Height: h, Prove: true})
		if err != nil {
			return lightproof.BundleEntry{}, err
		}
		if res.Response.Code != 0 {
			return lightproof.BundleEntry{}, fmt.Errorf("store %s: %s", store, res.Response.Log)
		}
		proof, err := res.Response.ProofOps.Marshal()
		if err != nil {
			return lightproof.BundleEntry{}, err
		}
		return lightproof.BundleEntry{Store: store, Key: hex.EncodeToString(key), Value: hex.EncodeToString(res.Response.Value), Proof: hex.EncodeToString(proof)}, nil
	}
	device, err := read(lightproof.StoreDevice, lightproof.DeviceKey(r.ID))
	if err != nil {
		return nil, http.StatusBadGateway, err
	}
	b.Entries = append(b.Entries, device)
	// The manufacturer is read only when the device exists: the node decodes
	// its own record for the id (the caller verifies it like any entry).
	if device.Value != "" {
		value, _ := hex.DecodeString(device.Value)
		d, err := lightproof.DecodeDevice(value)
		if err != nil {
			return nil, http.StatusInternalServerError, err
		}
		m, err := read(lightproof.StoreManufacturer, lightproof.ManufacturerKey(d.ManufacturerID))
		if err != nil {
			return nil, http.StatusBadGateway, err
		}
		b.Entries = append(b.Entries, m)
	}
	for _, t := range r.Types {
		e, err := read(lightproof.StoreReputation, lightproof.AggregateKey(r.ID, t))
		if err != nil {
			return nil, http.StatusBadGateway, err
		}
		b.Entries = append(b.Entries, e)
	}

	if b.Headers, err = trustPath(ctx, chain, r.TrustedHeight, top); err != nil {
		return nil, http.StatusBadGateway, err
	}
	return b, http.StatusOK, nil
}

// header is a signed header with its validator set.
type header struct {
	sh   *cmttypes.SignedHeader
	vals *cmttypes.ValidatorSet
}

func fetch(ctx context.Context, chain Chain, height int64) (header, error) {
	sh, vals, err := Header(ctx, chain, height)
	return header{sh: sh, vals: vals}, err
}

// Header reads the signed header of height from chain, with the validator
// set that signed it, every page of it. Neither is verified here.
func Header(ctx context.Context, chain Chain, height int64) (*cmttypes.SignedHeader, *cmttypes.ValidatorSet, error) {
	c, err := chain.Commit(ctx, &height)
	if err != nil {
		return nil, nil, err
	}
	var vals []*cmttypes.Validator
	for page, perPage := 1, 100; ; page++ {
		res, err := chain.Validators(ctx, &height, &page, &perPage)
		if err != nil {
			return nil, nil, err
		}
		vals = append(vals, res.Validators...)
		if len(vals) >= res.Total || len(res.Validators) == 0 {
			break
		}
	}
	return &c.SignedHeader, cmttypes.NewValidatorSet(vals), nil
}

// trustPath returns the headers a device trusting the header at height
// trusted needs to reach header top: header top alone when more than a
// third of the trusted power signed it, otherwise intermediate headers
// found by bisection, as CometBFT's light client finds them. Without a
// trusted height it returns header top alone.
func trustPath(ctx context.Context, chain Chain, trusted, top int64) ([]lightproof.BundleHeader, error) {
	target, err := fetch(ctx, chain, top)
	if err != nil {
		return nil, err
	}
	path := []header{target}
	if trusted > 0 {
		from, err := fetch(ctx, chain, trusted)
		if err != nil {
			return nil, err
		}
		if path, err = bisect(ctx, chain, from, target, 0); err != nil {
			return nil, err
		}
	}
	out := make([]lightproof.BundleHeader, len(path))
	for i, h := range path {
		if out[i], err = EncodeHeader(h.sh, h.vals); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EncodeHeader is a signed header and its validator set as a bundle
// carries them: hex CometBFT protobuf.
func EncodeHeader(sh *cmttypes.SignedHeader, vals *cmttypes.ValidatorSet) (lightproof.BundleHeader, error) {
	vp, err := vals.ToProto()
	if err != nil {
		return lightproof.BundleHeader{}, err
	}
	vb, err := vp.Marshal()
	if err != nil {
		return lightproof.BundleHeader{}, err
	}
	sb, err := sh.ToProto().Marshal()
	if err != nil {
		return lightproof.BundleHeader{}, err
	}
	return lightproof.BundleHeader{SignedHeader: hex.EncodeToString(sb), ValidatorSet: hex.EncodeToString(vb)}, nil
}

// bisect returns the headers after from up to to that each follow from the
// one before by more than a third of its validators' power. Only the power
// overlap is judged here, at the target's own time: the caller verifies
// everything, with its own clock.
func bisect(ctx context.Context, chain Chain, from, to header, depth int) ([]header, error) {
	// CometBFT wants the header strictly before now plus the drift.
	const forever, drift = time.Duration(1 << 62), time.Second
	err := light.Verify(from.sh, from.vals, to.sh, to.vals, forever, to.sh.Time, drift, light.DefaultTrustLevel)
	var cant light.ErrNewValSetCantBeTrusted
	switch {
	case err == nil:
		return []header{to}, nil
	case !errors.As(err, &cant) || to.sh.Height-from.sh.Height < 2:
		return nil, fmt.Errorf("header %d does not follow from %d: %w", to.sh.Height, from.sh.Height, err)
	case depth >= MaxPath:
		return nil, fmt.Errorf("more than %d headers from %d to %d", MaxPath, from.sh.Height, to.sh.Height)
	}
	mid, err := fetch(ctx, chain, (from.sh.Height+to.sh.Height)/2)
	if err != nil {
		return nil, err
	}
	head, err := bisect(ctx, chain, from, mid, depth+1)
	if err != nil {
		return nil, err
	}
	tail, err := bisect(ctx, chain, mid, to, depth+1)
	if err != nil {
		return nil, err
	}
	if len(head)+len(tail) > MaxPath {
		return nil, fmt.Errorf("more than %d headers from %d to %d", MaxPath, from.sh.Height, to.sh.Height)
	}
	return append(head, tail...), nil
}
