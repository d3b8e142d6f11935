//! decnet-fingerprint (work in progress).
