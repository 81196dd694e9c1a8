package types

import (
	errorsmod "cosmossdk.io/errors"

	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
)

// DefaultGenesis holds the default params, no scores and nothing to re-weigh.
func DefaultGenesis() *GenesisState {
	return &GenesisState{
		Params: DefaultParams(), Latest: []LatestScore{}, History: []Score{},
		ReweighQueue: []Reweigh{}, ReweighCursors: []ReweighCursor{},
	}
}

// Validate checks the params, every latest score and history entry, that no
// auditor has two latest scores of a device and type, that each device and
// type's history is newest first and no longer than history_length, and the
// re-weighing queue and its cursors, and the exclusion sweep.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	type latestKey struct{ device, typ, auditor string }
	seen := make(map[latestKey]struct{}, len(gs.Latest))
	for i, l := range gs.Latest {
		if err := l.Validate(); err != nil {
			return errorsmod.Wrapf(err, "latest score %d", i)
		}
		k := latestKey{l.DeviceId, l.ReputationType, l.AuditorId}
		if _, dup := seen[k]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "latest score %d: auditor %s has two scores of device %s in %s", i, l.AuditorId, l.DeviceId, l.ReputationType)
		}
		seen[k] = struct{}{}
	}
	type pairKey struct{ device, typ string }
	type tail struct {
		count  uint32
		height int64
	}
	tails := make(map[pairKey]*tail)
	for i, s := range gs.History {
		if err := s.Validate(); err != nil {
			return errorsmod.Wrapf(err, "history %d", i)
		}
		k := pairKey{s.DeviceId, s.ReputationType}
		t, ok := tails[k]
		if !ok {
			t = &tail{}
			tails[k] = t
		} else if s.Height > t.height {
			return errorsmod.Wrapf(ErrInvalidGenesis, "history %d: the scores of device %s in %s must be listed newest first", i, s.DeviceId, s.ReputationType)
		}
		t.count++
		t.height = s.Height
		if t.count > gs.Params.HistoryLength {
			return errorsmod.Wrapf(ErrInvalidGenesis, "history %d: device %s has more than history_length (%d) scores in %s", i, s.DeviceId, gs.Params.HistoryLength, s.ReputationType)
		}
	}
	if err := validateReweigh(gs.ReweighQueue, gs.ReweighCursors); err != nil {
		return err
	}
	if gs.ExclusionSweep != nil {
		return gs.ExclusionSweep.Validate(gs.Params.ExclusionThreshold)
	}
	return nil
}

// Validate checks an exclusion sweep under the exclusion threshold of the
// params: the sweep judges at it (a threshold change restarts the sweep),
// and its cursor is a device id in canonical form or empty, before the
// first device. The cursor need not name a scored device: the sweep goes on
// from it in key order either way.
func (s ExclusionSweep) Validate(threshold uint32) error {
	if s.Threshold != threshold {
		return errorsmod.Wrapf(ErrInvalidGenesis, "exclusion_sweep: threshold %d, the params' exclusion_threshold is %d", s.Threshold, threshold)
	}
	if s.NextDeviceId == "" {
		return nil
	}
	if _, err := devicetypes.ParseDeviceID(s.NextDeviceId); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "exclusion_sweep: next_device_id: %v", err)
	}
	return nil
}

// validateReweigh checks the queue (one entry per auditor, each a valid
// effective weight) and the cursors (one per queued auditor at most, each
// naming a well-formed device and type). A cursor need not name a stored
// score: the sweep goes on after it in key order either way.
func validateReweigh(queue []Reweigh, cursors []ReweighCursor) error {
	queued := make(map[string]struct{}, len(queue))
	for i, r := range queue {
		if err := auditortypes.ValidateID(r.AuditorId); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reweigh_queue %d: %v", i, err)
		}
		if err := ValidateEffectiveWeight(r.Weight); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reweigh_queue %d: %v", i, err)
		}
		if _, dup := queued[r.AuditorId]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reweigh_queue %d: auditor %s is queued twice", i, r.AuditorId)
		}
		queued[r.AuditorId] = struct{}{}
	}
	cursored := make(map[string]struct{}, len(cursors))
	for i, c := range cursors {
		if err := validateKey(c.DeviceId, c.ReputationType, c.AuditorId); err != nil {
			return errorsmod.Wrapf(err, "reweigh_cursors %d", i)
		}
		if _, ok := queued[c.AuditorId]; !ok {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reweigh_cursors %d: auditor %s is not in reweigh_queue", i, c.AuditorId)
		}
		if _, dup := cursored[c.AuditorId]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reweigh_cursors %d: auditor %s has two cursors", i, c.AuditorId)
		}
		cursored[c.AuditorId] = struct{}{}
	}
	return nil
}

// ValidateEffectiveWeight checks a weight scores are counted with: 0 for a
// suspended or removed auditor's scores, or an auditor weight.
func ValidateEffectiveWeight(w uint32) error {
	if w == 0 {
		return nil
	}
	return auditortypes.ValidateWeight(w)
}

// Validate checks a latest score as stored or imported. Its weight may be 0:
// the score of a suspended or removed auditor, kept but not counted.
func (l LatestScore) Validate() error {
	if err := validateKey(l.DeviceId, l.ReputationType, l.AuditorId); err != nil {
		return err
	}
	if err := ValidateScore(l.Score); err != nil {
		return err
	}
	if err := ValidateEffectiveWeight(l.Weight); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "weight: %v", err)
	}
	if l.Height < 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "negative height")
	}
	return nil
}

// Validate checks a history entry as stored or imported.
func (s Score) Validate() error {
	if err := validateKey(s.DeviceId, s.ReputationType, s.AuditorId); err != nil {
		return err
	}
	if err := manufacturertypes.ValidateID(s.ManufacturerId); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "manufacturer: %v", err)
	}
	if err := ValidateScore(s.Score); err != nil {
		return err
	}
	if s.Height < 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "negative height")
	}
	if _, ok := Direction_name[int32(s.Direction)]; !ok || s.Direction == DIRECTION_UNSPECIFIED {
		return errorsmod.Wrapf(ErrInvalidGenesis, "direction %d", s.Direction)
	}
	return nil
}

// validateKey checks the device id (canonical lower-case hex, as the keeper
// writes it), the reputation type's form and the auditor id.
func validateKey(deviceID, reputationType, auditorID string) error {
	if _, err := devicetypes.ParseDeviceID(deviceID); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "%v", err)
	}
	if err := auditortypes.ValidateReputationTypeList([]string{reputationType}); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "%v", err)
	}
	if err := auditortypes.ValidateID(auditorID); err != nil {
		return errorsmod.Wrapf(ErrInvalidGenesis, "auditor: %v", err)
	}
	return nil
}
