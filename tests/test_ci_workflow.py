"""The documented GitHub Actions workflow: its headline-bench commands, run here as CI would,
pass against the committed baseline, and the same check fails a worse model."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "docs" / "ci" / "headline-bench-regression.yml"


def _commands() -> list[list[str]]:
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = wf["jobs"]["regression"]["steps"]
    runs = [s["run"] for s in steps if "run" in s and s["run"].startswith("headline-bench")]
    assert len(runs) == 2
    return [shlex.split(r) for r in runs]


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "benchmark.cli", *args[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_workflow_commands_pass_against_the_baseline(tmp_path: Path) -> None:
    (tmp_path / "ci").symlink_to(ROOT / "ci")
    run, check = _commands()
    done = _cli(run, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    result = _cli(check, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "no regression" in result.stdout


def test_the_same_check_fails_a_worse_model(tmp_path: Path) -> None:
    (tmp_path / "ci").symlink_to(ROOT / "ci")
    run, check = _commands()
    worse = [a.replace("summariser=lead3", "summariser=random3") for a in run]
    assert _cli(worse, tmp_path).returncode == 0
    result = _cli(check, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert "REGRESSION" in result.stdout and "rouge2" in result.stdout
