"""Graded word lists: the three file formats, their errors, inflections, and the bundled lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.errors import InputError
from benchmark.metrics.matcher import (
    LazyPattern,
    build_index,
    edge_punctuation,
    find_forms,
    fold,
    form_key,
    form_pattern,
    split_form,
)
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
        ("hope for", ("hope for", "hoped for", "hopes for", "hoping for")),
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
        # the bundled lists compile their skip patterns on first use: every one must compile
        for pat in e.skip:
            assert isinstance(pat, LazyPattern) and pat.compiled().pattern == pat.pattern


def test_a_users_list_compiles_its_patterns_at_once(tmp_path: Path) -> None:
    p = _write(tmp_path, "l.tsv", HEAD + "bad\t0.5\tx\tbad\t(unclosed\n")
    with pytest.raises(InputError, match=r"line 3.*skip|skip.*line 3|bad pattern"):
        load_word_list(p)
    ok = _write(tmp_path, "ok.tsv", HEAD + "rocket\t0.5\tx\trocket\tfired\n")
    (entry,) = load_word_list(ok).entries
    assert isinstance(entry.skip[0], re.Pattern)
    assert [m.group() for m in entry.skip[0].finditer("FIRED a rocket")] == ["FIRED"]


def test_lazy_pattern_matches_as_the_compiled_one() -> None:
    lazy = LazyPattern(r"\brocket (?:fire|attack)")
    text = "A Rocket attack and a rocket fire"
    eager = re.compile(r"\brocket (?:fire|attack)", re.IGNORECASE)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy == LazyPattern(r"\brocket (?:fire|attack)") and "rocket" in repr(lazy)


def test_bundled_subjectivity_list_is_large_and_graded() -> None:
    wl = bundled_word_list(SUBJECTIVITY_LEXICON)
    assert len(wl) >= 2000
    weights = {round(e.weight, 1) for e in wl.entries}
    assert len(weights) >= 5  # graded, not a flat list
    curated = {form_key(f) for e in load_lexicon().entries for f in e.forms}
    shared = sorted(k for k in wl.by_form if k in curated)
    assert shared == [], f"forms the curated layer already has: {shared[:10]}"


def _reference(keys: list[str]) -> re.Pattern[str]:
    """The regex every matcher is held to: one alternation, longest form first."""
    alternatives = sorted(keys, key=len, reverse=True)
    return re.compile(
        r"(?<![^\W_])(?:" + "|".join(form_pattern(k) for k in alternatives) + r")(?![^\W_])",
        re.IGNORECASE,
    )


_PLAIN_FORMS = sorted(
    k
    for name in (SUBJECTIVITY_LEXICON, EPISTEMIC_LEXICON)
    for k in bundled_word_list(name).by_form
    if re.fullmatch(r"[^\W_]+(?:[ '-][^\W_]+)*", k)
)
_SAMPLE = _PLAIN_FORMS[::7]  # every seventh, accented ones among them ("naïve", "élan")
_SAMPLE_INDEX = build_index(_SAMPLE)
_SAMPLE_REGEX = _reference(_SAMPLE)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_SAMPLE),
            st.sampled_from(["the", "plan", "Expos", "LAN", "a+", "é", "_", "-", "'", "’"]),
        ),
        max_size=12,
    ),
    st.lists(st.sampled_from([" ", "-", " - ", "\n", ", ", ""]), min_size=12, max_size=12),
)
def test_matcher_finds_what_the_reference_regex_finds(parts: list[str], seps: list[str]) -> None:
    text = "".join(p + s for p, s in zip(parts, seps, strict=False)).upper()
    reference = [
        (m.start(), m.end(), form_key(fold(m.group()))) for m in _SAMPLE_REGEX.finditer(text)
    ]
    assert find_forms(text, _SAMPLE_INDEX) == reference


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_SAMPLE), st.sampled_from(["the", "plan", "a", "é"])),
        min_size=1,
        max_size=10,
    ),
    st.lists(st.sampled_from([" ", "-", ", ", "\n"]), min_size=10, max_size=10),
    st.sets(st.integers(0, 9), max_size=4),
)
def test_taken_spans_are_matched_as_if_blanked(
    parts: list[str], seps: list[str], blank: set[int]
) -> None:
    # Another layer's spans (whole words, as the curated matcher finds them) passed over
    # without tokenising again must give what matching the text with those spans struck
    # out gives ("_" is neither a word nor a separator, so no form runs through them).
    text = "".join(p + s for p, s in zip(parts, seps, strict=False))
    words = list(re.finditer(r"[^\W_]+", text))
    taken = sorted(words[k].span() for k in blank if k < len(words))
    blanked = list(text)
    for a, b in taken:
        blanked[a:b] = "_" * (b - a)
    assert find_forms(text, _SAMPLE_INDEX, taken) == find_forms("".join(blanked), _SAMPLE_INDEX)


def test_every_bundled_form_survives_the_matcher() -> None:
    for name in (SUBJECTIVITY_LEXICON, EPISTEMIC_LEXICON):
        wl = bundled_word_list(name)
        for key in wl.by_form:
            words, gaps = split_form(key)
            assert len(gaps) == len(words) - 1 and not edge_punctuation(key), key
            text = f"Yesterday {key.upper()} happened"
            assert any(text[s:e].lower() == key for s, e, _ in find_forms(text, wl.index)), key
