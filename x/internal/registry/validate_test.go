package registry_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/internal/registry"
)

func TestIsSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"acme":                  true,
		"service-quality":       true,
		"a1":                    true,
		strings.Repeat("a", 32): true,
		"a":                     false, // one letter is too short
		strings.Repeat("a", 33): false,
		"":                      false,
		"1acme":                 false,
		"-acme":                 false,
		"Acme":                  false,
		"ac_me":                 false,
		"ac me":                 false,
	} {
		require.Equal(t, want, registry.IsSlug(s), "%q", s)
		err := registry.ValidateID(s, errInvalid)
		if want {
			require.NoError(t, err)
		} else {
			require.ErrorIs(t, err, errInvalid, "%q", s)
		}
	}
}

func TestValidateProfile(t *testing.T) {
	require.NoError(t, registry.ValidateName("Acme Corp", errInvalid))
	require.NoError(t, registry.ValidateName(strings.Repeat("n", registry.MaxNameLength), errInvalid))
	for _, name := range []string{"", "   ", strings.Repeat("n", registry.MaxNameLength+1)} {
		require.ErrorIs(t, registry.ValidateName(name, errInvalid), errInvalid, "name %q", name)
	}
	require.NoError(t, registry.ValidateURL("", errInvalid), "a url is optional")
	require.NoError(t, registry.ValidateURL(strings.Repeat("u", registry.MaxURLLength), errInvalid))
	require.ErrorIs(t, registry.ValidateURL(strings.Repeat("u", registry.MaxURLLength+1), errInvalid), errInvalid)
}

func TestValidateStored(t *testing.T) {
	for st, ok := range map[registry.Status]bool{
		registry.StatusUnspecified: false, registry.StatusActive: true,
		registry.StatusSuspended: true, registry.StatusRemoved: true, 4: false, -1: false,
	} {
		err := registry.ValidateStatus("widget maker", record{ID: "acme", Status: st}, errInvalid)
		if ok {
			require.NoError(t, err, "status %s", st)
		} else {
			require.ErrorIs(t, err, errInvalid, "status %s", st)
		}
	}
	require.NoError(t, registry.ValidateAdmissionHeight("widget maker", "acme", 0, errInvalid))
	require.ErrorIs(t, registry.ValidateAdmissionHeight("widget maker", "acme", -1, errInvalid), errInvalid)
}

func TestValidateGenesis(t *testing.T) {
	f := setup(t)
	errBad := errors.New("bad record")
	valid := func(r record) error {
		if r.ID == "bad" {
			return errBad
		}
		return nil
	}
	removed := record{ID: "gone", Status: registry.StatusRemoved, Ops: []string{f.alice}}
	cases := []struct {
		name string
		recs []record
		want error
	}{
		{"distinct records are valid", []record{active("acme", f.alice), active("bolt", f.bob)}, nil},
		{"a removed record's operators are free for another", []record{removed, active("acme", f.alice)}, nil},
		{"a record that fails validation is refused", []record{active("acme", f.alice), active("bad", f.bob)}, errBad},
		{"an id listed twice is refused", []record{active("acme", f.alice), active("acme", f.bob)}, errInvalid},
		{"an operator of two live records is refused", []record{active("acme", f.alice), active("bolt", f.bob, f.alice)}, errInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := registry.ValidateGenesis("widget maker", c.recs, valid, errInvalid)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
		})
	}
	err := registry.ValidateGenesis("widget maker", []record{active("acme", f.alice), active("bad", f.bob)}, valid, errInvalid)
	require.ErrorContains(t, err, "widget maker 1", "the refusal names the record's position")
}
