package simulation

import (
	"context"
	"strings"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/atonomi/atonomid/x/auditor/keeper"
	"github.com/atonomi/atonomid/x/auditor/types"
	permissionkeeper "github.com/atonomi/atonomid/x/permission/keeper"
	permissionsim "github.com/atonomi/atonomid/x/permission/simulation"
)

// MsgAddAuditorFactory admits an auditor with a fresh id, operated by a
// simulation account that operates no other auditor.
func MsgAddAuditorFactory(k *keeper.Keeper, pk *permissionkeeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgAddAuditor] {
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
func MsgSuspendAuditorFactory(k *keeper.Keeper, pk *permissionkeeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSuspendAuditor] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSuspendAuditor) {
		registrar, a := authorityAndAuditor(ctx, k, pk, testData, reporter, types.STATUS_ACTIVE)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{registrar}, &types.MsgSuspendAuditor{Authority: registrar.AddressBech32, Id: a.Id, Reason: "simulated review"}
	}
}

// MsgReinstateAuditorFactory reinstates a suspended auditor.
func MsgReinstateAuditorFactory(k *keeper.Keeper, pk *permissionkeeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgReinstateAuditor] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgReinstateAuditor) {
		registrar, a := authorityAndAuditor(ctx, k, pk, testData, reporter, types.STATUS_SUSPENDED)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{registrar}, &types.MsgReinstateAuditor{Authority: registrar.AddressBech32, Id: a.Id}
	}
}

// MsgRemoveAuditorFactory removes an active or suspended auditor for good.
func MsgRemoveAuditorFactory(k *keeper.Keeper, pk *permissionkeeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRemoveAuditor] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRemoveAuditor) {
		registrar, a := authorityAndAuditor(ctx, k, pk, testData, reporter, types.STATUS_ACTIVE, types.STATUS_SUSPENDED)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{registrar}, &types.MsgRemoveAuditor{Authority: registrar.AddressBech32, Id: a.Id, Reason: "simulated withdrawal"}
	}
}

// MsgSetAuditorScopeFactory gives an auditor that is not removed a new
// scope and weight; x/reputation re-weighs its scores.
func MsgSetAuditorScopeFactory(k *keeper.Keeper, pk *permissionkeeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSetAuditorScope] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetAuditorScope) {
		registrar, a := authorityAndAuditor(ctx, k, pk, testData, reporter, types.STATUS_ACTIVE, types.STATUS_SUSPENDED)
		params := currentParams(ctx, k, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		return []simsx.SimAccount{registrar}, &types.MsgSetAuditorScope{
			Authority: registrar.AddressBech32, Id: a.Id, ReputationTypes: RandomScope(r.Rand, params), Weight: RandomWeight(r.Rand),
		}
	}
}

// MsgUpdateAuditorFactory has an operator rename its auditor.
func MsgUpdateAuditorFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUpdateAuditor] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateAuditor) {
		a := AnyAuditor(ctx, k, testData, reporter, types.STATUS_ACTIVE, types.STATUS_SUSPENDED)
		operator := OperatorOf(testData, reporter, a)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		return []simsx.SimAccount{operator}, &types.MsgUpdateAuditor{
			Operator: operator.AddressBech32, Id: a.Id, Name: "Auditor " + r.StringN(8), Metadata: randomMetadata(r.Rand),
		}
	}
}

// MsgRotateOperatorFactory moves an auditor to an account that operates no auditor.
func MsgRotateOperatorFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRotateOperator] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRotateOperator) {
		a := AnyAuditor(ctx, k, testData, reporter, types.STATUS_ACTIVE, types.STATUS_SUSPENDED)
		operator := OperatorOf(testData, reporter, a)
		next := freeOperator(ctx, k, testData, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{operator}, &types.MsgRotateOperator{Operator: operator.AddressBech32, Id: a.Id, NewOperator: next.AddressBech32}
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
// when none is given); the reporter skips when there is none. The registry
// is a handful of admitted services, so it is walked whole.
func AnyAuditor(ctx context.Context, k *keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, statuses ...types.Status) types.Auditor {
	var found []types.Auditor
	err := k.Auditors.Walk(ctx, nil, func(_ string, a types.Auditor) (bool, error) {
		for _, s := range statuses {
			if a.Status == s {
				found = append(found, a)
				break
			}
		}
		if len(statuses) == 0 {
			found = append(found, a)
		}
		return false, nil
	})
	if err != nil || len(found) == 0 {
		reporter.Skipf("no auditor in %v (%v)", statuses, err)
		return types.Auditor{}
	}
	return found[testData.Rand().Intn(len(found))]
}

// OperatorOf returns the auditor's operator if it is a simulation account.
func OperatorOf(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, a types.Auditor) simsx.SimAccount {
	if reporter.IsSkipped() {
		return simsx.SimAccount{}
	}
	return testData.GetAccount(reporter, a.Operator)
}

func authorityAndAuditor(ctx context.Context, k *keeper.Keeper, pk *permissionkeeper.Keeper, testData *simsx.ChainDataSource,
	reporter simsx.SimulationReporter, statuses ...types.Status,
) (simsx.SimAccount, types.Auditor) {
	a := AnyAuditor(ctx, k, testData, reporter, statuses...)
	if reporter.IsSkipped() {
		return simsx.SimAccount{}, a
	}
	return permissionsim.AnyRegistrar(ctx, pk, testData, reporter), a
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
	return testData.AnyAccountN(10, reporter, simsx.SimAccountFilterFn(func(a simsx.SimAccount) bool {
		has, err := k.Operators.Has(ctx, a.Address)
		return err == nil && !has
	}))
}
