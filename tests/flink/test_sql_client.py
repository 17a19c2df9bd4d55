"""SQL scripts run by Flink's own SQL client (`sql-client.sh embedded -j <our jar> -f script`)
on a real session cluster: first with Flink's connectors only (proves the cluster, the
gateway jar from Maven Central and the result checks), then with ours against tdlite."""

import re

import pytest

import meters

BORDER = re.compile(r"\+(-+\+)+$")
ROW = re.compile(r"^\|(.*)\|$")


def tableau(output):
    """The result tables the client printed in tableau mode, each as rows of cells, header
    first. A table's top border follows the echoed statement on the same line."""
    tables, rows = [], None
    for line in output.splitlines():
        if BORDER.search(line):
            rows = rows if rows is not None else []
        elif rows is not None and ROW.match(line):
            rows.append([cell.strip() for cell in ROW.match(line).group(1).split("|")])
        elif rows is not None:
            tables.append(rows)
            rows = None
    return tables


def failed(done):
    """Whether a statement failed: the client of 1.20.3 still exits 0 then, stops at that
    statement and prints an [ERROR]."""
    return done.returncode != 0 or "[ERROR]" in done.stdout


def run_script(cluster, jar, script):
    """Runs the script, fails the test with the client's output if any statement failed, and
    returns the output and the jobs it submitted to the cluster."""
    before = cluster.jobs()
    done = cluster.sql_client(script, jars=[jar])
    if failed(done):
        pytest.fail(f"sql-client.sh exited with {done.returncode}:\n{done.stdout[-5000:]}")
    return done.stdout, [job for jid, job in cluster.jobs().items() if jid not in before]


def test_datagen_catalog_query_insert(session_cluster, connector_jar, render_sql, tmp_path):
    out = tmp_path / "readings_copy"
    output, jobs = run_script(session_cluster, connector_jar, render_sql("datagen", OUT=out))

    show_tables, counts = tableau(output)
    assert show_tables == [["table name"], ["readings"], ["readings_copy"]]
    assert counts == [["n", "ids"], ["10", "55"]]
    rows = [line.split(",") for part in sorted(out.rglob("*")) if part.is_file() and not part.name.startswith(".")
            for line in part.read_text().splitlines()]
    assert sorted(int(id_) for id_, _ in rows) == list(range(1, 11))
    assert all(200 <= int(voltage) <= 240 for _, voltage in rows)
    # Both jobs ran on the session cluster, not in a mini cluster inside the client.
    assert [state for _, state in jobs] == ["FINISHED", "FINISHED"]


def test_failing_statement_fails_the_run(session_cluster, connector_jar, tmp_path):
    script = tmp_path / "broken.sql"
    script.write_text("SELECT * FROM no_such_table;\n")
    done = session_cluster.sql_client(script, jars=[connector_jar])
    assert failed(done)
    assert "Object 'no_such_table' not found" in done.stdout


def test_tdengine_query_insert(tdengine_factory, session_cluster, connector_jar, render_sql, power_meters, tdlite):
    conn, rows, volts = power_meters
    output, jobs = run_script(session_cluster, connector_jar, render_sql("tdengine", TDLITE=tdlite))

    assert tableau(output) == [[["n", "volts"], [str(rows), str(volts)]]]
    assert meters.read(conn, "power_copy") == meters.read(conn, "power")
    assert [state for _, state in jobs] == ["FINISHED", "FINISHED"]


def test_tdengine_catalog_query_insert(tdengine_catalog, session_cluster, connector_jar, render_sql, power_meters,
                                      tdlite):
    conn, rows, volts = power_meters
    output, jobs = run_script(session_cluster, connector_jar, render_sql("tdengine-catalog", TDLITE=tdlite))

    databases, tables, counts = tableau(output)
    assert {"power", "power_copy"} <= {name for name, in databases[1:]}
    assert tables[1:] == [["meters"]]
    assert counts == [["n", "volts"], [str(rows), str(volts)]]
    assert meters.read(conn, "power_copy") == meters.read(conn, "power")
    assert [state for _, state in jobs] == ["FINISHED", "FINISHED"]
