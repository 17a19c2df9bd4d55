//! What tdflink's property tests share (docs/fuzzing.md): a model of typed rows and its
//! generators (`model`), its encodings into raw blocks and batches (`encode`) and TMQ
//! messages (`tmq`), decoded batches in the model's terms (`read`), byte-level damage
//! (`mutate`), a probe for the largest allocation a decoder makes (`alloc`), and the case
//! count (`config`): small by default so `cargo test` stays quick, `PROPTEST_CASES` for the
//! long runs of `scripts/fuzz.sh`.

pub mod alloc;
pub mod encode;
pub mod model;
pub mod mutate;
pub mod read;
pub mod tmq;

use proptest::test_runner::Config;

/// `default_cases` cases, unless `PROPTEST_CASES` asks for another number.
pub fn config(default_cases: u32) -> Config {
    match std::env::var_os("PROPTEST_CASES") {
        Some(_) => Config::default(),
        None => Config::with_cases(default_cases),
    }
}
