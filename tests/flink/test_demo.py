"""The README demo (tests/flink/demo.py), small: every stage on a real session cluster, its
summary checked against tdlite's tables, its chart written."""

import os

import pytest

pytest.importorskip("taosws")
pytest.importorskip("matplotlib")

import demo  # noqa: E402


def test_the_demo_pipeline(tmp_path):
    devices, seconds = 20, 7200
    summary = demo.demo(demo.arguments(["--devices", str(devices), "--rows-per-device", str(seconds), "--live-rows-per-second", "200",
                                        "--flink-version", os.environ.get("TDFLINK_FLINK_VERSION", "1.20.3"), "--out", str(tmp_path)]))
    rows = devices * seconds
    assert summary["rows_loaded"] == summary["meters_rows"] == rows
    # Every reading lands in one location-hour: 10 locations, 2 hours.
    assert summary["report_readings"] == rows
    assert summary["report_rows"] == 10 * 2
    assert summary["live_inserted"] > 0
    assert summary["live_copied"] == summary["live_inserted"]
    assert (tmp_path / "throughput.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
