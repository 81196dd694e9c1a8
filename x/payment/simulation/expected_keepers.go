package simulation

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// Keepers is what the simulation reads of the other modules: the devices
// that pay, and the fee schedule and pause switch of x/token.
type Keepers struct {
	Device DeviceKeeper
	Token  TokenKeeper
}

// DeviceKeeper reads the device registry.
type DeviceKeeper interface {
	WalkDevices(ctx context.Context, rng collections.Ranger[devicekit.ID], fn func(devicetypes.Device) (stop bool, err error)) error
}

// TokenKeeper reads the fee schedule and the pause switch of x/token.
type TokenKeeper interface {
	GetParams(ctx context.Context) (tokentypes.Params, error)
	CheckNotPaused(ctx context.Context, action tokentypes.Action) error
}
