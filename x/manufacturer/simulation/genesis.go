// Package simulation drives the manufacturer registry in the simulator:
// registrars admit, suspend, reinstate and remove manufacturers and set
// their default reputation; operators update profiles and rotate their
// accounts. Every message is built to pass the registry's checks.
package simulation

import (
	"fmt"
	"math/rand"

	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/atonomi/atonomid/x/manufacturer/types"
)

// ParamManufacturers is the simulation parameter of the genesis registry's size.
const ParamManufacturers = "manufacturer_genesis_count"

// RandomizedGenState admits a few manufacturers at genesis, operated by
// distinct simulation accounts, a few of them suspended. They have no
// devices yet: x/device's genesis is empty.
func RandomizedGenState(simState *module.SimulationState) {
	var n int
	simState.AppParams.GetOrGenerate(ParamManufacturers, &n, simState.Rand,
		func(r *rand.Rand) { n = 1 + r.Intn(5) })
	r := simState.Rand
	accounts := r.Perm(len(simState.Accounts))
	gs := types.DefaultGenesis()
	for i := 0; i < n && len(accounts) > 0; i++ {
		ops := 1 + r.Intn(min(3, len(accounts)))
		m := RandomManufacturer(r, fmt.Sprintf("maker-%d", i))
		for _, j := range accounts[:ops] {
			m.Operators = append(m.Operators, simState.Accounts[j].Address.String())
		}
		accounts = accounts[ops:]
		if r.Intn(5) == 0 {
			m.Status = types.STATUS_SUSPENDED
		}
		gs.Manufacturers = append(gs.Manufacturers, m)
	}
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomManufacturer is an active record with random profile fields and no
// operators.
func RandomManufacturer(r *rand.Rand, id string) types.Manufacturer {
	return types.Manufacturer{
		Id:                id,
		Name:              "Maker " + simtypes.RandStringOfLength(r, 8),
		Status:            types.STATUS_ACTIVE,
		DefaultReputation: uint32(r.Intn(10_000)),
		AuthKeyHash:       randomBytes(r, types.AuthKeyHashLen),
		Metadata:          randomMetadata(r),
	}
}

func randomMetadata(r *rand.Rand) types.Metadata {
	countries := []string{"", "DE", "US", "JP", "CH"}
	return types.Metadata{
		Url:            "https://" + simtypes.RandStringOfLength(r, 10) + ".example",
		Country:        countries[r.Intn(len(countries))],
		Certifications: []string{"IEC-62443", "ETSI-EN-303-645"}[:r.Intn(3)],
	}
}

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	_, _ = r.Read(b)
	return b
}

// GenesisIDs returns the ids of the manufacturers of the simulated genesis,
// for x/token's simulated genesis, which opens their pools.
func GenesisIDs(simState *module.SimulationState) []string {
	raw, ok := simState.GenState[types.ModuleName]
	if !ok {
		return nil
	}
	var gs types.GenesisState
	simState.Cdc.MustUnmarshalJSON(raw, &gs)
	ids := make([]string, 0, len(gs.Manufacturers))
	for _, m := range gs.Manufacturers {
		ids = append(ids, m.Id)
	}
	return ids
}
