"""find_loaded_terms: own voice only, inherited terms, literal senses, and the bundled lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.errors import InputError
from benchmark.metrics.neutrality import (
    CATEGORIES,
    find_loaded_terms,
    load_lexicon,
    neutrality_scores,
    source_terms,
)

MINI = load_lexicon(Path(__file__).parent / "fixtures" / "mini_lexicon.yaml")


def _found(text: str, source: str | None = None) -> list[tuple[str, str, bool]]:
    return [
        (t.text, t.category, t.inherited) for t in find_loaded_terms(text, source, lexicon=MINI)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Minister slams far-Left purge.",
            [
                ("slams", "tabloid_verb", False),
                ("far-Left", "partisan_label", False),
                ("purge", "scare_word", False),
            ],
        ),
        (
            "Minister SLAMMED the far left",
            [("SLAMMED", "tabloid_verb", False), ("far left", "partisan_label", False)],
        ),
        # attributed speech does not count: straight, curly, single, double
        ('He called it "a purge".', []),
        ("He called it “a purge”.", []),
        ("He called it ‘a purge’.", []),
        ("He called it 'a purge'.", []),
        # apostrophes are not quotes
        ("The party's members' purge.", [("purge", "scare_word", False)]),
        ("The party’s members’ purge.", [("purge", "scare_word", False)]),
        # literal senses are skipped
        ("A gas blast killed two.", []),
        ("He won a grand slam and slammed the door.", []),
        ("Critics blasted the plan.", [("blasted", "tabloid_verb", False)]),
        # multi-word phrases, across a line break too
        ("A new war on\nmotorists.", [("war on\nmotorists", "propaganda_phrase", False)]),
        # whole words only
        ("Purgery and slammer and blastings", []),
        ("", []),
    ],
)
def test_table(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _found(text) == expected


def test_inherited_means_the_source_used_it_in_its_own_voice() -> None:
    source = "Fury as minister slams plan. The union called it ‘a purge’."
    got = _found("Minister slams purge amid fury.", source)
    assert got == [
        ("slams", "tabloid_verb", True),
        ("purge", "scare_word", False),
        ("fury", "emotive_intensifier", True),
    ]
    # a precomputed source gives the same answer
    pre = source_terms(source, lexicon=MINI)
    assert find_loaded_terms(
        "Minister slams purge amid fury.", pre, lexicon=MINI
    ) == find_loaded_terms("Minister slams purge amid fury.", source, lexicon=MINI)


def test_include_quoted_marks_them() -> None:
    terms = find_loaded_terms("Critics slammed ‘a purge’.", lexicon=MINI, include_quoted=True)
    assert [(t.text, t.quoted) for t in terms] == [("slammed", False), ("purge", True)]


def test_scores_per_100_words() -> None:
    text = "Minister slams far-Left purge as ‘fury’ grows over the plan"  # 10 words
    s = neutrality_scores(text, find_loaded_terms(text, "The minister slams it.", lexicon=MINI))
    assert (s.loaded, s.inherited, s.introduced, s.words) == (3, 1, 2, 10)
    assert s.loaded_per_100w == pytest.approx(30.0)
    assert s.neutral is False
    empty = neutrality_scores("", [])
    assert (empty.loaded_per_100w, empty.neutral) == (0.0, True)


def test_spans_index_the_text() -> None:
    text = "“Quote” then slams, “purge” and far – left"
    for t in find_loaded_terms(text, lexicon=MINI, include_quoted=True):
        assert text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    ("content", "field", "message"),
    [
        ("entries: []", "version", "missing version"),
        (
            'version: "1"\nentries:\n  - {term: x, category: nope, forms: [x], neutral: y}',
            "entries[0].category",
            "is not one of",
        ),
        (
            'version: "1"\nentries:\n  - {term: x, category: scare_word, forms: [], neutral: y}',
            "entries[0].forms",
            "needs a list",
        ),
        (
            'version: "1"\nentries:\n  - {term: x, category: scare_word, forms: [x], neutral: y, '
            "skip: ['(']}",
            "entries[0].skip[0]",
            "bad pattern",
        ),
        (
            'version: "1"\nentries:\n  - {term: x, category: scare_word, forms: [a], neutral: y}\n'
            "  - {term: z, category: scare_word, forms: [a], neutral: y}",
            "entries[1].forms",
            "listed under",
        ),
    ],
)
def test_bad_lexicon_files(tmp_path: Path, content: str, field: str, message: str) -> None:
    p = tmp_path / "lex.yaml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_lexicon(p)
    assert info.value.field == field and info.value.path == str(p)


def test_bundled_lexicon_is_large_versioned_and_complete() -> None:
    lex = load_lexicon()
    assert len(lex.entries) >= 300
    assert lex.version and len(lex.sha256) == 64
    assert {e.category for e in lex.entries} == set(CATEGORIES)
    for e in lex.entries:
        assert e.forms and e.neutral, e.term


@pytest.mark.parametrize(
    ("text", "loaded"),
    [
        ("Minister slams far-Left purge in fury over crackdown", True),
        ("Council blasts 'war on motorists' claims", True),
        ("Storm Perpetua brought gusts of 98mph to Cornwall.", False),
        ("A gas blast damaged three houses in the town.", False),
        ("The council agreed its budget on Tuesday.", False),
        ("He won the grand slam final.", False),
    ],
)
def test_bundled_lexicon_examples(text: str, loaded: bool) -> None:
    assert bool(find_loaded_terms(text)) is loaded


def test_look_alike_letters_do_not_crash() -> None:
    for text in ("Critics ſlammed the plan.", "Critics slammıng it.", "SLAMMİNG"):
        for t in find_loaded_terms(text):
            assert text[t.start : t.end] == t.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_bundled_lexicon_never_crashes(text: str) -> None:
    for t in find_loaded_terms(text, text, include_quoted=True):
        assert text[t.start : t.end] == t.text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "slams",
                "purge",
                "far-left",
                "‘",
                "’",
                "'",
                '"',
                "“",
                "”",
                " ",
                "\n",
                "party's",
                "blast",
                "gas",
                "war on motorists",
                "x",
            ]
        ),
        max_size=25,
    ).map("".join),
    st.text(max_size=30),
)
def test_never_crashes(text: str, noise: str) -> None:
    for t in find_loaded_terms(text + noise, text, lexicon=MINI, include_quoted=True):
        assert (text + noise)[t.start : t.end] == t.text


_LEX_WORDS = sorted({w for e in load_lexicon().entries for f in e.forms for w in f.split()})[:400]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_LEX_WORDS),
            st.sampled_from(
                [
                    " ",
                    "-",
                    " - ",
                    "–",
                    "\n",
                    "'",
                    "’",
                    ".",
                    ",",
                    "x",
                    "far",
                    "left",
                    "war on",
                    "motorists",
                    "Slams",
                    "A1",
                    "İ",  # lowers to two characters; IGNORECASE matches it as "i"
                    "\u212a",  # the Kelvin sign: lowers to ASCII "k"
                    "\u017f",  # long s: IGNORECASE matches it as "s"
                    "é",
                ]
            ),
        ),
        max_size=30,
    ).map("".join)
)
def test_fast_matcher_finds_what_the_reference_regex_finds(text: str) -> None:
    from benchmark.metrics.matcher import fold as _fold
    from benchmark.metrics.matcher import form_key as _form_key
    from benchmark.metrics.neutrality import _matches

    lex = load_lexicon()
    reference = [
        (m.start(), m.end(), _form_key(_fold(m.group()))) for m in lex.pattern.finditer(text)
    ]
    assert _matches(text, lex) == reference


@pytest.mark.parametrize(
    "text",
    ["İslamist purge", "a \u212aILLER blow", "Council \u017flams plan", "abortionistİ slams"],
)
def test_fast_matcher_keeps_offsets_when_lowering_changes_characters(text: str) -> None:
    from benchmark.metrics.matcher import fold as _fold
    from benchmark.metrics.matcher import form_key as _form_key
    from benchmark.metrics.neutrality import _matches

    lex = load_lexicon()
    reference = [
        (m.start(), m.end(), _form_key(_fold(m.group()))) for m in lex.pattern.finditer(text)
    ]
    assert _matches(text, lex) == reference


def test_bundled_lexicon_compiles_its_skip_patterns_on_first_use_and_all_compile() -> None:
    import re

    from benchmark.metrics.matcher import LazyPattern

    lex = load_lexicon()
    skips = [pat for e in lex.entries for pat in e.skip]
    assert len(skips) >= 100
    assert all(isinstance(p, LazyPattern) for p in skips)
    lazy = [p for p in skips if isinstance(p, LazyPattern)]
    fresh = LazyPattern(lazy[0].pattern)
    assert fresh._compiled is None  # a pattern is compiled on first use, not at load
    assert fresh.compiled() is fresh.compiled()  # and once
    for p in lazy:
        assert p.compiled().flags & re.IGNORECASE  # each one is a valid pattern
    # a user's lexicon is compiled at once, so that a bad pattern names its entry (above)


def test_a_lazily_compiled_skip_pattern_still_skips() -> None:
    # "rocket" is loaded as a verb of prices and skipped as a weapon ("rocket attack")
    assert find_loaded_terms("Prices rocket as costs soar")
    assert not find_loaded_terms("A rocket attack hit the town.")
