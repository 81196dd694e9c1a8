package payment_test

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
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/testutil/network"
	"github.com/atonomi/atonomid/x/payment/types"
)

// TestPaymentRefusedForLowReputation: on two in-process validators, two
// devices are activated, an auditor scores one below the exclusion
// threshold, the payment to it is refused and the validation query says why;
// then a wallet is offered, accepted and pays, a gateway relays payments the
// payer device signed, and the wallet unlinks, all through the CLI.
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

	devices := n.RegisterDevices(t, 1, "acme", "payer", "payee")
	payer, payee := devices.IDs[0], devices.IDs[1]
	for _, id := range devices.IDs {
		n.Activate(t, 0, devices, id)
	}
	n.Tx(t, 0, 0, "payment", "pay", payer, payee, "1000")

	n.Tx(t, 1, 0, "reputation", "write-scores",
		"--scores", fmt.Sprintf(`{"device_id":%q,"reputation_type":"security","score":10}`, payee))
	res := n.Tx(t, 0, types.ErrPaymentRefused.ABCICode(), "payment", "pay", payer, payee, "1000")
	require.Contains(t, res.Log, "payee_excluded")
	// The failed tx's result, as a subscriber reads it from the node, carries
	// the alert the ante handler raised.
	require.Equal(t, []*types.EventPaymentRefused{{
		PayerDeviceId: payer, PayeeDeviceId: payee, Signer: n.Validators[0].Address.String(), Amount: "1000",
		Rules: []string{"payee_excluded"}, Submitter: n.Validators[0].Address.String(),
	}}, testutil.TypedEvents[*types.EventPaymentRefused](t, res.Events))

	out, err := n.CLI(0, "query", "payment", "validate", payer, payee, "1000", "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, `"rule": "payee_excluded"`)

	v, err := types.NewQueryClient(n.GRPC(t)).Validate(context.Background(), &types.QueryValidateRequest{
		PayerDeviceId: payer, PayeeDeviceId: payee, Amount: math.NewInt(1000)})
	require.NoError(t, err)
	require.False(t, v.Allowed)
	require.Equal(t, []types.Refusal{{Rule: "payee_excluded", Detail: "device " + payee + " is excluded for its reputation"}}, v.Refusals)

	// The owner (validator 0) offers validator 1 as the payer's wallet;
	// only once validator 1 accepts does it pay, and only it may sign.
	shop := n.ActivateDevices(t, "acme", 1, 0, "shop")[0]
	owner, wallet := n.Validators[0].Address.String(), n.Validators[1].Address.String()
	height, err := n.LatestHeight()
	require.NoError(t, err)
	n.Tx(t, 0, 0, "device", "offer-wallet", payer, wallet, fmt.Sprint(height+100))
	n.Tx(t, 1, types.ErrNotPayer.ABCICode(), "payment", "pay", payer, shop, "1000")
	n.Tx(t, 1, 0, "device", "accept-wallet", payer, owner)
	n.Tx(t, 0, types.ErrNotPayer.ABCICode(), "payment", "pay", payer, shop, "1000")
	res = n.Tx(t, 1, 0, "payment", "pay", payer, shop, "1000")
	require.Equal(t, []*types.EventDevicePayment{{
		PayerDeviceId: payer, PayeeDeviceId: shop, From: wallet, To: owner, Amount: "1000", Commission: "10", Submitter: wallet,
	}}, testutil.TypedEvents[*types.EventDevicePayment](t, res.Events), "the wallet paid")
	out, err = n.CLI(0, "query", "device", "device", payer, "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, `"wallet": "`+wallet+`"`)

	// The wallet lets the owner spend it for the payer device through a
	// payment authorization; the owner executes a payment with it.
	n.Tx(t, 1, 0, "payment", "grant", owner, owner, "5000", "--devices", payer)
	inner, err := n.CLI(1, "tx", "payment", "pay", payer, shop, "500", "--from", wallet, "--generate-only", "--chain-id", n.Config.ChainID)
	require.NoError(t, err, inner)
	file := filepath.Join(t.TempDir(), "pay.json")
	require.NoError(t, os.WriteFile(file, []byte(inner), 0o600))
	res = n.Tx(t, 0, 0, "authz", "exec", file)
	require.Equal(t, []*types.EventDevicePayment{{
		PayerDeviceId: payer, PayeeDeviceId: shop, From: wallet, To: owner, Amount: "500", Commission: "5", Submitter: wallet,
	}}, testutil.TypedEvents[*types.EventDevicePayment](t, res.Events), "the owner spent the wallet through its grant")

	// The payer device signs an intent; validator 0 relays it as a gateway
	// and pays the gas, the linked wallet pays the payment, the nonce rises.
	nonce := func() string {
		out, err := n.CLI(0, "query", "payment", "nonce", payer, "--output", "json")
		require.NoError(t, err)
		return out
	}
	require.NotContains(t, nonce(), `"nonce"`, "no signed payment yet: nonce 0")
	height, err = n.LatestHeight()
	require.NoError(t, err)
	validUntil := uint64(height + 50)
	sign := func(to string, nonce uint64) string {
		payerID, err := devicekit.ParseID(payer)
		require.NoError(t, err)
		payeeID, err := devicekit.ParseID(to)
		require.NoError(t, err)
		sig, err := devices.Keys[payer].SignPayment(devicekit.PaymentIntent{ChainID: n.Config.ChainID, Payer: payerID, Payee: payeeID,
			Wallet: n.Validators[1].Address, Amount: "1000", Nonce: nonce, ValidUntil: validUntil})
		require.NoError(t, err)
		return hex.EncodeToString(sig)
	}
	signed := []string{"payment", "pay-device-signed", payer, shop, wallet, "1000", "0", fmt.Sprint(validUntil), sign(shop, 0)}
	res = n.Tx(t, 0, 0, signed...)
	require.Equal(t, []*types.EventDevicePayment{{
		PayerDeviceId: payer, PayeeDeviceId: shop, From: wallet, To: owner, Amount: "1000", Commission: "10",
		DeviceSigned: true, Submitter: owner,
	}}, testutil.TypedEvents[*types.EventDevicePayment](t, res.Events), "the wallet paid on the device's signature")
	require.Contains(t, nonce(), `"nonce": "1"`)
	n.Tx(t, 0, types.ErrWrongNonce.ABCICode(), signed...)
	// An intent to the excluded payee is refused, with the device-signed
	// alert, and the validation query names the refusing rule.
	res = n.Tx(t, 0, types.ErrPaymentRefused.ABCICode(),
		"payment", "pay-device-signed", payer, payee, wallet, "1000", "1", fmt.Sprint(validUntil), sign(payee, 1))
	require.Equal(t, []*types.EventPaymentRefused{{
		PayerDeviceId: payer, PayeeDeviceId: payee, Signer: owner, Amount: "1000", Rules: []string{"payee_excluded"}, DeviceSigned: true,
		Submitter: owner,
	}}, testutil.TypedEvents[*types.EventPaymentRefused](t, res.Events))
	out, err = n.CLI(0, "query", "payment", "validate", payer, payee, "1000", "--output", "json")
	require.NoError(t, err)
	require.Contains(t, out, `"rule": "payee_excluded"`)
	require.Contains(t, nonce(), `"nonce": "1"`, "a refused intent consumes no nonce")

	n.Tx(t, 1, 0, "device", "unlink-wallet", payer)
	n.Tx(t, 1, types.ErrNotPayer.ABCICode(), "payment", "pay", payer, shop, "1000")
}
