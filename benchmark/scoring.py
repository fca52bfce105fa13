"""Scoring a predictions file against a dataset split: per item, then aggregated.

The flow: ``prepare_article`` analyses each article once (its figures, its tokens, and
its own-voice wording when a summary first needs it); ``score_item`` scores one prediction
against its prepared article (its scores depend on nothing else; it fills the article's
caches as it reads); ROUGE is computed in one batch;
``aggregate`` adds means and seeded bootstrap intervals; ``write_results``
stores ``scores.jsonl`` and ``results.json`` with a signature.
"""

# Why this module is long: it is the scoring flow end to end (per-item scores and their
# details, the worker pool, results.json with its signature), and each part is short;
# splitting results from scoring would make the two import each other.

from __future__ import annotations

import hashlib
import json
import os
import platform
import time
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
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
)
from benchmark.errors import InputError
from benchmark.metrics import (
    extractive,
    figures,
    headline,
    neutrality,
    rouge,
    wording,
    wording_model,
)
from benchmark.metrics.figures import AnalysedText, SourceFigures, check_figures, figure_recall
from benchmark.metrics.neutrality import (
    Lexicon,
    find_loaded_terms,
    load_lexicon,
    neutrality_scores,
)
from benchmark.metrics.wording import (
    WordingLexicons,
    find_wording_cues,
    load_wording_lexicons,
    wording_scores,
)
from benchmark.metrics.wording_model import WordingModel
from benchmark.metrics.wordlists import WordList
from benchmark.normalise import Normalised
from benchmark.prepared import PreparedArticle, SourceWording, prepare_article, read_text
from benchmark.records import Article, Prediction
from benchmark.text import Sentence, Span
from benchmark.workers import (  # resolve_workers: where it used to live
    MIN_ARTICLES_PER_WORKER as MIN_ARTICLES_PER_WORKER,
)
from benchmark.workers import resolve_workers as resolve_workers
from benchmark.workers import run_chunks

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
    "wording_bias",
    "wording_bias_introduced",
    "wording_cues",
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
    "headline_wording_bias",
    "headline_wording_bias_introduced",
    "headline_sensational_rate",
    "headline_question_rate",
    "headline_exclamation_rate",
    "headline_superlatives",
    "headline_all_caps",
)
METRICS = SUMMARY_METRICS + HEADLINE_METRICS
# Only in runs scored with a wording model (``ScoreOptions.wording_model``).
MODEL_METRICS = ("wording_bias_model", "headline_wording_bias_model")
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
    "wording_bias": False,
    "wording_bias_introduced": False,
    "wording_cues": False,
    "headline_wording_bias": False,
    "headline_wording_bias_introduced": False,
    "wording_bias_model": False,
    "headline_wording_bias_model": False,
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
    "wording": wording.VERSION,
    "wording_model": wording_model.VERSION,
    "extractive": extractive.VERSION,
    "headline": headline.VERSION,
}


@dataclass(frozen=True)
class ScoreOptions:
    rouge_backend: rouge.Backend = "rouge-score"
    use_stemmer: bool = True
    bootstrap_samples: int = DEFAULT_SAMPLES
    bootstrap_seed: int = DEFAULT_SEED
    lexicon_path: str | None = None  # the curated loaded-term lexicon (layer 1)
    subjectivity_lexicon_path: str | None = None  # layer 2; None: the bundled list
    epistemic_lexicon_path: str | None = None  # layer 3; None: the bundled list
    # layer 4 (optional): a sequence-classification model, by hub id or folder
    wording_model: str | None = None
    wording_model_revision: str | None = None
    wording_model_label: str | None = None


@dataclass(frozen=True)
class ItemScores:
    """Every per-item score of one prediction, and the evidence behind the figure and
    wording scores (for reports)."""

    id: str
    values: Mapping[str, float | None]
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "scores": dict(self.values), "details": dict(self.details)}


def _figure_details(
    report: figures.FigureReport, summary: AnalysedText, source: AnalysedText | SourceFigures
) -> list[dict[str, Any]]:
    """Each summary figure's verdict; offsets and texts are those of the summary and the
    article as given (tokenised text is read normalised, and mapped back here)."""
    out = []
    for m in report.matches:
        start, end = summary.original_span(m.figure.start, m.figure.end)
        src = None if m.source is None else source.original_span(m.source.start, m.source.end)
        out.append(
            {
                "text": _original(summary, start, end),
                "start": start,
                "end": end,
                "status": m.status,
                "source": None if src is None else _original(source, *src),
                "source_start": None if src is None else src[0],
                "explanation": m.explanation,
            }
        )
    return out


def _original(at: AnalysedText | SourceFigures, start: int, end: int) -> str:
    return (at.text if at.normalised is None else at.normalised.original)[start:end]


def _shifted(row: dict[str, Any], norm: Normalised) -> dict[str, Any]:
    """A term's or cue's details with offsets and text in the text as given."""
    if not norm.changed:
        return row
    start, end = norm.to_original(row["start"], row["end"])
    return {**row, "text": norm.original[start:end], "start": start, "end": end}


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


def _cue_details(cues: Sequence[wording.WordingCue]) -> list[dict[str, Any]]:
    """The cues of layers 2 and 3 (the curated layer's are in ``loaded_terms``)."""
    return [
        {
            "text": c.text,
            "start": c.start,
            "end": c.end,
            "layer": c.layer,
            "kind": c.kind,
            "term": c.term,
            "weight": c.weight,
            "inherited": c.inherited,
        }
        for c in cues
        if c.layer != "loaded"
    ]


@dataclass(frozen=True, slots=True)
class _Wording:
    """One text's own-voice loaded terms and layered cues, found once."""

    terms: list[neutrality.LoadedTerm]
    neutrality: neutrality.NeutralityScores
    cues: list[wording.WordingCue]
    scores: wording.WordingScores


def _wording(
    text: str,
    sents: Sequence[Sentence],
    quotes: Sequence[Span],
    prep: PreparedArticle,
    lexicons: WordingLexicons,
) -> _Wording:
    found = _wording_against(text, sents, quotes, None, lexicons)
    if not (found.terms or found.cues):
        return found  # nothing the source's wording could mark inherited: left unread
    return _wording_against(text, sents, quotes, prep.source_wording(lexicons), lexicons)


def _wording_against(
    text: str,
    sents: Sequence[Sentence],
    quotes: Sequence[Span],
    source: SourceWording | None,
    lexicons: WordingLexicons,
) -> _Wording:
    occurrences = find_loaded_terms(
        text,
        None if source is None else source.terms,
        lexicon=lexicons.loaded,
        include_quoted=True,
        sentences=sents,
        quotes=quotes,
    )
    terms = [t for t in occurrences if not t.quoted]
    cues = find_wording_cues(
        text,
        None if source is None else source.cues,
        lexicons=lexicons,
        sentences=sents,
        quotes=quotes,
        loaded_terms=occurrences,
    )
    return _Wording(terms, neutrality_scores(text, terms), cues, wording_scores(text, cues, sents))


def score_item(prep: PreparedArticle, pred: Prediction, lexicons: WordingLexicons) -> ItemScores:
    """Every non-ROUGE score of one prediction (same inputs, same scores; what it reads of
    the article is kept in ``prep`` for the next summary).

    Texts are read normalised (PTB tokenisation undone, see ``benchmark.normalise``), so a
    lower-cased, tokenised summary gets the verdicts of the same summary written normally."""
    raw_summary = rouge.bullets_text(pred.bullets)
    norm, sents, quotes, summary_figures = read_text(raw_summary)
    summary = norm.text
    fig = check_figures(prep.figures, summary_figures)
    wd = _wording(summary, sents, quotes, prep, lexicons)
    neu = wd.neutrality
    ext = extractive.extractiveness(prep.tokens, raw_summary)
    recall = None
    if prep.reference_figures is not None:
        recall = figure_recall(prep.reference_figures, summary_figures)

    hnorm, sents, quotes, head_figures = read_text(pred.headline)
    hfig = check_figures(prep.figures, head_figures)
    hwd = _wording(hnorm.text, sents, quotes, prep, lexicons)
    hneu = hwd.neutrality
    cues = headline.headline_cues(pred.headline)
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
        "wording_bias": wd.scores.bias,
        "wording_bias_introduced": wd.scores.introduced,
        "wording_cues": float(wd.scores.cues),
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
        "headline_wording_bias": hwd.scores.bias,
        "headline_wording_bias_introduced": hwd.scores.introduced,
        "headline_sensational_rate": float(cues.sensational),
        "headline_question_rate": float(cues.question),
        "headline_exclamation_rate": float(cues.exclamation),
        "headline_superlatives": float(cues.superlatives),
        "headline_all_caps": float(cues.all_caps),
    }
    details = {
        "figures": _figure_details(fig, summary_figures, prep.figures),
        "loaded_terms": [_shifted(r, norm) for r in _term_details(wd.terms)],
        "wording_cues": [_shifted(r, norm) for r in _cue_details(wd.cues)],
        "headline_figures": _figure_details(hfig, head_figures, prep.figures),
        "headline_loaded_terms": [_shifted(r, hnorm) for r in _term_details(hwd.terms)],
        "headline_wording_cues": [_shifted(r, hnorm) for r in _cue_details(hwd.cues)],
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


def score_predictions(
    articles: Sequence[Article],
    predictions: Sequence[Prediction],
    *,
    options: ScoreOptions = ScoreOptions(),
    progress: bool = False,
    workers: int | None = 1,
    cache_dir: str | os.PathLike[str] | None = None,
    model_device: str = "cpu",
) -> list[ItemScores]:
    """Per-item scores for aligned ``articles`` and ``predictions``.

    Every score is a pure function of one article and its prediction, so items are
    scored in chunks, in ``workers`` processes when that is more than one (``None``:
    one per CPU for large sets), and the result is the same whatever the split.
    With ``cache_dir``, each chunk's article analysis is kept there and reused by later
    scorings of the same articles (see ``benchmark.prepared_cache``): same scores, less work.
    With ``options.wording_model``, the model then reads every summary and headline in this
    process, on ``model_device``.
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
    items: list[ItemScores] = []
    # closed as soon as scoring stops, an error included: the pool shut down and the
    # collector as it was, not left to whenever the traceback is dropped
    with (
        closing(run_chunks(task, chunks, n_workers, preload=("benchmark.scoring",))) as done,
        tqdm(total=len(pairs), desc="scoring", unit="article", disable=not progress) as bar,
    ):
        for chunk, scored in zip(chunks, done, strict=True):
            items.extend(scored)
            bar.update(len(chunk))
    model = wording_model_for(options, model_device)
    if model is not None:
        add_model_scores(items, predictions, model)
    return items


def _mtime(path: str | None) -> tuple[int, int] | None:
    if path is None:
        return None
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size


def lexicons_for(options: ScoreOptions) -> WordingLexicons:
    """The wording layers of ``options``, parsed once per process and file version (not
    once per chunk)."""
    paths = (
        options.lexicon_path,
        options.subjectivity_lexicon_path,
        options.epistemic_lexicon_path,
    )
    return _lexicons_at(paths, tuple(_mtime(p) for p in paths))


@lru_cache(maxsize=4)
def _lexicons_at(
    paths: tuple[str | None, str | None, str | None], stamps: tuple[Any, ...]
) -> WordingLexicons:
    return load_wording_lexicons(*paths)


def score_chunk(
    pairs: Sequence[tuple[Article, Prediction]],
    options: ScoreOptions,
    cache_dir: Path | None = None,
) -> list[ItemScores]:
    """Every score of each (article, prediction) pair, ROUGE included (one worker's task);
    the wording model's, if any, is added afterwards in the parent (:func:`add_model_scores`)."""
    lexicons = lexicons_for(options)
    articles = [a for a, _ in pairs]
    prepared = None
    if cache_dir is not None:
        key = prepared_cache.block_key(articles, lexicons)
        prepared = prepared_cache.load(cache_dir, key)
    missed = prepared is None
    if prepared is None:
        prepared = [prepare_article(a, lexicons) for a in articles]
    items = [score_item(prep, p, lexicons) for prep, (_, p) in zip(prepared, pairs, strict=True)]
    if missed and cache_dir is not None:
        # stored after scoring: with the source wording that these summaries made it read
        prepared_cache.store(cache_dir, key, prepared)
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
    """Two scores are comparable only when their signatures are equal (as in SacreBLEU).

    ``lexicon`` is the curated layer (``options.lexicon_path`` loaded); the other wording
    layers and the model come from ``options``."""
    layers = lexicons_for(options)
    wording_part = f"wording:{wording.VERSION}+{layers.graded_signature}"
    model = wording_model_for(options)
    if model is not None:
        wording_part += f"+model:{model.signature}"
    return "|".join(
        [
            f"headline-bench:{__version__}",
            f"data:{fingerprint[:12]}/{split}",
            f"n:{n_items}",
            f"rouge:{rouge.VERSION}+{'stem' if options.use_stemmer else 'nostem'}",
            f"figures:{figures.VERSION}",
            f"neutrality:{neutrality.VERSION}+lex:{lexicon.signature}",
            wording_part,
            f"extractive:{extractive.VERSION}",
            f"headline:{headline.VERSION}",
            f"boot:{options.bootstrap_samples}@{options.bootstrap_seed}",
        ]
    )


def wording_model_for(options: ScoreOptions, device: str = "cpu") -> WordingModel | None:
    """The wording model of ``options`` (not loaded until it scores), or None."""
    if options.wording_model is None:
        return None
    return WordingModel(
        model=options.wording_model,
        revision=options.wording_model_revision,
        label=options.wording_model_label,
        device=device,
    )


def add_model_scores(
    items: list[ItemScores], predictions: Sequence[Prediction], model: WordingModel
) -> None:
    """``wording_bias_model`` and ``headline_wording_bias_model`` (and the model's cues)
    added to each item, with every text's sentences classified in one stream of batches."""
    summaries = [rouge.bullets_text(p.bullets) for p in predictions]
    read = model.score_many(summaries + [p.headline for p in predictions])
    n = len(predictions)
    for k, item in enumerate(items):
        body, head = read[k], read[n + k]
        values = {
            **item.values,
            "wording_bias_model": body.bias,
            "headline_wording_bias_model": head.bias,
        }
        details = {
            **item.details,
            "model_cues": [asdict(c) for c in body.cues],
            "headline_model_cues": [asdict(c) for c in head.cues],
        }
        items[k] = ItemScores(item.id, values, details)


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
    layers = lexicons_for(options)
    model = wording_model_for(options)
    if predictions_sha256 is None and predictions_path:
        predictions_sha256 = file_sha256(predictions_path)
    names = METRICS + tuple(m for m in MODEL_METRICS if items and m in items[0].values)
    aggregates: dict[str, Aggregate] = aggregate(
        [it.values for it in items],
        names,
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
        "higher_is_better": {m: HIGHER_IS_BETTER.get(m) for m in names},
        "metric_versions": METRIC_VERSIONS,
        "lexicon": {"name": lexicon.name, "version": lexicon.version, "sha256": lexicon.sha256},
        "wording": {
            "version": wording.VERSION,
            "subjective": _list_info(layers.subjective),
            "epistemic": _list_info(layers.epistemic),
            "model": None if model is None else model.signature,
        },
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


def _list_info(wl: WordList | None) -> dict[str, Any] | None:
    if wl is None:
        return None
    return {"name": wl.name, "version": wl.version, "sha256": wl.sha256, "entries": len(wl)}


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
