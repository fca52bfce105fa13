"""Sentence splitting and quotation spans, on hand-made cases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.text import quote_spans, split_sentences, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones. They agreed.", ["Mr. Smith met Dr. Jones.", "They agreed."]),
        ("Growth was 3.5% in 2019. It fell.", ["Growth was 3.5% in 2019.", "It fell."]),
        (
            "The U.S. Senate voted. J. K. Rowling wrote.",
            ["The U.S. Senate voted.", "J. K. Rowling wrote."],
        ),
        ('"We will win," she said. "Not now."', ['"We will win," she said.', '"Not now."']),
        ("It ended at 5 p.m. on Friday.", ["It ended at 5 p.m. on Friday."]),
        ("Is it? Yes! Fine…", ["Is it?", "Yes!", "Fine…"]),
        ("One\nTwo", ["One", "Two"]),
        ("a. b. c.", ["a. b. c."]),  # no capital after the stops
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def _quoted(text: str) -> list[str]:
    return [text[a:b] for a, b in quote_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He called it "a purge" today.', ['"a purge"']),
        ("He called it “a purge” today.", ["“a purge”"]),
        ("He called it ‘a purge’ today.", ["‘a purge’"]),
        ("He called it 'a purge' today.", ["'a purge'"]),
        ("The party's members' votes.", []),
        ("The party’s members’ votes.", []),
        (
            "She said ‘the members’ votes were ignored’ yesterday.",
            ["‘the members’ votes were ignored’"],
        ),
        ("Council to axe ‘1,000’ jobs", ["‘1,000’"]),
        ("Council to axe '300' jobs", ["'300'"]),
        ("The ’72 flood and the '86 storm.", []),
        ("“It’s a ‘disgrace’,” he said.", ["“It’s a ‘disgrace’,”", "‘disgrace’"]),
        (
            "“An open quotation runs to the end of the paragraph\nNext",
            ["“An open quotation runs to the end of the paragraph"],
        ),
    ],
)
def test_quote_spans(text: str, expected: list[str]) -> None:
    assert _quoted(text) == expected


def test_stray_marks_and_merged_paragraphs() -> None:
    assert _quoted("He is 6'2\" tall. The club paid £5m for him.") == []
    merged = '"We will fight this. "We will not stop," she said. The council slammed it.'
    assert _quoted(merged) == ['"We will fight this. ', '"We will not stop,"']


def test_words_keep_figures_whole() -> None:
    assert words("£3.5bn cut, 1,000 members' votes – a 62.5% rise") == [
        "£3.5bn",
        "cut",
        "1,000",
        "members",
        "votes",
        "a",
        "62.5%",
        "rise",
    ]


@given(st.text())
def test_spans_index_the_text(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text and s.text.strip() == s.text
    for a, b in quote_spans(text):
        assert 0 <= a < b <= len(text)
