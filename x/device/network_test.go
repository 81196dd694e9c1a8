package device_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil/network"
	"github.com/atonomi/atonomid/x/device/client/whitelist"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// TestDeviceLifecycleThroughTheCLI drives the whole device lifecycle through
// the atonomid CLI against two in-process validators: validator 0 is a
// registrar and the devices' owner, validator 1 operates the manufacturer.
// (Which role may do what is tested role by role in the keeper tests.)
func TestDeviceLifecycleThroughTheCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 2))
	registrar, operator := n.Validators[0].Address.String(), n.Validators[1].Address.String()

	// The network authority admits acme; an ordinary account may not.
	hash := strings.Repeat("ab", 32)
	n.Tx(t, 1, permissiontypes.ErrNotAuthority.ABCICode(), "manufacturer", "add", "rogue", "Rogue", hash, "--operators", operator)
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", hash, "--operators", operator, "--default-reputation", "5000")

	// The factory makes one device of each key type; the operator registers the file.
	dir := t.TempDir()
	keys := map[string]devicekit.PrivateKey{}
	var ids []string
	csv := strings.Join(whitelist.CSVHeader, ",") + "\n"
	for _, kt := range devicekit.KeyTypes() {
		priv, err := devicekit.GenerateKey(kt, nil)
		require.NoError(t, err)
		id := devicekit.DeviceID([]byte("acme-salt"), []byte("SN-"+kt.String())).String()
		keys[id] = priv
		ids = append(ids, id)
		csv += fmt.Sprintf("%s,%s,%s,mqtt,smart-meter,\n", id, kt, hex.EncodeToString(priv.PublicKey()))
	}
	file := filepath.Join(dir, "whitelist.csv")
	require.NoError(t, os.WriteFile(file, []byte(csv), 0o600))
	out, err := n.CLI(0, append([]string{"tx", "device", "register-whitelist", "acme", file}, n.TxFlags(0)...)...)
	require.ErrorContains(t, err, manufacturertypes.ErrNotOperator.Error(), out)
	out, err = n.CLI(1, append([]string{"tx", "device", "register-whitelist", "acme", file}, n.TxFlags(1)...)...)
	require.NoError(t, err, out)

	for _, id := range ids {
		out, err = n.CLI(0, "query", "device", "device", id, "--output", "json")
		require.NoError(t, err)
		require.Contains(t, out, "STATUS_REGISTERED", out)
	}
	out, err = n.CLI(0, "query", "device", "by-manufacturer", "acme", "--status", "registered", "--output", "json")
	require.ErrorContains(t, err, types.ErrNotListed.Error(), "registered devices are looked up by id, not listed: %s", out)

	// The owner activates every device with the proof the device signs for it.
	owner := n.Validators[0].Address
	for _, id := range ids {
		parsed, err := devicekit.ParseID(id)
		require.NoError(t, err)
		sig, err := keys[id].SignActivation(n.Config.ChainID, parsed, owner)
		require.NoError(t, err)
		n.Tx(t, 0, 0, "device", "activate", id, hex.EncodeToString(sig))
	}
	out, err = n.CLI(0, "query", "device", "by-owner", registrar, "--output", "json")
	require.NoError(t, err)
	require.Equal(t, 4, strings.Count(out, "STATUS_ACTIVE"), out)

	// A device already active cannot be activated again by anyone.
	parsed, _ := devicekit.ParseID(ids[0])
	sig, err := keys[ids[0]].SignActivation(n.Config.ChainID, parsed, n.Validators[1].Address)
	require.NoError(t, err)
	res := n.Tx(t, 0, types.ErrInvalidStatus.ABCICode(), "device", "activate", ids[0], hex.EncodeToString(sig))
	require.Contains(t, res.Log, "is active")

	// Transfer, suspension by the owner, revocation by the manufacturer.
	newOwner := sdk.AccAddress("new-owner___________").String()
	n.Tx(t, 0, 0, "device", "transfer", ids[0], newOwner)
	n.Tx(t, 0, 0, "device", "suspend", ids[1], "lost")
	n.Tx(t, 1, 0, "device", "suspend", ids[2], "recall")
	n.Tx(t, 1, 0, "device", "revoke", ids[2], "compromised")
	n.Tx(t, 1, types.ErrInvalidStatus.ABCICode(), "device", "reinstate", ids[2]) // revocation is final

	// gRPC and REST see the same registry.
	q := types.NewQueryClient(n.GRPC(t))
	dev, err := q.Device(context.Background(), &types.QueryDeviceRequest{Id: ids[0]})
	require.NoError(t, err)
	require.Equal(t, newOwner, dev.Device.Owner)
	require.EqualValues(t, 1, dev.Device.Transfers)
	require.Equal(t, "active", dev.ManufacturerStatus)
	revoked, err := q.DevicesByStatus(context.Background(), &types.QueryDevicesByStatusRequest{Status: types.STATUS_REVOKED})
	require.NoError(t, err)
	require.Len(t, revoked.Devices, 1)
	require.Equal(t, ids[2], revoked.Devices[0].Id)

	body := n.REST(t, "/atonomi/device/v1/devices/"+ids[1])
	require.Contains(t, body, "STATUS_SUSPENDED")
	require.Contains(t, body, `"suspended_by":"authority"`, "validator 0 is a registrar: its strongest role is recorded")
}
