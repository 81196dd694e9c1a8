// Package testutil holds helpers shared by the modules' tests. It imports no
// module or app package, so any test may use it.
package testutil

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// RequireLastEvent checks that the last event emitted on ctx is the typed event want.
func RequireLastEvent(t testing.TB, ctx sdk.Context, want proto.Message) {
	t.Helper()
	events := ctx.EventManager().ABCIEvents()
	require.NotEmpty(t, events, "no event was emitted")
	got, err := sdk.ParseTypedEvent(events[len(events)-1])
	require.NoError(t, err)
	require.Equal(t, want, got)
}

// RequireEvent checks that the typed event want was emitted on ctx, at any place.
func RequireEvent(t testing.TB, ctx sdk.Context, want proto.Message) {
	t.Helper()
	for _, ev := range ctx.EventManager().ABCIEvents() {
		if ev.Type != proto.MessageName(want) {
			continue
		}
		got, err := sdk.ParseTypedEvent(ev)
		require.NoError(t, err)
		if proto.Equal(want, got) {
			return
		}
	}
	require.Failf(t, "event not emitted", "%s %v", proto.MessageName(want), want)
}

// TypedEvents returns the events of type T among events (a tx result's, as
// a subscriber reads them), parsed, in order.
func TypedEvents[T proto.Message](t testing.TB, events []abci.Event) []T {
	t.Helper()
	var zero T
	name := proto.MessageName(zero)
	var out []T
	for _, e := range events {
		if e.Type != name {
			continue
		}
		msg, err := sdk.ParseTypedEvent(e)
		require.NoError(t, err)
		out = append(out, msg.(T))
	}
	return out
}

// Events returns every typed event emitted on ctx, parsed, in order: a test
// compares the whole list to see that nothing else was emitted.
func Events(t testing.TB, ctx sdk.Context) []proto.Message {
	t.Helper()
	var out []proto.Message
	for _, e := range ctx.EventManager().ABCIEvents() {
		msg, err := sdk.ParseTypedEvent(e)
		require.NoError(t, err)
		out = append(out, msg)
	}
	return out
}
