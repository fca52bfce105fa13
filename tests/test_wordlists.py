"""Graded word lists: the three file formats, their errors, inflections, and the bundled lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark.errors import InputError
from benchmark.metrics.matcher import find_forms, form_key
from benchmark.metrics.neutrality import load_lexicon
from benchmark.metrics.wordlists import (
    EPISTEMIC_LEXICON,
    SUBJECTIVITY_LEXICON,
    bundled_word_list,
    detect_format,
    inflections,
    load_word_list,
)

FIXTURES = Path(__file__).parent / "fixtures"
HEAD = "# name: t\n# version: 1.0.0\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_tsv_entries_weights_forms_and_skip() -> None:
    wl = load_word_list(FIXTURES / "mini_subjectivity.tsv")
    assert (wl.name, wl.version, len(wl)) == ("test-subjectivity", "0.1.0", 6)
    assert wl.signature.startswith("test-subjectivity@0.1.0.")
    fierce = wl.by_form["fiercest"]
    assert (fierce.term, fierce.weight, fierce.kind) == ("fierce", 0.5, "evaluative_negative")
    assert fierce.skip[0].search("A FIERCE STORM")  # case is ignored
    # a multi-word form is one form; the longest form wins where two start at one word
    text = "A critically acclaimed and acclaimed film."
    assert [text[s:e] for s, e, _ in find_forms(text, wl.index)] == [
        "critically acclaimed",
        "acclaimed",
    ]


@pytest.mark.parametrize(
    ("body", "line", "field", "message"),
    [
        ("x\t1.5\tc\tx\n", 3, "weight", "weight must be a number in (0, 1]"),
        ("x\t0\tc\tx\n", 3, "weight", "weight must be a number in (0, 1]"),
        ("x\tnan\tc\tx\n", 3, "weight", "weight must be a number in (0, 1]"),
        ("x\t0.5\tc\n", 3, None, "expected 4 or 5 tab-separated columns"),
        ("x\t0.5\tc\tx\n# c\nx\t0.2\tc\tx\n", 5, "term", "term 'x' is listed twice"),
        ("x\t0.5\tc\tx|y\ny\t0.2\tc\ty\n", 4, "forms", "form 'y' is listed under 'x' too"),
        ("x\t0.5\tc\tx\t(unclosed\n", 3, "skip", "bad pattern"),
        ("x\t0.5\t\tx\n", 3, "class", "empty class"),
    ],
)
def test_tsv_errors_name_line_and_field(
    tmp_path: Path, body: str, line: int, field: str | None, message: str
) -> None:
    path = _write(tmp_path, "bad.tsv", HEAD + body)
    with pytest.raises(InputError) as err:
        load_word_list(path)
    assert (err.value.path, err.value.line, err.value.field) == (str(path), line, field)
    assert message in err.value.message


def test_tsv_needs_a_version(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="version"):
        load_word_list(_write(tmp_path, "v.tsv", "# name: t\nx\t0.5\tc\tx\n"))


def test_plain_list_comments_weights_and_inflections(tmp_path: Path) -> None:
    path = _write(tmp_path, "words.txt", "; a header\n# more\nabandon\nfierce\t0.5\n\nhope\n")
    wl = load_word_list(path)
    assert detect_format(path, path.read_text()) == "plain"
    assert sorted(e.term for e in wl.entries) == ["abandon", "fierce", "hope"]
    assert wl.by_form["abandoned"].weight == 1.0
    assert wl.by_form["fierce"].weight == 0.5
    assert {"hope", "hopes", "hoped", "hoping"} <= set(wl.by_form)
    with pytest.raises(InputError, match="weight"):
        load_word_list(_write(tmp_path, "w.txt", "x\t2\n"))
    with pytest.raises(InputError, match="no words"):
        load_word_list(_write(tmp_path, "e.txt", "; nothing\n"))


def test_mpqa_clues(tmp_path: Path) -> None:
    text = (
        "type=weaksubj len=1 word1=abandoned pos1=adj stemmed1=n priorpolarity=negative\n"
        "type=strongsubj len=1 word1=abase pos1=verb stemmed1=y priorpolarity=negative\n"
        "type=weaksubj len=1 word1=abase pos1=noun stemmed1=n priorpolarity=negative\n"
    )
    path = _write(tmp_path, "clues.tff", text)
    wl = load_word_list(path)
    assert detect_format(path, text) == "mpqa"
    assert wl.by_form["abandoned"].weight == 0.5
    assert wl.by_form["abased"].weight == 1.0  # the stronger reading of a repeated word wins
    strong = load_word_list(path, strong_only=True)
    assert set(strong.by_form) == {"abase", "abases", "abased", "abasing"}
    bad = _write(tmp_path, "bad.tff", text + "word1=x\n")
    with pytest.raises(InputError) as err:
        load_word_list(bad)
    assert err.value.line == 4


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("accept", ("accept", "accepted", "accepting", "accepts")),
        ("hope", ("hope", "hoped", "hopes", "hoping")),
        ("deny", ("denied", "denies", "deny", "denying")),
        ("push", ("push", "pushed", "pushes", "pushing")),
        ("give up", ("give up", "gived up", "gives up", "giving up")),
        ("ok", ("ok",)),  # too short to guess
        ("2-faced", ("2-faced",)),
    ],
)
def test_inflections(word: str, forms: tuple[str, ...]) -> None:
    assert inflections(word) == forms


def test_unreadable_list_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_word_list(tmp_path / "missing.tsv")


@pytest.mark.parametrize("name", [SUBJECTIVITY_LEXICON, EPISTEMIC_LEXICON])
def test_bundled_lists_are_well_formed(name: str) -> None:
    wl = bundled_word_list(name)
    assert wl.version and wl.name.startswith("headline-bench-")
    for e in wl.entries:
        assert 0.1 <= e.weight <= 1.0, e.term
        assert e.term in e.forms, e.term
        assert all(f == f.lower() for f in e.forms), e.term


def test_bundled_subjectivity_list_is_large_and_graded() -> None:
    wl = bundled_word_list(SUBJECTIVITY_LEXICON)
    assert len(wl) >= 2000
    weights = {round(e.weight, 1) for e in wl.entries}
    assert len(weights) >= 5  # graded, not a flat list
    curated = {form_key(f) for e in load_lexicon().entries for f in e.forms}
    shared = sorted(k for k in wl.by_form if k in curated)
    assert shared == [], f"forms the curated layer already has: {shared[:10]}"
