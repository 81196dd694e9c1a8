package registry

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/x/internal/pagination"
)

// The gRPC side of the registries' queries: a module's query server checks
// the request is not nil and wraps these answers in its own responses.

// QueryByID returns the record id names; validateID checks the id's form.
func QueryByID[R any](ctx context.Context, records collections.Map[string, R], id string, validateID func(string) error, unknown *errorsmod.Error) (R, error) {
	var rec R
	if err := validateID(id); err != nil {
		return rec, status.Error(codes.InvalidArgument, err.Error())
	}
	rec, err := Get(ctx, records, id, unknown)
	if errors.Is(err, unknown) {
		return rec, status.Error(codes.NotFound, err.Error())
	}
	return rec, err
}

// QueryList lists records in id order, of one status unless it is
// unspecified.
func QueryList[R Record](ctx context.Context, records collections.Map[string, R], st Status, page *query.PageRequest) ([]R, *query.PageResponse, error) {
	if st < StatusUnspecified || st > StatusRemoved {
		return nil, nil, status.Errorf(codes.InvalidArgument, "unknown status %d", st)
	}
	// A status filter may examine more records than the page returns; the
	// records are only those the network authority admitted, so the walk is
	// as long as the authority made the registry.
	return pagination.Paginate(ctx, records, page,
		func(_ string, rec R) (bool, error) {
			return st == StatusUnspecified || rec.RecordStatus() == st, nil
		},
		func(_ string, rec R) (R, error) { return rec, nil })
}

// QueryByOperator returns the record of a noun ("manufacturer") an account
// operates; parse converts the account, and its error is the
// InvalidArgument message.
func QueryByOperator[R any](ctx context.Context, records collections.Map[string, R], index Index, operator, noun string, parse func(string) (sdk.AccAddress, error), unknown *errorsmod.Error) (R, error) {
	var rec R
	bz, err := parse(operator)
	if err != nil {
		return rec, status.Error(codes.InvalidArgument, err.Error())
	}
	id, found, err := index.Lookup(ctx, bz)
	if err != nil {
		return rec, err
	}
	if !found {
		return rec, status.Errorf(codes.NotFound, "%s operates no %s", operator, noun)
	}
	return Get(ctx, records, id, unknown)
}
