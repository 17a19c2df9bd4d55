//! What the benchmark examples share: process CPU time, and walking a block's values as a
//! connector must.

use taos::RawBlock;

/// utime + stime of this process, in seconds (Linux `/proc/self/stat`, 100 ticks per second).
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    let after_name = &stat[stat.rfind(')').expect("stat format") + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    (fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()) as f64 / 100.0
}

/// Reads every value of `block` (`get_ref`); returns how many are not NULL.
#[allow(dead_code)] // not every example reads blocks
pub fn touch(block: &RawBlock) -> u64 {
    let mut touched = 0;
    for row in 0..block.nrows() {
        for col in 0..block.ncols() {
            if block.get_ref(row, col).is_some_and(|v| !v.is_null()) {
                touched += 1;
            }
        }
    }
    touched
}
