"""The layered wording score: cues of each layer in the own voice, weights combined per
sentence (noisy-OR) and averaged, inherited vs introduced; values worked out by hand on
tiny lexicons (tests/fixtures), independent of the bundled ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark.metrics.neutrality import load_lexicon
from benchmark.metrics.wording import (
    LOADED_WEIGHTS,
    WordingLexicons,
    default_lexicons,
    find_wording_cues,
    load_wording_lexicons,
    noisy_or,
    source_cues,
    wording_bias,
    wording_scores,
)
from benchmark.metrics.wordlists import load_word_list

FIXTURES = Path(__file__).parent / "fixtures"
MINI = WordingLexicons(
    load_lexicon(FIXTURES / "mini_lexicon.yaml"),
    load_word_list(FIXTURES / "mini_subjectivity.tsv"),
    load_word_list(FIXTURES / "mini_epistemic.tsv"),
)


def _bias(text: str, source: str | None = None) -> tuple[float, float]:
    cues = find_wording_cues(text, source, lexicons=MINI)
    s = wording_scores(text, cues)
    return s.bias, s.introduced


def _cues(text: str, **kw: object) -> list[tuple[str, str, float]]:
    return [(c.text, c.layer, c.weight) for c in find_wording_cues(text, lexicons=MINI, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # slammed: curated tabloid verb 0.9; bizarre 0.7 -> 1 - 0.1 * 0.3; second sentence 0
        ("Critics slammed the bizarre plan. Officials met on Monday.", (1 - 0.1 * 0.3) / 2),
        # very 0.2 and fierce 0.5 -> 1 - 0.8 * 0.5 = 0.6; "fierce storm" is a literal sense
        ("The very fierce debate went on. A fierce storm hit.", 0.6 / 2),
        # epistemic "clearly" (0.45) wins over the subjective entry (0.1); claimed 0.5
        ("The minister clearly claimed victory.", 1 - 0.55 * 0.5),
        # the curated layer's "slams" (0.9) wins over the subjective entry (0.3)
        ("Minister slams plan.", 0.9),
        # quoted words are the speaker's
        ("He called the plan “bizarre” and ‘very fierce’.", 0.0),
        ("He was admitted to hospital.", 0.0),
        ("", 0.0),
        # one bullet per line: each line is a sentence
        ("A bizarre plan\nOfficials met\nA very long day", (0.7 + 0.2) / 3),
    ],
)
def test_wording_bias_by_hand(text: str, expected: float) -> None:
    assert _bias(text)[0] == pytest.approx(expected)


def test_cue_layers_weights_and_spans() -> None:
    text = "The minister clearly claimed a critically acclaimed, bizarre win and slams critics."
    assert _cues(text) == [
        ("clearly", "epistemic", 0.45),
        ("claimed", "epistemic", 0.5),
        ("critically acclaimed", "subjective", 0.6),
        ("bizarre", "subjective", 0.7),
        ("slams", "loaded", LOADED_WEIGHTS["tabloid_verb"]),
    ]
    quoted = find_wording_cues("It was “bizarre”.", lexicons=MINI, include_quoted=True)
    assert [(c.text, c.quoted) for c in quoted] == [("bizarre", True)]


def test_inherited_and_introduced() -> None:
    source = "Critics called it bizarre. Officials admitted the error. “Fury”, one said."
    # both cues are the source's own: nothing introduced
    assert _bias("A bizarre plan, officials admitted.", source) == (
        pytest.approx(1 - 0.3 * 0.6),
        0.0,
    )
    # "claimed" is new; the source's "fury" was quoted, so it is not the source's own voice
    bias, new = _bias("A bizarre plan, officials claimed, to fury.", source)
    assert bias == pytest.approx(1 - 0.3 * 0.5 * (1 - LOADED_WEIGHTS["emotive_intensifier"]))
    assert new == pytest.approx(1 - 0.5 * (1 - LOADED_WEIGHTS["emotive_intensifier"]))
    pre = source_cues(source, lexicons=MINI)
    assert ("subjective", "bizarre") in pre.terms and ("loaded", "fury") not in pre.terms
    assert find_wording_cues("A bizarre plan.", pre, lexicons=MINI) == find_wording_cues(
        "A bizarre plan.", source, lexicons=MINI
    )


def test_scores_count_cues_and_weight_per_100_words() -> None:
    text = "A bizarre, very odd plan."  # 5 words; cues 0.7 + 0.2
    s = wording_scores(text, find_wording_cues(text, lexicons=MINI))
    assert (s.cues, s.sentences, s.words) == (2, 1, 5)
    assert s.weight == pytest.approx(0.9)
    assert s.weight_per_100w == pytest.approx(18.0)


def test_noisy_or() -> None:
    assert noisy_or([]) == 0.0
    assert noisy_or([0.5, 0.5]) == pytest.approx(0.75)
    assert noisy_or([1.0, 0.2]) == 1.0


def test_layers_can_be_left_out_and_the_signature_says_so() -> None:
    lex = load_wording_lexicons(use_subjective=False, use_epistemic=False)
    assert lex.subjective is None and lex.epistemic is None
    assert lex.signature.endswith("+subj:none+epi:none")
    assert wording_bias("A bizarre plan, they claimed.", lexicons=lex) == 0.0
    full = default_lexicons()
    assert "subj:headline-bench-subjectivity@" in full.signature
    assert wording_bias("A bizarre plan, they claimed.", lexicons=full) > 0.5


def test_loaded_paths_are_read(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("plan\n", encoding="utf-8")
    lex = load_wording_lexicons(
        subjective=str(words), epistemic=str(FIXTURES / "mini_epistemic.tsv")
    )
    assert [c.text for c in find_wording_cues("Two plans were claimed.", lexicons=lex)] == [
        "plans",
        "claimed",
    ]
