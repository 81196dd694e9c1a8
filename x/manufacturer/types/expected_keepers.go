package types

import "context"

// PermissionKeeper answers whether an account acts for the network authority.
type PermissionKeeper interface {
	CheckAuthority(ctx context.Context, addr string) error
	CheckGovernance(ctx context.Context, addr, action string) error
}

// TokenKeeper opens the reward pool of an admitted manufacturer.
type TokenKeeper interface {
	CreatePool(ctx context.Context, manufacturerID string) error
}
