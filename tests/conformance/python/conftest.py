"""Fixtures for judging tdlite with TDengine's official Python WebSocket client (taos-ws-py).

One tdlite server runs for the whole session (in memory, on a port it picks itself); every
test creates its own databases with fresh names, so tests never see each other's data.
The server's log (TDLITE_LOG, default debug) goes to .cache/test-logs/tdlite-python.log.
"""

import ctypes
import faulthandler
import os
import pathlib
import re
import signal
import subprocess
import uuid

import pytest
import taosws

ROOT = pathlib.Path(__file__).resolve().parents[3]
BINARY = ROOT / "rust" / "target" / "release" / "tdlite"
LOG = ROOT / ".cache" / "test-logs" / "tdlite-python.log"
READY = re.compile(r"tdlite ready: listen=(\S+) ")
HANG_SECONDS = 300


def _stop_with_parent():
    """Runs in the forked child: SIGTERM it if pytest dies without stopping it (Linux)."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def run_tdlite(log_path, timezone):
    """Runs a tdlite in `timezone` logging to `log_path`, yields its address (host:port), and
    stops it with SIGTERM."""
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: run `cargo build --release -p tdlite` in {ROOT}")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, TDLITE_LOG=os.environ.get("TDLITE_LOG", "debug"))
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [BINARY, "--listen", "127.0.0.1:0", "--timezone", timezone],
            stdout=subprocess.PIPE, stderr=log, text=True, env=env,
            preexec_fn=_stop_with_parent,
        )
    ready = READY.match(server.stdout.readline())
    if not ready:
        server.kill()
        server.wait()
        pytest.fail(f"tdlite did not start; its log is {log_path}:\n{log_path.read_text()[-2000:]}")
    yield ready.group(1)
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        pytest.fail("tdlite did not stop within 10 s of SIGTERM")


@pytest.fixture(scope="session")
def tdlite():
    """The address of the session's tdlite, in UTC whatever the host's zone (tdlite's default),
    so the tests' time literals mean the same everywhere."""
    yield from run_tdlite(LOG, "UTC")


@pytest.fixture(autouse=True)
def hang_guard():
    """A test that hangs ends the run, printing every thread's stack, instead of blocking it
    forever: taosws keeps the GIL while it waits for a reply, so nothing in-process can
    interrupt it."""
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def url(tdlite):
    return f"ws://root:taosdata@{tdlite}"


@pytest.fixture
def conn(url):
    connection = taosws.connect(url)
    yield connection
    connection.close()


@pytest.fixture
def make_db(conn):
    """Creates a database with a fresh name (and the given precision) and returns the name."""

    def make(precision=None):
        name = f"py_{uuid.uuid4().hex[:12]}"
        conn.execute(f"CREATE DATABASE {name}" + (f" PRECISION '{precision}'" if precision else ""))
        return name

    return make


@pytest.fixture
def db(make_db):
    return make_db()


def pytest_terminal_summary(terminalreporter):
    if LOG.exists():
        terminalreporter.write_line(f"tdlite log: {LOG}")
