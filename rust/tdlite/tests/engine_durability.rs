//! A data directory keeps everything across restarts: the catalog, rows, tags and vgroups.

mod engine_support;

use engine_support::*;
use std::path::PathBuf;
use tdlite::engine::{Engine, EngineConfig, Value};

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("tdlite-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn open(dir: &TempDir) -> Db {
    let config = EngineConfig { data_dir: Some(dir.0.clone()), ..EngineConfig::default() };
    Db::with_engine(Engine::open(config).expect("open"))
}

#[test]
fn data_survives_reopening() {
    let dir = TempDir::new("reopen");
    let vgroups_before;
    {
        let mut db = open(&dir);
        db.script(
            "CREATE DATABASE power PRECISION 'ns' VGROUPS 3; USE power;
             CREATE STABLE meters (ts TIMESTAMP, v BIGINT UNSIGNED, s NCHAR(4)) TAGS (g INT, loc VARCHAR(8));
             CREATE TABLE plain (ts TIMESTAMP, d DECIMAL(25, 3));
             INSERT INTO d1 USING meters TAGS (1, 'north') VALUES (1, 18446744073709551615, '雪')
                         plain VALUES (2, -1234567890123456789012.345)",
        );
        vgroups_before = db.rows("SELECT table_name, vgroup_id FROM information_schema.ins_tables WHERE db_name = 'power'");
        assert!(dir.0.join("tdlite.db").exists());
    }
    let mut db = open(&dir);
    db.exec("USE power");
    assert_eq!(db.rows("SELECT * FROM meters"), vec![vec![ts(1), uint(u64::MAX), text("雪"), int(1), text("north")]]);
    assert_eq!(db.value("SELECT d FROM plain"), Value::Decimal { unscaled: -1_234_567_890_123_456_789_012_345, scale: 3 });
    assert_eq!(db.query("SELECT ts FROM plain").precision, tdflink_protocol::types::Precision::Nanosecond);
    let vgroups_after = db.rows("SELECT table_name, vgroup_id FROM information_schema.ins_tables WHERE db_name = 'power'");
    assert_eq!(vgroups_before, vgroups_after);
    db.exec("INSERT INTO d2 USING meters TAGS (2, 'south') VALUES (3, 0, 'x')");
    assert_eq!(db.value("SELECT count(*) FROM meters"), int(2));
    db.exec("DROP DATABASE power");
    drop(db);
    let mut db = open(&dir);
    assert_eq!(db.err("USE power").code, 0x0388);
}

#[test]
fn engines_share_data_across_clones_and_threads() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<Engine>();
    let mut db = meters("ms");
    let engine = db.engine.clone();
    let session = db.session.clone();
    let writers: Vec<_> = (0..4)
        .map(|t| {
            let engine = engine.clone();
            let mut session = session.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let sql = format!("INSERT INTO d100{} VALUES ({}, 1.0, {t}, 0.5)", t % 3 + 1, t * 100 + i);
                    engine.execute(&mut session, &sql).unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    assert_eq!(db.value("SELECT count(*) FROM meters"), int(100));
}
