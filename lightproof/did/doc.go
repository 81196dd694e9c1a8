// Package did is the did:atonomi method: a device's DID document and its
// resolution metadata, built as a pure function of the device's proven
// record (the bytes of store "device", key 0x01‖id), and the check a
// verifier runs on a resolution result it was served.
//
// A resolver never builds a document from an unproven answer: it reads the
// record with its Merkle proof, and the result carries that proof in
// didDocumentMetadata.proof. A verifier checks the proof against an
// AppHash it trusts (from its light client, or from the signed header the
// proof carries and its own trust root), builds the document again from the
// proven value, and requires the served document and metadata to be
// JCS-equal (RFC 8785) to what it built (Check, CheckOffline).
//
// Like lightproof it depends on nothing from the node; the method
// specification is docs/did-method.md.
package did
