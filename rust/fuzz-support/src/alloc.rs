//! A global allocator that remembers, per thread, the largest single allocation requested,
//! so a property can assert that a decoder sizes its buffers by its input, not by a count
//! or length field it has not checked yet.
//!
//! A test binary opts in with `#[global_allocator] static A: PeakAlloc = PeakAlloc;`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    // `const` and without a destructor: reading it never allocates, so the allocator may.
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

pub struct PeakAlloc;

fn note(size: usize) {
    let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
}

unsafe impl GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Runs `f` and returns its result with the largest single allocation it made on this
/// thread (0 without `PeakAlloc` installed).
pub fn largest_allocation<T>(f: impl FnOnce() -> T) -> (T, usize) {
    LARGEST.with(|l| l.set(0));
    let out = f();
    (out, LARGEST.with(Cell::get))
}

/// The most a decoder may allocate at once for `input_len` bytes: its output can outgrow
/// the input a few times (a DECIMAL's 8 bytes become up to 21 characters of text), and
/// vectors double; anything beyond comes from an unchecked length field.
pub fn allocation_bound(input_len: usize) -> usize {
    64 * input_len + (1 << 16)
}
