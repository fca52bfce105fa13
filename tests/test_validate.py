"""``headline-bench validate`` on the dev set (no external data): probes and false positives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmark.cli import main
from benchmark.validation.probes import dehedge


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As many as 1,000 members could be expelled.", "1,000 members were expelled."),
        ("Up to 300 jobs may go, according to the council.", "300 jobs go."),
        ("The union said ‘300’ jobs would go.", "300 jobs would go."),
    ],
)
def test_dehedge(text: str, expected: str) -> None:
    assert dehedge(text) == expected


def test_validate_command_writes_probe_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--out", str(tmp_path)]) == 0
    shown = capsys.readouterr().out
    assert "| figure x10 |" in shown and "| loaded word unquoted |" in shown
    report = json.loads((tmp_path / "validation.json").read_text())
    detection = report["probes"]["detection"]
    assert set(detection) >= {
        "figure x10",
        "figure +1",
        "figure swapped",
        "counted noun changed",
        "hedge dropped",
        "loaded synonym",
        "loaded word unquoted",
    }
    for kind, r in detection.items():
        assert r["total"] > 10, kind
        assert r["detected"] <= r["total"]
    # Regression guards, a little below today's measurements (docs/validation.md).
    floors = {
        "figure x10": 0.95,
        "figure +1": 0.95,
        "counted noun changed": 0.93,
        "hedge dropped": 0.95,
        "figure swapped": 0.5,
        "loaded synonym": 0.95,
        "loaded word unquoted": 0.95,
    }
    for kind, floor in floors.items():
        assert detection[kind]["rate"] >= floor, kind
    for fp in report["probes"]["false_positives"]:
        assert fp["rate"] <= 0.05, fp["what"]
    assert (tmp_path / "validation.md").is_file()


def test_validate_rejects_a_missing_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--data", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err
