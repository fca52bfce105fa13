"""The instruction given to chat models (local or behind an endpoint): one place, one version."""

from __future__ import annotations

from benchmark.records import Article

PROMPT_VERSION = "1.0.0"

SYSTEM = (
    "You are a careful news sub-editor. You summarise articles faithfully and neutrally: "
    "keep every number exactly as the article gives it, keep its hedges and attributions "
    "('as many as', 'could', 'according to'), and do not use loaded or sensational words "
    "in your own voice."
)

USER_TEMPLATE = (
    'Summarise the article below as JSON with two keys: "headline" (one headline of at '
    'most 14 words) and "bullets" (a list of {n_bullets} short sentences). Answer with the '
    "JSON object only.\n\nARTICLE:\n{body}"
)


def chat_messages(
    article: Article, *, n_bullets: int = 3, max_chars: int = 12_000
) -> list[dict[str, str]]:
    """System and user messages for one article (the body cut to ``max_chars``)."""
    body = article.body[:max_chars]
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": USER_TEMPLATE.format(n_bullets=n_bullets, body=body)},
    ]
