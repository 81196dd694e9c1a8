package payment

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// AutoCLIOptions describes `atonomid query payment ...` and `atonomid tx payment ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	devices := func(extra ...*autocliv1.PositionalArgDescriptor) []*autocliv1.PositionalArgDescriptor {
		return append([]*autocliv1.PositionalArgDescriptor{{ProtoField: "payer_device_id"}, {ProtoField: "payee_device_id"}}, extra...)
	}
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: "atonomi.payment.v1.Query",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Validate", Use: "validate [payer-device-id] [payee-device-id] [amount]",
					Short:          "Tell whether a device payment would be allowed, and which rules refuse it (--location)",
					PositionalArgs: devices(&autocliv1.PositionalArgDescriptor{ProtoField: "amount"}),
				},
				{
					RpcMethod: "Nonce", Use: "nonce [device-id]", Short: "Show the nonce a device's next signed payment intent must carry",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "device_id"}},
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              "atonomi.payment.v1.Msg",
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Pay", Use: "pay [payer-device-id] [payee-device-id] [amount]",
					Short:          "Pay from one device to another in uatmi, signed by the payer device's paying account (its wallet, else its owner; --location)",
					PositionalArgs: devices(&autocliv1.PositionalArgDescriptor{ProtoField: "amount"}),
				},
				{
					RpcMethod: "PayDeviceSigned", Use: "pay-device-signed [payer-device-id] [payee-device-id] [wallet] [amount] [nonce] [valid-until] [signature]",
					Short: "Relay a payment intent the payer device signed (atonomid device sign-payment); the device's linked wallet pays, you pay the gas (--location as signed)",
					PositionalArgs: devices(
						&autocliv1.PositionalArgDescriptor{ProtoField: "wallet"}, &autocliv1.PositionalArgDescriptor{ProtoField: "amount"},
						&autocliv1.PositionalArgDescriptor{ProtoField: "nonce"}, &autocliv1.PositionalArgDescriptor{ProtoField: "valid_until"},
						&autocliv1.PositionalArgDescriptor{ProtoField: "signature"},
					),
				},
			},
		},
	}
}
