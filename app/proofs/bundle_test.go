package proofs_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/app/proofs"
	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/lightproof"
	"github.com/atonomi/atonomid/testutil/network"
)

// fetchBundle fetches a bundle that must be served.
func fetchBundle(t testing.TB, n *network.Network, id, query string) lightproof.Bundle {
	t.Helper()
	b, code := getBundle(t, n, id, query)
	if code != http.StatusOK {
		t.Fatalf("GET bundle of %s: %d", id, code)
	}
	return b
}

// getBundle fetches a proof bundle from validator 0's API server.
func getBundle(t testing.TB, n *network.Network, id string, query string) (lightproof.Bundle, int) {
	t.Helper()
	resp, err := http.Get(n.Validators[0].APIAddress + strings.Replace(lightproof.BundlePath, "{id}", id, 1) + query)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var b lightproof.Bundle
	if resp.StatusCode == http.StatusOK {
		require.NoError(t, json.Unmarshal(body, &b), string(body))
	} else {
		t.Logf("GET %s%s: %d %s", id, query, resp.StatusCode, body)
	}
	return b, resp.StatusCode
}

// trustRoot pins the header and validator set of height h, as a device is
// given them at manufacture.
func trustRoot(t *testing.T, n *network.Network, h int64) *lightproof.Trust {
	t.Helper()
	sh, vals, err := proofs.Header(context.Background(), n.Validators[0].RPCClient, h)
	require.NoError(t, err)
	trust, err := lightproof.NewTrust(n.Config.ChainID, sh, vals)
	require.NoError(t, err)
	return trust
}

// pinnedNetwork starts one validator, pins a device's trust root at height
// 2 and activates a device of acme (default reputation 5000), returning its
// id as text and bytes.
func pinnedNetwork(t *testing.T) (*network.Network, *lightproof.Trust, string, devicekit.ID) {
	t.Helper()
	n := network.New(t, network.Config(t, 1))
	_, err := n.WaitForHeight(3)
	require.NoError(t, err)
	root := trustRoot(t, n, 2)
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("ab", 32),
		"--operators", n.Validators[0].Address.String(), "--default-reputation", "5000")
	id := n.ActivateDevices(t, "acme", 0, 0, "meter")[0]
	device, err := devicekit.ParseID(id)
	require.NoError(t, err)
	return n, root, id, device
}

// TestBundleVerifiesAndOutlivesNoRevocation: a device pinned to an early
// header verifies a peer's bundle (record, manufacturer, a scored and an
// unscored reputation); after the peer is revoked, the new bundle says so,
// and the old "active" bundle is refused as stale by a device with a clock
// and by one without.
func TestBundleVerifiesAndOutlivesNoRevocation(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n, root, id, device := pinnedNetwork(t)
	self := n.Validators[0].Address.String()
	n.Tx(t, 0, 0, "auditor", "add", "sentinel", "Sentinel", self, "--reputation-types", "security", "--weight", "100")
	n.Tx(t, 0, 0, "reputation", "write-scores", "--scores", fmt.Sprintf(`{"device_id":%q,"reputation_type":"security","score":7000}`, id))
	require.NoError(t, n.WaitForNextBlock())

	now := time.Now()
	clock := func() time.Time { return now }
	withClock := lightproof.Options{TrustingPeriod: 24 * time.Hour, MaxClockDrift: 10 * time.Second, Clock: clock, MaxAge: time.Minute}
	old, code := getBundle(t, n, id, "?types=security,privacy&challenge=nonce-1")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "nonce-1", old.Challenge)
	v, err := root.VerifyBundle(old, withClock)
	require.NoError(t, err)
	d, found, err := v.Device(device)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, lightproof.DeviceActive, d.Status)
	m, found, err := v.Manufacturer("acme")
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, lightproof.ManufacturerActive, m.Status)
	r, err := v.Reputation(device, "security")
	require.NoError(t, err)
	require.True(t, r.Scored)
	require.EqualValues(t, 7000, r.Value)
	r, err = v.Reputation(device, "privacy")
	require.NoError(t, err)
	require.False(t, r.Scored)
	require.EqualValues(t, 5000, r.Value, "an unscored type is the device's own default")

	_, err = root.VerifyBundle(old, lightproof.Options{TrustingPeriod: time.Hour, Clock: clock, MaxAge: time.Minute, Challenge: "nonce-2"})
	require.ErrorIs(t, err, lightproof.ErrStale, "a bundle that does not echo this request's challenge")

	n.Tx(t, 0, 0, "device", "revoke", id, "compromised")
	require.NoError(t, n.WaitForNextBlock())
	fresh, code := getBundle(t, n, id, "")
	require.Equal(t, http.StatusOK, code)
	now = time.Now()
	v, err = root.VerifyBundle(fresh, withClock)
	require.NoError(t, err)
	d, _, err = v.Device(device)
	require.NoError(t, err)
	require.Equal(t, lightproof.DeviceRevoked, d.Status)

	now = time.Now().Add(2 * time.Minute)
	_, err = root.VerifyBundle(old, withClock)
	require.ErrorIs(t, err, lightproof.ErrStale, "with a clock, the old active proof is too old")

	noClock := lightproof.Options{TrustingPeriod: 24 * time.Hour, HeightWindow: 1}
	clockless := trustRoot(t, n, 2)
	_, err = clockless.VerifyBundle(fresh, noClock)
	require.NoError(t, err)
	_, err = clockless.VerifyBundle(old, noClock)
	require.ErrorIs(t, err, lightproof.ErrStale, "without a clock, the old proof is below the highest height verified minus the window")
}

func TestBundleRefusals(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 1))
	_, err := n.WaitForHeight(4)
	require.NoError(t, err)
	id := devicekit.DeviceID([]byte("acme"), []byte("none")).String()
	for query, want := range map[string]int{
		"?types=" + strings.Repeat("a,", 17) + "a": http.StatusBadRequest,
		"?trusted_height=x":                        http.StatusBadRequest,
		"?trusted_height=999999":                   http.StatusBadRequest,
		"?challenge=" + strings.Repeat("c", 65):    http.StatusBadRequest,
	} {
		_, code := getBundle(t, n, id, query)
		require.Equal(t, want, code, query)
	}
	_, code := getBundle(t, n, strings.ToUpper(id), "")
	require.Equal(t, http.StatusBadRequest, code, "a non-canonical id")
	_, code = getBundle(t, n, "SN-1", "")
	require.Equal(t, http.StatusBadRequest, code)

	b, code := getBundle(t, n, id, "")
	require.Equal(t, http.StatusOK, code)
	root := trustRoot(t, n, 2)
	v, err := root.VerifyBundle(b, lightproof.Options{TrustingPeriod: time.Hour})
	require.NoError(t, err)
	parsed, err := devicekit.ParseID(id)
	require.NoError(t, err)
	_, found, err := v.Device(parsed)
	require.NoError(t, err)
	require.False(t, found, "an unknown device is proven absent, with no manufacturer entry")
	require.Len(t, b.Entries, 1)

	other := b
	other.ChainID = "another-chain"
	_, err = root.VerifyBundle(other, lightproof.Options{TrustingPeriod: time.Hour})
	require.ErrorIs(t, err, lightproof.ErrUntrusted)
	short := b
	short.Headers = nil
	_, err = root.VerifyBundle(short, lightproof.Options{TrustingPeriod: time.Hour})
	require.ErrorIs(t, err, lightproof.ErrUntrusted)
	shifted := b
	shifted.Height--
	_, err = root.VerifyBundle(shifted, lightproof.Options{TrustingPeriod: time.Hour})
	require.ErrorIs(t, err, lightproof.ErrBadProof, "state H is committed in header H+1 only")
}
