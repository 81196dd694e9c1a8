// Package didresolver serves did:atonomi resolution over DID Resolution's
// HTTP binding, GET /1.0/identifiers/{did}, from a Source of proven device
// records: the node's own (Register, on every API server) or a light
// client's (atonomid did-driver). Documents come only from proven reads
// (lightproof/did); the spec is docs/did-method.md.
package didresolver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/lightproof/did"
)

// IdentifiersPath is the route prefix of resolution.
const IdentifiersPath = "/1.0/identifiers/"

// ErrNoHeight is a state height the source cannot prove: pruned, or not
// committed by a header yet.
var ErrNoHeight = errors.New("didresolver: no provable state at this height")

// Source reads a device record's store entry with its proof.
type Source interface {
	// Read reads store "device" at key at state height h (0: the latest
	// provable), with the proof and the AppHash of header h+1.
	Read(ctx context.Context, key []byte, h int64) (did.Read, error)
	// Verification says what the source checked of the read's AppHash.
	Verification(r did.Read) *did.Verification
}

// Resolver resolves the DIDs of one network: the bare form, and
// did:atonomi:<Network>:<id>. An empty Network is the chain id.
type Resolver struct {
	Source  Source
	Network string
}

// Resolve resolves DID text with the resolution options of query.
func (r Resolver) Resolve(ctx context.Context, text string, query map[string][]string) *did.Result {
	d, err := did.Parse(text)
	if err != nil {
		return did.Failure(did.ParseProblem(err))
	}
	form, err := did.ParseKeyForm(first(query, "transformKeys"))
	if err != nil {
		return did.Failure(did.NewProblem(did.InvalidOptions, err.Error()))
	}
	var h int64
	if v := first(query, "versionId"); v != "" {
		if h, err = strconv.ParseInt(v, 10, 64); err != nil || h < 1 {
			return did.Failure(did.NewProblem(did.InvalidOptions, fmt.Sprintf("versionId %q is not a height", v)))
		}
	}
	if first(query, "versionTime") != "" {
		return did.Failure(did.NewProblem(did.FeatureNotSupported, "versionTime is not supported; use versionId (a height)"))
	}
	read, err := r.Source.Read(ctx, lightproof.DeviceKey(d.ID), h)
	if errors.Is(err, ErrNoHeight) {
		return did.Failure(did.NewProblem(did.NotFound, err.Error()))
	}
	if err != nil {
		return did.Failure(did.NewProblem(did.InternalError, err.Error()))
	}
	network := r.Network
	if network == "" {
		network = read.ChainID
	}
	if d.Network != "" && d.Network != network {
		return did.Failure(did.NewProblem(did.FeatureNotSupported, fmt.Sprintf("this resolver resolves network %q, not %q", network, d.Network)))
	}
	res, err := did.Answer(d, read, form, r.Source.Verification(read))
	if err != nil {
		// Never an unverified answer: a read that does not verify is the
		// node's or the upstream's fault.
		return did.Failure(did.NewProblem(did.InternalError, "the upstream answer failed verification: "+err.Error()))
	}
	return res
}

// ServeHTTP answers GET /1.0/identifiers/{did} with the media type the
// Accept header asks for: the resolution result, or the document alone.
// Errors and deactivated DIDs always get the whole result (the Universal
// Resolver reads no other body on a non-200 status).
func (r Resolver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	text := strings.TrimPrefix(req.URL.Path, IdentifiersPath)
	neg := negotiate(req.Header.Values("Accept"))
	var res *did.Result
	if neg.mediaType == "" {
		res = did.Failure(did.NewProblem(did.RepresentationNotSupported, fmt.Sprintf("cannot answer Accept %q; ask for %s or %s", req.Header.Get("Accept"), did.MediaResolution, did.MediaDID)))
	} else {
		res = r.Resolve(req.Context(), text, req.URL.Query())
	}
	status := res.Status()
	var body any = res
	contentType := neg.mediaType
	switch {
	case status == http.StatusOK && neg.documentOnly:
		body = res.Document
	case neg.documentOnly || neg.mediaType == "":
		contentType = did.MediaResolution
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// negotiation is what an Accept header asks for: the media type to answer
// with ("" when none can be), and whether it is the document alone.
type negotiation struct {
	mediaType    string
	documentOnly bool
}

// negotiate picks the answer: a resolution-result type wins, then a
// document type; */*, application/* or no header is the result.
func negotiate(accept []string) negotiation {
	var ranges []string
	for _, a := range accept {
		for _, r := range strings.Split(a, ",") {
			if r = strings.TrimSpace(r); r != "" {
				ranges = append(ranges, r)
			}
		}
	}
	if len(ranges) == 0 {
		return negotiation{mediaType: did.MediaResolution}
	}
	var doc, any string
	for _, r := range ranges {
		typ, params, _ := strings.Cut(r, ";")
		typ = strings.ToLower(strings.TrimSpace(typ))
		switch {
		case typ == did.MediaResolution:
			return negotiation{mediaType: did.MediaResolution}
		case typ == "application/ld+json" && strings.Contains(strings.ReplaceAll(params, " ", ""), `profile="https://w3id.org/did-resolution"`):
			return negotiation{mediaType: did.MediaLegacyProfile}
		case doc == "" && documentTypes[typ]:
			doc = typ
		case typ == "*/*" || typ == "application/*":
			any = did.MediaResolution
		}
	}
	if doc != "" {
		return negotiation{mediaType: doc, documentOnly: true}
	}
	return negotiation{mediaType: any}
}

// documentTypes are the media types of a DID document alone: DID 1.1's
// and the legacy ones clients still send.
var documentTypes = map[string]bool{
	did.MediaDID: true, "application/did+json": true, "application/did+ld+json": true,
	"application/ld+json": true, "application/json": true,
}

// ServeContext serves the atonomi JSON-LD context for offline loaders.
func ServeContext(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/ld+json")
	_, _ = w.Write(did.ContextJSONLD)
}

func first(q map[string][]string, key string) string {
	if v := q[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// fail answers an internal error without resolving.
func (Resolver) fail(w http.ResponseWriter, detail string) {
	res := did.Failure(did.NewProblem(did.InternalError, detail))
	w.Header().Set("Content-Type", did.MediaResolution)
	w.WriteHeader(res.Status())
	_ = json.NewEncoder(w).Encode(res)
}
