"""`make bench` end to end, at a tiny load, so the benchmark itself cannot quietly rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import PROJECT, server_env

pytestmark = pytest.mark.servers


def test_the_benchmark_trains_both_bots_and_writes_every_measure(tmp_path: Path) -> None:
    report = tmp_path / "benchmarks.md"
    arguments = ["--users", "2", "--turns", "3", "--rounds", "1", "--out", str(report)]
    # The checkout's training caches (`make train` filled .rasa/cache): both bots still train,
    # every measure is still written, without two trainings from scratch in every test run.
    arguments += ["--caches", str(PROJECT / ".rasa")]
    subprocess.run(
        [sys.executable, "-m", "benchmarks", *arguments],
        cwd=PROJECT,
        env=server_env(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=900,
    )
    text = report.read_text()
    rows = {cells[0]: cells[1:] for cells in map(table_cells, text.splitlines()) if cells}
    for measure in (
        "throughput (messages/s)",
        "p95 per turn (ms)",
        "long conversation: turns 90-100 / 1-10",
        "start-up to first answer (s)",
        "full training, empty cache (s)",
        "RSS of Rasa (MB)",
        "one instance",
        "two instances",
    ):
        assert measure in rows, (measure, text)
    # Every Safe Steps turn got a real reply, alone and scaled out.
    assert rows["errors (HTTP or connection)"][1] == "0"
    assert rows["turns answered with no message"][1] == "0"
    assert rows["two instances"][2:4] == ["0", "0"]
    assert "Two instances / one:" in text


def table_cells(line: str) -> list[str]:
    """The cells of one Markdown table row, or nothing for any other line."""
    if not line.startswith("|"):
        return []
    return [cell.strip() for cell in line.strip().strip("|").split("|")]
