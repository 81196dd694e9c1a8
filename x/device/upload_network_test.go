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
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	clitestutil "github.com/cosmos/cosmos-sdk/testutil/cli"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil/network"
	"github.com/atonomi/atonomid/x/device/client/cli"
	"github.com/atonomi/atonomid/x/device/client/whitelist"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// TestWhitelistUploadResumesWithoutRegisteringTwice builds a whitelist from
// a factory's device list, uploads it in chunks, is interrupted (by
// --max-chunks, and by journal states a crash would leave), resumes, and
// checks that every device is registered exactly once.
func TestWhitelistUploadResumesWithoutRegisteringTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 1))
	operator := n.Validators[0].Address.String()
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("ab", 32), "--operators", operator)

	// The factory's device list: serial numbers, not ids.
	dir := t.TempDir()
	list := strings.Join(append([]string{whitelist.DeviceListColumn}, whitelist.CSVHeader[1:]...), ",") + "\n"
	const devices = 10
	for i := 0; i < devices; i++ {
		priv, err := devicekit.GenerateKey(devicekit.Ed25519, nil)
		require.NoError(t, err)
		list += fmt.Sprintf("SN-%04d,ed25519,%s,mqtt,sensor,\n", i, hex.EncodeToString(priv.PublicKey()))
	}
	listFile, file := filepath.Join(dir, "devices.csv"), filepath.Join(dir, "whitelist.csv")
	require.NoError(t, os.WriteFile(listFile, []byte(list), 0o600))
	_, err := clitestutil.ExecTestCLICmd(n.Validators[0].ClientCtx, cli.BuildWhitelistCmd(), []string{listFile, file, "--salt", "acme-salt"})
	require.NoError(t, err)

	upload := func(extra ...string) string {
		args := append([]string{"tx", "device", "register-whitelist", "acme", file, "--chunk-size", "3"}, extra...)
		out, err := n.CLI(0, append(args, n.TxFlags(0)...)...)
		require.NoError(t, err, out)
		return out
	}
	sends := 0 // transactions broadcast over all runs
	journalPath := file + cli.JournalSuffix

	// The first session stops after two chunks of 3, 3, 3, 1 devices.
	out := upload("--max-chunks", "2")
	sends += strings.Count(out, "sending tx")
	require.Contains(t, out, "stopped after 2 chunks")
	require.Equal(t, 6, countDevices(t, n, file), out)
	j, err := cli.LoadJournal(journalPath)
	require.NoError(t, err)
	require.Len(t, j.Chunks, 4)
	require.Equal(t, 2, j.Confirmed())

	// The second session sends chunk 3; then the process "crashes": the
	// journal is left as a crash would leave it. Chunk 3 sent and committed
	// but its confirmation not journalled; chunk 4 journalled as sent but
	// never broadcast; chunk 1 journalled under a hash the node does not know.
	out = upload("--max-chunks", "1")
	sends += strings.Count(out, "sending tx")
	require.Equal(t, 9, countDevices(t, n, file), out)
	j, err = cli.LoadJournal(journalPath)
	require.NoError(t, err)
	require.NoError(t, j.Set(2, cli.ChunkSent, j.Chunks[2].TxHash, 0, ""))
	require.NoError(t, j.Set(3, cli.ChunkSent, strings.Repeat("CD", 32), 0, ""))
	require.NoError(t, j.Set(0, cli.ChunkSent, strings.Repeat("EF", 32), 0, ""))

	// Resuming settles each unconfirmed chunk on chain before sending.
	out = upload()
	sends += strings.Count(out, "sending tx")
	require.Contains(t, out, "resuming from "+journalPath)
	require.Contains(t, out, "chunk 1: tx "+strings.Repeat("EF", 32)+" not found, but all its 3 devices are registered to acme")
	require.Contains(t, out, "chunk 3: tx "+j.Chunks[2].TxHash+" was committed at height")
	require.Contains(t, out, "chunk 4: tx "+strings.Repeat("CD", 32)+" not found and none of its devices is registered; it will be sent again")
	require.Contains(t, out, "done: all 4 chunks confirmed, 10 devices registered")
	require.Equal(t, 4, sends, "every chunk was broadcast exactly once over the three sessions")

	// A finished upload sends nothing more.
	out = upload()
	require.NotContains(t, out, "sending tx")
	require.Contains(t, out, "done: all 4 chunks confirmed")

	// Every device is registered, once: the manufacturer's counter agrees.
	require.Equal(t, devices, countDevices(t, n, file))
	res, err := manufacturertypes.NewQueryClient(n.GRPC(t)).Manufacturer(context.Background(),
		&manufacturertypes.QueryManufacturerRequest{Id: "acme"})
	require.NoError(t, err)
	require.EqualValues(t, devices, res.Manufacturer.DevicesRegistered)
	j, err = cli.LoadJournal(journalPath)
	require.NoError(t, err)
	require.Equal(t, 4, j.Confirmed())
}

// countDevices counts the devices of the whitelist file that the chain
// holds as acme's, looking each up by id (registered devices are not
// listed; see docs/devices.md).
func countDevices(t *testing.T, n *network.Network, file string) int {
	t.Helper()
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	entries, err := whitelist.ParseFile(file, f)
	require.NoError(t, err)
	q := types.NewQueryClient(n.GRPC(t))
	count := 0
	for _, e := range entries {
		res, err := q.Device(context.Background(), &types.QueryDeviceRequest{Id: e.Id})
		if status.Code(err) == codes.NotFound {
			continue
		}
		require.NoError(t, err)
		require.Equal(t, "acme", res.Device.ManufacturerId)
		count++
	}
	return count
}
