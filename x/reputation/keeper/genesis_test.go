package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/atonomi/atonomid/x/reputation"
	"github.com/atonomi/atonomid/x/reputation/types"
)

func TestGenesisValidate(t *testing.T) {
	require.NoError(t, types.DefaultGenesis().Validate())
	require.NoError(t, (&types.GenesisState{Params: types.Params{MaxBatchSize: 1, HistoryLength: 1}}).Validate())
	for name, p := range invalidParams() {
		t.Run(name+" is an invalid genesis", func(t *testing.T) {
			require.ErrorIs(t, (&types.GenesisState{Params: p}).Validate(), types.ErrInvalidParams)
		})
	}
}

func TestGenesisRoundTrip(t *testing.T) {
	f := setup(t)
	gs := &types.GenesisState{Params: types.Params{MaxBatchSize: 250, HistoryLength: 5, ExclusionThreshold: 42}}
	require.NoError(t, f.k.InitGenesis(f.ctx, gs))
	require.Equal(t, gs, f.state(t), "export after import is the same state")

	// The export imports into a fresh chain unchanged.
	g := setup(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, f.state(t)))
	require.Equal(t, gs, g.state(t))

	t.Run("invalid params are refused", func(t *testing.T) {
		h := setup(t)
		before := h.state(t)
		bad := &types.GenesisState{Params: types.Params{MaxBatchSize: 0, HistoryLength: 32, ExclusionThreshold: 1000}}
		require.ErrorIs(t, h.k.InitGenesis(h.ctx, bad), types.ErrInvalidParams)
		require.Equal(t, before, h.state(t), "a refused genesis stores nothing")
	})
}

// TestModuleGenesisJSON checks the module's genesis hooks: the default genesis
// is valid JSON for ValidateGenesis, and invalid params in JSON are refused.
func TestModuleGenesisJSON(t *testing.T) {
	encCfg := moduletestutil.MakeTestEncodingConfig(reputation.AppModuleBasic{})
	basic := reputation.AppModuleBasic{}
	bz := basic.DefaultGenesis(encCfg.Codec)
	require.NoError(t, basic.ValidateGenesis(encCfg.Codec, nil, bz))
	var gs types.GenesisState
	require.NoError(t, encCfg.Codec.UnmarshalJSON(bz, &gs))
	require.Equal(t, types.DefaultGenesis(), &gs)

	bad := encCfg.Codec.MustMarshalJSON(&types.GenesisState{Params: types.Params{MaxBatchSize: 1, HistoryLength: 0}})
	require.ErrorIs(t, basic.ValidateGenesis(encCfg.Codec, nil, bad), types.ErrInvalidParams)
	require.Error(t, basic.ValidateGenesis(encCfg.Codec, nil, []byte(`{"params":`)), "malformed JSON")
}
