"""The server's time zone seen through TDengine's official Python WebSocket client (taos-ws-py):
a connection that sets no zone of its own gets the server's, as TDengine's `timezone` setting
gives it to such sessions: time literals without an offset are read in it and TIMEZONE()
names it. The expectations are TDengine's documented behaviour, never tdlite's.

Client facts: taosws.connect(url) sends no `tz` in `conn` unless the URL asks for one; a
cursor's fetchall() gives a millisecond TIMESTAMP as an aware datetime.
"""

import datetime
import uuid

import pytest
import taosws

from conftest import LOG, run_tdlite


@pytest.fixture(scope="module")
def tdlite_in_shanghai():
    yield from run_tdlite(LOG.with_name("tdlite-python-shanghai.log"), "Asia/Shanghai")


def test_a_connection_without_a_zone_uses_the_servers(tdlite_in_shanghai):
    conn = taosws.connect(f"ws://root:taosdata@{tdlite_in_shanghai}")
    cursor = conn.cursor()

    def rows(sql):
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]

    try:
        db = f"py_{uuid.uuid4().hex[:12]}"
        conn.execute(f"CREATE DATABASE {db}")
        conn.execute(f"CREATE TABLE {db}.t (ts TIMESTAMP, v INT)")
        conn.execute(f"INSERT INTO {db}.t VALUES ('2024-01-01 10:00:00', 1)")
        [(ts,)] = rows(f"SELECT ts FROM {db}.t")
        assert ts.astimezone(datetime.timezone.utc) == datetime.datetime(2024, 1, 1, 2, tzinfo=datetime.timezone.utc)
        [(count,)] = rows(f"SELECT COUNT(*) FROM {db}.t WHERE ts = '2024-01-01 10:00:00'")
        assert count == 1
        [(zone,)] = rows("SELECT TIMEZONE()")
        assert zone == "Asia/Shanghai"
    finally:
        conn.close()
