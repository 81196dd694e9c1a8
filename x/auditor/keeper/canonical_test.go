package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/auditor/types"
)

// notCanonical is what every refusal of a non-canonical spelling says.
const notCanonical = "not canonical: use lower case"

// An auditor's operator is indexed by its bytes but stored and compared as
// text: an upper-case spelling is refused, never admitted or rotated to.
func TestNonCanonicalOperatorsAreRefused(t *testing.T) {
	cases := []struct {
		name  string
		added bool // sentinel is admitted first
		send  func(t *testing.T, f *fixture) error
	}{
		{name: "an admission with an upper-case operator is refused",
			send: func(_ *testing.T, f *fixture) error {
				m := f.addMsg()
				m.Operator = strings.ToUpper(f.operator)
				_, err := f.msgs.AddAuditor(f.ctx, m)
				return err
			}},
		{name: "an update by the operator in upper case is refused", added: true,
			send: func(_ *testing.T, f *fixture) error {
				_, err := f.msgs.UpdateAuditor(f.ctx, &types.MsgUpdateAuditor{Operator: strings.ToUpper(f.operator), Id: "sentinel", Name: "Renamed"})
				return err
			}},
		{name: "a rotation by the operator in upper case is refused", added: true,
			send: func(t *testing.T, f *fixture) error {
				_, err := f.msgs.RotateOperator(f.ctx, &types.MsgRotateOperator{Operator: strings.ToUpper(f.operator), Id: "sentinel",
					NewOperator: testutil.Bech32(t, "sentinel-new")})
				return err
			}},
		{name: "a rotation to an upper-case operator is refused", added: true,
			send: func(t *testing.T, f *fixture) error {
				_, err := f.msgs.RotateOperator(f.ctx, &types.MsgRotateOperator{Operator: f.operator, Id: "sentinel",
					NewOperator: strings.ToUpper(testutil.Bech32(t, "sentinel-new"))})
				return err
			}},
		{name: "a rotation to the operator's own address in upper case is refused as not canonical", added: true,
			send: func(_ *testing.T, f *fixture) error {
				_, err := f.msgs.RotateOperator(f.ctx, &types.MsgRotateOperator{Operator: f.operator, Id: "sentinel",
					NewOperator: strings.ToUpper(f.operator)})
				return err
			}},
		{name: "the score writers' gate refuses the operator in upper case", added: true,
			send: func(_ *testing.T, f *fixture) error {
				_, err := f.k.ActiveAuditorOperatedBy(f.ctx, strings.ToUpper(f.operator))
				return err
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			if tc.added {
				f.add(t)
			}
			before := f.state(t)
			err := tc.send(t, f)
			require.ErrorIs(t, err, types.ErrInvalidOperator)
			require.ErrorContains(t, err, notCanonical)
			require.Equal(t, before, f.state(t), "a refused message changes nothing")
		})
	}
}

func TestAuditorByOperatorRefusesAnUpperCaseOperator(t *testing.T) {
	f := setup(t)
	f.add(t)
	_, err := f.queries.AuditorByOperator(f.ctx, &types.QueryAuditorByOperatorRequest{Operator: strings.ToUpper(f.operator)})
	require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
	require.ErrorContains(t, err, notCanonical)
}

func TestGenesisRefusesAnUpperCaseOperator(t *testing.T) {
	f := setup(t)
	f.add(t)
	gs := f.state(t)
	gs.Auditors[0].Operator = strings.ToUpper(f.operator)
	err := gs.Validate(testutil.AccCodec)
	require.ErrorIs(t, err, types.ErrInvalidOperator)
	require.ErrorContains(t, err, notCanonical)

	g := setup(t)
	require.ErrorIs(t, g.k.InitGenesis(g.ctx, gs), types.ErrInvalidOperator)
	require.Empty(t, g.state(t).Auditors, "nothing is stored")
}
