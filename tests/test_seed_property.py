"""Property: the seed parser never crashes; it returns an article or raises SeedFormatError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.builders.seed import parse_seed_text
from benchmark.errors import SeedFormatError

# Lines built from the pieces the parser reacts to, plus arbitrary unicode.
_piece = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "•",
        "* ",
        "- ",
        "– ",
        "Pictured:",
        "Source: Read Full Article",
        "Read more",
        "“",
        "”",
        "‘",
        "’",
        "'",
        '"',
        "£2.5m",
        "\u00a0",
        "\ufeff",
        "\r",
        "\r\n",
        ".",
        "?",
        ":",
        "\n",
        "Headline",
        "headline",
        "The council met.",
        "a",
    ]
)
_line = st.lists(st.one_of(_piece, st.text(max_size=12)), max_size=8).map("".join)
_doc = st.lists(_line, max_size=25).map("\n".join)


def _check(text: str) -> None:
    try:
        r = parse_seed_text(text, name="prop.txt")
    except SeedFormatError as exc:
        assert exc.path == "prop.txt"
        return
    assert r.headline.strip() == r.headline and r.headline
    assert r.body.strip()
    assert all(b.strip() for b in r.bullets)
    assert "\r" not in r.body and "\u00a0" not in r.body


@settings(max_examples=400, deadline=None)
@given(_doc)
def test_structured_text_never_crashes(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    _check(text)
