package simulation

import (
	"context"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/token/types"
)

// FeeSchedule is what ReserveFee reads of x/token.
type FeeSchedule interface {
	GetParams(ctx context.Context) (types.Params, error)
	CheckNotPaused(ctx context.Context, action types.Action) error
}

// ReserveFee sets aside units of a fee kind from the payer's liquid balance,
// so that the transaction's random fee leaves enough to pay it; the reporter
// skips when the action is paused or the payer cannot pay.
func ReserveFee(ctx context.Context, tk FeeSchedule, reporter simsx.SimulationReporter, payer *simsx.SimAccount,
	action types.Action, fees map[types.FeeKind]uint64,
) {
	if reporter.IsSkipped() {
		return
	}
	if err := tk.CheckNotPaused(ctx, action); err != nil {
		reporter.Skip(err.Error())
		return
	}
	params, err := tk.GetParams(ctx)
	if err != nil {
		reporter.Skip(err.Error())
		return
	}
	total := math.ZeroInt()
	for kind, units := range fees {
		unit, _, err := params.Fee(kind)
		if err != nil {
			reporter.Skip(err.Error())
			return
		}
		total = total.Add(unit.Mul(math.NewIntFromUint64(units)))
	}
	if total.IsPositive() && !payer.LiquidBalance().BlockAmount(sdk.NewCoin(params.Denom, total)) {
		reporter.Skipf("%s cannot pay %s%s", payer.AddressBech32, total, params.Denom)
	}
}
