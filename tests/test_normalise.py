"""Reading PTB-tokenised, lower-cased text as ordinary text, with every offset mapped back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.normalise import (
    _NEEDS,
    _SIGNS,
    _may_need,
    is_lowercased,
    normalise,
    ptb_tokenise,
)


@pytest.mark.parametrize(
    ("tokenised", "expected"),
    [
        (
            "the council 's plan cost $ 20 -lrb- # 15 -rrb- on may 7 .",
            "the council's plan cost $20 (£15) on may 7.",
        ),
        ("he said `` it is a purge . ''", "he said “it is a purge.”"),
        ("a ` gold digger ' who did n't work", "a ‘gold digger’ who didn't work"),
        ("eing a ' gold digger ' who", "eing a ‘gold digger’ who"),
        # a lone apostrophe after a plural is the possessive, not a quotation mark...
        ("mps ' fury as plan leaks", "mps' fury as plan leaks"),
        # ... unless it must close a quotation that nothing later closes
        ("` we understand residents ' frustration , ' she said", None),
        (
            "he called it ` finals ' the 26-year-old said",
            "he called it ‘finals’ the 26-year-old said",
        ),
        ("it cost # 48.6 m , or $ 3.5 bn .", "it cost £48.6m, or $3.5bn."),
        ("prices rose 5 % -lsb- 2014 -rsb- .", "prices rose 5% [2014]."),
        ('offered a " treasure trove " .', "offered a “treasure trove”."),
        ("it was ``poor old tired building\\'\\'.", "it was “poor old tired building”."),
    ],
)
def test_tokenisation_is_undone(tokenised: str, expected: str | None) -> None:
    got = normalise(tokenised).text
    if expected is None:
        expected = "‘we understand residents' frustration,’ she said"
    assert got == expected


def test_ordinary_text_is_left_alone() -> None:
    for text in [
        "Minister slams far-Left ‘purge’ as the council's plan costs £2.5m (or $3bn).",
        "He said: “It is a purge.” Prices rose 5% to 1,000 on May 7.",
        "The No 1 song, ranked #1 for weeks.",
        "",
    ]:
        norm = normalise(text)
        assert norm.text == text and not norm.changed
        assert norm.to_original(0, len(text)) == (0, len(text))


@pytest.mark.parametrize(
    ("tokenised", "piece", "original"),
    [
        ("it cost # 48.6 m .", "£48.6m", "# 48.6 m"),
        ("he did n't say", "didn't", "did n't"),
        ("a ` gold digger ' who", "gold digger", "gold digger"),
        ("a ` gold digger ' who", "‘gold digger’", "` gold digger '"),
        ("cost $ 23 -lrb- # 16 -rrb- .", "(£16)", "-lrb- # 16 -rrb-"),
    ],
)
def test_offsets_map_back_to_the_text_given(tokenised: str, piece: str, original: str) -> None:
    norm = normalise(tokenised)
    i = norm.text.index(piece)
    assert norm.original_span(i, i + len(piece)) == original


_TOKENISED = st.lists(
    st.sampled_from(
        [
            "the", "council", "'s", "n't", "did", " ", " ", ".", ",", "``", "''", "`", "'",
            "-lrb-", "-rrb-", "$", "£", "#", "20", "48.6", "m", "bn", "%", "5", "may", "7",
            "\n", "said", "\\'",
        ]
    ),
    max_size=40,
).map(" ".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_TOKENISED)
def test_normalising_twice_changes_nothing_and_offsets_stay_in_order(text: str) -> None:
    norm = normalise(text)
    assert not normalise(norm.text).changed
    last = 0
    for i in range(len(norm.text)):
        a, b = norm.to_original(i, i + 1)
        assert 0 <= a <= b <= len(text) and a >= last
        last = a


def test_ptb_tokenise_writes_what_cnndm_pipelines_wrote() -> None:
    text = "MPs’ fury as minister’s ‘secret’ plan to build on 1,000 acres costs £2.5m (he said)."
    assert ptb_tokenise(text) == (
        "mps ' fury as minister 's ` secret ' plan to build on 1,000 acres costs "
        "£ 2.5 m -lrb- he said -rrb- ."
    )
    assert (
        ptb_tokenise("A cost of £5\nB fell 5%", pound_as_hash=True) == "a cost of # 5\nb fell 5 %"
    )
    assert ptb_tokenise('He said "it is fine."') == "he said `` it is fine . ''"


@pytest.mark.parametrize(
    ("text", "lower"),
    [
        ("the plan cost $20 .", True),
        ("UNK UNK wed 10 men .", True),  # models' unknown-word token is not a capital
        ("The plan cost $20.", False),
        ("20 30 .", False),  # no letters
        ("", False),
    ],
)
def test_is_lowercased(text: str, lower: bool) -> None:
    assert is_lowercased(text) is lower


_PIECES = [*" \t\n\xa0.,;:!?%)]([£$€#'\"`\\-", "a", "S", "n't", "N'T", "'s", "-LSB-", "5"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_the_cheap_test_never_passes_over_tokenised_text(text: str) -> None:
    # the substring test before the regex must hold for every text the regex matches (in
    # any case, with any whitespace, at either end), or such text goes unnormalised
    if _NEEDS.search(text) is not None:
        assert _may_need(text)


_SIGN_PIECES = [
    *_PIECES,
    *(" ", "  ", "\x1c", "\u2009", "\r", "b", "-lrb-", "-RCB-", "lrb", "b-", "web-based"),
    *("'re", "'LL", "'ve", "'m", "'d", "n", "t", "'", "''", "``", "\\'", '\\"', "\\"),
    *(" . ", " ' ", ' " ', "( ", "[ ", "€ ", "# ", "word", "don't", " n't"),
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_SIGN_PIECES), max_size=20).map("".join))
def test_the_cheap_test_is_the_substring_test_it_replaced(text: str) -> None:
    # as first written: every sign looked for in a lower-cased copy with its whitespace
    # runs made single spaces and a space at each end
    padded = " " + " ".join(text.lower().split()) + " "
    assert _may_need(text) == any(sign in padded for sign in _SIGNS)


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("THE PLAN -LSB- SIC -RSB- WORKED", "THE PLAN [SIC] WORKED"),
        ("THE COUNCIL 'S PLAN", "THE COUNCIL'S PLAN"),
        ("the council met .", "the council met."),
        ("a rise of 5\t%", "a rise of 5%"),
    ],
)
def test_upper_case_and_text_ends_are_normalised(given: str, read: str) -> None:
    assert normalise(given).text == read
