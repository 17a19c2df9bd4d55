"""The benchmark report: reads the runs benchmarks/run.sh kept (JSON lines, one per measured
run, see `keep` in benchmarks/common.sh) and writes bench-results.json (every figure with its
unit: the median of the runs, their minimum and maximum), docs/benchmarks.md (tables) and one
chart per benchmark (PNG, beside the report).

Usage: report.py RUNS.jsonl REPORT.md RESULTS.json CHART_DIR COMMAND
"""

import json
import platform
import statistics
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

TITLES = {"sink": "Sink", "source": "Source", "cdc": "CDC drain", "batch": "Sink batch sizes",
          "wide-sink": "Sink, wide rows", "wide-source": "Source, wide rows", "wide-cdc": "CDC drain, wide rows"}
SERVERS = {
    "store": "tdlite storing the rows (SQLite, sharing the cores)",
    "discard": "tdlite discarding written rows (out of the way)",
    "generated": "tdlite serving generated rows from memory (out of the way)",
}
OFFICIAL = "official Flink connector"


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def figures(runs):
    """Per (benchmark, name): rows/s and CPU ns per row, or latency percentiles in ms."""
    grouped = defaultdict(list)
    for run in runs:
        grouped[(run["bench"], run.get("server", "store"), run["name"])].append(run)
    out = []
    for (bench, server, name), group in grouped.items():
        key = {"bench": bench, "server": server, "name": name}
        if "latencies_us" in group[0]:
            lost = sum(run["expected"] for run in group) - sum(len(run["latencies_us"]) for run in group)
            # The whole delay, and (tdflink's runs) its two parts: the insert's round trip and the rest.
            for field, figure in (("latencies_us", "latency"), ("insert_us", "insert round trip"),
                                  ("after_insert_us", "insert answered to emit")):
                if field not in group[0]:
                    continue
                delays = sorted(d / 1000 for run in group for d in run[field])
                at = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))] if delays else None  # noqa: E731
                for what, value in (("p50", at(0.5)), ("p99", at(0.99)), ("max", delays[-1] if delays else None)):
                    out.append({**key, "figure": f"{figure} {what}", "unit": "ms", "median": value,
                                "min": value, "max": value, "runs": len(group), "lost": lost})
            continue
        rows = group[0]["rows"]
        failed = sum(run.get("failed_attempts", 0) for run in group)
        out.append({**key, "figure": "throughput", "unit": "rows/s", "rows": rows, "failed_attempts": failed,
                    **spread([run["rows"] / run["seconds"] for run in group])})
        out.append({**key, "figure": "CPU per row", "unit": "ns", "rows": rows,
                    **spread([run["cpu_seconds"] * 1e9 / run["rows"] for run in group])})
        for field, figure, unit, per_row in EXTRA:
            if field in group[0]:
                values = [run[field] / run["rows"] if per_row else run[field] for run in group]
                out.append({**key, "figure": figure, "unit": unit, "rows": rows, **spread(values)})
    return out


# Measures some runs carry besides rows/s and CPU (benchmarks/java/.../Measurement.java).
EXTRA = (("wire_bytes", "wire bytes per row", "bytes", True),
         ("rss_peak_mb", "peak RSS", "MiB", False),
         ("native_peak_mb", "peak outside the Java heap", "MiB", False))
BASELINE = "generating only (discarding)"


def baseline_cpu(figs, fig):
    """The no-connector job's CPU per row at the same parallelism: the sink benchmark's generator (of the same
    rows: meters, or wide ones) into a discarding sink."""
    p = parallelism(fig["name"])
    bench = "wide-sink" if fig["bench"].startswith("wide") else "sink"
    candidates = [o for o in figs if o["figure"] == "CPU per row" and o["bench"] == bench and o["name"] == f"{BASELINE}, p={p}"]
    same_server = [o for o in candidates if o["server"] == fig["server"]]
    return (same_server or candidates or [{"median": None}])[0]["median"]


def connector_cpu(figs, fig):
    """CPU ns per row the connector spends: the job's minus the no-connector baseline's."""
    base = baseline_cpu(figs, fig)
    if base is None or fig["name"].startswith(BASELINE) or not fig["name"].split(",")[0] in CONNECTORS:
        return None
    return fig["median"] - base


CONNECTORS = ("tdflink TDengineSink", "tdflink TDengineSource", "tdflink TDengineCdcSource", OFFICIAL)


def parallelism(name):
    """The N of a runner named "..., p=N" or "..., p=N, more"."""
    return name.rsplit("p=", 1)[1].split(",")[0] if "p=" in name else None


def official_of(figs, fig):
    """The official connector's figure matching tdflink's: same benchmark, server, figure and parallelism."""
    name = fig["name"]
    if not name.startswith("tdflink") or ", p=" not in name:
        return None
    theirs = OFFICIAL + name[name.index(", p="):]
    for other in figs:
        same = (other["bench"], other["server"], other["figure"]) == (fig["bench"], fig["server"], fig["figure"])
        if same and other["name"] == theirs:
            return other
    return None


def official_ratio(figs, fig, value=lambda f: f["median"]):
    """tdflink's value over the official connector's (the median, or what `value` takes of each figure)."""
    other = official_of(figs, fig)
    if other is None:
        return None
    theirs, ours = value(other), value(fig)
    return ours / theirs if theirs and ours is not None else None


def times(ratio):
    return f"{ratio:.2f}×" if ratio else ""


def table(figs, all_figs):
    through = [f for f in figs if f["figure"] == "throughput"]
    if not through:
        return []
    by = {(f["name"], f["figure"]): f for f in figs}
    lines = ["| runner | rows | rows/s, median (min – max) | vs official | CPU ns/row | connector CPU ns/row | vs official | wire B/row | peak RSS MiB (outside heap) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for f in through:
        c = by[(f["name"], "CPU per row")]
        ratio = official_ratio(figs, f)
        own = connector_cpu(all_figs, c)
        cpu_ratio = official_ratio(figs, c, lambda x: connector_cpu(all_figs, x))
        wire = by.get((f["name"], "wire bytes per row"))
        rss, native = by.get((f["name"], "peak RSS")), by.get((f["name"], "peak outside the Java heap"))
        failed = f.get("failed_attempts")
        cells = [f["name"] + (f" ({failed} failed attempts, run again)" if failed else ""), f"{f['rows']:,}", f"{f['median']:,.0f} ({f['min']:,.0f} – {f['max']:,.0f})",
                 times(ratio), f"{c['median']:,.0f}", "" if own is None else f"{own:,.0f}", times(cpu_ratio),
                 f"{wire['median']:,.0f}" if wire and wire["median"] else "",
                 f"{rss['median']:,.0f} ({native['median']:,.0f})" if rss and rss["median"] else ""]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def latency_table(figs):
    names = list(dict.fromkeys(f["name"] for f in figs if f["figure"].startswith("latency")))
    if not names:
        return []
    # Rows the consumer did not see: lost, or written before a consumer starting at `latest` first polled.
    # The split columns: the insert's own round trip, and from its answer to the emit.
    lines = ["| consumer | p50 ms | p99 ms | max ms | rows not received | insert round trip p50 / p99 ms "
             "| insert answered to emit p50 / p99 ms |", "|---|---|---|---|---|---|---|"]
    for name in names:
        by = {f["figure"]: f for f in figs if f["name"] == name}
        cell = lambda figure: "–" if by.get(figure, {}).get("median") is None else f"{by[figure]['median']:.2f}"  # noqa: E731
        split = lambda part: "–" if f"{part} p50" not in by else f"{cell(part + ' p50')} / {cell(part + ' p99')}"  # noqa: E731
        lines.append(f"| {name} | {cell('latency p50')} | {cell('latency p99')} | {cell('latency max')} "
                     f"| {by['latency p50']['lost']} | {split('insert round trip')} | {split('insert answered to emit')} |")
    return lines


def find(figs, bench, server, name, figure):
    for f in figs:
        if (f["bench"], f["server"], f["name"], f["figure"]) == (bench, server, name, figure):
            return f
    return None


def jni_section(figs):
    """The JNI round trip's CPU per row beside the connector's own CPU per row on the paths that cross."""
    trip = [f for f in figs if f["bench"] == "jni" and f["figure"] == "CPU per row"]
    if not trip:
        return []
    per_row = trip[0]["median"]
    lines = ["## The JNI share", "",
             f"One round trip of a 100 000-row `meters` batch (Rust decodes it as the write path does and encodes it as the",
             f"read path does, no I/O; `benchmarks/java/.../JniShareBenchmark.java`): **{per_row:.1f} ns CPU per row** for both",
             "directions (median of the runs). Each path crosses once, in one direction: half of it is that path's share.", "",
             "| path | connector CPU ns/row | one crossing ns/row | JNI share |", "|---|---|---|---|"]
    for bench, server, name in (("sink", "discard", "tdflink TDengineSink, p=1"), ("source", "generated", "tdflink TDengineSource, p=1"),
                                ("cdc", "generated", "tdflink TDengineCdcSource, p=1")):
        cpu = find(figs, bench, server, name, "CPU per row")
        own = connector_cpu(figs, cpu) if cpu else None
        if own:
            lines.append(f"| {TITLES[bench]} ({server}), {name} | {own:,.0f} | {per_row / 2:.1f} | {per_row / 2 / own:.1%} |")
    return lines + [""]


def memory_section(runs, chart_dir, report_dir):
    """RSS over a long run of the sink and the source (runs with a memory_series), as one chart."""
    series = [r for r in runs if "memory_series" in r]
    if not series:
        return []
    lines = ["## Memory over a long run", "",
             "The job JVM's resident set, sampled every 100 ms from the job's start; growth is the peak of the last half",
             "of the run over the peak of its first half (after warm-up).", "",
             "| run | rows | peak RSS MiB | peak outside the Java heap MiB | growth, 2nd half over 1st, MiB |", "|---|---|---|---|---|"]
    fig, axes = plt.subplots(len(series), 1, figsize=(9, 3.2 * len(series)), squeeze=False)
    for ax, run in zip(axes[:, 0], series):
        t, rss, heap, outside, direct = zip(*run["memory_series"])
        half = len(rss) // 2
        growth = max(rss[half:]) - max(rss[:half]) if half else 0
        lines.append(f"| {run['name']} | {run['rows']:,} | {run['rss_peak_mb']:,.0f} | {run['native_peak_mb']:,.0f} | {growth:+,.0f} |")
        ax.plot(t, rss, label="RSS")
        ax.plot(t, heap, label="Java heap used")
        ax.plot(t, outside, label="outside the Java heap and JVM pools")
        ax.plot(t, direct, label="direct buffers")
        ax.set_title(f"{run['name']}: {run['rows']:,} rows")
        ax.set_xlabel("seconds")
        ax.set_ylabel("MiB")
        ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    png = Path(chart_dir) / "memory.png"
    fig.savefig(png, dpi=100)
    plt.close(fig)
    return lines + ["", f"![Memory]({png.relative_to(report_dir)})", ""]


# The targets (#16), each checked against this run's figures.
TARGETS = (
    ("sink", "discard", 4.0, "rows/s ≥ 4× official, server out of the way"),
    ("source", "generated", 4.0, "rows/s ≥ 4× official, server out of the way"),
    ("cdc", "generated", 4.0, "rows/s ≥ 4× official, server out of the way"),
)
PATH_NAMES = {"sink": "tdflink TDengineSink", "source": "tdflink TDengineSource", "cdc": "tdflink TDengineCdcSource"}


def targets_section(figs):
    lines = ["## Targets", "", "Each target of issue #16 against this run's medians; the causes of the misses and the next steps:",
             "docs/benchmarks/targets.md.", "", "| target | path | p | measured | met |", "|---|---|---|---|---|"]

    def row(target, path, p, measured, met):
        lines.append(f"| {target} | {path} | {p} | {measured} | {'yes' if met else 'no'} |")

    for bench, server, goal, text in TARGETS:
        for p in (1, 2):
            f = find(figs, bench, server, f"{PATH_NAMES[bench]}, p={p}", "throughput")
            ratio = official_ratio(figs, f) if f else None
            row(text, f"{TITLES[bench]} ({server})", p, times(ratio) or "official not measured", ratio is not None and ratio >= goal)
    for bench, server in (("sink", "discard"), ("source", "generated"), ("cdc", "generated"), ("sink", "store"), ("source", "store"), ("cdc", "store")):
        for p in (1, 2):
            c = find(figs, bench, server, f"{PATH_NAMES[bench]}, p={p}", "CPU per row")
            ratio = official_ratio(figs, c, lambda x: connector_cpu(figs, x)) if c else None
            row("connector CPU per row ≤ 0.25× official", f"{TITLES[bench]} ({server})", p, times(ratio) or "official not measured",
                ratio is not None and ratio <= 0.25)
    for bench, server in (("sink", "discard"), ("source", "generated"), ("cdc", "generated")):
        f = find(figs, bench, server, f"{PATH_NAMES[bench]}, p=2", "throughput")
        if f:
            row("≥ 1.5 M rows/s at p=2", f"{TITLES[bench]} ({server})", 2, f"{f['median']:,.0f}", f["median"] >= 1.5e6)
    trip = [f for f in figs if f["bench"] == "jni" and f["figure"] == "CPU per row"]
    for bench, server in (("sink", "discard"), ("source", "generated"), ("cdc", "generated")):
        c = find(figs, bench, server, f"{PATH_NAMES[bench]}, p=1", "CPU per row")
        own = connector_cpu(figs, c) if c else None
        if trip and own:
            share = trip[0]["median"] / 2 / own
            row("JNI share < 5% of the connector's CPU per row", f"{TITLES[bench]} ({server})", 1, f"{share:.1%}", share < 0.05)
    for server in ("store",):
        by = {f["figure"]: f for f in figs if f["bench"] == "cdc" and f["server"] == server and f["name"] == "tdflink, poll 100 ms, 1 row/5 ms"}
        if by:
            p99, worst = by["latency p99"]["median"], by["latency max"]["median"]
            split = "" if "insert round trip p99" not in by else (
                f" (p99 of the insert's own round trip {by['insert round trip p99']['median']:.2f} ms, "
                f"of the rest {by['insert answered to emit p99']['median']:.2f} ms)")
            row("CDC insert-to-emit p99 < 5 ms, max < 20 ms (200 rows/s, poll 100 ms)", f"CDC ({server})", 1,
                f"p99 {p99:.2f} ms, max {worst:.2f} ms{split}", p99 < 5 and worst < 20)
    return lines + [""]


def chart(figs, title, path):
    through = [f for f in figs if f["figure"] == "throughput"]
    if not through:
        return False
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(through) + 1.2))
    names = [f["name"] for f in through][::-1]
    medians = [f["median"] for f in through][::-1]
    errors = [[f["median"] - f["min"] for f in through][::-1], [f["max"] - f["median"] for f in through][::-1]]
    colors = ["#1f77b4" if n.startswith("tdflink") else "#d62728" if n.startswith(OFFICIAL) else "#7f7f7f" for n in names]
    ax.barh(names, medians, xerr=errors, color=colors, capsize=3)
    ax.set_xlabel("rows/s (median of the runs; bars: min – max)")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def main():
    runs_path, report_path, results_path, chart_dir, command = sys.argv[1:6]
    runs = [json.loads(line) for line in Path(runs_path).read_text().splitlines() if line.strip()]
    figs = figures(runs)
    machine = f"{platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores"
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    Path(results_path).write_text(json.dumps({"generated": when, "machine": machine, "command": command, "figures": figs}, indent=1) + "\n")
    out = ["# Benchmarks", "",
           f"Written by `{command}` on {when} ({machine}); every figure below comes from that run.",
           "Each figure is the median of the measured runs (one warm-up run before them is not counted), with the",
           "minimum and maximum; the same figures, with their units, are in `bench-results.json`. How each benchmark",
           "works, and the history of the figures: docs/benchmarks/{sink,source,cdc,tdlite}.md.", ""]
    Path(chart_dir).mkdir(parents=True, exist_ok=True)
    for bench in TITLES:
        for server in SERVERS:
            these = [f for f in figs if (f["bench"], f["server"]) == (bench, server)]
            rows = table(these, figs)
            if not rows:
                continue
            out += [f"## {TITLES[bench]}, {SERVERS[server]}", ""] + rows + [""]
            png = Path(chart_dir) / f"{bench}-{server}.png"
            if chart(these, f"{TITLES[bench]}, {SERVERS[server]}: rows/s", png):
                out += [f"![{TITLES[bench]}, {server}]({png.relative_to(Path(report_path).parent)})", ""]
    out += jni_section(figs)
    out += memory_section(runs, chart_dir, Path(report_path).parent)
    out += targets_section(figs)
    for server in SERVERS:
        latency = latency_table([f for f in figs if (f["bench"], f["server"]) == ("cdc", server)])
        if latency:
            out += [f"## CDC insert-to-emit latency, {SERVERS[server]}", ""] + latency + [""]
    Path(report_path).write_text("\n".join(out))


if __name__ == "__main__":
    main()
