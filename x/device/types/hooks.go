package types

import "context"

// DeviceHooks let modules that keep state per owner follow the changes of
// who owns a device and of its status. The registry calls them inside the
// message that makes the change; an error aborts the message.
type DeviceHooks interface {
	// AfterDeviceOwnerOrStatusChanged is called after a device is stored with
	// another owner or status than before: registration, activation
	// (including a Merkle whitelist device first written by its activation,
	// and MsgRegisterAndActivate), transfer, suspension, reinstatement and
	// revocation. before is the device as it was, the zero Device for a new
	// one; after is the device as now stored. Genesis import, which loads
	// devices rather than changing them, does not call it.
	AfterDeviceOwnerOrStatusChanged(ctx context.Context, before, after Device) error
	// AfterDeviceReleased is called after x/gov released a registered
	// device's record (MsgReleaseRegistrations): its id may be registered
	// anew by another manufacturer, so state kept for the old record — its
	// scores — must go with it.
	AfterDeviceReleased(ctx context.Context, d Device) error
}
