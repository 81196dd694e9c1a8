package modulekit

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
)

// FlatMsg is one message of a transaction, sent directly or executed
// through an x/authz grant.
type FlatMsg struct {
	sdk.Msg
	// Grantee is the grantee of the outermost MsgExec that executes the
	// message, the account that submitted it; "" for a message sent
	// directly, whose own signer submitted it.
	Grantee string
}

// FlattenMsgs returns msgs with every x/authz MsgExec followed by the
// messages it executes (recursively), so that an ante-level check or alert
// sees a message whether it was sent directly or through a grant, and knows
// who submitted it. An execution whose messages cannot be decoded is kept as
// it is: its msg server refuses it.
func FlattenMsgs(msgs []sdk.Msg) []FlatMsg {
	return flatten(make([]FlatMsg, 0, len(msgs)), msgs, "")
}

func flatten(out []FlatMsg, msgs []sdk.Msg, grantee string) []FlatMsg {
	for _, m := range msgs {
		out = append(out, FlatMsg{Msg: m, Grantee: grantee})
		exec, ok := m.(*authz.MsgExec)
		if !ok {
			continue
		}
		inner, err := exec.GetMessages()
		if err != nil {
			continue
		}
		outer := grantee
		if outer == "" {
			outer = exec.Grantee
		}
		out = flatten(out, inner, outer)
	}
	return out
}
