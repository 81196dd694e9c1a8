package verify_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/lightproof"
)

// tamperer is a JSON-RPC relay in front of a real node that rewrites the
// answers to store reads of one key as its mode says.
type tamperer struct {
	node   string // http://host:port of the real node
	target string // hex of the store key whose answers are rewritten
	mu     sync.Mutex
	mode   func(t *tamperer, params map[string]any, response map[string]any)
	t      *testing.T
}

func (tp *tamperer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req map[string]any
	_ = json.Unmarshal(body, &req)
	params, _ := req["params"].(map[string]any)
	tp.mu.Lock()
	mode := tp.mode
	tp.mu.Unlock()
	if req["method"] == "abci_query" && params != nil && strings.EqualFold(fmt.Sprint(params["data"]), tp.target) && mode != nil {
		resp := tp.forward(body)
		result := resp["result"].(map[string]any)
		mode(tp, params, result["response"].(map[string]any))
		_ = json.NewEncoder(w).Encode(resp)
		return
	}
	res, err := http.Post(tp.node, "application/json", bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.Copy(w, res.Body)
}

// forward sends a JSON-RPC request to the real node and decodes its answer.
func (tp *tamperer) forward(body []byte) map[string]any {
	res, err := http.Post(tp.node, "application/json", bytes.NewReader(body))
	require.NoError(tp.t, err)
	defer res.Body.Close()
	var out map[string]any
	require.NoError(tp.t, json.NewDecoder(res.Body).Decode(&out))
	return out
}

// answerFor asks the real node for another key at the same height.
func (tp *tamperer) answerFor(params map[string]any, key []byte) map[string]any {
	p := map[string]any{}
	for k, v := range params {
		p[k] = v
	}
	p["data"] = hex.EncodeToString(key)
	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "abci_query", "params": p})
	return tp.forward(body)["result"].(map[string]any)["response"].(map[string]any)
}

func ops(response map[string]any) []any {
	po, ok := response["proofOps"].(map[string]any)
	if !ok {
		panic(fmt.Sprintf("no proof ops in %v", response))
	}
	return po["ops"].([]any)
}

func flipBase64(s string) string {
	bz, _ := base64.StdEncoding.DecodeString(s)
	bz[len(bz)/2] ^= 1
	return base64.StdEncoding.EncodeToString(bz)
}

// TestVerifyRefusesATamperingNode puts a relay that rewrites answers
// between `atonomid verify` and a real node: every mutation is refused,
// the untouched relay is believed.
func TestVerifyRefusesATamperingNode(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n, trustHash := startChain(t)
	ids := n.ActivateDevices(t, "acme", 0, 0, "meter", "lamp")
	require.NoError(t, n.WaitForNextBlock())
	meter, err := devicekit.ParseID(ids[0])
	require.NoError(t, err)
	lamp, err := devicekit.ParseID(ids[1])
	require.NoError(t, err)

	tp := &tamperer{node: "http" + strings.TrimPrefix(n.Validators[0].RPCAddress, "tcp"), target: hex.EncodeToString(lightproof.DeviceKey(meter)), t: t}
	relay := httptest.NewServer(tp)
	defer relay.Close()
	run := func() (string, error) {
		return runVerify(n, "device", ids[0], "--node", "tcp"+strings.TrimPrefix(relay.URL, "http"), "--trust-height", "2", "--trust-hash", trustHash)
	}

	out, err := run()
	require.NoError(t, err, out)
	require.Contains(t, out, "status: active", "the untouched relay is believed")

	unknown := devicekit.DeviceID([]byte("acme"), []byte("none"))
	for name, mode := range map[string]func(tp *tamperer, params, r map[string]any){
		"a flipped byte of the value": func(_ *tamperer, _, r map[string]any) { r["value"] = flipBase64(r["value"].(string)) },
		"a flipped byte of the IAVL proof": func(_ *tamperer, _, r map[string]any) {
			op := ops(r)[0].(map[string]any)
			op["data"] = flipBase64(op["data"].(string))
		},
		"the store op dropped": func(_ *tamperer, _, r map[string]any) { r["proofOps"].(map[string]any)["ops"] = ops(r)[:1] },
		"a third op added": func(_ *tamperer, _, r map[string]any) {
			r["proofOps"].(map[string]any)["ops"] = append(ops(r), ops(r)[1])
		},
		"another device's valid answer": func(tp *tamperer, params, r map[string]any) {
			for k, v := range tp.answerFor(params, lightproof.DeviceKey(lamp)) {
				r[k] = v
			}
		},
		"an absence proof for the present device": func(tp *tamperer, params, r map[string]any) {
			other := tp.answerFor(params, lightproof.DeviceKey(unknown))
			delete(r, "value")
			r["proofOps"] = other["proofOps"]
		},
	} {
		tp.mu.Lock()
		tp.mode = mode
		tp.mu.Unlock()
		out, err := run()
		require.ErrorIs(t, err, lightproof.ErrBadProof, "%s: %s", name, out)
	}

	// A stale answer: the relay serves the device as it was before its
	// revocation, at the height it was read then.
	before, err := n.Validators[0].RPCClient.Status(context.Background())
	require.NoError(t, err)
	old := before.SyncInfo.LatestBlockHeight - 1
	n.Tx(t, 0, 0, "device", "revoke", ids[0], "compromised")
	require.NoError(t, n.WaitForNextBlock())
	tp.mu.Lock()
	tp.mode = func(tp *tamperer, params, r map[string]any) {
		p := map[string]any{}
		for k, v := range params {
			p[k] = v
		}
		p["height"] = fmt.Sprint(old)
		body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "abci_query", "params": p})
		stale := tp.forward(body)["result"].(map[string]any)["response"].(map[string]any)
		for k, v := range stale {
			r[k] = v
		}
	}
	tp.mu.Unlock()
	out, err = run()
	require.ErrorIs(t, err, lightproof.ErrBadProof, "the pre-revocation answer does not hold against the fresh header: %s", out)

	tp.mu.Lock()
	tp.mode = nil
	tp.mu.Unlock()
	out, err = run()
	require.NoError(t, err, out)
	require.Contains(t, out, "status: revoked")
}
