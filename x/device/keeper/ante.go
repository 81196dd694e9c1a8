package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/modulekit"
)

// ActivationDecorator checks the proof of every MsgActivateDevice before the
// messages run, those inside an x/authz MsgExec too. A message that fails still fails in the msg server with its
// typed error, and the transaction's state changes are discarded; but events
// emitted here, in the ante handler, are kept in the failed transaction's
// result, so the activation_failed alert reaches the auditors who subscribe
// to it. The signature results are passed on in the context, so each proof
// is verified once per transaction.
type ActivationDecorator struct{ k *Keeper }

// NewActivationDecorator returns the decorator over the device keeper.
func NewActivationDecorator(k *Keeper) ActivationDecorator { return ActivationDecorator{k: k} }

// AnteHandle implements sdk.AnteDecorator.
func (d ActivationDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	var verified map[[32]byte]error
	for _, m := range modulekit.FlattenMsgs(tx.GetMsgs()) {
		msg, ok := m.(*types.MsgActivateDevice)
		if !ok {
			continue
		}
		if verified == nil {
			verified = make(map[[32]byte]error)
		}
		if err := d.k.CheckActivation(ctx, msg, verified); err != nil {
			if emitErr := ctx.EventManager().EmitTypedEvent(&types.EventActivationFailed{
				DeviceId: msg.DeviceId, Owner: msg.Owner, Reason: err.Error(),
			}); emitErr != nil {
				return ctx, emitErr
			}
		}
	}
	if verified != nil {
		ctx = ctx.WithValue(verifiedProofsKey{}, verified)
	}
	return next(ctx, tx, simulate)
}
