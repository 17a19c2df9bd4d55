//! The library's allocator: the system allocator, counting the bytes in use, which Java
//! reports as the `nativeMemoryBytes` metric (`NativeRuntime.allocatedBytes`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicI64, Ordering};

struct Counting;

/// Bytes the library holds: the allocator is process-wide, so is its count.
static IN_USE: AtomicI64 = AtomicI64::new(0);

#[global_allocator]
static ALLOCATOR: Counting = Counting;

// SAFETY: every call is forwarded to the system allocator with the same arguments; the
// counter is only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            IN_USE.fetch_add(layout.size() as i64, Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            IN_USE.fetch_add(layout.size() as i64, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size() as i64, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            IN_USE.fetch_add(new_size as i64 - layout.size() as i64, Ordering::Relaxed);
        }
        p
    }
}

/// Bytes the library has allocated and not freed (every classloader sharing it together).
pub fn in_use() -> i64 {
    IN_USE.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    /// The counter is process-wide and other tests allocate and free meanwhile: a block far
    /// larger than theirs keeps the difference meaningful.
    #[test]
    fn counts_what_is_held() {
        const HELD: i64 = 256 << 20;
        let before = super::in_use();
        let held = vec![1u8; HELD as usize];
        assert!(super::in_use() - before >= HELD / 2);
        drop(held);
        assert!(super::in_use() - before < HELD / 2);
    }
}
