package keeper

import (
	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/canonical"
	"github.com/atonomi/atonomid/x/payment/types"
)

// Keeper runs device payments: it judges a payment by both devices'
// policies and moves it from the payer's paying account, with the
// commission charged through x/token. It sits above the device and
// reputation registries and reads them through small interfaces.
type Keeper struct {
	addressCodec address.Codec
	devices      types.DeviceKeeper
	reputation   types.ReputationKeeper
	token        types.TokenKeeper
	bank         types.BankKeeper

	Schema collections.Schema
	// Spending holds each device's payments per minute of the last day. Its
	// keys and the nonces' key devices by the registry's one device-id key
	// codec, as every other store does.
	Spending collections.Map[collections.Pair[devicekit.ID, int64], math.Int]
	// Nonces holds each device's next payment nonce; a device that never
	// signed a payment has none (nonce 0).
	Nonces collections.Map[devicekit.ID, uint64]
}

// NewKeeper builds the keeper over its store and the keepers it reads.
func NewKeeper(storeService storetypes.KVStoreService, ac address.Codec,
	devices types.DeviceKeeper, reputation types.ReputationKeeper, token types.TokenKeeper, bank types.BankKeeper,
) *Keeper {
	// Every address this keeper reads from a message, a query or genesis
	// must be in its one canonical spelling (see x/internal/canonical).
	ac = canonical.Wrap(ac)
	sb := collections.NewSchemaBuilder(storeService)
	k := &Keeper{
		addressCodec: ac, devices: devices, reputation: reputation, token: token, bank: bank,
		Spending: collections.NewMap(sb, types.SpendingKey, "spending",
			collections.PairKeyCodec(devicetypes.DeviceIDKey, collections.Int64Key), sdk.IntValue),
		Nonces: collections.NewMap(sb, types.NoncesKey, "nonces", devicetypes.DeviceIDKey, collections.Uint64Value),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// AddressCodec returns the account address codec.
func (k *Keeper) AddressCodec() address.Codec { return k.addressCodec }
