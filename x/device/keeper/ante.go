package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/modulekit"
)

// ActivationDecorator checks the proof of every MsgActivateDevice before the
// messages run, those inside an x/authz MsgExec too. It does not refuse a
// failing activation: the transaction is admitted, pays its fee and fails in
// the msg server with its typed error, its state changes discarded. Refusing
// it in CheckTx instead would make failed attempts free for an attacker and
// leave auditors blind. Events emitted here, in the ante handler, are kept in
// the failed transaction's result, so the activation_failed alert, naming
// the account that submitted the proof, reaches the auditors who subscribe
// to it.
//
// Each check charges the device-signature verification gas of its key type
// before verifying, so a transaction pays for every signature verified on its
// behalf, in CheckTx too; the checks stop at the first failure, since the
// transaction fails there anyway. The verdicts are passed on in the context,
// so that the msg server neither verifies nor charges a proof twice.
type ActivationDecorator struct{ k *Keeper }

// NewActivationDecorator returns the decorator over the device keeper.
func NewActivationDecorator(k *Keeper) ActivationDecorator { return ActivationDecorator{k: k} }

// AnteHandle implements sdk.AnteDecorator.
func (d ActivationDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	var verified map[[32]byte]error
	for _, m := range modulekit.FlattenMsgs(tx.GetMsgs()) {
		msg, ok := m.Msg.(*types.MsgActivateDevice)
		if !ok {
			continue
		}
		if verified == nil {
			verified = make(map[[32]byte]error)
		}
		err := d.k.CheckActivation(ctx, msg, verified)
		if err == nil {
			continue
		}
		submitter := m.Grantee
		if submitter == "" {
			submitter = msg.Owner
		}
		if emitErr := ctx.EventManager().EmitTypedEvent(&types.EventActivationFailed{
			DeviceId: msg.DeviceId, Owner: msg.Owner, Reason: err.Error(), Submitter: submitter,
		}); emitErr != nil {
			return ctx, emitErr
		}
		break
	}
	if verified != nil {
		ctx = ctx.WithValue(verifiedProofsKey{}, verified)
	}
	return next(ctx, tx, simulate)
}
