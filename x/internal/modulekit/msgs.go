package modulekit

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
)

// FlattenMsgs returns msgs with every x/authz MsgExec replaced, after it, by
// the messages it executes (recursively), so that an ante-level check or
// alert sees a message whether it was sent directly or through a grant. An
// execution whose messages cannot be decoded is kept as it is: its msg
// server refuses it.
func FlattenMsgs(msgs []sdk.Msg) []sdk.Msg {
	out := make([]sdk.Msg, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, m)
		if exec, ok := m.(*authz.MsgExec); ok {
			if inner, err := exec.GetMessages(); err == nil {
				out = append(out, FlattenMsgs(inner)...)
			}
		}
	}
	return out
}
