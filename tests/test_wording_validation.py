"""benchmark.validation.wording on tiny files in each data set's format, with tiny
lexicons (tests/fixtures) and a plain word list: every number worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_data import _allsides, _babe, _ptc, _write

from benchmark.errors import InputError
from benchmark.metrics.neutrality import load_lexicon
from benchmark.metrics.wording import WordingLexicons
from benchmark.metrics.wordlists import load_word_list
from benchmark.validation import wording as vw

FIXTURES = Path(__file__).parent / "fixtures"
OURS = vw.LayeredScorer(
    vw.OURS,
    WordingLexicons(
        load_lexicon(FIXTURES / "mini_lexicon.yaml"),
        load_word_list(FIXTURES / "mini_subjectivity.tsv"),
        load_word_list(FIXTURES / "mini_epistemic.tsv"),
    ),
)

PAIRS = [
    ("a bizarre plan .", "a plan ."),  # ours: 0.7 > 0
    ("he claimed it .", "he said it ."),  # ours: 0.5 > 0
    ("a plan .", "a very plan ."),  # the edit added a cue: reverse
    ("the film .", "the movie ."),  # tie
]


def _wnc(root: Path) -> None:
    pre, post = zip(*PAIRS, strict=True)
    _write(root / "wnc_sample/pre.train", "\n".join(pre[:3]) + "\n")
    _write(root / "wnc_sample/post.train", "\n".join(post[:3]) + "\n")
    _write(root / "wnc_sample/pre.test", pre[3] + "\n")
    _write(root / "wnc_sample/post.test", post[3] + "\n")


@pytest.fixture
def plain(tmp_path: Path) -> vw.WordListScorer:
    path = tmp_path / "plain.txt"
    path.write_text("plan\nreckless\n", encoding="utf-8")
    return vw.WordListScorer("plain", load_word_list(path))


def test_wnc_pairs(tmp_path: Path, plain: vw.WordListScorer) -> None:
    _wnc(tmp_path)
    pairs = vw.load_wnc(tmp_path)
    assert [p.where for p in pairs] == ["pre.train:1", "pre.train:2", "pre.train:3", "pre.test:1"]
    more, rev = vw.wnc_pairs(pairs, [OURS, plain], progress=False)
    assert more.values == {vw.OURS: 0.5, "plain": 0.0}  # "plan" is on both sides: ties
    assert rev.values == {vw.OURS: 0.25, "plain": 0.0}
    assert more.numbers[vw.OURS]["ties"] == 0.25
    assert len(more.misses) == 1 and "removed 'film', added 'movie'" in more.misses[0]
    assert len(rev.false_alarms) == 1 and "added 'very'" in rev.false_alarms[0]
    assert more.to_json()["passed"] is True and rev.to_json()["passed"] is False


def test_wnc_files_must_align(tmp_path: Path) -> None:
    _wnc(tmp_path)
    _write(tmp_path / "wnc_sample/post.train", "one line\n")
    with pytest.raises(InputError, match="not aligned"):
        vw.load_wnc(tmp_path)


def test_babe_auc(tmp_path: Path, plain: vw.WordListScorer) -> None:
    _babe(tmp_path)
    r = vw.babe_auc(tmp_path, [OURS, plain], progress=False)
    # ours: biased [0.9 (slammed), 0 ("bizarre" is quoted)], non-biased [0, 0.9 (slammed)]
    assert r.values[vw.OURS] == pytest.approx(2 / 4)
    # plain: "plan" in 1 of 5 words (20 per 100) in the first biased sentence, else 0
    assert r.values["plain"] == pytest.approx(3 / 4)
    assert r.numbers[vw.OURS]["share_biased_scored"] == 0.5
    assert len(r.misses) == 1 and "bizarre" in r.misses[0]
    assert len(r.false_alarms) == 1 and "Critics slammed" in r.false_alarms[0]


def test_allsides_auc_and_stories(tmp_path: Path) -> None:
    _allsides(tmp_path)
    auc, story = vw.allsides(tmp_path, [OURS], progress=False)
    # partisan [0.9, 0, 0, 0] vs centre + neutral [0, 0, 0]: 3 wins and 9 ties of 12 pairs
    assert auc.values[vw.OURS] == pytest.approx(7.5 / 12)
    # both stories' neutral headline scores 0 <= every partisan one; strictly lower in none
    assert story.values[vw.OURS] == 1.0
    assert story.numbers[vw.OURS] == {"strictly_lower": 0.0, "all_tied": 0.5}
    assert story.n == "2 stories"


def test_ptc_recall_at_precision(tmp_path: Path, plain: vw.WordListScorer) -> None:
    _ptc(tmp_path)
    r = vw.ptc_recall(tmp_path, [OURS, plain], progress=False)
    # ours flags only "slammed" (0.9): inside a span, so precision 1; 1 of 3 loaded spans
    assert r.values[vw.OURS] == pytest.approx(1 / 3)
    assert r.numbers[vw.OURS]["threshold"] == 0.9
    assert r.numbers[vw.OURS]["precision@0.95"] is None
    # plain flags "reckless" (in a span) and "plan" (not): precision 0.5 < 0.6, so no point
    assert r.numbers["plain"]["precision@0"] == 0.5
    assert r.values["plain"] == 0.0
    assert any("dazzling" in m for m in r.misses)


def test_run_and_format(tmp_path: Path, plain: vw.WordListScorer) -> None:
    _wnc(tmp_path)
    _babe(tmp_path)
    res = vw.run_wording(tmp_path, [OURS, plain], progress=False)
    assert set(res["tests"]) == {"wnc_pairs", "wnc_reverse", "babe_auc"}
    assert set(res["skipped"]) == {"allsides", "ptc"}
    text = vw.format_wording(res)
    assert "| wnc_pairs | 4 pairs | >= 0.45 | 0.500 | 0.000 | pass |" in text
    assert "Misses of headline-bench" in text
    assert "Misses of" not in vw.format_wording(res, examples=False)


def test_baseline_scorers_found_under_the_root(tmp_path: Path) -> None:
    assert vw.baseline_scorers(tmp_path) == []
    _write(
        tmp_path / "bias_lexicons/mpqa_subjclueslen1-HLTEMNLP05.tff",
        "type=strongsubj len=1 word1=bizarre pos1=adj stemmed1=n priorpolarity=negative\n"
        "type=weaksubj len=1 word1=plan pos1=noun stemmed1=n priorpolarity=neutral\n",
    )
    _write(tmp_path / "bias_lexicons/recasens2013_bias_lexicon_original654.txt", "plan\n")
    names = {s.name: s for s in vw.baseline_scorers(tmp_path)}
    assert set(names) == {"mpqa_strong", "mpqa_all", "recasens_654"}
    strong = names["mpqa_strong"].analyse("A bizarre plan.")
    every = names["mpqa_all"].analyse("A bizarre plan.")
    assert (strong.weight, every.weight) == (1.0, 1.5)  # weak clues weigh 0.5
