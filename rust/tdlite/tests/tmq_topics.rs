//! Topics as SQL sees them: CREATE / DROP TOPIC, SHOW TOPICS and information_schema, and their
//! durability with a data directory.

mod engine_support;

use engine_support::*;
use tdlite::engine::{Engine, EngineConfig, Value};

fn power() -> Db {
    let mut db = Db::new();
    db.script(
        "CREATE DATABASE power VGROUPS 2; USE power;
         CREATE STABLE meters (ts TIMESTAMP, current FLOAT, voltage INT) TAGS (gid INT, loc VARCHAR(8));
         CREATE TABLE plain (ts TIMESTAMP, v INT)",
    );
    db
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

#[test]
fn topics_are_created_listed_and_dropped() {
    let mut db = power();
    db.exec("CREATE TOPIC tq AS SELECT ts, current, gid, tbname FROM meters WHERE voltage > 200 AND gid = 1");
    db.exec("CREATE TOPIC IF NOT EXISTS tq AS SELECT * FROM plain");
    db.exec("CREATE TOPIC ts_topic AS STABLE meters WHERE gid > 2");
    db.exec("CREATE TOPIC tdb AS DATABASE power");
    assert_eq!(db.err("CREATE TOPIC tq AS SELECT * FROM plain").code, 0x03E0);
    assert_eq!(db.err("CREATE TOPIC bad AS SELECT nope FROM meters").code, 0x2602);
    assert_eq!(db.err("CREATE TOPIC bad AS SELECT * FROM missing").code, 0x2603);
    assert_eq!(db.err("CREATE TOPIC bad AS STABLE plain").code, 0x0362);

    let names = db.rows("SELECT topic_name, db_name FROM information_schema.ins_topics");
    assert_eq!(names, vec![vec![text("tdb"), text("power")], vec![text("tq"), text("power")], vec![text("ts_topic"), text("power")]]);
    let show = db.query("SHOW TOPICS");
    assert_eq!(&show.columns.iter().map(|c| c.name.as_str()).take(4).collect::<Vec<_>>(), &["topic_name", "db_name", "create_time", "sql"]);
    assert_eq!(show.rows[1][3], text("CREATE TOPIC tq AS SELECT ts, current, gid, tbname FROM meters WHERE voltage > 200 AND gid = 1"));
    assert!(db.rows("SHOW CONSUMERS").is_empty());
    assert!(db.rows("SHOW SUBSCRIPTIONS").is_empty());

    db.exec("DROP TOPIC tq");
    db.exec("DROP TOPIC IF EXISTS tq");
    assert_eq!(db.err("DROP TOPIC tq").code, 0x03E1);
    db.exec("DROP CONSUMER GROUP IF EXISTS g ON tq");
    db.exec("DROP CONSUMER GROUP g ON tdb");
    assert_eq!(db.rows("SELECT topic_name FROM information_schema.ins_topics").len(), 2);
}

#[test]
fn topics_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("tdlite-topics-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let open = || Db::with_engine(Engine::open(EngineConfig { data_dir: Some(dir.clone()), ..EngineConfig::default() }).unwrap());
    {
        let mut db = open();
        db.script("CREATE DATABASE power; USE power; CREATE TABLE plain (ts TIMESTAMP, v INT); CREATE TOPIC tp AS SELECT * FROM plain");
    }
    let mut db = open();
    assert_eq!(db.value("SELECT sql FROM information_schema.ins_topics"), text("CREATE TOPIC tp AS SELECT * FROM plain"));
    drop(db);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn what_a_topic_reads_cannot_be_dropped_before_the_topic() {
    let mut db = power();
    db.exec("CREATE TOPIC on_meters AS SELECT ts, current FROM meters");
    db.exec("CREATE TOPIC on_plain AS SELECT * FROM plain");
    assert_eq!(db.err("DROP DATABASE power").code, 0x03ED, "TDengine: Topic must be dropped first");
    assert_eq!(db.err("DROP STABLE meters").code, 0x03ED);
    db.exec("DROP TOPIC on_meters");
    db.exec("DROP STABLE meters");
    assert_eq!(db.err("DROP DATABASE power").code, 0x03ED, "any topic of the database blocks it");
    db.exec("DROP TOPIC on_plain");
    db.exec("DROP DATABASE power");
}
