package types_test

import (
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/atonomi/atonomid/x/token/types"
)

func TestCommissionRoundsUp(t *testing.T) {
	p := types.DefaultParams() // 1%
	for _, c := range []struct {
		amount, want int64
	}{
		{1, 1},   // 0.01 rounds up: no payment is commission-free
		{99, 1},  // 0.99
		{100, 1}, // exact
		{101, 2}, // 1.01
		{150, 2}, // 1.5
		{100_000, 1_000},
	} {
		require.Equal(t, math.NewInt(c.want), p.Commission(math.NewInt(c.amount)), "commission on %d", c.amount)
	}
	p.PaymentCommissionBps = 0
	require.True(t, p.Commission(math.NewInt(1_000)).IsZero(), "governance may set a zero rate")
	p.PaymentCommissionBps = types.BasisPoints
	require.Equal(t, math.NewInt(7), p.Commission(math.NewInt(7)), "100% is the amount itself")
}

func TestCommissionIsNeverBelowTheRateNorAUnitAbove(t *testing.T) {
	for bps := uint32(1); bps <= types.BasisPoints; bps += 37 {
		p := types.Params{PaymentCommissionBps: bps}
		for amount := int64(1); amount <= 5_000; amount += 13 {
			got := p.Commission(math.NewInt(amount)).Int64()
			exact := amount * int64(bps) // commission × BasisPoints
			require.GreaterOrEqual(t, got*types.BasisPoints, exact, "bps %d amount %d", bps, amount)
			require.Less(t, (got-1)*types.BasisPoints, exact, "bps %d amount %d: rounded up by less than a unit", bps, amount)
			require.Positive(t, got)
		}
	}
}
