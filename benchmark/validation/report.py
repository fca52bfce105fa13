"""``headline-bench validate``: run the probes (and, with data, the real-data checks) and report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm.auto import tqdm

from benchmark.bundled import DEVSET_VERSION, build_devset, load_paraphrases
from benchmark.dataset import dataset_to_articles
from benchmark.metrics import figures, neutrality, wording
from benchmark.metrics.wording import WordingLexicons, default_lexicons
from benchmark.metrics.wording_model import WordingModel
from benchmark.validation.probes import PROBE_SEED, run_probes

if TYPE_CHECKING:
    from benchmark.validation.wording import Scorer

DETECTION_TARGET = 0.95
FALSE_POSITIVE_TARGET = 0.05


def probe_section(
    seed: int = PROBE_SEED, progress: bool = True, lexicons: WordingLexicons | None = None
) -> dict[str, Any]:
    build = build_devset()
    articles = [a for split in build.dataset.values() for a in dataset_to_articles(split)]
    layers = lexicons or default_lexicons()
    lexicon = layers.loaded
    report = run_probes(
        articles,
        load_paraphrases(),
        lexicon,
        seed,
        progress=(lambda ps: tqdm(list(ps), desc="probes", unit="probe")) if progress else None,
        layers=layers,
    )
    out = report.to_json()
    out["dev_set_version"] = DEVSET_VERSION
    out["seed"] = seed
    out["figures_version"] = figures.VERSION
    out["neutrality_version"] = neutrality.VERSION
    out["lexicon"] = lexicon.signature
    return out


def format_probes(section: dict[str, Any]) -> str:
    lines = [
        f"## Probes on the dev set (v{section['dev_set_version']}, seed {section['seed']}, "
        f"figures {section['figures_version']}, lexicon {section['lexicon']})",
        "",
        f"| probe | detected | total | rate | target >= {DETECTION_TARGET} |",
        "|---|---|---|---|---|",
    ]
    for kind, r in section["detection"].items():
        ok = "pass" if r["rate"] is not None and r["rate"] >= DETECTION_TARGET else "FAIL"
        lines.append(f"| {kind} | {r['detected']} | {r['total']} | {r['rate']:.3f} | {ok} |")
    lines += [
        "",
        f"| false positives on untouched texts | flagged | total | rate | "
        f"target <= {FALSE_POSITIVE_TARGET} |",
        "|---|---|---|---|---|",
    ]
    for f in section["false_positives"]:
        rate = f["rate"]
        ok = "pass" if rate is not None and rate <= FALSE_POSITIVE_TARGET else "FAIL"
        shown = "-" if rate is None else f"{rate:.3f}"
        lines.append(f"| {f['what']} | {f['flagged']} | {f['total']} | {shown} | {ok} |")
    misses = [(k, m) for k, r in section["detection"].items() for m in r["misses"][:3]]
    if misses:
        lines += ["", "Examples of misses:", ""] + [f"- {k}: {m}" for k, m in misses]
    fps = [(f["what"], e) for f in section["false_positives"] for e in f["examples"][:3]]
    if fps:
        lines += ["", "Examples of false positives:", ""] + [f"- {w}: {e}" for w, e in fps]
    return "\n".join(lines)


def wording_scorers(
    data: Path,
    lexicons: WordingLexicons | None = None,
    model: WordingModel | None = None,
) -> list[Scorer]:
    """Ours (every layer), the curated layer alone (the score before the layers), the plain
    public word lists found under ``data``, and the model when one is given."""
    from benchmark.validation.wording import (
        CURATED,
        OURS,
        LayeredScorer,
        ModelScorer,
        baseline_scorers,
    )

    ours = lexicons or default_lexicons()
    scorers: list[Scorer] = [
        LayeredScorer(OURS, ours),
        LayeredScorer(CURATED, WordingLexicons(ours.loaded, None, None)),
        *baseline_scorers(data),
    ]
    if model is not None:
        scorers.append(ModelScorer(f"model:{model.model}", model))
    return scorers


def validate(
    data: Path | None = None,
    out: Path | None = None,
    seed: int = PROBE_SEED,
    *,
    examples: bool = True,
    lexicons: WordingLexicons | None = None,
    model: WordingModel | None = None,
) -> tuple[dict[str, Any], str]:
    results: dict[str, Any] = {"probes": probe_section(seed, lexicons=lexicons)}
    text = format_probes(results["probes"])
    if data is not None:
        from benchmark.validation.real_data import format_report, run_all
        from benchmark.validation.wording import format_wording, run_wording

        results["real_data"] = run_all(data)
        text += "\n\n## Real labelled data\n\n" + format_report(
            results["real_data"], examples=examples
        )
        from benchmark.validation.real_outputs import format_real_outputs, run_real_outputs

        results["real_outputs"] = run_real_outputs(data)
        text += "\n\n## Figures on real system outputs\n\n" + format_real_outputs(
            results["real_outputs"]
        )
        scorers = wording_scorers(data, lexicons, model)
        results["wording"] = run_wording(data, scorers)
        results["wording"]["signature"] = (lexicons or default_lexicons()).signature
        text += (
            "\n\n## Wording against human labels, beside plain word lists\n\n"
            f"Ours: wording {wording.VERSION}, {results['wording']['signature']}.\n\n"
            + format_wording(results["wording"], examples=examples)
        )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "validation.json").write_text(
            json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8"
        )
        (out / "validation.md").write_text(text + "\n", encoding="utf-8")
    return results, text


def targets_met(results: dict[str, Any]) -> bool:
    probes = results["probes"]
    det = all(
        r["rate"] is not None and r["rate"] >= DETECTION_TARGET
        for r in probes["detection"].values()
    )
    fp = all(
        f["rate"] is None or f["rate"] <= FALSE_POSITIVE_TARGET for f in probes["false_positives"]
    )
    return det and fp
