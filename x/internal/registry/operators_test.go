package registry_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/internal/registry"
)

func TestIndex(t *testing.T) {
	f := setup(t)
	require.NoError(t, f.index.Add(f.ctx, "acme", []string{f.alice, f.bob}))
	require.Equal(t, "acme", f.operated(t, f.bob))

	require.NoError(t, f.index.CheckFree(f.ctx, "acme", []string{f.alice, f.carol}, errOperatorTaken),
		"a record's own operators and unindexed accounts are free for it")
	err := f.index.CheckFree(f.ctx, "bolt", []string{f.carol, f.bob}, errOperatorTaken)
	require.ErrorIs(t, err, errOperatorTaken, "an operator of another record is taken")
	require.ErrorContains(t, err, f.bob+" operates acme")

	require.NoError(t, f.index.Rotate(f.ctx, "acme", []string{f.alice, f.bob}, []string{f.carol}))
	require.Empty(t, f.operated(t, f.alice), "rotated-out operators operate nothing")
	require.Equal(t, "acme", f.operated(t, f.carol), "the new operator operates the record")

	require.NoError(t, f.index.Release(f.ctx, []string{f.carol}))
	require.Empty(t, f.operated(t, f.carol), "released operators operate nothing")
}

func TestPropose(t *testing.T) {
	f := setup(t) // at height 7
	rec := active("acme", f.alice, f.bob)
	cases := []struct {
		name         string
		next         []string
		expiry       int64
		wantAccepted []string
		wantNow      bool
		wantErr      error
	}{
		{"dropping an operator takes effect at once", []string{f.alice}, 0, []string{f.alice}, true, nil},
		{"a new account must accept", []string{f.alice, f.carol}, 8, []string{f.alice}, false, nil},
		{"only new accounts wait", []string{f.carol}, 8, nil, false, nil},
		{"an expiry at the current height is refused", []string{f.carol}, 7, nil, false, errInvalidRot},
		{"an expiry in the past is refused", []string{f.carol}, 3, nil, false, errInvalidRot},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			accepted, now, err := registry.Propose(f.ctx, rec, c.next, c.expiry, errs)
			if c.wantErr != nil {
				require.ErrorIs(t, err, c.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.wantAccepted, accepted)
			require.Equal(t, c.wantNow, now)
		})
	}
}

func TestAccept(t *testing.T) {
	outsider := testutil.Bech32(t, "outsider")
	f := setup(t) // at height 7
	pending := active("acme", f.alice)
	pending.Next, pending.Accepted, pending.Expiry = []string{f.alice, f.bob, f.carol}, []string{f.alice}, 9

	next, accepted, expiry, err := registry.Accept(f.ctx, pending, f.bob, errs)
	require.NoError(t, err, "a proposed account accepts")
	require.Equal(t, pending.Next, next)
	require.Equal(t, []string{f.alice, f.bob}, accepted, "its consent is added")
	require.Equal(t, int64(9), expiry)

	cases := []struct {
		name   string
		rec    record
		signer string
		height int64
		want   error
	}{
		{"nothing to accept without a pending rotation", active("acme", f.alice), f.bob, 7, errNoRotation},
		{"an account not proposed is refused", pending, outsider, 7, errNotOperator},
		{"an account that accepted does not accept again", pending, f.alice, 7, errNotOperator},
		{"the last height of the offer still accepts", pending, f.carol, 9, nil},
		{"an acceptance after the expiry is refused", pending, f.carol, 10, errExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, err := registry.Accept(f.ctx.WithBlockHeight(c.height), c.rec, c.signer, errs)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
		})
	}
}
