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

TITLES = {"sink": "Sink", "source": "Source", "cdc": "CDC drain"}
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
            delays = sorted(d / 1000 for run in group for d in run["latencies_us"])
            at = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))] if delays else None  # noqa: E731
            lost = sum(run["expected"] for run in group) - len(delays)
            for what, value in (("p50", at(0.5)), ("p99", at(0.99)), ("max", delays[-1] if delays else None)):
                out.append({**key, "figure": f"latency {what}", "unit": "ms", "median": value,
                            "min": value, "max": value, "runs": len(group), "lost": lost})
            continue
        rows = group[0]["rows"]
        out.append({**key, "figure": "throughput", "unit": "rows/s", "rows": rows,
                    **spread([run["rows"] / run["seconds"] for run in group])})
        out.append({**key, "figure": "CPU per row", "unit": "ns", "rows": rows,
                    **spread([run["cpu_seconds"] * 1e9 / run["rows"] for run in group])})
    return out


def parallelism(name):
    return name.rsplit("p=", 1)[1] if "p=" in name else None


def official_ratio(figs, fig):
    """tdflink's median over the official connector's, same benchmark, server and parallelism."""
    p = parallelism(fig["name"])
    if not fig["name"].startswith("tdflink") or p is None:
        return None
    for other in figs:
        same = (other["bench"], other["server"], other["figure"]) == (fig["bench"], fig["server"], fig["figure"])
        if same and other["name"] == f"{OFFICIAL}, p={p}":
            return fig["median"] / other["median"] if other["median"] else None
    return None


def table(figs):
    through = [f for f in figs if f["figure"] == "throughput"]
    if not through:
        return []
    cpu = {f["name"]: f for f in figs if f["figure"] == "CPU per row"}
    lines = ["| runner | rows | rows/s, median (min – max) | CPU ns/row, median | vs official: rows/s | vs official: CPU/row |",
             "|---|---|---|---|---|---|"]
    for f in through:
        c = cpu[f["name"]]
        ratio, cpu_ratio = official_ratio(figs, f), official_ratio(figs, c)
        lines.append(f"| {f['name']} | {f['rows']:,} | {f['median']:,.0f} ({f['min']:,.0f} – {f['max']:,.0f}) | {c['median']:,.0f} | "
                     f"{f'{ratio:.2f}×' if ratio else ''} | {f'{cpu_ratio:.2f}×' if cpu_ratio else ''} |")
    return lines


def latency_table(figs):
    names = list(dict.fromkeys(f["name"] for f in figs if f["figure"].startswith("latency")))
    if not names:
        return []
    # Rows the consumer did not see: lost, or written before a consumer starting at `latest` first polled.
    lines = ["| consumer | p50 ms | p99 ms | max ms | rows not received |", "|---|---|---|---|---|"]
    for name in names:
        by = {f["figure"]: f for f in figs if f["name"] == name and f["figure"].startswith("latency")}
        cell = lambda what: f"{by[f'latency {what}']['median']:.2f}" if by[f"latency {what}"]["median"] is not None else "–"  # noqa: E731
        lines.append(f"| {name} | {cell('p50')} | {cell('p99')} | {cell('max')} | {by['latency p50']['lost']} |")
    return lines


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
    for bench in ("sink", "source", "cdc"):
        for server in SERVERS:
            these = [f for f in figs if (f["bench"], f["server"]) == (bench, server)]
            rows = table(these)
            if not rows:
                continue
            out += [f"## {TITLES[bench]}, {SERVERS[server]}", ""] + rows + [""]
            png = Path(chart_dir) / f"{bench}-{server}.png"
            if chart(these, f"{TITLES[bench]}, {SERVERS[server]}: rows/s", png):
                out += [f"![{TITLES[bench]}, {server}]({png.relative_to(Path(report_path).parent)})", ""]
    for server in SERVERS:
        latency = latency_table([f for f in figs if (f["bench"], f["server"]) == ("cdc", server)])
        if latency:
            out += [f"## CDC insert-to-emit latency, {SERVERS[server]}", ""] + latency + [""]
    Path(report_path).write_text("\n".join(out))


if __name__ == "__main__":
    main()
