"""Hydra configs: every group composes and instantiates; typos fail; runs and multiruns write
their files (single process, joblib and submitit_local launchers)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from hydra.errors import ConfigCompositionException
from hydra.utils import get_method, instantiate
from omegaconf import OmegaConf

from baselines.base import Summariser
from benchmark.cli_run import CONFIG_DIR

SUMMARISERS = sorted(p.stem for p in (CONFIG_DIR / "summariser").glob("*.yaml"))
DATASETS = sorted(p.stem for p in (CONFIG_DIR / "dataset").glob("*.yaml"))


def _compose(overrides: list[str]) -> OmegaConf:
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(config_name="config", overrides=overrides, return_hydra_config=True)


def test_groups_are_complete() -> None:
    assert set(SUMMARISERS) >= {
        "lead3",
        "lead_k",
        "random3",
        "textrank",
        "lexrank",
        "oracle",
        "reference",
        "seq2seq",
        "instruct",
        "openai_compatible",
    }
    assert set(DATASETS) >= {"dev", "cnn_dailymail", "xsum", "numhg", "jsonl"}


@pytest.mark.parametrize("name", SUMMARISERS)
def test_every_summariser_composes_and_instantiates(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    overrides = [f"summariser={name}"]
    if name in ("seq2seq", "instruct"):
        overrides.append("summariser.model=/nonexistent/model")  # loading is lazy
    if name == "openai_compatible":
        overrides.append("summariser.model=test-model")
    cfg = _compose(overrides)
    summariser = instantiate(cfg.summariser)
    assert isinstance(summariser, Summariser)


@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_composes(name: str) -> None:
    cfg = _compose([f"dataset={name}"])
    assert callable(get_method(cfg.dataset._target_))
    if name == "dev":
        dsd = instantiate(cfg.dataset)
        assert {"validation", "test"} <= set(dsd)


def test_experiment_and_metrics_groups() -> None:
    cfg = _compose(["+experiment=cheap_baselines", "metrics=fast"])
    assert cfg.hydra.sweeper.params.summariser.split(",") == [
        "lead3",
        "random3",
        "textrank",
        "lexrank",
        "oracle",
        "reference",
    ]
    assert cfg.metrics.rouge_backend == "rouge-score-rs"
    assert cfg.metrics.bootstrap_seed == cfg.seed


@pytest.mark.parametrize(
    "overrides",
    [
        ["summariser.kk=3"],
        ["summariser.k=three"],
        ["splt=test"],
        ["metrics.bootstrap_samples=x"],
        ["summariser=nope"],
    ],
)
def test_typos_fail_at_once(overrides: list[str]) -> None:
    with pytest.raises(ConfigCompositionException):
        _compose(overrides)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmark.cli", "run", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def test_single_run_writes_everything_and_resumes_from_cache(tmp_path: Path) -> None:
    out = tmp_path / "run1"
    _run(["summariser=textrank", "limit=5", "progress=false", f"hydra.run.dir={out}"], tmp_path)
    for name in (
        "predictions.jsonl",
        "scores.jsonl",
        "results.json",
        "report.md",
        "failures.jsonl",
        ".hydra/config.yaml",
    ):
        assert (out / name).is_file(), name
    results = json.loads((out / "results.json").read_text())
    assert results["n_items"] == 5 and results["summariser"]["name"] == "textrank"
    assert results["config"]["summariser"]["_target_"] == "baselines.extractive.TextRank"
    cache_files = list((tmp_path / "outputs" / "cache").glob("*.jsonl"))
    assert len(cache_files) == 1 and len(cache_files[0].read_text().splitlines()) == 5
    out2 = tmp_path / "run2"
    _run(["summariser=textrank", "limit=5", "progress=false", f"hydra.run.dir={out2}"], tmp_path)
    assert (out2 / "predictions.jsonl").read_text() == (out / "predictions.jsonl").read_text()
    assert len(cache_files[0].read_text().splitlines()) == 5  # nothing recomputed


@pytest.mark.parametrize("launcher", ["basic", "joblib", "submitit_local"])
def test_multirun_writes_a_comparison_table(tmp_path: Path, launcher: str) -> None:
    if launcher != "basic":
        pytest.importorskip(f"hydra_plugins.hydra_{launcher.split('_')[0]}_launcher")
    sweep = tmp_path / "sweep"
    args = [
        "-m",
        "summariser=lead3,reference",
        "limit=3",
        "progress=false",
        f"hydra.sweep.dir={sweep}",
    ]
    if launcher != "basic":
        args.append(f"hydra/launcher={launcher}")
    proc = _run(args, tmp_path)
    table = (sweep / "comparison.md").read_text()
    assert "| lead3 |" in table and "| reference |" in table and "Signature:" in table
    rows = (sweep / "comparison.csv").read_text().splitlines()
    assert rows[0].startswith("summariser,rouge1,rouge2") and len(rows) == 3
    assert "| reference | 1.000 | 1.000 |" in table
    assert "comparison.md" in proc.stdout
    for job in ("0_lead3", "1_reference"):
        assert (sweep / job / ".hydra" / "config.yaml").is_file()


@pytest.mark.parametrize("launcher", ["basic", "submitit_local"])
def test_sharded_multirun_merges_into_the_single_run(tmp_path: Path, launcher: str) -> None:
    """Shards run as parallel jobs (submitit_local stands in for SLURM), then merge."""
    if launcher != "basic":
        pytest.importorskip("hydra_plugins.hydra_submitit_launcher")
    single = tmp_path / "single"
    _run(["summariser=textrank", "limit=7", "progress=false", f"hydra.run.dir={single}"], tmp_path)
    sweep = tmp_path / "sweep"
    args = [
        "-m",
        "summariser=textrank",
        "limit=7",
        "progress=false",
        "shard.count=3",
        "shard.index=0,1,2",
        f"hydra.sweep.dir={sweep}",
    ]
    if launcher != "basic":
        args.append(f"hydra/launcher={launcher}")
    proc = _run(args, tmp_path)
    for job in ("0_textrank", "1_textrank", "2_textrank"):
        assert (sweep / job / "shard.json").is_file() and not (
            sweep / job / "results.json"
        ).exists()
    (merged,) = sweep.glob("merged_textrank_3shards_*")
    assert "merged 3 shards" in proc.stdout
    want = json.loads((single / "results.json").read_text())
    got = json.loads((merged / "results.json").read_text())
    want.pop("created")
    got.pop("created")
    assert got.pop("predictions")["sha256"] == want.pop("predictions")["sha256"]
    assert got == want
    for name in ("scores.jsonl", "predictions.jsonl"):
        assert (merged / name).read_bytes() == (single / name).read_bytes()
    assert "| textrank |" in (sweep / "comparison.md").read_text()
    # the merge command gives the same from the job folders
    out = tmp_path / "again"
    jobs = [str(sweep / f"{k}_textrank") for k in range(3)]
    cmd = [sys.executable, "-m", "benchmark.cli", "merge", *jobs, "--out", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, cwd=tmp_path)
    assert (out / "scores.jsonl").read_bytes() == (single / "scores.jsonl").read_bytes()


def test_slurm_array_task_picks_its_shard_from_the_environment(tmp_path: Path) -> None:
    out = tmp_path / "task"
    env_args = [
        "summariser=lead3",
        "limit=4",
        "progress=false",
        "shard.count=2",
        "shard.index=${oc.env:SLURM_ARRAY_TASK_ID}",
        f"hydra.run.dir={out}",
    ]
    env = {**os.environ, "SLURM_ARRAY_TASK_ID": "1", "HF_HUB_OFFLINE": "1"}
    subprocess.run(
        [sys.executable, "-m", "benchmark.cli", "run", *env_args],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    manifest = json.loads((out / "shard.json").read_text())
    assert (manifest["index"], manifest["count"], manifest["start"], manifest["end"]) == (
        1,
        2,
        2,
        4,
    )


def test_slurm_launcher_composes_for_a_cluster_sweep() -> None:
    pytest.importorskip("hydra_plugins.hydra_submitit_launcher")
    cfg = _compose(
        [
            "hydra/launcher=submitit_slurm",
            "hydra.launcher.partition=cpu",
            "hydra.launcher.cpus_per_task=2",
            "hydra.launcher.array_parallelism=8",
            "summariser=textrank",
        ]
    )
    assert cfg.hydra.launcher._target_.endswith("SlurmLauncher")
    assert cfg.hydra.launcher.partition == "cpu" and cfg.hydra.launcher.array_parallelism == 8


@pytest.mark.parametrize("bad", ["shard.index=3", "shard.count=0"])
def test_bad_shard_settings_fail_with_the_field(tmp_path: Path, bad: str) -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    count = [] if "count" in bad else ["shard.count=3"]
    proc = subprocess.run(
        [sys.executable, "-m", "benchmark.cli", "run", "limit=2", *count, bad],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0 and "shard" in proc.stderr


def test_a_sweep_merges_each_setting_apart(tmp_path: Path) -> None:
    sweep = tmp_path / "sweep"
    args = ["-m", "summariser=lead_k", "summariser.k=1,2", "limit=4", "progress=false"]
    _run([*args, "shard.count=2", "shard.index=0,1", f"hydra.sweep.dir={sweep}"], tmp_path)
    merged = sorted(sweep.glob("merged_lead_k_2shards_*"))
    assert len(merged) == 2
    ks = {json.loads((m / "results.json").read_text())["config"]["summariser"]["k"] for m in merged}
    assert ks == {1, 2}
