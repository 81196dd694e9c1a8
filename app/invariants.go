package app

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	auditorkeeper "github.com/atonomi/atonomid/x/auditor/keeper"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicekeeper "github.com/atonomi/atonomid/x/device/keeper"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturerkeeper "github.com/atonomi/atonomid/x/manufacturer/keeper"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	paymentkeeper "github.com/atonomi/atonomid/x/payment/keeper"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	reputationkeeper "github.com/atonomi/atonomid/x/reputation/keeper"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
	tokenkeeper "github.com/atonomi/atonomid/x/token/keeper"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// ModuleInvariants is one module's invariants, run together: an error names
// each broken invariant and what breaks it.
type ModuleInvariants struct {
	Module string
	Check  func(ctx context.Context) error
}

// Invariants lists the invariants of every Atonomi module and x/bank's total
// supply, in genesis order. Each module runs its own CheckInvariants, so an
// invariant a module adds is checked here without listing it again. The
// simulation runs them after every block; `atonomid debug invariants` on a
// stopped node's store.
func (app *App) Invariants() []ModuleInvariants {
	manufacturers := func(ctx context.Context, visit func(manufacturertypes.Manufacturer) error) error {
		return app.ManufacturerKeeper.Manufacturers.Walk(ctx, nil, func(_ string, m manufacturertypes.Manufacturer) (bool, error) {
			return false, visit(m)
		})
	}
	return []ModuleInvariants{
		{banktypes.ModuleName, app.bankSupplyInvariant},
		{tokentypes.ModuleName, func(ctx context.Context) error { return tokenkeeper.CheckInvariants(ctx, app.TokenKeeper) }},
		{manufacturertypes.ModuleName, func(ctx context.Context) error {
			return manufacturerkeeper.CheckInvariants(ctx, app.ManufacturerKeeper)
		}},
		{auditortypes.ModuleName, func(ctx context.Context) error { return auditorkeeper.CheckInvariants(ctx, app.AuditorKeeper) }},
		{devicetypes.ModuleName, func(ctx context.Context) error {
			return devicekeeper.CheckInvariants(ctx, app.DeviceKeeper, manufacturers)
		}},
		{reputationtypes.ModuleName, func(ctx context.Context) error {
			return reputationkeeper.CheckInvariants(ctx, app.ReputationKeeper, app.AuditorKeeper.GetAuditor)
		}},
		{paymenttypes.ModuleName, func(ctx context.Context) error { return paymentkeeper.CheckInvariants(ctx, app.PaymentKeeper) }},
	}
}

// Run runs the module's invariants. A panic, which keeper code raises on a
// value that does not decode, is returned as a broken invariant: a store
// corrupt enough to panic is what a check must report.
func (m ModuleInvariants) Run(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: invariants panicked: %v", m.Module, r)
		}
	}()
	return m.Check(ctx)
}

// CheckInvariants runs every invariant of Invariants and joins what is broken.
func (app *App) CheckInvariants(ctx context.Context) error {
	var broken []error
	for _, inv := range app.Invariants() {
		broken = append(broken, inv.Run(ctx))
	}
	return errors.Join(broken...)
}

// bankSupplyInvariant checks that x/bank's supply of each denom is the sum of
// every balance in it, the one invariant x/bank's own code no longer ships.
// It sums in plain maps over the collections: sdk.Coins and the keeper's
// walkers panic on a negative amount or a value that does not decode, which
// a check of a corrupt store must name instead.
func (app *App) bankSupplyInvariant(ctx context.Context) error {
	held := map[string]math.Int{}
	if err := app.BankKeeper.Balances.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, string], amount math.Int) (bool, error) {
		if have, ok := held[key.K2()]; ok {
			amount = have.Add(amount)
		}
		held[key.K2()] = amount
		return false, nil
	}); err != nil {
		return fmt.Errorf("bank: reading the balances: %w", err)
	}
	var broken []string
	seen := map[string]bool{}
	if err := app.BankKeeper.Supply.Walk(ctx, nil, func(denom string, supply math.Int) (bool, error) {
		seen[denom] = true
		sum, ok := held[denom]
		if !ok {
			sum = math.ZeroInt()
		}
		if !sum.Equal(supply) {
			broken = append(broken, fmt.Sprintf("the balances in %s sum to %s, its supply is %s", denom, sum, supply))
		}
		return false, nil
	}); err != nil {
		return fmt.Errorf("bank: reading the supply: %w", err)
	}
	for _, denom := range slices.Sorted(maps.Keys(held)) {
		if !seen[denom] && !held[denom].IsZero() {
			broken = append(broken, fmt.Sprintf("the balances in %s sum to %s, it has no supply", denom, held[denom]))
		}
	}
	if len(broken) > 0 {
		return fmt.Errorf("bank: total-supply invariant broken: %s", strings.Join(broken, "; "))
	}
	return nil
}
