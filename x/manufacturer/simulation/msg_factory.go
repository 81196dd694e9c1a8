package simulation

import (
	"context"
	"strings"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/registry/registrysim"
	"github.com/atonomi/atonomid/x/manufacturer/keeper"
	"github.com/atonomi/atonomid/x/manufacturer/types"
	permissionsim "github.com/atonomi/atonomid/x/permission/simulation"
)

// MsgAddManufacturerFactory admits a manufacturer with a fresh id, operated
// by one to three simulation accounts that operate no other manufacturer.
func MsgAddManufacturerFactory(k *keeper.Keeper, pk PermissionKeeper) simsx.SimMsgFactoryFn[*types.MsgAddManufacturer] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAddManufacturer) {
		registrar := permissionsim.AnyRegistrar(ctx, pk, testData, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		id := "m-" + strings.ToLower(r.StringN(10))
		if has, err := k.Manufacturers.Has(ctx, id); err != nil || has {
			reporter.Skipf("id %s taken", id)
			return nil, nil
		}
		operators := freeOperators(ctx, k, testData, reporter, 1+r.Intn(3))
		if reporter.IsSkipped() {
			return nil, nil
		}
		m := RandomManufacturer(r.Rand, id)
		return []simsx.SimAccount{registrar}, &types.MsgAddManufacturer{
			Authority: registrar.AddressBech32, Id: id, Name: m.Name, Operators: operators,
			DefaultReputation: m.DefaultReputation, AuthKeyHash: m.AuthKeyHash, Metadata: m.Metadata,
		}
	}
}

// MsgSuspendManufacturerFactory suspends an active manufacturer.
func MsgSuspendManufacturerFactory(k *keeper.Keeper, pk PermissionKeeper) simsx.SimMsgFactoryFn[*types.MsgSuspendManufacturer] {
	return registrysim.AuthorityMsg(anyRegistrar(pk), manufacturerIn(k, types.STATUS_ACTIVE),
		func(_ context.Context, authority string, m types.Manufacturer, _ *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgSuspendManufacturer {
			return &types.MsgSuspendManufacturer{Authority: authority, Id: m.Id, Reason: "simulated audit finding"}
		})
}

// MsgReinstateManufacturerFactory reinstates a suspended manufacturer.
func MsgReinstateManufacturerFactory(k *keeper.Keeper, pk PermissionKeeper) simsx.SimMsgFactoryFn[*types.MsgReinstateManufacturer] {
	return registrysim.AuthorityMsg(anyRegistrar(pk), manufacturerIn(k, types.STATUS_SUSPENDED),
		func(_ context.Context, authority string, m types.Manufacturer, _ *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgReinstateManufacturer {
			return &types.MsgReinstateManufacturer{Authority: authority, Id: m.Id}
		})
}

// MsgRemoveManufacturerFactory is x/gov's proposal to remove an active or
// suspended manufacturer for good.
func MsgRemoveManufacturerFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRemoveManufacturer] {
	return registrysim.GovMsg(manufacturerIn(k, types.STATUS_ACTIVE, types.STATUS_SUSPENDED),
		func(_ context.Context, authority string, m types.Manufacturer, _ *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgRemoveManufacturer {
			return &types.MsgRemoveManufacturer{Authority: authority, Id: m.Id, Reason: "simulated withdrawal"}
		})
}

// MsgSetDefaultReputationFactory changes the default reputation of a
// manufacturer that is not removed.
func MsgSetDefaultReputationFactory(k *keeper.Keeper, pk PermissionKeeper) simsx.SimMsgFactoryFn[*types.MsgSetDefaultReputation] {
	return registrysim.AuthorityMsg(anyRegistrar(pk), manufacturerIn(k, types.STATUS_ACTIVE, types.STATUS_SUSPENDED),
		func(_ context.Context, authority string, m types.Manufacturer, testData *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgSetDefaultReputation {
			return &types.MsgSetDefaultReputation{Authority: authority, Id: m.Id, DefaultReputation: uint32(testData.Rand().Intn(10_000))}
		})
}

// MsgUpdateManufacturerFactory has an operator rename its manufacturer.
func MsgUpdateManufacturerFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUpdateManufacturer] {
	return registrysim.OperatorMsg(manufacturerIn(k, types.STATUS_ACTIVE), AnyOperator,
		func(_ context.Context, operator string, m types.Manufacturer, testData *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgUpdateManufacturer {
			r := testData.Rand()
			return &types.MsgUpdateManufacturer{Operator: operator, Id: m.Id, Name: "Maker " + r.StringN(8), Metadata: randomMetadata(r.Rand)}
		})
}

// MsgRotateOperatorsFactory has an operator replace its manufacturer's
// operators with one to three accounts that operate no other manufacturer.
func MsgRotateOperatorsFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRotateOperators] {
	return registrysim.OperatorMsg(manufacturerIn(k, types.STATUS_ACTIVE, types.STATUS_SUSPENDED), AnyOperator,
		func(ctx context.Context, operator string, m types.Manufacturer, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) *types.MsgRotateOperators {
			operators := freeOperators(ctx, k, testData, reporter, 1+testData.Rand().Intn(3))
			expiry := sdk.UnwrapSDKContext(ctx).BlockHeight() + 1 + int64(testData.Rand().Intn(20))
			return &types.MsgRotateOperators{Operator: operator, Id: m.Id, NewOperators: operators, ExpiryHeight: expiry}
		})
}

// MsgAcceptOperatorFactory has an account a pending rotation names accept it.
func MsgAcceptOperatorFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgAcceptOperator] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAcceptOperator) {
		return registrysim.OperatorMsg(manufacturerIn(k, types.STATUS_ACTIVE, types.STATUS_SUSPENDED),
			registrysim.Proposed[types.Manufacturer](ctx, k.Operators),
			func(_ context.Context, signer string, m types.Manufacturer, _ *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgAcceptOperator {
				return &types.MsgAcceptOperator{Operator: signer, Id: m.Id}
			})(ctx, testData, reporter)
	}
}

// AnyManufacturer returns a random manufacturer in one of the statuses (any
// status when none is given); the reporter skips when there is none.
func AnyManufacturer(ctx context.Context, k Registry, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, statuses ...types.Status) types.Manufacturer {
	all, err := k.AllManufacturers(ctx)
	return registrysim.AnyOf(all, err, "manufacturer", func(rec types.Manufacturer) types.Status { return rec.Status }, testData, reporter, statuses...)
}

func manufacturerIn(k *keeper.Keeper, statuses ...types.Status) registrysim.Picker[types.Manufacturer] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) types.Manufacturer {
		return AnyManufacturer(ctx, k, testData, reporter, statuses...)
	}
}

// AnyOperator returns a random operator of m that is a simulation account.
func AnyOperator(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, m types.Manufacturer) simsx.SimAccount {
	if reporter.IsSkipped() {
		return simsx.SimAccount{}
	}
	var known []string
	for _, op := range m.Operators {
		if testData.HasAccount(op) {
			known = append(known, op)
		}
	}
	if len(known) == 0 {
		reporter.Skipf("no operator of %s among the simulation accounts", m.Id)
		return simsx.SimAccount{}
	}
	return testData.GetAccount(reporter, known[testData.Rand().Intn(len(known))])
}

// freeOperators returns n distinct simulation accounts that operate no manufacturer.
func freeOperators(ctx context.Context, k *keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, n int) []string {
	free := registrysim.Free(ctx, k.Operators)
	var out []string
	picked := map[string]bool{}
	for len(out) < n {
		acc := testData.AnyAccountN(10, reporter, free, simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool {
			return !picked[a.AddressBech32]
		}))
		if reporter.IsSkipped() {
			return nil
		}
		picked[acc.AddressBech32] = true
		out = append(out, acc.AddressBech32)
	}
	return out
}

// anyRegistrar draws the signer of the network authority's messages.
func anyRegistrar(pk PermissionKeeper) registrysim.Signer {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) simsx.SimAccount {
		return permissionsim.AnyRegistrar(ctx, pk, testData, reporter)
	}
}
