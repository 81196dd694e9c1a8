package keeper

import (
	"github.com/atonomi/atonomid/x/auditor/types"
)

type msgServer struct{ k *Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the registry's Msg service. The methods live in
// msg_server_authority.go (network authority and governance) and
// msg_server_operator.go (the auditor itself).
func NewMsgServerImpl(k *Keeper) types.MsgServer { return msgServer{k: k} }
