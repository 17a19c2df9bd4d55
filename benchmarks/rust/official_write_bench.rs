//! The official Rust client's side of the sink benchmark (benchmarks/sink.sh):
//! `official_write_bench DSN DB ROWS TABLES BATCH` inserts ROWS `meters` rows (row k: subtable
//! d{k % TABLES}, ts 1_700_000_000_000 + k ms, current, voltage, phase from k; tags location,
//! groupid) through `taos` 0.12.3's prepared statement (its newest insert path; the crate has
//! no stmt2), BATCH rows per execute, and prints rows, seconds and CPU seconds as JSON.

mod common;

use common::cpu_seconds;
use std::time::Instant;
use taos::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dsn, db) = (args[0].clone(), args[1].clone());
    let rows: u64 = args[2].parse().unwrap();
    let tables: u64 = args[3].parse().unwrap();
    let batch: u64 = args[4].parse().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let (cpu, started) = (cpu_seconds(), Instant::now());
    runtime.block_on(async {
        let taos = TaosBuilder::from_dsn(format!("{dsn}/{db}")).unwrap().build().await.unwrap();
        let mut stmt = Stmt::init(&taos).await.unwrap();
        stmt.prepare("INSERT INTO ? USING meters TAGS(?, ?) VALUES(?, ?, ?, ?)").await.unwrap();
        let mut first = 0u64;
        while first < rows {
            let last = (first + batch).min(rows);
            // Within a batch, row k goes to table k % TABLES: bind each table's rows together.
            let mut by_table: Vec<Vec<u64>> = vec![Vec::new(); tables as usize];
            for k in first..last {
                by_table[(k % tables) as usize].push(k);
            }
            for (t, ks) in by_table.iter().enumerate().filter(|(_, ks)| !ks.is_empty()) {
                let t = t as u64;
                stmt.set_tbname(&format!("d{t}")).await.unwrap();
                stmt.set_tags(&[Value::VarChar(format!("California.city{}", t % 10)), Value::Int((t % 10) as i32)]).await.unwrap();
                stmt.bind(&[
                    ColumnView::from_millis_timestamp(ks.iter().map(|k| 1_700_000_000_000i64 + *k as i64).collect()),
                    ColumnView::from_floats(ks.iter().map(|k| (k % 100) as f32 * 0.5).collect::<Vec<f32>>()),
                    ColumnView::from_ints(ks.iter().map(|k| 200 + (k % 20) as i32).collect::<Vec<i32>>()),
                    ColumnView::from_floats(ks.iter().map(|k| (k % 7) as f32 * 0.1).collect::<Vec<f32>>()),
                ])
                .await
                .unwrap();
                stmt.add_batch().await.unwrap();
            }
            stmt.execute().await.unwrap();
            first = last;
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    println!(r#"{{"rows": {rows}, "seconds": {seconds:.3}, "cpu_seconds": {:.2}}}"#, cpu_seconds() - cpu);
}
