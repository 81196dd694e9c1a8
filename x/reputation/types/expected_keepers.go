package types

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// AuditorKeeper names the auditor a score's signer operates, and the
// auditors of an ending auditor pool epoch: their status and operator.
type AuditorKeeper interface {
	ActiveAuditorOperatedBy(ctx context.Context, operator string) (auditortypes.Auditor, error)
	GetAuditor(ctx context.Context, id string) (auditortypes.Auditor, error)
}

// DeviceKeeper finds the scored devices and records their exclusion.
type DeviceKeeper interface {
	GetDevice(ctx context.Context, id devicekit.ID) (devicetypes.Device, error)
	SetExcluded(ctx context.Context, id devicekit.ID, excluded bool) (bool, error)
	ServiceProviders(ctx context.Context, serviceType string, start []byte, limit int,
		keep func(devicetypes.Device) (bool, error)) ([]devicetypes.Device, []byte, error)
}

// ManufacturerKeeper gives a device's manufacturer: the operator account
// that receives its share of score rewards. A device's default reputation is
// not read here: the device keeps the one of its registration.
type ManufacturerKeeper interface {
	GetManufacturer(ctx context.Context, id string) (manufacturertypes.Manufacturer, error)
}

// TokenKeeper holds the scoring pause switch, charges the reputation-write
// fee, pays score rewards from the manufacturers' pools, tallies each
// score's credit in the auditor pool's epoch and pays the pool out when the
// epoch ends.
type TokenKeeper interface {
	CheckNotPaused(ctx context.Context, action tokentypes.Action) error
	ChargeFee(ctx context.Context, payer sdk.AccAddress, kind tokentypes.FeeKind, units uint64, manufacturerID string) (math.Int, error)
	PayReputationReward(ctx context.Context, manufacturerID string, auditor, manufacturer sdk.AccAddress, blocksSinceLast uint64) (math.Int, error)
	CreditAuditorScores(ctx context.Context, auditorID string, weight uint32, blocksSinceLast []uint64) (math.Int, error)
	EndAuditorEpoch(ctx context.Context, payee tokentypes.AuditorPayee) error
}
