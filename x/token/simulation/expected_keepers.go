package simulation

import (
	"context"

	"github.com/cosmos/cosmos-sdk/types/module"

	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// Keepers is what the simulation reads of the other modules: the
// registrars that pause actions, and the registries' simulated genesis.
type Keepers struct {
	Permission PermissionKeeper
	Registries Registries
}

// PermissionKeeper reads the registrars of x/permission.
type PermissionKeeper interface {
	GetParams(ctx context.Context) (permissiontypes.Params, error)
}

// Registries reads the simulated genesis of the registries above x/token,
// drawn before x/token's (the simulator draws genesis in module name
// order); the app wires x/manufacturer's and x/auditor's simulation in.
type Registries struct {
	// Manufacturers returns the manufacturers' ids.
	Manufacturers func(*module.SimulationState) []string
	// Auditors returns the auditors' ids and weights, or false when
	// x/auditor has no genesis.
	Auditors func(*module.SimulationState) ([]AuditorWeight, bool)
}

// AuditorWeight is an auditor of the simulated genesis and its weight.
type AuditorWeight struct {
	ID     string
	Weight uint32
}
