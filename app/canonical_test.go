package app_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/atonomi/atonomid/app"
	"github.com/atonomi/atonomid/testutil/apptest"
	paymenttypes "github.com/atonomi/atonomid/x/payment/types"
)

// notCanonical is what every refusal of a non-canonical spelling says.
const notCanonical = "not canonical: use lower case"

// notAddressOrID are the message fields the chain never reads as an address
// or an id: the sender's own words (an upper-case address written in a note
// is just text) and a denom, which may hold upper-case letters.
var notAddressOrID = map[string]bool{
	"name": true, "note": true, "reason": true, "description": true, "url": true, "location": true,
	"device_type": true, "key": true, "value": true, "certifications": true, "denom": true,
}

// textField is one string of a message (in its proto JSON form) that holds
// an account address or a 64-hex-character id or hash.
type textField struct {
	path []any // object keys and array indexes from the message's root
	text string
}

func (f textField) String() string {
	parts := make([]string, len(f.path))
	for i, p := range f.path {
		parts[i] = fmt.Sprint(p)
	}
	return strings.Join(parts, ".")
}

// isAccount reports whether s is a spelling, in any case, of an account
// address of the chain.
func isAccount(s string) bool {
	_, err := addresscodec.NewBech32Codec(app.Bech32Prefix).StringToBytes(strings.ToLower(s))
	return err == nil
}

// isHexID reports whether s is a spelling, in any case, of 32 bytes in hex:
// a device id, a Merkle root or a proof sibling.
func isHexID(s string) bool {
	bz, err := hex.DecodeString(s)
	return err == nil && len(bz) == 32
}

// textFields lists the address and id strings of msg.
func textFields(t testing.TB, ta *apptest.TestApp, msg sdk.Msg) []textField {
	t.Helper()
	var tree any
	require.NoError(t, json.Unmarshal(mustJSON(t, ta, msg), &tree))
	var out []textField
	var walk func(path []any, v any)
	walk = func(path []any, v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(v)) {
				if !notAddressOrID[k] {
					walk(append(append([]any(nil), path...), k), v[k])
				}
			}
		case []any:
			for i, child := range v {
				walk(append(append([]any(nil), path...), i), child)
			}
		case string:
			if isAccount(v) || isHexID(v) {
				out = append(out, textField{path: path, text: v})
			}
		}
	}
	walk(nil, tree)
	return out
}

// nonCanonicalField returns a field of msg that spells an address or an id
// in other than its canonical lower case.
func nonCanonicalField(t testing.TB, ta *apptest.TestApp, msg sdk.Msg) (textField, bool) {
	t.Helper()
	for _, f := range textFields(t, ta, msg) {
		if f.text != strings.ToLower(f.text) {
			return f, true
		}
	}
	return textField{}, false
}

// caseFlipped returns a copy of msg with field's text in upper case.
func caseFlipped(t testing.TB, ta *apptest.TestApp, msg sdk.Msg, field textField) sdk.Msg {
	t.Helper()
	var tree any
	require.NoError(t, json.Unmarshal(mustJSON(t, ta, msg), &tree))
	node := tree
	for i, step := range field.path {
		last := i == len(field.path)-1
		switch step := step.(type) {
		case string:
			m := node.(map[string]any)
			if last {
				m[step] = strings.ToUpper(field.text)
			}
			node = m[step]
		case int:
			a := node.([]any)
			if last {
				a[step] = strings.ToUpper(field.text)
			}
			node = a[step]
		}
	}
	bz, err := json.Marshal(tree)
	require.NoError(t, err)
	flipped := reflect.New(reflect.TypeOf(msg).Elem()).Interface().(sdk.Msg)
	require.NoError(t, ta.AppCodec().UnmarshalJSON(bz, flipped))
	return flipped
}

func mustJSON(t testing.TB, ta *apptest.TestApp, msg sdk.Msg) []byte {
	t.Helper()
	bz, err := ta.AppCodec().MarshalJSON(msg)
	require.NoError(t, err)
	return bz
}

// caseFlippedVariants is every accepted message of the authorization matrix
// (from the first role allowed to send it) with one of its address or id
// fields in upper case, and the role that sends it.
func caseFlippedVariants(t testing.TB, f *matrixFixture) []caseVariant {
	t.Helper()
	var out []caseVariant
	for _, row := range matrixRows() {
		who := authority
		if len(row.allowed) > 0 {
			who = row.allowed[0]
		}
		msg := row.msg(t, f, f.acc[who])
		for _, field := range textFields(t, f.ta, msg) {
			if field.text == strings.ToUpper(field.text) {
				continue // no letter to flip (an id of digits only)
			}
			out = append(out, caseVariant{row: row.name, field: field.String(), who: who, msg: caseFlipped(t, f.ta, msg, field)})
		}
	}
	return out
}

type caseVariant struct {
	row, field string
	who        role
	msg        sdk.Msg
}

// TestCaseFlippedMessagesAreRefused sends every message of the chain that
// the authorization matrix accepts with, in turn, each of its address and id
// fields spelled in upper case, which decodes to the very same bytes. Each
// is refused with a registered error that says the text is not canonical
// (the authority of a MsgUpdateParams, compared with the governance
// authority's one address, is refused as unauthorized) and stores nothing: the exported state of every
// registry and of bank is as before.
func TestCaseFlippedMessagesAreRefused(t *testing.T) {
	f := newMatrixFixture(t)
	variants := caseFlippedVariants(t, f)
	require.Greater(t, len(variants), len(matrixRows()), "every row has at least one field to flip, most have more")
	baseline := f.export(t, f.ta.Ctx())
	covered := map[string]bool{}
	for _, v := range variants {
		covered[v.row] = true
		t.Run(v.row+"/"+v.field+" in upper case", func(t *testing.T) {
			var err error
			if v.who == authority {
				ctx, _ := f.ta.Ctx().CacheContext()
				_, err = f.ta.MsgServiceRouter().Handler(v.msg)(ctx, v.msg)
				require.Error(t, err)
				require.Equal(t, baseline, f.export(t, ctx), "a refused message changes nothing")
			} else {
				res := f.ta.DeliverTx(f.acc[v.who], v.msg)
				require.NotZero(t, res.Code, "accepted: %v", v.msg)
				err = errorsmod.ABCIError(res.Codespace, res.Code, res.Log)
				require.Equal(t, baseline, f.export(t, f.ta.Ctx()), "a refused message changes nothing")
			}
			codespace, _, _ := errorsmod.ABCIInfo(err, false)
			require.NotEqual(t, errorsmod.UndefinedCodespace, codespace, "refused with an unregistered error: %v", err)
			if !isParamsNotByGov(v.row, err) {
				require.ErrorContains(t, err, notCanonical)
			}
		})
	}
	for _, row := range matrixRows() {
		require.True(t, covered[row.name], "row %q has no address or id field to flip", row.name)
	}
}

// isParamsNotByGov reports a MsgUpdateParams refused for its authority:
// sdk.ValidateAuthority compares the text with the governance authority's one
// spelling and refuses any other as unauthorized.
func isParamsNotByGov(row string, err error) bool {
	return strings.HasSuffix(row, "UpdateParams") && sdkerrors.ErrUnauthorized.Is(err)
}

func TestPaymentAuthorizationRefusesNonCanonicalSpellings(t *testing.T) {
	owner := apptest.NewAccount("grant-owner").String()
	id := strings.Repeat("ab", 32)
	valid := paymenttypes.PaymentAuthorization{Owner: owner, DeviceIds: []string{id}, SpendLimit: math.NewInt(1_000)}
	require.NoError(t, valid.ValidateBasic())

	upperOwner := valid
	upperOwner.Owner = strings.ToUpper(owner)
	err := upperOwner.ValidateBasic()
	require.ErrorIs(t, err, paymenttypes.ErrInvalidAddress, "an owner that would never equal a device's owner is refused at the grant")
	require.ErrorContains(t, err, notCanonical)

	upperID := valid
	upperID.DeviceIds = []string{strings.ToUpper(id)}
	err = upperID.ValidateBasic()
	require.ErrorIs(t, err, paymenttypes.ErrGrantRefused)
	require.ErrorContains(t, err, notCanonical)

	twice := valid
	twice.DeviceIds = []string{id, strings.ToUpper(id)}
	require.ErrorIs(t, twice.ValidateBasic(), paymenttypes.ErrGrantRefused, "one device named under two spellings")
}
