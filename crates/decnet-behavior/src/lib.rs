//! decnet-behavior (work in progress).
