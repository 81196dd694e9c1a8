package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"

	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// notCanonical is what every refusal of a non-canonical spelling says.
const notCanonical = "not canonical: use lower case"

func TestWriteScoresRefusesNonCanonicalSpellings(t *testing.T) {
	cases := []struct {
		name     string
		operator func(f *fixture) string
		entries  func(f *fixture) []types.ScoreEntry
		wantErr  error
	}{
		{name: "the auditor's operator in upper case is refused", wantErr: auditortypes.ErrInvalidOperator,
			operator: func(f *fixture) string { return strings.ToUpper(f.sentinel) },
			entries:  func(f *fixture) []types.ScoreEntry { return []types.ScoreEntry{score(f.meter, "security", 100)} }},
		{name: "a batch naming a device in both cases is refused, not scored twice", wantErr: devicetypes.ErrInvalidDeviceID,
			operator: func(f *fixture) string { return f.sentinel },
			entries: func(f *fixture) []types.ScoreEntry {
				return []types.ScoreEntry{score(f.meter, "security", 100), score(upper(f.meter), "social", 200)}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := setup(t)
			f.mustWrite(t, f.sentinel, score(f.meter, "security", 7000))
			before := f.snapshot(t)
			_, err := f.write(tc.operator(f), tc.entries(f)...)
			require.ErrorIs(t, err, tc.wantErr)
			require.ErrorContains(t, err, notCanonical)
			require.Equal(t, before, f.snapshot(t), "a refused batch changes nothing and charges nothing")
		})
	}
}

func TestQueriesRefuseNonCanonicalSpellings(t *testing.T) {
	f := setup(t)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 800))
	queries := map[string]func() error{
		"DeviceReputation of an upper-case id": func() error {
			_, err := f.queries.DeviceReputation(f.ctx, &types.QueryDeviceReputationRequest{DeviceId: upper(f.meter)})
			return err
		},
		"History of an upper-case id": func() error {
			_, err := f.queries.History(f.ctx, &types.QueryHistoryRequest{DeviceId: upper(f.meter), ReputationType: "security"})
			return err
		},
		"OwnerReputation of an upper-case owner": func() error {
			_, err := f.queries.OwnerReputation(f.ctx, &types.QueryOwnerReputationRequest{Owner: strings.ToUpper(f.outsider)})
			return err
		},
	}
	for name, query := range queries {
		t.Run(name+" is refused", func(t *testing.T) {
			err := query()
			requireCode(t, err, codes.InvalidArgument)
			require.ErrorContains(t, err, notCanonical)
		})
	}
}

func TestGenesisRefusesAnUpperCaseDeviceID(t *testing.T) {
	f := setup(t)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 800))
	gs := f.state(t)
	require.NoError(t, gs.Validate())
	gs.Latest[0].DeviceId = upper(gs.Latest[0].DeviceId)
	err := gs.Validate()
	require.ErrorIs(t, err, types.ErrInvalidGenesis)
	require.ErrorContains(t, err, notCanonical)

	gs = f.state(t)
	gs.History[0].DeviceId = upper(gs.History[0].DeviceId)
	require.ErrorIs(t, gs.Validate(), types.ErrInvalidGenesis)
}
