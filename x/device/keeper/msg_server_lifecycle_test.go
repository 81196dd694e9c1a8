package keeper_test

import (
	"strings"
	"testing"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// lifecycleRegistered registers acme's device SN-L, without an owner.
func (f *fixture) lifecycleRegistered(t *testing.T) string {
	t.Helper()
	e := f.entry(t, "SN-L", devicekit.Secp256r1)
	f.register(t, e)
	return e.Id
}

// lifecycleSuspend suspends id as signer and fails the test if it cannot.
func (f *fixture) lifecycleSuspend(t *testing.T, signer, id string) {
	t.Helper()
	_, err := f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: signer, DeviceId: id, Reason: "held"})
	require.NoError(t, err)
}

// lifecycleRevoke revokes id as signer and fails the test if it cannot.
func (f *fixture) lifecycleRevoke(t *testing.T, signer, id string) {
	t.Helper()
	_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: signer, DeviceId: id, Reason: "withdrawn"})
	require.NoError(t, err)
}

// indexedUnder returns the statuses under which the status index holds id:
// one, the device's own, once it has left STATUS_REGISTERED; none before.
func (f *fixture) indexedUnder(t *testing.T, id string) []types.Status {
	t.Helper()
	var under []types.Status
	require.NoError(t, f.k.ByStatus.Walk(f.ctx, nil, func(key collections.Pair[int32, string], _ keeperkit.Present) (bool, error) {
		if strings.HasSuffix(key.K2(), "/"+id) {
			under = append(under, types.Status(key.K1()))
		}
		return false, nil
	}))
	return under
}

// lifecycleListed returns the ids listed under status.
func (f *fixture) lifecycleListed(t *testing.T, st types.Status) []string {
	t.Helper()
	res, err := f.queries.DevicesByStatus(f.ctx, &types.QueryDevicesByStatusRequest{Status: st})
	require.NoError(t, err)
	ids := []string{}
	for _, d := range res.Devices {
		ids = append(ids, d.Id)
	}
	return ids
}

func TestSuspendDevice(t *testing.T) {
	cases := []struct {
		name       string
		active     bool
		signer     func(f *fixture) string
		reason     string
		wantRole   string
		wantMakers string
	}{
		{name: "the owner suspends its lost device", active: true, signer: func(f *fixture) string { return f.ownerStr },
			reason: "stolen", wantRole: types.RoleOwner, wantMakers: "acme 1/0 bosch 0/0"},
		{name: "acme's operator suspends an active acme device", active: true, signer: func(f *fixture) string { return f.operator },
			reason: "firmware recall", wantRole: types.RoleManufacturer, wantMakers: "acme 1/0 bosch 0/0"},
		{name: "the authority suspends an active device", active: true, signer: func(f *fixture) string { return f.authority },
			reason: "court order", wantRole: types.RoleAuthority, wantMakers: "acme 1/0 bosch 0/0"},
		{name: "governance acts for the authority", active: true, signer: func(f *fixture) string { return f.gov },
			wantRole: types.RoleAuthority, wantMakers: "acme 1/0 bosch 0/0"},
		{name: "a reason of exactly 256 characters is accepted", active: true, signer: func(f *fixture) string { return f.operator },
			reason: strings.Repeat("r", types.MaxReasonLength), wantRole: types.RoleManufacturer, wantMakers: "acme 1/0 bosch 0/0"},
		{name: "acme's operator suspends a registered acme device", signer: func(f *fixture) string { return f.operator },
			reason: "batch defect", wantRole: types.RoleManufacturer, wantMakers: "acme 1/0 bosch 0/0"},
		{name: "the authority suspends a registered device", signer: func(f *fixture) string { return f.authority },
			wantRole: types.RoleAuthority, wantMakers: "acme 1/0 bosch 0/0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			var id string
			var from types.Status
			if c.active {
				id, from = f.activate(t, "SN-A").Id, types.STATUS_ACTIVE
			} else {
				id, from = f.lifecycleRegistered(t), types.STATUS_REGISTERED
			}
			signer := c.signer(f)
			_, err := f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: signer, DeviceId: id, Reason: c.reason})
			require.NoError(t, err)

			d := f.device(t, id)
			require.Equal(t, types.STATUS_SUSPENDED, d.Status)
			require.Equal(t, c.wantRole, d.SuspendedBy)
			require.Equal(t, c.wantMakers, f.makers.String(), "a suspended device is not active")
			testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceStatusChanged{
				DeviceId: id, Signer: signer, Role: c.wantRole, From: from.StatusName(), To: "suspended", Reason: c.reason,
			})
			require.Contains(t, f.lifecycleListed(t, types.STATUS_SUSPENDED), id)
			require.Equal(t, []types.Status{types.STATUS_SUSPENDED}, f.indexedUnder(t, id), "the status index moves with the device")
		})
	}
}

func TestSuspendRecordsTheStrongestRole(t *testing.T) {
	opAddr, _ := testutil.Addr(t, "acme-ops")
	regAddr, _ := testutil.Addr(t, "registrar")
	cases := []struct {
		name     string
		owner    []byte
		ownerStr func(f *fixture) string
		wantRole string
	}{
		{name: "an owner who operates acme suspends as the manufacturer", owner: opAddr,
			ownerStr: func(f *fixture) string { return f.operator }, wantRole: types.RoleManufacturer},
		{name: "an owner who acts for the authority suspends as the authority", owner: regAddr,
			ownerStr: func(f *fixture) string { return f.authority }, wantRole: types.RoleAuthority},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			id := f.lifecycleRegistered(t)
			owner := c.ownerStr(f)
			f.token.balance[owner] = 10
			_, err := f.msgs.ActivateDevice(f.ctx, &types.MsgActivateDevice{Owner: owner, DeviceId: id, Signature: f.sign(t, id, c.owner, chainID)})
			require.NoError(t, err)

			f.lifecycleSuspend(t, owner, id)
			require.Equal(t, c.wantRole, f.device(t, id).SuspendedBy)
			testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceStatusChanged{
				DeviceId: id, Signer: owner, Role: c.wantRole, From: "active", To: "suspended", Reason: "held",
			})
		})
	}
}

func TestSuspendRefusals(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture) string
		msg     func(f *fixture, id string) *types.MsgSuspendDevice
		wantErr error
		wantMsg string
	}{
		{name: "an outsider cannot suspend a device", wantErr: types.ErrUnauthorized,
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(f *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: f.outsider, DeviceId: id}
			}},
		{name: "another manufacturer's operator cannot suspend acme's device", wantErr: types.ErrUnauthorized,
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(f *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: f.rival, DeviceId: id}
			}},
		{name: "a registered device has no owner to suspend it", wantErr: types.ErrUnauthorized,
			prepare: func(t *testing.T, f *fixture) string { return f.lifecycleRegistered(t) },
			msg: func(f *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: f.ownerStr, DeviceId: id}
			}},
		{name: "another manufacturer's operator cannot suspend acme's registered device", wantErr: types.ErrUnauthorized,
			prepare: func(t *testing.T, f *fixture) string { return f.lifecycleRegistered(t) },
			msg: func(f *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: f.rival, DeviceId: id}
			}},
		{name: "an already suspended device cannot be suspended again", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture) string {
				id := f.activate(t, "SN-A").Id
				f.lifecycleSuspend(t, f.ownerStr, id)
				return id
			},
			msg: func(f *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: f.authority, DeviceId: id}
			}},
		{name: "the owner cannot suspend over the authority's suspension", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture) string {
				id := f.activate(t, "SN-A").Id
				f.lifecycleSuspend(t, f.authority, id)
				return id
			},
			msg: func(f *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: f.ownerStr, DeviceId: id}
			}},
		{name: "a revoked device cannot be suspended", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture) string {
				id := f.activate(t, "SN-A").Id
				f.lifecycleRevoke(t, f.operator, id)
				return id
			},
			msg: func(f *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: f.authority, DeviceId: id}
			}},
		{name: "an unknown device cannot be suspended", wantErr: types.ErrUnknownDevice,
			prepare: func(t *testing.T, f *fixture) string { return f.entry(t, "SN-NOWHERE", devicekit.Ed25519).Id },
			msg: func(f *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: f.authority, DeviceId: id}
			}},
		{name: "a malformed device id is refused", wantErr: types.ErrInvalidDeviceID,
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(f *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: f.authority, DeviceId: id[:63]}
			}},
		{name: "a malformed signer is refused", wantErr: types.ErrInvalidAddress,
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(_ *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: "cosmos1notours", DeviceId: id}
			}},
		{name: "a reason longer than 256 characters is refused", wantErr: types.ErrInvalidReason, wantMsg: "reason longer than 256",
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(f *fixture, id string) *types.MsgSuspendDevice {
				return &types.MsgSuspendDevice{Signer: f.authority, DeviceId: id, Reason: strings.Repeat("r", types.MaxReasonLength+1)}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			msg := c.msg(f, c.prepare(t, f))
			before := f.snapshot(t)
			_, err := f.msgs.SuspendDevice(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			if c.wantMsg != "" {
				require.ErrorContains(t, err, c.wantMsg)
			}
			require.Equal(t, before, f.snapshot(t), "a refused suspension changes nothing")
		})
	}
}

func TestReinstateDevice(t *testing.T) {
	type signerOf func(f *fixture) string
	var (
		owner        signerOf = func(f *fixture) string { return f.ownerStr }
		manufacturer signerOf = func(f *fixture) string { return f.operator }
		authority    signerOf = func(f *fixture) string { return f.authority }
		outsider     signerOf = func(f *fixture) string { return f.outsider }
		rival        signerOf = func(f *fixture) string { return f.rival }
	)
	cases := []struct {
		name        string
		suspendedBy signerOf
		reinstater  signerOf
		wantRole    string // "" when refused
	}{
		{name: "the owner lifts its own suspension", suspendedBy: owner, reinstater: owner, wantRole: types.RoleOwner},
		{name: "the manufacturer cannot lift the owner's lost-or-stolen suspension", suspendedBy: owner, reinstater: manufacturer},
		{name: "the authority lifts the owner's suspension", suspendedBy: owner, reinstater: authority, wantRole: types.RoleAuthority},
		{name: "an outsider cannot lift the owner's suspension", suspendedBy: owner, reinstater: outsider},
		{name: "another manufacturer cannot lift the owner's suspension", suspendedBy: owner, reinstater: rival},
		{name: "the owner cannot lift the manufacturer's suspension", suspendedBy: manufacturer, reinstater: owner},
		{name: "the manufacturer lifts its own suspension", suspendedBy: manufacturer, reinstater: manufacturer, wantRole: types.RoleManufacturer},
		{name: "the authority lifts the manufacturer's suspension", suspendedBy: manufacturer, reinstater: authority, wantRole: types.RoleAuthority},
		{name: "another manufacturer cannot lift acme's suspension", suspendedBy: manufacturer, reinstater: rival},
		{name: "the owner cannot lift the authority's suspension", suspendedBy: authority, reinstater: owner},
		{name: "the manufacturer cannot lift the authority's suspension", suspendedBy: authority, reinstater: manufacturer},
		{name: "the authority lifts its own suspension", suspendedBy: authority, reinstater: authority, wantRole: types.RoleAuthority},
		{name: "an outsider cannot lift the authority's suspension", suspendedBy: authority, reinstater: outsider},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			id := f.activate(t, "SN-A").Id
			f.lifecycleSuspend(t, c.suspendedBy(f), id)
			require.Equal(t, "acme 1/0 bosch 0/0", f.makers.String())
			signer := c.reinstater(f)
			before := f.snapshot(t)

			_, err := f.msgs.ReinstateDevice(f.ctx, &types.MsgReinstateDevice{Signer: signer, DeviceId: id})
			if c.wantRole == "" {
				require.ErrorIs(t, err, types.ErrUnauthorized)
				require.Equal(t, before, f.snapshot(t), "a refused reinstatement changes nothing")
				return
			}
			require.NoError(t, err)
			d := f.device(t, id)
			require.Equal(t, types.STATUS_ACTIVE, d.Status, "a device with an owner goes back to active")
			require.Empty(t, d.SuspendedBy)
			require.Equal(t, f.ownerStr, d.Owner)
			require.Equal(t, "acme 1/1 bosch 0/0", f.makers.String(), "the device counts as active again")
			testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceStatusChanged{
				DeviceId: id, Signer: signer, Role: c.wantRole, From: "suspended", To: "active",
			})
			require.Equal(t, []string{id}, f.lifecycleListed(t, types.STATUS_ACTIVE))
			require.Empty(t, f.lifecycleListed(t, types.STATUS_SUSPENDED))
		})
	}
}

func TestReinstateDeviceWithoutOwner(t *testing.T) {
	for _, signer := range []string{"manufacturer", "authority"} {
		t.Run("a registered device suspended by the "+signer+" goes back to registered", func(t *testing.T) {
			f := setup(t)
			who := map[string]string{"manufacturer": f.operator, "authority": f.authority}[signer]
			id := f.lifecycleRegistered(t)
			f.lifecycleSuspend(t, who, id)
			require.Equal(t, "acme 1/0 bosch 0/0", f.makers.String())

			_, err := f.msgs.ReinstateDevice(f.ctx, &types.MsgReinstateDevice{Signer: who, DeviceId: id})
			require.NoError(t, err)
			d := f.device(t, id)
			require.Equal(t, types.STATUS_REGISTERED, d.Status)
			require.Empty(t, d.Owner)
			require.Empty(t, d.SuspendedBy)
			require.Equal(t, "acme 1/0 bosch 0/0", f.makers.String(), "a registered device never counted as active")
			testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceStatusChanged{
				DeviceId: id, Signer: who, Role: signer, From: "suspended", To: "registered",
			})
			require.Empty(t, f.indexedUnder(t, id), "registered again, the device leaves the status index")
		})
	}
}

func TestReinstateRefusals(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture) string
		msg     func(f *fixture, id string) *types.MsgReinstateDevice
		wantErr error
	}{
		{name: "an active device is not suspended", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(f *fixture, id string) *types.MsgReinstateDevice {
				return &types.MsgReinstateDevice{Signer: f.authority, DeviceId: id}
			}},
		{name: "a registered device is not suspended", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture) string { return f.lifecycleRegistered(t) },
			msg: func(f *fixture, id string) *types.MsgReinstateDevice {
				return &types.MsgReinstateDevice{Signer: f.operator, DeviceId: id}
			}},
		{name: "a revoked device is never reinstated, even by the authority", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture) string {
				id := f.activate(t, "SN-A").Id
				f.lifecycleRevoke(t, f.gov, id)
				return id
			},
			msg: func(f *fixture, id string) *types.MsgReinstateDevice {
				return &types.MsgReinstateDevice{Signer: f.authority, DeviceId: id}
			}},
		{name: "a device suspended and then revoked is never reinstated", wantErr: types.ErrInvalidStatus,
			prepare: func(t *testing.T, f *fixture) string {
				id := f.activate(t, "SN-A").Id
				f.lifecycleSuspend(t, f.ownerStr, id)
				f.lifecycleRevoke(t, f.operator, id)
				return id
			},
			msg: func(f *fixture, id string) *types.MsgReinstateDevice {
				return &types.MsgReinstateDevice{Signer: f.ownerStr, DeviceId: id}
			}},
		{name: "an unknown device cannot be reinstated", wantErr: types.ErrUnknownDevice,
			prepare: func(t *testing.T, f *fixture) string { return f.entry(t, "SN-NOWHERE", devicekit.Ed25519).Id },
			msg: func(f *fixture, id string) *types.MsgReinstateDevice {
				return &types.MsgReinstateDevice{Signer: f.authority, DeviceId: id}
			}},
		{name: "a malformed device id is refused", wantErr: types.ErrInvalidDeviceID,
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(f *fixture, _ string) *types.MsgReinstateDevice {
				return &types.MsgReinstateDevice{Signer: f.authority, DeviceId: "SN-A"}
			}},
		{name: "a malformed signer is refused", wantErr: types.ErrInvalidAddress,
			prepare: func(t *testing.T, f *fixture) string {
				id := f.activate(t, "SN-A").Id
				f.lifecycleSuspend(t, f.ownerStr, id)
				return id
			},
			msg: func(_ *fixture, id string) *types.MsgReinstateDevice {
				return &types.MsgReinstateDevice{Signer: "", DeviceId: id}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			msg := c.msg(f, c.prepare(t, f))
			before := f.snapshot(t)
			_, err := f.msgs.ReinstateDevice(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			require.Equal(t, before, f.snapshot(t), "a refused reinstatement changes nothing")
		})
	}
}

func TestRevokeDevice(t *testing.T) {
	states := []struct {
		name       string
		prepare    func(t *testing.T, f *fixture) (id string, from types.Status)
		wantOwner  bool
		wantMakers string
	}{
		{name: "an active device", wantOwner: true, wantMakers: "acme 1/0 bosch 0/0",
			prepare: func(t *testing.T, f *fixture) (string, types.Status) {
				return f.activate(t, "SN-A").Id, types.STATUS_ACTIVE
			}},
		{name: "a registered device", wantMakers: "acme 1/0 bosch 0/0",
			prepare: func(t *testing.T, f *fixture) (string, types.Status) {
				return f.lifecycleRegistered(t), types.STATUS_REGISTERED
			}},
		{name: "a device its owner suspended", wantOwner: true, wantMakers: "acme 1/0 bosch 0/0",
			prepare: func(t *testing.T, f *fixture) (string, types.Status) {
				id := f.activate(t, "SN-A").Id
				f.lifecycleSuspend(t, f.ownerStr, id)
				return id, types.STATUS_SUSPENDED
			}},
		{name: "a device the authority suspended", wantOwner: true, wantMakers: "acme 1/0 bosch 0/0",
			prepare: func(t *testing.T, f *fixture) (string, types.Status) {
				id := f.activate(t, "SN-A").Id
				f.lifecycleSuspend(t, f.authority, id)
				return id, types.STATUS_SUSPENDED
			}},
	}
	signers := []struct {
		role   string
		signer func(f *fixture) string
	}{
		{role: types.RoleManufacturer, signer: func(f *fixture) string { return f.operator }},
		// x/gov revokes as the authority; a registrar cannot (TestRevokeRefusals).
		{role: types.RoleAuthority, signer: func(f *fixture) string { return f.gov }},
	}
	for _, s := range signers {
		for _, st := range states {
			t.Run("the "+s.role+" revokes "+st.name+" for good", func(t *testing.T) {
				f := setup(t)
				id, from := st.prepare(t, f)
				signer := s.signer(f)
				_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: signer, DeviceId: id, Reason: "key compromised"})
				require.NoError(t, err)

				d := f.device(t, id)
				require.Equal(t, types.STATUS_REVOKED, d.Status)
				require.Empty(t, d.SuspendedBy)
				if st.wantOwner {
					require.Equal(t, f.ownerStr, d.Owner, "the record stays as it was")
				}
				require.Equal(t, st.wantMakers, f.makers.String())
				testutil.RequireLastEvent(t, f.ctx, &types.EventDeviceStatusChanged{
					DeviceId: id, Signer: signer, Role: s.role, From: from.StatusName(), To: "revoked", Reason: "key compromised",
				})
				require.Equal(t, []string{id}, f.lifecycleListed(t, types.STATUS_REVOKED))
				require.Equal(t, []types.Status{types.STATUS_REVOKED}, f.indexedUnder(t, id), "from %s, the entry moves", from.StatusName())

				before := f.snapshot(t)
				_, err = f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.gov, DeviceId: id})
				require.ErrorIs(t, err, types.ErrInvalidStatus, "a revoked device cannot be revoked again")
				_, err = f.msgs.ReinstateDevice(f.ctx, &types.MsgReinstateDevice{Signer: f.authority, DeviceId: id})
				require.ErrorIs(t, err, types.ErrInvalidStatus, "a revoked device is never reinstated")
				_, err = f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: f.operator, DeviceId: id})
				require.ErrorIs(t, err, types.ErrInvalidStatus, "a revoked device cannot be suspended")
				require.Equal(t, before, f.snapshot(t), "revocation is terminal")
			})
		}
	}
}

func TestRevokeRefusals(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture) string
		msg     func(f *fixture, id string) *types.MsgRevokeDevice
		wantErr error
		wantMsg string
	}{
		{name: "the owner cannot revoke its device", wantErr: types.ErrUnauthorized,
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(f *fixture, id string) *types.MsgRevokeDevice {
				return &types.MsgRevokeDevice{Signer: f.ownerStr, DeviceId: id}
			}},
		{name: "the owner cannot revoke the device it suspended", wantErr: types.ErrUnauthorized,
			prepare: func(t *testing.T, f *fixture) string {
				id := f.activate(t, "SN-A").Id
				f.lifecycleSuspend(t, f.ownerStr, id)
				return id
			},
			msg: func(f *fixture, id string) *types.MsgRevokeDevice {
				return &types.MsgRevokeDevice{Signer: f.ownerStr, DeviceId: id}
			}},
		{name: "an outsider cannot revoke a device", wantErr: types.ErrUnauthorized,
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(f *fixture, id string) *types.MsgRevokeDevice {
				return &types.MsgRevokeDevice{Signer: f.outsider, DeviceId: id}
			}},
		{name: "a registrar cannot revoke: revocation cannot be undone, so it is x/gov's alone", wantErr: types.ErrUnauthorized,
			wantMsg: "x/gov's alone",
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(f *fixture, id string) *types.MsgRevokeDevice {
				return &types.MsgRevokeDevice{Signer: f.authority, DeviceId: id}
			}},
		{name: "the operator of a suspended manufacturer cannot revoke", wantErr: types.ErrUnauthorized, wantMsg: "may only suspend",
			prepare: func(t *testing.T, f *fixture) string {
				id := f.activate(t, "SN-A").Id
				f.makers.m["acme"].Status = manufacturertypes.STATUS_SUSPENDED
				return id
			},
			msg: func(f *fixture, id string) *types.MsgRevokeDevice {
				return &types.MsgRevokeDevice{Signer: f.operator, DeviceId: id}
			}},
		{name: "the operator of a removed manufacturer cannot revoke", wantErr: types.ErrUnauthorized,
			prepare: func(t *testing.T, f *fixture) string {
				id := f.activate(t, "SN-A").Id
				f.makers.m["acme"].Status = manufacturertypes.STATUS_REMOVED
				return id
			},
			msg: func(f *fixture, id string) *types.MsgRevokeDevice {
				return &types.MsgRevokeDevice{Signer: f.operator, DeviceId: id}
			}},
		{name: "another manufacturer's operator cannot revoke acme's device", wantErr: types.ErrUnauthorized,
			prepare: func(t *testing.T, f *fixture) string { return f.lifecycleRegistered(t) },
			msg: func(f *fixture, id string) *types.MsgRevokeDevice {
				return &types.MsgRevokeDevice{Signer: f.rival, DeviceId: id}
			}},
		{name: "an unknown device cannot be revoked", wantErr: types.ErrUnknownDevice,
			prepare: func(t *testing.T, f *fixture) string { return f.entry(t, "SN-NOWHERE", devicekit.Ed25519).Id },
			msg: func(f *fixture, id string) *types.MsgRevokeDevice {
				return &types.MsgRevokeDevice{Signer: f.authority, DeviceId: id}
			}},
		{name: "a malformed signer is refused", wantErr: types.ErrInvalidAddress,
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(_ *fixture, id string) *types.MsgRevokeDevice {
				return &types.MsgRevokeDevice{Signer: "atonomi1xyz", DeviceId: id}
			}},
		{name: "a reason longer than 256 characters is refused", wantErr: types.ErrInvalidReason, wantMsg: "reason longer than 256",
			prepare: func(t *testing.T, f *fixture) string { return f.activate(t, "SN-A").Id },
			msg: func(f *fixture, id string) *types.MsgRevokeDevice {
				return &types.MsgRevokeDevice{Signer: f.operator, DeviceId: id, Reason: strings.Repeat("x", types.MaxReasonLength+1)}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			msg := c.msg(f, c.prepare(t, f))
			before := f.snapshot(t)
			_, err := f.msgs.RevokeDevice(f.ctx, msg)
			require.ErrorIs(t, err, c.wantErr)
			if c.wantMsg != "" {
				require.ErrorContains(t, err, c.wantMsg)
			}
			require.Equal(t, before, f.snapshot(t), "a refused revocation changes nothing")
		})
	}
}

func TestActiveCountFollowsTheLifecycle(t *testing.T) {
	f := setup(t)
	a := f.activate(t, "SN-A").Id
	b := f.activate(t, "SN-B").Id
	r := f.lifecycleRegistered(t)
	require.Equal(t, "acme 3/2 bosch 0/0", f.makers.String())

	steps := []struct {
		name       string
		run        func() error
		wantMakers string
	}{
		{"suspending an active device takes it off the active count", func() error {
			_, err := f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: f.ownerStr, DeviceId: a})
			return err
		}, "acme 3/1 bosch 0/0"},
		{"reinstating it puts it back", func() error {
			_, err := f.msgs.ReinstateDevice(f.ctx, &types.MsgReinstateDevice{Signer: f.ownerStr, DeviceId: a})
			return err
		}, "acme 3/2 bosch 0/0"},
		{"suspending a registered device leaves the active count", func() error {
			_, err := f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: f.operator, DeviceId: r})
			return err
		}, "acme 3/2 bosch 0/0"},
		{"reinstating a registered device leaves the active count", func() error {
			_, err := f.msgs.ReinstateDevice(f.ctx, &types.MsgReinstateDevice{Signer: f.operator, DeviceId: r})
			return err
		}, "acme 3/2 bosch 0/0"},
		{"suspending again takes it off once more", func() error {
			_, err := f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: f.authority, DeviceId: a})
			return err
		}, "acme 3/1 bosch 0/0"},
		{"revoking a suspended device does not take it off twice", func() error {
			_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.gov, DeviceId: a})
			return err
		}, "acme 3/1 bosch 0/0"},
		{"revoking an active device takes it off", func() error {
			_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.operator, DeviceId: b})
			return err
		}, "acme 3/0 bosch 0/0"},
		{"revoking a registered device leaves the counts", func() error {
			_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.operator, DeviceId: r})
			return err
		}, "acme 3/0 bosch 0/0"},
		{"a refused revocation leaves the counts", func() error {
			_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.operator, DeviceId: b})
			require.ErrorIs(t, err, types.ErrInvalidStatus)
			return nil
		}, "acme 3/0 bosch 0/0"},
	}
	for _, s := range steps {
		require.NoError(t, s.run(), s.name)
		require.Equal(t, s.wantMakers, f.makers.String(), s.name)
	}
	require.ElementsMatch(t, []string{a, b, r}, f.lifecycleListed(t, types.STATUS_REVOKED))
}

// TestPowersEndWithTheManufacturersStanding mounts a suspended or removed
// manufacturer's operators acting on its devices: a suspended one may only
// suspend (protective), a removed one nothing; each refusal changes nothing.
func TestPowersEndWithTheManufacturersStanding(t *testing.T) {
	type act func(f *fixture, id string) error
	suspend := func(f *fixture, id string) error {
		_, err := f.msgs.SuspendDevice(f.ctx, &types.MsgSuspendDevice{Signer: f.operator, DeviceId: id})
		return err
	}
	reinstate := func(f *fixture, id string) error {
		_, err := f.msgs.ReinstateDevice(f.ctx, &types.MsgReinstateDevice{Signer: f.operator, DeviceId: id})
		return err
	}
	revoke := func(f *fixture, id string) error {
		_, err := f.msgs.RevokeDevice(f.ctx, &types.MsgRevokeDevice{Signer: f.operator, DeviceId: id})
		return err
	}
	cases := []struct {
		name      string
		status    manufacturertypes.Status
		suspended bool // the device was suspended by the manufacturer while active
		do        act
		allowed   bool
	}{
		{name: "a suspended manufacturer suspends its device", status: manufacturertypes.STATUS_SUSPENDED, do: suspend, allowed: true},
		{name: "a suspended manufacturer cannot lift its own suspension", status: manufacturertypes.STATUS_SUSPENDED, suspended: true, do: reinstate},
		{name: "a suspended manufacturer cannot revoke", status: manufacturertypes.STATUS_SUSPENDED, do: revoke},
		{name: "a removed manufacturer cannot suspend", status: manufacturertypes.STATUS_REMOVED, do: suspend},
		{name: "a removed manufacturer cannot lift its suspension", status: manufacturertypes.STATUS_REMOVED, suspended: true, do: reinstate},
		{name: "a removed manufacturer cannot revoke", status: manufacturertypes.STATUS_REMOVED, do: revoke},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			id := f.activate(t, "SN-A").Id
			if c.suspended {
				f.lifecycleSuspend(t, f.operator, id)
			}
			f.makers.m["acme"].Status = c.status
			before := f.snapshot(t)
			err := c.do(f, id)
			if !c.allowed {
				require.ErrorIs(t, err, types.ErrUnauthorized)
				require.Equal(t, before, f.snapshot(t), "a refused message changes nothing")
				return
			}
			require.NoError(t, err)
			d := f.device(t, id)
			require.Equal(t, types.STATUS_SUSPENDED, d.Status)
			require.Equal(t, types.RoleManufacturer, d.SuspendedBy)
		})
	}
}
