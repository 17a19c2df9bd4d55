"""The connector on real Flink session clusters (a JobManager and a TaskManager as separate
processes, FLINK_HOME assembled from PyPI), for each version of TDFLINK_CLUSTER_VERSIONS
(default 1.19.3, 1.20.3, 2.3.0): DataStream and SQL jobs submitted with `flink run`, with the
connector shaded into the job jar and with it in Flink's lib/; 20 jobs in a row on one
TaskManager with its threads and memory measured after each; cancel and resubmit; a job that
fails and restarts; a TaskManager killed mid-job. Every job's rows are checked in tdlite.

Measurements go to target/clusters/<version>.json (docs/clusters.md quotes them)."""

import json
import os
import tempfile

import pytest

import cluster_jobs as jobs
from conftest import ROOT, running_tdlite
from session_cluster import SessionCluster

taosws = pytest.importorskip("taosws")

VERSIONS = os.environ.get("TDFLINK_CLUSTER_VERSIONS", "1.19.3,1.20.3,2.3.0").split(",")
OUT = ROOT / "target" / "clusters"
SCHEMA = "(ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT) TAGS (location VARCHAR(24), groupid INT)"
COLUMNS = "ts, `current`, voltage, phase, location, groupid, tbname"
STANDARD_METRICS = {"numRecordsIn", "numBytesIn", "numRecordsSend", "numBytesSend", "numRecordsSendErrors", "currentSendTime"}
JOBS_IN_A_ROW = 20
WARM_UP_JOBS = 10
# RSS after a full GC grows by several MiB a job over the first ten to fifteen jobs (the JVM:
# code cache and metaspace of each job's classes, G1 regions; NMT's committed total stays
# flat), then levels within about +-10 MiB. The defect this guards against, a native runtime
# left behind per job, cost about 30 MiB and 5 threads a job; a library copy per job, 2.4 MiB
# (checked exactly, through library_copies).
MAX_GROWTH_MIB_PER_JOB = 8


def slope(values):
    """Least-squares growth per step of a series."""
    n = len(values)
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / sum((x - mean_x) ** 2 for x in range(n))


def generated_voltage(rows):
    """The voltage sum of GeneratedMetersJob's first `rows` rows (row i: 200 + i % 20)."""
    return sum(200 + i % 20 for i in range(rows))


@pytest.fixture(scope="module", params=VERSIONS)
def version(request):
    return request.param


@pytest.fixture(scope="module")
def home(version):
    return jobs.flink_home(version)


@pytest.fixture(scope="module")
def job_jars(connector_jar):
    return jobs.build_job_jars(connector_jar, ROOT / "target" / "cluster-jobs")


def _cluster(home, version, kind, **options):
    sessions = ROOT / "target" / "flink-sessions"
    sessions.mkdir(parents=True, exist_ok=True)
    return SessionCluster(home, tempfile.mkdtemp(prefix=f"{version}-{kind}-", dir=sessions), **options)


@pytest.fixture(scope="module")
def shaded_cluster(home, version):
    """A plain cluster; jobs bring the connector in their jar. The TaskManager touches its
    whole Java heap at start, so that later RSS growth is memory outside the heap."""
    with _cluster(home, version, "shaded", taskmanager_java_opts="-XX:+AlwaysPreTouch") as cluster:
        yield cluster


@pytest.fixture(scope="module")
def lib_cluster(home, version, connector_jar):
    """A cluster with the connector jar in lib/."""
    with _cluster(home, version, "lib", lib_jars=[connector_jar]) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def server(version):
    with running_tdlite(f"clusters-{version}") as address:
        yield address


class Databases:
    """Fresh databases of one test on the version's tdlite, each with supertables src and dst
    of the meters shape. A copy goes into another database: a subtable belongs to one
    supertable, so the same tbnames cannot name subtables of a second supertable."""

    def __init__(self, server, prefix):
        self.server = server
        self.prefix = prefix
        self.conn = taosws.connect(f"ws://root:taosdata@{server}")

    def create(self, suffix):
        """(name, JDBC URL with credentials) of a new database."""
        name = f"{self.prefix}_{suffix}"
        self.conn.execute(f"CREATE DATABASE {name}")
        for table in ("src", "dst"):
            self.conn.execute(f"CREATE STABLE {name}.{table} {SCHEMA}")
        return name, f"jdbc:TAOS-WS://{self.server}/{name}?user=root&password=taosdata"

    def count_and_voltage(self, table):
        return tuple(next(iter(self.conn.query(f"select count(*), sum(voltage) from {table}"))))

    def rows(self, table):
        return sorted(self.conn.query(f"select {COLUMNS} from {table}"))


@pytest.fixture
def dbs(server, request):
    prefix = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name).lower()[:40]
    databases = Databases(server, prefix)
    yield databases
    databases.conn.close()


def record(version, key, value):
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{version}.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[key] = value
    path.write_text(json.dumps(data, indent=2))


def sql_copy_script(path, source_url, target_url):
    """A SQL job copying src of one database into dst of another, credentials as options."""
    options = "'connector' = 'tdengine-connector', 'user' = 'root', 'password' = 'taosdata'"
    path.write_text(f"""
CREATE TABLE src (ts TIMESTAMP(3), `current` FLOAT, voltage INT, phase FLOAT, location STRING, groupid INT, tbname STRING)
WITH ({options}, 'td.jdbc.mode' = 'source', 'td.jdbc.url' = '{source_url.split('?')[0]}', 'scan.query' = 'select {COLUMNS} from src');
CREATE TABLE dst (ts TIMESTAMP(3), `current` FLOAT, voltage INT, phase FLOAT, location STRING, groupid INT, tbname STRING)
WITH ({options}, 'td.jdbc.mode' = 'sink', 'td.jdbc.url' = '{target_url.split('?')[0]}', 'sink.supertable.name' = 'dst');
INSERT INTO dst SELECT * FROM src;
""")
    return path


@pytest.mark.parametrize("packaging", ["shaded", "lib"])
def test_datastream_and_sql_jobs(packaging, request, job_jars, dbs):
    cluster = request.getfixturevalue(f"{packaging}_cluster")
    jar = job_jars[1] if packaging == "shaded" else job_jars[0]
    source, url = dbs.create("source")
    copy, copy_url = dbs.create("copy")
    by_sql, by_sql_url = dbs.create("sql")
    rows = 5000
    generated = jobs.run_job(cluster, jar, "GeneratedMetersJob", url=url, stable="src", rows=rows, parallelism=2)
    assert dbs.count_and_voltage(f"{source}.src") == (rows, generated_voltage(rows))

    copied = jobs.run_job(cluster, jar, "CopyMetersJob", url=url, toUrl=copy_url, splits=4, parallelism=2)
    assert dbs.rows(f"{copy}.dst") == dbs.rows(f"{source}.src")

    script = sql_copy_script(cluster.work / f"{by_sql}.sql", url, by_sql_url)
    jobs.run_job(cluster, jar, "SqlScriptJob", script=script, streaming="false")
    assert dbs.rows(f"{by_sql}.dst") == dbs.rows(f"{source}.src")
    states = cluster.jobs()
    assert states[generated][1] == states[copied][1] == "FINISHED"


def test_jobs_in_a_row_leave_nothing_behind(version, shaded_cluster, job_jars, dbs):
    """20 copies on one TaskManager, the connector shaded into each job's jar: each job's
    classloader loads the native library, all of them share one mapped copy, and the last
    release stops the runtime when the job ends. After warm-up the TaskManager's threads and
    memory (measured after a full GC) stay flat."""
    source, url = dbs.create("source")
    rows = 2000
    jobs.run_job(shaded_cluster, job_jars[1], "GeneratedMetersJob", url=url, stable="src", rows=rows)
    pid = shaded_cluster.taskmanager_pid
    samples = []
    for i in range(1, JOBS_IN_A_ROW + 1):
        copy, copy_url = dbs.create(f"copy{i}")
        jobs.run_job(shaded_cluster, job_jars[1], "CopyMetersJob", url=url, toUrl=copy_url, splits=4)
        assert dbs.count_and_voltage(f"{copy}.dst") == (rows, generated_voltage(rows)), f"job {i}"
        # The release hook runs when the TaskManager lets the job's classloader go.
        jobs.wait_for(lambda: jobs.process_stats(pid)["native_threads"] == 0, f"job {i}'s native threads to end", seconds=30)
        jobs.collect_garbage(pid)
        samples.append(dict(job=i, **jobs.process_stats(pid)))
    record(version, "jobs_in_a_row", samples)
    steady = samples[WARM_UP_JOBS:]
    threads = [s["threads"] for s in steady]
    assert max(threads) - min(threads) <= 6, f"TaskManager threads not flat after warm-up: {threads}"
    assert {s["library_copies"] for s in samples} == {1}, f"the library was mapped more than once: {samples}"
    rss = [s["rss_mib"] for s in steady]
    per_job = slope(rss)
    assert per_job <= MAX_GROWTH_MIB_PER_JOB, f"TaskManager RSS grew {per_job:.1f} MiB a job after warm-up: {rss}"


def test_cancel_and_resubmit(shaded_cluster, job_jars, dbs, server):
    source, _ = dbs.create("source")
    copy, copy_url = dbs.create("copy")
    dbs.conn.execute(f"CREATE TOPIC {source}_topic AS SELECT {COLUMNS} FROM {source}.src")

    def insert(first, rows):
        for device in range(5):
            values = " ".join(f"({1704067200000 + i * 1000}, 1.5, {200 + i % 20}, 0.5)" for i in range(first, first + rows))
            dbs.conn.execute(f"INSERT INTO {source}.m{device} USING {source}.src TAGS ('loc-{device}', {device}) VALUES {values}")

    def submit():
        return jobs.submit_job(shaded_cluster, job_jars[1], "CdcCopyJob", bootstrap=server, topic=f"{source}_topic", group=f"{source}_g",
                               url=copy_url, to="dst", checkpointMs=500)

    def copied():
        return dbs.count_and_voltage(f"{copy}.dst")[0]

    def cancel(job):
        shaded_cluster.rest(f"/jobs/{job}?mode=cancel", method="PATCH")
        jobs.wait_for(lambda: jobs.job_state(shaded_cluster, job) == "CANCELED", "the cancellation")

    insert(0, 200)
    first = submit()
    jobs.wait_for(lambda: copied() == 1000, "the first 1000 rows")
    cancel(first)
    insert(200, 200)  # while no job runs
    second = submit()
    jobs.wait_for(lambda: copied() == 2000, "the rows inserted while cancelled")
    insert(400, 200)
    jobs.wait_for(lambda: copied() == 3000, "rows inserted while the resubmitted job runs")
    cancel(second)
    assert dbs.rows(f"{copy}.dst") == dbs.rows(f"{source}.src")


def test_failing_job_restarts(shaded_cluster, job_jars, dbs):
    target, url = dbs.create("target")
    rows = 3000
    job = jobs.run_job(shaded_cluster, job_jars[1], "GeneratedMetersJob", url=url, stable="dst", rows=rows, failAt=1000, batchSize=100,
                       checkpointMs=200)
    assert dbs.count_and_voltage(f"{target}.dst") == (rows, generated_voltage(rows))
    assert "planned failure after 1000 rows" in json.dumps(shaded_cluster.rest(f"/jobs/{job}/exceptions"))


def test_taskmanager_killed_mid_job(version, shaded_cluster, job_jars, dbs):
    """The TaskManager's JVM is killed (SIGKILL) after checkpoints completed; a new one starts,
    the job restarts from its last checkpoint, and the table ends exactly as written once."""
    target, url = dbs.create("target")
    rows = 8000
    job = jobs.submit_job(shaded_cluster, job_jars[1], "GeneratedMetersJob", url=url, stable="dst", rows=rows, rate=400, batchSize=100,
                          checkpointMs=500, name="killed taskmanager")
    jobs.wait_for(lambda: shaded_cluster.rest(f"/jobs/{job}/checkpoints")["counts"]["completed"] >= 3, "three checkpoints")
    written_before = dbs.count_and_voltage(f"{target}.dst")[0]
    shaded_cluster.kill_taskmanager()
    shaded_cluster.start_taskmanager()
    jobs.wait_for(lambda: jobs.job_state(shaded_cluster, job) in ("FINISHED", "FAILED"), "the job to end", seconds=240)
    assert jobs.job_state(shaded_cluster, job) == "FINISHED"
    assert dbs.count_and_voltage(f"{target}.dst") == (rows, generated_voltage(rows))
    failures = shaded_cluster.rest(f"/jobs/{job}/exceptions")["exceptionHistory"]["entries"]
    assert failures, "the job did not see its TaskManager go"
    record(version, "taskmanager_killed", {"rows": rows, "written_before_kill": written_before, "failures": len(failures),
                                           "first_failure": failures[-1]["exceptionName"]})


def test_metrics_through_rest(version, shaded_cluster, job_jars, dbs, server):
    """A CDC job into a sink reports Flink's standard connector metrics and TDengine's own
    through the REST API, as the web UI shows them."""
    source, _ = dbs.create("source")
    copy, copy_url = dbs.create("copy")
    dbs.conn.execute(f"CREATE TOPIC {source}_topic AS SELECT {COLUMNS} FROM {source}.src")
    rows = 500
    for device in range(2):
        values = " ".join(f"({1704067200000 + i * 1000}, 1.5, {200 + i % 20}, 0.5)" for i in range(rows // 2))
        dbs.conn.execute(f"INSERT INTO {source}.m{device} USING {source}.src TAGS ('loc-{device}', {device}) VALUES {values}")
    job = jobs.submit_job(shaded_cluster, job_jars[1], "CdcCopyJob", bootstrap=server, topic=f"{source}_topic", group=f"{source}_g",
                          url=copy_url, to="dst", checkpointMs=500, batchSize=100)
    try:
        jobs.wait_for(lambda: dbs.count_and_voltage(f"{copy}.dst")[0] == rows, "the rows copied")

        def settled():
            values = jobs.metrics_of(shaded_cluster, job)
            ready = all(any(k.endswith(name) for k in values) for name in ("numRecordsSend", "tdengine.lag", "tdengine.batchRows"))
            return values if ready and jobs.metric(values, "numRecordsSend") >= rows and jobs.metric(values, "tdengine.lag") == 0 else None
        values = jobs.wait_for(settled, "the metrics to show every row", seconds=60)
        assert jobs.metric(values, "Source__tdengine_cdc.numRecordsIn") >= rows
        assert jobs.metric(values, "Source__tdengine_cdc.numBytesIn") > 0
        assert jobs.metric(values, "numBytesSend") > 0
        assert jobs.metric(values, "numRecordsSendErrors") == 0
        assert jobs.metric(values, "currentSendTime") >= 0
        assert jobs.metric(values, "Source__tdengine_cdc.tdengine.reconnects") == 0
        assert jobs.metric(values, "tdengine_sink__Writer.tdengine.reconnects") == 0
        assert 0 < jobs.metric(values, "tdengine_sink__Writer.tdengine.batchRows") <= 100
        assert jobs.metric(values, "tdengine_sink__Writer.tdengine.flushLatencyMs") >= 0
        assert jobs.metric(values, "Source__tdengine_cdc.tdengine.nativeMemoryBytes") > 0
        assert any(".tdengine.vgroup." in k and k.endswith(".lag") for k in values), sorted(values)
        record(version, "metrics", {k: v for k, v in values.items() if "tdengine" in k or k.split(".")[-1] in STANDARD_METRICS})
    finally:
        shaded_cluster.rest(f"/jobs/{job}?mode=cancel", method="PATCH")
        jobs.wait_for(lambda: jobs.job_state(shaded_cluster, job) == "CANCELED", "the cancellation")
