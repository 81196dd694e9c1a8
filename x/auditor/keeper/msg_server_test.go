package keeper_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/auditor/types"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// manyTypes returns n distinct, well-formed reputation types.
func manyTypes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("type-%d", i)
	}
	return out
}

func TestAddAuditor(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture)
		edit    func(f *fixture, m *types.MsgAddAuditor)
		wantErr error
	}{
		{name: "a registrar admits an auditor"},
		{name: "governance admits an auditor",
			edit: func(f *fixture, m *types.MsgAddAuditor) { m.Authority = f.gov }},
		{name: "an ordinary account cannot admit an auditor", wantErr: permissiontypes.ErrNotAuthority,
			edit: func(f *fixture, m *types.MsgAddAuditor) { m.Authority = f.outsider }},
		{name: "an operator cannot admit its own auditor", wantErr: permissiontypes.ErrNotAuthority,
			edit: func(f *fixture, m *types.MsgAddAuditor) { m.Authority = f.operator }},
		{name: "an id with capitals is refused", wantErr: types.ErrInvalidID,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Id = "Sentinel" }},
		{name: "a one-letter id is refused", wantErr: types.ErrInvalidID,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Id = "s" }},
		{name: "an id starting with a digit is refused", wantErr: types.ErrInvalidID,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Id = "9sentinel" }},
		{name: "an id longer than 32 characters is refused", wantErr: types.ErrInvalidID,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Id = "s" + strings.Repeat("x", 32) }},
		{name: "a blank name is refused", wantErr: types.ErrInvalidName,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Name = " " }},
		{name: "a name longer than 128 characters is refused", wantErr: types.ErrInvalidName,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Name = strings.Repeat("n", types.MaxNameLength+1) }},
		{name: "a missing operator is refused", wantErr: types.ErrInvalidOperator,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Operator = "" }},
		{name: "a malformed operator is refused", wantErr: types.ErrInvalidOperator,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Operator = "cosmos1abc" }},
		{name: "no reputation types are refused", wantErr: types.ErrInvalidReputationTypes,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.ReputationTypes = nil }},
		{name: "more than 16 reputation types are refused", wantErr: types.ErrInvalidReputationTypes,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.ReputationTypes = manyTypes(types.MaxAuditorTypes + 1) }},
		{name: "a reputation type listed twice is refused", wantErr: types.ErrInvalidReputationTypes,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.ReputationTypes = []string{"security", "security"} }},
		{name: "a reputation type the network does not know is refused", wantErr: types.ErrInvalidReputationTypes,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.ReputationTypes = []string{"security", "astrology"} }},
		{name: "a zero weight is refused", wantErr: types.ErrInvalidWeight,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Weight = 0 }},
		{name: "a weight above 10000 is refused", wantErr: types.ErrInvalidWeight,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Weight = types.MaxWeight + 1 }},
		{name: "a url longer than 256 characters is refused", wantErr: types.ErrInvalidMetadata,
			edit: func(_ *fixture, m *types.MsgAddAuditor) { m.Metadata.Url = strings.Repeat("u", types.MaxURLLength+1) }},
		{name: "a description longer than 512 characters is refused", wantErr: types.ErrInvalidMetadata,
			edit: func(_ *fixture, m *types.MsgAddAuditor) {
				m.Metadata.Description = strings.Repeat("d", types.MaxDescriptionLength+1)
			}},
		{name: "an id already registered is refused", wantErr: types.ErrDuplicateID,
			prepare: func(t *testing.T, f *fixture) { f.add(t) },
			edit:    func(f *fixture, m *types.MsgAddAuditor) { m.Operator = f.outsider }},
		{name: "an account operating another auditor is refused", wantErr: types.ErrOperatorTaken,
			prepare: func(t *testing.T, f *fixture) { f.add(t) },
			edit:    func(_ *fixture, m *types.MsgAddAuditor) { m.Id = "watchdog" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			before := f.state(t)
			msg := f.addMsg()
			if tc.edit != nil {
				tc.edit(f, msg)
			}
			_, err := f.msgs.AddAuditor(f.ctx, msg)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.state(t), "a refused message changes nothing")
				return
			}
			require.NoError(t, err)
			a, err := f.k.GetAuditor(f.ctx, "sentinel")
			require.NoError(t, err)
			require.Equal(t, types.Auditor{
				Id: "sentinel", Name: "Sentinel Labs", Operator: f.operator, Status: types.STATUS_ACTIVE,
				ReputationTypes: []string{"security", "service-quality"}, Weight: 2500,
				Metadata: msg.Metadata, AdmissionHeight: 7,
			}, a)
			byOp, err := f.queries.AuditorByOperator(f.ctx, &types.QueryAuditorByOperatorRequest{Operator: f.operator})
			require.NoError(t, err)
			require.Equal(t, "sentinel", byOp.Auditor.Id)
			testutil.RequireLastEvent(t, f.ctx, &types.EventAuditorAdded{Id: "sentinel", Authority: msg.Authority})
		})
	}
}

func TestStatusTransitions(t *testing.T) {
	suspend := func(f *fixture, by string) error {
		_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: by, Id: "sentinel", Reason: "audit"})
		return err
	}
	reinstate := func(f *fixture, by string) error {
		_, err := f.msgs.ReinstateAuditor(f.ctx, &types.MsgReinstateAuditor{Authority: by, Id: "sentinel"})
		return err
	}
	remove := func(f *fixture, by string) error {
		_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: by, Id: "sentinel", Reason: "collusion"})
		return err
	}
	asAuthority := func(f *fixture) string { return f.authority }
	asGov := func(f *fixture) string { return f.gov }
	asOperator := func(f *fixture) string { return f.operator }
	asOutsider := func(f *fixture) string { return f.outsider }
	type op func(f *fixture, by string) error
	cases := []struct {
		name      string
		before    []op
		do        op
		signer    func(f *fixture) string
		want      types.Status
		wantEvent *types.EventAuditorStatusChanged
		wantErr   error
	}{
		{name: "the authority suspends an active auditor", do: suspend, signer: asAuthority, want: types.STATUS_SUSPENDED,
			wantEvent: &types.EventAuditorStatusChanged{From: "active", To: "suspended", Reason: "audit"}},
		{name: "the authority reinstates a suspended auditor", before: []op{suspend}, do: reinstate, signer: asAuthority, want: types.STATUS_ACTIVE,
			wantEvent: &types.EventAuditorStatusChanged{From: "suspended", To: "active"}},
		{name: "x/gov removes an active auditor", do: remove, signer: asGov, want: types.STATUS_REMOVED,
			wantEvent: &types.EventAuditorStatusChanged{From: "active", To: "removed", Reason: "collusion"}},
		{name: "x/gov removes a suspended auditor", before: []op{suspend}, do: remove, signer: asGov, want: types.STATUS_REMOVED,
			wantEvent: &types.EventAuditorStatusChanged{From: "suspended", To: "removed", Reason: "collusion"}},
		{name: "a registrar cannot remove an auditor: removal cannot be undone", do: remove, signer: asAuthority, wantErr: sdkerrors.ErrUnauthorized},
		{name: "a registrar cannot remove a suspended auditor either", before: []op{suspend}, do: remove, signer: asAuthority, wantErr: sdkerrors.ErrUnauthorized},
		{name: "a suspended auditor cannot be suspended again", before: []op{suspend}, do: suspend, signer: asAuthority, wantErr: types.ErrInvalidTransition},
		{name: "an active auditor cannot be reinstated", do: reinstate, signer: asAuthority, wantErr: types.ErrInvalidTransition},
		{name: "a removed auditor cannot be suspended", before: []op{remove}, do: suspend, signer: asAuthority, wantErr: types.ErrInvalidTransition},
		{name: "a removed auditor cannot be reinstated", before: []op{remove}, do: reinstate, signer: asAuthority, wantErr: types.ErrInvalidTransition},
		{name: "a removed auditor cannot be removed again", before: []op{remove}, do: remove, signer: asGov, wantErr: types.ErrInvalidTransition},
		{name: "the auditor's operator cannot suspend it", do: suspend, signer: asOperator, wantErr: permissiontypes.ErrNotAuthority},
		{name: "the auditor's operator cannot reinstate it", before: []op{suspend}, do: reinstate, signer: asOperator, wantErr: permissiontypes.ErrNotAuthority},
		{name: "the auditor's operator cannot remove it", do: remove, signer: asOperator, wantErr: sdkerrors.ErrUnauthorized},
		{name: "an ordinary account cannot suspend", do: suspend, signer: asOutsider, wantErr: permissiontypes.ErrNotAuthority},
		{name: "an ordinary account cannot reinstate", before: []op{suspend}, do: reinstate, signer: asOutsider, wantErr: permissiontypes.ErrNotAuthority},
		{name: "an ordinary account cannot remove", do: remove, signer: asOutsider, wantErr: sdkerrors.ErrUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			for _, b := range tc.before {
				require.NoError(t, b(f, f.gov))
			}
			before := f.state(t)
			by := tc.signer(f)
			err := tc.do(f, by)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.state(t), "a refused message changes nothing")
				return
			}
			require.NoError(t, err)
			a, err := f.k.GetAuditor(f.ctx, "sentinel")
			require.NoError(t, err)
			require.Equal(t, tc.want, a.Status)
			tc.wantEvent.Id, tc.wantEvent.Authority = "sentinel", by
			testutil.RequireLastEvent(t, f.ctx, tc.wantEvent)
		})
	}

	unknown := []struct {
		name string
		do   func(f *fixture) error
	}{
		{"an unknown auditor cannot be suspended", func(f *fixture) error {
			_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: "nobody"})
			return err
		}},
		{"an unknown auditor cannot be reinstated", func(f *fixture) error {
			_, err := f.msgs.ReinstateAuditor(f.ctx, &types.MsgReinstateAuditor{Authority: f.authority, Id: "nobody"})
			return err
		}},
		{"an unknown auditor cannot be removed", func(f *fixture) error {
			_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "nobody"})
			return err
		}},
	}
	for _, tc := range unknown {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			before := f.state(t)
			require.ErrorIs(t, tc.do(f), types.ErrUnknownAuditor)
			require.Equal(t, before, f.state(t))
		})
	}

	t.Run("removal releases the operator account for another auditor", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		require.NoError(t, remove(f, f.gov))
		_, err := f.queries.AuditorByOperator(f.ctx, &types.QueryAuditorByOperatorRequest{Operator: f.operator})
		require.Error(t, err, "the index entry is gone")
		msg := f.addMsg()
		msg.Id = "sentinel-two"
		_, err = f.msgs.AddAuditor(f.ctx, msg)
		require.NoError(t, err)
	})
	t.Run("suspension keeps the operator account taken", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		require.NoError(t, suspend(f, f.authority))
		msg := f.addMsg()
		msg.Id = "sentinel-two"
		_, err := f.msgs.AddAuditor(f.ctx, msg)
		require.ErrorIs(t, err, types.ErrOperatorTaken)
	})
	t.Run("a removed auditor's id is never reused", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		require.NoError(t, remove(f, f.gov))
		before := f.state(t)
		_, err := f.msgs.AddAuditor(f.ctx, f.addMsg())
		require.ErrorIs(t, err, types.ErrDuplicateID)
		require.Equal(t, before, f.state(t))
	})
}

func TestSetAuditorScope(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture)
		edit    func(f *fixture, m *types.MsgSetAuditorScope)
		wantErr error
	}{
		{name: "the authority sets an auditor's scope"},
		{name: "governance sets an auditor's scope",
			edit: func(f *fixture, m *types.MsgSetAuditorScope) { m.Authority = f.gov }},
		{name: "the authority sets a suspended auditor's scope",
			prepare: func(t *testing.T, f *fixture) {
				_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: "sentinel"})
				require.NoError(t, err)
			}},
		{name: "an auditor's operator cannot widen its own scope", wantErr: permissiontypes.ErrNotAuthority,
			edit: func(f *fixture, m *types.MsgSetAuditorScope) { m.Authority = f.operator }},
		{name: "an ordinary account cannot set a scope", wantErr: permissiontypes.ErrNotAuthority,
			edit: func(f *fixture, m *types.MsgSetAuditorScope) { m.Authority = f.outsider }},
		{name: "no reputation types are refused", wantErr: types.ErrInvalidReputationTypes,
			edit: func(_ *fixture, m *types.MsgSetAuditorScope) { m.ReputationTypes = []string{} }},
		{name: "more than 16 reputation types are refused", wantErr: types.ErrInvalidReputationTypes,
			edit: func(_ *fixture, m *types.MsgSetAuditorScope) {
				m.ReputationTypes = manyTypes(types.MaxAuditorTypes + 1)
			}},
		{name: "a reputation type listed twice is refused", wantErr: types.ErrInvalidReputationTypes,
			edit: func(_ *fixture, m *types.MsgSetAuditorScope) { m.ReputationTypes = []string{"social", "social"} }},
		{name: "a reputation type the network does not know is refused", wantErr: types.ErrInvalidReputationTypes,
			edit: func(_ *fixture, m *types.MsgSetAuditorScope) { m.ReputationTypes = []string{"astrology"} }},
		{name: "a zero weight is refused", wantErr: types.ErrInvalidWeight,
			edit: func(_ *fixture, m *types.MsgSetAuditorScope) { m.Weight = 0 }},
		{name: "a weight above 10000 is refused", wantErr: types.ErrInvalidWeight,
			edit: func(_ *fixture, m *types.MsgSetAuditorScope) { m.Weight = types.MaxWeight + 1 }},
		{name: "an unknown auditor is refused", wantErr: types.ErrUnknownAuditor,
			edit: func(_ *fixture, m *types.MsgSetAuditorScope) { m.Id = "nobody" }},
		{name: "a removed auditor's scope cannot change", wantErr: types.ErrInvalidTransition,
			prepare: func(t *testing.T, f *fixture) {
				_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "sentinel"})
				require.NoError(t, err)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			before := f.state(t)
			msg := &types.MsgSetAuditorScope{
				Authority: f.authority, Id: "sentinel", ReputationTypes: []string{"financial", "social"}, Weight: types.MaxWeight,
			}
			if tc.edit != nil {
				tc.edit(f, msg)
			}
			_, err := f.msgs.SetAuditorScope(f.ctx, msg)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.state(t), "a refused message changes nothing")
				return
			}
			require.NoError(t, err)
			a, err := f.k.GetAuditor(f.ctx, "sentinel")
			require.NoError(t, err)
			require.Equal(t, []string{"financial", "social"}, a.ReputationTypes)
			require.EqualValues(t, types.MaxWeight, a.Weight)
			testutil.RequireLastEvent(t, f.ctx, &types.EventAuditorScopeSet{
				Id: "sentinel", Authority: msg.Authority, ReputationTypes: []string{"financial", "social"}, Weight: types.MaxWeight,
			})
		})
	}
}

func TestUpdateAuditor(t *testing.T) {
	newMeta := types.Metadata{Url: "https://sentinel.example/v2", Description: "now also supply-chain audits"}
	asOperator := func(f *fixture) string { return f.operator }
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture)
		signer  func(f *fixture) string
		edit    func(m *types.MsgUpdateAuditor)
		wantErr error
	}{
		{name: "the operator updates its profile", signer: asOperator},
		{name: "the operator of a suspended auditor cannot update its profile: it is frozen with it", signer: asOperator,
			wantErr: types.ErrInvalidTransition,
			prepare: func(t *testing.T, f *fixture) {
				_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: "sentinel"})
				require.NoError(t, err)
			}},
		{name: "an ordinary account cannot update it", signer: func(f *fixture) string { return f.outsider }, wantErr: types.ErrNotOperator},
		{name: "the authority is not the operator", signer: func(f *fixture) string { return f.authority }, wantErr: types.ErrNotOperator},
		{name: "the operator of another auditor cannot update it", wantErr: types.ErrNotOperator,
			prepare: func(t *testing.T, f *fixture) { f.addOther(t, "watchdog") },
			signer:  func(f *fixture) string { return testutil.Bech32(t, "watchdog-ops") }},
		{name: "a blank name is refused", signer: asOperator, wantErr: types.ErrInvalidName,
			edit: func(m *types.MsgUpdateAuditor) { m.Name = "" }},
		{name: "a name longer than 128 characters is refused", signer: asOperator, wantErr: types.ErrInvalidName,
			edit: func(m *types.MsgUpdateAuditor) { m.Name = strings.Repeat("n", types.MaxNameLength+1) }},
		{name: "a url longer than 256 characters is refused", signer: asOperator, wantErr: types.ErrInvalidMetadata,
			edit: func(m *types.MsgUpdateAuditor) { m.Metadata.Url = strings.Repeat("u", types.MaxURLLength+1) }},
		{name: "a description longer than 512 characters is refused", signer: asOperator, wantErr: types.ErrInvalidMetadata,
			edit: func(m *types.MsgUpdateAuditor) {
				m.Metadata.Description = strings.Repeat("d", types.MaxDescriptionLength+1)
			}},
		{name: "an unknown auditor is refused", signer: asOperator, wantErr: types.ErrUnknownAuditor,
			edit: func(m *types.MsgUpdateAuditor) { m.Id = "nobody" }},
		{name: "a removed auditor cannot update its profile", signer: asOperator, wantErr: types.ErrInvalidTransition,
			prepare: func(t *testing.T, f *fixture) {
				_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "sentinel"})
				require.NoError(t, err)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			before := f.state(t)
			msg := &types.MsgUpdateAuditor{Operator: tc.signer(f), Id: "sentinel", Name: "Sentinel Audits", Metadata: newMeta}
			if tc.edit != nil {
				tc.edit(msg)
			}
			_, err := f.msgs.UpdateAuditor(f.ctx, msg)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.state(t), "a refused message changes nothing")
				return
			}
			require.NoError(t, err)
			a, err := f.k.GetAuditor(f.ctx, "sentinel")
			require.NoError(t, err)
			require.Equal(t, "Sentinel Audits", a.Name)
			require.Equal(t, newMeta, a.Metadata)
			testutil.RequireLastEvent(t, f.ctx, &types.EventAuditorUpdated{Id: "sentinel", Operator: f.operator})
		})
	}
}

func TestRotateOperator(t *testing.T) {
	fresh := func(t *testing.T) string { return testutil.Bech32(t, "sentinel-new") }
	t.Run("the operator rotates to a new account once it accepts", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		_, err := f.msgs.RotateOperator(f.ctx, &types.MsgRotateOperator{Operator: f.operator, Id: "sentinel", NewOperator: fresh(t), ExpiryHeight: 100})
		require.NoError(t, err)
		a, err := f.k.GetAuditor(f.ctx, "sentinel")
		require.NoError(t, err)
		require.Equal(t, f.operator, a.Operator, "naming an account gives it nothing")
		before := f.state(t)
		_, err = f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: f.outsider, Id: "sentinel"})
		require.ErrorIs(t, err, types.ErrNotOperator, "only the named account accepts")
		require.Equal(t, before, f.state(t))
		_, err = f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: fresh(t), Id: "sentinel"})
		require.NoError(t, err)
		a, err = f.k.GetAuditor(f.ctx, "sentinel")
		require.NoError(t, err)
		require.Equal(t, fresh(t), a.Operator)
		byOp, err := f.queries.AuditorByOperator(f.ctx, &types.QueryAuditorByOperatorRequest{Operator: fresh(t)})
		require.NoError(t, err)
		require.Equal(t, "sentinel", byOp.Auditor.Id)
		_, err = f.queries.AuditorByOperator(f.ctx, &types.QueryAuditorByOperatorRequest{Operator: f.operator})
		require.Error(t, err, "the old operator no longer operates it")
		testutil.RequireLastEvent(t, f.ctx, &types.EventAuditorOperatorRotated{
			Id: "sentinel", OldOperator: f.operator, NewOperator: fresh(t),
		})
		// The old key is now powerless, and free to operate another auditor.
		_, err = f.msgs.UpdateAuditor(f.ctx, &types.MsgUpdateAuditor{Operator: f.operator, Id: "sentinel", Name: "x"})
		require.ErrorIs(t, err, types.ErrNotOperator)
		msg := f.addMsg()
		msg.Id = "watchdog"
		_, err = f.msgs.AddAuditor(f.ctx, msg)
		require.NoError(t, err)
	})
	t.Run("the operator of a suspended auditor rotates a leaked key", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: "sentinel"})
		require.NoError(t, err)
		f.rotate(t, fresh(t))
	})
	t.Run("an expired proposal cannot be accepted", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		_, err := f.msgs.RotateOperator(f.ctx, &types.MsgRotateOperator{Operator: f.operator, Id: "sentinel", NewOperator: fresh(t), ExpiryHeight: 100})
		require.NoError(t, err)
		f.ctx = f.ctx.WithBlockHeight(101)
		_, err = f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: fresh(t), Id: "sentinel"})
		require.ErrorIs(t, err, types.ErrRotationExpired)
		_, err = f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: fresh(t), Id: "watchdog"})
		require.ErrorIs(t, err, types.ErrUnknownAuditor)
	})
	t.Run("a removed auditor's old operator may be rotated to", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		f.addOther(t, "watchdog")
		_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "watchdog"})
		require.NoError(t, err)
		f.rotate(t, testutil.Bech32(t, "watchdog-ops"))
	})

	removed := func(t *testing.T, f *fixture) {
		_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "sentinel"})
		require.NoError(t, err)
	}
	refusals := []struct {
		name    string
		prepare func(t *testing.T, f *fixture)
		edit    func(t *testing.T, f *fixture, m *types.MsgRotateOperator)
		wantErr error
	}{
		{name: "an ordinary account cannot rotate", wantErr: types.ErrNotOperator,
			edit: func(_ *testing.T, f *fixture, m *types.MsgRotateOperator) { m.Operator = f.outsider }},
		{name: "the authority cannot rotate an auditor's operator", wantErr: types.ErrNotOperator,
			edit: func(_ *testing.T, f *fixture, m *types.MsgRotateOperator) { m.Operator = f.authority }},
		{name: "the new account cannot take the auditor over", wantErr: types.ErrNotOperator,
			edit: func(t *testing.T, _ *fixture, m *types.MsgRotateOperator) { m.Operator = fresh(t) }},
		{name: "a missing new operator is refused", wantErr: types.ErrInvalidOperator,
			edit: func(_ *testing.T, _ *fixture, m *types.MsgRotateOperator) { m.NewOperator = "" }},
		{name: "a malformed new operator is refused", wantErr: types.ErrInvalidOperator,
			edit: func(_ *testing.T, _ *fixture, m *types.MsgRotateOperator) { m.NewOperator = "cosmos1abc" }},
		{name: "rotating to the current operator is refused", wantErr: types.ErrInvalidOperator,
			edit: func(_ *testing.T, f *fixture, m *types.MsgRotateOperator) { m.NewOperator = f.operator }},
		{name: "an account operating another auditor is refused", wantErr: types.ErrOperatorTaken,
			prepare: func(t *testing.T, f *fixture) { f.addOther(t, "watchdog") },
			edit: func(t *testing.T, _ *fixture, m *types.MsgRotateOperator) {
				m.NewOperator = testutil.Bech32(t, "watchdog-ops")
			}},
		{name: "an account operating a suspended auditor is refused", wantErr: types.ErrOperatorTaken,
			prepare: func(t *testing.T, f *fixture) {
				f.addOther(t, "watchdog")
				_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: "watchdog"})
				require.NoError(t, err)
			},
			edit: func(t *testing.T, _ *fixture, m *types.MsgRotateOperator) {
				m.NewOperator = testutil.Bech32(t, "watchdog-ops")
			}},
		{name: "an unknown auditor is refused", wantErr: types.ErrUnknownAuditor,
			edit: func(_ *testing.T, _ *fixture, m *types.MsgRotateOperator) { m.Id = "nobody" }},
		{name: "a removed auditor cannot rotate", wantErr: types.ErrInvalidTransition, prepare: removed},
		{name: "a proposal that expires at once is refused", wantErr: types.ErrInvalidRotation,
			edit: func(_ *testing.T, f *fixture, m *types.MsgRotateOperator) { m.ExpiryHeight = f.ctx.BlockHeight() }},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			before := f.state(t)
			msg := &types.MsgRotateOperator{Operator: f.operator, Id: "sentinel", NewOperator: fresh(t), ExpiryHeight: 100}
			if tc.edit != nil {
				tc.edit(t, f, msg)
			}
			_, err := f.msgs.RotateOperator(f.ctx, msg)
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.state(t), "a refused message changes nothing")
		})
	}
}

func TestUpdateParams(t *testing.T) {
	withFinancialAuditor := func(t *testing.T, f *fixture) { f.addOther(t, "ledger", "financial") }
	withoutFinancial := func(*fixture) types.Params {
		return types.Params{ReputationTypes: []string{"security", "social", "service-quality"}}
	}
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture)
		signer  func(f *fixture) string
		params  func(f *fixture) types.Params
		wantErr error
	}{
		{name: "governance adds a reputation type",
			params: func(*fixture) types.Params {
				return types.Params{ReputationTypes: append(types.DefaultReputationTypes(), "privacy")}
			}},
		{name: "governance drops a reputation type no auditor uses", params: withoutFinancial},
		{name: "governance drops a type only a removed auditor used", params: withoutFinancial,
			prepare: func(t *testing.T, f *fixture) {
				withFinancialAuditor(t, f)
				_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "ledger"})
				require.NoError(t, err)
			}},
		{name: "a registrar cannot change the reputation types", wantErr: sdkerrors.ErrUnauthorized,
			signer: func(f *fixture) string { return f.authority }},
		{name: "an auditor's operator cannot change the reputation types", wantErr: sdkerrors.ErrUnauthorized,
			signer: func(f *fixture) string { return f.operator }},
		{name: "an ordinary account cannot change the reputation types", wantErr: sdkerrors.ErrUnauthorized,
			signer: func(f *fixture) string { return f.outsider }},
		{name: "no reputation types are refused", wantErr: types.ErrInvalidParams,
			params: func(*fixture) types.Params { return types.Params{} }},
		{name: "more than 32 reputation types are refused", wantErr: types.ErrInvalidParams,
			params: func(*fixture) types.Params { return types.Params{ReputationTypes: manyTypes(types.MaxParamTypes + 1)} }},
		{name: "a malformed reputation type is refused", wantErr: types.ErrInvalidParams,
			params: func(*fixture) types.Params { return types.Params{ReputationTypes: []string{"security", "Social"}} }},
		{name: "a reputation type listed twice is refused", wantErr: types.ErrInvalidParams,
			params: func(*fixture) types.Params { return types.Params{ReputationTypes: []string{"security", "security"}} }},
		{name: "dropping a type an active auditor uses is refused", wantErr: types.ErrTypeInUse,
			prepare: withFinancialAuditor, params: withoutFinancial},
		{name: "dropping a type a suspended auditor uses is refused", wantErr: types.ErrTypeInUse,
			prepare: func(t *testing.T, f *fixture) {
				withFinancialAuditor(t, f)
				_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: "ledger"})
				require.NoError(t, err)
			}, params: withoutFinancial},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t) // scope: security, service-quality
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			before := f.state(t)
			signer := f.gov
			if tc.signer != nil {
				signer = tc.signer(f)
			}
			params := types.Params{ReputationTypes: []string{"security", "service-quality", "social"}}
			if tc.params != nil {
				params = tc.params(f)
			}
			_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: signer, Params: params})
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.state(t), "a refused message changes nothing")
				return
			}
			require.NoError(t, err)
			got, err := f.queries.Params(f.ctx, &types.QueryParamsRequest{})
			require.NoError(t, err)
			require.Equal(t, params, got.Params)
			testutil.RequireLastEvent(t, f.ctx, &types.EventParamsUpdated{ReputationTypes: params.ReputationTypes})
			// The registry stays exportable and importable under the new params.
			require.NoError(t, f.state(t).Validate(testutil.AccCodec))
		})
	}
	t.Run("a dropped type can no longer be given to an auditor", func(t *testing.T) {
		f := setup(t)
		_, err := f.msgs.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: withoutFinancial(f)})
		require.NoError(t, err)
		msg := f.addMsg()
		msg.ReputationTypes = []string{"financial"}
		_, err = f.msgs.AddAuditor(f.ctx, msg)
		require.ErrorIs(t, err, types.ErrInvalidReputationTypes)
	})
}

// rotate has sentinel's operator propose next and next accept.
func (f *fixture) rotate(t *testing.T, next string) {
	t.Helper()
	_, err := f.msgs.RotateOperator(f.ctx, &types.MsgRotateOperator{Operator: f.operator, Id: "sentinel", NewOperator: next, ExpiryHeight: f.ctx.BlockHeight() + 10})
	require.NoError(t, err)
	_, err = f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: next, Id: "sentinel"})
	require.NoError(t, err)
}
