"""``headline-bench run``: the Hydra app (the only module that imports Hydra).

Structured schemas registered here make every override type-checked: a typo in a key
or a wrong type fails at once with Hydra's message naming it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hydra
from hydra.core.config_store import ConfigStore
from hydra.core.hydra_config import HydraConfig
from hydra.experimental.callback import Callback
from hydra.utils import instantiate
from omegaconf import MISSING, DictConfig, OmegaConf

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"


# --- schemas ----------------------------------------------------------------------------------


@dataclass
class MetricsConf:
    rouge_backend: str = "rouge-score"
    bootstrap_samples: int = 1000
    bootstrap_seed: int = 12345
    lexicon: str | None = None  # the curated loaded-term lexicon (wording layer 1)
    subjectivity_lexicon: str | None = None  # layer 2: a graded list (tsv, plain, MPQA)
    epistemic_lexicon: str | None = None  # layer 3
    wording_model: str | None = None  # layer 4: a sequence-classification model (neural extra)
    wording_model_revision: str | None = None
    wording_model_label: str | None = None  # the biased label's name or index
    wording_model_device: str = "cpu"


@dataclass
class ShardConf:
    index: int = 0  # 0-based: shard.index=${oc.env:SLURM_ARRAY_TASK_ID} in an array job
    count: int = 1  # >1: summarise and score one shard; `headline-bench merge` joins them


@dataclass
class RunConf:
    dataset: Any = MISSING
    summariser: Any = MISSING
    metrics: MetricsConf = field(default_factory=MetricsConf)
    split: str = "test"
    seed: int = 12345
    limit: int | None = None
    batch_size: int = 32
    cache: bool = True
    cache_dir: str = "outputs/cache"
    progress: bool = True
    workers: int = 0  # scoring processes; 0: one per available CPU for large sets
    shard: ShardConf = field(default_factory=ShardConf)


@dataclass
class LeadKConf:
    _target_: str = "baselines.extractive.LeadK"
    k: int = 3


@dataclass
class RandomKConf:
    _target_: str = "baselines.extractive.RandomK"
    k: int = 3
    seed: int = 0


@dataclass
class GraphConf:
    _target_: str = "baselines.extractive.TextRank"
    k: int = 3
    damping: float = 0.85


@dataclass
class LexRankConf:
    _target_: str = "baselines.extractive.LexRank"
    k: int = 3
    damping: float = 0.85
    threshold: float = 0.1


@dataclass
class OracleConf:
    _target_: str = "baselines.extractive.Oracle"
    max_k: int = 4


@dataclass
class ReferenceConf:
    _target_: str = "baselines.extractive.Reference"


@dataclass
class Seq2SeqConf:
    _target_: str = "baselines.seq2seq.Seq2SeqSummariser"
    model: str = MISSING
    device: str = "cpu"
    batch_size: int = 8
    num_beams: int = 4
    max_input_tokens: int = 1024
    max_new_tokens: int = 128
    min_new_tokens: int = 0
    no_repeat_ngram_size: int = 0
    length_penalty: float = 1.0
    prefix: str = ""
    headline: str = "first_sentence"
    headline_prefix: str = "headline: "
    headline_max_new_tokens: int = 24
    max_bullets: int = 4
    seed: int = 0


@dataclass
class InstructConf:
    _target_: str = "baselines.instruct.InstructSummariser"
    model: str = MISSING
    device: str = "cpu"
    batch_size: int = 4
    max_input_tokens: int = 3072
    max_new_tokens: int = 256
    do_sample: bool = False
    temperature: float = 1.0
    top_p: float = 1.0
    n_bullets: int = 3
    seed: int = 0


@dataclass
class OpenAICompatibleConf:
    _target_: str = "baselines.openai_compatible.OpenAICompatibleSummariser"
    base_url: str = MISSING
    model: str = MISSING
    api_key_env: str | None = "OPENAI_API_KEY"
    temperature: float = 0.0
    max_tokens: int = 512
    n_bullets: int = 3
    timeout_s: float = 60.0
    max_retries: int = 4
    backoff_s: float = 1.0
    concurrency: int = 4
    seed: int | None = 0


def register_configs() -> None:
    cs = ConfigStore.instance()
    cs.store(name="run_schema", node=RunConf)
    for name, node in [
        ("lead_k_schema", LeadKConf),
        ("random_k_schema", RandomKConf),
        ("graph_schema", GraphConf),
        ("lexrank_schema", LexRankConf),
        ("oracle_schema", OracleConf),
        ("reference_schema", ReferenceConf),
        ("seq2seq_schema", Seq2SeqConf),
        ("instruct_schema", InstructConf),
        ("openai_compatible_schema", OpenAICompatibleConf),
    ]:
        cs.store(group="summariser", name=name, node=node)


register_configs()


# --- the job ----------------------------------------------------------------------------------


def run_job(cfg: DictConfig) -> float | None:
    from benchmark.run import run
    from benchmark.scoring import ScoreOptions

    hc = HydraConfig.get()
    out_dir = Path(hc.runtime.output_dir)
    name = str(hc.runtime.choices.get("summariser", "summariser"))
    dataset_name = str(hc.runtime.choices.get("dataset", "dataset"))
    dataset = instantiate(cfg.dataset)
    summariser = instantiate(cfg.summariser)
    options = ScoreOptions(
        rouge_backend=cfg.metrics.rouge_backend,
        bootstrap_samples=cfg.metrics.bootstrap_samples,
        bootstrap_seed=cfg.metrics.bootstrap_seed,
        lexicon_path=cfg.metrics.lexicon,
        subjectivity_lexicon_path=cfg.metrics.subjectivity_lexicon,
        epistemic_lexicon_path=cfg.metrics.epistemic_lexicon,
        wording_model=cfg.metrics.wording_model,
        wording_model_revision=cfg.metrics.wording_model_revision,
        wording_model_label=cfg.metrics.wording_model_label,
    )
    resolved = OmegaConf.to_container(cfg, resolve=True)
    assert isinstance(resolved, dict)
    # How the work was split changes no score: leave it out of what results record,
    # so that merged shards and a single run record the same config.
    recorded = {str(k): v for k, v in resolved.items() if k not in ("shard", "workers")}
    from benchmark.shards import check_shard

    check_shard(cfg.shard.index, cfg.shard.count)
    shard = (int(cfg.shard.index), int(cfg.shard.count)) if cfg.shard.count > 1 else None
    outcome = run(
        dataset=dataset,
        split=cfg.split,
        summariser=summariser,
        summariser_name=name,
        summariser_config=resolved["summariser"],
        out_dir=out_dir,
        dataset_name=dataset_name,
        options=options,
        limit=cfg.limit,
        batch_size=cfg.batch_size,
        cache_dir=Path(cfg.cache_dir) if cfg.cache else None,
        progress=cfg.progress,
        config=recorded,
        shard=shard,
        workers=cfg.workers or None,
        model_device=cfg.metrics.wording_model_device,
    )
    if shard is not None:
        print(f"{name}: shard {shard[0]}/{shard[1]} -> {out_dir}")
        return None
    r = outcome.results["metrics"]
    shown = ", ".join(
        f"{m} {'-' if r[m]['mean'] is None else format(r[m]['mean'], '.4f')}"
        for m in ("rouge2", "figure_precision", "neutral_rate")
    )
    print(f"{name}: {shown} -> {out_dir}")
    value = r["rouge2"]["mean"]
    return None if value is None else float(value)


def merge_sweep_shards(sweep: Path) -> list[Path]:
    """Merge the shard jobs of a sweep, one merged folder per summariser setting.

    Returns the merged ``results.json`` files; a setting with a shard missing is left
    unmerged (with a message), so that a partial sweep is never passed off as whole.
    """
    from benchmark.errors import InputError
    from benchmark.merged_report import write_merged_reports
    from benchmark.scoring import write_results
    from benchmark.shards import MANIFEST, merge_shards, merged_results, read_manifest

    groups: dict[str, list[Path]] = {}
    for manifest in sorted(sweep.glob(f"*/{MANIFEST}")):
        m = read_manifest(manifest)
        # one group per setting: the summariser, and everything else the sweep may vary
        setting = json.dumps(
            [(m.run or {}).get("config_hash"), m.config, repr(m.options), m.count],
            sort_keys=True,
            default=str,
        )
        key = hashlib.sha256(setting.encode("utf-8")).hexdigest()[:8]
        groups.setdefault(key, []).append(manifest.parent)
    out: list[Path] = []
    for key, dirs in groups.items():
        try:
            merged = merge_shards(dirs)
        except InputError as exc:
            print(f"not merged: {exc}", file=sys.stderr)
            continue
        run_info = merged.first.run or {}
        name = f"merged_{run_info.get('name', 'run')}_{merged.first.count}shards_{key}"
        target = sweep / name
        results = merged_results(merged, target)
        out.append(write_results(target, merged.items, results)[1])
        note = write_merged_reports(merged, results, target)
        if note is not None:
            print(f"{target}: note: {note}", file=sys.stderr)
        print(f"merged {len(dirs)} shards -> {target}")
    return out


class ComparisonTable(Callback):
    """After a multirun: one table (markdown and CSV) across its jobs, printed and saved."""

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        from benchmark.run import comparison

        sweep = Path(config.hydra.sweep.dir)
        found = sorted(
            [*sweep.glob("*/results.json"), *merge_sweep_shards(sweep)],
            key=lambda p: (
                int(p.parent.name.split("_")[0]) if p.parent.name.split("_")[0].isdigit() else 0
            ),
        )
        results = [json.loads(p.read_text(encoding="utf-8")) for p in found]
        if not results:
            return
        from benchmark.reporting import plot_metric_bars, plot_tradeoffs

        md, csv_text = comparison(results)
        (sweep / "comparison.md").write_text(md, encoding="utf-8")
        (sweep / "comparison.csv").write_text(csv_text, encoding="utf-8")
        names = [r["summariser"]["name"] for r in results]
        for suffix in (".png", ".svg"):
            plot_metric_bars(results, sweep / f"comparison-metrics{suffix}", names=names)
        plot_tradeoffs(results, sweep / "comparison", names=names)
        print(f"\n{md}\nwrote {sweep / 'comparison.md'}, {sweep / 'comparison.csv'} and plots")


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def app(cfg: DictConfig) -> float | None:
    return run_job(cfg)


def main(argv: list[str]) -> int:
    """Run the Hydra app with ``argv`` as its command line (Hydra reads sys.argv)."""
    if not CONFIG_DIR.is_dir():
        print(
            f"headline-bench run: no configs at {CONFIG_DIR}; run from a source checkout "
            "or pass --config-dir",
            file=sys.stderr,
        )
        return 2
    saved = sys.argv
    sys.argv = ["headline-bench run", *argv]
    try:
        app()
    finally:
        sys.argv = saved
    return 0
