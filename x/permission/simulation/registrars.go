package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/atonomi/atonomid/x/permission/types"
)

// Registrars is what the simulations read of x/permission to find a
// registrar: its params.
type Registrars interface {
	GetParams(ctx context.Context) (types.Params, error)
}

// AnyRegistrar returns a random registrar among the simulation accounts, the
// signer of the registries' authority messages; the reporter skips when
// there is none.
func AnyRegistrar(ctx context.Context, k Registrars, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) simsx.SimAccount {
	params, err := k.GetParams(ctx)
	if err != nil {
		reporter.Skipf("permission params: %v", err)
		return simsx.SimAccount{}
	}
	var known []string
	for _, r := range params.Registrars {
		if testData.HasAccount(r) {
			known = append(known, r)
		}
	}
	if len(known) == 0 {
		reporter.Skip("no registrar among the simulation accounts")
		return simsx.SimAccount{}
	}
	return testData.GetAccount(reporter, known[testData.Rand().Intn(len(known))])
}
