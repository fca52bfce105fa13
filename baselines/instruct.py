"""A summariser from any local chat model (decoder-only, with a chat template).

:class:`InstructSummariser` loads the checkpoint through ``AutoTokenizer`` and
``AutoModelForCausalLM`` on first use, renders the shared prompt of
:mod:`baselines.prompts` with the tokenizer's chat template, generates in left-padded
batches and parses the answer with :func:`baselines.postprocess.parse_summary_json`.
An answer that does not parse becomes a :class:`~baselines.base.Failure` holding the
raw text, never an empty summary.

Articles whose prompt would pass ``max_input_tokens`` have their body cut (never the
instruction or the generation prompt), so the model always sees the whole question.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Sequence
from typing import Any

from baselines.base import Failure, batched, predictions_or_raise
from baselines.postprocess import SummaryParseError, parse_summary_json
from baselines.prompts import PROMPT_VERSION, chat_messages
from baselines.seq2seq import (
    GenerationFailedError,
    check_context,
    check_positive,
    require_torch,
    seeded,
)
from benchmark.errors import InputError
from benchmark.records import Article, Prediction

__all__ = ["GenerationFailedError", "InstructSummariser"]

_FIT_ATTEMPTS = 8  # cutting the body to fit the prompt converges in one or two
# The prompt's own cut of the body (prompts.py holds the number; a prompt version fixes it).
_MAX_CHARS: int = inspect.signature(chat_messages).parameters["max_chars"].default


class InstructSummariser:
    """Headline and bullets from a chat model answering the shared JSON prompt.

    ``model`` is a hub id or a local folder saved with ``save_pretrained``; its tokenizer
    must carry a chat template. Decoding is greedy unless ``do_sample`` is set, in which
    case ``temperature`` and ``top_p`` apply and ``seed`` seeds a forked RNG (the
    caller's RNG is left as it was). Each batch is seeded afresh, so a batch's output
    does not depend on the batches before it.
    """

    def __init__(
        self,
        *,
        model: str,
        device: str = "cpu",
        batch_size: int = 4,
        max_input_tokens: int = 3072,
        max_new_tokens: int = 256,
        do_sample: bool = False,
        temperature: float = 1.0,
        top_p: float = 1.0,
        n_bullets: int = 3,
        seed: int = 0,
    ) -> None:
        check_positive(
            batch_size=batch_size,
            max_input_tokens=max_input_tokens,
            max_new_tokens=max_new_tokens,
            n_bullets=n_bullets,
        )
        if do_sample and temperature <= 0:
            raise InputError(
                f"must be positive when sampling, got {temperature}", field="temperature"
            )
        if not 0 < top_p <= 1:
            raise InputError(f"must be in (0, 1], got {top_p}", field="top_p")
        self.model = model
        self.device = device
        self.batch_size = batch_size
        self.max_input_tokens = max_input_tokens
        self.max_new_tokens = max_new_tokens
        self.do_sample = do_sample
        self.temperature = temperature
        self.top_p = top_p
        self.n_bullets = n_bullets
        self.seed = seed
        self._torch: Any = None
        self._tokenizer: Any = None
        self._model: Any = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model={self.model!r}, device={self.device!r})"

    def config(self) -> dict[str, Any]:
        """The settings that decide the output (for ``config_hash``); not device or batch size."""
        out: dict[str, Any] = {
            "summariser": "instruct",
            "model": self.model,
            "max_input_tokens": self.max_input_tokens,
            "max_new_tokens": self.max_new_tokens,
            "do_sample": self.do_sample,
            "n_bullets": self.n_bullets,
            "prompt_version": PROMPT_VERSION,
        }
        if self.do_sample:
            out.update(temperature=self.temperature, top_p=self.top_p, seed=self.seed)
        return out

    # -- the Summariser protocol ------------------------------------------------------

    def summarise(self, articles: Sequence[Article]) -> list[Prediction]:
        """One prediction per article, in order; raises :class:`GenerationFailedError`
        naming the articles whose answer did not parse."""
        return predictions_or_raise(self.summarise_with_failures(articles), GenerationFailedError)

    def summarise_with_failures(
        self, articles: Sequence[Article]
    ) -> tuple[list[Prediction], list[Failure]]:
        """Predictions (in article order) for the answers that parsed; a Failure for each other."""
        if not articles:
            return [], []
        self._load()
        preds: list[Prediction] = []
        failures: list[Failure] = []
        for batch in batched(articles, self.batch_size):
            answers = self._generate([self._prompt(a) for a in batch])
            for article, answer in zip(batch, answers, strict=True):
                try:
                    headline, bullets = parse_summary_json(answer, max_bullets=self.n_bullets)
                except SummaryParseError as exc:
                    failures.append(Failure(article.id, f"unparseable answer: {exc}", answer))
                else:
                    preds.append(Prediction(article.id, headline, bullets))
        return preds, failures

    # -- the model ----------------------------------------------------------------------

    def _load(self) -> None:
        if self._model is not None:
            return
        torch = require_torch()
        from transformers import AutoModelForCausalLM, AutoTokenizer

        # transformers' stubs type from_pretrained for a PreTrainedModel ``self``: use Any.
        auto_model: Any = AutoModelForCausalLM
        tokenizer = AutoTokenizer.from_pretrained(self.model)
        if not getattr(tokenizer, "chat_template", None):
            raise InputError(
                f"the tokenizer of {self.model!r} has no chat template; InstructSummariser "
                "needs a chat (instruction-tuned) model",
                field="model",
            )
        if tokenizer.pad_token is None:  # most causal LMs: pad with EOS, masked anyway
            tokenizer.pad_token = tokenizer.eos_token
        tokenizer.padding_side = "left"  # batched generation continues from the right edge
        model = auto_model.from_pretrained(self.model)
        check_context(
            model.config,
            self.max_input_tokens + self.max_new_tokens,
            "max_input_tokens + max_new_tokens",
        )
        model.to(self.device)
        model.eval()
        self._torch, self._tokenizer, self._model = torch, tokenizer, model

    def _render(self, messages: list[dict[str, str]]) -> str:
        text: str = self._tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, tokenize=False
        )
        return text

    def _prompt(self, article: Article) -> str:
        """The rendered chat prompt, the body cut until it fits ``max_input_tokens``."""
        tokenizer = self._tokenizer
        body = article.body[:_MAX_CHARS]
        for _ in range(_FIT_ATTEMPTS):
            messages = chat_messages(
                dataclasses.replace(article, body=body), n_bullets=self.n_bullets
            )
            prompt = self._render(messages)
            n_tokens = len(tokenizer(prompt, add_special_tokens=False)["input_ids"])
            over = n_tokens - self.max_input_tokens
            if over <= 0:
                return prompt
            body_ids = tokenizer(body, add_special_tokens=False)["input_ids"]
            if not body_ids:
                break
            keep = max(0, len(body_ids) - over - 1)
            body = tokenizer.decode(body_ids[:keep], skip_special_tokens=True) if keep else ""
        raise InputError(
            f"the prompt for article {article.id!r} does not fit in {self.max_input_tokens} "
            "tokens even with the body cut; raise max_input_tokens",
            field="max_input_tokens",
        )

    def _generate(self, prompts: list[str]) -> list[str]:
        """The model's answer to each prompt: only the new tokens, special tokens dropped."""
        torch, tokenizer, model = self._torch, self._tokenizer, self._model
        enc = tokenizer(prompts, padding=True, add_special_tokens=False, return_tensors="pt").to(
            self.device
        )
        options: dict[str, Any] = {
            "max_new_tokens": self.max_new_tokens,
            "do_sample": self.do_sample,
            "num_beams": 1,
            "pad_token_id": tokenizer.pad_token_id,
        }
        if self.do_sample:
            options.update(temperature=self.temperature, top_p=self.top_p, top_k=0)
        else:  # a checkpoint's sampling defaults (temperature 0.6 ...) would only warn
            options.update(temperature=None, top_p=None, top_k=None)
        with seeded(torch, self.seed, self.device), torch.inference_mode():
            out = model.generate(**enc, **options)
        new = out[:, enc["input_ids"].shape[1] :]
        texts: list[str] = tokenizer.batch_decode(new, skip_special_tokens=True)
        return [t.strip() for t in texts]
