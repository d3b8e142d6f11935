//! decnet-tools (work in progress).
