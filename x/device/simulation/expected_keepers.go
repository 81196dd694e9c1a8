package simulation

import (
	"context"

	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// Keepers is what the simulation reads of the other modules: the
// manufacturers whose operators register devices, the fee schedule and
// pause switches, and the registrars.
type Keepers struct {
	Manufacturer ManufacturerKeeper
	Token        TokenKeeper
	Permission   PermissionKeeper
}

// ManufacturerKeeper reads the manufacturer registry.
type ManufacturerKeeper interface {
	GetManufacturer(ctx context.Context, id string) (manufacturertypes.Manufacturer, error)
	AllManufacturers(ctx context.Context) ([]manufacturertypes.Manufacturer, error)
}

// TokenKeeper reads the fee schedule and the pause switches of x/token.
type TokenKeeper interface {
	GetParams(ctx context.Context) (tokentypes.Params, error)
	CheckNotPaused(ctx context.Context, action tokentypes.Action) error
}

// PermissionKeeper reads the registrars of x/permission.
type PermissionKeeper interface {
	GetParams(ctx context.Context) (permissiontypes.Params, error)
}
