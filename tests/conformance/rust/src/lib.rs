//! Empty library: the conformance suite lives in tests/.
