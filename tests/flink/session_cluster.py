"""A real Flink session cluster for tests: a JobManager and a TaskManager as two processes of
a FLINK_HOME (scripts/flink-home.sh), on free loopback ports, with its own configuration,
logs and temporary files in one work directory, so several clusters (versions, parallel
runs) never share a port or a file.

    with SessionCluster(home, work_dir) as cluster:
        cluster.sql_client(script, jars=[jar])
        cluster.run(job_jar, "io.tdflink.clusterjobs.CopyMetersJob", ["url=..."])

With lib_jars, the cluster runs from an overlay of the home whose lib/ also holds those jars
(as users install a connector into Flink's lib/); the home itself is never changed.

Stopping is part of leaving the `with` block, whatever happened inside it; if the test
process itself dies, the kernel sends the daemons SIGTERM (PR_SET_PDEATHSIG).
"""

import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import time
import urllib.request

READY_SECONDS = 120
STOP_SECONDS = 30
SERVICES = {"jobmanager": "standalonesession", "taskmanager": "taskexecutor"}  # log file names


def stop_with_parent(command):
    """`command` made to get SIGTERM when the test process dies (PR_SET_PDEATHSIG, set by
    util-linux's setpriv before it execs the command). Not a preexec_fn: that runs Python's
    fork handlers in the child, and those of gRPC (loaded by PyFlink) break there, killing the
    child before it execs."""
    return ["setpriv", "--pdeathsig", "TERM", "--", *map(str, command)]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _shipped_java_opts(conf_dir):
    """The JDK 17 --add-opens/--add-exports list of the version's own configuration, which
    knows best what that version needs (config.yaml nests it under env.java.opts.all)."""
    for name in ("config.yaml", "flink-conf.yaml"):
        path = conf_dir / name
        if path.exists():
            found = re.search(r"^\s*(?:env\.java\.opts\.)?all:\s*(--add.*)$", path.read_text(), re.M)
            if found:
                return found.group(1).strip()
    return ""


def _overlay_home(home, dest, lib_jars):
    """A FLINK_HOME at dest that is `home` with lib_jars added to lib/: bin/ is copied (the
    scripts find the home from their own location), the other folders and lib/'s jars are
    links."""
    dest.mkdir(parents=True)
    shutil.copytree(home / "bin", dest / "bin", symlinks=True)
    for entry in home.iterdir():
        if entry.name not in ("bin", "lib", "log"):
            (dest / entry.name).symlink_to(entry)
    (dest / "lib").mkdir()
    (dest / "log").mkdir()
    for jar in [*(home / "lib").iterdir(), *map(pathlib.Path, lib_jars)]:
        (dest / "lib" / jar.name).symlink_to(jar.resolve())
    return dest


class SessionCluster:
    def __init__(self, home, work_dir, task_slots=2, lib_jars=(), taskmanager_java_opts=""):
        self.work = pathlib.Path(work_dir)
        self.home = pathlib.Path(home) if not lib_jars else _overlay_home(pathlib.Path(home), self.work / "home", lib_jars)
        self.conf = self.work / "conf"
        self.log = self.work / "log"
        self.tmp = self.work / "tmp"
        self.rest_port = _free_port()
        self.rpc_port = _free_port()
        self.task_slots = task_slots
        self.taskmanager_java_opts = taskmanager_java_opts
        self.processes = {}
        # FLINK_PID_DIR: the scripts append to a pid file there, /tmp by default.
        self.env = dict(os.environ, FLINK_CONF_DIR=str(self.conf), FLINK_LOG_DIR=str(self.log),
                        FLINK_PID_DIR=str(self.work))

    @property
    def rest_url(self):
        return f"http://127.0.0.1:{self.rest_port}"

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def _write_conf(self):
        shutil.copytree(self.home / "conf", self.conf)
        (self.conf / "flink-conf.yaml").unlink(missing_ok=True)  # config.yaml alone must count
        java_opts = f"{_shipped_java_opts(self.home / 'conf')} -Djava.io.tmpdir={self.tmp}".strip()
        settings = {
            "jobmanager.rpc.address": "localhost",
            "jobmanager.rpc.port": self.rpc_port,
            "jobmanager.bind-host": "localhost",
            "jobmanager.memory.process.size": "1024m",
            "taskmanager.bind-host": "localhost",
            "taskmanager.host": "localhost",
            "taskmanager.numberOfTaskSlots": self.task_slots,
            "taskmanager.memory.process.size": "1728m",
            "parallelism.default": 1,
            "rest.address": "localhost",
            "rest.bind-address": "localhost",
            "rest.port": self.rest_port,
            # Flink leaves a 20+ MB jar per JVM in java.io.tmpdir (build-and-run.md P18).
            "io.tmp.dirs": self.tmp,
            "env.java.opts.all": java_opts,
            # A killed TaskManager is noticed in seconds rather than the default 50.
            "heartbeat.interval": 2000,
            "heartbeat.timeout": 10000,
            # REST answers metrics from a cache refreshed this often (default 10 s).
            "metrics.fetcher.update-interval": 1000,
        }
        if self.taskmanager_java_opts:
            settings["env.java.opts.taskmanager"] = self.taskmanager_java_opts
        text = "".join(f"{key}: {value}\n" for key, value in settings.items())
        (self.conf / "config.yaml").write_text(text)

    def _daemon(self, name, script):
        with open(self.log / f"{name}.out", "a") as out:  # a restarted TaskManager appends
            self.processes[name] = subprocess.Popen(
                stop_with_parent([self.home / "bin" / script, "start-foreground"]), stdout=out,
                stderr=subprocess.STDOUT, env=self.env)

    def start(self):
        for folder in (self.log, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
        self._write_conf()
        self._daemon("jobmanager", "jobmanager.sh")
        self.start_taskmanager()

    def start_taskmanager(self):
        """Starts the TaskManager (again, after kill_taskmanager) and waits for it to register."""
        known = self._taskmanager_ids()
        self._daemon("taskmanager", "taskmanager.sh")
        self._wait_ready(known)

    def kill_taskmanager(self):
        """SIGKILL to the TaskManager's JVM, as when its machine dies; returns when it is gone."""
        process = self.processes.pop("taskmanager")
        process.kill()
        process.wait()

    @property
    def taskmanager_pid(self):
        """The TaskManager's JVM (the scripts exec java in the foreground)."""
        return self.processes["taskmanager"].pid

    def jobs(self):
        """{job id: (name, state)} of every job the cluster has seen."""
        return {job["jid"]: (job["name"], job["state"]) for job in self.rest("/jobs/overview")["jobs"]}

    def rest(self, path, method="GET"):
        request = urllib.request.Request(f"{self.rest_url}{path}", method=method)
        with urllib.request.urlopen(request, timeout=10) as reply:
            body = reply.read()
            return json.loads(body) if body else None

    def _taskmanager_ids(self):
        try:
            return {tm["id"] for tm in self.rest("/taskmanagers")["taskmanagers"]}
        except OSError:
            return set()  # the REST endpoint is not up yet

    def _wait_ready(self, known):
        """Ready when a TaskManager not in `known` has registered with the JobManager (a
        killed TaskManager stays listed until its heartbeat times out)."""
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}:\n{self.log_tail(name)}")
            if self._taskmanager_ids() - known:
                return
            time.sleep(0.5)
        raise RuntimeError(f"no TaskManager registered within {READY_SECONDS} s:\n{self.log_tail('jobmanager')}")

    def log_tail(self, name, chars=3000):
        """The end of a daemon's log4j file (or of its console output, if it got no further)."""
        logs = sorted(self.log.glob(f"flink-*-{SERVICES[name]}-*.log"))
        path = logs[-1] if logs else self.log / f"{name}.out"
        return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"

    def stop(self):
        """SIGTERM (Flink shuts down cleanly), SIGKILL after STOP_SECONDS; TaskManager first."""
        for name in ("taskmanager", "jobmanager"):
            process = self.processes.pop(name, None)
            if process is None or process.poll() is not None:
                continue
            process.terminate()
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self, jar, main_class, args=(), detached=False, timeout=600):
        """`flink run [-d] -c MAIN_CLASS JAR ARGS...`; returns the CompletedProcess (output
        merged). Attached, it returns when the job ends; detached, when it was submitted
        (job_id() reads the id from its output)."""
        command = [self.home / "bin" / "flink", "run", *(["-d"] if detached else []), "-c", main_class, str(jar), *args]
        env = dict(self.env, FLINK_LOG_DIR=str(self.log / "client"))
        return subprocess.run(stop_with_parent(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=env, timeout=timeout)

    @staticmethod
    def job_id(output):
        found = re.search(r"JobID ([0-9a-f]{32})", output)
        if not found:
            raise RuntimeError(f"no job id in the client's output:\n{output[-3000:]}")
        return found.group(1)

    def sql_client(self, script, jars=(), timeout=600):
        """Runs `sql-client.sh embedded -j JAR... -f SCRIPT` against this cluster; returns the
        CompletedProcess (stdout and stderr merged, as a user would see them)."""
        # --history: the default file in $HOME would be shared by every run.
        command = [self.home / "bin" / "sql-client.sh", "embedded", "--history", str(self.work / "sql-history")]
        for jar in jars:
            command += ["-j", str(jar)]
        command += ["-f", str(script)]
        # Its log4j file is named after the user and host only: one folder per script.
        env = dict(self.env, FLINK_LOG_DIR=str(self.log / f"sql-client-{pathlib.Path(script).stem}"))
        return subprocess.run(stop_with_parent(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=env, timeout=timeout)
