//! Damage to valid encodings: what a corrupt frame, a bug in a peer or a hostile server could
//! hand a decoder. Damaging good bytes reaches deep into a format; random bytes rarely do.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

#[derive(Clone, Debug)]
pub enum Damage {
    Truncate(Index),
    FlipBit(Index, u8),
    SetByte(Index, u8),
    /// A little-endian u32 over four bytes: lengths, counts and offsets turned huge or negative.
    SetWord(Index, u32),
    /// The same at a fixed offset: a header's count and length fields.
    SetWordAt(usize, u32),
    Insert(Index, Vec<u8>),
    Remove(Index, usize),
}

fn word() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0), Just(1), Just(0x7FFF_FFFF), Just(0x8000_0000), Just(0xFFFF_FFFE), Just(0xFFFF_FFFF), 0u32..256, any::<u32>(),]
}

fn one(header_len: usize) -> impl Strategy<Value = Damage> {
    let header_field = (0..header_len.div_ceil(4).max(1), word()).prop_map(|(k, w)| Damage::SetWordAt(4 * k, w));
    prop_oneof![
        header_field,
        any::<Index>().prop_map(Damage::Truncate),
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| Damage::FlipBit(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, v)| Damage::SetByte(i, v)),
        (any::<Index>(), word()).prop_map(|(i, w)| Damage::SetWord(i, w)),
        (any::<Index>(), vec(any::<u8>(), 1..8)).prop_map(|(i, b)| Damage::Insert(i, b)),
        (any::<Index>(), 1usize..8).prop_map(|(i, n)| Damage::Remove(i, n)),
    ]
}

/// One to four damages, applied in order; some hit the 4-byte-aligned fields of the first
/// `header_len` bytes, where the counts and lengths that size everything else live.
pub fn damage(header_len: usize) -> impl Strategy<Value = Vec<Damage>> {
    vec(one(header_len), 1..=4)
}

pub fn apply(bytes: &[u8], damage: &[Damage]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for d in damage {
        if out.is_empty() {
            break;
        }
        let at = |i: &Index| i.index(out.len());
        match d {
            Damage::Truncate(i) => out.truncate(at(i)),
            Damage::FlipBit(i, bit) => {
                let i = at(i);
                out[i] ^= 1 << bit;
            }
            Damage::SetByte(i, v) => {
                let i = at(i);
                out[i] = *v;
            }
            Damage::SetWord(i, w) => {
                let i = at(i);
                set_word(&mut out, i, *w);
            }
            Damage::SetWordAt(i, w) => set_word(&mut out, *i, *w),
            Damage::Insert(i, b) => {
                let i = at(i);
                out.splice(i..i, b.iter().copied());
            }
            Damage::Remove(i, n) => {
                let i = at(i);
                let end = (i + n).min(out.len());
                out.drain(i..end);
            }
        }
    }
    out
}

/// Writes what fits of `w` at `at`; nothing when `at` is past the end.
fn set_word(out: &mut [u8], at: usize, w: u32) {
    let end = (at + 4).min(out.len());
    if at < end {
        out[at..end].copy_from_slice(&w.to_le_bytes()[..end - at]);
    }
}
