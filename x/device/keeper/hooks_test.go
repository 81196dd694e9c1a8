package keeper_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/types"
)

// recordingHooks records each call as "id: owner/status -> owner/status"
// and fails with err when it is set.
type recordingHooks struct {
	calls []string
	err   error
}

func (h *recordingHooks) AfterDeviceOwnerOrStatusChanged(_ context.Context, before, after types.Device) error {
	if before.Id != "" && before.Id != after.Id {
		return fmt.Errorf("before is device %s, after is %s", before.Id, after.Id)
	}
	h.calls = append(h.calls, change(after.Id, before.Owner, before.Status, after.Owner, after.Status))
	return h.err
}

func (h *recordingHooks) AfterDeviceReleased(_ context.Context, d types.Device) error {
	h.calls = append(h.calls, d.Id+": released")
	return h.err
}

func change(id, fromOwner string, from types.Status, toOwner string, to types.Status) string {
	return fmt.Sprintf("%s: %q/%s -> %q/%s", id, fromOwner, from.StatusName(), toOwner, to.StatusName())
}

func TestHooksFollowOwnerAndStatusChanges(t *testing.T) {
	f := setup(t)
	h := &recordingHooks{}
	f.k.SetHooks(h)
	newOwner := testutil.Bech32(t, "new-owner")
	none := types.STATUS_UNSPECIFIED
	reg, act, sus, rev := types.STATUS_REGISTERED, types.STATUS_ACTIVE, types.STATUS_SUSPENDED, types.STATUS_REVOKED

	id := f.activate(t, "SN-H").Id
	require.Equal(t, []string{change(id, "", none, "", reg), change(id, "", reg, f.ownerStr, act)}, h.calls,
		"registration and activation are told")

	h.calls = nil
	_, err := f.msgs.SetPolicy(f.ctx, &types.MsgSetPolicy{Owner: f.ownerStr, DeviceId: id, Policy: fullPolicy(t)})
	require.NoError(t, err)
	require.Empty(t, h.calls, "a policy change keeps the owner and status")

	_, err = f.msgs.TransferDevice(f.ctx, &types.MsgTransferDevice{Owner: f.ownerStr, DeviceId: id, NewOwner: newOwner})
	require.NoError(t, err)
	f.lifecycleSuspend(t, f.authority, id)
	_, err = f.msgs.ReinstateDevice(f.ctx, &types.MsgReinstateDevice{Signer: f.authority, DeviceId: id})
	require.NoError(t, err)
	f.lifecycleRevoke(t, f.gov, id)
	require.Equal(t, []string{
		change(id, f.ownerStr, act, newOwner, act),
		change(id, newOwner, act, newOwner, sus),
		change(id, newOwner, sus, newOwner, act),
		change(id, newOwner, act, newOwner, rev),
	}, h.calls)
}

func TestHooksAreNotToldOfAGenesisImport(t *testing.T) {
	f := setup(t)
	f.activate(t, "SN-G")
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)

	g := setup(t)
	h := &recordingHooks{}
	g.k.SetHooks(h)
	require.NoError(t, g.k.InitGenesis(g.ctx, gs))
	require.Empty(t, h.calls, "an import loads devices, it changes nothing the hooks follow")
}

func TestAHookErrorRefusesTheMessage(t *testing.T) {
	f := setup(t)
	e := f.entry(t, "SN-E", devicekit.Secp256r1)
	f.register(t, e)
	boom := errors.New("hook refused")
	f.k.SetHooks(&recordingHooks{err: boom})
	_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: f.ownerStr, DeviceId: e.Id, Signature: f.sign(t, e.Id, f.owner, chainID)})
	require.ErrorIs(t, err, boom)
}

func TestHooksAreSetOnce(t *testing.T) {
	f := setup(t)
	f.k.SetHooks(&recordingHooks{})
	require.Panics(t, func() { f.k.SetHooks(&recordingHooks{}) })
}
