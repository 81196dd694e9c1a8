package simulation

import (
	"context"
	"encoding/hex"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/x/device/keeper"
	"github.com/atonomi/atonomid/x/device/types"
	manufacturersim "github.com/atonomi/atonomid/x/manufacturer/simulation"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	permissionsim "github.com/atonomi/atonomid/x/permission/simulation"
	tokensim "github.com/atonomi/atonomid/x/token/simulation"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// MsgRegisterDevicesFactory has an operator of an active manufacturer
// register a batch of new devices and pay their registration fee.
func MsgRegisterDevicesFactory(k *keeper.Keeper, sims Keepers) simsx.SimMsgFactoryFn[*types.MsgRegisterDevices] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterDevices) {
		m, operator := activeManufacturer(ctx, sims, testData, reporter)
		params, err := k.Params.Get(ctx)
		if err != nil || reporter.IsSkipped() {
			reporter.Skipf("device params: %v", err)
			return nil, nil
		}
		n := 1 + testData.Rand().Intn(int(min(10, params.MaxBatchSize)))
		tokensim.ReserveFee(ctx, sims.Token, reporter, &operator, tokentypes.ACTION_REGISTRATION, map[tokentypes.FeeKind]uint64{tokentypes.FeeRegistration: uint64(n)})
		if reporter.IsSkipped() {
			return nil, nil
		}
		entries := make([]types.DeviceEntry, n)
		for i := range entries {
			if entries[i], _, err = RandomEntry(testData.Rand().Rand); err != nil {
				reporter.Skip(err.Error())
				return nil, nil
			}
		}
		return []simsx.SimAccount{operator}, &types.MsgRegisterDevices{Operator: operator.AddressBech32, ManufacturerId: m.Id, Devices: entries}
	}
}

// MsgCommitWhitelistFactory has an operator of an active manufacturer
// commit a Merkle whitelist and schedules, in later blocks, the activation
// of some of its devices with their inclusion proofs.
func MsgCommitWhitelistFactory(k *keeper.Keeper, sims Keepers) *simsx.LazyStateSimMsgFactory[*types.MsgCommitWhitelist] {
	return simsx.NewSimMsgFactoryWithFutureOps(func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
		future simsx.FutureOpsRegistry,
	) ([]simsx.SimAccount, *types.MsgCommitWhitelist) {
		m, operator := activeManufacturer(ctx, sims, testData, reporter)
		r := testData.Rand()
		count := 2 + r.Intn(15)
		tokensim.ReserveFee(ctx, sims.Token, reporter, &operator, tokentypes.ACTION_REGISTRATION, map[tokentypes.FeeKind]uint64{tokentypes.FeeRegistration: uint64(count)})
		if reporter.IsSkipped() {
			return nil, nil
		}
		entries := make([]devicekit.Entry, count)
		for i := range entries {
			e, _, err := RandomEntry(r.Rand)
			if err != nil {
				reporter.Skip(err.Error())
				return nil, nil
			}
			id, _ := types.ParseDeviceID(e.Id)
			entries[i] = devicekit.Entry{ID: id, KeyType: e.KeyType.Kit(), PublicKey: e.PublicKey}
		}
		tree, err := devicekit.BuildTree(entries)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		root := tree.Root()
		now := sdk.UnwrapSDKContext(ctx).BlockTime()
		for i, leaf := range r.Perm(count)[:1+r.Intn(count)] {
			future.Add(now.Add(time.Duration(i+1)*time.Minute), msgActivateFromWhitelistFactory(k, sims, tree, m.Id, root, entries[leaf], leaf))
		}
		return []simsx.SimAccount{operator}, &types.MsgCommitWhitelist{
			Operator: operator.AddressBech32, ManufacturerId: m.Id, Root: hex.EncodeToString(root[:]), Count: uint64(count),
			Protocols: []string{"mqtt"}, DeviceType: "sensor",
		}
	})
}

// msgActivateFromWhitelistFactory activates one device of a committed
// whitelist for a random owner with its inclusion proof.
func msgActivateFromWhitelistFactory(k *keeper.Keeper, sims Keepers, tree *devicekit.Tree, manufacturer string, root [32]byte, e devicekit.Entry, leaf int) simsx.SimMsgFactoryFn[*types.MsgActivateDevice] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgActivateDevice) {
		w, err := k.Whitelists.Get(ctx, collections.Join(manufacturer, root[:]))
		if err != nil {
			reporter.Skipf("whitelist %x not on chain: %v", root, err)
			return nil, nil
		}
		if has, err := k.Devices.Has(ctx, e.ID); err != nil || has {
			reporter.Skipf("device %s is already on chain", e.ID)
			return nil, nil
		}
		if !manufacturerActive(ctx, sims, w.ManufacturerId) {
			reporter.Skipf("manufacturer %s is not active", w.ManufacturerId)
			return nil, nil
		}
		key, err := DeviceKey(types.KeyType(e.KeyType), e.ID)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		proof, err := tree.Proof(leaf)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		siblings := make([]string, len(proof))
		for i, p := range proof {
			siblings[i] = hex.EncodeToString(p[:])
		}
		owner, msg := activation(ctx, sims, testData, reporter, e.ID, key)
		if reporter.IsSkipped() {
			return nil, nil
		}
		msg.MerkleProof = &types.MerkleProof{Root: w.Root, ManufacturerId: w.ManufacturerId, KeyType: types.KeyType(e.KeyType), PublicKey: e.PublicKey, Siblings: siblings}
		return []simsx.SimAccount{owner}, msg
	}
}

// MsgActivateDeviceFactory has a random account activate a registered
// device of an active manufacturer, signed by the device's key.
func MsgActivateDeviceFactory(k *keeper.Keeper, sims Keepers) simsx.SimMsgFactoryFn[*types.MsgActivateDevice] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgActivateDevice) {
		d := AnyDevice(ctx, k, testData, reporter, func(d types.Device) bool {
			return d.Status == types.STATUS_REGISTERED && manufacturerActive(ctx, sims, d.ManufacturerId)
		})
		key := KeyOf(d, reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		id, _ := types.ParseDeviceID(d.Id)
		owner, msg := activation(ctx, sims, testData, reporter, id, key)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{owner}, msg
	}
}

// MsgRegisterAndActivateFactory has an operator of an active manufacturer
// ship a new device activated for a random owner, paying both fees.
func MsgRegisterAndActivateFactory(sims Keepers) simsx.SimMsgFactoryFn[*types.MsgRegisterAndActivate] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterAndActivate) {
		m, operator := activeManufacturer(ctx, sims, testData, reporter)
		tokensim.ReserveFee(ctx, sims.Token, reporter, &operator, tokentypes.ACTION_ACTIVATION, map[tokentypes.FeeKind]uint64{
			tokentypes.FeeRegistration: 1, tokentypes.FeeActivation: 1,
		})
		if reporter.IsSkipped() {
			return nil, nil
		}
		if err := sims.Token.CheckNotPaused(ctx, tokentypes.ACTION_REGISTRATION); err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		owner := testData.AnyAccount(reporter)
		e, key, err := RandomEntry(testData.Rand().Rand)
		if err != nil || reporter.IsSkipped() {
			reporter.Skipf("no entry: %v", err)
			return nil, nil
		}
		id, _ := types.ParseDeviceID(e.Id)
		sig, err := key.SignActivation(sdk.UnwrapSDKContext(ctx).ChainID(), id, owner.Address)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		return []simsx.SimAccount{operator}, &types.MsgRegisterAndActivate{
			Operator: operator.AddressBech32, ManufacturerId: m.Id, Device: e, Owner: owner.AddressBech32, Signature: sig,
		}
	}
}

// MsgSuspendDeviceFactory suspends a registered or active device, signed by
// the owner, an operator of its manufacturer or a registrar.
func MsgSuspendDeviceFactory(k *keeper.Keeper, sims Keepers) simsx.SimMsgFactoryFn[*types.MsgSuspendDevice] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSuspendDevice) {
		d := AnyDevice(ctx, k, testData, reporter, WithStatus(types.STATUS_REGISTERED, types.STATUS_ACTIVE))
		signer := anySigner(ctx, sims, testData, reporter, d, types.RoleOwner, types.RoleManufacturer, types.RoleAuthority)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{signer}, &types.MsgSuspendDevice{Signer: signer.AddressBech32, DeviceId: d.Id, Reason: "simulated loss"}
	}
}

// MsgReinstateDeviceFactory lifts a suspension, signed by someone allowed to
// lift it: the authority always, the manufacturer and the owner only the
// suspensions each imposed.
func MsgReinstateDeviceFactory(k *keeper.Keeper, sims Keepers) simsx.SimMsgFactoryFn[*types.MsgReinstateDevice] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgReinstateDevice) {
		d := AnyDevice(ctx, k, testData, reporter, WithStatus(types.STATUS_SUSPENDED))
		roles := []string{types.RoleAuthority}
		switch d.SuspendedBy {
		case types.RoleOwner:
			roles = append(roles, types.RoleOwner)
		case types.RoleManufacturer:
			roles = append(roles, types.RoleManufacturer)
		}
		signer := anySigner(ctx, sims, testData, reporter, d, roles...)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{signer}, &types.MsgReinstateDevice{Signer: signer.AddressBech32, DeviceId: d.Id}
	}
}

// MsgRevokeDeviceFactory withdraws a device of an active manufacturer for
// good, signed by one of its operators (a registrar may not revoke).
func MsgRevokeDeviceFactory(k *keeper.Keeper, sims Keepers) simsx.SimMsgFactoryFn[*types.MsgRevokeDevice] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRevokeDevice) {
		d := AnyDevice(ctx, k, testData, reporter, revocable(ctx, sims))
		signer := anySigner(ctx, sims, testData, reporter, d, types.RoleManufacturer)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{signer}, &types.MsgRevokeDevice{Signer: signer.AddressBech32, DeviceId: d.Id, Reason: "simulated recall"}
	}
}

// MsgRevokeDeviceByGovFactory is x/gov's proposal to revoke any device that
// is not revoked yet: as the authority, only x/gov revokes.
func MsgRevokeDeviceByGovFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRevokeDevice] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRevokeDevice) {
		d := AnyDevice(ctx, k, testData, reporter, WithStatus(types.STATUS_REGISTERED, types.STATUS_ACTIVE, types.STATUS_SUSPENDED))
		gov := testData.ModuleAccountAddress(reporter, "gov")
		if reporter.IsSkipped() {
			return nil, nil
		}
		return nil, &types.MsgRevokeDevice{Signer: gov, DeviceId: d.Id, Reason: "simulated withdrawal by the consortium"}
	}
}

// revocable keeps devices that are not revoked, of an active manufacturer.
func revocable(ctx context.Context, sims Keepers) func(types.Device) bool {
	return func(d types.Device) bool {
		return d.Status != types.STATUS_REVOKED && d.Status != types.STATUS_UNSPECIFIED && manufacturerActive(ctx, sims, d.ManufacturerId)
	}
}

// MsgTransferDeviceFactory hands an active device to another account.
func MsgTransferDeviceFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgTransferDevice] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgTransferDevice) {
		d := AnyDevice(ctx, k, testData, reporter, OwnedBySimAccount(testData, types.STATUS_ACTIVE))
		owner := ownerOf(testData, reporter, d)
		next := testData.AnyAccount(reporter, simsx.ExcludeAccounts(owner))
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{owner}, &types.MsgTransferDevice{Owner: owner.AddressBech32, DeviceId: d.Id, NewOwner: next.AddressBech32}
	}
}

// MsgOfferWalletFactory has an owner offer another simulation account the
// role of its device's wallet, for up to 50 blocks.
func MsgOfferWalletFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgOfferWallet] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgOfferWallet) {
		d := AnyDevice(ctx, k, testData, reporter, OwnedBySimAccount(testData, types.STATUS_ACTIVE, types.STATUS_SUSPENDED))
		owner := ownerOf(testData, reporter, d)
		wallet := testData.AnyAccount(reporter, simsx.ExcludeAccounts(owner), simsx.ExcludeAddresses(d.Wallet))
		if reporter.IsSkipped() {
			return nil, nil
		}
		expiry := sdk.UnwrapSDKContext(ctx).BlockHeight() + 1 + int64(testData.Rand().Intn(50))
		return []simsx.SimAccount{owner}, &types.MsgOfferWallet{Owner: owner.AddressBech32, DeviceId: d.Id, Wallet: wallet.AddressBech32, ExpiryHeight: expiry}
	}
}

// MsgAcceptWalletFactory has an offered simulation account accept a
// pending, unexpired offer.
func MsgAcceptWalletFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgAcceptWallet] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAcceptWallet) {
		height := sdk.UnwrapSDKContext(ctx).BlockHeight()
		d := AnyDevice(ctx, k, testData, reporter, func(d types.Device) bool {
			o := d.WalletOffer
			return o != nil && o.ExpiryHeight >= height && d.Status != types.STATUS_REVOKED && testData.HasAccount(o.Wallet)
		})
		if reporter.IsSkipped() {
			return nil, nil
		}
		wallet := testData.GetAccount(reporter, d.WalletOffer.Wallet)
		return []simsx.SimAccount{wallet}, &types.MsgAcceptWallet{Wallet: wallet.AddressBech32, DeviceId: d.Id, Owner: d.Owner}
	}
}

// MsgUnlinkWalletFactory has the owner or the wallet of a linked device end
// the link.
func MsgUnlinkWalletFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUnlinkWallet] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUnlinkWallet) {
		d := AnyDevice(ctx, k, testData, reporter, func(d types.Device) bool {
			return d.Wallet != "" && testData.HasAccount(d.Wallet) && testData.HasAccount(d.Owner)
		})
		if reporter.IsSkipped() {
			return nil, nil
		}
		side := d.Owner
		if testData.Rand().Intn(2) == 0 {
			side = d.Wallet
		}
		signer := testData.GetAccount(reporter, side)
		return []simsx.SimAccount{signer}, &types.MsgUnlinkWallet{Signer: signer.AddressBech32, DeviceId: d.Id}
	}
}

// MsgSetPolicyFactory gives an owned device a random policy: mostly open,
// sometimes with spending limits, counterparty and reputation rules.
func MsgSetPolicyFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSetPolicy] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetPolicy) {
		d := AnyDevice(ctx, k, testData, reporter, OwnedBySimAccount(testData, types.STATUS_ACTIVE, types.STATUS_SUSPENDED))
		owner := ownerOf(testData, reporter, d)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{owner}, &types.MsgSetPolicy{Owner: owner.AddressBech32, DeviceId: d.Id, Policy: randomPolicy(testData.Rand(), d)}
	}
}

// MsgSetServicesFactory has an active device advertise up to three services.
func MsgSetServicesFactory(k *keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSetServices] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetServices) {
		d := AnyDevice(ctx, k, testData, reporter, OwnedBySimAccount(testData, types.STATUS_ACTIVE))
		owner := ownerOf(testData, reporter, d)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		kinds := []string{"telemetry", "charging", "storage", "relay"}
		var services []types.Service
		for _, i := range r.Perm(len(kinds))[:r.Intn(4)] {
			services = append(services, types.Service{ServiceType: kinds[i], Price: math.NewInt(int64(r.Intn(1_000)))})
		}
		return []simsx.SimAccount{owner}, &types.MsgSetServices{Owner: owner.AddressBech32, DeviceId: d.Id, Services: services}
	}
}

// MsgUpdateParamsFactory is x/gov's proposal of new random params.
func MsgUpdateParamsFactory() simsx.SimMsgFactoryFn[*types.MsgUpdateParams] {
	return func(_ context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateParams) {
		return nil, &types.MsgUpdateParams{Authority: testData.ModuleAccountAddress(reporter, "gov"), Params: RandomParams(testData.Rand().Rand)}
	}
}

// activation builds the activation of device id for a random owner that
// can pay the activation fee, signed with the device's key.
func activation(ctx context.Context, sims Keepers, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	id devicekit.ID, key devicekit.PrivateKey,
) (simsx.SimAccount, *types.MsgActivateDevice) {
	owner := testData.AnyAccount(reporter, simsx.WithSpendableBalance())
	tokensim.ReserveFee(ctx, sims.Token, reporter, &owner, tokentypes.ACTION_ACTIVATION, map[tokentypes.FeeKind]uint64{tokentypes.FeeActivation: 1})
	if reporter.IsSkipped() {
		return owner, nil
	}
	sig, err := key.SignActivation(sdk.UnwrapSDKContext(ctx).ChainID(), id, owner.Address)
	if err != nil {
		reporter.Skip(err.Error())
		return owner, nil
	}
	return owner, &types.MsgActivateDevice{Owner: owner.AddressBech32, DeviceId: id.String(), Signature: sig}
}

// activeManufacturer picks an active manufacturer and one of its operators.
func activeManufacturer(ctx context.Context, sims Keepers, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) (manufacturertypes.Manufacturer, simsx.SimAccount) {
	m := manufacturersim.AnyManufacturer(ctx, sims.Manufacturer, testData, reporter, manufacturertypes.STATUS_ACTIVE)
	return m, manufacturersim.AnyOperator(testData, reporter, m)
}

func manufacturerActive(ctx context.Context, sims Keepers, id string) bool {
	m, err := sims.Manufacturer.GetManufacturer(ctx, id)
	return err == nil && m.CheckActive() == nil
}

// anySigner picks a signer holding one of the roles towards d.
func anySigner(ctx context.Context, sims Keepers, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, d types.Device, roles ...string) simsx.SimAccount {
	if reporter.IsSkipped() {
		return simsx.SimAccount{}
	}
	var candidates []string
	for _, role := range roles {
		switch role {
		case types.RoleOwner:
			if d.Owner != "" && testData.HasAccount(d.Owner) {
				candidates = append(candidates, role)
			}
		case types.RoleManufacturer:
			// A suspended manufacturer may only suspend and a removed one
			// nothing: draw the operators of active ones only.
			if manufacturerActive(ctx, sims, d.ManufacturerId) {
				candidates = append(candidates, role)
			}
		case types.RoleAuthority:
			candidates = append(candidates, role)
		}
	}
	if len(candidates) == 0 {
		reporter.Skip("nobody may sign")
		return simsx.SimAccount{}
	}
	switch candidates[testData.Rand().Intn(len(candidates))] {
	case types.RoleOwner:
		return testData.GetAccount(reporter, d.Owner)
	case types.RoleManufacturer:
		m, err := sims.Manufacturer.GetManufacturer(ctx, d.ManufacturerId)
		if err != nil {
			reporter.Skip(err.Error())
			return simsx.SimAccount{}
		}
		return manufacturersim.AnyOperator(testData, reporter, m)
	default:
		return permissionsim.AnyRegistrar(ctx, sims.Permission, testData, reporter)
	}
}

func ownerOf(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, d types.Device) simsx.SimAccount {
	if reporter.IsSkipped() {
		return simsx.SimAccount{}
	}
	return testData.GetAccount(reporter, d.Owner)
}

// randomPolicy is mostly open, so that payments between simulated devices
// often pass; now and then it limits spending or names its counterparties.
func randomPolicy(r *simsx.XRand, d types.Device) types.Policy {
	p := types.DefaultPolicy()
	if r.Intn(3) == 0 {
		p.SpendingLimits.PerMinute = math.NewInt(int64(r.Intn(100_000)))
		p.SpendingLimits.PerDay = math.NewInt(int64(r.Intn(10_000_000)))
	}
	if r.Intn(5) == 0 {
		p.AllowedManufacturers = []string{d.ManufacturerId}
	}
	if r.Intn(5) == 0 {
		p.MinCounterpartyReputation = []types.ReputationMinimum{{ReputationType: "security", MinScore: uint32(r.Intn(5_000))}}
	}
	if r.Intn(5) == 0 {
		p.Regions = []string{"DE", "US-CA"}[:1+r.Intn(2)]
	}
	p.RequireAttestedLocation = r.Intn(8) == 0
	return p
}
