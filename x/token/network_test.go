package token_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil/network"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/token/types"
)

// TestPaymentRefusedForLowReputation: on two in-process validators, two
// devices are activated, an auditor scores one below the exclusion
// threshold, the payment to it is refused and the validation query says why.
// Validator 0 is a registrar and the devices' owner; validator 1 operates
// the manufacturer and the auditor.
func TestPaymentRefusedForLowReputation(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 2))
	operator := n.Validators[1].Address.String()
	n.Tx(t, 0, 0, "manufacturer", "add", "acme", "ACME Devices", strings.Repeat("cd", 32), "--operators", operator)
	n.Tx(t, 0, 0, "auditor", "add", "sentinel", "Sentinel", operator, "--reputation-types", "security", "--weight", "100")

	csv := strings.Join(devicetypes.CSVHeader, ",") + "\n"
	keys := map[string]devicekit.PrivateKey{}
	var ids []string
	for _, serial := range []string{"payer", "payee"} {
		priv, err := devicekit.GenerateKey(devicekit.Secp256r1, nil)
		require.NoError(t, err)
		id := devicekit.DeviceID([]byte("acme"), []byte(serial)).String()
		keys[id] = priv
		ids = append(ids, id)
		csv += fmt.Sprintf("%s,secp256r1,%s,mqtt,meter,\n", id, hex.EncodeToString(priv.PublicKey()))
	}
	file := filepath.Join(t.TempDir(), "whitelist.csv")
	require.NoError(t, os.WriteFile(file, []byte(csv), 0o600))
	n.Tx(t, 1, 0, "device", "register-whitelist", "acme", file)
	for _, id := range ids {
		parsed, err := devicekit.ParseID(id)
		require.NoError(t, err)
		sig, err := keys[id].SignActivation(n.Config.ChainID, parsed, n.Validators[0].Address)
		require.NoError(t, err)
		n.Tx(t, 0, 0, "device", "activate", id, hex.EncodeToString(sig))
	}
	payer, payee := ids[0], ids[1]
	n.Tx(t, 0, 0, "token", "device-pay", payer, payee, "1000")

	n.Tx(t, 1, 0, "reputation", "write-scores",
		"--scores", fmt.Sprintf(`{"device_id":%q,"reputation_type":"security","score":10}`, payee))
	res := n.Tx(t, 0, types.ErrPaymentRefused.ABCICode(), "token", "device-pay", payer, payee, "1000")
	require.Contains(t, res.Log, "payee_excluded")

	out, err := n.CLI(0, "query", "token", "validate-transaction", payer, payee, "1000", "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, `"rule": "payee_excluded"`)

	v, err := types.NewQueryClient(n.GRPC(t)).ValidateTransaction(context.Background(), &types.QueryValidateTransactionRequest{
		PayerDeviceId: payer, PayeeDeviceId: payee, Amount: math.NewInt(1000)})
	require.NoError(t, err)
	require.False(t, v.Allowed)
	require.Equal(t, []types.Refusal{{Rule: "payee_excluded", Detail: "device " + payee + " is excluded for its reputation"}}, v.Refusals)
}
