package network

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/client/whitelist"
)

// Devices is a test's set of secp256r1 devices of one manufacturer, with
// the whitelist file that registers them.
type Devices struct {
	File string
	IDs  []string
	Keys map[string]devicekit.PrivateKey
}

// NewDevices generates one device per serial (ids salted with the
// manufacturer id) and writes their CSV whitelist into a temporary folder.
func NewDevices(t testing.TB, manufacturer string, serials ...string) Devices {
	t.Helper()
	d := Devices{Keys: map[string]devicekit.PrivateKey{}}
	csv := strings.Join(whitelist.CSVHeader, ",") + "\n"
	for _, serial := range serials {
		priv, err := devicekit.GenerateKey(devicekit.Secp256r1, nil)
		require.NoError(t, err)
		id := devicekit.DeviceID([]byte(manufacturer), []byte(serial)).String()
		d.Keys[id] = priv
		d.IDs = append(d.IDs, id)
		csv += fmt.Sprintf("%s,secp256r1,%s,mqtt,meter,\n", id, hex.EncodeToString(priv.PublicKey()))
	}
	d.File = filepath.Join(t.TempDir(), "whitelist.csv")
	require.NoError(t, os.WriteFile(d.File, []byte(csv), 0o600))
	return d
}

// Proof returns, in hex, device id's activation proof for owner on chainID.
func (d Devices) Proof(t testing.TB, id, chainID string, owner []byte) string {
	t.Helper()
	parsed, err := devicekit.ParseID(id)
	require.NoError(t, err)
	sig, err := d.Keys[id].SignActivation(chainID, parsed, owner)
	require.NoError(t, err)
	return hex.EncodeToString(sig)
}

// RegisterDevices makes one device per serial and has validator operator,
// an operator of the manufacturer, register their whitelist through the CLI.
func (n *Network) RegisterDevices(t testing.TB, operator int, manufacturer string, serials ...string) Devices {
	t.Helper()
	d := NewDevices(t, manufacturer, serials...)
	n.Tx(t, operator, 0, "device", "register-whitelist", manufacturer, d.File)
	return d
}

// Activate has validator owner activate device id of d for itself.
func (n *Network) Activate(t testing.TB, owner int, d Devices, id string) {
	t.Helper()
	n.Tx(t, owner, 0, "device", "activate", id, d.Proof(t, id, n.Config.ChainID, n.Validators[owner].Address))
}

// ActivateDevices registers one device per serial through validator operator
// and activates each for validator owner. It returns the device ids in
// serial order.
func (n *Network) ActivateDevices(t testing.TB, manufacturer string, operator, owner int, serials ...string) []string {
	t.Helper()
	d := n.RegisterDevices(t, operator, manufacturer, serials...)
	for _, id := range d.IDs {
		n.Activate(t, owner, d, id)
	}
	return d.IDs
}
