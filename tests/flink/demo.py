"""The README demo: a real pipeline on a local Flink session cluster against tdlite.

    .cache/venv/bin/python tests/flink/demo.py [--devices 1000] [--rows-per-device 10000] ...

1. tdlite starts; a sink job (flink run) loads DEVICES smart meters x ROWS_PER_DEVICE readings
   (10 M by default) into power.meters;
2. a CDC job in SQL follows power.live, where new readings arrive, into power_live.meters;
3. the report job reads power.meters in time splits, aggregates per location and hour and writes
   power.location_hourly, while new readings are inserted live into power.live;
4. a summary table, a sample of the report and a chart (PNG) of rows per second; everything the
   demo started is stopped.

Progress comes from the jobs' metrics, through the cluster's REST API. scripts/demo.sh does the
set-up and the build first; tests/flink/test_demo.py runs a small demo in the test suite.
"""

import argparse
import json
import pathlib
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import cluster_jobs as jobs  # noqa: E402
from conftest import ROOT, running_tdlite  # noqa: E402
from session_cluster import SessionCluster  # noqa: E402

SCHEMA = "(ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT) TAGS (location VARCHAR(24), groupid INT)"
HOURLY = "(ts TIMESTAMP, readings BIGINT, avg_voltage DOUBLE, max_current FLOAT) TAGS (location VARCHAR(24))"
COLUMNS = "ts, `current`, voltage, phase, location, groupid, tbname"


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--rows-per-device", type=int, default=10_000, help="one reading a second per device")
    parser.add_argument("--live-rows-per-second", type=int, default=2000, help="inserted while the report runs")
    parser.add_argument("--parallelism", type=int, default=2)
    parser.add_argument("--flink-version", default="1.20.3")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "target" / "demo", help="summary.json and throughput.png")
    return parser.parse_args(argv)


class Progress:
    """Samples a running job's rows through REST every interval; prints and keeps them."""

    def __init__(self, cluster, started, interval=2.0):
        self.cluster = cluster
        self.started = started
        self.interval = interval
        self.series = {}  # label -> [(seconds since start, rows)]

    def follow(self, label, job, metric, until, extra=lambda: "", seconds=3600, final=None):
        """Samples `metric` (summed over subtasks) of `job` until until() is true, then takes
        final() if given (a finished job's metrics are gone from REST); fails if the job fails
        or `seconds` pass."""
        points = self.series.setdefault(label, [])
        rate = 0
        deadline = time.monotonic() + seconds
        while True:
            done = until()
            state = jobs.job_state(self.cluster, job)
            if state in ("FAILED", "CANCELED") or time.monotonic() > deadline:
                raise RuntimeError(f"{label}: the job is {state}:\n{json.dumps(self.cluster.rest(f'/jobs/{job}/exceptions'))[:3000]}")
            if done and final is not None:
                rows = final()
            else:
                try:
                    rows = jobs.metric_sum(jobs.metrics_of(self.cluster, job), metric)
                except OSError:
                    rows = points[-1][1] if points else 0  # the job just ended
            now = time.monotonic() - self.started
            # REST serves metrics from a cache: an unchanged value is no new sample (the chart
            # would dip to 0 and jump back), and the rate shown is the last one measured.
            if not points or rows != points[-1][1] or done:
                rate = (rows - points[-1][1]) / (now - points[-1][0]) if points and now > points[-1][0] else 0
                points.append((now, rows))
            print(f"[{now:6.1f} s] {label}: {int(rows):>12,} rows  {rate:>10,.0f} rows/s{extra()}", flush=True)
            if done:
                return
            time.sleep(self.interval)


class LiveInserter(threading.Thread):
    """Inserts new readings of the demo's devices into power.live at a steady rate, until stopped."""

    def __init__(self, conn, devices, first_second, rows_per_second):
        super().__init__(daemon=True)
        self.conn, self.devices, self.second, self.rate = conn, devices, first_second, rows_per_second
        self.inserted = 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            tick = time.monotonic()
            rows = {}
            for i in range(self.rate):
                ts = jobs_start_ms() + (self.second + i // self.devices) * 1000
                rows.setdefault(i % self.devices, []).append(f"({ts}, {i % 100 / 10}, {200 + i % 20}, 0.5)")
            self.conn.execute("INSERT INTO " + " ".join(f"power.l{device} USING power.live TAGS ('location-{device % 10}', {device % 10}) VALUES {' '.join(values)}"
                                                        for device, values in rows.items()))
            self.inserted += self.rate
            self.second += max(1, self.rate // self.devices)
            self.stopping.wait(max(0.0, 1.0 - (time.monotonic() - tick)))


def jobs_start_ms():
    return 1_704_067_200_000  # GeneratedMetersJob.START: 2024-01-01T00:00:00Z


def wait_state(cluster, job, states, seconds=3600):
    return jobs.wait_for(lambda: jobs.job_state(cluster, job) in states, f"job {job} to reach {states}", seconds=seconds)


def cdc_script(path, server):
    options = "'connector' = 'tdengine-connector', 'user' = 'root', 'password' = 'taosdata'"
    columns = "ts TIMESTAMP(3), `current` FLOAT, voltage INT, phase FLOAT, location STRING, groupid INT, tbname STRING"
    # The sink writes a partial batch at each checkpoint.
    path.write_text(f"""
SET 'execution.checkpointing.interval' = '1s';
CREATE TABLE live ({columns}) WITH ({options}, 'td.jdbc.mode' = 'cdc', 'bootstrap.servers' = '{server}', 'topic' = 'live_readings',
    'group.id' = 'demo', 'auto.offset.reset' = 'earliest', 'poll.interval_ms' = '100');
CREATE TABLE live_copy ({columns}) WITH ({options}, 'td.jdbc.mode' = 'sink', 'td.jdbc.url' = 'jdbc:TAOS-WS://{server}/power_live',
    'sink.supertable.name' = 'meters');
INSERT INTO live_copy SELECT * FROM live;
""")
    return path


def chart(series, path):
    """Rows per second of each job over the demo's time, as a PNG."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=110)
    for label, points in series.items():
        times = [t for t, _ in points[1:]]
        rates = [(r1 - r0) / (t1 - t0) if t1 > t0 else 0 for (t0, r0), (t1, r1) in zip(points, points[1:])]
        ax.plot(times, rates, "o-", markersize=3, label=label)
    ax.set_xlabel("seconds since the demo started")
    ax.set_ylabel("rows per second")
    ax.set_title("tdflink demo: rows per second per job")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def demo(args):
    import taosws

    args.out.mkdir(parents=True, exist_ok=True)
    home = pathlib.Path(jobs.flink_home(args.flink_version))
    connector = jobs.connector_jar()
    plain, shaded = jobs.build_job_jars(connector, ROOT / "target" / "cluster-jobs")
    total = args.devices * args.rows_per_device
    summary = {"devices": args.devices, "rows_loaded": total}
    sessions = ROOT / "target" / "flink-sessions"
    sessions.mkdir(parents=True, exist_ok=True)
    # Slots for the report job and, beside it, the CDC job.
    slots = args.parallelism + 1
    with running_tdlite("demo") as server, SessionCluster(home, tempfile.mkdtemp(prefix="demo-", dir=sessions), task_slots=slots) as cluster:
        print(f"tdlite on {server}; Flink {args.flink_version} session cluster, web UI {cluster.rest_url}", flush=True)
        conn = taosws.connect(f"ws://root:taosdata@{server}")
        for db in ("power", "power_live"):
            conn.execute(f"CREATE DATABASE {db} VGROUPS 4")
        for table, schema in (("power.meters", SCHEMA), ("power.live", SCHEMA), ("power_live.meters", SCHEMA), ("power.location_hourly", HOURLY)):
            conn.execute(f"CREATE STABLE {table} {schema}")
        conn.execute(f"CREATE TOPIC live_readings AS SELECT {COLUMNS} FROM power.live")
        url = f"jdbc:TAOS-WS://{server}/power?user=root&password=taosdata"
        started = time.monotonic()
        progress = Progress(cluster, started)

        print(f"\n1. loading {total:,} readings of {args.devices} meters (GeneratedMetersJob, flink run)", flush=True)
        t0 = time.monotonic()
        load = jobs.submit_job(cluster, shaded, "GeneratedMetersJob", url=url, stable="meters", rows=total, devices=args.devices,
                               parallelism=args.parallelism, batchSize=10_000, checkpointMs=10_000, name="load meters")
        def loaded():
            return next(iter(conn.query("select count(*) from power.meters")))[0]
        progress.follow("load", load, "numRecordsSend", lambda: jobs.job_state(cluster, load) == "FINISHED", final=loaded)
        summary["load_seconds"] = round(time.monotonic() - t0, 1)

        print("\n2. a CDC job in SQL follows power.live into power_live.meters", flush=True)
        script = cdc_script(cluster.work / "cdc.sql", server)
        cdc_done = cluster.run(shaded, jobs.MAIN + "SqlScriptJob", [f"script={script}", "detach=true"], detached=True)
        if cdc_done.returncode != 0:
            raise RuntimeError(f"the CDC job did not start:\n{cdc_done.stdout[-3000:]}")
        cdc = jobs.wait_for(lambda: next((j for j, (name, state) in cluster.jobs().items() if "live_copy" in name and state == "RUNNING"), None),
                            "the CDC job to run", seconds=120)

        print("\n3. the report job reads power.meters in time splits while readings arrive live", flush=True)
        live = LiveInserter(conn, args.devices, 0, args.live_rows_per_second)
        live.start()
        t0 = time.monotonic()
        seconds = max(1, args.rows_per_device)
        report = jobs.submit_job(cluster, shaded, "LocationReportJob", url=url, start=jobs_start_ms(), end=jobs_start_ms() + seconds * 1000,
                                 splits=16, parallelism=args.parallelism, name="location report")
        progress.follow("report (read)", report, "Source__meters.numRecordsIn", lambda: jobs.job_state(cluster, report) == "FINISHED",
                        lambda: f"   live inserted {live.inserted:,}", final=loaded)
        summary["report_seconds"] = round(time.monotonic() - t0, 1)
        live.stopping.set()
        live.join()
        summary["live_inserted"] = live.inserted

        def copied():
            return next(iter(conn.query("select count(*) from power_live.meters")))[0]
        progress.follow("cdc (copied)", cdc, "numRecordsSend", lambda: copied() >= live.inserted, seconds=300, final=copied)
        summary["live_copied"] = copied()
        cluster.rest(f"/jobs/{cdc}?mode=cancel", method="PATCH")
        wait_state(cluster, cdc, ("CANCELED",), seconds=60)

        summary["meters_rows"] = loaded()
        hourly = sorted(conn.query("select location, ts, readings, avg_voltage, max_current from power.location_hourly"))
        summary["report_rows"] = len(hourly)
        summary["report_readings"] = sum(row[2] for row in hourly)
        summary["seconds"] = round(time.monotonic() - started, 1)
        conn.close()

    chart(progress.series, args.out / "throughput.png")
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2))
    print_summary(summary, hourly, args.out)
    return summary


def print_summary(summary, hourly, out):
    rows = [
        ("readings loaded", f"{summary['rows_loaded']:,}", f"{summary['load_seconds']} s, {summary['rows_loaded'] / summary['load_seconds']:,.0f} rows/s"),
        ("report: readings aggregated", f"{summary['report_readings']:,}", f"{summary['report_seconds']} s, {summary['report_rows']} location-hours written"),
        ("live readings inserted", f"{summary['live_inserted']:,}", "while the report ran"),
        ("live readings the CDC job copied", f"{summary['live_copied']:,}", "into power_live.meters"),
        ("power.meters now", f"{summary['meters_rows']:,}", f"demo took {summary['seconds']} s"),
    ]
    width = max(len(r[0]) for r in rows)
    print("\nsummary")
    for label, value, note in rows:
        print(f"  {label:<{width}}  {value:>12}  {note}")
    print("\nreport sample (power.location_hourly)")
    print(f"  {'location':<12} {'hour (UTC)':<20} {'readings':>9} {'avg V':>8} {'max A':>6}")
    for location, ts, readings, voltage, current in hourly[:6]:
        print(f"  {location:<12} {str(ts)[:19]:<20} {readings:>9,} {voltage:>8.2f} {current:>6.1f}")
    print(f"\nchart: {out / 'throughput.png'}; figures: {out / 'summary.json'}")


if __name__ == "__main__":
    demo(arguments(sys.argv[1:]))
