package app_test

import (
	"crypto/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
)

// TestAFailedActivationInsideAnAuthzExecutionRaisesTheAlert: the activation
// alert decorator looks inside x/authz's MsgExec, as the payment one does,
// and names the grantee that submitted the proof.
func TestAFailedActivationInsideAnAuthzExecutionRaisesTheAlert(t *testing.T) {
	c := setupPayments(t)
	owner, grantee := c.owner, c.auditor
	priv, err := devicekit.GenerateKey(devicekit.Ed25519, rand.Reader)
	require.NoError(t, err)
	id := devicekit.DeviceID([]byte("acme"), []byte("granted"))
	c.ok(t, c.ta.DeliverTx(c.maker, &devicetypes.MsgRegisterDevices{Operator: c.maker.String(), ManufacturerId: "acme",
		Devices: []devicetypes.DeviceEntry{{Id: id.String(), KeyType: devicetypes.KEY_TYPE_ED25519, PublicKey: priv.PublicKey()}}}))
	expiry := c.ta.Ctx().BlockTime().Add(time.Hour)
	grant, err := authz.NewMsgGrant(owner.Addr, grantee.Addr, authz.NewGenericAuthorization(sdk.MsgTypeURL(&devicetypes.MsgActivateDevice{})), &expiry)
	require.NoError(t, err)
	c.ok(t, c.ta.DeliverTx(owner, grant))

	exec := authz.NewMsgExec(grantee.Addr, []sdk.Msg{&devicetypes.MsgActivateDevice{Owner: owner.String(), DeviceId: id.String(),
		Signature: make([]byte, 64)}})
	res := c.ta.DeliverTx(grantee, &exec)
	require.NotZero(t, res.Code)
	alerts := testutil.TypedEvents[*devicetypes.EventActivationFailed](t, res.Events)
	require.Len(t, alerts, 1, "the refused activation inside the execution raised the alert")
	require.Equal(t, id.String(), alerts[0].DeviceId)
	require.Equal(t, owner.String(), alerts[0].Owner)
	require.Equal(t, grantee.String(), alerts[0].Submitter, "the alert blames the grantee who submitted the proof")
}
