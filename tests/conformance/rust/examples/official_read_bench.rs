//! The official Rust client's side of the source benchmark (scripts/bench-source.sh):
//! `official_read_bench DSN THREADS SQL...` runs each SQL on its own connection, THREADS at a
//! time, through `taos` 0.12.3's block stream, touching every value of every row (as a
//! connector must), then prints rows, seconds and process CPU seconds as one JSON line.

use std::time::Instant;
use taos::*;

/// utime + stime of this process, in seconds (Linux `/proc/self/stat`, 100 ticks per second).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    let after_name = &stat[stat.rfind(')').expect("stat format") + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks as f64 / 100.0
}

async fn read(dsn: String, sql: String) -> (u64, u64) {
    let taos = TaosBuilder::from_dsn(dsn).unwrap().build().await.unwrap();
    let mut result = taos.query(&sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    let (mut rows, mut touched) = (0u64, 0u64);
    let mut blocks = result.blocks();
    while let Some(block) = blocks.try_next().await.unwrap() {
        for row in 0..block.nrows() {
            for col in 0..block.ncols() {
                if block.get_ref(row, col).is_some_and(|v| !v.is_null()) {
                    touched += 1;
                }
            }
        }
        rows += block.nrows() as u64;
    }
    (rows, touched)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dsn = args.next().expect("DSN");
    let threads: usize = args.next().expect("THREADS").parse().expect("THREADS is a number");
    let queries: Vec<String> = args.collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build().unwrap();
    let (cpu, started) = (cpu_seconds(), Instant::now());
    let (rows, touched) = runtime.block_on(async {
        let tasks: Vec<_> = queries.into_iter().map(|sql| tokio::spawn(read(dsn.clone(), sql))).collect();
        let mut total = (0, 0);
        for task in tasks {
            let (r, t) = task.await.unwrap();
            total = (total.0 + r, total.1 + t);
        }
        total
    });
    let seconds = started.elapsed().as_secs_f64();
    println!(r#"{{"rows": {rows}, "values": {touched}, "seconds": {seconds:.3}, "cpu_seconds": {:.2}}}"#, cpu_seconds() - cpu);
}
