// Package registrysim is the simulation side of x/internal/registry: the
// message factories of x/manufacturer and x/auditor pick records, operators
// and signers alike and differ only in the messages they build.
package registrysim

import (
	"context"
	"slices"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/x/internal/registry"
)

// Signer draws the signer of a message, or has the reporter skip; for the
// network authority's messages, x/permission's simulation draws a registrar
// (permissionsim.AnyRegistrar).
type Signer func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) simsx.SimAccount

// Picker draws a record; it has the reporter skip when there is none.
type Picker[R any] func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) R

// AnyOf returns a random one of all (read with err) in one of the statuses
// (any status when none is given); the reporter skips when there is none.
// A registry is a handful of admitted entities, so it is read whole.
func AnyOf[R any, S comparable](all []R, err error, noun string, status func(R) S,
	testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, statuses ...S,
) R {
	found := slices.DeleteFunc(all, func(rec R) bool {
		return len(statuses) > 0 && !slices.Contains(statuses, status(rec))
	})
	if err != nil || len(found) == 0 {
		reporter.Skipf("no %s in %v (%v)", noun, statuses, err)
		var none R
		return none
	}
	return found[testData.Rand().Intn(len(found))]
}

// Free keeps the simulation accounts that operate no record of the index.
func Free(ctx context.Context, operators collections.Map[sdk.AccAddress, string]) simsx.SimAccountFilterFn {
	return func(a simsx.SimAccount) bool {
		has, err := operators.Has(ctx, a.Address)
		return err == nil && !has
	}
}

// Build builds a message signed by signer about rec; it may have the
// reporter skip.
type Build[M sdk.Msg, R any] func(ctx context.Context, signer string, rec R, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) M

// AuthorityMsg builds a message of the network authority about a record
// pick draws, signed by the registrar anyRegistrar draws.
func AuthorityMsg[M sdk.Msg, R any](anyRegistrar Signer, pick Picker[R],
	build Build[M, R],
) simsx.SimMsgFactoryFn[M] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, M) {
		var none M
		rec := pick(ctx, testData, reporter)
		if reporter.IsSkipped() {
			return nil, none
		}
		registrar := anyRegistrar(ctx, testData, reporter)
		if reporter.IsSkipped() {
			return nil, none
		}
		msg := build(ctx, registrar.AddressBech32, rec, testData, reporter)
		if reporter.IsSkipped() {
			return nil, none
		}
		return []simsx.SimAccount{registrar}, msg
	}
}

// GovMsg builds x/gov's proposal message about a record pick draws: what
// cannot be undone (a removal) is x/gov's alone, so no registrar signs it.
func GovMsg[M sdk.Msg, R any](pick Picker[R], build Build[M, R]) simsx.SimMsgFactoryFn[M] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, M) {
		var none M
		rec := pick(ctx, testData, reporter)
		if reporter.IsSkipped() {
			return nil, none
		}
		gov := testData.ModuleAccountAddress(reporter, "gov")
		msg := build(ctx, gov, rec, testData, reporter)
		if reporter.IsSkipped() {
			return nil, none
		}
		return nil, msg
	}
}

// OperatorMsg builds a message of a record's operator about the record pick
// draws; operatorOf draws the signer among the record's operators.
func OperatorMsg[M sdk.Msg, R any](pick Picker[R],
	operatorOf func(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, rec R) simsx.SimAccount,
	build Build[M, R],
) simsx.SimMsgFactoryFn[M] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, M) {
		var none M
		rec := pick(ctx, testData, reporter)
		operator := operatorOf(testData, reporter, rec)
		if reporter.IsSkipped() {
			return nil, none
		}
		msg := build(ctx, operator.AddressBech32, rec, testData, reporter)
		if reporter.IsSkipped() {
			return nil, none
		}
		return []simsx.SimAccount{operator}, msg
	}
}

// Proposed draws, for the operatorOf of OperatorMsg, an account the record's
// pending rotation names that has not accepted yet, is a simulation
// account, and operates no record; the reporter skips when there is none or
// the rotation expired.
func Proposed[R registry.Record](ctx context.Context, operators collections.Map[sdk.AccAddress, string]) func(*simsx.ChainDataSource, simsx.SimulationReporter, R) simsx.SimAccount {
	return func(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, rec R) simsx.SimAccount {
		if reporter.IsSkipped() {
			return simsx.SimAccount{}
		}
		next, accepted, expiry, ok := rec.PendingOperatorAccounts()
		if !ok || sdk.UnwrapSDKContext(ctx).BlockHeight() > expiry {
			reporter.Skip("no rotation pending")
			return simsx.SimAccount{}
		}
		free := Free(ctx, operators)
		for _, a := range next {
			if slices.Contains(accepted, a) || !testData.HasAccount(a) {
				continue
			}
			if acc := testData.GetAccount(reporter, a); free(acc) {
				return acc
			}
		}
		reporter.Skip("no proposed account can accept")
		return simsx.SimAccount{}
	}
}
