package simulation

import (
	"context"

	"github.com/atonomi/atonomid/x/manufacturer/types"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// Keepers is what the simulation reads of the other modules: the
// registrars that sign authority messages live in x/permission.
type Keepers struct {
	Permission PermissionKeeper
}

// PermissionKeeper reads the registrars of x/permission.
type PermissionKeeper interface {
	GetParams(ctx context.Context) (permissiontypes.Params, error)
}

// Registry is what AnyManufacturer reads of the manufacturer registry.
type Registry interface {
	AllManufacturers(ctx context.Context) ([]types.Manufacturer, error)
}
