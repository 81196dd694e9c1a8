package cli_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cosmossdk.io/log/v2"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/client/cli"
)

// keyFile is the part of what `device keygen` prints that the tests read.
type keyFile struct {
	KeyType   string `json:"key_type"`
	PublicKey string `json:"public_key"`
	DeviceID  string `json:"device_id"`
}

// runOffline executes `atonomid device <args>` with the app's client
// context (its address codec) and returns what it printed.
func runOffline(t *testing.T, args ...string) string {
	t.Helper()
	a := app.New(log.NewNopLogger(), dbm.NewMemDB(), true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()))
	clientCtx := client.Context{}.WithTxConfig(a.TxConfig()).WithCodec(a.AppCodec())
	c := cli.DeviceCmd()
	var out bytes.Buffer
	c.SetOut(&out)
	c.SetErr(&out)
	c.SetArgs(args)
	require.NoError(t, c.ExecuteContext(context.WithValue(context.Background(), client.ClientContextKey, &clientCtx)), out.String())
	return strings.TrimSpace(out.String())
}

// TestSignPaymentMakesTheIntentTheChainChecks: `atonomid device
// sign-payment` signs, with a keygen file's key, the very intent devicekit
// (and so the chain) rebuilds from the same fields.
func TestSignPaymentMakesTheIntentTheChainChecks(t *testing.T) {
	for _, kt := range []string{"secp256k1", "ed25519", "secp256r1", "mldsa65"} {
		t.Run(kt, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "device.json")
			out := runOffline(t, "keygen", "--type", kt, "--serial", "SN-1", "--salt", "acme")
			require.NoError(t, os.WriteFile(path, []byte(out), 0o600))
			var kf keyFile
			require.NoError(t, json.Unmarshal([]byte(out), &kf))
			payee := devicekit.DeviceID([]byte("acme"), []byte("SN-2"))
			wallet, walletStr := testutil.Addr(t, "wallet")

			sigHex := runOffline(t, "sign-payment", path, payee.String(), walletStr, "1250", "7", "1000",
				"--location", "DE-BE", "--chain-id", "atonomi-test-1")
			sig, err := hex.DecodeString(sigHex)
			require.NoError(t, err, sigHex)
			keyType, err := devicekit.ParseKeyType(kf.KeyType)
			require.NoError(t, err)
			pub, err := hex.DecodeString(kf.PublicKey)
			require.NoError(t, err)
			payer, err := devicekit.ParseID(kf.DeviceID)
			require.NoError(t, err)
			intent := devicekit.PaymentIntent{ChainID: "atonomi-test-1", Payer: payer, Payee: payee, Wallet: wallet,
				Amount: "1250", Nonce: 7, ValidUntil: 1000, Location: "DE-BE"}
			require.NoError(t, devicekit.VerifyPayment(keyType, pub, intent, sig))
			intent.Nonce = 8
			require.Error(t, devicekit.VerifyPayment(keyType, pub, intent, sig), "the nonce is bound")
		})
	}
}

func TestSignPaymentRefusals(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "device.json")
	require.NoError(t, os.WriteFile(keyFile, []byte(runOffline(t, "keygen", "--serial", "SN-1", "--salt", "acme")), 0o600))
	payee := devicekit.DeviceID([]byte("acme"), []byte("SN-2")).String()
	wallet := testutil.Bech32(t, "wallet")
	for name, args := range map[string][]string{
		"without a chain id":          {keyFile, payee, wallet, "1250", "7", "1000"},
		"with a non-canonical amount": {keyFile, payee, wallet, "01250", "7", "1000", "--chain-id", "c"},
		"with a malformed wallet":     {keyFile, payee, "wallet", "1250", "7", "1000", "--chain-id", "c"},
		"with a malformed payee":      {keyFile, "SN-2", wallet, "1250", "7", "1000", "--chain-id", "c"},
		"with a negative nonce":       {keyFile, payee, wallet, "1250", "-1", "1000", "--chain-id", "c"},
	} {
		t.Run(name, func(t *testing.T) {
			a := app.New(log.NewNopLogger(), dbm.NewMemDB(), true, simtestutil.NewAppOptionsWithFlagHome(t.TempDir()))
			clientCtx := client.Context{}.WithTxConfig(a.TxConfig())
			c := cli.DeviceCmd()
			c.SetArgs(append([]string{"sign-payment"}, args...))
			c.SetOut(&bytes.Buffer{})
			c.SetErr(&bytes.Buffer{})
			require.Error(t, c.ExecuteContext(context.WithValue(context.Background(), client.ClientContextKey, &clientCtx)))
		})
	}
}
