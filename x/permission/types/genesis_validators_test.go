package types_test

import (
	"encoding/json"
	"strings"
	"testing"

	errorsmod "cosmossdk.io/errors"
	sdkmath "cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	codectestutil "github.com/cosmos/cosmos-sdk/codec/testutil"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/std"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/x/auth/tx"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/permission/types"
)

// genesisFixture builds app states the way genesis.json holds them, with the
// chain's address prefixes.
type genesisFixture struct {
	t        *testing.T
	cdc      codec.Codec
	txConfig client.TxConfig
}

func newGenesisFixture(t *testing.T) genesisFixture {
	t.Helper()
	registry := codectestutil.CodecOptions{AccAddressPrefix: "atonomi", ValAddressPrefix: "atonomivaloper"}.NewInterfaceRegistry()
	std.RegisterInterfaces(registry)
	stakingtypes.RegisterInterfaces(registry)
	cdc := codec.NewProtoCodec(registry)
	return genesisFixture{t: t, cdc: cdc, txConfig: tx.NewTxConfig(cdc, tx.DefaultSignModes)}
}

func (f genesisFixture) valoper(name string) string {
	f.t.Helper()
	addr, _ := testutil.Addr(f.t, name)
	valoper, err := f.txConfig.SigningContext().ValidatorAddressCodec().BytesToString(addr)
	require.NoError(f.t, err)
	return valoper
}

// gentx is the JSON of a gentx creating a validator for valoper.
func (f genesisFixture) gentx(valoper, moniker string) json.RawMessage {
	f.t.Helper()
	msg, err := stakingtypes.NewMsgCreateValidator(valoper, ed25519.GenPrivKeyFromSecret([]byte(moniker)).PubKey(),
		sdk.NewInt64Coin("uatmi", 100_000_000), stakingtypes.NewDescription(moniker, "", "", "", ""),
		stakingtypes.NewCommissionRates(sdkmath.LegacyNewDecWithPrec(5, 2), sdkmath.LegacyNewDecWithPrec(2, 1), sdkmath.LegacyNewDecWithPrec(1, 2)),
		sdkmath.OneInt())
	require.NoError(f.t, err)
	builder := f.txConfig.NewTxBuilder()
	require.NoError(f.t, builder.SetMsgs(msg))
	bz, err := f.txConfig.TxJSONEncoder()(builder.GetTx())
	require.NoError(f.t, err)
	return bz
}

// stakingValidator is x/staking's genesis record of a validator for valoper.
func (f genesisFixture) stakingValidator(valoper, moniker string) stakingtypes.Validator {
	f.t.Helper()
	v, err := stakingtypes.NewValidator(valoper, ed25519.GenPrivKeyFromSecret([]byte(moniker)).PubKey(),
		stakingtypes.NewDescription(moniker, "", "", "", ""))
	require.NoError(f.t, err)
	return v
}

// appState is an app state with the allowlist (nil: no permission section),
// the gentxs and x/staking's validators.
func (f genesisFixture) appState(allowed []string, genTxs []json.RawMessage, validators []stakingtypes.Validator, exported bool) map[string]json.RawMessage {
	f.t.Helper()
	state := map[string]json.RawMessage{
		genutiltypes.ModuleName: f.cdc.MustMarshalJSON(genutiltypes.NewGenesisState(genTxs)),
	}
	if allowed != nil {
		gs := types.DefaultGenesis()
		for _, operator := range allowed {
			gs.AllowedValidators = append(gs.AllowedValidators, types.AllowedValidator{Operator: operator, Note: "test"})
		}
		state[types.ModuleName] = f.cdc.MustMarshalJSON(gs)
	}
	if validators != nil {
		staking := stakingtypes.NewGenesisState(stakingtypes.DefaultParams(), validators, nil)
		staking.Exported = exported
		state[stakingtypes.ModuleName] = f.cdc.MustMarshalJSON(staking)
	}
	return state
}

func TestValidateGenesisValidators(t *testing.T) {
	f := newGenesisFixture(t)
	acme, beta, gamma := testutil.Bech32(t, "acme"), testutil.Bech32(t, "beta"), testutil.Bech32(t, "gamma")
	acmeOp, betaOp, gammaOp := f.valoper("acme"), f.valoper("beta"), f.valoper("gamma")
	none := []string{}

	accepted := []struct {
		name  string
		state map[string]json.RawMessage
	}{
		{"a genesis without validators is accepted", f.appState(none, nil, nil, false)},
		{"a gentx of an allowed operator is accepted",
			f.appState([]string{acme}, []json.RawMessage{f.gentx(acmeOp, "acme-node")}, nil, false)},
		{"x/staking validators of allowed operators are accepted",
			f.appState([]string{acme}, nil, []stakingtypes.Validator{f.stakingValidator(acmeOp, "acme-node")}, false)},
		{"an exported x/staking genesis keeps its removed validators (no hooks run on it)",
			f.appState(none, nil, []stakingtypes.Validator{f.stakingValidator(acmeOp, "acme-node")}, true)},
	}
	for _, tc := range accepted {
		t.Run(tc.name, func(t *testing.T) {
			require.NoError(t, types.ValidateGenesisValidators(f.cdc, f.txConfig, tc.state))
		})
	}

	refused := []struct {
		name  string
		state map[string]json.RawMessage
		want  []types.GenesisValidator
	}{
		{
			name:  "a gentx of an operator not on the allowlist is refused",
			state: f.appState([]string{beta}, []json.RawMessage{f.gentx(acmeOp, "acme-node")}, nil, false),
			want:  []types.GenesisValidator{{Source: "gentx 0", Moniker: "acme-node", Operator: acme}},
		},
		{
			name: "every operator missing from the allowlist is named, gentxs and x/staking validators alike",
			state: f.appState([]string{beta},
				[]json.RawMessage{f.gentx(acmeOp, "acme-node"), f.gentx(betaOp, "beta-node"), f.gentx(gammaOp, "gamma-node")},
				[]stakingtypes.Validator{f.stakingValidator(gammaOp, "gamma-old")}, false),
			want: []types.GenesisValidator{
				{Source: "gentx 0", Moniker: "acme-node", Operator: acme},
				{Source: "gentx 2", Moniker: "gamma-node", Operator: gamma},
				{Source: "x/staking validator 0", Moniker: "gamma-old", Operator: gamma},
			},
		},
		{
			name:  "without a permission section the allowlist is empty",
			state: f.appState(nil, []json.RawMessage{f.gentx(acmeOp, "acme-node")}, nil, false),
			want:  []types.GenesisValidator{{Source: "gentx 0", Moniker: "acme-node", Operator: acme}},
		},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateGenesisValidators(f.cdc, f.txConfig, tc.state)
			require.ErrorIs(t, err, types.ErrGenesisValidatorNotAllowed)
			var notAllowed *types.GenesisValidatorsNotAllowedError
			require.ErrorAs(t, err, &notAllowed)
			require.Equal(t, tc.want, notAllowed.Validators)
			codespace, code, _ := errorsmod.ABCIInfo(err, false)
			require.Equal(t, types.ModuleName, codespace)
			require.Equal(t, types.ErrGenesisValidatorNotAllowed.ABCICode(), code)
			for _, v := range tc.want {
				require.Contains(t, err.Error(), v.Source+`, moniker "`+v.Moniker+`": operator `+v.Operator)
				require.Contains(t, err.Error(), "atonomid genesis allow-validator "+v.Operator+` --note "<organisation>"`)
			}
		})
	}

	t.Run("each operator's allow command is given once", func(t *testing.T) {
		state := f.appState(none, []json.RawMessage{f.gentx(acmeOp, "acme-node")},
			[]stakingtypes.Validator{f.stakingValidator(acmeOp, "acme-old")}, false)
		err := types.ValidateGenesisValidators(f.cdc, f.txConfig, state)
		require.ErrorIs(t, err, types.ErrGenesisValidatorNotAllowed)
		require.Equal(t, 1, strings.Count(err.Error(), "allow-validator "+acme))
	})

	malformed := []struct {
		name  string
		state map[string]json.RawMessage
		want  error
	}{
		{"a gentx that is not a transaction is refused as such",
			f.appState(none, []json.RawMessage{json.RawMessage(`{"body":"not a tx"}`)}, nil, false), sdkerrors.ErrTxDecode},
		{"a gentx with a malformed validator address is refused as such",
			f.appState(none, []json.RawMessage{f.gentx("atonomivaloper1nope", "bad")}, nil, false), sdkerrors.ErrInvalidAddress},
		{"an x/staking validator with a malformed operator address is refused as such",
			f.appState(none, nil, []stakingtypes.Validator{{OperatorAddress: acme, Description: stakingtypes.NewDescription("bad", "", "", "", "")}}, false),
			sdkerrors.ErrInvalidAddress},
		{"a malformed allowlist is refused as invalid permission genesis",
			f.appState([]string{"atonomi1nope"}, []json.RawMessage{f.gentx(acmeOp, "acme-node")}, nil, false), types.ErrInvalidGenesis},
		{"an x/genutil section that does not parse is refused as such",
			map[string]json.RawMessage{genutiltypes.ModuleName: json.RawMessage(`{"gen_txs":1}`)}, sdkerrors.ErrJSONUnmarshal},
	}
	for _, tc := range malformed {
		t.Run(tc.name, func(t *testing.T) {
			err := types.ValidateGenesisValidators(f.cdc, f.txConfig, tc.state)
			require.ErrorIs(t, err, tc.want)
			require.NotErrorIs(t, err, types.ErrGenesisValidatorNotAllowed)
		})
	}
}
