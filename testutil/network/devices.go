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
	devicetypes "github.com/atonomi/atonomid/x/device/types"
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
	csv := strings.Join(devicetypes.CSVHeader, ",") + "\n"
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
