package registry_test

import (
	"context"
	"encoding/json"
	"testing"

	"cosmossdk.io/collections"
	collcodec "cosmossdk.io/collections/codec"
	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/internal/consent"
	"github.com/atonomi/atonomid/x/internal/registry"
)

// record is the tiny registry record of these tests.
type record struct {
	ID       string          `json:"id"`
	Status   registry.Status `json:"status"`
	Ops      []string        `json:"ops"`
	Next     []string        `json:"next,omitempty"`
	Accepted []string        `json:"accepted,omitempty"`
	Expiry   int64           `json:"expiry,omitempty"`
}

func (r record) RecordID() string              { return r.ID }
func (r record) RecordStatus() registry.Status { return r.Status }
func (r record) OperatorAccounts() []string    { return r.Ops }
func (r record) PendingOperatorAccounts() ([]string, []string, int64, bool) {
	return r.Next, r.Accepted, r.Expiry, r.Next != nil
}

// jsonValue stores records as JSON.
type jsonValue struct{}

func (jsonValue) Encode(r record) ([]byte, error)     { return json.Marshal(r) }
func (jsonValue) Decode(b []byte) (record, error)     { var r record; return r, json.Unmarshal(b, &r) }
func (jsonValue) EncodeJSON(r record) ([]byte, error) { return json.Marshal(r) }
func (jsonValue) DecodeJSON(b []byte) (record, error) { var r record; return r, json.Unmarshal(b, &r) }
func (jsonValue) Stringify(r record) string           { return r.ID }
func (jsonValue) ValueType() string                   { return "record" }

var _ collcodec.ValueCodec[record] = jsonValue{}

// The registered refusals of the test "module".
var (
	errUnknown       = errorsmod.Register("registrytest", 2, "unknown record")
	errDuplicateID   = errorsmod.Register("registrytest", 3, "duplicate id")
	errNotOperator   = errorsmod.Register("registrytest", 4, "not an operator")
	errTransition    = errorsmod.Register("registrytest", 5, "invalid transition")
	errOperatorTaken = errorsmod.Register("registrytest", 6, "operator taken")
	errInvalidRot    = errorsmod.Register("registrytest", 7, "invalid rotation")
	errNoRotation    = errorsmod.Register("registrytest", 8, "no pending rotation")
	errExpired       = errorsmod.Register("registrytest", 9, "rotation expired")
	errInvalid       = errorsmod.Register("registrytest", 10, "invalid")

	errs = registry.Errors{
		Unknown: errUnknown, DuplicateID: errDuplicateID, NotOperator: errNotOperator,
		InvalidTransition: errTransition, OperatorTaken: errOperatorTaken,
		Rotation: consent.Errors{Invalid: errInvalidRot, None: errNoRotation, NotOffered: errNotOperator, Expired: errExpired},
	}
)

type fixture struct {
	ctx     sdk.Context
	records collections.Map[string, record]
	index   registry.Index
	// alice and bob are accounts; carol operates nothing at first.
	alice, bob, carol string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey("registrytest")
	sb := collections.NewSchemaBuilder(runtime.NewKVStoreService(key))
	f := &fixture{
		ctx:     testutil.NewContext(t, key),
		records: collections.NewMap(sb, collections.NewPrefix(0), "records", collections.StringKey, collcodec.ValueCodec[record](jsonValue{})),
		alice:   testutil.Bech32(t, "alice"),
		bob:     testutil.Bech32(t, "bob"),
		carol:   testutil.Bech32(t, "carol"),
	}
	f.index = registry.Index{
		Operators:    collections.NewMap(sb, collections.NewPrefix(1), "operators", sdk.AccAddressKey, collections.StringValue),
		AddressCodec: testutil.AccCodec,
	}
	_, err := sb.Build()
	require.NoError(t, err)
	return f
}

func (f *fixture) admit(t *testing.T, r record) {
	t.Helper()
	require.NoError(t, registry.Admit(f.ctx, f.records, f.index, r, errs))
}

// operated returns the id the index names for account, "" for none.
func (f *fixture) operated(t *testing.T, account string) string {
	t.Helper()
	bz, err := testutil.AccCodec.StringToBytes(account)
	require.NoError(t, err)
	id, found, err := f.index.Lookup(f.ctx, bz)
	require.NoError(t, err)
	require.Equal(t, found, id != "")
	return id
}

func active(id string, ops ...string) record {
	return record{ID: id, Status: registry.StatusActive, Ops: ops}
}

func TestAdmit(t *testing.T) {
	f := setup(t)
	f.admit(t, active("acme", f.alice))

	got, err := registry.Get(f.ctx, f.records, "acme", errUnknown)
	require.NoError(t, err)
	require.Equal(t, active("acme", f.alice), got, "an admitted record is stored")
	require.Equal(t, "acme", f.operated(t, f.alice), "and its operators are indexed")

	_, err = registry.Get(f.ctx, f.records, "nobody", errUnknown)
	require.ErrorIs(t, err, errUnknown, "a record never admitted is unknown")

	cases := []struct {
		name string
		rec  record
		want error
	}{
		{"an id already taken is refused", active("acme", f.bob), errDuplicateID},
		{"an operator of another record is refused", active("bolt", f.bob, f.alice), errOperatorTaken},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.ErrorIs(t, registry.Admit(f.ctx, f.records, f.index, c.rec, errs), c.want)
			require.Empty(t, f.operated(t, f.bob), "a refused admission indexes nothing")
		})
	}
}

func TestMoveCheckFrom(t *testing.T) {
	cases := []struct {
		name string
		move registry.Move
		from registry.Status
		ok   bool
	}{
		{"an active record is suspended", registry.Suspend, registry.StatusActive, true},
		{"a suspended record is not suspended again", registry.Suspend, registry.StatusSuspended, false},
		{"a removed record is not suspended", registry.Suspend, registry.StatusRemoved, false},
		{"a suspended record is reinstated", registry.Reinstate, registry.StatusSuspended, true},
		{"an active record is not reinstated", registry.Reinstate, registry.StatusActive, false},
		{"a removed record is not reinstated", registry.Reinstate, registry.StatusRemoved, false},
		{"an active record is removed", registry.Remove, registry.StatusActive, true},
		{"a suspended record is removed", registry.Remove, registry.StatusSuspended, true},
		{"a removed record is not removed again", registry.Remove, registry.StatusRemoved, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.move.CheckFrom(record{ID: "acme", Status: c.from}, errTransition)
			if c.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, errTransition)
			require.ErrorContains(t, err, "acme is "+c.from.String()+", cannot become "+c.move.To.String())
		})
	}
}

func TestMoveCheckSigner(t *testing.T) {
	gov, registrar, outsider := testutil.Bech32(t, "gov"), testutil.Bech32(t, "registrar"), testutil.Bech32(t, "outsider")
	authorities := authorities{gov: true, registrar: false}
	cases := []struct {
		name   string
		move   registry.Move
		signer string
		ok     bool
	}{
		{"a registrar suspends", registry.Suspend, registrar, true},
		{"a registrar reinstates", registry.Reinstate, registrar, true},
		{"x/gov suspends", registry.Suspend, gov, true},
		{"x/gov removes", registry.Remove, gov, true},
		{"a registrar does not remove: it cannot be undone", registry.Remove, registrar, false},
		{"an outsider does not suspend", registry.Suspend, outsider, false},
		{"an outsider does not remove", registry.Remove, outsider, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.move.CheckSigner(context.Background(), authorities, c.signer, "widget maker")
			if c.ok {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
		})
	}
	err := registry.Remove.CheckSigner(context.Background(), authorities, registrar, "widget maker")
	require.ErrorContains(t, err, "removing the widget maker", "the refusal names the act")
}

func TestStatusChecks(t *testing.T) {
	for _, st := range []registry.Status{registry.StatusActive, registry.StatusSuspended, registry.StatusRemoved} {
		rec := record{ID: "acme", Status: st, Ops: []string{"op"}}
		t.Run("a "+st.String()+" record", func(t *testing.T) {
			if st == registry.StatusRemoved {
				require.ErrorIs(t, registry.CheckNotRemoved(rec, errTransition), errTransition, "is frozen")
			} else {
				require.NoError(t, registry.CheckNotRemoved(rec, errTransition), "is live")
			}
			require.NoError(t, registry.CheckOperator(rec, "op", errNotOperator), "has its operators")
			require.ErrorIs(t, registry.CheckOperator(rec, "other", errNotOperator), errNotOperator, "is not operated by others")
			if st == registry.StatusActive {
				require.NoError(t, registry.CheckUpdatable(rec, "widget maker", errTransition), "updates its profile")
			} else {
				require.ErrorIs(t, registry.CheckUpdatable(rec, "widget maker", errTransition), errTransition, "keeps its profile frozen")
			}
		})
	}
}

func TestStatusString(t *testing.T) {
	for st, want := range map[registry.Status]string{
		registry.StatusUnspecified: "unspecified", registry.StatusActive: "active",
		registry.StatusSuspended: "suspended", registry.StatusRemoved: "removed", 7: "7",
	} {
		require.Equal(t, want, st.String())
	}
}

// authorities stands in for x/permission (x/internal reaches no module): the
// listed accounts act for the network authority, those listed true are x/gov.
type authorities map[string]bool

func (a authorities) CheckAuthority(_ context.Context, addr string) error {
	if _, ok := a[addr]; !ok {
		return errorsmod.Wrapf(sdkerrors.ErrUnauthorized, "not an authority: %s", addr)
	}
	return nil
}

func (a authorities) CheckGovernance(_ context.Context, addr, action string) error {
	if !a[addr] {
		return errorsmod.Wrapf(sdkerrors.ErrUnauthorized, "%s: %s", action, addr)
	}
	return nil
}
