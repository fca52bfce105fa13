"""Scoring a predictions file against a dataset split: per item, then aggregated.

The flow: ``prepare_articles`` analyses each article once (its figures, its
own-voice loaded terms, its tokens); ``score_item`` is a pure function of one
prepared article and one prediction; ROUGE is computed in one batch;
``aggregate`` adds means and seeded bootstrap intervals; ``write_results``
stores ``scores.jsonl`` and ``results.json`` with a signature.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.context
import os
import platform
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from benchmark import __version__, prepared_cache
from benchmark.aggregate import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    Aggregate,
    aggregate,
    available_cpus,
)
from benchmark.errors import InputError
from benchmark.metrics import extractive, figures, headline, neutrality, rouge
from benchmark.metrics.figures import AnalysedText, analyse, check_figures, figure_recall
from benchmark.metrics.neutrality import (
    Lexicon,
    SourceTerms,
    find_loaded_terms,
    load_lexicon,
    neutrality_scores,
    source_terms,
)
from benchmark.records import Article, Prediction
from benchmark.text import quote_spans, split_sentences

SUMMARY_METRICS = (
    "rouge1",
    "rouge2",
    "rougeL",
    "rougeLsum",
    "figure_precision",
    "figure_recall",
    "figure_hedge_kept",
    "figures",
    "figures_unsupported",
    "figures_unhedged",
    "loaded_per_100w",
    "neutral_rate",
    "loaded_terms",
    "loaded_inherited",
    "loaded_introduced",
    "coverage",
    "density",
    "compression",
    "summary_words",
)
HEADLINE_METRICS = (
    "headline_rouge1",
    "headline_rouge2",
    "headline_rougeL",
    "headline_words",
    "headline_figure_precision",
    "headline_figures_unsupported",
    "headline_figures_unhedged",
    "headline_loaded_per_100w",
    "headline_neutral_rate",
    "headline_sensational_rate",
    "headline_question_rate",
    "headline_exclamation_rate",
    "headline_superlatives",
    "headline_all_caps",
)
METRICS = SUMMARY_METRICS + HEADLINE_METRICS
HIGHER_IS_BETTER: Mapping[str, bool | None] = {
    **{m: True for m in METRICS if "rouge" in m},
    "figure_precision": True,
    "figure_recall": True,
    "figure_hedge_kept": True,
    "headline_figure_precision": True,
    "neutral_rate": True,
    "headline_neutral_rate": True,
    "figures_unsupported": False,
    "figures_unhedged": False,
    "loaded_per_100w": False,
    "loaded_terms": False,
    "loaded_inherited": False,
    "loaded_introduced": False,
    "headline_figures_unsupported": False,
    "headline_figures_unhedged": False,
    "headline_loaded_per_100w": False,
    "headline_sensational_rate": False,
    "headline_question_rate": False,
    "headline_exclamation_rate": False,
    "headline_superlatives": False,
    "headline_all_caps": False,
}  # metrics not listed (lengths, extractiveness, counts of figures) describe, they don't rank

METRIC_VERSIONS = {
    "rouge": rouge.VERSION,
    "figures": figures.VERSION,
    "neutrality": neutrality.VERSION,
    "extractive": extractive.VERSION,
    "headline": headline.VERSION,
}


@dataclass(frozen=True)
class ScoreOptions:
    rouge_backend: rouge.Backend = "rouge-score"
    use_stemmer: bool = True
    bootstrap_samples: int = DEFAULT_SAMPLES
    bootstrap_seed: int = DEFAULT_SEED
    lexicon_path: str | None = None


@dataclass(frozen=True)
class PreparedArticle:
    """An article with its source side analysed once, reused for every summary."""

    article: Article
    figures: AnalysedText
    terms: SourceTerms
    tokens: tuple[str, ...]
    reference_figures: AnalysedText | None
    # where each token occurs in the body (for extractiveness); None: built on demand
    positions: Mapping[str, Sequence[int]] | None = field(default=None, repr=False)


def prepare_article(article: Article, lexicon: Lexicon) -> PreparedArticle:
    ref = None if article.bullets is None else analyse(rouge.bullets_text(article.bullets))
    tokens = tuple(extractive.tokens(article.body))
    sentences = split_sentences(article.body)
    quotes = quote_spans(article.body)
    return PreparedArticle(
        article=article,
        figures=analyse(article.body, sentences=sentences, quotes=quotes),
        terms=source_terms(article.body, lexicon=lexicon, sentences=sentences, quotes=quotes),
        tokens=tokens,
        reference_figures=ref,
        positions=extractive.token_positions(tokens),
    )


@dataclass(frozen=True)
class ItemScores:
    """Every per-item score of one prediction, and the evidence behind the figure and
    wording scores (for reports)."""

    id: str
    values: Mapping[str, float | None]
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "scores": dict(self.values), "details": dict(self.details)}


def _figure_details(report: figures.FigureReport) -> list[dict[str, Any]]:
    return [
        {
            "text": m.figure.text,
            "start": m.figure.start,
            "end": m.figure.end,
            "status": m.status,
            "source": None if m.source is None else m.source.text,
            "source_start": None if m.source is None else m.source.start,
            "explanation": m.explanation,
        }
        for m in report.matches
    ]


def _term_details(terms: Sequence[neutrality.LoadedTerm]) -> list[dict[str, Any]]:
    return [
        {
            "text": t.text,
            "start": t.start,
            "end": t.end,
            "category": t.category,
            "term": t.term,
            "inherited": t.inherited,
            "neutral": t.neutral,
        }
        for t in terms
    ]


def score_item(prep: PreparedArticle, pred: Prediction, lexicon: Lexicon) -> ItemScores:
    """Every non-ROUGE score of one prediction (pure: same inputs, same scores)."""
    summary = rouge.bullets_text(pred.bullets)
    sents, quotes = split_sentences(summary), quote_spans(summary)
    summary_figures = analyse(summary, sentences=sents, quotes=quotes)  # for precision and recall
    fig = check_figures(prep.figures, summary_figures)
    terms = find_loaded_terms(summary, prep.terms, lexicon=lexicon, sentences=sents, quotes=quotes)
    neu = neutrality_scores(summary, terms)
    ext = extractive.extractiveness(prep.tokens, summary, positions=prep.positions)
    recall = None
    if prep.reference_figures is not None:
        recall = figure_recall(prep.reference_figures, summary_figures)

    head = pred.headline
    sents, quotes = split_sentences(head), quote_spans(head)
    hfig = check_figures(prep.figures, analyse(head, sentences=sents, quotes=quotes))
    hterms = find_loaded_terms(head, prep.terms, lexicon=lexicon, sentences=sents, quotes=quotes)
    hneu = neutrality_scores(head, hterms)
    cues = headline.headline_cues(head)
    values: dict[str, float | None] = {
        "figure_precision": fig.precision,
        "figure_recall": recall,
        "figure_hedge_kept": fig.hedge_kept,
        "figures": float(len(fig.figures)),
        "figures_unsupported": float(len(fig.unsupported)),
        "figures_unhedged": float(len(fig.unhedged)),
        "loaded_per_100w": neu.loaded_per_100w,
        "neutral_rate": float(neu.neutral),
        "loaded_terms": float(neu.loaded),
        "loaded_inherited": float(neu.inherited),
        "loaded_introduced": float(neu.introduced),
        "coverage": ext.coverage,
        "density": ext.density,
        "compression": ext.compression,
        "summary_words": float(neu.words),
        "headline_words": float(cues.words),
        "headline_figure_precision": hfig.precision,
        "headline_figures_unsupported": float(len(hfig.unsupported)),
        "headline_figures_unhedged": float(len(hfig.unhedged)),
        "headline_loaded_per_100w": hneu.loaded_per_100w,
        "headline_neutral_rate": float(hneu.neutral),
        "headline_sensational_rate": float(cues.sensational),
        "headline_question_rate": float(cues.question),
        "headline_exclamation_rate": float(cues.exclamation),
        "headline_superlatives": float(cues.superlatives),
        "headline_all_caps": float(cues.all_caps),
    }
    details = {
        "figures": _figure_details(fig),
        "loaded_terms": _term_details(terms),
        "headline_figures": _figure_details(hfig),
        "headline_loaded_terms": _term_details(hterms),
    }
    return ItemScores(pred.id, values, details)


def match_predictions(
    articles: Sequence[Article], predictions: Iterable[Prediction], *, path: str | None = None
) -> list[Prediction]:
    """Predictions in article order; every article needs exactly one, and no others."""
    by_id = {p.id: p for p in predictions}
    ids = [a.id for a in articles]
    missing = [i for i in ids if i not in by_id]
    extra = sorted(set(by_id) - set(ids))
    if missing:
        raise InputError(
            f"no prediction for {len(missing)} of {len(ids)} articles (first: {missing[0]})",
            path=path,
            field="id",
        )
    if extra:
        raise InputError(
            f"{len(extra)} predictions for ids not in this split (first: {extra[0]})",
            path=path,
            field="id",
        )
    return [by_id[i] for i in ids]


# Below this many articles per worker, starting processes costs more than it saves.
MIN_ARTICLES_PER_WORKER = 200


def resolve_workers(workers: int | None, n_items: int) -> int:
    """``None`` or 0: one process per available CPU, enough articles each; else ``workers``."""
    if workers is not None and workers < 0:
        raise ValueError(f"workers must be >= 0, got {workers}")
    if workers:
        return max(1, min(workers, n_items))
    return max(1, min(available_cpus(), n_items // MIN_ARTICLES_PER_WORKER))


def score_predictions(
    articles: Sequence[Article],
    predictions: Sequence[Prediction],
    *,
    options: ScoreOptions = ScoreOptions(),
    progress: bool = False,
    workers: int | None = 1,
    cache_dir: str | os.PathLike[str] | None = None,
) -> list[ItemScores]:
    """Per-item scores for aligned ``articles`` and ``predictions``.

    Every score is a pure function of one article and its prediction, so items are
    scored in chunks, in ``workers`` processes when that is more than one (``None``:
    one per CPU for large sets), and the result is the same whatever the split.
    With ``cache_dir``, each chunk's article analysis is kept there and reused by later
    scorings of the same articles (see ``benchmark.prepared_cache``): same scores, less work.
    As for any multiprocessing code, a script that asks for more than one worker guards its
    entry point (``if __name__ == "__main__":``): when other threads run (a progress bar's,
    say), workers start from a fresh interpreter, which imports the script again.
    """
    pairs = list(zip(articles, predictions, strict=True))
    for art, pred in pairs:
        if art.id != pred.id:
            raise ValueError(f"misaligned: article {art.id} vs prediction {pred.id}")
    n_workers = resolve_workers(workers, len(pairs))
    # Chunks of up to 128 (16 or more chunks keep two workers busy to the end), sized
    # by the set alone so that the cache's blocks are the same whatever the worker count.
    size = min(128, max(16, -(-len(pairs) // 16)))
    chunks = [pairs[k : k + size] for k in range(0, len(pairs), size)]
    task = partial(
        score_chunk, options=options, cache_dir=None if cache_dir is None else Path(cache_dir)
    )
    bar = partial(tqdm, total=len(pairs), desc="scoring", unit="article", disable=not progress)
    items: list[ItemScores] = []
    if n_workers == 1:
        with bar() as shown:
            for chunk in chunks:
                items.extend(task(chunk))
                shown.update(len(chunk))
        return items
    # the pool forks its workers at the first submit, before the bar starts tqdm's thread
    with ProcessPoolExecutor(n_workers, mp_context=_mp_context()) as pool:
        done = pool.map(task, chunks)
        with bar() as shown:
            for chunk, scored in zip(chunks, done, strict=True):
                items.extend(scored)
                shown.update(len(chunk))
    return items


def _mp_context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    # fork is cheapest and, unlike spawn, does not re-run the caller's unguarded script;
    # it is unsafe only when other threads may hold locks, so then fork from a clean server
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["benchmark.scoring"])
        return ctx
    return multiprocessing.get_context("spawn")


def _lexicon(path: str | None) -> Lexicon:
    """The lexicon, parsed once per process and file version (not once per chunk)."""
    if path is None:
        return load_lexicon()
    st = os.stat(path)
    return _lexicon_at(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _lexicon_at(path: str, mtime_ns: int, size: int) -> Lexicon:
    return load_lexicon(path)


def score_chunk(
    pairs: Sequence[tuple[Article, Prediction]],
    options: ScoreOptions,
    cache_dir: Path | None = None,
) -> list[ItemScores]:
    """Every score of each (article, prediction) pair, ROUGE included (one worker's task)."""
    lexicon = _lexicon(options.lexicon_path)
    articles = [a for a, _ in pairs]
    prepared = None
    if cache_dir is not None:
        key = prepared_cache.block_key(articles, lexicon)
        prepared = prepared_cache.load(cache_dir, key)
    if prepared is None:
        prepared = [prepare_article(a, lexicon) for a in articles]
        if cache_dir is not None:
            prepared_cache.store(cache_dir, key, prepared)
    items = [score_item(prep, p, lexicon) for prep, (_, p) in zip(prepared, pairs, strict=True)]
    _add_rouge(items, articles, [p for _, p in pairs], options)
    return items


def _add_rouge(
    items: list[ItemScores],
    articles: Sequence[Article],
    predictions: Sequence[Prediction],
    options: ScoreOptions,
) -> None:
    with_bullets = [k for k, a in enumerate(articles) if a.bullets is not None]
    with_headline = [k for k, a in enumerate(articles) if a.headline is not None]
    summ = rouge.rouge_f(
        [rouge.bullets_text(articles[k].bullets or ()) for k in with_bullets],
        [rouge.bullets_text(predictions[k].bullets) for k in with_bullets],
        types=rouge.SUMMARY_TYPES,
        backend=options.rouge_backend,
        use_stemmer=options.use_stemmer,
    )
    head = rouge.rouge_f(
        [articles[k].headline or "" for k in with_headline],
        [predictions[k].headline for k in with_headline],
        types=rouge.HEADLINE_TYPES,
        backend=options.rouge_backend,
        use_stemmer=options.use_stemmer,
    )
    values: list[dict[str, float | None]] = [
        {
            **{t: None for t in rouge.SUMMARY_TYPES},
            **{f"headline_{t}": None for t in rouge.HEADLINE_TYPES},
        }
        for _ in items
    ]
    for k, scores in zip(with_bullets, summ, strict=True):
        values[k].update(scores)
    for k, scores in zip(with_headline, head, strict=True):
        values[k].update({f"headline_{t}": v for t, v in scores.items()})
    for k, item in enumerate(items):
        items[k] = ItemScores(item.id, {**values[k], **item.values}, item.details)


def signature(
    *, fingerprint: str, split: str, n_items: int, options: ScoreOptions, lexicon: Lexicon
) -> str:
    """Two scores are comparable only when their signatures are equal (as in SacreBLEU)."""
    return "|".join(
        [
            f"headline-bench:{__version__}",
            f"data:{fingerprint[:12]}/{split}",
            f"n:{n_items}",
            f"rouge:{rouge.VERSION}+{'stem' if options.use_stemmer else 'nostem'}",
            f"figures:{figures.VERSION}",
            f"neutrality:{neutrality.VERSION}+lex:{lexicon.signature}",
            f"extractive:{extractive.VERSION}",
            f"headline:{headline.VERSION}",
            f"boot:{options.bootstrap_samples}@{options.bootstrap_seed}",
        ]
    )


def add_run_info(
    results: dict[str, Any],
    *,
    dataset_name: str,
    summariser_name: str,
    config_hash: str,
    failures: int,
    articles: int,
) -> None:
    """What `headline-bench run` adds to the results: the dataset's and summariser's names."""
    results["dataset"]["name"] = dataset_name
    results["summariser"] = {
        "name": summariser_name,
        "config_hash": config_hash,
        "failures": failures,
        "articles": articles,
    }


def _dist_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def file_sha256(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_results(
    items: Sequence[ItemScores],
    *,
    fingerprint: str,
    split: str,
    options: ScoreOptions,
    dataset_path: str | None = None,
    predictions_path: str | None = None,
    predictions_sha256: str | None = None,
    config: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The results object: aggregates, signature and provenance.

    ``predictions_sha256`` is computed from ``predictions_path`` unless given (a merge
    of shards knows it from their manifests, and the file may be on another machine).
    """
    lexicon = load_lexicon(options.lexicon_path)
    if predictions_sha256 is None and predictions_path:
        predictions_sha256 = file_sha256(predictions_path)
    aggregates: dict[str, Aggregate] = aggregate(
        [it.values for it in items],
        METRICS,
        seed=options.bootstrap_seed,
        samples=options.bootstrap_samples,
    )
    return {
        "signature": signature(
            fingerprint=fingerprint,
            split=split,
            n_items=len(items),
            options=options,
            lexicon=lexicon,
        ),
        "headline_bench_version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "dataset": {"path": dataset_path, "fingerprint": fingerprint, "split": split},
        "predictions": {
            "path": predictions_path,
            "sha256": predictions_sha256,
        },
        "n_items": len(items),
        "metrics": {name: agg.to_json() for name, agg in aggregates.items()},
        "higher_is_better": {m: HIGHER_IS_BETTER.get(m) for m in METRICS},
        "metric_versions": METRIC_VERSIONS,
        "lexicon": {"name": lexicon.name, "version": lexicon.version, "sha256": lexicon.sha256},
        "bootstrap": {
            "samples": options.bootstrap_samples,
            "seed": options.bootstrap_seed,
            "confidence": 0.95,
            "method": "percentile",
        },
        "parameters": asdict(options),
        "config": dict(config) if config is not None else None,
        "environment": {
            "python": platform.python_version(),
            **{
                name: _dist_version(name)
                for name in (
                    "datasets",
                    "evaluate",
                    "rouge-score",
                    "rouge-score-rs",
                    "numpy",
                    "transformers",
                    "hydra-core",
                )
            },
        },
    }


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


RESULTS_SCHEMA = "results.schema.json"


def results_schema() -> dict[str, Any]:
    from importlib.resources import files

    text = files("benchmark").joinpath("schemas").joinpath(RESULTS_SCHEMA).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_results(results: Mapping[str, Any], *, path: str | None = None) -> None:
    """Check a results object against the JSON Schema; raise InputError naming the field."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(results_schema())
    errors = sorted(validator.iter_errors(results), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        field = "/".join(str(p) for p in err.absolute_path) or None
        raise InputError(
            f"does not match the results schema: {err.message}", path=path, field=field
        )


def write_results(
    out_dir: str | Path, items: Sequence[ItemScores], results: Mapping[str, Any]
) -> tuple[Path, Path]:
    validate_results(results)  # every writer checks what it writes
    out = Path(out_dir)
    scores = out / "scores.jsonl"
    _atomic_write(
        scores, "".join(json.dumps(it.to_json(), ensure_ascii=False) + "\n" for it in items)
    )
    res = out / "results.json"
    _atomic_write(res, json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return scores, res
