package keeper_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"cosmossdk.io/core/address"
	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/atonomi/atonomid/testutil"
	"github.com/atonomi/atonomid/x/permission"
	"github.com/atonomi/atonomid/x/permission/keeper"
	"github.com/atonomi/atonomid/x/permission/types"
)

// fixture is a permission keeper over a real store with a fake x/staking.
type fixture struct {
	ctx       sdk.Context
	k         *keeper.Keeper
	msgs      types.MsgServer
	queries   types.QueryServer
	staking   *fakeStaking
	ac        address.Codec
	vc        address.Codec
	gov       string // the x/gov module account: the authority
	registrar string
	outsider  string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	encCfg := moduletestutil.MakeTestEncodingConfig(permission.NewAppModuleBasic(testutil.AccCodec))
	ac := testutil.AccCodec
	vc := addresscodec.NewBech32Codec("atonomivaloper")
	f := &fixture{
		ctx: testutil.NewContext(t, key),
		ac:  ac, vc: vc,
		gov:       mustString(t, ac, authtypes.NewModuleAddress("gov")),
		registrar: testutil.Bech32(t, "registrar"),
		outsider:  testutil.Bech32(t, "outsider"),
	}
	f.k = keeper.NewKeeper(encCfg.Codec, runtime.NewKVStoreService(key), ac, vc, f.gov)
	f.staking = &fakeStaking{vc: vc, validators: map[string]*stakingtypes.Validator{}}
	f.k.SetStakingKeeper(f.staking)
	f.msgs = keeper.NewMsgServerImpl(f.k)
	f.queries = keeper.NewQueryServer(f.k)
	gs := types.DefaultGenesis()
	gs.Params.Registrars = []string{f.registrar}
	require.NoError(t, f.k.InitGenesis(f.ctx, gs))
	return f
}

func mustString(t *testing.T, ac address.Codec, bz []byte) string {
	t.Helper()
	s, err := ac.BytesToString(bz)
	require.NoError(t, err)
	return s
}

// operator returns a deterministic operator account, as bytes and bech32.
func (f *fixture) operator(t *testing.T, name string) (sdk.AccAddress, string) {
	t.Helper()
	return testutil.Addr(t, name)
}

// allowlist returns the stored allowlist.
func (f *fixture) allowlist(t *testing.T) []types.AllowedValidator {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	return gs.AllowedValidators
}

// fakeStaking keeps validators in a map keyed by operator bech32. The
// removal bounds are tested against the real x/staking in bounds_test.go;
// this fake answers only as much as the other keeper tests need.
type fakeStaking struct {
	vc         address.Codec
	validators map[string]*stakingtypes.Validator
}

// fakeUnbondingTime is the fake's staking unbonding time.
const fakeUnbondingTime = 21 * 24 * time.Hour

func (s *fakeStaking) addValidator(t *testing.T, operator sdk.AccAddress, jailed bool) *stakingtypes.Validator {
	t.Helper()
	valoper := mustString(t, s.vc, operator)
	v, err := stakingtypes.NewValidator(valoper, ed25519.GenPrivKey().PubKey(), stakingtypes.Description{})
	require.NoError(t, err)
	v.Jailed = jailed
	s.validators[valoper] = &v
	return &v
}

func (s *fakeStaking) GetValidator(_ context.Context, addr sdk.ValAddress) (stakingtypes.Validator, error) {
	valoper, err := s.vc.BytesToString(addr)
	if err != nil {
		return stakingtypes.Validator{}, err
	}
	v, ok := s.validators[valoper]
	if !ok {
		return stakingtypes.Validator{}, stakingtypes.ErrNoValidatorFound
	}
	return *v, nil
}

func (s *fakeStaking) IterateValidators(_ context.Context, fn func(int64, stakingtypes.ValidatorI) bool) error {
	var i int64
	for _, v := range s.validators {
		if fn(i, *v) {
			break
		}
		i++
	}
	return nil
}

func (s *fakeStaking) GetBondedValidatorsByPower(context.Context) ([]stakingtypes.Validator, error) {
	var out []stakingtypes.Validator
	for _, v := range s.validators {
		if v.IsBonded() && !v.Jailed {
			out = append(out, *v)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Tokens.Equal(out[j].Tokens) {
			return out[i].Tokens.GT(out[j].Tokens)
		}
		return out[i].OperatorAddress < out[j].OperatorAddress
	})
	return out, nil
}

func (s *fakeStaking) UnbondingTime(context.Context) (time.Duration, error) {
	return fakeUnbondingTime, nil
}

func (s *fakeStaking) Jail(_ context.Context, consAddr sdk.ConsAddress) error {
	for _, v := range s.validators {
		ca, err := v.GetConsAddr()
		if err != nil {
			return err
		}
		if sdk.ConsAddress(ca).Equals(consAddr) {
			if v.Jailed {
				return stakingtypes.ErrValidatorJailed
			}
			v.Jailed = true
			return nil
		}
	}
	return stakingtypes.ErrNoValidatorFound
}
