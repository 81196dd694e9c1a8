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

// ActivateDevices whitelists one secp256r1 device per serial for the
// manufacturer through the CLI, signed by validator operator (one of its
// operators), and activates each for validator owner. It returns the device
// ids in serial order.
func (n *Network) ActivateDevices(t *testing.T, manufacturerID string, operator, owner int, serials ...string) []string {
	t.Helper()
	csv := strings.Join(devicetypes.CSVHeader, ",") + "\n"
	keys := make([]devicekit.PrivateKey, len(serials))
	ids := make([]string, len(serials))
	for i, serial := range serials {
		priv, err := devicekit.GenerateKey(devicekit.Secp256r1, nil)
		require.NoError(t, err)
		keys[i] = priv
		ids[i] = devicekit.DeviceID([]byte(manufacturerID), []byte(serial)).String()
		csv += fmt.Sprintf("%s,secp256r1,%s,mqtt,meter,\n", ids[i], hex.EncodeToString(priv.PublicKey()))
	}
	file := filepath.Join(t.TempDir(), "whitelist.csv")
	require.NoError(t, os.WriteFile(file, []byte(csv), 0o600))
	n.Tx(t, operator, 0, "device", "register-whitelist", manufacturerID, file)
	for i, id := range ids {
		parsed, err := devicekit.ParseID(id)
		require.NoError(t, err)
		sig, err := keys[i].SignActivation(n.Config.ChainID, parsed, n.Validators[owner].Address)
		require.NoError(t, err)
		n.Tx(t, owner, 0, "device", "activate", id, hex.EncodeToString(sig))
	}
	return ids
}
