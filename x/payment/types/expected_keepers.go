package types

import (
	"context"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// DeviceKeeper shows payments the devices: their status, owner, wallet and
// policy.
type DeviceKeeper interface {
	GetDevice(ctx context.Context, id devicekit.ID) (devicetypes.Device, error)
	// VerifyDeviceSignature checks a signature by the device's own key,
	// charging its verification gas.
	VerifyDeviceSignature(ctx context.Context, d devicetypes.Device, msg, sig []byte) error
	// IsModuleAccount reports whether addr is one of the app's module accounts.
	IsModuleAccount(addr []byte) bool
}

// ReputationKeeper answers a device's reputation in a type (its default
// when unscored) and whether it is excluded, judged at the current
// exclusion threshold: the flag stored on the device lags behind a
// threshold change until x/reputation's sweep reaches the device.
type ReputationKeeper interface {
	ReputationOf(ctx context.Context, id devicekit.ID, reputationType string) (uint32, error)
	Excluded(ctx context.Context, id devicekit.ID) (bool, error)
}

// TokenKeeper holds the pause switch and the commission: its rate and the
// charging of it.
type TokenKeeper interface {
	CheckNotPaused(ctx context.Context, action tokentypes.Action) error
	GetParams(ctx context.Context) (tokentypes.Params, error)
	ChargeCommission(ctx context.Context, payer sdk.AccAddress, amount math.Int, manufacturerID string) (math.Int, error)
	// Shortfall says why payer cannot spend amount of denom, or is empty.
	Shortfall(ctx context.Context, payer sdk.AccAddress, denom string, amount math.Int) string
}

// BankKeeper moves the payment itself, account to account.
type BankKeeper interface {
	SendCoins(ctx context.Context, from, to sdk.AccAddress, amt sdk.Coins) error
}

// AuthzKeeper is the part of x/authz the refused-payment alert reads: the
// grant under which a MsgPay inside a MsgExec would run.
type AuthzKeeper interface {
	GetAuthorization(ctx context.Context, grantee, granter sdk.AccAddress, msgType string) (authz.Authorization, *time.Time)
}
