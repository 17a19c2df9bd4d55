"""TDengine's official Python WebSocket client, taos-ws-py 0.7.0 (`taosws`), against tdlite.

Every type goes in by SQL, by stmt2 and (where this client's stmt v1 can carry it) by stmt v1,
and comes back through both read paths of the client: iterating `conn.query(...)` and a PEP 249
cursor. The expectations are TDengine's documented behaviour, never tdlite's.

Client facts the suite relies on (taos-connector-python, taos-ws-py/src/lib.rs, common.rs,
cursor.rs; the Rust `taos` crate underneath):
- an error carries the server's code only in its text: "[0x2603] Table does not exist";
- conn.query() shows a TIMESTAMP as chrono's text of the local time
  ("2023-11-14 22:13:20.123 +00:00"); a cursor returns an aware datetime for ms and us and the
  raw integer for ns;
- cursor.execute() runs str.format() over the SQL, so braces in it must be doubled;
- stmt v1 sets tags as JSON, where the client renders VARBINARY and GEOMETRY as a debug list
  (a client bug), and json_to_tag() wraps the text as a JSON *string*, which stmt2 sends quoted
  and TDengine rejects ("json error invalide value"). So JSON tags go in by SQL and stmt v1,
  VARBINARY/GEOMETRY tags by SQL and stmt2. DECIMAL is never a tag type in TDengine.
"""

import multiprocessing
import re
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
import taosws


@dataclass(frozen=True)
class Sample:
    value: object
    sql: str = None  # the SQL literal, when it is not derived from the value


class Kind:
    """A TDengine type: its SQL, what a result reports for it, sample values, taosws binders."""

    def __init__(self, name, sql_type, code, length, column, tag, *samples):
        self.name, self.sql_type = name, sql_type
        self.code, self.length = code, length  # fields_types and fields_lengths of a result
        self.column, self.tag = column, tag  # taosws *_to_column / *_to_tag, None if not allowed
        self.samples = [s if isinstance(s, Sample) else Sample(s) for s in samples]

    def __str__(self):
        return self.name


def point(x, y):
    """GEOMETRY travels as WKB; TDengine answers little-endian WKB."""
    return struct.pack("<BIdd", 1, 1, x, y)


FLT_MAX = 3.4028234663852886e38
DBL_MAX = 1.7976931348623157e308

# Extremes first, so every type's limits are checked on every path.
KINDS = [
    Kind("bool", "BOOL", 1, 1, taosws.bools_to_column, taosws.bool_to_tag, True, False),
    Kind("tinyint", "TINYINT", 2, 1, taosws.tiny_ints_to_column, taosws.tiny_int_to_tag, 127, -128),
    Kind("smallint", "SMALLINT", 3, 2, taosws.small_ints_to_column, taosws.small_int_to_tag, 32767, -32768),
    Kind("int", "INT", 4, 4, taosws.ints_to_column, taosws.int_to_tag, 2**31 - 1, -(2**31)),
    Kind("bigint", "BIGINT", 5, 8, taosws.big_ints_to_column, taosws.big_int_to_tag, 2**63 - 1, -(2**63)),
    Kind(
        "tinyint_unsigned", "TINYINT UNSIGNED", 11, 1,
        taosws.unsigned_tiny_ints_to_column, taosws.u_tiny_int_to_tag, 255, 0,
    ),
    Kind(
        "smallint_unsigned", "SMALLINT UNSIGNED", 12, 2,
        taosws.unsigned_small_ints_to_column, taosws.u_small_int_to_tag, 65535, 0,
    ),
    Kind(
        "int_unsigned", "INT UNSIGNED", 13, 4,
        taosws.unsigned_ints_to_column, taosws.u_int_to_tag, 4294967295, 0,
    ),
    Kind(
        "bigint_unsigned", "BIGINT UNSIGNED", 14, 8,
        taosws.unsigned_big_ints_to_column, taosws.u_big_int_to_tag, 18446744073709551615, 0,
    ),
    Kind("float", "FLOAT", 6, 4, taosws.floats_to_column, taosws.float_to_tag, FLT_MAX, -FLT_MAX, -1.5),
    Kind("double", "DOUBLE", 7, 8, taosws.doubles_to_column, taosws.double_to_tag, DBL_MAX, -DBL_MAX, 0.1),
    Kind(
        "varchar", "VARCHAR(16)", 8, 16, taosws.varchar_to_column, taosws.varchar_to_tag,
        "hello, world 16b", "", "涛思 café",
    ),
    Kind("nchar", "NCHAR(8)", 10, 8, taosws.nchar_to_column, taosws.nchar_to_tag, "涛思数据😀éß!", "a'b"),
    Kind(
        "varbinary", "VARBINARY(8)", 16, 8, taosws.varbinary_to_column, taosws.varbinary_to_tag,
        b"\x00\xff\x10\x80\x01\x02\x03\x04", b"\x00",
    ),
    Kind(
        "geometry", "GEOMETRY(32)", 20, 32, taosws.geometry_to_column, taosws.geometry_to_tag,
        Sample(point(1, 2), "'POINT(1 2)'"), Sample(point(-0.5, 100), "'POINT(-0.5 100)'"),
    ),
    Kind(
        "decimal64", "DECIMAL(18,4)", 21, 8, taosws.decimal64_to_column, None,
        Decimal("99999999999999.9999"), Decimal("-0.0001"),
    ),
    Kind(
        "decimal", "DECIMAL(38,10)", 17, 16, taosws.decimal_to_column, None,
        Decimal("9999999999999999999999999999.9999999999"), Decimal("-1234567890123456789012345678.0123456789"),
    ),
]
KIND = {kind.name: kind for kind in KINDS}
# TDengine keeps a JSON tag with its keys sorted and prints it compactly (tTagNew, cJSON_PrintUnformatted).
JSON = Kind(
    "json", "JSON", 15, 4095, None, taosws.json_to_tag,
    Sample('{"k1":"v1","k2":2}', sql="""'{ "k2": 2, "k1": "v1" }'"""), '{"name":"涛思"}',
)

TICKS_PER_SECOND = {"ms": 10**3, "us": 10**6, "ns": 10**9}
BASE = {"ms": 1_700_000_000_123, "us": 1_700_000_000_123_456, "ns": 1_700_000_000_123_456_789}
TS_COLUMN = {
    "ms": taosws.millis_timestamps_to_column,
    "us": taosws.micros_timestamps_to_column,
    "ns": taosws.nanos_timestamps_to_column,
}
PY_PRECISION = {
    "ms": taosws.PyPrecision.Milliseconds,
    "us": taosws.PyPrecision.Microseconds,
    "ns": taosws.PyPrecision.Nanoseconds,
}
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def timestamp_kind(precision):
    return Kind(
        "timestamp", "TIMESTAMP", 9, 8,
        TS_COLUMN[precision], lambda ticks: taosws.timestamp_to_tag(ticks, PY_PRECISION[precision]),
    )


def value(sample):
    return None if sample is None else sample.value


def literal(sample):
    """A sample as SQL text."""
    if sample is None:
        return "NULL"
    if sample.sql is not None:
        return sample.sql
    v = sample.value
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, bytes):
        return f"'\\x{v.hex()}'"
    if isinstance(v, str):
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return str(v)


# ---------------------------------------------------------------------------------------------
# Reading: both paths of the client, compared with their types (True == 1 in Python).


def read_by_query(conn, sql):
    return [tuple(row) for row in conn.query(sql)]


def read_by_cursor(conn, sql):
    cursor = conn.cursor()
    try:
        cursor.execute(sql.replace("{", "{{").replace("}", "}}"))
        return [tuple(row) for row in cursor.fetchall()]
    finally:
        cursor.close()


READ_PATHS = {"query": read_by_query, "cursor": read_by_cursor}


def typed(rows):
    return [tuple((type(v).__name__, v) for v in row) for row in rows]


def assert_read(conn, sql, expected):
    """`expected` is the rows both paths must return, or a dict of rows per path."""
    if not isinstance(expected, dict):
        expected = dict.fromkeys(READ_PATHS, expected)
    got = {path: typed(read(conn, sql)) for path, read in READ_PATHS.items()}
    assert got == {path: typed(rows) for path, rows in expected.items()}


def as_text(ticks, precision):
    """A TIMESTAMP as conn.query() shows it: chrono's Display of the local date and time."""
    seconds, fraction = divmod(ticks, TICKS_PER_SECOND[precision])
    nanos = fraction * (10**9 // TICKS_PER_SECOND[precision])
    local = datetime.fromtimestamp(seconds, timezone.utc).astimezone()
    text = local.strftime("%Y-%m-%d %H:%M:%S")
    if nanos:
        digits = 3 if nanos % 10**6 == 0 else 6 if nanos % 10**3 == 0 else 9
        text += "." + f"{nanos:09d}"[:digits]
    offset = local.strftime("%z")
    return f"{text} {offset[:3]}:{offset[3:]}"


def as_python(ticks, precision):
    """A TIMESTAMP as a cursor returns it: an aware datetime for ms and us, the integer for ns."""
    if precision == "ns":
        return ticks
    return EPOCH + timedelta(microseconds=ticks * (1000 if precision == "ms" else 1))


TIMESTAMP_AS = {"query": as_text, "cursor": as_python}


# ---------------------------------------------------------------------------------------------
# Writing: one shape for every insert path. Rows go into table `t`, or, when the target has a
# tag type, into children of `stb` that the insert itself creates (`INSERT INTO ... USING`).


@dataclass
class Target:
    url: str
    db: str
    column: Kind
    tag: Kind = None
    precision: str = "ms"

    def create(self, conn):
        columns = f"(ts TIMESTAMP, v {self.column.sql_type})"
        if self.tag:
            conn.execute(f"CREATE STABLE {self.db}.stb {columns} TAGS (tg {self.tag.sql_type})")
        else:
            conn.execute(f"CREATE TABLE {self.db}.t {columns}")

    @property
    def source(self):
        return f"{self.db}.stb" if self.tag else f"{self.db}.t"


@dataclass
class Batch:
    table: str
    rows: list  # (timestamp ticks, Sample or None)
    tag: Sample = None


def insert_by_sql(conn, target, batches):
    affected = 0
    for batch in batches:
        using = f" USING {target.db}.stb TAGS ({literal(batch.tag)})" if target.tag else ""
        values = " ".join(f"({ts}, {literal(sample)})" for ts, sample in batch.rows)
        affected += conn.execute(f"INSERT INTO {target.db}.{batch.table}{using} VALUES {values}")
    return affected


def prepared_insert(target):
    into = f"? USING {target.db}.stb TAGS (?)" if target.tag else f"{target.db}.t"
    return f"INSERT INTO {into} VALUES (?, ?)"


def bound_columns(target, batch):
    return [
        TS_COLUMN[target.precision]([ts for ts, _ in batch.rows]),
        target.column.column([value(sample) for _, sample in batch.rows]),
    ]


def insert_by_stmt2(conn, target, batches):
    stmt = conn.stmt2_statement()
    stmt.prepare(prepared_insert(target))
    stmt.bind([
        taosws.stmt2_bind_param_view(
            f"{target.db}.{batch.table}" if target.tag else None,
            [target.tag.tag(value(batch.tag))] if target.tag else None,
            bound_columns(target, batch),
        )
        for batch in batches
    ])
    affected = stmt.execute()
    stmt.close()
    return affected


STMT1_TIMEOUT = 10


def insert_by_stmt1(conn, target, batches):
    """stmt v1 runs in a child process. When a stmt v1 prepare fails, this client cannot parse
    the error reply (it has no `is_insert`, taos-ws src/stmt/messages.rs): its reader task panics
    and the caller waits forever holding the GIL, so only a process can be given up on.
    TDengine's stmt v1 prepare only keeps the SQL and the database it names (clientStmt.c
    stmtPrepare), so against TDengine these prepares do not fail."""
    kinds = (target.column.name, target.tag.name if target.tag else None)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        job = pool.apply_async(stmt1_in_child, (target.url, target.db, target.precision, *kinds, batches))
        try:
            error, affected = job.get(timeout=STMT1_TIMEOUT)
        except multiprocessing.TimeoutError:
            pytest.fail(f"stmt v1 hung for {STMT1_TIMEOUT} s (taosws hangs when a stmt v1 prepare fails)", pytrace=False)
    if error:
        raise taosws.Error(error)
    return affected


def stmt1_in_child(url, db, precision, column, tag, batches):
    kinds = {**KIND, "json": JSON, "timestamp": timestamp_kind(precision)}
    target = Target(url, db, kinds[column], tag and kinds[tag], precision)
    conn = taosws.connect(url)
    try:
        return None, stmt1_insert(conn, target, batches)
    except taosws.Error as error:
        return str(error), None
    finally:
        conn.close()


def stmt1_insert(conn, target, batches):
    stmt = conn.statement()
    stmt.prepare(prepared_insert(target))
    for batch in batches:
        if target.tag:
            stmt.set_tbname_tags(f"{target.db}.{batch.table}", [target.tag.tag(value(batch.tag))])
        stmt.bind_param(bound_columns(target, batch))
        stmt.add_batch()
    affected = stmt.execute()
    stmt.close()
    return affected


INSERTERS = {"sql": insert_by_sql, "stmt2": insert_by_stmt2, "stmt1": insert_by_stmt1}

# What stmt v1 is exercised with: the types taosAdapter converts from its JSON tags and
# raw-block binds (controller/ws/stmt/convert.go), minus what the client cannot send.
STMT1_TYPES = {
    "bool", "tinyint", "smallint", "int", "bigint", "tinyint_unsigned", "smallint_unsigned",
    "int_unsigned", "bigint_unsigned", "float", "double", "varchar", "nchar", "json", "timestamp",
}


def carries(method, kind, as_tag):
    if method == "stmt1" and kind.name not in STMT1_TYPES:
        return False
    if as_tag:
        return kind.tag is not None and not (method == "stmt2" and kind is JSON)
    return kind.column is not None


def cases(kinds, as_tag):
    return [
        pytest.param(method, kind, id=f"{method}-{kind}")
        for method in INSERTERS
        for kind in kinds
        if carries(method, kind, as_tag)
    ]


# ---------------------------------------------------------------------------------------------
# Connecting


def connect_by_url(addr, password, database=None):
    return taosws.connect(f"ws://root:{password}@{addr}" + (f"/{database}" if database else ""))


def connect_by_keywords(addr, password, database=None):
    host, port = addr.rsplit(":", 1)
    extra = {"database": database} if database else {}
    return taosws.connect(host=host, port=int(port), user="root", password=password, **extra)


CONNECTS = {"url": connect_by_url, "keywords": connect_by_keywords}


def error_code(error):
    """taosws keeps the server's code only in the message: "[0x2603] Table does not exist"."""
    found = re.search(r"\[0x([0-9A-Fa-f]{4})\]", str(error))
    assert found, f"no error code in {error!r}"
    return int(found.group(1), 16)


@pytest.mark.parametrize("form", CONNECTS)
def test_connect_with_default_database(tdlite, db, form):
    conn = CONNECTS[form](tdlite, "taosdata", database=db)
    try:
        assert conn.execute("CREATE TABLE t (ts TIMESTAMP, v INT)") == 0
        assert conn.execute(f"INSERT INTO t VALUES ({BASE['ms']}, 7)") == 1
        assert read_by_query(conn, "SELECT v FROM t") == [(7,)]
    finally:
        conn.close()


@pytest.mark.parametrize("form", CONNECTS)
def test_wrong_password_is_0x0357(tdlite, form):
    with pytest.raises(taosws.Error) as failure:
        CONNECTS[form](tdlite, "not-the-password")
    assert error_code(failure.value) == 0x0357


def test_server_version(conn):
    [(version,)] = read_by_query(conn, "SELECT SERVER_VERSION()")
    assert re.fullmatch(r"3(\.\d+){3}", version)


# ---------------------------------------------------------------------------------------------
# Values of every type, by every insert path, through both read paths


@pytest.mark.parametrize("kind", KINDS, ids=str)
def test_result_metadata(conn, db, kind):
    """Type codes and user-facing widths (fields_types, fields_lengths) in cursor.description."""
    conn.execute(f"CREATE TABLE {db}.t (ts TIMESTAMP, v {kind.sql_type})")
    cursor = conn.cursor()
    cursor.execute(f"SELECT * FROM {db}.t")
    description = [tuple(field) for field in cursor.description]
    cursor.close()
    assert description == [("ts", 9, 8), ("v", kind.code, kind.length)]


@pytest.mark.parametrize("tag", [None, KIND["int"]], ids=["table", "child"])
@pytest.mark.parametrize("method, kind", cases(KINDS, as_tag=False))
def test_column_values(conn, url, db, method, kind, tag):
    """Into a normal table, or a child table created by the insert (supertable storage)."""
    target = Target(url, db, kind, tag)
    target.create(conn)
    samples = kind.samples + [None]
    rows = [(BASE["ms"] + i, sample) for i, sample in enumerate(samples)]
    batch = Batch("c0", rows, Sample(0)) if tag else Batch("t", rows)
    assert INSERTERS[method](conn, target, [batch]) == len(rows)
    assert_read(conn, f"SELECT v FROM {target.source} ORDER BY ts", [(value(sample),) for sample in samples])


@pytest.mark.parametrize("method, kind", cases(KINDS + [JSON], as_tag=True))
def test_tag_values_with_subtable_auto_create(conn, url, db, method, kind):
    target = Target(url, db, KIND["int"], tag=kind)
    target.create(conn)
    samples = kind.samples + [None]
    batches = [Batch(f"c{i}", [(BASE["ms"] + i, Sample(i))], tag) for i, tag in enumerate(samples)]
    assert INSERTERS[method](conn, target, batches) == len(batches)
    assert_read(
        conn,
        f"SELECT tbname, tg, v FROM {target.source} ORDER BY ts",
        [(f"c{i}", value(tag), i) for i, tag in enumerate(samples)],
    )


@pytest.mark.parametrize("precision", TICKS_PER_SECOND)
@pytest.mark.parametrize("method", INSERTERS)
def test_timestamps_at_each_precision(conn, url, make_db, method, precision):
    kind = timestamp_kind(precision)
    target = Target(url, make_db(precision), kind, tag=kind, precision=precision)
    target.create(conn)
    base = BASE[precision]
    rows = [(base, Sample(base - 1)), (base + 1, Sample(0)), (base + 2, None)]
    assert INSERTERS[method](conn, target, [Batch("c0", rows, Sample(base + 7))]) == len(rows)
    ticks = [(base, base - 1, base + 7), (base + 1, 0, base + 7), (base + 2, None, base + 7)]
    assert_read(
        conn,
        f"SELECT ts, v, tg FROM {target.source} ORDER BY ts",
        {
            path: [tuple(None if t is None else show(t, precision) for t in row) for row in ticks]
            for path, show in TIMESTAMP_AS.items()
        },
    )


def test_stmt2_query_with_parameters(conn, db):
    base = BASE["ms"]
    conn.execute(f"CREATE TABLE {db}.t (ts TIMESTAMP, v INT, s VARCHAR(8))")
    conn.execute(f"INSERT INTO {db}.t VALUES ({base}, 1, 'a') ({base + 1}, 2, 'b') ({base + 2}, 3, 'b')")
    stmt = conn.stmt2_statement()
    stmt.prepare(f"SELECT v, s FROM {db}.t WHERE ts >= ? AND v < ? AND s = ? ORDER BY ts")
    # The same statement, bound and run twice.
    for min_ts, max_v, s, expected in [(base, 9, "b", [(2, "b"), (3, "b")]), (base + 2, 3, "b", [])]:
        params = [
            taosws.millis_timestamps_to_column([min_ts]),
            taosws.ints_to_column([max_v]),
            taosws.varchar_to_column([s]),
        ]
        stmt.bind([taosws.stmt2_bind_param_view(None, None, params)])
        stmt.execute()
        assert typed(stmt.result_set()) == typed(expected)
    stmt.close()


# ---------------------------------------------------------------------------------------------
# Error codes


def run_by_execute(conn, sql):
    conn.execute(sql)


SQL_PATHS = {"execute": run_by_execute, **READ_PATHS}


@pytest.mark.parametrize("path", SQL_PATHS)
@pytest.mark.parametrize(
    "sql, code",
    [
        pytest.param("SELEKT * FROM {db}.t", 0x2600, id="syntax-error"),
        pytest.param("SELECT * FROM {db}.no_such_table", 0x2603, id="select-missing-table"),
        pytest.param("INSERT INTO {db}.no_such_table VALUES (1700000000000, 1)", 0x2603, id="insert-missing-table"),
    ],
)
def test_error_codes(conn, db, sql, code, path):
    with pytest.raises(taosws.Error) as failure:
        SQL_PATHS[path](conn, sql.format(db=db))
    assert error_code(failure.value) == code
