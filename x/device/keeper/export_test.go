package keeper

// ForgetVerified empties k's cache of verified signatures, so that a test
// or benchmark sees the verification a fresh process does.
func ForgetVerified(k *Keeper) { k.verified = newVerifiedCache(verifiedCacheSize) }
