package app_test

import (
	"crypto/rand"
	"fmt"
	"sort"
	"strings"
	"testing"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/devicekit"
	"github.com/atonomi/atonomid/testutil/apptest"
	auditortypes "github.com/atonomi/atonomid/x/auditor/types"
	devicetypes "github.com/atonomi/atonomid/x/device/types"
	manufacturertypes "github.com/atonomi/atonomid/x/manufacturer/types"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
	permissiontypes "github.com/atonomi/atonomid/x/permission/types"
	reputationtypes "github.com/atonomi/atonomid/x/reputation/types"
	tokentypes "github.com/atonomi/atonomid/x/token/types"
)

// role is who sends a message in the authorization matrix.
type role int

const (
	authority role = iota // x/gov's module account; it signs no tx, so it runs through the msg router
	registrar             // a registrar, acting for the network authority
	maker                 // an operator of acme, the manufacturer of the devices
	rival                 // an operator of bosch, another manufacturer
	owner                 // the owner of acme's active devices
	stranger              // an account with no role
	auditor               // the operator of sentinel, an active auditor
	lapsed                // the operator of lapsed, a suspended auditor
	wallet                // the wallet of the owner's active device, offered the payee device's
	numRoles
)

func (r role) String() string {
	return [...]string{"authority", "registrar", "manufacturer", "other manufacturer", "owner",
		"stranger", "active auditor", "suspended auditor", "device wallet"}[r]
}

// matrixModules are the modules whose exported state a refused message must
// leave untouched: this chain's seven and bank (no fee or payment moved).
var matrixModules = []string{
	permissiontypes.ModuleName, tokentypes.ModuleName, manufacturertypes.ModuleName, auditortypes.ModuleName,
	devicetypes.ModuleName, reputationtypes.ModuleName, paymenttypes.ModuleName, banktypes.ModuleName,
}

// matrixFixture is a chain with one of everything a message can target.
type matrixFixture struct {
	ta  *apptest.TestApp
	acc [numRoles]apptest.Account

	active     string // acme device, owned by owner, wallet linked, scored by sentinel
	payee      string // acme device, owned by owner, wallet offered (pending)
	registered string // acme device, whitelisted, not activated
	regKey     devicekit.PrivateKey
	activeKey  devicekit.PrivateKey // the active device's own key
	susOwner   string               // acme device its owner suspended
	susAuth    string               // acme device the registrar suspended
	squatted   string               // a registered device of "gone", which x/gov removed
	spare      apptest.Account
}

// offerExpiry is the height until which the fixture's wallet offers stand.
const offerExpiry = 1_000_000

// newMatrixFixture builds the fixture through signed transactions.
func newMatrixFixture(t testing.TB) *matrixFixture {
	ta := apptest.Setup(t, int(numRoles)-2)
	f := &matrixFixture{ta: ta, spare: apptest.NewAccount("spare-validator")}
	f.acc[authority] = apptest.Account{Addr: authtypes.NewModuleAddress(govtypes.ModuleName)}
	f.acc[registrar] = ta.Registrar
	for i, r := range []role{maker, rival, owner, stranger, auditor, lapsed, wallet} {
		f.acc[r] = ta.Users[i]
	}
	ok := func(res *abci.ExecTxResult) {
		t.Helper()
		require.Zero(t, res.Code, res.Log)
	}
	reg := ta.Registrar.String()
	ok(ta.DeliverTx(ta.Registrar,
		&manufacturertypes.MsgAddManufacturer{Authority: reg, Id: "acme", Name: "ACME", Operators: []string{f.acc[maker].String()},
			DefaultReputation: 5000, AuthKeyHash: make([]byte, 32)},
		&manufacturertypes.MsgAddManufacturer{Authority: reg, Id: "bosch", Name: "Bosch", Operators: []string{f.acc[rival].String()},
			DefaultReputation: 5000, AuthKeyHash: make([]byte, 32)},
		&manufacturertypes.MsgAddManufacturer{Authority: reg, Id: "dormant", Name: "Dormant",
			Operators: []string{apptest.NewAccount("dormant-operator").String()}, DefaultReputation: 5000, AuthKeyHash: make([]byte, 32)},
		&manufacturertypes.MsgSuspendManufacturer{Authority: reg, Id: "dormant"},
		&auditortypes.MsgAddAuditor{Authority: reg, Id: "sentinel", Name: "Sentinel", Operator: f.acc[auditor].String(),
			ReputationTypes: []string{"security"}, Weight: 100},
		&auditortypes.MsgAddAuditor{Authority: reg, Id: "lapsed", Name: "Lapsed", Operator: f.acc[lapsed].String(),
			ReputationTypes: []string{"security"}, Weight: 100},
		&auditortypes.MsgSuspendAuditor{Authority: reg, Id: "lapsed"},
		&permissiontypes.MsgAllowValidator{Authority: reg, Operator: f.spare.String(), Note: "spare"},
	))
	// The gov account holds funds so that, like every other role, it can pay
	// the fees of the messages anyone may send.
	ok(ta.DeliverTx(ta.Validator, &banktypes.MsgSend{FromAddress: ta.Validator.String(), ToAddress: f.acc[authority].String(),
		Amount: sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 1_000_000_000))}))

	var shipped []sdk.Msg
	for _, id := range []*string{&f.active, &f.payee, &f.susOwner, &f.susAuth} {
		msg, key := f.shipped(t, f.acc[maker], f.acc[owner])
		*id = msg.Device.Id
		shipped = append(shipped, msg)
		if id == &f.active {
			f.activeKey = key
		}
	}
	entry, key := f.newEntry(t)
	f.registered, f.regKey = entry.Id, key
	shipped = append(shipped, &devicetypes.MsgRegisterDevices{Operator: f.acc[maker].String(), ManufacturerId: "acme",
		Devices: []devicetypes.DeviceEntry{entry}})
	ok(ta.DeliverTx(f.acc[maker], shipped...))
	ok(ta.DeliverTx(f.acc[owner],
		&devicetypes.MsgOfferWallet{Owner: f.acc[owner].String(), DeviceId: f.active, Wallet: f.acc[wallet].String(), ExpiryHeight: offerExpiry},
		&devicetypes.MsgOfferWallet{Owner: f.acc[owner].String(), DeviceId: f.payee, Wallet: f.acc[wallet].String(), ExpiryHeight: offerExpiry},
		&devicetypes.MsgSuspendDevice{Signer: f.acc[owner].String(), DeviceId: f.susOwner}))
	ok(ta.DeliverTx(f.acc[wallet], &devicetypes.MsgAcceptWallet{Wallet: f.acc[wallet].String(), DeviceId: f.active, Owner: f.acc[owner].String()}))
	ok(ta.DeliverTx(ta.Registrar, &devicetypes.MsgSuspendDevice{Signer: reg, DeviceId: f.susAuth}))
	// The score accrues rewards to sentinel's operator and acme's first operator.
	ok(ta.DeliverTx(f.acc[auditor], &reputationtypes.MsgWriteScores{Operator: f.acc[auditor].String(),
		Scores: []reputationtypes.ScoreEntry{{DeviceId: f.active, ReputationType: "security", Score: 6000}}}))
	// Pending rotations name the stranger, which alone may accept them.
	ok(ta.DeliverTx(f.acc[maker], &manufacturertypes.MsgRotateOperators{Operator: f.acc[maker].String(), Id: "acme",
		NewOperators: []string{f.acc[maker].String(), f.acc[stranger].String()}, ExpiryHeight: offerExpiry}))
	ok(ta.DeliverTx(f.acc[auditor], &auditortypes.MsgRotateOperator{Operator: f.acc[auditor].String(), Id: "sentinel",
		NewOperator: f.acc[stranger].String(), ExpiryHeight: offerExpiry}))
	// "gone" registered a device and was removed by x/gov: its registration
	// is what MsgReleaseRegistrations releases.
	goneOps := apptest.NewAccount("gone-operator")
	ok(ta.DeliverTx(ta.Validator, &banktypes.MsgSend{FromAddress: ta.Validator.String(), ToAddress: goneOps.String(),
		Amount: sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 100_000_000))}))
	ok(ta.DeliverTx(ta.Registrar, &manufacturertypes.MsgAddManufacturer{Authority: reg, Id: "gone", Name: "Gone",
		Operators: []string{goneOps.String()}, DefaultReputation: 5000, AuthKeyHash: make([]byte, 32)}))
	squat, _ := f.newEntry(t)
	f.squatted = squat.Id
	ok(ta.DeliverTx(goneOps, &devicetypes.MsgRegisterDevices{Operator: goneOps.String(), ManufacturerId: "gone",
		Devices: []devicetypes.DeviceEntry{squat}}))
	require.Equal(t, govv1.StatusPassed, ta.PassProposal(ta.Validator, "remove gone",
		&manufacturertypes.MsgRemoveManufacturer{Authority: f.acc[authority].String(), Id: "gone"}).Status)
	// x/distribution takes the fees of a block from the fee collector in the
	// next block's begin blocker; one empty block settles the balances.
	ta.NextBlock()
	return f
}

// newEntry is a fresh acme device with its key.
func (f *matrixFixture) newEntry(t testing.TB) (devicetypes.DeviceEntry, devicekit.PrivateKey) {
	t.Helper()
	priv, err := devicekit.GenerateKey(devicekit.Ed25519, rand.Reader)
	require.NoError(t, err)
	serial := make([]byte, 16)
	_, err = rand.Read(serial)
	require.NoError(t, err)
	id := devicekit.DeviceID([]byte("acme"), serial)
	return devicetypes.DeviceEntry{Id: id.String(), KeyType: devicetypes.KEY_TYPE_ED25519, PublicKey: priv.PublicKey()}, priv
}

// proof is the device key's activation signature binding owner on the test chain.
func proof(t testing.TB, key devicekit.PrivateKey, deviceID string, owner sdk.AccAddress) []byte {
	t.Helper()
	sig, err := key.SignActivation(apptest.ChainID, mustDeviceID(t, deviceID), owner)
	require.NoError(t, err)
	return sig
}

// shipped is a fresh acme device registered and activated for the owner.
func (f *matrixFixture) shipped(t testing.TB, operator, owner apptest.Account) (*devicetypes.MsgRegisterAndActivate, devicekit.PrivateKey) {
	t.Helper()
	e, key := f.newEntry(t)
	return &devicetypes.MsgRegisterAndActivate{Operator: operator.String(), ManufacturerId: "acme", Device: e, Owner: owner.String(),
		Signature: proof(t, key, e.Id, owner.Addr)}, key
}

// export is the exported genesis of the matrix modules in ctx, as JSON text
// per module (so that a failure shows a readable diff).
func (f *matrixFixture) export(t *testing.T, ctx sdk.Context) map[string]string {
	t.Helper()
	raw, err := f.ta.ModuleManager.ExportGenesisForModules(ctx, f.ta.AppCodec(), matrixModules)
	require.NoError(t, err)
	out := make(map[string]string, len(raw))
	for name, bz := range raw {
		out[name] = string(bz)
	}
	return out
}

// matrixRow is one message and who may send it. Every role not in allowed is
// refused with refused, or with its entry in refusedAs.
type matrixRow struct {
	name      string
	msg       func(t testing.TB, f *matrixFixture, signer apptest.Account) sdk.Msg
	allowed   []role
	refused   *errorsmod.Error
	refusedAs map[role]*errorsmod.Error
}

func (r matrixRow) want(who role) *errorsmod.Error {
	for _, a := range r.allowed {
		if a == who {
			return nil
		}
	}
	if err, ok := r.refusedAs[who]; ok {
		return err
	}
	return r.refused
}

var (
	everyone       = []role{authority, registrar, maker, rival, owner, stranger, auditor, lapsed, wallet}
	theAuthority   = []role{authority, registrar}
	onlyGov        = []role{authority}
	notAuthority   = permissiontypes.ErrNotAuthority
	notGov         = sdkerrors.ErrUnauthorized
	fresh          = func(seed string) string { return apptest.NewAccount(seed).String() }
	newAuthKey     = make([]byte, 32)
	onlyTheMaker   = []role{maker}
	onlyTheOwner   = []role{owner}
	onlyTheAuditor = []role{auditor}
)

// matrixRows lists every message of the chain's Msg services at least once.
func matrixRows() []matrixRow {
	return []matrixRow{
		// x/permission
		{name: "AllowValidator", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &permissiontypes.MsgAllowValidator{Authority: s.String(), Operator: fresh("new-validator")}
			}},
		{name: "RemoveValidator", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &permissiontypes.MsgRemoveValidator{Authority: s.String(), Operator: f.spare.String()}
			}},
		{name: "permission UpdateParams", allowed: onlyGov, refused: notGov,
			msg: func(t testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				p, err := f.ta.PermissionKeeper.Params.Get(f.ta.Ctx())
				require.NoError(t, err)
				p.Registrars = append(p.Registrars, fresh("new-registrar"))
				return &permissiontypes.MsgUpdateParams{Authority: s.String(), Params: p}
			}},

		// x/manufacturer
		{name: "AddManufacturer", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &manufacturertypes.MsgAddManufacturer{Authority: s.String(), Id: "newco", Name: "NewCo",
					Operators: []string{fresh("newco-operator")}, DefaultReputation: 5000, AuthKeyHash: newAuthKey}
			}},
		{name: "SuspendManufacturer", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &manufacturertypes.MsgSuspendManufacturer{Authority: s.String(), Id: "acme", Reason: "audit"}
			}},
		{name: "ReinstateManufacturer", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &manufacturertypes.MsgReinstateManufacturer{Authority: s.String(), Id: "dormant"}
			}},
		{name: "RemoveManufacturer", allowed: onlyGov, refused: notGov,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &manufacturertypes.MsgRemoveManufacturer{Authority: s.String(), Id: "acme", Reason: "fraud"}
			}},
		{name: "ReleaseRegistrations", allowed: onlyGov, refused: notGov,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgReleaseRegistrations{Authority: s.String(), FromManufacturerId: "gone", ToManufacturerId: "acme",
					DeviceIds: []string{f.squatted}}
			}},
		{name: "SetDefaultReputation", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &manufacturertypes.MsgSetDefaultReputation{Authority: s.String(), Id: "acme", DefaultReputation: 7000}
			}},
		{name: "UpdateManufacturer", allowed: onlyTheMaker, refused: manufacturertypes.ErrNotOperator,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &manufacturertypes.MsgUpdateManufacturer{Operator: s.String(), Id: "acme", Name: "ACME Devices"}
			}},
		{name: "RotateOperators", allowed: onlyTheMaker, refused: manufacturertypes.ErrNotOperator,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &manufacturertypes.MsgRotateOperators{Operator: s.String(), Id: "acme", NewOperators: []string{fresh("acme-new-key")}, ExpiryHeight: offerExpiry}
			}},
		{name: "manufacturer AcceptOperator", allowed: []role{stranger}, refused: manufacturertypes.ErrNotOperator,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &manufacturertypes.MsgAcceptOperator{Operator: s.String(), Id: "acme"}
			}},

		// x/auditor
		{name: "AddAuditor", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &auditortypes.MsgAddAuditor{Authority: s.String(), Id: "watchdog", Name: "Watchdog",
					Operator: fresh("watchdog-operator"), ReputationTypes: []string{"social"}, Weight: 50}
			}},
		{name: "SuspendAuditor", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &auditortypes.MsgSuspendAuditor{Authority: s.String(), Id: "sentinel", Reason: "collusion"}
			}},
		{name: "ReinstateAuditor", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &auditortypes.MsgReinstateAuditor{Authority: s.String(), Id: "lapsed"}
			}},
		{name: "RemoveAuditor", allowed: onlyGov, refused: notGov,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &auditortypes.MsgRemoveAuditor{Authority: s.String(), Id: "sentinel", Reason: "collusion"}
			}},
		{name: "SetAuditorScope", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &auditortypes.MsgSetAuditorScope{Authority: s.String(), Id: "sentinel",
					ReputationTypes: []string{"security", "social"}, Weight: 200}
			}},
		{name: "UpdateAuditor", allowed: onlyTheAuditor, refused: auditortypes.ErrNotOperator,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &auditortypes.MsgUpdateAuditor{Operator: s.String(), Id: "sentinel", Name: "Sentinel Labs"}
			}},
		{name: "RotateOperator", allowed: onlyTheAuditor, refused: auditortypes.ErrNotOperator,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &auditortypes.MsgRotateOperator{Operator: s.String(), Id: "sentinel", NewOperator: fresh("sentinel-new-key"), ExpiryHeight: offerExpiry}
			}},
		{name: "auditor AcceptOperator", allowed: []role{stranger}, refused: auditortypes.ErrNotOperator,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &auditortypes.MsgAcceptOperator{Operator: s.String(), Id: "sentinel"}
			}},
		{name: "auditor UpdateParams", allowed: onlyGov, refused: notGov,
			msg: func(t testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				p, err := f.ta.AuditorKeeper.Params.Get(f.ta.Ctx())
				require.NoError(t, err)
				p.ReputationTypes = append(p.ReputationTypes, "latency")
				return &auditortypes.MsgUpdateParams{Authority: s.String(), Params: p}
			}},

		// x/device
		{name: "RegisterDevices", allowed: onlyTheMaker, refused: manufacturertypes.ErrNotOperator,
			msg: func(t testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				e, _ := f.newEntry(t)
				return &devicetypes.MsgRegisterDevices{Operator: s.String(), ManufacturerId: "acme", Devices: []devicetypes.DeviceEntry{e}}
			}},
		{name: "CommitWhitelist", allowed: onlyTheMaker, refused: manufacturertypes.ErrNotOperator,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgCommitWhitelist{Operator: s.String(), ManufacturerId: "acme",
					Root: strings.Repeat("ab", 32), Count: 10}
			}},
		{name: "ActivateDevice with a proof for the signer", allowed: everyone,
			msg: func(t testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgActivateDevice{Owner: s.String(), DeviceId: f.registered, Signature: proof(t, f.regKey, f.registered, s.Addr)}
			}},
		{name: "ActivateDevice with the owner's proof", allowed: onlyTheOwner, refused: devicetypes.ErrInvalidActivation,
			msg: func(t testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgActivateDevice{Owner: s.String(), DeviceId: f.registered,
					Signature: proof(t, f.regKey, f.registered, f.acc[owner].Addr)}
			}},
		{name: "RegisterAndActivate", allowed: onlyTheMaker, refused: manufacturertypes.ErrNotOperator,
			msg: func(t testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				msg, _ := f.shipped(t, s, f.acc[owner])
				return msg
			}},
		{name: "SuspendDevice", allowed: []role{authority, registrar, maker, owner}, refused: devicetypes.ErrUnauthorized,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgSuspendDevice{Signer: s.String(), DeviceId: f.active, Reason: "stolen"}
			}},
		{name: "ReinstateDevice the owner suspended", allowed: []role{authority, registrar, owner}, refused: devicetypes.ErrUnauthorized,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgReinstateDevice{Signer: s.String(), DeviceId: f.susOwner}
			}},
		{name: "ReinstateDevice the authority suspended", allowed: theAuthority, refused: devicetypes.ErrUnauthorized,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgReinstateDevice{Signer: s.String(), DeviceId: f.susAuth}
			}},
		{name: "RevokeDevice", allowed: []role{authority, maker}, refused: devicetypes.ErrUnauthorized,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgRevokeDevice{Signer: s.String(), DeviceId: f.active, Reason: "key leaked"}
			}},
		{name: "TransferDevice", allowed: onlyTheOwner, refused: devicetypes.ErrUnauthorized,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgTransferDevice{Owner: s.String(), DeviceId: f.active, NewOwner: fresh("buyer")}
			}},
		{name: "SetPolicy", allowed: onlyTheOwner, refused: devicetypes.ErrUnauthorized,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				p := devicetypes.DefaultPolicy()
				p.Regions = []string{"DE"}
				return &devicetypes.MsgSetPolicy{Owner: s.String(), DeviceId: f.active, Policy: p}
			}},
		{name: "OfferWallet", allowed: onlyTheOwner, refused: devicetypes.ErrUnauthorized,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgOfferWallet{Owner: s.String(), DeviceId: f.payee, Wallet: fresh("offered"), ExpiryHeight: offerExpiry}
			}},
		{name: "AcceptWallet", allowed: []role{wallet}, refused: devicetypes.ErrUnauthorized,
			refusedAs: map[role]*errorsmod.Error{authority: devicetypes.ErrModuleAccount},
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgAcceptWallet{Wallet: s.String(), DeviceId: f.payee, Owner: f.acc[owner].String()}
			}},
		{name: "UnlinkWallet", allowed: []role{owner, wallet}, refused: devicetypes.ErrUnauthorized,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgUnlinkWallet{Signer: s.String(), DeviceId: f.active}
			}},
		{name: "SetServices", allowed: onlyTheOwner, refused: devicetypes.ErrUnauthorized,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &devicetypes.MsgSetServices{Owner: s.String(), DeviceId: f.active,
					Services: []devicetypes.Service{{ServiceType: "electricity", Price: math.NewInt(5)}}}
			}},
		{name: "device UpdateParams", allowed: onlyGov, refused: notGov,
			msg: func(t testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				p, err := f.ta.DeviceKeeper.Params.Get(f.ta.Ctx())
				require.NoError(t, err)
				p.MaxBatchSize--
				return &devicetypes.MsgUpdateParams{Authority: s.String(), Params: p}
			}},

		// x/reputation
		{name: "WriteScores", allowed: onlyTheAuditor, refused: auditortypes.ErrNotOperator,
			refusedAs: map[role]*errorsmod.Error{lapsed: auditortypes.ErrAuditorInactive},
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &reputationtypes.MsgWriteScores{Operator: s.String(),
					Scores: []reputationtypes.ScoreEntry{{DeviceId: f.active, ReputationType: "security", Score: 10}}}
			}},
		{name: "reputation UpdateParams", allowed: onlyGov, refused: notGov,
			msg: func(t testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				p, err := f.ta.ReputationKeeper.Params.Get(f.ta.Ctx())
				require.NoError(t, err)
				p.ExclusionThreshold++
				return &reputationtypes.MsgUpdateParams{Authority: s.String(), Params: p}
			}},

		// x/token
		{name: "token UpdateParams", allowed: onlyGov, refused: notGov,
			msg: func(t testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				p, err := f.ta.TokenKeeper.Params.Get(f.ta.Ctx())
				require.NoError(t, err)
				p.ActivationFee = p.ActivationFee.AddRaw(1)
				return &tokentypes.MsgUpdateParams{Authority: s.String(), Params: p}
			}},
		{name: "DepositToPool", allowed: everyone,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &tokentypes.MsgDepositToPool{Depositor: s.String(), ManufacturerId: "acme", Amount: math.NewInt(1_000)}
			}},
		{name: "WithdrawRewards", allowed: []role{maker, auditor}, refused: tokentypes.ErrNoRewards,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &tokentypes.MsgWithdrawRewards{Owner: s.String()}
			}},
		{name: "SetPaused", allowed: theAuthority, refused: notAuthority,
			msg: func(_ testing.TB, _ *matrixFixture, s apptest.Account) sdk.Msg {
				return &tokentypes.MsgSetPaused{Authority: s.String(), Actions: []tokentypes.Action{tokentypes.ACTION_PAYMENTS}, Paused: true}
			}},
		{name: "Pay from a linked wallet", allowed: []role{wallet}, refused: paymenttypes.ErrNotPayer,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &paymenttypes.MsgPay{Signer: s.String(), PayerDeviceId: f.active, PayeeDeviceId: f.payee, Amount: math.NewInt(1_000)}
			}},
		{name: "PayDeviceSigned relayed by anyone (the device's key signed it)", allowed: everyone,
			msg: func(t testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				sig, err := f.activeKey.SignPayment(devicekit.PaymentIntent{ChainID: apptest.ChainID, Payer: mustDeviceID(t, f.active),
					Payee: mustDeviceID(t, f.payee), Wallet: f.acc[wallet].Addr, Amount: "1000", ValidUntil: offerExpiry})
				require.NoError(t, err)
				return &paymenttypes.MsgPayDeviceSigned{Submitter: s.String(), PayerDeviceId: f.active, PayeeDeviceId: f.payee,
					Wallet: f.acc[wallet].String(), Amount: math.NewInt(1_000), ValidUntil: offerExpiry, Signature: sig}
			}},
		{name: "Pay from the owner (a wallet only offered)", allowed: onlyTheOwner, refused: paymenttypes.ErrNotPayer,
			msg: func(_ testing.TB, f *matrixFixture, s apptest.Account) sdk.Msg {
				return &paymenttypes.MsgPay{Signer: s.String(), PayerDeviceId: f.payee, PayeeDeviceId: f.active, Amount: math.NewInt(1_000)}
			}},
	}
}

// TestAuthorizationMatrix sends every message of the chain from every role
// and checks exactly who may send it. A refused message fails with its typed
// error and leaves the state of every registry (and bank) as it was; an
// allowed one succeeds and changes state. Signed transactions run on the
// whole app (allowed ones on a fork of the fixture, so that each starts from
// the same state); the gov module account, which signs no transaction,
// sends through the msg router on a branch of the committed state.
func TestAuthorizationMatrix(t *testing.T) {
	f := newMatrixFixture(t)
	rows := matrixRows()

	t.Run("every Msg of the chain's services has a row", func(t *testing.T) {
		covered := map[string]bool{}
		for _, row := range rows {
			covered[sdk.MsgTypeURL(row.msg(t, f, f.acc[stranger]))] = true
		}
		var missing []string
		for _, url := range chainMsgTypeURLs(t) {
			require.NotNil(t, f.ta.MsgServiceRouter().HandlerByTypeURL(url), "%s has no handler", url)
			if !covered[url] {
				missing = append(missing, url)
			}
			delete(covered, url)
		}
		require.Empty(t, missing, "messages without a row in the authorization matrix")
		require.Empty(t, covered, "rows for messages that no Msg service declares")
	})

	baseline := f.export(t, f.ta.Ctx())
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			for who := role(0); who < numRoles; who++ {
				want := row.want(who)
				verdict := "is allowed"
				if want != nil {
					verdict = "is refused"
				}
				t.Run(fmt.Sprintf("the %s %s", who, verdict), func(t *testing.T) {
					switch {
					case who == authority:
						f.throughRouter(t, row.msg(t, f, f.acc[who]), want, baseline)
					case want == nil:
						fork := &matrixFixture{ta: f.ta.Fork()}
						res := fork.ta.DeliverTx(f.acc[who], row.msg(t, f, f.acc[who]))
						require.Zero(t, res.Code, res.Log)
						require.NotEqual(t, baseline, fork.export(t, fork.ta.Ctx()), "an allowed message changes state")
					default:
						res := f.ta.DeliverTx(f.acc[who], row.msg(t, f, f.acc[who]))
						requireTxError(t, res, want)
						require.Equal(t, baseline, f.export(t, f.ta.Ctx()), "a refused message changes nothing")
					}
				})
			}
		})
	}
}

// throughRouter runs msg as the gov module account would: the handler the
// chain routes it to, on a branch of the committed state.
func (f *matrixFixture) throughRouter(t *testing.T, msg sdk.Msg, want *errorsmod.Error, baseline map[string]string) {
	t.Helper()
	ctx, _ := f.ta.Ctx().CacheContext()
	handler := f.ta.MsgServiceRouter().Handler(msg)
	require.NotNil(t, handler)
	_, err := handler(ctx, msg)
	if want == nil {
		require.NoError(t, err)
		require.NotEqual(t, baseline, f.export(t, ctx), "an allowed message changes state")
		return
	}
	require.ErrorIs(t, err, want)
}

// requireTxError checks that a transaction failed with the registered error want.
func requireTxError(t *testing.T, res *abci.ExecTxResult, want *errorsmod.Error) {
	t.Helper()
	require.Equal(t, want.Codespace(), res.Codespace, res.Log)
	require.Equal(t, want.ABCICode(), res.Code, res.Log)
}

// chainMsgTypeURLs lists the request messages of every Msg service in the
// chain's own proto packages (atonomi.*), as the registered file descriptors
// declare them.
func chainMsgTypeURLs(t testing.TB) []string {
	t.Helper()
	var urls []string
	proto.HybridResolver.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(fd.Package()), "atonomi.") {
			return true
		}
		for i := 0; i < fd.Services().Len(); i++ {
			svc := fd.Services().Get(i)
			if svc.Name() != "Msg" {
				continue
			}
			for j := 0; j < svc.Methods().Len(); j++ {
				urls = append(urls, "/"+string(svc.Methods().Get(j).Input().FullName()))
			}
		}
		return true
	})
	require.NotEmpty(t, urls)
	sort.Strings(urls)
	return urls
}
