package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/atonomi/atonomid/testutil/network"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
)

// TestNetwork starts two validators in-process and checks that they produce
// blocks, and that the permission module answers over the CLI, gRPC and REST
// and takes transactions from the CLI.
func TestNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an in-process network")
	}
	n := network.New(t, network.Config(t, 2))

	h, err := n.LatestHeight()
	require.NoError(t, err)
	_, err = n.WaitForHeight(h + 2)
	require.NoError(t, err, "the network produces blocks")

	out, err := n.CLI(0, "query", "staking", "validators", "--output", "json")
	require.NoError(t, err)
	require.Equal(t, 2, strings.Count(out, "BOND_STATUS_BONDED"), "both validators are bonded: %s", out)

	var list permissiontypes.QueryAllowedValidatorsResponse
	out, err = n.CLI(0, "query", "permission", "allowed-validators", "--output", "json")
	require.NoError(t, err)
	require.NoError(t, n.Validators[0].ClientCtx.Codec.UnmarshalJSON([]byte(out), &list))
	require.Len(t, list.AllowedValidators, 2)

	// The registrar (validator 0) approves a new operator from the CLI.
	newcomer := sdk.AccAddress("newcomer____________").String()
	out, err = n.CLI(0, append([]string{"tx", "permission", "allow-validator", newcomer, "ACME Corp"}, n.TxFlags(0)...)...)
	require.NoError(t, err)
	n.RequireTxCode(t, out, 0)

	// gRPC answers with the new entry.
	entry, err := permissiontypes.NewQueryClient(n.GRPC(t)).AllowedValidator(context.Background(),
		&permissiontypes.QueryAllowedValidatorRequest{Operator: newcomer})
	require.NoError(t, err)
	require.Equal(t, n.Validators[0].Address.String(), entry.AllowedValidator.ApprovedBy)
	require.Equal(t, "ACME Corp", entry.AllowedValidator.Note)

	// REST (grpc-gateway) lists all three.
	body := n.REST(t, "/atonomi/permission/v1/allowed_validators")
	var rest struct {
		AllowedValidators []struct{ Operator string } `json:"allowed_validators"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &rest))
	require.Len(t, rest.AllowedValidators, 3)

	// Validator 1 is not a registrar: its removal is refused by the chain.
	out, err = n.CLI(1, append([]string{"tx", "permission", "remove-validator", newcomer}, n.TxFlags(1)...)...)
	require.NoError(t, err)
	n.RequireTxCode(t, out, permissiontypes.ErrNotAuthority.ABCICode())
}
