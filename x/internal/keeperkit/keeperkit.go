// Package keeperkit holds the few helpers every Atonomi keeper uses, so
// that each is written once: emitting a typed event, telling a missing
// collections entry from a failed read, and the value codecs that keep
// every stored value non-empty (values.go).
package keeperkit

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Emit emits ev as a typed event on the SDK context inside ctx.
func Emit(ctx context.Context, ev proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(ev)
}

// IsNotFound reports a missing collections entry, as opposed to a store
// error.
func IsNotFound(err error) bool { return errors.Is(err, collections.ErrNotFound) }
