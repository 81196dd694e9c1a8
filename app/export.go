package app

import (
	"encoding/json"
	"errors"
	"fmt"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	"github.com/cosmos/cosmos-sdk/x/staking"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// ExportAppStateAndValidators exports the state of the application for a genesis
// file.
func (app *App) ExportAppStateAndValidators(forZeroHeight bool, jailAllowedAddrs, modulesToExport []string) (servertypes.ExportedApp, error) {
	// as if they could withdraw from the start of the next block
	ctx := app.NewContextLegacy(true, cmtproto.Header{Height: app.LastBlockHeight()})

	// We export at last height + 1, because that's the height at which
	// CometBFT will start InitChain.
	height := app.LastBlockHeight() + 1
	if forZeroHeight {
		height = 0
		if err := app.prepForZeroHeightGenesis(ctx, jailAllowedAddrs); err != nil {
			return servertypes.ExportedApp{}, fmt.Errorf("preparing the state for a zero-height genesis: %w", err)
		}
	}

	genState, err := app.ModuleManager.ExportGenesisForModules(ctx, app.appCodec, modulesToExport)
	if err != nil {
		return servertypes.ExportedApp{}, err
	}

	appState, err := json.MarshalIndent(genState, "", "  ")
	if err != nil {
		return servertypes.ExportedApp{}, err
	}

	validators, err := staking.WriteValidators(ctx, app.StakingKeeper)
	if err != nil {
		return servertypes.ExportedApp{}, err
	}
	return servertypes.ExportedApp{
		AppState:        appState,
		Validators:      validators,
		Height:          height,
		ConsensusParams: app.GetConsensusParams(ctx),
	}, nil
}

// prepForZeroHeightGenesis rewrites ctx's state for a chain that starts over
// at height 1 from the export: distribution settled, every height the
// modules keep moved to 0. Any failure is returned: a half-prepared state
// exported without complaint would start a chain whose heights or rewards
// are silently wrong.
func (app *App) prepForZeroHeightGenesis(ctx sdk.Context, jailAllowedAddrs []string) error {
	allowedAddrsMap := make(map[string]bool)
	for _, addr := range jailAllowedAddrs {
		if _, err := sdk.ValAddressFromBech32(addr); err != nil {
			return fmt.Errorf("jail-allowed address %q: %w", addr, err)
		}
		allowedAddrsMap[addr] = true
	}
	if err := app.zeroHeightDistribution(ctx); err != nil {
		return fmt.Errorf("distribution: %w", err)
	}
	if err := app.zeroHeightStaking(ctx, allowedAddrsMap); err != nil {
		return fmt.Errorf("staking: %w", err)
	}
	if err := app.zeroHeightSlashing(ctx); err != nil {
		return fmt.Errorf("slashing: %w", err)
	}
	// Re-scores after the restart are prorated against these heights.
	if err := app.ReputationKeeper.ResetScoreHeights(ctx); err != nil {
		return fmt.Errorf("reputation: %w", err)
	}
	return nil
}

// zeroHeightDistribution pays out every commission and delegator reward and
// restarts the validators' and delegations' reward periods at height 0.
func (app *App) zeroHeightDistribution(ctx sdk.Context) error {
	// The withdrawals are best effort, as in the SDK's own app: a validator
	// with no commission is refused (ErrNoValidatorCommission), and whatever
	// a withdrawal leaves behind goes to the community pool below.
	if err := app.forEachValidator(ctx, func(valBz sdk.ValAddress) error {
		_, _ = app.DistrKeeper.WithdrawValidatorCommission(ctx, valBz)
		return nil
	}); err != nil {
		return fmt.Errorf("withdrawing commission: %w", err)
	}

	dels, err := app.StakingKeeper.GetAllDelegations(ctx)
	if err != nil {
		return err
	}
	for _, delegation := range dels {
		valAddr, err := sdk.ValAddressFromBech32(delegation.ValidatorAddress)
		if err != nil {
			return err
		}
		delAddr, err := sdk.AccAddressFromBech32(delegation.DelegatorAddress)
		if err != nil {
			return err
		}
		_, _ = app.DistrKeeper.WithdrawDelegationRewards(ctx, delAddr, valAddr)
	}

	app.DistrKeeper.DeleteAllValidatorSlashEvents(ctx)
	app.DistrKeeper.DeleteAllValidatorHistoricalRewards(ctx)

	// The hooks below record the new periods at height 0; the caller's
	// context, a copy, keeps its height.
	ctx = ctx.WithBlockHeight(0)
	if err := app.forEachValidator(ctx, func(valBz sdk.ValAddress) error {
		// donate any unwithdrawn outstanding reward fraction tokens to the community pool
		scraps, err := app.DistrKeeper.GetValidatorOutstandingRewardsCoins(ctx, valBz)
		if err != nil {
			return fmt.Errorf("outstanding rewards: %w", err)
		}
		feePool, err := app.DistrKeeper.FeePool.Get(ctx)
		if err != nil {
			return err
		}
		feePool.CommunityPool = feePool.CommunityPool.Add(scraps...)
		if err := app.DistrKeeper.FeePool.Set(ctx, feePool); err != nil {
			return err
		}
		return app.DistrKeeper.Hooks().AfterValidatorCreated(ctx, valBz)
	}); err != nil {
		return fmt.Errorf("reinitializing validators: %w", err)
	}

	for _, del := range dels {
		valAddr, err := sdk.ValAddressFromBech32(del.ValidatorAddress)
		if err != nil {
			return err
		}
		delAddr, err := sdk.AccAddressFromBech32(del.DelegatorAddress)
		if err != nil {
			return err
		}
		if err := app.DistrKeeper.Hooks().BeforeDelegationCreated(ctx, delAddr, valAddr); err != nil {
			return fmt.Errorf("incrementing the period of %s's delegation to %s: %w", delAddr, valAddr, err)
		}
		if err := app.DistrKeeper.Hooks().AfterDelegationModified(ctx, delAddr, valAddr); err != nil {
			return fmt.Errorf("a new period record for %s's delegation to %s: %w", delAddr, valAddr, err)
		}
	}
	return nil
}

// zeroHeightStaking moves the creation heights of redelegations and
// unbondings and the validators' unbonding heights to 0, jails the
// validators not in allowed (when it is not empty) and applies the
// resulting validator set.
func (app *App) zeroHeightStaking(ctx sdk.Context, allowed map[string]bool) error {
	// The callbacks return true (stop) on the first failure and keep it in
	// failed: the iterators' own error only reports the iteration.
	var failed error
	err := app.StakingKeeper.IterateRedelegations(ctx, func(_ int64, red stakingtypes.Redelegation) bool {
		for i := range red.Entries {
			red.Entries[i].CreationHeight = 0
		}
		failed = app.StakingKeeper.SetRedelegation(ctx, red)
		return failed != nil
	})
	if err = errors.Join(err, failed); err != nil {
		return fmt.Errorf("redelegations: %w", err)
	}

	err = app.StakingKeeper.IterateUnbondingDelegations(ctx, func(_ int64, ubd stakingtypes.UnbondingDelegation) bool {
		for i := range ubd.Entries {
			ubd.Entries[i].CreationHeight = 0
		}
		failed = app.StakingKeeper.SetUnbondingDelegation(ctx, ubd)
		return failed != nil
	})
	if err = errors.Join(err, failed); err != nil {
		return fmt.Errorf("unbonding delegations: %w", err)
	}

	// Iterate through validators by power descending, reset bond heights, and
	// update bond intra-tx counters.
	store := ctx.KVStore(app.GetKey(stakingtypes.StoreKey))
	iter := storetypes.KVStoreReversePrefixIterator(store, stakingtypes.ValidatorsKey)
	for ; iter.Valid(); iter.Next() {
		addr := sdk.ValAddress(stakingtypes.AddressFromValidatorsKey(iter.Key()))
		validator, err := app.StakingKeeper.GetValidator(ctx, addr)
		if err != nil {
			return errors.Join(fmt.Errorf("validator %s: %w", addr, err), iter.Close())
		}
		validator.UnbondingHeight = 0
		if len(allowed) > 0 && !allowed[addr.String()] {
			validator.Jailed = true
		}
		if err := app.StakingKeeper.SetValidator(ctx, validator); err != nil {
			return errors.Join(fmt.Errorf("validator %s: %w", addr, err), iter.Close())
		}
	}
	// A failed close is returned rather than logged: what follows would
	// otherwise be skipped and the export written without it.
	if err := iter.Close(); err != nil {
		return fmt.Errorf("closing the validator iterator: %w", err)
	}

	if _, err := app.StakingKeeper.ApplyAndReturnValidatorSetUpdates(ctx); err != nil {
		return fmt.Errorf("applying the validator set: %w", err)
	}
	return nil
}

// zeroHeightSlashing moves the validators' signing start heights to 0.
func (app *App) zeroHeightSlashing(ctx sdk.Context) error {
	var failed error
	err := app.SlashingKeeper.IterateValidatorSigningInfos(ctx, func(addr sdk.ConsAddress, info slashingtypes.ValidatorSigningInfo) bool {
		info.StartHeight = 0
		failed = app.SlashingKeeper.SetValidatorSigningInfo(ctx, addr, info)
		return failed != nil
	})
	if err = errors.Join(err, failed); err != nil {
		return fmt.Errorf("validator signing infos: %w", err)
	}
	return nil
}

// forEachValidator calls fn with the operator address of every validator
// and returns the first failure, of fn or of the iteration. IterateValidators
// only reports its own errors, so fn's is kept aside and the walk stopped.
func (app *App) forEachValidator(ctx sdk.Context, fn func(sdk.ValAddress) error) error {
	var failed error
	err := app.StakingKeeper.IterateValidators(ctx, func(_ int64, val stakingtypes.ValidatorI) bool {
		valBz, err := app.StakingKeeper.ValidatorAddressCodec().StringToBytes(val.GetOperator())
		if err == nil {
			err = fn(valBz)
		}
		if err != nil {
			failed = fmt.Errorf("validator %s: %w", val.GetOperator(), err)
		}
		return failed != nil
	})
	return errors.Join(err, failed)
}
