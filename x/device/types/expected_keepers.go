package types

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// ManufacturerKeeper is the part of the manufacturer registry devices need.
type ManufacturerKeeper interface {
	GetManufacturer(ctx context.Context, id string) (manufacturertypes.Manufacturer, error)
	ActiveManufacturerOperatedBy(ctx context.Context, id, operator string) (manufacturertypes.Manufacturer, error)
	AddDeviceCounts(ctx context.Context, id string, registered, active int64) error
}

// TokenKeeper charges the registration and activation fees and holds the pause switches.
type TokenKeeper interface {
	ChargeFee(ctx context.Context, payer sdk.AccAddress, kind tokentypes.FeeKind, units uint64, manufacturerID string) (math.Int, error)
	CheckNotPaused(ctx context.Context, action tokentypes.Action) error
}

// PermissionKeeper answers whether an account acts for the network authority.
type PermissionKeeper interface {
	IsAuthority(ctx context.Context, addr string) (bool, error)
	CheckGovernance(ctx context.Context, addr, action string) error
}
