// Package testutil holds helpers shared by the modules' tests. It imports no
// module or app package, so any test may use it.
package testutil

import (
	"testing"

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
