package simulation

import (
	"context"
	"strings"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/auditor/keeper"
	"github.com/atonomi/atonomid/x/auditor/types"
	"github.com/atonomi/atonomid/x/internal/registry/registrysim"
	permissionsim "github.com/atonomi/atonomid/x/permission/simulation"
)

// MsgAddAuditorFactory admits an auditor with a fresh id, operated by a
// simulation account that operates no other auditor.
func MsgAddAuditorFactory(k *keeper.Keeper, pk PermissionKeeper) simsx.SimMsgFactoryFn[*types.MsgAddAuditor] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAddAuditor) {
		registrar := permissionsim.AnyRegistrar(ctx, pk, testData, reporter)
		operator := freeOperator(ctx, k, testData, reporter)
		params := currentParams(ctx, k, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		id := "a-" + strings.ToLower(r.StringN(10))
		if has, err := k.Auditors.Has(ctx, id); err != nil || has {
			reporter.Skipf("id %s taken", id)
			return nil, nil
		}
		return []simsx.SimAccount{registrar}, &types.MsgAddAuditor{
			Authority: registrar.AddressBech32, Id: id, Name: "Auditor " + r.StringN(8), Operator: operator.AddressBech32,
			ReputationTypes: RandomScope(r.Rand, params), Weight: RandomWeight(r.Rand), Metadata: randomMetadata(r.Rand),
		}
	}
}

// MsgSuspendAuditorFactory suspends an active auditor.
func MsgSuspendAuditorFactory(k *keeper.Keeper, pk PermissionKeeper) simsx.SimMsgFactoryFn[*types.MsgSuspendAuditor] {
	return registrysim.AuthorityMsg(anyRegistrar(pk), auditorIn(k, types.STATUS_ACTIVE),
		func(_ context.Context, authority string, a types.Auditor, _ *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgSuspendAuditor {
			return &types.MsgSuspendAuditor{Authority: authority, Id: a.Id, Reason: "simulated review"}
		})
}

// MsgReinstateAuditorFactory reinstates a suspended auditor.
func MsgReinstateAuditorFactory(k *keeper.Keeper, pk PermissionKeeper) simsx.SimMsgFactoryFn[*types.MsgReinstateAuditor] {
	return registrysim.AuthorityMsg(anyRegistrar(pk), auditorIn(k, types.STATUS_SUSPENDED),
		func(_ context.Context, authority string, a types.Auditor, _ *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgReinstateAuditor {
			return &types.MsgReinstateAuditor{Authority: authority, Id: a.Id}
		})
}

// MsgRemoveAuditorFactory is x/gov's proposal to remove an active or
// suspended auditor for good.
func MsgRemoveAuditorFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRemoveAuditor] {
	return registrysim.GovMsg(auditorIn(k, types.STATUS_ACTIVE, types.STATUS_SUSPENDED),
		func(_ context.Context, authority string, a types.Auditor, _ *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgRemoveAuditor {
			return &types.MsgRemoveAuditor{Authority: authority, Id: a.Id, Reason: "simulated withdrawal"}
		})
}

// MsgSetAuditorScopeFactory gives an auditor that is not removed a new
// scope and weight; x/reputation re-weighs its scores.
func MsgSetAuditorScopeFactory(k *keeper.Keeper, pk PermissionKeeper) simsx.SimMsgFactoryFn[*types.MsgSetAuditorScope] {
	return registrysim.AuthorityMsg(anyRegistrar(pk), auditorIn(k, types.STATUS_ACTIVE, types.STATUS_SUSPENDED),
		func(ctx context.Context, authority string, a types.Auditor, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) *types.MsgSetAuditorScope {
			params := currentParams(ctx, k, reporter)
			if reporter.IsSkipped() {
				return nil
			}
			r := testData.Rand()
			return &types.MsgSetAuditorScope{Authority: authority, Id: a.Id, ReputationTypes: RandomScope(r.Rand, params), Weight: RandomWeight(r.Rand)}
		})
}

// MsgUpdateAuditorFactory has an operator rename its auditor.
func MsgUpdateAuditorFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUpdateAuditor] {
	return registrysim.OperatorMsg(auditorIn(k, types.STATUS_ACTIVE), OperatorOf,
		func(_ context.Context, operator string, a types.Auditor, testData *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgUpdateAuditor {
			r := testData.Rand()
			return &types.MsgUpdateAuditor{Operator: operator, Id: a.Id, Name: "Auditor " + r.StringN(8), Metadata: randomMetadata(r.Rand)}
		})
}

// MsgRotateOperatorFactory moves an auditor to an account that operates no auditor.
func MsgRotateOperatorFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRotateOperator] {
	return registrysim.OperatorMsg(auditorIn(k, types.STATUS_ACTIVE, types.STATUS_SUSPENDED), OperatorOf,
		func(ctx context.Context, operator string, a types.Auditor, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) *types.MsgRotateOperator {
			next := freeOperator(ctx, k, testData, reporter)
			expiry := sdk.UnwrapSDKContext(ctx).BlockHeight() + 1 + int64(testData.Rand().Intn(20))
			return &types.MsgRotateOperator{Operator: operator, Id: a.Id, NewOperator: next.AddressBech32, ExpiryHeight: expiry}
		})
}

// MsgAcceptOperatorFactory has the account a pending rotation names accept it.
func MsgAcceptOperatorFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgAcceptOperator] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAcceptOperator) {
		return registrysim.OperatorMsg(auditorIn(k, types.STATUS_ACTIVE, types.STATUS_SUSPENDED),
			registrysim.Proposed[types.Auditor](ctx, k.Operators),
			func(_ context.Context, signer string, a types.Auditor, _ *simsx.ChainDataSource, _ simsx.SimulationReporter) *types.MsgAcceptOperator {
				return &types.MsgAcceptOperator{Operator: signer, Id: a.Id}
			})(ctx, testData, reporter)
	}
}

// MsgUpdateParamsFactory is x/gov's proposal to extend the network's
// reputation types; it keeps every current type, as one in use cannot go.
func MsgUpdateParamsFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		params := currentParams(ctx, k, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		if len(params.ReputationTypes) < types.MaxParamTypes && testData.Rand().Intn(2) == 0 {
			params.ReputationTypes = append(params.ReputationTypes, "t-"+strings.ToLower(testData.Rand().StringN(6)))
		}
		return nil, &types.MsgUpdateParams{Authority: testData.ModuleAccountAddress(reporter, "gov"), Params: params}
	}
}

// AnyAuditor returns a random auditor in one of the statuses (any status
// when none is given); the reporter skips when there is none.
func AnyAuditor(ctx context.Context, k Registry, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, statuses ...types.Status) types.Auditor {
	all, err := k.AllAuditors(ctx)
	return registrysim.AnyOf(all, err, "auditor", func(rec types.Auditor) types.Status { return rec.Status }, testData, reporter, statuses...)
}

func auditorIn(k *keeper.Keeper, statuses ...types.Status) registrysim.Picker[types.Auditor] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) types.Auditor {
		return AnyAuditor(ctx, k, testData, reporter, statuses...)
	}
}

// OperatorOf returns the auditor's operator if it is a simulation account.
func OperatorOf(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, a types.Auditor) simsx.SimAccount {
	if reporter.IsSkipped() {
		return simsx.SimAccount{}
	}
	return testData.GetAccount(reporter, a.Operator)
}

func currentParams(ctx context.Context, k *keeper.Keeper, reporter simsx.SimulationReporter) types.Params {
	params, err := k.Params.Get(ctx)
	if err != nil {
		reporter.Skipf("auditor params: %v", err)
	}
	return params
}

// freeOperator returns a simulation account that operates no auditor.
func freeOperator(ctx context.Context, k *keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) simsx.SimAccount {
	if reporter.IsSkipped() {
		return simsx.SimAccount{}
	}
	return testData.AnyAccountN(10, reporter, registrysim.Free(ctx, k.Operators))
}

// anyRegistrar draws the signer of the network authority's messages.
func anyRegistrar(pk PermissionKeeper) registrysim.Signer {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) simsx.SimAccount {
		return permissionsim.AnyRegistrar(ctx, pk, testData, reporter)
	}
}
