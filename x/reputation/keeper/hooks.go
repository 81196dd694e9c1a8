package keeper

import (
	"context"

	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	"github.com/atonomi/atonomid/x/internal/keeperkit"
	"github.com/atonomi/atonomid/x/reputation/types"
)

// Hooks follow the registries this module counts from. The auditor
// registry calls them inside the message that suspends, reinstates, removes
// or re-weighs an auditor; an auditor may have scored any number of
// devices, so the hook only queues the auditor, and the end blocker moves
// its scores to the new weight a bounded number per block. The device
// registry calls them when a device's owner or status changes, which moves
// the device's aggregates between owner aggregates (owner_aggregates.go).
type Hooks struct{ k *Keeper }

var (
	_ auditortypes.AuditorHooks = Hooks{}
	_ devicetypes.DeviceHooks   = Hooks{}
)

// AuditorHooks returns the auditor registry hooks of the reputation module;
// the app installs them with the auditor keeper's SetHooks.
func (k *Keeper) AuditorHooks() Hooks { return Hooks{k: k} }

// DeviceHooks returns the device registry hooks of the reputation module;
// the app installs them with the device keeper's SetHooks.
func (k *Keeper) DeviceHooks() Hooks { return Hooks{k: k} }

// AfterAuditorWeightChanged queues the auditor to have its latest scores
// re-weighed to effectiveWeight. A later change replaces an earlier one
// still queued and restarts its sweep from the first score, since the
// scores already swept are at the earlier weight; the same weight again
// keeps the sweep where it is. It reads and writes only the auditor's
// queue entry and cursor.
func (h Hooks) AfterAuditorWeightChanged(ctx context.Context, auditorID string, effectiveWeight uint32) error {
	if err := auditortypes.ValidateID(auditorID); err != nil {
		return err
	}
	if err := types.ValidateEffectiveWeight(effectiveWeight); err != nil {
		return err
	}
	queued, err := h.k.Reweigh.Get(ctx, auditorID)
	switch {
	case err == nil && queued == effectiveWeight:
		return nil
	case err != nil && !keeperkit.IsNotFound(err):
		return err
	}
	if err := h.k.Reweigh.Set(ctx, auditorID, effectiveWeight); err != nil {
		return err
	}
	return h.k.ReweighCursors.Remove(ctx, auditorID)
}
