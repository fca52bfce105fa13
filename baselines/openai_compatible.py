"""A summariser behind any OpenAI-compatible chat-completions endpoint.

One class, :class:`OpenAICompatibleSummariser`, that sends each article to
``{base_url}/chat/completions`` (vLLM, llama.cpp server, text-generation-inference,
hosted APIs) with the shared prompt from :mod:`baselines.prompts`, and parses the answer
with :func:`baselines.postprocess.parse_summary_json`.

Only the standard library is used for HTTP (``urllib.request``), so this baseline adds
no dependency. Requests run in a small thread pool; transient errors (connection
errors, timeouts, HTTP 429 and 5xx) are retried with a deterministic exponential
backoff that honours ``Retry-After``. Anything else (another 4xx, an answer that does
not parse) becomes a :class:`~baselines.base.Failure` for that article, so one bad
article never sinks a run and is never passed off as an empty summary.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from baselines.base import Failure, SummariserError, predictions_or_raise
from baselines.postprocess import SummaryParseError, parse_summary_json
from baselines.prompts import PROMPT_VERSION, chat_messages
from benchmark.errors import InputError
from benchmark.records import Article, Prediction

MAX_BACKOFF_S = 30.0  # no single wait longer than this, whatever the server asks
_ERROR_BODY_CHARS = 500  # how much of an error response to quote in a Failure
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


class EndpointError(SummariserError):
    """Articles the endpoint could not summarise (raised by ``summarise``)."""


class _RetryableError(Exception):
    """A transient error: worth another try after ``delay`` seconds (None: use backoff)."""

    def __init__(self, message: str, delay: float | None = None) -> None:
        super().__init__(message)
        self.delay = delay


class _FatalError(Exception):
    """An error another try would not fix (a 4xx other than 429, a malformed response)."""

    def __init__(self, message: str, raw: str | None = None) -> None:
        super().__init__(message)
        self.raw = raw


class OpenAICompatibleSummariser:
    """Summaries from a chat-completions endpoint, one request per article.

    ``api_key_env`` names the environment variable that holds the key (the key itself
    never appears in arguments, configs or logs); ``None`` sends no ``Authorization``
    header, as local servers usually want. ``max_retries`` counts retries after the
    first try, so an article costs at most ``max_retries + 1`` requests.
    """

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key_env: str | None = "OPENAI_API_KEY",
        temperature: float = 0.0,
        max_tokens: int = 512,
        n_bullets: int = 3,
        timeout_s: float = 60.0,
        max_retries: int = 4,
        backoff_s: float = 1.0,
        concurrency: int = 4,
        seed: int | None = 0,
    ) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        # urllib also opens file:// and ftp:// URLs; an endpoint is only ever HTTP(S).
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise InputError(f"must be an http(s) URL, got {base_url!r}", field="base_url")
        for name, value, low in (
            ("max_tokens", max_tokens, 1),
            ("n_bullets", n_bullets, 1),
            ("max_retries", max_retries, 0),
            ("concurrency", concurrency, 1),
        ):
            if value < low:
                raise InputError(f"must be at least {low}, got {value}", field=name)
        if timeout_s <= 0:
            raise InputError(f"must be positive, got {timeout_s}", field="timeout_s")
        if backoff_s < 0:
            raise InputError(f"must not be negative, got {backoff_s}", field="backoff_s")

        self._api_key: str | None = None
        if api_key_env is not None:
            key = os.environ.get(api_key_env)
            # Fail now, not after a run's worth of 401s.
            if not key:
                raise InputError(
                    f"environment variable {api_key_env!r} is not set or empty; set it to "
                    "the API key, or pass api_key_env=None for an endpoint without authentication",
                    field="api_key_env",
                )
            self._api_key = key

        self.base_url = base_url.rstrip("/")
        self.url = f"{self.base_url}/chat/completions"
        self.model = model
        self.api_key_env = api_key_env
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.n_bullets = n_bullets
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.concurrency = concurrency
        self.seed = seed
        # A local server is never reached through a proxy (an http_proxy set for the
        # outside world would otherwise swallow requests to 127.0.0.1).
        handlers = [urllib.request.ProxyHandler({})] if parsed.hostname in _LOOPBACK else []
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:  # no key in it
        return f"{type(self).__name__}(base_url={self.base_url!r}, model={self.model!r})"

    def config(self) -> dict[str, Any]:
        """The settings that decide the output (for ``config_hash``); no key, no timing."""
        return {
            "summariser": "openai_compatible",
            "base_url": self.base_url,
            "model": self.model,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "n_bullets": self.n_bullets,
            "seed": self.seed,
            "prompt_version": PROMPT_VERSION,
        }

    # -- the Summariser protocol ------------------------------------------------------

    def summarise(self, articles: Sequence[Article]) -> list[Prediction]:
        """One prediction per article, in order; raises :class:`EndpointError` on any failure."""
        return predictions_or_raise(self.summarise_with_failures(articles), EndpointError)

    def summarise_with_failures(
        self, articles: Sequence[Article]
    ) -> tuple[list[Prediction], list[Failure]]:
        """Predictions (in article order) for the articles that worked; a Failure for each other."""
        if not articles:
            return [], []
        workers = min(self.concurrency, len(articles))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="chat") as pool:
            # map keeps article order, whatever order the answers come back in.
            results = list(pool.map(self._summarise_one, articles))
        preds = [r for r in results if isinstance(r, Prediction)]
        failures = [r for r in results if isinstance(r, Failure)]
        return preds, failures

    # -- one article --------------------------------------------------------------------

    def _summarise_one(self, article: Article) -> Prediction | Failure:
        try:
            content = self._complete(self._payload(article))
        except _FatalError as exc:
            return Failure(article.id, str(exc), exc.raw)
        try:
            headline, bullets = parse_summary_json(content, max_bullets=self.n_bullets)
        except SummaryParseError as exc:
            # Not retried: at the default temperature 0 and seed, asking again repeats the text.
            return Failure(article.id, f"unparseable answer: {exc}", content)
        return Prediction(article.id, headline, bullets)

    def _payload(self, article: Article) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": chat_messages(article, n_bullets=self.n_bullets),
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
        }
        if self.seed is not None:
            payload["seed"] = self.seed
        return payload

    def _complete(self, payload: Mapping[str, Any]) -> str:
        """The assistant's text for one request, retrying transient errors."""
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        last = "no attempt made"
        for attempt in range(self.max_retries + 1):
            try:
                return self._post(body)
            except _RetryableError as exc:
                last = str(exc)
                if attempt == self.max_retries:
                    break
                delay = self.backoff_s * 2**attempt if exc.delay is None else exc.delay
                time.sleep(min(max(delay, 0.0), MAX_BACKOFF_S))
        raise _FatalError(f"gave up after {self.max_retries + 1} attempt(s): {last}")

    def _post(self, body: bytes) -> str:
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": "headline-bench",
        }
        if self._api_key is not None:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with self._opener.open(request, timeout=self.timeout_s) as response:
                text = response.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as exc:  # before URLError: it is one
            with exc:  # an HTTPError holds the open response
                detail = _error_body(exc)
            message = f"HTTP {exc.code} from {self.url}" + (f": {detail}" if detail else "")
            if exc.code == 429 or exc.code >= 500:
                raise _RetryableError(message, _retry_after(exc.headers)) from None
            raise _FatalError(message) from None
        except (OSError, http.client.HTTPException) as exc:
            # URLError (refused, DNS), TimeoutError, a reset or a response cut short.
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise _RetryableError(f"{type(exc).__name__}: {reason}") from None
        return _content(text)


def _content(text: str) -> str:
    """``choices[0].message.content`` of a chat-completions response."""
    try:
        obj = json.loads(text)
        content = obj["choices"][0]["message"]["content"]
    except (ValueError, LookupError, TypeError) as exc:
        raise _FatalError(f"malformed chat-completions response ({exc!r})", text) from None
    if not isinstance(content, str):
        raise _FatalError("the response has no text content", text)
    return content


def _error_body(exc: urllib.error.HTTPError) -> str:
    try:
        raw = exc.read(_ERROR_BODY_CHARS * 4)
    except (OSError, http.client.HTTPException):
        return ""
    return " ".join(raw.decode("utf-8", errors="replace").split())[:_ERROR_BODY_CHARS]


def _retry_after(headers: Any) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), if any."""
    value = headers.get("Retry-After") if headers is not None else None
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
