package types

import (
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterInterfaces registers the module's messages with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgAddAuditor{},
		&MsgSuspendAuditor{},
		&MsgReinstateAuditor{},
		&MsgRemoveAuditor{},
		&MsgSetAuditorScope{},
		&MsgUpdateAuditor{},
		&MsgRotateOperator{},
		&MsgAcceptOperator{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
