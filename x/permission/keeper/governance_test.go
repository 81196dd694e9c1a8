package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/permission/types"
)

func TestOnlyGovernanceDoesWhatCannotBeUndone(t *testing.T) {
	f := setup(t)
	require.True(t, f.k.IsGovernance(f.gov))
	require.NoError(t, f.k.CheckGovernance(f.ctx, f.gov, "remove"))
	for name, addr := range map[string]string{"a registrar": f.registrar, "an outsider": f.outsider} {
		require.False(t, f.k.IsGovernance(addr), name)
		require.ErrorIs(t, f.k.CheckGovernance(f.ctx, addr, "remove"), types.ErrGovernanceOnly, name)
	}
	for name, addr := range map[string]string{"nobody": "", "gov in upper case": strings.ToUpper(f.gov)} {
		require.ErrorIs(t, f.k.CheckGovernance(f.ctx, addr, "remove"), types.ErrInvalidAddress, name)
	}
	ok, err := f.k.IsAuthority(f.ctx, f.registrar)
	require.NoError(t, err)
	require.True(t, ok, "a registrar still acts for the authority in what can be undone")
}
