"""A summariser from any encoder-decoder checkpoint (BART, PEGASUS, T5) on the hub or on disk.

:class:`Seq2SeqSummariser` loads the checkpoint through ``AutoTokenizer`` and
``AutoModelForSeq2SeqLM`` on first use (so building one is cheap and needs no torch),
generates in batches under ``torch.inference_mode()``, and turns the text into bullets
with :func:`baselines.postprocess.split_bullets`. The headline is either the first
sentence of the summary or a second, short generation from ``headline_prefix`` + body.

The generation settings given here are the whole specification: they override what
the checkpoint's ``generation_config.json`` says about beams, lengths and n-gram
blocking, so that :meth:`Seq2SeqSummariser.config` (the cache key) describes the output.

torch is an optional dependency (``pip install 'headline-bench[neural]'``); this module
imports it only when a model is loaded. The helpers here (:func:`require_torch`,
:func:`seeded`, :class:`GenerationFailedError`) are shared with :mod:`baselines.instruct`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from typing import Any

from baselines.base import Failure, SummariserError, batched, predictions_or_raise
from baselines.postprocess import split_bullets
from benchmark.errors import InputError
from benchmark.records import Article, Prediction
from benchmark.text import split_sentences

HEADLINE_MODES = ("first_sentence", "second_generation")
_MARKER = re.compile(r"^\s*(?:[-*•▪·●]|\d+[.)])\s+")
_TORCH_HINT = (
    "the neural baselines need PyTorch: pip install 'headline-bench[neural]' "
    "(on machines with the local CPU wheel, run `pip install torch==2.13.0` first: "
    "a bare `torch` requirement downloads a multi-GB CUDA build)"
)


class GenerationFailedError(SummariserError):
    """Articles a local model could not summarise (raised by ``summarise``)."""


def require_torch() -> Any:
    """The ``torch`` module, or an ImportError that says how to install it."""
    try:
        import torch
    except ImportError as exc:
        raise ImportError(_TORCH_HINT) from exc
    return torch


@contextlib.contextmanager
def seeded(torch: Any, seed: int, device: str) -> Iterator[None]:
    """Seed torch for the block and restore the caller's RNG state afterwards.

    The global generators (CPU, and the device's own when it has one) are forked, so
    a run seeds its sampling without disturbing the RNG of the program around it.
    """
    dev = torch.device(device)
    if dev.type == "cpu":
        ctx = torch.random.fork_rng(devices=[])
    elif dev.type == "cuda":
        index = dev.index if dev.index is not None else torch.cuda.current_device()
        ctx = torch.random.fork_rng(devices=[index], device_type="cuda")
    else:  # mps, xpu, ...: fork the CPU state at least
        ctx = torch.random.fork_rng(devices=[], device_type=dev.type)
    with ctx:
        torch.manual_seed(seed)
        yield


def check_positive(**values: int) -> None:
    for name, value in values.items():
        if value < 1:
            raise InputError(f"must be at least 1, got {value}", field=name)


def check_context(config: Any, needed: int, what: str) -> None:
    """Refuse settings longer than the model's position table (an index error otherwise)."""
    limit = getattr(config, "max_position_embeddings", None)
    if isinstance(limit, int) and needed > limit:
        raise InputError(
            f"{what} is {needed} tokens but the model has {limit} positions",
            field="max_input_tokens",
        )


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` as a headline: no bullet marker, no final full stop."""
    sentences = split_sentences(text.strip())
    if not sentences:
        return ""
    head = " ".join(_MARKER.sub("", sentences[0].text).split())
    # "The U.S." keeps its dot; "Floods hit the city." loses it.
    if head.endswith(".") and not head.endswith("..") and "." not in head.rsplit(" ", 1)[-1][:-1]:
        head = head[:-1].rstrip()
    return head


class Seq2SeqSummariser:
    """Bullets (and a headline) from an encoder-decoder model, in batches.

    ``model`` is a hub id or a local folder saved with ``save_pretrained``. ``prefix``
    goes before every body (``"summarize: "`` for T5). With ``headline="second_generation"``
    the headline is a separate generation from ``headline_prefix`` + body, at most
    ``headline_max_new_tokens`` long; with ``"first_sentence"`` it is the first sentence
    of the summary. Inputs longer than ``max_input_tokens`` are cut at the end.

    Decoding is greedy or beam search, so ``seed`` only matters for models whose
    forward pass is random (dropout is off: the model is in eval mode); it is applied
    to a forked RNG, never to the caller's.
    """

    def __init__(
        self,
        *,
        model: str,
        device: str = "cpu",
        batch_size: int = 8,
        num_beams: int = 4,
        max_input_tokens: int = 1024,
        max_new_tokens: int = 128,
        min_new_tokens: int = 0,
        no_repeat_ngram_size: int = 0,
        length_penalty: float = 1.0,
        prefix: str = "",
        headline: str = "first_sentence",
        headline_prefix: str = "headline: ",
        headline_max_new_tokens: int = 24,
        max_bullets: int = 4,
        seed: int = 0,
    ) -> None:
        check_positive(
            batch_size=batch_size,
            num_beams=num_beams,
            max_input_tokens=max_input_tokens,
            max_new_tokens=max_new_tokens,
            headline_max_new_tokens=headline_max_new_tokens,
            max_bullets=max_bullets,
        )
        if not 0 <= min_new_tokens <= max_new_tokens:
            raise InputError(
                f"must be between 0 and max_new_tokens ({max_new_tokens}), got {min_new_tokens}",
                field="min_new_tokens",
            )
        if no_repeat_ngram_size < 0:
            raise InputError(
                f"must not be negative, got {no_repeat_ngram_size}", field="no_repeat_ngram_size"
            )
        if headline not in HEADLINE_MODES:
            raise InputError(
                f"must be one of {', '.join(HEADLINE_MODES)}, got {headline!r}", field="headline"
            )
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.num_beams = num_beams
        self.max_input_tokens = max_input_tokens
        self.max_new_tokens = max_new_tokens
        self.min_new_tokens = min_new_tokens
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.length_penalty = length_penalty
        self.prefix = prefix
        self.headline = headline
        self.headline_prefix = headline_prefix
        self.headline_max_new_tokens = headline_max_new_tokens
        self.max_bullets = max_bullets
        self.seed = seed
        self._torch: Any = None
        self._tokenizer: Any = None
        self._model: Any = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model={self.model!r}, device={self.device!r})"

    def config(self) -> dict[str, Any]:
        """The settings that decide the output (for ``config_hash``); not device or batch size."""
        out: dict[str, Any] = {
            "summariser": "seq2seq",
            "model": self.model,
            "num_beams": self.num_beams,
            "max_input_tokens": self.max_input_tokens,
            "max_new_tokens": self.max_new_tokens,
            "min_new_tokens": self.min_new_tokens,
            "no_repeat_ngram_size": self.no_repeat_ngram_size,
            "length_penalty": self.length_penalty,
            "prefix": self.prefix,
            "headline": self.headline,
            "max_bullets": self.max_bullets,
            "seed": self.seed,
        }
        if self.headline == "second_generation":
            out["headline_prefix"] = self.headline_prefix
            out["headline_max_new_tokens"] = self.headline_max_new_tokens
        return out

    # -- the Summariser protocol ------------------------------------------------------

    def summarise(self, articles: Sequence[Article]) -> list[Prediction]:
        """One prediction per article, in order; raises :class:`GenerationFailedError`
        when the model wrote nothing usable for an article."""
        return predictions_or_raise(self.summarise_with_failures(articles), GenerationFailedError)

    def summarise_with_failures(
        self, articles: Sequence[Article]
    ) -> tuple[list[Prediction], list[Failure]]:
        """Predictions (in article order) and a Failure for each empty generation."""
        if not articles:
            return [], []
        self._load()
        preds: list[Prediction] = []
        failures: list[Failure] = []
        for batch in batched(articles, self.batch_size):
            bodies = [a.body for a in batch]
            texts = self._generate(
                [self.prefix + b for b in bodies], self.max_new_tokens, self.min_new_tokens
            )
            if self.headline == "second_generation":
                heads = self._generate(
                    [self.headline_prefix + b for b in bodies], self.headline_max_new_tokens, 0
                )
                headlines = [" ".join(h.split()) for h in heads]
            else:
                headlines = [first_sentence(t) for t in texts]
            for article, text, head in zip(batch, texts, headlines, strict=True):
                bullets = split_bullets(text, self.max_bullets)
                if not bullets:
                    failures.append(Failure(article.id, "the model generated no text", text))
                elif not head:
                    failures.append(Failure(article.id, "the model generated no headline", text))
                else:
                    preds.append(Prediction(article.id, head, bullets))
        return preds, failures

    # -- the model ----------------------------------------------------------------------

    def _load(self) -> None:
        if self._model is not None:
            return
        torch = require_torch()
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        # transformers' stubs type from_pretrained for a PreTrainedModel ``self``: use Any.
        auto_model: Any = AutoModelForSeq2SeqLM
        tokenizer = AutoTokenizer.from_pretrained(self.model)
        model = auto_model.from_pretrained(self.model)
        if not model.config.is_encoder_decoder:
            raise InputError(
                f"{self.model!r} is not an encoder-decoder model; use InstructSummariser "
                "for decoder-only chat models",
                field="model",
            )
        check_context(model.config, self.max_input_tokens, "max_input_tokens")
        model.to(self.device)
        model.eval()
        self._torch, self._tokenizer, self._model = torch, tokenizer, model

    def _generate(self, inputs: list[str], max_new_tokens: int, min_new_tokens: int) -> list[str]:
        torch, tokenizer, model = self._torch, self._tokenizer, self._model
        enc = tokenizer(
            inputs,
            padding=True,
            truncation=True,
            max_length=self.max_input_tokens,
            return_tensors="pt",
        ).to(self.device)
        options: dict[str, Any] = {
            "do_sample": False,
            "num_beams": self.num_beams,
            "max_new_tokens": max_new_tokens,
            "min_new_tokens": min_new_tokens,
            "no_repeat_ngram_size": self.no_repeat_ngram_size,
        }
        if self.num_beams > 1:  # beam-only flags: transformers warns about them otherwise
            options["length_penalty"] = self.length_penalty
        if tokenizer.pad_token_id is not None:
            options["pad_token_id"] = tokenizer.pad_token_id
        with seeded(torch, self.seed, self.device), torch.inference_mode():
            out = model.generate(**enc, **options)
        texts: list[str] = tokenizer.batch_decode(out, skip_special_tokens=True)
        return [t.strip() for t in texts]
