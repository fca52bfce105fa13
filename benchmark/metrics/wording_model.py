"""Layer 4 of the wording score (optional): a sequence-classification model's reading.

Any ``transformers`` sequence-classification checkpoint, on the hub or on disk, that tells
biased from neutral sentences (for example a RoBERTa fine-tuned on BABE). Each sentence
of a text is classified with its quotations masked (the speaker's words are not the
writer's), and ``wording_bias_model`` is the mean probability of the biased label over
the sentences, on the same [0, 1] scale as the lexical ``wording_bias``.

Explained word by word by occlusion: in each sentence the model calls biased, every
own-voice word is removed in turn, and the words whose removal lowers the probability
most are reported as the model's cues.

Needs the ``neural`` extra (torch); the import happens only when a model is loaded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from benchmark.errors import InputError
from benchmark.normalise import Normalised, normalise
from benchmark.text import Sentence, quote_spans, split_sentences

VERSION = "1.0.0"
QUOTE_MASK = "“…”"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_BIASED = re.compile(r"bias|loaded|subj|propagand|opinion|partisan")
_NOT = re.compile(r"\b(non|not|no|un)|neutral|objective|unbias")


@dataclass(frozen=True, slots=True)
class ModelCue:
    """A word whose removal lowers its sentence's biased probability by ``drop``."""

    text: str
    start: int
    end: int
    drop: float


@dataclass(frozen=True)
class ModelWording:
    bias: float  # mean over sentences of P(biased)
    sentences: tuple[float, ...]
    cues: tuple[ModelCue, ...]


def resolve_label(id2label: dict[int, str], num_labels: int, wanted: str | int | None) -> int:
    """The index of the "biased" label: given by name or index, or read off the config.

    A single-logit model is read through a sigmoid (index 0). With generic names
    (``LABEL_0``/``LABEL_1``) of a two-label model, index 1 is taken, as in BABE's models.
    """
    if num_labels == 1:
        return 0
    if isinstance(wanted, int) or (isinstance(wanted, str) and wanted.isdigit()):
        k = int(wanted)
        if not 0 <= k < num_labels:
            raise InputError(
                f"label index {k} but the model has {num_labels} labels", field="label"
            )
        return k
    if isinstance(wanted, str):
        for k, name in id2label.items():
            if name.lower() == wanted.lower():
                return int(k)
        raise InputError(
            f"no label {wanted!r}; the model's labels: {sorted(id2label.values())}", field="label"
        )
    named = [
        int(k)
        for k, name in id2label.items()
        if _BIASED.search(name.lower()) and not _NOT.search(name.lower())
    ]
    if len(named) == 1:
        return named[0]
    generic = all(re.fullmatch(r"label_\d+", n.lower()) for n in id2label.values())
    if num_labels == 2 and generic:
        return 1
    raise InputError(
        f"cannot tell which of the labels {sorted(id2label.values())} means biased: "
        "pass the label's name or index",
        field="label",
    )


# an own-voice word: its offsets in the text, then in the masked sentence
OwnWord = tuple[int, int, int, int]


def masked(sentence: Sentence, quotes: Sequence[tuple[int, int]]) -> tuple[str, list[OwnWord]]:
    """The sentence with each quotation replaced by a placeholder, and its own-voice words."""
    parts: list[str] = []
    own: list[OwnWord] = []
    length = 0  # of the masked text so far
    pos = sentence.start
    cuts = [
        (max(qs, sentence.start), min(qe, sentence.end))
        for qs, qe in quotes
        if qe > sentence.start and qs < sentence.end
    ]
    for qs, qe in [*cuts, (sentence.end, sentence.end)]:
        piece = sentence.text[pos - sentence.start : qs - sentence.start]
        own += [
            (pos + m.start(), pos + m.end(), length + m.start(), length + m.end())
            for m in _WORD.finditer(piece)
        ]
        parts.append(piece)
        length += len(piece)
        if qe > qs:
            parts.append(QUOTE_MASK)
            length += len(QUOTE_MASK)
        pos = max(pos, qe)
    return "".join(parts), own


def _as_given(cue: ModelCue, norm: Normalised) -> ModelCue:
    start, end = norm.to_original(cue.start, cue.end)
    return ModelCue(norm.original[start:end], start, end, cue.drop)


@lru_cache(maxsize=8)
def _folder_hash(folder: str) -> str:
    h = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode())
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
    return h.hexdigest()[:12]


class WordingModel:
    """A biased-wording classifier. ``model`` is a hub id or a folder saved with
    ``save_pretrained``; ``label`` names the biased label when the config does not.

    ``explain`` turns on the occlusion cues for sentences at or above ``threshold``
    (at most ``top_words`` per sentence, each lowering the probability by ``min_drop``
    or more).
    """

    def __init__(
        self,
        *,
        model: str,
        revision: str | None = None,
        label: str | int | None = None,
        device: str = "cpu",
        batch_size: int = 32,
        max_length: int = 128,
        explain: bool = True,
        threshold: float = 0.5,
        top_words: int = 3,
        min_drop: float = 0.05,
    ) -> None:
        if batch_size < 1 or max_length < 1:
            raise InputError("batch_size and max_length must be at least 1", field="model")
        self.model, self.revision, self.label = model, revision, label
        self.device, self.batch_size, self.max_length = device, batch_size, max_length
        self.explain, self.threshold = explain, threshold
        self.top_words, self.min_drop = top_words, min_drop
        self._loaded: tuple[Any, Any, Any, int] | None = None

    @property
    def signature(self) -> str:
        """``VERSION:model@revision#label``. A local folder is named by a hash of its files
        (the folder's path says nothing of what is in it); a hub model without a revision
        is "@default", which follows the hub's branch: pin one to compare runs."""
        label = "auto" if self.label is None else self.label
        if self.revision is None and Path(self.model).is_dir():
            return f"{VERSION}:{Path(self.model).name}@sha256:{_folder_hash(self.model)}#{label}"
        return f"{VERSION}:{self.model}@{self.revision or 'default'}#{label}"

    def _load(self) -> tuple[Any, Any, Any, int]:
        if self._loaded is None:
            from baselines.seq2seq import require_torch

            torch = require_torch()
            from transformers import AutoModelForSequenceClassification, AutoTokenizer

            auto: Any = AutoModelForSequenceClassification
            try:
                tokenizer = AutoTokenizer.from_pretrained(self.model, revision=self.revision)
                net = auto.from_pretrained(self.model, revision=self.revision)
            except (OSError, ValueError) as exc:  # not found, offline, not a classifier
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                raise InputError(
                    f"cannot load the wording model {self.model!r}: {first}", field="wording_model"
                ) from exc
            net.to(self.device)
            net.eval()
            cfg = net.config
            index = resolve_label(
                {int(k): str(v) for k, v in cfg.id2label.items()}, cfg.num_labels, self.label
            )
            self._loaded = (torch, tokenizer, net, index)
        return self._loaded

    def probabilities(self, sentences: Sequence[str]) -> list[float]:
        """P(biased) of each sentence, in batches."""
        if not sentences:
            return []
        torch, tokenizer, net, index = self._load()
        out: list[float] = []
        with torch.inference_mode():
            for k in range(0, len(sentences), self.batch_size):
                batch = list(sentences[k : k + self.batch_size])
                enc = tokenizer(
                    batch,
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                ).to(self.device)
                logits = net(**enc).logits.float()
                if logits.shape[-1] == 1:
                    probs = torch.sigmoid(logits[:, 0])
                else:
                    probs = torch.softmax(logits, dim=-1)[:, index]
                out += [float(p) for p in probs.cpu()]
        return out

    def score_many(self, texts: Sequence[str]) -> list[ModelWording]:
        """Each text's sentences classified in one stream of batches, then explained."""
        plans: list[list[tuple[str, list[OwnWord]]]] = []
        flat: list[str] = []
        norms = [normalise(t) for t in texts]  # tokenised text is read as ordinary text
        for norm in norms:
            text = norm.text
            quotes = quote_spans(text)
            plan = [masked(s, quotes) for s in split_sentences(text)]
            plans.append(plan)
            flat += [m for m, _ in plan]
        probs = iter(self.probabilities(flat))
        out: list[ModelWording] = []
        for norm, plan in zip(norms, plans, strict=True):
            text = norm.text
            # a sentence that is all quotation has no own voice to judge: 0, as the lists say
            ps = tuple(
                p if own else 0.0
                for (_, own), p in zip(plan, (next(probs) for _ in plan), strict=True)
            )
            cues: list[ModelCue] = []
            if self.explain:
                for (sent, own), p in zip(plan, ps, strict=True):
                    if p >= self.threshold and own:
                        cues += self._occlude(text, sent, own, p)
            bias = sum(ps) / len(ps) if ps else 0.0
            if norm.changed:  # offsets and words as in the text given
                cues = [
                    ModelCue(
                        norm.original_span(c.start, c.end),
                        *norm.to_original(c.start, c.end),
                        c.drop,
                    )
                    for c in cues
                ]
            out.append(ModelWording(bias, ps, tuple(cues)))
        return out

    def _occlude(self, text: str, sent: str, own: list[OwnWord], p: float) -> list[ModelCue]:
        variants = [sent[:ms] + sent[me:] for _, _, ms, me in own]
        drops = [p - q for q in self.probabilities(variants)]
        ranked = sorted(zip(drops, own, strict=True), key=lambda r: -r[0])
        return [
            ModelCue(text[s:e], s, e, round(d, 4))
            for d, (s, e, _, _) in ranked[: self.top_words]
            if d >= self.min_drop
        ]
