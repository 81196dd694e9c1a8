package reputation_test

import (
	auditorkeeper "github.com/atonomi/atonomid/x/auditor/keeper"
	devicekeeper "github.com/atonomi/atonomid/x/device/keeper"
	manufacturerkeeper "github.com/atonomi/atonomid/x/manufacturer/keeper"
	"github.com/atonomi/atonomid/x/reputation/types"
	tokenkeeper "github.com/atonomi/atonomid/x/token/keeper"
)

// The registries' keepers are what the app passes to the reputation keeper;
// these assertions keep the expected interfaces in step with them.
var (
	_ types.AuditorKeeper      = (*auditorkeeper.Keeper)(nil)
	_ types.DeviceKeeper       = (*devicekeeper.Keeper)(nil)
	_ types.ManufacturerKeeper = (*manufacturerkeeper.Keeper)(nil)
	_ types.TokenKeeper        = (*tokenkeeper.Keeper)(nil)
)
