package network

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
)

// Device is a device made for a network test: its id and its private key.
type Device struct {
	ID  string
	Key devicekit.PrivateKey
}

// Proof is the hex activation proof the device signs for owner on chainID.
func (d Device) Proof(t testing.TB, chainID string, owner sdk.AccAddress) string {
	t.Helper()
	id, err := devicekit.ParseID(d.ID)
	require.NoError(t, err)
	sig, err := d.Key.SignActivation(chainID, id, owner)
	require.NoError(t, err)
	return hex.EncodeToString(sig)
}

// RegisterDevices makes one secp256r1 device per serial and has validator
// val, an operator of manufacturer, register them from a whitelist file.
func (n *Network) RegisterDevices(t testing.TB, val int, manufacturer string, serials ...string) []Device {
	t.Helper()
	csv := strings.Join(devicetypes.CSVHeader, ",") + "\n"
	devices := make([]Device, 0, len(serials))
	for _, serial := range serials {
		priv, err := devicekit.GenerateKey(devicekit.Secp256r1, nil)
		require.NoError(t, err)
		d := Device{ID: devicekit.DeviceID([]byte(manufacturer), []byte(serial)).String(), Key: priv}
		devices = append(devices, d)
		csv += fmt.Sprintf("%s,secp256r1,%s,mqtt,meter,\n", d.ID, hex.EncodeToString(priv.PublicKey()))
	}
	file := filepath.Join(t.TempDir(), "whitelist.csv")
	require.NoError(t, os.WriteFile(file, []byte(csv), 0o600))
	n.Tx(t, val, 0, "device", "register-whitelist", manufacturer, file)
	return devices
}

// Activate has validator val activate d for itself with the device's proof.
func (n *Network) Activate(t testing.TB, val int, d Device) {
	t.Helper()
	n.Tx(t, val, 0, "device", "activate", d.ID, d.Proof(t, n.Config.ChainID, n.Validators[val].Address))
}
