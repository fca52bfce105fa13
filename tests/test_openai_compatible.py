"""The chat-completions summariser against a small local server (127.0.0.1 only).

The server answers in the chat-completions format from a per-test responder, records
every request, and counts requests in flight. Every wait on the server side is bounded
and released when the fixture finishes, so no test can hang.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import baselines.openai_compatible as oc
from baselines.base import Failure, summarise_with_failures
from baselines.openai_compatible import EndpointError, OpenAICompatibleSummariser
from baselines.prompts import SYSTEM
from benchmark.errors import InputError
from benchmark.records import Article, Prediction

HEADLINE, BULLETS = "Council approves £2.5m budget", ("One.", "Two.", "Three.")
GOOD = {"headline": HEADLINE, "bullets": list(BULLETS)}


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the assistant's text (wrapped in chat-completions JSON)
    body: str | None = None  # a raw body instead, for errors and malformed answers
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to hold the request before answering (bounded)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class Endpoint:
    """State shared between the test and the handler threads."""

    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        self.lock = threading.Lock()
        self.release = threading.Event()  # set at teardown: no handler waits any longer
        self.requests: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.respond: Callable[[int, dict[str, Any]], Reply] = lambda n, req: Reply(
            content=json.dumps(GOOD)
        )

    def script(self, *replies: Reply) -> None:
        """Answer the n-th request with the n-th reply (the last one repeats)."""
        self.respond = lambda n, req: replies[min(n, len(replies) - 1)]

    @property
    def calls(self) -> int:
        with self.lock:
            return len(self.requests)


class Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        ep: Endpoint = self.server.endpoint  # type: ignore[attr-defined]
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with ep.lock:
            n = len(ep.requests)
            ep.requests.append(Seen(self.path, dict(self.headers), json.loads(raw)))
            ep.in_flight += 1
            ep.max_in_flight = max(ep.max_in_flight, ep.in_flight)
        try:
            reply = ep.respond(n, ep.requests[n].body)
            if reply.delay:
                ep.release.wait(min(reply.delay, 2.0))  # bounded, and cut short at teardown
        finally:
            # Counted out before answering: once answered, the client may send its next
            # request, which must not be counted as overlapping this one.
            with ep.lock:
                ep.in_flight -= 1
        if reply.body is not None:
            payload = reply.body
        else:
            message = {"role": "assistant", "content": reply.content}
            payload = json.dumps({"choices": [{"index": 0, "message": message}]})
        data = payload.encode("utf-8")
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ep = Endpoint(server)
    server.endpoint = ep  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield ep
    finally:
        ep.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HB_TEST_KEY", "sk-test-123")


def article(i: int | str, body: str | None = None) -> Article:
    return Article(
        id=f"a{i}",
        headline=None,
        bullets=None,
        body=body if body is not None else f"Body of article {i}. It has figures: {i}0%.",
        source="test",
    )


def make(ep: Endpoint, **kw: Any) -> OpenAICompatibleSummariser:
    settings: dict[str, Any] = {
        "base_url": ep.url,
        "model": "test-model",
        "api_key_env": "HB_TEST_KEY",
        "backoff_s": 0.01,
        "timeout_s": 5.0,
        "max_retries": 2,
    }
    settings.update(kw)
    return OpenAICompatibleSummariser(**settings)


# -- good answers and the request ------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        json.dumps(GOOD),
        f"Here is the summary:\n```json\n{json.dumps(GOOD, indent=2)}\n```\nDone.",
    ],
    ids=["plain", "fenced"],
)
def test_good_answer_gives_prediction(endpoint: Endpoint, content: str) -> None:
    endpoint.script(Reply(content=content))
    preds = make(endpoint).summarise([article(1)])
    assert preds == [Prediction("a1", HEADLINE, BULLETS)]
    assert endpoint.calls == 1


def test_request_carries_settings_and_key(endpoint: Endpoint) -> None:
    summ = make(endpoint, base_url=endpoint.url + "/", temperature=0.3, max_tokens=77, seed=42)
    summ.summarise([article(1, "Fire crews were called at 3am. Nobody was hurt.")])
    (seen,) = endpoint.requests
    assert seen.path == "/v1/chat/completions"
    assert seen.headers["Authorization"] == "Bearer sk-test-123"
    assert seen.headers["Content-Type"] == "application/json"
    body = seen.body
    assert body["model"] == "test-model"
    assert body["temperature"] == 0.3
    assert body["max_tokens"] == 77
    assert body["seed"] == 42
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["system", "user"]
    assert body["messages"][0]["content"] == SYSTEM
    assert "Fire crews were called at 3am. Nobody was hurt." in body["messages"][1]["content"]
    assert "3 short sentences" in body["messages"][1]["content"]  # n_bullets default
    assert "sk-test-123" not in repr(summ)


def test_no_auth_header_and_no_seed_when_not_asked(endpoint: Endpoint) -> None:
    make(endpoint, api_key_env=None, seed=None).summarise([article(1)])
    (seen,) = endpoint.requests
    assert "Authorization" not in seen.headers
    assert "seed" not in seen.body


def test_loopback_ignores_proxy_settings(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    assert len(make(endpoint, max_retries=0).summarise([article(1)])) == 1


def test_missing_api_key_raises_at_construction(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HB_NO_SUCH_KEY", raising=False)
    with pytest.raises(InputError, match="HB_NO_SUCH_KEY"):
        make(endpoint, api_key_env="HB_NO_SUCH_KEY")
    assert endpoint.calls == 0


@pytest.mark.parametrize(
    ("kw", "name"),
    [
        ({"base_url": "file:///etc"}, "base_url"),
        ({"concurrency": 0}, "concurrency"),
        ({"max_retries": -1}, "max_retries"),
        ({"timeout_s": 0}, "timeout_s"),
    ],
)
def test_bad_settings_raise(endpoint: Endpoint, kw: dict[str, Any], name: str) -> None:
    with pytest.raises(InputError) as info:
        make(endpoint, **kw)
    assert info.value.field == name


# -- retries ---------------------------------------------------------------------------


def test_500_then_200_succeeds_after_one_retry(endpoint: Endpoint) -> None:
    endpoint.script(Reply(500, body='{"error": "busy"}'), Reply(content=json.dumps(GOOD)))
    preds, failures = make(endpoint).summarise_with_failures([article(1)])
    assert failures == []
    assert [p.id for p in preds] == ["a1"]
    assert endpoint.calls == 2


def test_429_retry_after_is_honoured(endpoint: Endpoint) -> None:
    endpoint.script(
        Reply(429, body='{"error": "slow down"}', headers={"Retry-After": "0.3"}),
        Reply(content=json.dumps(GOOD)),
    )
    start = time.monotonic()
    preds = make(endpoint, backoff_s=0.01).summarise([article(1)])
    elapsed = time.monotonic() - start
    assert len(preds) == 1
    assert endpoint.calls == 2
    assert elapsed >= 0.3  # the header's wait, not backoff_s's 0.01 s


def test_backoff_is_exponential_and_capped(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr(
        "baselines.openai_compatible.time.sleep", waits.append
    )  # record, do not wait
    endpoint.script(
        Reply(503, body="{}"),
        Reply(503, body="{}"),
        Reply(429, body="{}", headers={"Retry-After": "3600"}),
        Reply(502, body="{}"),
    )
    preds, failures = make(endpoint, backoff_s=0.5, max_retries=3).summarise_with_failures(
        [article(1)]
    )
    assert preds == []
    assert waits == [0.5, 1.0, oc.MAX_BACKOFF_S]
    assert endpoint.calls == 4
    assert failures[0].error.startswith("gave up after 4 attempt(s): HTTP 502")


def test_400_is_not_retried_and_is_a_failure(endpoint: Endpoint) -> None:
    endpoint.script(Reply(400, body='{"error": {"message": "context length exceeded"}}'))
    preds, failures = make(endpoint).summarise_with_failures([article(1)])
    assert preds == []
    assert endpoint.calls == 1
    (fail,) = failures
    assert fail.id == "a1"
    assert "HTTP 400" in fail.error and "context length exceeded" in fail.error
    assert fail.raw is None


def test_timeout_is_a_failure_after_max_retries(endpoint: Endpoint) -> None:
    endpoint.script(Reply(content=json.dumps(GOOD), delay=1.5))
    start = time.monotonic()
    preds, failures = make(endpoint, timeout_s=0.2, max_retries=2).summarise_with_failures(
        [article(1)]
    )
    assert time.monotonic() - start < 1.5
    assert preds == []
    assert endpoint.calls == 3  # the first try and two retries
    (fail,) = failures
    assert fail.id == "a1" and "gave up after 3 attempt(s)" in fail.error
    assert "timed out" in fail.error


def test_connection_refused_is_retried_then_a_failure() -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    summ = OpenAICompatibleSummariser(
        base_url=f"http://127.0.0.1:{port}/v1",
        model="m",
        api_key_env=None,
        backoff_s=0.01,
        max_retries=1,
        timeout_s=1.0,
    )
    preds, failures = summ.summarise_with_failures([article(1)])
    assert preds == []
    assert "gave up after 2 attempt(s)" in failures[0].error


# -- answers that do not parse ---------------------------------------------------------


def test_unparseable_answer_is_a_failure_with_raw_text(endpoint: Endpoint) -> None:
    text = "I'm sorry, I can't summarise this article."
    endpoint.script(Reply(content=text))
    preds, failures = make(endpoint).summarise_with_failures([article(1)])
    assert preds == []
    assert failures == [Failure("a1", "unparseable answer: no JSON object in the output", text)]
    assert endpoint.calls == 1  # deterministic settings: another try would say the same


def test_malformed_response_is_a_failure(endpoint: Endpoint) -> None:
    endpoint.script(Reply(body='{"object": "error"}'))
    _, failures = make(endpoint).summarise_with_failures([article(1)])
    (fail,) = failures
    assert "malformed chat-completions response" in fail.error
    assert fail.raw == '{"object": "error"}'


def test_summarise_raises_naming_the_failed_article(endpoint: Endpoint) -> None:
    def respond(n: int, req: dict[str, Any]) -> Reply:
        bad = "article 2." in req["messages"][1]["content"]
        return Reply(content="no json here" if bad else json.dumps(GOOD))

    endpoint.respond = respond
    arts = [article(1), article(2), article(3)]
    with pytest.raises(EndpointError, match="'a2'") as info:
        make(endpoint).summarise(arts)
    assert [f.id for f in info.value.failures] == ["a2"]
    preds, failures = summarise_with_failures(make(endpoint), arts)
    assert [p.id for p in preds] == ["a1", "a3"]
    assert [f.id for f in failures] == ["a2"]


# -- concurrency and order -------------------------------------------------------------


def _echo(delay_for: Callable[[int], float]) -> Callable[[int, dict[str, Any]], Reply]:
    """A responder whose headline names the article ("Body of article N.")."""

    def respond(n: int, req: dict[str, Any]) -> Reply:
        user = req["messages"][1]["content"]
        i = int(user.split("Body of article ", 1)[1].split(".", 1)[0])
        answer = {"headline": f"Headline {i}", "bullets": [f"Bullet {i}."]}
        return Reply(content=json.dumps(answer), delay=delay_for(i))

    return respond


def test_concurrency_never_exceeds_the_limit(endpoint: Endpoint) -> None:
    endpoint.respond = _echo(lambda i: 0.05)
    preds = make(endpoint, concurrency=3).summarise([article(i) for i in range(12)])
    assert len(preds) == 12
    assert endpoint.calls == 12
    assert endpoint.max_in_flight == 3  # at the limit, never over it


def test_one_at_a_time_when_concurrency_is_one(endpoint: Endpoint) -> None:
    endpoint.respond = _echo(lambda i: 0.01)
    make(endpoint, concurrency=1).summarise([article(i) for i in range(4)])
    assert endpoint.max_in_flight == 1


def test_predictions_follow_article_order(endpoint: Endpoint) -> None:
    # Earlier articles answer last, so completion order is the reverse of article order.
    endpoint.respond = _echo(lambda i: 0.04 * (5 - i))
    arts = [article(i) for i in range(6)]
    preds = make(endpoint, concurrency=6).summarise(arts)
    assert [p.id for p in preds] == [a.id for a in arts]
    assert [p.headline for p in preds] == [f"Headline {i}" for i in range(6)]


def test_no_articles_no_requests(endpoint: Endpoint) -> None:
    assert make(endpoint).summarise_with_failures([]) == ([], [])
    assert endpoint.calls == 0


# -- Retry-After parsing ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2", 2.0),
        (" 0.5 ", 0.5),
        ("-3", 0.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date in the past: no wait
        ("nan", None),
        ("soon", None),
        ("", None),
    ],
)
def test_retry_after_values(value: str, expected: float | None) -> None:
    assert oc._retry_after({"Retry-After": value}) == expected


def test_retry_after_future_date() -> None:
    from email.utils import formatdate

    wait = oc._retry_after({"Retry-After": formatdate(time.time() + 120, usegmt=True)})
    assert wait is not None and 100 < wait <= 120
