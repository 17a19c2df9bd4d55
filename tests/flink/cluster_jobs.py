"""What the cluster tests submit and measure: job jars built from the compiled
io.tdflink.clusterjobs mains (one with the connector shaded in, as users package jobs, one
without it, for a cluster with the connector in lib/), `flink run` wrappers, and the
TaskManager's threads and memory read from /proc."""

import os
import pathlib
import re
import subprocess
import time
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
JOB_CLASSES = ROOT / "target" / "test-classes" / "io" / "tdflink" / "clusterjobs"
MAIN = "io.tdflink.clusterjobs."
NATIVE_THREAD = "tdflink-rt"  # the native runtime's thread names (rust/native/src/runtime.rs)
NATIVE_LIBRARY = "libtdflink_native"  # in the name of each extracted copy (io.tdflink.jni.NativeLibrary)


def flink_home(version):
    """FLINK_HOME of that version, downloaded and assembled on first use (scripts/flink-home.sh)."""
    done = subprocess.run(["bash", ROOT / "scripts" / "flink-home.sh", version], stdout=subprocess.PIPE, text=True, check=True)
    return pathlib.Path(done.stdout.strip())


def connector_jar():
    """The connector jar under test: TDFLINK_JAR, else the one `mvn package` built."""
    if "TDFLINK_JAR" in os.environ:
        return pathlib.Path(os.environ["TDFLINK_JAR"])
    jars = sorted((ROOT / "target").glob("flink-connector-tdengine-*.jar"))
    if not jars:
        raise RuntimeError(f"no connector jar in {ROOT / 'target'}: run `mvn package` first")
    return jars[-1]


def build_job_jars(connector_jar, dest):
    """(jobs.jar, jobs-shaded.jar): the mains alone, and the mains merged with every entry of
    the connector jar (what the shade plugin does without relocation)."""
    classes = sorted(JOB_CLASSES.glob("*.class"))
    if not classes:
        raise RuntimeError(f"no job classes in {JOB_CLASSES}: run `mvn test-compile` first")
    dest.mkdir(parents=True, exist_ok=True)
    plain, shaded = dest / "jobs.jar", dest / "jobs-shaded.jar"
    for jar, with_connector in ((plain, False), (shaded, True)):
        with zipfile.ZipFile(jar, "w", zipfile.ZIP_DEFLATED) as out:
            for path in classes:
                out.write(path, f"io/tdflink/clusterjobs/{path.name}")
            if with_connector:
                with zipfile.ZipFile(connector_jar) as connector:
                    for entry in connector.infolist():
                        if entry.filename != "META-INF/MANIFEST.MF" and not entry.is_dir():
                            out.writestr(entry, connector.read(entry))
    return plain, shaded


def arguments(**values):
    return [f"{key}={value}" for key, value in values.items()]


def run_job(cluster, jar, main, **values):
    """Runs a job attached (returns when it ended) and returns its id; fails with the client's
    output if the job failed."""
    done = cluster.run(jar, MAIN + main, arguments(**values))
    if done.returncode != 0:
        raise AssertionError(f"{main} failed (exit {done.returncode}):\n{done.stdout[-5000:]}")
    return cluster.job_id(done.stdout)


def submit_job(cluster, jar, main, **values):
    """Submits a job detached and returns its id."""
    done = cluster.run(jar, MAIN + main, arguments(**values), detached=True)
    if done.returncode != 0:
        raise AssertionError(f"submitting {main} failed (exit {done.returncode}):\n{done.stdout[-5000:]}")
    return cluster.job_id(done.stdout)


def wait_for(condition, what, seconds=120, interval=0.5):
    """Polls condition() until it returns a true value, which is returned."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(interval)


def job_state(cluster, job):
    return cluster.jobs().get(job, (None, None))[1]


def thread_names(pid):
    names = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            names.append(pathlib.Path(f"/proc/{pid}/task/{task}/comm").read_text().strip())
        except OSError:
            pass  # the thread ended meanwhile
    return names


def library_rss_kib(pid):
    """RSS of the process's mappings of the native library (every copy loaded)."""
    total, ours = 0, False
    for line in pathlib.Path(f"/proc/{pid}/smaps").read_text().splitlines():
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            ours = NATIVE_LIBRARY in line
        elif ours and line.startswith("Rss:"):
            total += int(line.split()[1])
    return total


def process_stats(pid):
    """{"threads", "native_threads", "rss_mib", "library_mib", "library_copies"} of a process,
    from /proc: library_mib is the RSS of the native library's mapped copies."""
    names = thread_names(pid)
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    rss_kib = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    maps = pathlib.Path(f"/proc/{pid}/maps").read_text()
    copies = {line.split()[-2] if line.endswith("(deleted)") else line.split()[-1] for line in maps.splitlines() if NATIVE_LIBRARY in line}
    return {"threads": len(names), "native_threads": sum(name.startswith(NATIVE_THREAD) for name in names),
            "rss_mib": round(rss_kib / 1024, 1), "library_mib": round(library_rss_kib(pid) / 1024, 1), "library_copies": len(copies)}


def collect_garbage(pid):
    """A full GC in the JVM (jcmd next to its java), so released classloaders and their
    memory are gone before a measurement."""
    jcmd = pathlib.Path(os.readlink(f"/proc/{pid}/exe")).parent / "jcmd"
    subprocess.run([jcmd, str(pid), "GC.run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=60)


def metrics_of(cluster, job):
    """{metric id: value} of every vertex of a running job, as the web UI reads them."""
    values = {}
    for vertex in cluster.rest(f"/jobs/{job}")["vertices"]:
        path = f"/jobs/{job}/vertices/{vertex['id']}/metrics"
        ids = [m["id"] for m in cluster.rest(path)]
        for i in range(0, len(ids), 40):
            for metric in cluster.rest(f"{path}?get={','.join(ids[i:i + 40])}"):
                values[metric["id"]] = metric["value"]
    return values


def metric(values, suffix):
    """The value of the one metric whose id ends with suffix (a dot-separated tail)."""
    found = {k: v for k, v in values.items() if k == suffix or k.endswith("." + suffix)}
    assert len(found) == 1, f"{suffix}: {found or sorted(values)}"
    return float(next(iter(found.values())))


def metric_sum(values, suffix):
    """The sum over subtasks of the metrics whose ids end with suffix (0 when none is there yet)."""
    return sum(float(v) for k, v in values.items() if k.endswith("." + suffix))
