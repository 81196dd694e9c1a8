package keeper_test

import (
	"testing"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/manufacturer/types"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

func TestAddManufacturer(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, f *fixture)
		edit    func(f *fixture, m *types.MsgAddManufacturer)
		wantErr error
	}{
		{name: "the authority admits a manufacturer"},
		{name: "an ordinary account cannot admit a manufacturer", wantErr: permissiontypes.ErrNotAuthority,
			edit: func(f *fixture, m *types.MsgAddManufacturer) { m.Authority = f.outsider }},
		{name: "an operator cannot admit its own manufacturer", wantErr: permissiontypes.ErrNotAuthority,
			edit: func(f *fixture, m *types.MsgAddManufacturer) { m.Authority = f.operator }},
		{name: "an id with capitals is refused", wantErr: types.ErrInvalidID,
			edit: func(_ *fixture, m *types.MsgAddManufacturer) { m.Id = "ACME" }},
		{name: "a one-letter id is refused", wantErr: types.ErrInvalidID,
			edit: func(_ *fixture, m *types.MsgAddManufacturer) { m.Id = "a" }},
		{name: "an id starting with a digit is refused", wantErr: types.ErrInvalidID,
			edit: func(_ *fixture, m *types.MsgAddManufacturer) { m.Id = "9acme" }},
		{name: "an empty name is refused", wantErr: types.ErrInvalidName,
			edit: func(_ *fixture, m *types.MsgAddManufacturer) { m.Name = " " }},
		{name: "no operators is refused", wantErr: types.ErrInvalidOperators,
			edit: func(_ *fixture, m *types.MsgAddManufacturer) { m.Operators = nil }},
		{name: "a malformed operator is refused", wantErr: types.ErrInvalidOperators,
			edit: func(_ *fixture, m *types.MsgAddManufacturer) { m.Operators = []string{"cosmos1abc"} }},
		{name: "an operator listed twice is refused", wantErr: types.ErrInvalidOperators,
			edit: func(f *fixture, m *types.MsgAddManufacturer) { m.Operators = []string{f.operator, f.operator} }},
		{name: "a default reputation above the range is refused", wantErr: types.ErrInvalidReputation,
			edit: func(_ *fixture, m *types.MsgAddManufacturer) { m.DefaultReputation = types.MaxReputation + 1 }},
		{name: "an authorization key hash of the wrong size is refused", wantErr: types.ErrInvalidAuthKeyHash,
			edit: func(_ *fixture, m *types.MsgAddManufacturer) { m.AuthKeyHash = []byte{1, 2, 3} }},
		{name: "a country that is not ISO 3166 alpha-2 is refused", wantErr: types.ErrInvalidMetadata,
			edit: func(_ *fixture, m *types.MsgAddManufacturer) { m.Metadata.Country = "Germany" }},
		{name: "an empty certification is refused", wantErr: types.ErrInvalidMetadata,
			edit: func(_ *fixture, m *types.MsgAddManufacturer) { m.Metadata.Certifications = []string{""} }},
		{name: "an id already registered is refused", wantErr: types.ErrDuplicateID,
			prepare: func(t *testing.T, f *fixture) { f.add(t) },
			edit:    func(f *fixture, m *types.MsgAddManufacturer) { m.Operators = []string{f.outsider} }},
		{name: "an account operating another manufacturer is refused", wantErr: types.ErrOperatorTaken,
			prepare: func(t *testing.T, f *fixture) { f.add(t) },
			edit:    func(_ *fixture, m *types.MsgAddManufacturer) { m.Id = "bosch" }},
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
			_, err := f.msgs.AddManufacturer(f.ctx, msg)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.state(t), "a refused message changes nothing")
				require.False(t, f.pools[msg.Id] && tc.prepare == nil, "no pool is opened")
				return
			}
			require.NoError(t, err)
			m, err := f.k.GetManufacturer(f.ctx, "acme")
			require.NoError(t, err)
			require.Equal(t, types.STATUS_ACTIVE, m.Status)
			require.EqualValues(t, 7, m.AdmissionHeight)
			require.Equal(t, msg.Metadata, m.Metadata)
			require.True(t, f.pools["acme"], "its reward pool is opened")
			testutil.RequireLastEvent(t, f.ctx, &types.EventManufacturerAdded{Id: "acme", Authority: f.authority})
		})
	}
}

func TestStatusTransitions(t *testing.T) {
	suspend := func(f *fixture, by string) error {
		_, err := f.msgs.SuspendManufacturer(f.ctx, &types.MsgSuspendManufacturer{Authority: by, Id: "acme", Reason: "audit"})
		return err
	}
	reinstate := func(f *fixture, by string) error {
		_, err := f.msgs.ReinstateManufacturer(f.ctx, &types.MsgReinstateManufacturer{Authority: by, Id: "acme"})
		return err
	}
	remove := func(f *fixture, by string) error {
		_, err := f.msgs.RemoveManufacturer(f.ctx, &types.MsgRemoveManufacturer{Authority: by, Id: "acme", Reason: "fraud"})
		return err
	}
	type op func(f *fixture, by string) error
	cases := []struct {
		name    string
		before  []op
		do      op
		want    types.Status
		wantErr error
		asUser  bool
		asGov   bool // else a registrar signs
	}{
		{name: "an active manufacturer is suspended", do: suspend, want: types.STATUS_SUSPENDED},
		{name: "a suspended manufacturer is reinstated", before: []op{suspend}, do: reinstate, want: types.STATUS_ACTIVE},
		{name: "x/gov suspends too", do: suspend, asGov: true, want: types.STATUS_SUSPENDED},
		{name: "an active manufacturer is removed by x/gov", do: remove, asGov: true, want: types.STATUS_REMOVED},
		{name: "a suspended manufacturer is removed by x/gov", before: []op{suspend}, do: remove, asGov: true, want: types.STATUS_REMOVED},
		{name: "a registrar cannot remove: removal cannot be undone", do: remove, wantErr: sdkerrors.ErrUnauthorized},
		{name: "a registrar cannot remove a suspended manufacturer either", before: []op{suspend}, do: remove, wantErr: sdkerrors.ErrUnauthorized},
		{name: "a suspended manufacturer cannot be suspended again", before: []op{suspend}, do: suspend, wantErr: types.ErrInvalidTransition},
		{name: "an active manufacturer cannot be reinstated", do: reinstate, wantErr: types.ErrInvalidTransition},
		{name: "a removed manufacturer cannot be reinstated", before: []op{remove}, do: reinstate, wantErr: types.ErrInvalidTransition},
		{name: "a removed manufacturer cannot be removed again", before: []op{remove}, do: remove, asGov: true, wantErr: types.ErrInvalidTransition},
		{name: "an ordinary account cannot suspend", do: suspend, asUser: true, wantErr: permissiontypes.ErrNotAuthority},
		{name: "an ordinary account cannot reinstate", before: []op{suspend}, do: reinstate, asUser: true, wantErr: permissiontypes.ErrNotAuthority},
		{name: "an ordinary account cannot remove", do: remove, asUser: true, wantErr: sdkerrors.ErrUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			for _, b := range tc.before {
				require.NoError(t, b(f, f.gov))
			}
			before := f.state(t)
			by := f.authority
			switch {
			case tc.asUser:
				by = f.operator // even the manufacturer's own operator
			case tc.asGov:
				by = f.gov
			}
			err := tc.do(f, by)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.state(t))
				return
			}
			require.NoError(t, err)
			m, err := f.k.GetManufacturer(f.ctx, "acme")
			require.NoError(t, err)
			require.Equal(t, tc.want, m.Status)
		})
	}

	t.Run("an unknown manufacturer cannot be suspended", func(t *testing.T) {
		f := setup(t)
		_, err := f.msgs.SuspendManufacturer(f.ctx, &types.MsgSuspendManufacturer{Authority: f.authority, Id: "nobody"})
		require.ErrorIs(t, err, types.ErrUnknownManufacturer)
	})
	t.Run("removal releases the operator accounts for another manufacturer", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		require.NoError(t, remove(f, f.gov))
		testutil.RequireLastEvent(t, f.ctx, &types.EventManufacturerStatusChanged{
			Id: "acme", Authority: f.gov, From: "active", To: "removed", Reason: "fraud",
		})
		msg := f.addMsg()
		msg.Id = "acme-two"
		_, err := f.msgs.AddManufacturer(f.ctx, msg)
		require.NoError(t, err)
	})
	t.Run("a removed manufacturer's id is never reused", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		require.NoError(t, remove(f, f.gov))
		_, err := f.msgs.AddManufacturer(f.ctx, f.addMsg())
		require.ErrorIs(t, err, types.ErrDuplicateID)
	})
}

func TestSetDefaultReputation(t *testing.T) {
	f := setup(t)
	f.add(t)
	_, err := f.msgs.SetDefaultReputation(f.ctx, &types.MsgSetDefaultReputation{Authority: f.authority, Id: "acme", DefaultReputation: 7000})
	require.NoError(t, err)
	m, err := f.k.GetManufacturer(f.ctx, "acme")
	require.NoError(t, err)
	require.EqualValues(t, 7000, m.DefaultReputation)

	before := f.state(t)
	_, err = f.msgs.SetDefaultReputation(f.ctx, &types.MsgSetDefaultReputation{Authority: f.operator, Id: "acme", DefaultReputation: 9000})
	require.ErrorIs(t, err, permissiontypes.ErrNotAuthority, "a manufacturer cannot raise its own starting score")
	_, err = f.msgs.SetDefaultReputation(f.ctx, &types.MsgSetDefaultReputation{Authority: f.authority, Id: "acme", DefaultReputation: types.MaxReputation + 1})
	require.ErrorIs(t, err, types.ErrInvalidReputation)
	_, err = f.msgs.SetDefaultReputation(f.ctx, &types.MsgSetDefaultReputation{Authority: f.authority, Id: "nobody", DefaultReputation: 1})
	require.ErrorIs(t, err, types.ErrUnknownManufacturer)
	require.Equal(t, before, f.state(t))
}

func TestUpdateManufacturer(t *testing.T) {
	newMeta := types.Metadata{Url: "https://acme.example/iot", Country: "FR"}
	cases := []struct {
		name    string
		signer  func(f *fixture) string
		edit    func(m *types.MsgUpdateManufacturer)
		wantErr error
	}{
		{name: "an operator updates its profile", signer: func(f *fixture) string { return f.operator }},
		{name: "an ordinary account cannot update it", signer: func(f *fixture) string { return f.outsider }, wantErr: types.ErrNotOperator},
		{name: "the authority is not an operator", signer: func(f *fixture) string { return f.authority }, wantErr: types.ErrNotOperator},
		{name: "an empty name is refused", signer: func(f *fixture) string { return f.operator }, wantErr: types.ErrInvalidName,
			edit: func(m *types.MsgUpdateManufacturer) { m.Name = "" }},
		{name: "bad metadata is refused", signer: func(f *fixture) string { return f.operator }, wantErr: types.ErrInvalidMetadata,
			edit: func(m *types.MsgUpdateManufacturer) { m.Metadata.Country = "fr" }},
		{name: "an unknown manufacturer is refused", signer: func(f *fixture) string { return f.operator }, wantErr: types.ErrUnknownManufacturer,
			edit: func(m *types.MsgUpdateManufacturer) { m.Id = "nobody" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			before := f.state(t)
			msg := &types.MsgUpdateManufacturer{Operator: tc.signer(f), Id: "acme", Name: "ACME IoT", Metadata: newMeta}
			if tc.edit != nil {
				tc.edit(msg)
			}
			_, err := f.msgs.UpdateManufacturer(f.ctx, msg)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Equal(t, before, f.state(t))
				return
			}
			require.NoError(t, err)
			m, err := f.k.GetManufacturer(f.ctx, "acme")
			require.NoError(t, err)
			require.Equal(t, "ACME IoT", m.Name)
			require.Equal(t, newMeta, m.Metadata)
			testutil.RequireLastEvent(t, f.ctx, &types.EventManufacturerUpdated{Id: "acme", Operator: f.operator})
		})
	}
	t.Run("a suspended manufacturer's profile is frozen with it", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		_, err := f.msgs.SuspendManufacturer(f.ctx, &types.MsgSuspendManufacturer{Authority: f.authority, Id: "acme"})
		require.NoError(t, err)
		before := f.state(t)
		_, err = f.msgs.UpdateManufacturer(f.ctx, &types.MsgUpdateManufacturer{Operator: f.operator, Id: "acme", Name: "x"})
		require.ErrorIs(t, err, types.ErrInvalidTransition)
		require.Equal(t, before, f.state(t))
	})
	t.Run("a removed manufacturer cannot update its profile", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		_, err := f.msgs.RemoveManufacturer(f.ctx, &types.MsgRemoveManufacturer{Authority: f.gov, Id: "acme"})
		require.NoError(t, err)
		_, err = f.msgs.UpdateManufacturer(f.ctx, &types.MsgUpdateManufacturer{Operator: f.operator, Id: "acme", Name: "x"})
		require.ErrorIs(t, err, types.ErrInvalidTransition)
	})
}

func TestRotateOperators(t *testing.T) {
	fresh := func(t *testing.T) string { return testutil.Bech32(t, "acme-new") }
	t.Run("an operator rotates to new accounts once they accept", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		res, err := f.msgs.RotateOperators(f.ctx, &types.MsgRotateOperators{Operator: f.operator, Id: "acme", NewOperators: []string{fresh(t)}, ExpiryHeight: 100})
		require.NoError(t, err)
		require.False(t, res.Rotated, "naming an account gives it nothing")
		testutil.RequireLastEvent(t, f.ctx, &types.EventOperatorsProposed{Id: "acme", Operator: f.operator, Operators: []string{fresh(t)}, ExpiryHeight: 100})
		m, err := f.k.GetManufacturer(f.ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, []string{f.operator}, m.Operators, "the old operator stays until the new one accepts")
		_, err = f.queries.ManufacturerByOperator(f.ctx, &types.QueryManufacturerByOperatorRequest{Operator: fresh(t)})
		require.Error(t, err, "a named account is not blocked from operating anyone else")

		accepted, err := f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: fresh(t), Id: "acme"})
		require.NoError(t, err)
		require.True(t, accepted.Rotated)
		m, err = f.k.GetManufacturer(f.ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, []string{fresh(t)}, m.Operators)
		_, err = f.queries.ManufacturerByOperator(f.ctx, &types.QueryManufacturerByOperatorRequest{Operator: fresh(t)})
		require.NoError(t, err)
		_, err = f.queries.ManufacturerByOperator(f.ctx, &types.QueryManufacturerByOperatorRequest{Operator: f.operator})
		require.Error(t, err, "the old operator no longer operates it")
		require.Nil(t, m.PendingOperators)
		testutil.RequireLastEvent(t, f.ctx, &types.EventOperatorsRotated{
			Id: "acme", Operator: fresh(t), OldOperators: []string{f.operator}, NewOperators: []string{fresh(t)},
		})
		// The old key is now powerless.
		_, err = f.msgs.UpdateManufacturer(f.ctx, &types.MsgUpdateManufacturer{Operator: f.operator, Id: "acme", Name: "x"})
		require.ErrorIs(t, err, types.ErrNotOperator)
	})
	t.Run("dropping a leaked key takes effect at once: the others consented as operators", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		propose(t, f, f.operator, []string{f.operator, fresh(t)})
		_, err := f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: fresh(t), Id: "acme"})
		require.NoError(t, err)
		res, err := f.msgs.RotateOperators(f.ctx, &types.MsgRotateOperators{Operator: fresh(t), Id: "acme", NewOperators: []string{fresh(t)}})
		require.NoError(t, err)
		require.True(t, res.Rotated)
		m, err := f.k.GetManufacturer(f.ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, []string{fresh(t)}, m.Operators)
	})
	t.Run("every new account must accept before the rotation", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		second := testutil.Bech32(t, "acme-second")
		propose(t, f, f.operator, []string{fresh(t), second})
		res, err := f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: fresh(t), Id: "acme"})
		require.NoError(t, err)
		require.False(t, res.Rotated)
		before := f.state(t)
		_, err = f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: fresh(t), Id: "acme"})
		require.ErrorIs(t, err, types.ErrNotOperator, "an account accepts once")
		require.Equal(t, before, f.state(t))
		res, err = f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: second, Id: "acme"})
		require.NoError(t, err)
		require.True(t, res.Rotated)
		m, err := f.k.GetManufacturer(f.ctx, "acme")
		require.NoError(t, err)
		require.Equal(t, []string{fresh(t), second}, m.Operators)
	})
	t.Run("a suspended manufacturer still rotates a leaked key away", func(t *testing.T) {
		f := setup(t)
		f.add(t)
		_, err := f.msgs.SuspendManufacturer(f.ctx, &types.MsgSuspendManufacturer{Authority: f.authority, Id: "acme"})
		require.NoError(t, err)
		propose(t, f, f.operator, []string{fresh(t)})
		_, err = f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: fresh(t), Id: "acme"})
		require.NoError(t, err)
	})
	acceptRefusals := []struct {
		name    string
		prepare func(t *testing.T, f *fixture) (signer string)
		wantErr error
	}{
		{name: "an account that was not proposed cannot accept", wantErr: types.ErrNotOperator,
			prepare: func(t *testing.T, f *fixture) string {
				propose(t, f, f.operator, []string{fresh(t)})
				return f.outsider
			}},
		{name: "nothing to accept without a proposal", wantErr: types.ErrNoPendingRotation,
			prepare: func(t *testing.T, f *fixture) string { return fresh(t) }},
		{name: "an expired proposal cannot be accepted", wantErr: types.ErrRotationExpired,
			prepare: func(t *testing.T, f *fixture) string {
				propose(t, f, f.operator, []string{fresh(t)})
				f.ctx = f.ctx.WithBlockHeight(101)
				return fresh(t)
			}},
		{name: "a newer proposal replaces the older one", wantErr: types.ErrNotOperator,
			prepare: func(t *testing.T, f *fixture) string {
				propose(t, f, f.operator, []string{fresh(t)})
				propose(t, f, f.operator, []string{testutil.Bech32(t, "acme-other")})
				return fresh(t)
			}},
		{name: "an account that came to operate another manufacturer cannot accept", wantErr: types.ErrOperatorTaken,
			prepare: func(t *testing.T, f *fixture) string {
				propose(t, f, f.operator, []string{fresh(t)})
				other := f.addMsg()
				other.Id, other.Operators = "bosch", []string{fresh(t)}
				_, err := f.msgs.AddManufacturer(f.ctx, other)
				require.NoError(t, err)
				return fresh(t)
			}},
		{name: "a removed manufacturer's proposal cannot be accepted", wantErr: types.ErrInvalidTransition,
			prepare: func(t *testing.T, f *fixture) string {
				propose(t, f, f.operator, []string{fresh(t)})
				_, err := f.msgs.RemoveManufacturer(f.ctx, &types.MsgRemoveManufacturer{Authority: f.gov, Id: "acme"})
				require.NoError(t, err)
				return fresh(t)
			}},
	}
	for _, tc := range acceptRefusals {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			signer := tc.prepare(t, f)
			before := f.state(t)
			_, err := f.msgs.AcceptOperator(f.ctx, &types.MsgAcceptOperator{Operator: signer, Id: "acme"})
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.state(t))
		})
	}
	refusals := []struct {
		name    string
		signer  func(f *fixture) string
		ops     func(t *testing.T, f *fixture) []string
		wantErr error
		expiry  int64 // 0: open until height 100
	}{
		{"a proposal that expires at once is refused", func(f *fixture) string { return f.operator },
			func(t *testing.T, _ *fixture) []string { return []string{fresh(t)} }, types.ErrInvalidRotation, 7 /* the fixture's height */},
		{"an ordinary account cannot rotate", func(f *fixture) string { return f.outsider },
			func(t *testing.T, _ *fixture) []string { return []string{fresh(t)} }, types.ErrNotOperator, 0},
		{"an empty operator list is refused", func(f *fixture) string { return f.operator },
			func(*testing.T, *fixture) []string { return nil }, types.ErrInvalidOperators, 0},
		{"too many operators are refused", func(f *fixture) string { return f.operator },
			func(t *testing.T, _ *fixture) []string {
				var ops []string
				for i := 0; i <= types.MaxOperators; i++ {
					ops = append(ops, testutil.Bech32(t, "op"+string(rune('a'+i))))
				}
				return ops
			}, types.ErrInvalidOperators, 0},
		{"an account operating another manufacturer is refused", func(f *fixture) string { return f.operator },
			func(t *testing.T, f *fixture) []string {
				other := f.addMsg()
				other.Id, other.Operators = "bosch", []string{testutil.Bech32(t, "bosch-ops")}
				_, err := f.msgs.AddManufacturer(f.ctx, other)
				require.NoError(t, err)
				return []string{testutil.Bech32(t, "bosch-ops")}
			}, types.ErrOperatorTaken, 0},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.add(t)
			ops, expiry := tc.ops(t, f), tc.expiry
			if expiry == 0 {
				expiry = 100
			}
			before := f.state(t)
			_, err := f.msgs.RotateOperators(f.ctx, &types.MsgRotateOperators{Operator: tc.signer(f), Id: "acme", NewOperators: ops, ExpiryHeight: expiry})
			require.ErrorIs(t, err, tc.wantErr)
			require.Equal(t, before, f.state(t))
		})
	}
}

// propose has signer propose operators for acme, open until height 100.
func propose(t *testing.T, f *fixture, signer string, operators []string) {
	t.Helper()
	_, err := f.msgs.RotateOperators(f.ctx, &types.MsgRotateOperators{Operator: signer, Id: "acme", NewOperators: operators, ExpiryHeight: 100})
	require.NoError(t, err)
}

func TestDeviceGate(t *testing.T) {
	f := setup(t)
	f.add(t)
	_, err := f.k.ActiveManufacturerOperatedBy(f.ctx, "acme", f.operator)
	require.NoError(t, err, "an operator of an active manufacturer may register devices")
	_, err = f.k.ActiveManufacturerOperatedBy(f.ctx, "acme", f.outsider)
	require.ErrorIs(t, err, types.ErrNotOperator)
	_, err = f.k.ActiveManufacturerOperatedBy(f.ctx, "nobody", f.operator)
	require.ErrorIs(t, err, types.ErrUnknownManufacturer)
	_, err = f.msgs.SuspendManufacturer(f.ctx, &types.MsgSuspendManufacturer{Authority: f.authority, Id: "acme"})
	require.NoError(t, err)
	_, err = f.k.ActiveManufacturerOperatedBy(f.ctx, "acme", f.operator)
	require.ErrorIs(t, err, types.ErrManufacturerInactive, "a suspended manufacturer cannot register devices")

	require.NoError(t, f.k.AddDeviceCounts(f.ctx, "acme", 10, 3))
	require.NoError(t, f.k.AddDeviceCounts(f.ctx, "acme", 0, -1))
	m, err := f.k.GetManufacturer(f.ctx, "acme")
	require.NoError(t, err)
	require.EqualValues(t, 10, m.DevicesRegistered)
	require.EqualValues(t, 2, m.DevicesActive)
}
