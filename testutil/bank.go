package testutil

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

// Denom is the fee denomination the fakes keep balances in.
const Denom = "uatmi"

// FakeBank keeps uatmi balances by raw address for keeper tests; it also
// plays x/distribution's community pool (the "distribution" module
// account). A test compares Balances before and after to see that nothing
// moved.
type FakeBank struct {
	Balances map[string]math.Int
}

// NewFakeBank returns an empty bank.
func NewFakeBank() *FakeBank { return &FakeBank{Balances: map[string]math.Int{}} }

// Balance returns addr's uatmi balance.
func (b *FakeBank) Balance(addr sdk.AccAddress) math.Int {
	if v, ok := b.Balances[string(addr)]; ok {
		return v
	}
	return math.ZeroInt()
}

// Snapshot is every balance as text, to compare before and after an action.
func (b *FakeBank) Snapshot() map[string]string {
	out := make(map[string]string, len(b.Balances))
	for k, v := range b.Balances {
		out[k] = v.String()
	}
	return out
}

func (b *FakeBank) move(from, to sdk.AccAddress, amt sdk.Coins) error {
	amount := amt.AmountOf(Denom)
	have, ok := b.Balances[string(from)]
	if !ok || have.LT(amount) {
		return sdkerrors.ErrInsufficientFunds
	}
	b.Balances[string(from)] = have.Sub(amount)
	b.Balances[string(to)] = b.Balance(to).Add(amount)
	return nil
}

// SpendableCoins implements the bank keepers' method.
func (b *FakeBank) SpendableCoins(_ context.Context, addr sdk.AccAddress) sdk.Coins {
	if v, ok := b.Balances[string(addr)]; ok {
		return sdk.NewCoins(sdk.NewCoin(Denom, v))
	}
	return sdk.NewCoins()
}

// GetBalance implements the bank keepers' method.
func (b *FakeBank) GetBalance(_ context.Context, addr sdk.AccAddress, d string) sdk.Coin {
	return sdk.NewCoin(d, b.Balance(addr))
}

// SendCoinsFromAccountToModule implements the bank keepers' method.
func (b *FakeBank) SendCoinsFromAccountToModule(_ context.Context, from sdk.AccAddress, module string, amt sdk.Coins) error {
	return b.move(from, authtypes.NewModuleAddress(module), amt)
}

// SendCoinsFromModuleToAccount implements the bank keepers' method.
func (b *FakeBank) SendCoinsFromModuleToAccount(_ context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error {
	return b.move(authtypes.NewModuleAddress(module), to, amt)
}

// SendCoinsFromModuleToModule implements the bank keepers' method.
func (b *FakeBank) SendCoinsFromModuleToModule(_ context.Context, from, to string, amt sdk.Coins) error {
	return b.move(authtypes.NewModuleAddress(from), authtypes.NewModuleAddress(to), amt)
}

// SendCoins implements the bank keepers' method.
func (b *FakeBank) SendCoins(_ context.Context, from, to sdk.AccAddress, amt sdk.Coins) error {
	return b.move(from, to, amt)
}

// FundCommunityPool implements x/distribution's method.
func (b *FakeBank) FundCommunityPool(_ context.Context, amt sdk.Coins, sender sdk.AccAddress) error {
	return b.move(sender, authtypes.NewModuleAddress("distribution"), amt)
}
