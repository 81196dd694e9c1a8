package types

import "context"

// AuditorHooks let modules that count auditors' scores follow changes of how
// much those scores weigh. The registry calls them inside the message that
// makes the change; an error aborts the message.
type AuditorHooks interface {
	// AfterAuditorWeightChanged is called after an auditor's effective
	// weight may have changed: on every status transition (suspension → 0,
	// reinstatement → its weight, removal → 0) and when MsgSetAuditorScope
	// changes the effective weight. effectiveWeight is Auditor.EffectiveWeight
	// after the change.
	AfterAuditorWeightChanged(ctx context.Context, auditorID string, effectiveWeight uint32) error
}
