"""Fixtures for running SQL on a real Flink session cluster assembled from PyPI.

Environment:
  TDFLINK_FLINK_VERSION  Flink version of the cluster (default 1.20.3)
  TDFLINK_CACHE          where scripts/flink-home.sh keeps downloads (default: the repo's .cache)
  TDFLINK_JAR            the connector jar under test (default: target/flink-connector-tdengine-*.jar)
  TDLITE_BIN             the tdlite binary (default: rust/target/release/tdlite)

Each session cluster gets a work directory under target/flink-sessions/ (configuration,
daemon and SQL-client logs, rendered scripts), kept after the run for inspection; tdlite logs
go to .cache/test-logs/.
"""

import contextlib
import os
import pathlib
import re
import string
import subprocess
import tempfile
import zipfile

import pytest

import cluster_jobs
import meters
from session_cluster import SessionCluster, stop_with_parent

ROOT = cluster_jobs.ROOT
SQL_DIR = pathlib.Path(__file__).resolve().parent / "sql"
FACTORY_SERVICE = "META-INF/services/org.apache.flink.table.factories.Factory"
TDLITE_READY = re.compile(r"tdlite ready: listen=(\S+) ")
LOGS = ROOT / ".cache" / "test-logs"


@pytest.fixture(scope="session")
def flink_version():
    return os.environ.get("TDFLINK_FLINK_VERSION", "1.20.3")


@pytest.fixture(scope="session")
def flink_home(flink_version):
    """FLINK_HOME of that version, downloaded and assembled on first use."""
    return cluster_jobs.flink_home(flink_version)


@pytest.fixture(scope="session")
def session_cluster(flink_home, flink_version):
    sessions = ROOT / "target" / "flink-sessions"
    sessions.mkdir(parents=True, exist_ok=True)
    work = tempfile.mkdtemp(prefix=f"{flink_version}-", dir=sessions)
    with SessionCluster(flink_home, work) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def connector_jar():
    try:
        return cluster_jobs.connector_jar()
    except RuntimeError as e:
        pytest.fail(str(e))


def tdflink_factories(jar):
    """The io.tdflink classes the jar registers with Flink's factory SPI (table and catalog
    factories alike)."""
    with zipfile.ZipFile(jar) as zf:
        if FACTORY_SERVICE not in zf.namelist():
            return []
        return [name for name in zf.read(FACTORY_SERVICE).decode().split() if name.startswith("io.tdflink.")]


@pytest.fixture(scope="session")
def tdengine_factory(connector_jar):
    """Skips a test of our SQL connector while the jar has no table factory yet."""
    if not tdflink_factories(connector_jar):
        pytest.skip(f"{connector_jar.name} registers no io.tdflink table factory")


@pytest.fixture(scope="session")
def tdengine_catalog(connector_jar):
    """Skips a test of the 'tdengine' catalog while the jar registers no catalog factory."""
    if not any("Catalog" in name for name in tdflink_factories(connector_jar)):
        pytest.skip(f"{connector_jar.name} registers no io.tdflink catalog factory")


@contextlib.contextmanager
def running_tdlite(name):
    """host:port of a fresh in-memory tdlite (it starts in milliseconds), logging to
    .cache/test-logs/tdlite-NAME.log; stopped when the block ends."""
    binary = pathlib.Path(os.environ.get("TDLITE_BIN", ROOT / "rust" / "target" / "release" / "tdlite"))
    if not binary.exists():
        pytest.fail(f"{binary} is missing: run `cargo build --release -p tdlite` in {ROOT}")
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"tdlite-{name}.log", "w") as log:
        # UTC whatever the host's zone (tdlite's default), so the tests' time literals are fixed.
        server = subprocess.Popen(stop_with_parent([binary, "--listen", "127.0.0.1:0", "--timezone", "UTC"]),
                                  stdout=subprocess.PIPE, stderr=log, text=True)
    ready = TDLITE_READY.match(server.stdout.readline())
    try:
        if not ready:
            pytest.fail(f"tdlite did not start; see {log.name}")
        yield ready.group(1)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def tdlite(request):
    """host:port of a fresh tdlite for one test."""
    with running_tdlite(request.node.name) as address:
        yield address


@pytest.fixture
def power_meters(tdlite):
    """tdlite loaded by meters.load; yields (taosws connection, rows, sum of voltage)."""
    taosws = pytest.importorskip("taosws")
    conn = taosws.connect(f"ws://root:taosdata@{tdlite}")
    yield (conn, *meters.load(conn))
    conn.close()


@pytest.fixture
def render_sql(session_cluster, request):
    """render_sql(NAME, VAR=value...) writes sql/NAME.sql with ${VAR}s filled in into the
    cluster's work directory and returns its path."""
    def render(name, **values):
        text = string.Template((SQL_DIR / f"{name}.sql").read_text()).substitute(values)
        path = session_cluster.work / f"{request.node.name}.sql"
        path.write_text(text)
        return path
    return render
