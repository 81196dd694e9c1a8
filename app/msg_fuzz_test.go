package app_test

import (
	"slices"
	"testing"

	errorsmod "cosmossdk.io/errors"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// FuzzMsgs sends arbitrary messages of every Msg service of the chain's
// modules (the list comes from the registered atonomi.* descriptors, so a new
// message is fuzzed without touching this file) through the app's message
// router, on a branch of the authorization matrix's state: manufacturers,
// auditors, devices in every status, a score. The input is the message's type
// URL and its protobuf encoding; a type URL the chain does not know picks a
// message by its bytes, so that mutations of it still reach a handler.
//
// The handlers are the only validation a message gets (there is no
// ValidateBasic), so whatever the input they must not panic, and a refusal
// must be one of the registered typed errors a client can match on, never
// an "undefined" internal error. A message that spells an account address
// or a 64-hex-character id (device id, root, proof sibling) in anything but
// its canonical lower case must be refused: its text would otherwise be
// stored or compared beside the canonical spelling of the same bytes. The
// branch is dropped either way.
//
// The seeds are one accepted example of each message, from the matrix rows,
// and each of them again with one of its address or id fields in upper
// case (caseFlippedVariants).
// Run with:
//
//	go test ./app -run '^$' -fuzz FuzzMsgs -fuzzminimizetime 200x
func FuzzMsgs(f *testing.F) {
	fx := newMatrixFixture(f)
	urls := chainMsgTypeURLs(f)
	registry, router := fx.ta.InterfaceRegistry(), fx.ta.MsgServiceRouter()
	for _, row := range matrixRows() {
		signer := authority
		if len(row.allowed) > 0 {
			signer = row.allowed[0]
		}
		msg := row.msg(f, fx, fx.acc[signer])
		bz, err := proto.Marshal(msg)
		if err != nil {
			f.Fatal(err)
		}
		// A seed the handler refuses would leave the accepting paths unfuzzed.
		ctx, _ := fx.ta.Ctx().CacheContext()
		if _, err := router.Handler(msg)(ctx, msg); err != nil {
			f.Fatalf("seed %q is refused: %v", row.name, err)
		}
		f.Add(sdk.MsgTypeURL(msg), bz)
	}
	for _, v := range caseFlippedVariants(f, fx) {
		bz, err := proto.Marshal(v.msg)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(sdk.MsgTypeURL(v.msg), bz)
	}

	f.Fuzz(func(t *testing.T, typeURL string, bz []byte) {
		if !slices.Contains(urls, typeURL) {
			typeURL = urls[pick(typeURL, bz, len(urls))]
		}
		msg, err := registry.Resolve(typeURL)
		if err != nil {
			t.Fatalf("%s: %v", typeURL, err)
		}
		if err := fx.ta.AppCodec().Unmarshal(bz, msg); err != nil {
			return // the tx decoder refuses it before any handler runs
		}
		handler := router.Handler(msg)
		if handler == nil {
			t.Fatalf("%s has no handler", typeURL)
		}
		ctx, _ := fx.ta.Ctx().CacheContext()
		_, err = handler(ctx, msg)
		if err != nil {
			if codespace, _, _ := errorsmod.ABCIInfo(err, false); codespace == errorsmod.UndefinedCodespace {
				t.Fatalf("%s refused with an unregistered error: %v\nmessage: %v", typeURL, err, msg)
			}
			return
		}
		if field, ok := nonCanonicalField(t, fx.ta, msg); ok {
			t.Fatalf("%s accepted with %s spelled %q, not in its canonical lower case\nmessage: %v", typeURL, field, field.text, msg)
		}
	})
}

// pick maps an unknown type URL and the message bytes to an index below n.
func pick(typeURL string, bz []byte, n int) int {
	sum := len(bz)
	for i := 0; i < len(typeURL); i++ {
		sum += int(typeURL[i])
	}
	return sum % n
}
