// Package devicekit is the device-side library of the Atonomi IoT chain. It
// derives device ids, builds and signs activation messages and payment
// intents, verifies
// signatures and builds Merkle whitelists, and it deliberately depends on
// nothing from the node (no app, x/ or Cosmos SDK module code) so that it can
// be vendored into manufacturing tools and device firmware toolchains.
//
// Everything below is a fixed contract with device firmware and with the
// chain's verifier; changing any byte breaks already-flashed devices. The
// file testdata/vectors.json pins the formats with test vectors.
//
// # Device id
//
// A device id is 32 bytes:
//
//	id = SHA-256(salt || serial)
//
// In text it is written as 64 lowercase hexadecimal characters.
//
// # Key types
//
//	name       code  public key                       signature
//	secp256k1  1     33 bytes, compressed SEC1 point   64 bytes, r || s
//	ed25519    2     32 bytes (RFC 8032)               64 bytes (RFC 8032)
//	secp256r1  3     33 bytes, compressed SEC1 point   64 bytes, r || s
//	mldsa65    4     1,952 bytes (FIPS 204 encoding)   3,309 bytes (FIPS 204)
//
// # Activation message
//
// A device proves possession of its key by signing the activation message M:
//
//	M = "atonomi-activation-v1"        21 ASCII bytes, no terminator
//	    || u16be(len(chainID)) || chainID       UTF-8, 1..65535 bytes
//	    || deviceID                             32 raw bytes
//	    || u16be(len(owner))   || owner         raw account address bytes
//	                                            (not bech32), 1..65535 bytes
//
// The chain id and owner bind a signature to one chain and one owning
// account, so an activation cannot be replayed on another network or claimed
// by someone else.
//
// # Signatures over M
//
//   - secp256k1, secp256r1: ECDSA over SHA-256(M), encoded as 32-byte
//     big-endian r followed by 32-byte big-endian s. s must be in the lower
//     half of the group order (s <= n/2); verifiers reject high-S signatures
//     because (r, n-s) would otherwise be a second valid signature for the
//     same message. This is exactly what the Cosmos SDK secp256k1 and
//     secp256r1 keys accept. Signers in this package use RFC 6979
//     deterministic nonces and then normalise s.
//   - ed25519: pure Ed25519 (RFC 8032) over M, no pre-hash.
//   - mldsa65: ML-DSA-65 (FIPS 204, pure mode) over M with an empty context
//     string, as CometBFT's and the Cosmos SDK's mldsa65 keys do. Signers in
//     this package use the deterministic variant.
//
// # Payment intent
//
// A device with a linked wallet pays another device by signing the payment
// intent P (PaymentIntent.SignBytes), with the same signature rules as M:
//
//	P = "atonomi-payment-v1"           18 ASCII bytes, no terminator
//	    || u16be(len(chainID)) || chainID       UTF-8, 1..65535 bytes
//	    || payer deviceID || payee deviceID     32 raw bytes each
//	    || u16be(len(wallet)) || wallet         raw address bytes, 1..65535
//	    || u16be(len(amount)) || amount         uatmi, decimal ASCII digits,
//	                                            no sign, no leading zeros
//	    || u64be(nonce) || u64be(validUntil)    the payer's nonce; last height
//	    || u16be(len(location)) || location     UTF-8, 0..65535 bytes
//
// The distinct domain prefixes keep an activation proof from ever passing
// as a payment, and every field of P is bound, so whoever relays a signed
// intent can change nothing of it.
//
// # Merkle whitelist
//
// A manufacturer commits to the devices it built with a Merkle root and the
// number of leaves:
//
//	leaf   = SHA-256(0x00 || deviceID (32) || keyTypeCode (1) || publicKey)
//	parent = SHA-256(0x01 || min(a, b) || max(a, b))
//
// Children are ordered by bytes.Compare before hashing, so a proof is just
// the list of sibling hashes from the leaf up, without left/right flags.
// Leaves are taken in whitelist order. When a level has an odd number of
// nodes, the last node moves up to the next level unchanged (it is neither
// hashed nor duplicated), and that level contributes no sibling to the
// proofs of the leaves below it. The distinct 0x00/0x01 prefixes keep a leaf
// from ever being confused with an inner node.
//
// A root is not the whitelist's identity on chain: the chain keeps a
// committed root under (manufacturer, root), and an activation's inclusion
// proof names the manufacturer whose whitelist it proves membership in. Give
// every proof the id of the manufacturer that commits the root (atonomid's
// build-merkle writes it into each proof): a rival that copies the root and
// commits it first holds only its own copy, which activates nothing of yours.
package devicekit
