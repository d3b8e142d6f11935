//! decnet-phases (work in progress).
