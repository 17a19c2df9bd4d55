"""TDengine's official Python WebSocket consumer, taos-ws-py 0.7.0 (`taosws.Consumer`), against
tdlite's `/rest/tmq`: every type through a topic, `earliest` and `latest`, commit and resume in
a group, seek replaying from an offset, two consumers of one group splitting the vgroups and
the survivor taking over at the next rebalance, readers of one group subscribing together (the
official Flink connector's CDC test) reading each row once, and the errors for an unknown topic
and an invalid group id. The expectations are TDengine's documented behaviour, never tdlite's.

Client facts the suite relies on (taos-connector-python, taos-ws-py/src/consumer.rs; the Rust
`taos` crate underneath):
- the configuration is a dict of strings; without `td.connect.websocket.scheme` the client
  loads the native libtaos instead of speaking WebSocket;
- poll(seconds) returns a Message or None; iterating a Message yields blocks, and a block's
  fetchall() returns row tuples typed like a cursor's (aware datetime for a ms TIMESTAMP, bytes
  for VARBINARY and GEOMETRY, Decimal for DECIMAL); a field's name(), type() (a type name) and
  bytes() are methods;
- commit(message) commits that message's offset; close() unsubscribes;
- assignment() returns one TopicAssignment per topic (topic(), assignments()), each
  Assignment has vg_id(), offset(), begin() and end(); seek(topic, vg_id, offset);
- an error carries the server's code only in its text ("[0x03E1] ...");
- subscribe() returns once the server answers, which TDengine does after the rebalance (every
  2 s, its mqRebalanceInterval) that gave the consumer its vgroups;
- it keeps the GIL while it waits, so concurrent consumers need processes, not threads.
"""

import contextlib
import multiprocessing
import time
import uuid

import pytest
import taosws

from test_taos_ws_py import BASE, KINDS, as_python, error_code, literal, typed

COLUMNS = [f"c_{kind.name}" for kind in KINDS]
ROWS_PER_BATCH = max(len(kind.samples) for kind in KINDS) + 1  # every sample, then all NULL
POLL_SECONDS = 1.0


def schema_field(name, kind):
    """A block field as the client shows it: its name, the client's name for the type code
    (the Rust client calls code 8 BINARY), and TDengine's internal width from the topic's schema
    (SSchema.bytes: a 2-byte length prefix on variable types, 4 bytes a character for NCHAR)."""
    width = {"nchar": kind.length * 4 + 2, "varchar": kind.length + 2, "varbinary": kind.length + 2,
             "geometry": kind.length + 2}.get(kind.name, kind.length)
    type_name = "BINARY" if kind.name == "varchar" else kind.sql_type.split("(")[0]
    return (name, type_name, width)


SCHEMA = [("ts", "TIMESTAMP", 8)] + [schema_field(name, kind) for name, kind in zip(COLUMNS, KINDS)]


def sample_row(index):
    """The values of row `index` of a batch: each type's sample at that index, else NULL."""
    return [kind.samples[index] if index < len(kind.samples) else None for kind in KINDS]


def write_batch(conn, db, batch):
    """Writes batch number `batch` (ROWS_PER_BATCH rows, alternating between two children of
    `stb`) and returns the rows a consumer must see, as cursor-typed tuples."""
    expected = []
    for index in range(ROWS_PER_BATCH):
        ticks = BASE["ms"] + batch * ROWS_PER_BATCH + index
        samples = sample_row(index)
        child = index % 2
        values = ", ".join(literal(sample) for sample in samples)
        conn.execute(f"INSERT INTO {db}.d{child} USING {db}.stb TAGS ({child}) VALUES ({ticks}, {values})")
        expected.append((as_python(ticks, "ms"), *(None if s is None else s.value for s in samples)))
    return expected


@pytest.fixture
def topic(conn):
    """A topic over a two-vgroup supertable holding a column of every type; returns its name
    and database."""
    db = f"py_{uuid.uuid4().hex[:12]}"
    conn.execute(f"CREATE DATABASE {db} VGROUPS 2")
    columns = ", ".join(f"{name} {kind.sql_type}" for name, kind in zip(COLUMNS, KINDS))
    conn.execute(f"CREATE STABLE {db}.stb (ts TIMESTAMP, {columns}) TAGS (gid INT)")
    name = f"tp_{uuid.uuid4().hex[:12]}"
    conn.execute(f"CREATE TOPIC {name} AS SELECT ts, {', '.join(COLUMNS)} FROM {db}.stb")
    return name, db


def consumer_conf(tdlite, **settings):
    """The client's configuration for tdlite, plus `settings` (dots spelled as underscores)."""
    host, port = tdlite.rsplit(":", 1)
    conf = {"td.connect.websocket.scheme": "ws", "td.connect.ip": host, "td.connect.port": port}
    conf.update({key.replace("_", "."): value for key, value in settings.items()})
    return conf


@contextlib.contextmanager
def consumer(tdlite, group, offset_reset, topics=None):
    subscriber = taosws.Consumer(conf=consumer_conf(
        tdlite, td_connect_user="root", td_connect_pass="taosdata", group_id=group,
        client_id=f"client_{uuid.uuid4().hex[:8]}", auto_offset_reset=offset_reset, enable_auto_commit="false"))
    try:
        if topics is not None:
            subscriber.subscribe(topics)
        yield subscriber
    finally:
        subscriber.close()


def drain(subscriber, topic, commit=False):
    """Every row polled until a poll comes back empty, sorted by timestamp; checks each
    message's topic, database and block schema on the way."""
    name, db = topic
    rows = []
    while (message := subscriber.poll(POLL_SECONDS)) is not None:
        assert (message.topic(), message.database()) == (name, db)
        for block in message:
            assert [(field.name(), field.type(), field.bytes()) for field in block.fields()] == SCHEMA
            rows.extend(tuple(row) for row in block.fetchall())
        if commit:
            subscriber.commit(message)
    return sorted(rows, key=lambda row: row[0])


def test_earliest_drains_every_type_written_before_and_after_subscribing(conn, tdlite, topic):
    before = write_batch(conn, topic[1], 0)
    with consumer(tdlite, "g_earliest", "earliest", [topic[0]]) as subscriber:
        after = write_batch(conn, topic[1], 1)
        assert typed(drain(subscriber, topic)) == typed(before + after)


def test_latest_sees_only_rows_written_after_subscribing(conn, tdlite, topic):
    write_batch(conn, topic[1], 0)
    with consumer(tdlite, "g_latest", "latest", [topic[0]]) as subscriber:
        # TDengine fixes a `latest` position at the vgroup's first poll, so poll before writing.
        assert subscriber.poll(POLL_SECONDS) is None
        after = write_batch(conn, topic[1], 1)
        assert typed(drain(subscriber, topic)) == typed(after)


def test_new_consumer_in_group_resumes_after_committed_offset(conn, tdlite, topic):
    first = write_batch(conn, topic[1], 0)
    with consumer(tdlite, "g_resume", "earliest", [topic[0]]) as subscriber:
        assert typed(drain(subscriber, topic, commit=True)) == typed(first)
    second = write_batch(conn, topic[1], 1)
    with consumer(tdlite, "g_resume", "earliest", [topic[0]]) as subscriber:
        assert typed(drain(subscriber, topic, commit=True)) == typed(second)


def test_unknown_topic_is_0x03e1(conn, tdlite):
    with consumer(tdlite, "g_unknown", "earliest") as subscriber:
        with pytest.raises(taosws.ConsumerException) as failure:
            subscriber.subscribe([f"no_such_topic_{uuid.uuid4().hex[:8]}"])
    assert error_code(failure.value) == 0x03E1


@pytest.fixture
def readings(conn):
    """A topic over a four-vgroup supertable `meters (ts, v INT)` holding v = 0..19 in eight
    children; returns the topic's name and database."""
    db = f"py_{uuid.uuid4().hex[:12]}"
    conn.execute(f"CREATE DATABASE {db} VGROUPS 4")
    conn.execute(f"CREATE STABLE {db}.meters (ts TIMESTAMP, v INT) TAGS (gid INT)")
    name = f"tp_{uuid.uuid4().hex[:12]}"
    conn.execute(f"CREATE TOPIC {name} AS SELECT ts, v FROM {db}.meters")
    insert_readings(conn, db, 0, 20)
    return name, db


def insert_readings(conn, db, start, stop):
    for i in range(start, stop):
        conn.execute(f"INSERT INTO {db}.d{i % 8} USING {db}.meters TAGS ({i % 8}) VALUES ({BASE['ms'] + i}, {i})")


def values(subscriber, commit, at_least=0, seconds=10.0):
    """Every `v` polled until a poll comes back empty once `at_least` were read (or `seconds`
    passed), in the order read; with `commit`, each message is committed."""
    read = []
    deadline = time.monotonic() + seconds
    while (message := subscriber.poll(POLL_SECONDS)) is not None or (len(read) < at_least and time.monotonic() < deadline):
        for block in message or []:
            read.extend(row[1] for row in block.fetchall())
        if commit and message is not None:
            subscriber.commit(message)
    return read


def owned(subscriber):
    """The vgroups `subscriber` owns, per topic: {topic: [Assignment, ...]}."""
    return {topic.topic(): topic.assignments() for topic in subscriber.assignment()}


def test_seek_replays_from_an_offset(tdlite, readings):
    with consumer(tdlite, "g_seek", "earliest", [readings[0]]) as subscriber:
        assert sorted(values(subscriber, commit=False)) == list(range(20))
        assignments = owned(subscriber)[readings[0]]
        assert len(assignments) == 4, "one consumer owns every vgroup"
        for assignment in assignments:
            subscriber.seek(readings[0], assignment.vg_id(), assignment.begin())
        assert sorted(values(subscriber, commit=False)) == list(range(20)), "every vgroup replays"


def test_one_group_splits_the_vgroups_and_a_survivor_takes_over(conn, tdlite, readings):
    name, db = readings
    with consumer(tdlite, "g_split", "earliest", [name]) as survivor:
        with consumer(tdlite, "g_split", "earliest", [name]) as leaving:
            shares = [{a.vg_id() for a in owned(c)[name]} for c in (survivor, leaving)]
            assert [len(share) for share in shares] == [2, 2] and not shares[0] & shares[1], shares
            read = values(survivor, commit=True) + values(leaving, commit=True)
            assert sorted(read) == list(range(20)), "no row lost, none delivered twice"
        insert_readings(conn, db, 20, 30)
        # The leaving consumer's vgroups are the survivor's from the next rebalance on.
        assert sorted(values(survivor, commit=True, at_least=10)) == list(range(20, 30)), "the survivor reads every vgroup"
        assert len(owned(survivor)[name]) == 4


def test_missing_group_ids_are_refused_and_long_ones_cut(tdlite, readings):
    with pytest.raises(taosws.ConsumerException, match="group.id must be set"):
        taosws.Consumer(conf=consumer_conf(tdlite)).subscribe([readings[0]])
    with pytest.raises(taosws.ConsumerException, match="group id is empty"):
        taosws.Consumer(conf=consumer_conf(tdlite, group_id="")).subscribe([readings[0]])
    # Longer than TDengine's 192 bytes is not refused: libtaos' tmq_conf_set cuts it.
    taosws.Consumer(conf=consumer_conf(tdlite, group_id="g" * 193)).subscribe([readings[0]])


def read_share(tdlite, group, topic, start, results):
    """One reader of a Flink CDC job: subscribes from `earliest` when all readers are ready
    (`start`, a barrier), reads its share committing as it goes, and puts what it read on
    `results`."""
    with consumer(tdlite, group, "earliest") as subscriber:
        start.wait()
        subscriber.subscribe([topic])
        results.put(values(subscriber, commit=True))


def test_readers_subscribing_together_read_each_row_once(conn, tdlite):
    """The official Flink connector's testTDengineCdc, twice, as its suite runs it: drop the
    topic and the database, create them again (5 vgroups), write, then three readers of one
    group subscribe at once from `earliest`. TDengine rebalances them together, so no reader
    reads a vgroup that then moves to another, which would read it again."""
    db, name = f"py_{uuid.uuid4().hex[:12]}", f"tp_{uuid.uuid4().hex[:12]}"
    spawn = multiprocessing.get_context("spawn")
    for _ in range(2):
        conn.execute(f"DROP TOPIC IF EXISTS {name}")
        conn.execute(f"DROP DATABASE IF EXISTS {db}")
        conn.execute(f"CREATE DATABASE {db} VGROUPS 5")
        conn.execute(f"CREATE STABLE {db}.meters (ts TIMESTAMP, v INT) TAGS (gid INT)")
        conn.execute(f"CREATE TOPIC {name} AS SELECT ts, v FROM {db}.meters")
        insert_readings(conn, db, 0, 18)
        start, results = spawn.Barrier(3), spawn.Queue()
        readers = [spawn.Process(target=read_share, args=(tdlite, "g_together", name, start, results)) for _ in range(3)]
        for reader in readers:
            reader.start()
        read = [v for _ in readers for v in results.get(timeout=60)]
        for reader in readers:
            reader.join(timeout=10)
        assert sorted(read) == list(range(18)), "no row lost, none delivered twice"
