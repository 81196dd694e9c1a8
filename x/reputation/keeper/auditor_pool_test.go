package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/testutil"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
)

// TestWriteScoresCreditsTheAuditorPool checks that a batch's rewarded
// scores are credited to their auditor in the auditor pool's epoch, once per
// batch, with the auditor's weight and, per score, the same blocks the
// reward is prorated by.
func TestWriteScoresCreditsTheAuditorPool(t *testing.T) {
	f := setup(t)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 100), score(f.pump, "social", 100))
	require.Equal(t, []string{credit("sentinel", 100, 0, 0)}, f.token.credits,
		"first scores earn the full credit at the auditor's weight, in one call for the batch")

	f.advance(5)
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 200), score(f.meter, "social", 200))
	f.mustWrite(t, f.veritas, score(f.meter, "security", 300))
	require.Equal(t, []string{credit("sentinel", 100, 5, 0), credit("veritas", 300, 0)}, f.token.credits[1:],
		"a re-score counts the blocks since the auditor's last score of the device and type; another type or auditor is a first score")

	f.mustWrite(t, f.sentinel, score(f.meter, "security", 400), score(f.lamp, "security", 400))
	require.Equal(t, credit("sentinel", 100, 0), f.token.credits[3],
		"a re-score in the same block earns no credit, as it earns no reward; the rest of the batch does")
	f.mustWrite(t, f.sentinel, score(f.meter, "security", 500))
	require.Len(t, f.token.credits, 4, "a batch of same-block re-scores asks for no credit at all")
	require.Len(t, f.token.rewards, 2+2+1+1, "every rewarded score is credited (2, 2, 1 and 1 above), and only those")
}

// TestAuditorPoolPayee checks whom x/reputation names to x/token for each
// auditor of an ending epoch.
func TestAuditorPoolPayee(t *testing.T) {
	f := setup(t)
	f.auditors.byOperator[testutil.Bech32(t, "gone-ops")] = &auditortypes.Auditor{
		Id: "gone", Operator: testutil.Bech32(t, "gone-ops"), Status: auditortypes.STATUS_REMOVED, Weight: 10,
	}
	require.NoError(t, f.k.EndAuditorEpoch(f.ctx))
	require.NotNil(t, f.token.payee, "the end block hands x/token the registry's view")

	account := func(s string) sdk.AccAddress {
		bz, err := testutil.AccCodec.StringToBytes(s)
		require.NoError(t, err)
		return bz
	}
	cases := []struct {
		name        string
		id          string
		wantAccount sdk.AccAddress
		wantForfeit string
	}{
		{"an active auditor is paid at its operator", "sentinel", account(f.sentinel), ""},
		{"a suspended auditor forfeits its credit", "dormant", nil, "suspended"},
		{"a removed auditor forfeits its credit", "gone", nil, "removed"},
		{"an auditor the registry does not know forfeits its credit", "ghost", nil, "unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, forfeit, err := f.token.payee(f.ctx, tc.id)
			require.NoError(t, err)
			require.Equal(t, tc.wantAccount, got)
			require.Equal(t, tc.wantForfeit, forfeit)
		})
	}

	t.Run("an auditor that rotated its operator is paid at the new one", func(t *testing.T) {
		rotated := testutil.Bech32(t, "sentinel-ops-2")
		f.auditors.byOperator[f.sentinel].Operator = rotated
		got, forfeit, err := f.token.payee(f.ctx, "sentinel")
		require.NoError(t, err)
		require.Empty(t, forfeit)
		require.Equal(t, account(rotated), got)
	})
}
