package registry

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/atonomi/atonomid/x/internal/pagination"
)

// The gRPC side of the registries' queries: a module's query server checks
// the request is not nil and wraps these answers in its own responses.

// QueryByID returns the record id names; validateID checks the id's form.
func (r Registry[R, S, P]) QueryByID(ctx context.Context, id string, validateID func(string) error) (R, error) {
	var rec R
	if err := validateID(id); err != nil {
		return rec, status.Error(codes.InvalidArgument, err.Error())
	}
	rec, err := r.Get(ctx, id)
	if errors.Is(err, r.Errors.Unknown) {
		return rec, status.Error(codes.NotFound, err.Error())
	}
	return rec, err
}

// QueryList lists records in id order, of one status unless it is
// unspecified (0); statusNames is the enum's generated name map.
func (r Registry[R, S, P]) QueryList(ctx context.Context, st S, statusNames map[int32]string, page *query.PageRequest) ([]R, *query.PageResponse, error) {
	if _, ok := statusNames[int32(st)]; !ok {
		return nil, nil, status.Errorf(codes.InvalidArgument, "unknown status %d", st)
	}
	// A status filter may examine more records than the page returns; the
	// records are only those the network authority admitted, so the walk is
	// as long as the authority made the registry.
	return pagination.Paginate(ctx, r.Records, page,
		func(_ string, rec R) (bool, error) {
			return st == 0 || P(&rec).GetStatus() == st, nil
		},
		func(_ string, rec R) (R, error) { return rec, nil })
}

// QueryByOperator returns the record an account operates; parse converts
// the account, and its error is the InvalidArgument message.
func (r Registry[R, S, P]) QueryByOperator(ctx context.Context, operator string, parse func(string) (sdk.AccAddress, error)) (R, error) {
	var rec R
	bz, err := parse(operator)
	if err != nil {
		return rec, status.Error(codes.InvalidArgument, err.Error())
	}
	rec, found, err := r.OperatedRecord(ctx, bz)
	if err != nil {
		return rec, err
	}
	if !found {
		return rec, status.Errorf(codes.NotFound, "%s operates no %s", operator, r.Noun)
	}
	return rec, nil
}
