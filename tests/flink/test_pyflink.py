"""PyFlink: Table API jobs in Python with the connector jar in pipeline.jars. Needs the PyFlink
venv: run by scripts/test-pyflink.sh, which installs it."""

import os
import pathlib
import shutil

import pytest

import meters

pytest.importorskip("pyflink")
import pyflink_jobs  # noqa: E402 (needs pyflink)

LOGS = pathlib.Path(__file__).resolve().parents[2] / "target" / "pyflink"


@pytest.fixture(scope="module")
def pyflink_jvm():
    """What PyFlink's JVM, started with the first TableEnvironment, reads from the environment:
    where to put its log4j file, and a java.io.tmpdir of its own for the 40 MB planner jar
    Flink unpacks there (removed afterwards; the JVM keeps what it opened)."""
    tmp = LOGS / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    os.environ["FLINK_LOG_DIR"] = str(LOGS)
    os.environ["JVM_ARGS"] = f"-Djava.io.tmpdir={tmp}"
    yield
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def t_env(pyflink_jvm, connector_jar):
    return pyflink_jobs.table_environment(connector_jar)


def test_datagen_table_api_job(t_env, tmp_path):
    out = tmp_path / "readings_copy"
    assert pyflink_jobs.datagen_copy(t_env, 10, out) == [(10, 55)]
    ids = sorted(int(line.split(",")[0]) for part in out.rglob("*") if part.is_file() and not part.name.startswith(".")
                 for line in part.read_text().splitlines())
    assert ids == list(range(1, 11))


def test_tdengine_table_api_job(tdengine_factory, t_env, power_meters, tdlite):
    conn, rows, volts = power_meters
    totals = pyflink_jobs.tdengine_copy(t_env, tdlite)
    assert {location for location, _, _ in totals} == {"plant-0", "plant-1", "plant-2"}
    assert (sum(n for _, n, _ in totals), sum(v for _, _, v in totals)) == (rows, volts)
    assert meters.read(conn, "power_copy") == meters.read(conn, "power")
