package keeper_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/reputation/types"
)

// invalidParams are params Validate refuses, one case per rule and bound.
func invalidParams() map[string]types.Params {
	with := func(edit func(p *types.Params)) types.Params {
		p := types.DefaultParams()
		edit(&p)
		return p
	}
	return map[string]types.Params{
		"a zero max_batch_size":                  with(func(p *types.Params) { p.MaxBatchSize = 0 }),
		"a zero history_length":                  with(func(p *types.Params) { p.HistoryLength = 0 }),
		"a history_length above 1024":            with(func(p *types.Params) { p.HistoryLength = types.MaxHistoryLength + 1 }),
		"the largest history_length":             with(func(p *types.Params) { p.HistoryLength = math.MaxUint32 }),
		"an exclusion_threshold above any score": with(func(p *types.Params) { p.ExclusionThreshold = types.MaxScore + 1 }),
		"the largest exclusion_threshold":        with(func(p *types.Params) { p.ExclusionThreshold = math.MaxUint32 }),
		"a zero reweigh_per_block":               with(func(p *types.Params) { p.ReweighPerBlock = 0 }),
		"a zero exclusion_sweep_per_block":       with(func(p *types.Params) { p.ExclusionSweepPerBlock = 0 }),
		"the zero value":                         {},
	}
}

func TestParamsValidate(t *testing.T) {
	t.Run("the defaults are the documented ones", func(t *testing.T) {
		require.Equal(t, types.Params{MaxBatchSize: 10000, HistoryLength: 32, ExclusionThreshold: 1000, ReweighPerBlock: 1000, ExclusionSweepPerBlock: 1000}, types.DefaultParams())
	})
	valid := map[string]types.Params{
		"the defaults":                      types.DefaultParams(),
		"the smallest settings":             {MaxBatchSize: 1, HistoryLength: 1, ExclusionThreshold: 0, ReweighPerBlock: 1, ExclusionSweepPerBlock: 1},
		"the largest settings":              {MaxBatchSize: math.MaxUint32, HistoryLength: types.MaxHistoryLength, ExclusionThreshold: types.MaxScore, ReweighPerBlock: math.MaxUint32, ExclusionSweepPerBlock: math.MaxUint32},
		"a zero threshold excludes nothing": {MaxBatchSize: 500, HistoryLength: 8, ExclusionThreshold: 0, ReweighPerBlock: 1000, ExclusionSweepPerBlock: 1000},
	}
	for name, p := range valid {
		t.Run(name+" are valid", func(t *testing.T) {
			require.NoError(t, p.Validate())
		})
	}
	for name, p := range invalidParams() {
		t.Run(name+" is invalid", func(t *testing.T) {
			require.ErrorIs(t, p.Validate(), types.ErrInvalidParams)
		})
	}
}
