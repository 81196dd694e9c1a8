package keeper_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/auditor/types"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// recordingHooks records every call as "auditor weight" and fails with err
// when it is set.
type recordingHooks struct {
	calls []string
	err   error
}

var _ types.AuditorHooks = (*recordingHooks)(nil)

func (h *recordingHooks) AfterAuditorWeightChanged(_ context.Context, auditorID string, effectiveWeight uint32) error {
	if h.err != nil {
		return h.err
	}
	h.calls = append(h.calls, call(auditorID, effectiveWeight))
	return nil
}

// call is the recording of a hook call.
func call(auditorID string, weight uint32) string { return fmt.Sprintf("%s %d", auditorID, weight) }

// hooked is a fixture whose keeper calls a recording fake.
func hooked(t *testing.T) (*fixture, *recordingHooks) {
	t.Helper()
	f := setup(t)
	h := &recordingHooks{}
	f.k.SetHooks(h)
	return f, h
}

// Messages of the registry as steps of a scenario on sentinel.
func suspendStep(t *testing.T, f *fixture) {
	_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: "sentinel"})
	require.NoError(t, err)
}

func reinstateStep(t *testing.T, f *fixture) {
	_, err := f.msgs.ReinstateAuditor(f.ctx, &types.MsgReinstateAuditor{Authority: f.authority, Id: "sentinel"})
	require.NoError(t, err)
}

func removeStep(t *testing.T, f *fixture) {
	_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "sentinel"})
	require.NoError(t, err)
}

func scopeStep(weight uint32, reputationTypes ...string) func(t *testing.T, f *fixture) {
	return func(t *testing.T, f *fixture) {
		if len(reputationTypes) == 0 {
			reputationTypes = []string{"security", "service-quality"}
		}
		_, err := f.msgs.SetAuditorScope(f.ctx, &types.MsgSetAuditorScope{
			Authority: f.authority, Id: "sentinel", ReputationTypes: reputationTypes, Weight: weight,
		})
		require.NoError(t, err)
	}
}

func TestHooksFollowEffectiveWeight(t *testing.T) {
	type step = func(t *testing.T, f *fixture)
	cases := []struct {
		name  string
		steps []step
		want  []string
	}{
		{name: "a suspension passes weight 0", steps: []step{suspendStep},
			want: []string{call("sentinel", 0)}},
		{name: "a reinstatement passes the auditor's weight", steps: []step{suspendStep, reinstateStep},
			want: []string{call("sentinel", 0), call("sentinel", 2500)}},
		{name: "the removal of an active auditor passes weight 0", steps: []step{removeStep},
			want: []string{call("sentinel", 0)}},
		{name: "the removal of a suspended auditor passes weight 0 again", steps: []step{suspendStep, removeStep},
			want: []string{call("sentinel", 0), call("sentinel", 0)}},
		{name: "a new weight of an active auditor is passed", steps: []step{scopeStep(300)},
			want: []string{call("sentinel", 300)}},
		{name: "a scope change that keeps the weight makes no call", steps: []step{scopeStep(2500, "social")}},
		{name: "a new weight of a suspended auditor is passed at its reinstatement",
			steps: []step{suspendStep, scopeStep(300), reinstateStep},
			want:  []string{call("sentinel", 0), call("sentinel", 300)}},
		{name: "an admission makes no call: a new auditor has no scores"},
		{name: "a profile update makes no call", steps: []step{func(t *testing.T, f *fixture) {
			_, err := f.msgs.UpdateAuditor(f.ctx, &types.MsgUpdateAuditor{Operator: f.operator, Id: "sentinel", Name: "Sentinel Audits"})
			require.NoError(t, err)
		}}},
		{name: "an operator rotation makes no call", steps: []step{func(t *testing.T, f *fixture) {
			f.rotate(t, testutil.Bech32(t, "sentinel-new"))
		}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, h := hooked(t)
			f.add(t)
			for _, s := range tc.steps {
				s(t, f)
			}
			require.Equal(t, tc.want, h.calls)
		})
	}
}

func TestHooksAreNotCalledByRefusedMessages(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture)
		do      func(f *fixture) error
		want    error
	}{
		{name: "a suspension by an ordinary account", want: permissiontypes.ErrNotAuthority, do: func(f *fixture) error {
			_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.outsider, Id: "sentinel"})
			return err
		}},
		{name: "the reinstatement of an active auditor", want: types.ErrInvalidTransition, do: func(f *fixture) error {
			_, err := f.msgs.ReinstateAuditor(f.ctx, &types.MsgReinstateAuditor{Authority: f.authority, Id: "sentinel"})
			return err
		}},
		{name: "the removal of an unknown auditor", want: types.ErrUnknownAuditor, do: func(f *fixture) error {
			_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "nobody"})
			return err
		}},
		{name: "a weight above 10000", want: types.ErrInvalidWeight, do: func(f *fixture) error {
			_, err := f.msgs.SetAuditorScope(f.ctx, &types.MsgSetAuditorScope{
				Authority: f.authority, Id: "sentinel", ReputationTypes: []string{"security"}, Weight: types.MaxWeight + 1,
			})
			return err
		}},
		{name: "a new weight set by the auditor's operator", want: permissiontypes.ErrNotAuthority, do: func(f *fixture) error {
			_, err := f.msgs.SetAuditorScope(f.ctx, &types.MsgSetAuditorScope{
				Authority: f.operator, Id: "sentinel", ReputationTypes: []string{"security"}, Weight: 300,
			})
			return err
		}},
		{name: "a new weight of a removed auditor", want: types.ErrInvalidTransition, prepare: removeStep, do: func(f *fixture) error {
			_, err := f.msgs.SetAuditorScope(f.ctx, &types.MsgSetAuditorScope{
				Authority: f.authority, Id: "sentinel", ReputationTypes: []string{"security"}, Weight: 300,
			})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name+" makes no call", func(t *testing.T) {
			f, h := hooked(t)
			f.add(t)
			if tc.prepare != nil {
				tc.prepare(t, f)
			}
			calls := append([]string(nil), h.calls...)
			before := f.state(t)
			require.ErrorIs(t, tc.do(f), tc.want)
			require.Equal(t, calls, h.calls)
			require.Equal(t, before, f.state(t), "a refused message changes nothing")
		})
	}
}

func TestHookErrorAbortsTheMessage(t *testing.T) {
	errHook := errors.New("hook failed")
	cases := map[string]func(f *fixture) error{
		"a suspension": func(f *fixture) error {
			_, err := f.msgs.SuspendAuditor(f.ctx, &types.MsgSuspendAuditor{Authority: f.authority, Id: "sentinel"})
			return err
		},
		"a removal": func(f *fixture) error {
			_, err := f.msgs.RemoveAuditor(f.ctx, &types.MsgRemoveAuditor{Authority: f.gov, Id: "sentinel"})
			return err
		},
		"a new weight": func(f *fixture) error {
			_, err := f.msgs.SetAuditorScope(f.ctx, &types.MsgSetAuditorScope{
				Authority: f.authority, Id: "sentinel", ReputationTypes: []string{"security"}, Weight: 300,
			})
			return err
		},
	}
	for name, do := range cases {
		t.Run(name+" fails with the hook's error", func(t *testing.T) {
			f, h := hooked(t)
			f.add(t)
			h.err = errHook
			before := f.state(t)
			// The message runs on a cached store, as in a transaction, whose
			// writes are kept only when it succeeds.
			parent := f.ctx
			f.ctx, _ = parent.CacheContext()
			require.ErrorIs(t, do(f), errHook)
			f.ctx = parent
			require.Empty(t, h.calls)
			require.Equal(t, before, f.state(t), "the aborted message leaves the registry as it was")
		})
	}
}

func TestSetHooksTwicePanics(t *testing.T) {
	f, _ := hooked(t)
	require.Panics(t, func() { f.k.SetHooks(&recordingHooks{}) })
}

func TestEffectiveWeight(t *testing.T) {
	cases := map[types.Status]uint32{
		types.STATUS_ACTIVE:    2500,
		types.STATUS_SUSPENDED: 0,
		types.STATUS_REMOVED:   0,
	}
	for status, want := range cases {
		t.Run(fmt.Sprintf("a %s auditor of weight 2500 weighs %d", status.StatusName(), want), func(t *testing.T) {
			require.Equal(t, want, types.Auditor{Status: status, Weight: 2500}.EffectiveWeight())
		})
	}
}
