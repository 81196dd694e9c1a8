package didresolver_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/app/proofs"
	"github.com/atonomi/atonomid/lightproof/did"
	"github.com/atonomi/atonomid/testutil/network"
)

// get resolves path on validator 0's API server with the Accept header.
func get(t *testing.T, n *network.Network, path, accept string) (int, string, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, n.Validators[0].APIAddress+path, nil)
	require.NoError(t, err)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header.Get("Content-Type"), body
}

// TestHTTPContract is T-B1: the HTTP binding as the Universal Resolver's
// HttpDriver exercises it, on the in-process network, every answer
// checked against the node's own headers with did.Check.
func TestHTTPContract(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 1))
	_, err := n.WaitForHeight(3)
	require.NoError(t, err)
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("ab", 32), "--operators", n.Validators[0].Address.String())
	ids := n.ActivateDevices(t, "acme", 0, 0, "SN-DID-1", "SN-DID-2")
	chainID := n.Config.ChainID
	trusted := func(h int64) ([]byte, error) {
		sh, _, err := proofs.Header(context.Background(), n.Validators[0].RPCClient, h+1)
		if err != nil {
			return nil, err
		}
		return sh.AppHash, nil
	}
	path := func(id string) string { return "/1.0/identifiers/did:atonomi:" + id }
	parse := func(id string) did.DID {
		d, err := did.Parse("did:atonomi:" + id)
		require.NoError(t, err)
		return d
	}

	code, ctype, body := get(t, n, path(ids[0]), "application/did-resolution,application/did")
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, did.MediaResolution, ctype)
	c, err := did.Check(body, parse(ids[0]), chainID, trusted)
	require.NoError(t, err)
	require.True(t, c.Found)
	require.NotEmpty(t, c.Document.Controller)
	var res did.Result
	require.NoError(t, json.Unmarshal(body, &res))
	require.Equal(t, did.VerifiedNone, res.ResolutionMetadata.Atonomi.Verified)

	code, ctype, body = get(t, n, path(ids[0])+"?transformKeys=JsonWebKey", `application/ld+json;profile="https://w3id.org/did-resolution"`)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, did.MediaLegacyProfile, ctype)
	_, err = did.Check(body, parse(ids[0]), chainID, trusted)
	require.NoError(t, err)

	code, ctype, body = get(t, n, path(ids[0]), did.MediaDID)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, did.MediaDID, ctype)
	var doc did.Document
	require.NoError(t, json.Unmarshal(body, &doc))
	require.Equal(t, "did:atonomi:"+ids[0], doc.ID, "the document alone")

	code, _, body = get(t, n, path(strings.ToUpper(ids[0])), "application/did-resolution")
	require.Equal(t, http.StatusBadRequest, code)
	require.NoError(t, json.Unmarshal(body, &res))
	require.True(t, strings.HasSuffix(res.ResolutionMetadata.Error.Type, "INVALID_DID"))

	unknown := strings.Repeat("0", 63) + "1"
	code, _, body = get(t, n, path(unknown), "application/did-resolution,application/did")
	require.Equal(t, http.StatusNotFound, code)
	c, err = did.Check(body, parse(unknown), chainID, trusted)
	require.NoError(t, err, "the 404 carries a proof of absence")
	require.False(t, c.Found)

	code, _, _ = get(t, n, path(ids[0]), "text/html")
	require.Equal(t, http.StatusNotAcceptable, code)
	code, _, _ = get(t, n, "/1.0/identifiers/did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "")
	require.Equal(t, http.StatusNotImplemented, code)

	n.Tx(t, 0, 0, "device", "revoke", ids[1], "compromised")
	require.NoError(t, n.WaitForNextBlock())
	code, ctype, body = get(t, n, path(ids[1]), "application/did-resolution,application/did")
	require.Equal(t, http.StatusGone, code)
	require.Equal(t, did.MediaResolution, ctype)
	c, err = did.Check(body, parse(ids[1]), chainID, trusted)
	require.NoError(t, err, "a fresh proof of the revocation")
	require.True(t, c.Deactivated)
	code, ctype, _ = get(t, n, path(ids[1]), did.MediaDID)
	require.Equal(t, http.StatusGone, code)
	require.Equal(t, did.MediaResolution, ctype, "a 410 always carries the whole result")

	code, ctype, body = get(t, n, did.ContextPath, "")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "application/ld+json", ctype)
	require.Equal(t, did.ContextJSONLD, body)
}
