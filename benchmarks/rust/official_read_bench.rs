//! The official Rust client's side of the source benchmark (benchmarks/source.sh):
//! `official_read_bench DSN THREADS SQL...` runs each SQL on its own connection, THREADS at a
//! time, through `taos` 0.12.3's block stream, touching every value of every row (as a
//! connector must), then prints rows, seconds and process CPU seconds as one JSON line.

mod common;

use common::{cpu_seconds, touch};
use std::time::Instant;
use taos::*;

async fn read(dsn: String, sql: String) -> (u64, u64) {
    let taos = TaosBuilder::from_dsn(dsn).unwrap().build().await.unwrap();
    let mut result = taos.query(&sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    let (mut rows, mut touched) = (0u64, 0u64);
    let mut blocks = result.blocks();
    while let Some(block) = blocks.try_next().await.unwrap() {
        touched += touch(&block);
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
