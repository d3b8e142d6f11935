//! decnet-timing (work in progress).
