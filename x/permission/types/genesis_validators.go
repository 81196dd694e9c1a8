package types

import (
	"encoding/json"
	"fmt"
	"strings"

	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/codec"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// GenesisValidator is a validator that genesis creates, and so one the staking
// hooks check against the allowlist at InitChain.
type GenesisValidator struct {
	// Source says where genesis.json holds it: "gentx 0", "x/staking validator 2".
	Source  string
	Moniker string
	// Operator is the operator's account address, the one
	// `genesis allow-validator` takes.
	Operator string
}

// GenesisValidatorsNotAllowedError names every genesis validator whose
// operator is not on the allowlist, and the command that allows each: an
// operator fixing genesis.json wants the whole list at once, not one panic
// per start.
type GenesisValidatorsNotAllowedError struct {
	Validators []GenesisValidator
}

// Error lists the refused validators, then one allow-validator command per
// operator, ready to paste.
func (e *GenesisValidatorsNotAllowedError) Error() string {
	var b strings.Builder
	b.WriteString(ErrGenesisValidatorNotAllowed.Error() + ":")
	for _, v := range e.Validators {
		fmt.Fprintf(&b, "\n  %s, moniker %q: operator %s", v.Source, v.Moniker, v.Operator)
	}
	b.WriteString("\nAllow each operator the network approves (or remove its gentx), then try again:")
	seen := make(map[string]struct{}, len(e.Validators))
	for _, v := range e.Validators {
		if _, dup := seen[v.Operator]; dup {
			continue
		}
		seen[v.Operator] = struct{}{}
		fmt.Fprintf(&b, "\n  atonomid genesis allow-validator %s --note \"<organisation>\"", v.Operator)
	}
	return b.String()
}

// Unwrap lets errors.Is match ErrGenesisValidatorNotAllowed.
func (e *GenesisValidatorsNotAllowedError) Unwrap() error { return ErrGenesisValidatorNotAllowed }

// Cause gives errorsmod.ABCIInfo the registered code and codespace.
func (e *GenesisValidatorsNotAllowedError) Cause() error { return ErrGenesisValidatorNotAllowed }

// ValidateGenesisValidators checks the validators an app state creates
// against its own permission allowlist: the operators of the gentxs'
// MsgCreateValidator and, unless x/staking's genesis was exported from a
// running chain, of x/staking's validators. These are the validators the
// staking hooks check at InitChain, where a refusal is a panic deep in
// x/genutil; `genesis collect-gentxs`, `genesis validate` and InitChainer run
// this one check first. A section that is absent counts as its module's
// default, as InitGenesis skips it: no permission section is an empty
// allowlist.
func ValidateGenesisValidators(cdc codec.JSONCodec, txConfig client.TxConfig, appState map[string]json.RawMessage) error {
	ac := txConfig.SigningContext().AddressCodec()
	gs := DefaultGenesis()
	if raw := appState[ModuleName]; raw != nil {
		if err := cdc.UnmarshalJSON(raw, gs); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "%v", err)
		}
	}
	if err := gs.Validate(ac); err != nil {
		return err
	}
	allowed := make(map[string]struct{}, len(gs.AllowedValidators))
	for _, v := range gs.AllowedValidators {
		operator, err := ac.StringToBytes(v.Operator)
		if err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "allowed validator %s: %v", v.Operator, err)
		}
		allowed[string(operator)] = struct{}{}
	}

	created, err := genesisValidators(cdc, txConfig, appState)
	if err != nil {
		return err
	}
	var refused []GenesisValidator
	for _, v := range created {
		if _, ok := allowed[string(v.operator)]; !ok {
			refused = append(refused, v.GenesisValidator)
		}
	}
	if len(refused) > 0 {
		return &GenesisValidatorsNotAllowedError{Validators: refused}
	}
	return nil
}

// createdValidator is a GenesisValidator with its operator's address bytes,
// which the allowlist is compared on, as the staking hooks compare them.
type createdValidator struct {
	GenesisValidator
	operator []byte
}

// genesisValidators returns the validators appState creates: the gentxs'
// first, then x/staking's.
func genesisValidators(cdc codec.JSONCodec, txConfig client.TxConfig, appState map[string]json.RawMessage) ([]createdValidator, error) {
	ac, valAC := txConfig.SigningContext().AddressCodec(), txConfig.SigningContext().ValidatorAddressCodec()
	created := func(source, moniker, valoper string) (createdValidator, error) {
		bz, err := valAC.StringToBytes(valoper)
		if err != nil {
			return createdValidator{}, errorsmod.Wrapf(sdkerrors.ErrInvalidAddress, "%s: validator address %q: %v", source, valoper, err)
		}
		operator, err := ac.BytesToString(bz)
		if err != nil {
			return createdValidator{}, errorsmod.Wrapf(sdkerrors.ErrInvalidAddress, "%s: validator address %q: %v", source, valoper, err)
		}
		return createdValidator{GenesisValidator{Source: source, Moniker: moniker, Operator: operator}, bz}, nil
	}

	var validators []createdValidator
	if raw := appState[genutiltypes.ModuleName]; raw != nil {
		var genutilGenesis genutiltypes.GenesisState
		if err := cdc.UnmarshalJSON(raw, &genutilGenesis); err != nil {
			return nil, errorsmod.Wrapf(sdkerrors.ErrJSONUnmarshal, "x/genutil genesis: %v", err)
		}
		for i, genTx := range genutilGenesis.GenTxs {
			source := fmt.Sprintf("gentx %d", i)
			tx, err := txConfig.TxJSONDecoder()(genTx)
			if err != nil {
				return nil, errorsmod.Wrapf(sdkerrors.ErrTxDecode, "%s: %v", source, err)
			}
			for _, msg := range tx.GetMsgs() {
				// Other messages create no validator; x/genutil's own
				// validation refuses them in a gentx.
				create, ok := msg.(*stakingtypes.MsgCreateValidator)
				if !ok {
					continue
				}
				v, err := created(source, create.Description.Moniker, create.ValidatorAddress)
				if err != nil {
					return nil, err
				}
				validators = append(validators, v)
			}
		}
	}

	if raw := appState[stakingtypes.ModuleName]; raw != nil {
		var stakingGenesis stakingtypes.GenesisState
		if err := cdc.UnmarshalJSON(raw, &stakingGenesis); err != nil {
			return nil, errorsmod.Wrapf(sdkerrors.ErrJSONUnmarshal, "x/staking genesis: %v", err)
		}
		// An exported genesis restores a running chain's validators, among
		// them removed ones kept jailed; x/staking runs no hooks on it.
		if stakingGenesis.Exported {
			return validators, nil
		}
		for i, v := range stakingGenesis.Validators {
			source := fmt.Sprintf("x/staking validator %d", i)
			cv, err := created(source, v.Description.Moniker, v.OperatorAddress)
			if err != nil {
				return nil, err
			}
			validators = append(validators, cv)
		}
	}
	return validators, nil
}
