// Package pagination bounds the list queries of every module. A node answers
// queries from anyone, free of charge, so no request may make it read more
// than a page's worth of a collection or index: a page holds at most
// MaxLimit entries (a larger limit is clamped), an offset skips at most
// MaxLimit entries (a larger one is refused), and count_total is refused,
// because no listing keeps a stored count and counting would walk all of it.
// docs/architecture.md ("Bounded list queries") is the contract for clients.
package pagination

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"
)

// MaxLimit is the most entries one page of any list query holds. A larger
// limit is clamped to it rather than refused: the page comes back full with
// a next key, which a client paging by key follows as it would anyway.
const MaxLimit = 1_000

// Codespace is the codespace of the refusals all modules' list queries
// share, so a client sees one error for one rule whichever module it asks.
const Codespace = "pagination"

// The refusals carry the gRPC code InvalidArgument, so a client over gRPC or
// REST sees a bad request while keepers and tests can still match them with
// errors.Is.
var (
	ErrCountTotal     = errorsmod.RegisterWithGRPCCode(Codespace, 2, codes.InvalidArgument, "count_total is not served")
	ErrOffsetTooLarge = errorsmod.RegisterWithGRPCCode(Codespace, 3, codes.InvalidArgument, "offset exceeds the maximum page size")
)

// Bound returns the page a list query serves when asked for page (nil is
// the first page): the limit is query.DefaultLimit when unset and at most
// MaxLimit. It refuses count_total and an offset above MaxLimit, since the
// store reads every entry an offset skips. The request is not modified.
func Bound(page *query.PageRequest) (*query.PageRequest, error) {
	if page == nil {
		page = &query.PageRequest{}
	}
	if page.CountTotal {
		return nil, errorsmod.Wrap(ErrCountTotal, "counting would walk the whole listing: page by next_key until it is empty")
	}
	if page.Offset > MaxLimit {
		return nil, errorsmod.Wrapf(ErrOffsetTooLarge, "offset %d, at most %d: page by next_key", page.Offset, MaxLimit)
	}
	bounded := *page
	// The limit is always set: given 0, the SDK's collection pagination
	// would switch count_total on by itself.
	bounded.Limit = query.DefaultLimit
	if page.Limit != 0 {
		bounded.Limit = min(page.Limit, MaxLimit)
	}
	return &bounded, nil
}

// BoundByKey is Bound for a listing that walks an index itself and pages by
// key only, forward: it refuses an offset and reverse, which such a walk
// does not serve. listing names the listing in the refusal.
func BoundByKey(page *query.PageRequest, listing string) (*query.PageRequest, error) {
	bounded, err := Bound(page)
	if err != nil {
		return nil, err
	}
	if bounded.Offset > 0 || bounded.Reverse {
		return nil, status.Errorf(codes.InvalidArgument, "%s listings page by key only, forward", listing)
	}
	return bounded, nil
}

// Paginate is query.CollectionFilteredPaginate (a nil predicate keeps every
// entry) over the page Bound serves for page. A malformed page (a garbled
// key, both a key and an offset) is InvalidArgument, as is any other error
// of the walk, as the list queries have always answered it.
func Paginate[K, V any, C query.Collection[K, V], T any](
	ctx context.Context,
	coll C,
	page *query.PageRequest,
	predicate func(key K, value V) (bool, error),
	transform func(key K, value V) (T, error),
	opts ...func(*query.CollectionsPaginateOptions[K]),
) ([]T, *query.PageResponse, error) {
	bounded, err := Bound(page)
	if err != nil {
		return nil, nil, err
	}
	list, res, err := query.CollectionFilteredPaginate(ctx, coll, bounded, predicate, transform, opts...)
	if err != nil {
		return nil, nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return list, res, nil
}
