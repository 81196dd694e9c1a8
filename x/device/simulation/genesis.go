// Package simulation drives the device registry in the simulator:
// manufacturers' operators register devices one by one and as Merkle
// whitelists, owners activate them with the device's own signature,
// transfer them, link wallets with the wallet's consent, set policies and services, and the authority,
// manufacturers and owners suspend, reinstate and revoke them. Device keys
// are derived from the device id, so a factory can sign for any device the
// simulation registered without keeping state of its own.
package simulation

import (
	"math/rand"

	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/atonomi/atonomid/x/device/types"
)

// RandomizedGenState draws the params; the registry starts empty, as no
// manufacturer exists before x/manufacturer's genesis.
func RandomizedGenState(simState *module.SimulationState) {
	gs := types.DefaultGenesis()
	simState.AppParams.GetOrGenerate("device_params", &gs.Params, simState.Rand,
		func(r *rand.Rand) { gs.Params = RandomParams(r) })
	simState.GenState[types.ModuleName] = simState.Cdc.MustMarshalJSON(gs)
}

// RandomParams are valid params with batches large enough for the
// simulation's and verification gas around the defaults.
func RandomParams(r *rand.Rand) types.Params {
	p := types.DefaultParams()
	p.MaxBatchSize = uint32(16 + r.Intn(10_000))
	p.VerifyGasSecp256K1 = uint64(500 + r.Intn(1_000))
	p.VerifyGasEd25519 = uint64(200 + r.Intn(400))
	p.VerifyGasSecp256R1 = uint64(300 + r.Intn(600))
	p.VerifyGasMldsa65 = uint64(200 + r.Intn(500))
	p.MaxMerkleProofLength = uint32(16 + r.Intn(types.MaxMerkleDepth-15))
	return p
}
