package keeper_test

import (
	"strings"
	"testing"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/permission/types"
)

func TestOnlyGovernanceDoesWhatCannotBeUndone(t *testing.T) {
	f := setup(t)
	require.NoError(t, f.k.CheckGovernance(f.ctx, f.gov, "remove"))
	for name, addr := range map[string]string{"a registrar": f.registrar, "an outsider": f.outsider} {
		require.ErrorIs(t, f.k.CheckGovernance(f.ctx, addr, "remove"), sdkerrors.ErrUnauthorized, name)
	}
	for name, addr := range map[string]string{"nobody": "", "gov in upper case": strings.ToUpper(f.gov)} {
		require.ErrorIs(t, f.k.CheckGovernance(f.ctx, addr, "remove"), types.ErrInvalidAddress, name)
	}
	ok, err := f.k.IsAuthority(f.ctx, f.registrar)
	require.NoError(t, err)
	require.True(t, ok, "a registrar still acts for the authority in what can be undone")
}

// TestConsensusParamsAuthorityTakesPrecedence sets an authority in the
// consensus params: it, not x/gov, is then the governance authority of
// MsgUpdateParams, CheckGovernance and IsAuthority, while the registrars keep
// their place.
func TestConsensusParamsAuthorityTakesPrecedence(t *testing.T) {
	f := setup(t)
	chosen := testutil.Bech32(t, "consensus-authority")
	ctx := f.ctx.WithConsensusParams(cmtproto.ConsensusParams{Authority: &cmtproto.AuthorityParams{Authority: chosen}})
	params := types.Params{Registrars: []string{f.registrar}, MinValidators: 2}

	_, err := f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: f.gov, Params: params})
	require.ErrorIs(t, err, sdkerrors.ErrUnauthorized, "x/gov is no longer the authority")
	_, err = f.msgs.UpdateParams(ctx, &types.MsgUpdateParams{Authority: chosen, Params: params})
	require.NoError(t, err, "the consensus params' authority changes params")
	got, err := f.k.Params.Get(ctx)
	require.NoError(t, err)
	require.Equal(t, params, got)

	require.ErrorIs(t, f.k.CheckGovernance(ctx, f.gov, "remove"), sdkerrors.ErrUnauthorized)
	require.NoError(t, f.k.CheckGovernance(ctx, chosen, "remove"))

	for _, tc := range []struct {
		name string
		addr string
		want bool
	}{
		{"the consensus params' authority acts for the network authority", chosen, true},
		{"x/gov no longer does", f.gov, false},
		{"a registrar still does", f.registrar, true},
		{"an outsider does not", f.outsider, false},
	} {
		ok, err := f.k.IsAuthority(ctx, tc.addr)
		require.NoError(t, err, tc.name)
		require.Equal(t, tc.want, ok, tc.name)
	}
	_, err = f.msgs.AllowValidator(ctx, &types.MsgAllowValidator{Authority: f.gov, Operator: f.outsider})
	require.ErrorIs(t, err, types.ErrNotAuthority, "x/gov's key is refused by CheckAuthority too")
}
