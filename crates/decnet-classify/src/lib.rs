//! decnet-classify (work in progress).
