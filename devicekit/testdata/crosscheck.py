#!/usr/bin/env python3
"""Checks devicekit's wire-format vectors with an implementation that is not
devicekit: Python's `cryptography` (OpenSSL) for the three elliptic-curve key
types, and the sign bytes rebuilt here from the SPEC's byte layout.

Usage: crosscheck.py vectors.json — prints one "ok" line per checked vector
and exits non-zero at the first mismatch. ML-DSA-65 is not checked here (no
independent implementation on these machines); its bytes still are.
"""
import hashlib
import json
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

CURVES = {"secp256k1": ec.SECP256K1(), "secp256r1": ec.SECP256R1()}
ORDERS = {
    "secp256k1": 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141,
    "secp256r1": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
}


def u16(n):
    return struct.pack(">H", n)


def u64(n):
    return struct.pack(">Q", n)


def with_len(b):
    return u16(len(b)) + b


def activation_bytes(v):
    return (b"atonomi-activation-v1" + with_len(v["chain_id"].encode()) + bytes.fromhex(v["device_id"])
            + with_len(bytes.fromhex(v["owner"])))


def payment_bytes(v):
    amount = v["amount"]
    assert amount.isdigit() and amount.isascii() and amount[0] != "0", "amount %r is not canonical" % amount
    return (b"atonomi-payment-v1" + with_len(v["chain_id"].encode()) + bytes.fromhex(v["payer_device_id"])
            + bytes.fromhex(v["payee_device_id"]) + with_len(bytes.fromhex(v["wallet"])) + with_len(amount.encode())
            + u64(v["nonce"]) + u64(v["valid_until"]) + with_len(v["location"].encode()))


def verify(kt, pub, msg, sig):
    if kt == "ed25519":
        ed25519.Ed25519PublicKey.from_public_bytes(pub).verify(sig, msg)
        return
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    assert len(sig) == 64, "signature of %d bytes" % len(sig)
    assert s <= ORDERS[kt] // 2, "high-S signature"
    key = ec.EllipticCurvePublicKey.from_encoded_point(CURVES[kt], pub)
    key.verify(encode_dss_signature(r, s), msg, ec.ECDSA(hashes.SHA256()))


def main(path):
    with open(path) as f:
        vf = json.load(f)
    for kind, build in (("activation", activation_bytes), ("payment", payment_bytes)):
        vectors = vf[kind]
        for v in vectors:
            kt = v["key_type"]
            msg = build(v)
            if msg.hex() != v["sign_bytes"]:
                sys.exit("%s %s: sign bytes differ:\n  rebuilt %s\n  vector  %s" % (kind, kt, msg.hex(), v["sign_bytes"]))
            if kt == "mldsa65":
                print("%s %s bytes ok" % (kind, kt))
                continue
            if "private_key_derivation" in v:
                seed = hashlib.sha256(v["private_key_derivation"].encode()).hexdigest()
                if seed != v["private_key"]:
                    sys.exit("%s %s: private key is not the hash of its derivation" % (kind, kt))
            try:
                verify(kt, bytes.fromhex(v["public_key"]), msg, bytes.fromhex(v["signature"]))
            except InvalidSignature:
                sys.exit("%s %s: signature does not verify" % (kind, kt))
            # A changed message must not verify: the check is not vacuous.
            try:
                verify(kt, bytes.fromhex(v["public_key"]), msg + b"x", bytes.fromhex(v["signature"]))
                sys.exit("%s %s: signature verifies over a changed message" % (kind, kt))
            except InvalidSignature:
                pass
            print("%s %s ok" % (kind, kt))


if __name__ == "__main__":
    main(sys.argv[1])
