package simulation

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/atonomi/atonomid/devicekit"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// Keepers is what the simulation reads of the other modules: the auditors
// that write, the devices they score, the fee schedule and pause switches.
type Keepers struct {
	Auditor AuditorKeeper
	Device  DeviceKeeper
	Token   TokenKeeper
}

// AuditorKeeper reads the auditor registry.
type AuditorKeeper interface {
	AllAuditors(ctx context.Context) ([]auditortypes.Auditor, error)
}

// DeviceKeeper reads the device registry.
type DeviceKeeper interface {
	WalkDevices(ctx context.Context, rng collections.Ranger[devicekit.ID], fn func(devicetypes.Device) (stop bool, err error)) error
}

// TokenKeeper reads the fee schedule and the pause switches of x/token.
type TokenKeeper interface {
	GetParams(ctx context.Context) (tokentypes.Params, error)
	CheckNotPaused(ctx context.Context, action tokentypes.Action) error
}
