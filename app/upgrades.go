package app

import (
	"context"

	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"
)

// Upgrades lists the named software upgrades this binary knows. An upgrade
// proposal (x/upgrade MsgSoftwareUpgrade through x/gov) names one of them;
// at its height the old binary halts and this one runs the handler.
var Upgrades = []string{}

// registerUpgradeHandlers installs a handler for every known upgrade that
// runs the modules' consensus-version migrations.
func (app *App) registerUpgradeHandlers() {
	for _, name := range Upgrades {
		app.UpgradeKeeper.SetUpgradeHandler(name,
			func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
				return app.ModuleManager.RunMigrations(ctx, app.configurator, fromVM)
			})
	}
}
