package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/manufacturer/types"
)

// notCanonical is what every refusal of a non-canonical spelling says.
const notCanonical = "not canonical: use lower case"

// Operators are compared and indexed as text by the registry: an upper-case
// spelling of an account must be refused, never stored beside (or instead
// of) its canonical one.
func TestNonCanonicalOperatorsAreRefused(t *testing.T) {
	cases := []struct {
		name  string
		added bool // acme is admitted first
		send  func(t *testing.T, f *fixture) error
	}{
		{name: "an admission with an upper-case operator is refused",
			send: func(_ *testing.T, f *fixture) error {
				m := f.addMsg()
				m.Operators = []string{strings.ToUpper(f.operator)}
				_, err := f.msgs.AddManufacturer(f.ctx, m)
				return err
			}},
		{name: "an admission naming one operator in both cases is refused, not admitted with two",
			send: func(_ *testing.T, f *fixture) error {
				m := f.addMsg()
				m.Operators = []string{f.operator, strings.ToUpper(f.operator)}
				_, err := f.msgs.AddManufacturer(f.ctx, m)
				return err
			}},
		{name: "an update by the operator in upper case is refused", added: true,
			send: func(_ *testing.T, f *fixture) error {
				_, err := f.msgs.UpdateManufacturer(f.ctx, &types.MsgUpdateManufacturer{Operator: strings.ToUpper(f.operator), Id: "acme", Name: "Renamed"})
				return err
			}},
		{name: "a rotation by the operator in upper case is refused", added: true,
			send: func(t *testing.T, f *fixture) error {
				_, err := f.msgs.RotateOperators(f.ctx, &types.MsgRotateOperators{Operator: strings.ToUpper(f.operator), Id: "acme",
					NewOperators: []string{testutil.Bech32(t, "acme-new")}})
				return err
			}},
		{name: "a rotation to an upper-case operator is refused", added: true,
			send: func(t *testing.T, f *fixture) error {
				_, err := f.msgs.RotateOperators(f.ctx, &types.MsgRotateOperators{Operator: f.operator, Id: "acme",
					NewOperators: []string{strings.ToUpper(testutil.Bech32(t, "acme-new"))}})
				return err
			}},
		{name: "the device registry's operator check refuses an upper-case operator", added: true,
			send: func(_ *testing.T, f *fixture) error {
				_, err := f.k.ActiveManufacturerOperatedBy(f.ctx, "acme", strings.ToUpper(f.operator))
				return err
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			if tc.added {
				f.add(t)
			}
			before, pools := f.state(t), len(f.pools)
			err := tc.send(t, f)
			require.ErrorIs(t, err, types.ErrInvalidOperators)
			require.ErrorContains(t, err, notCanonical)
			require.Equal(t, before, f.state(t), "a refused message changes nothing")
			require.Len(t, f.pools, pools, "no pool is opened")
		})
	}
}

func TestManufacturerByOperatorRefusesAnUpperCaseOperator(t *testing.T) {
	f := setup(t)
	f.add(t)
	_, err := f.queries.ManufacturerByOperator(f.ctx, &types.QueryManufacturerByOperatorRequest{Operator: strings.ToUpper(f.operator)})
	require.Equal(t, codes.InvalidArgument, status.Code(err), "%v", err)
	require.ErrorContains(t, err, notCanonical)

	res, err := f.queries.ManufacturerByOperator(f.ctx, &types.QueryManufacturerByOperatorRequest{Operator: f.operator})
	require.NoError(t, err)
	require.Equal(t, "acme", res.Manufacturer.Id, "the canonical spelling finds it")
}

func TestGenesisRefusesNonCanonicalOperators(t *testing.T) {
	f := setup(t)
	f.add(t)
	valid := f.state(t)
	require.NoError(t, valid.Validate(testutil.AccCodec))

	upper := f.state(t)
	upper.Manufacturers[0].Operators = []string{strings.ToUpper(f.operator)}
	err := upper.Validate(testutil.AccCodec)
	require.ErrorIs(t, err, types.ErrInvalidOperators)
	require.ErrorContains(t, err, notCanonical)

	// Two manufacturers sharing one operator under two spellings would give
	// the account two records; the spelling is refused before that.
	twice := f.state(t)
	other := twice.Manufacturers[0]
	other.Id, other.Operators = "bosch", []string{strings.ToUpper(f.operator)}
	twice.Manufacturers = append(twice.Manufacturers, other)
	require.ErrorIs(t, twice.Validate(testutil.AccCodec), types.ErrInvalidOperators)

	g := setup(t)
	require.ErrorIs(t, g.k.InitGenesis(g.ctx, upper), types.ErrInvalidOperators)
	require.Empty(t, g.state(t).Manufacturers, "nothing is stored")
}
