package registry_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/x/internal/registry"
)

func TestQueries(t *testing.T) {
	f := setup(t)
	removed := record{ID: "gone", Status: registry.StatusRemoved, Ops: []string{f.carol}}
	require.NoError(t, registry.Load(f.ctx, f.records, f.index, []record{active("acme", f.alice), removed}))
	validateID := func(id string) error { return registry.ValidateID(id, errInvalid) }
	parse := func(s string) (sdk.AccAddress, error) { return f.index.AddressCodec.StringToBytes(s) }
	code := func(err error) codes.Code { return status.Code(err) }

	rec, err := registry.QueryByID(f.ctx, f.records, "acme", validateID, errUnknown)
	require.NoError(t, err)
	require.Equal(t, "acme", rec.ID)
	_, err = registry.QueryByID(f.ctx, f.records, "A", validateID, errUnknown)
	require.Equal(t, codes.InvalidArgument, code(err), "a malformed id is a bad request")
	_, err = registry.QueryByID(f.ctx, f.records, "nobody", validateID, errUnknown)
	require.Equal(t, codes.NotFound, code(err), "an unknown id is not found")

	rec, err = registry.QueryByOperator(f.ctx, f.records, f.index, f.alice, "widget maker", parse, errUnknown)
	require.NoError(t, err)
	require.Equal(t, "acme", rec.ID)
	_, err = registry.QueryByOperator(f.ctx, f.records, f.index, "junk", "widget maker", parse, errUnknown)
	require.Equal(t, codes.InvalidArgument, code(err), "a malformed account is a bad request")
	_, err = registry.QueryByOperator(f.ctx, f.records, f.index, f.carol, "widget maker", parse, errUnknown)
	require.Equal(t, codes.NotFound, code(err), "a removed record's operator operates nothing")
	require.ErrorContains(t, err, "operates no widget maker")

	for _, c := range []struct {
		status registry.Status
		want   []string
	}{
		{registry.StatusUnspecified, []string{"acme", "gone"}},
		{registry.StatusActive, []string{"acme"}},
		{registry.StatusSuspended, nil},
		{registry.StatusRemoved, []string{"gone"}},
	} {
		t.Run(fmt.Sprintf("listing %s records", c.status), func(t *testing.T) {
			list, _, err := registry.QueryList(f.ctx, f.records, c.status, &query.PageRequest{})
			require.NoError(t, err)
			var ids []string
			for _, r := range list {
				ids = append(ids, r.ID)
			}
			require.Equal(t, c.want, ids)
		})
	}
	for _, st := range []registry.Status{-1, 4} {
		_, _, err := registry.QueryList(f.ctx, f.records, st, nil)
		require.Equal(t, codes.InvalidArgument, code(err), "status %d is unknown", st)
	}
}

func TestLoadAndAppendAll(t *testing.T) {
	f := setup(t)
	recs := []record{active("acme", f.alice, f.bob), {ID: "gone", Status: registry.StatusRemoved, Ops: []string{f.carol}}}
	require.NoError(t, registry.Load(f.ctx, f.records, f.index, recs))
	require.Equal(t, "acme", f.operated(t, f.bob), "a live record's operators are indexed")
	require.Empty(t, f.operated(t, f.carol), "a removed record's operators are not")

	got, err := registry.AppendAll(f.ctx, f.records, []record{})
	require.NoError(t, err)
	require.Equal(t, recs, got, "export gives back what was loaded, in id order")
	require.NoError(t, registry.OperatorIndexInvariant(f.ctx, "registrytest", f.records, f.index))
}

func TestInvariants(t *testing.T) {
	f := setup(t)
	f.admit(t, active("acme", f.alice))
	require.NoError(t, registry.OperatorIndexInvariant(f.ctx, "registrytest", f.records, f.index), "an admission keeps the index")

	t.Run("an index entry no record names is reported", func(t *testing.T) {
		f := setup(t)
		f.admit(t, active("acme", f.alice))
		require.NoError(t, f.index.Add(f.ctx, "acme", []string{f.bob}))
		require.ErrorContains(t, registry.OperatorIndexInvariant(f.ctx, "registrytest", f.records, f.index), "operator-index invariant broken")
	})
	t.Run("a live operator missing from the index is reported", func(t *testing.T) {
		f := setup(t)
		f.admit(t, active("acme", f.alice))
		require.NoError(t, f.index.Release(f.ctx, []string{f.alice}))
		require.Error(t, registry.OperatorIndexInvariant(f.ctx, "registrytest", f.records, f.index))
	})
	t.Run("two records sharing an operator are reported", func(t *testing.T) {
		f := setup(t)
		require.NoError(t, f.records.Set(f.ctx, "acme", active("acme", f.alice)))
		require.NoError(t, f.records.Set(f.ctx, "bolt", active("bolt", f.alice)))
		require.ErrorContains(t, registry.OperatorIndexInvariant(f.ctx, "registrytest", f.records, f.index), "operates both acme and bolt")
	})
	t.Run("a record under another id or failing validation is broken", func(t *testing.T) {
		f := setup(t)
		require.NoError(t, f.records.Set(f.ctx, "acme", active("bolt", f.alice)))
		broken, err := registry.RecordsBroken(f.ctx, "widget maker", f.records, func(record) error { return errors.New("bad") })
		require.NoError(t, err)
		require.Len(t, broken, 2)
		require.ErrorContains(t, broken[0], `record "bolt" is stored under "acme"`)
		require.ErrorContains(t, broken[1], "widget maker acme: bad")
	})
}
