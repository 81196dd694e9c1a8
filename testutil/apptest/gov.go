package apptest

import (
	"fmt"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
)

// PassProposal runs a real x/gov proposal carrying msgs (each signed by the
// gov module account): proposer submits it with the minimum deposit, the
// operator of every bonded validator votes yes, and the chain jumps one
// voting period ahead so that x/gov's end blocker tallies it and executes
// its messages. It returns the proposal as the end blocker left it: passed,
// or failed when a message's execution failed (and then none of them
// changed anything).
func (ta *TestApp) PassProposal(proposer Account, title string, msgs ...sdk.Msg) govv1.Proposal {
	ta.t.Helper()
	t, ctx := ta.t, ta.Ctx()
	params, err := ta.GovKeeper.Params.Get(ctx)
	require.NoError(t, err)
	id, err := ta.GovKeeper.ProposalID.Peek(ctx)
	require.NoError(t, err)

	submit, err := govv1.NewMsgSubmitProposal(msgs, params.MinDeposit, proposer.String(), "", title, title, false)
	require.NoError(t, err)
	res := ta.DeliverTx(proposer, submit)
	require.Zero(t, res.Code, "submit proposal: %s", res.Log)

	bonded, err := ta.StakingKeeper.GetBondedValidatorsByPower(ta.Ctx())
	require.NoError(t, err)
	operators := map[string]Account{}
	for _, v := range ta.Validators {
		operators[sdk.ValAddress(v.Addr).String()] = v
	}
	var votes [][]byte
	for _, v := range bonded {
		voter, ok := operators[v.OperatorAddress]
		require.True(t, ok, "bonded validator %s is not a genesis validator of the test app", v.OperatorAddress)
		votes = append(votes, ta.SignTx(voter, govv1.NewMsgVote(voter.Addr, id, govv1.OptionYes, "")))
	}
	for i, r := range ta.NextBlock(votes...) {
		require.Zero(t, r.Code, "vote %d: %s", i, r.Log)
	}

	ta.NextBlockAfter(*params.VotingPeriod)
	proposal, err := ta.GovKeeper.Proposals.Get(ta.Ctx(), id)
	require.NoError(t, err, fmt.Sprintf("proposal %d", id))
	return proposal
}
