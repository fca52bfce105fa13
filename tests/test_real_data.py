"""benchmark.validation.real_data: loaders and statistics on tiny files in each dataset's format.

Every file here is written to ``tmp_path`` with the real file names, columns and
JSON shapes, and invented sentences; nothing reads the shared data or the network.
The neutrality datasets run with a fake term finder (a three-word lexicon), so
the tests do not depend on the bundled lexicon.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fake_data import BABE_HEADER, _allsides, _babe, _jsonl, _ptc, _write

from benchmark.errors import InputError
from benchmark.metrics.neutrality import LoadedTerm
from benchmark.text import inside, quote_spans
from benchmark.validation import real_data as rd
from benchmark.validation.real_data import report as rd_report

# --- helpers ----------------------------------------------------------------------------------


class FakeTerms:
    """A term finder over a fixed word list, with the real own-voice/quoted behaviour."""

    def __init__(self, words: Sequence[str]) -> None:
        self.pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.I)

    def __call__(self, text: str, *, include_quoted: bool = False) -> list[LoadedTerm]:
        quotes = quote_spans(text)
        out: list[LoadedTerm] = []
        for m in self.pattern.finditer(text):
            quoted = inside(quotes, m.start(), m.end())
            if quoted and not include_quoted:
                continue
            out.append(
                LoadedTerm(m.group(), m.start(), m.end(), "tabloid_verb", False, quoted=quoted)
            )
        return out


FAKE = FakeTerms(["slammed", "slams", "radical", "reckless", "thugs"])


# --- auc --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pos", "neg", "expected"),
    [
        ([1.0], [0.0], 1.0),
        ([0.0], [1.0], 0.0),
        ([1.0], [1.0], 0.5),  # a tie counts half
        ([0.0, 1.0, 2.0], [1.0], 0.5),  # 0 + 1/2 + 1 over 3 pairs
        ([3.0, 2.0], [1.0, 2.0, 0.0], 5.5 / 6),  # 3 wins, then 2: 1 + 1/2 + 1
        ([0.0, 0.0, 5.0], [0.0, 0.0], 4 / 6),  # four ties (2 wins) + two wins = 4 of 6
        ([40.0, 0.0, 0.0, 25.0], [0.0, 0.0, 0.0], 9 / 12),
        ([2.0, 2.0], [2.0, 2.0, 2.0], 0.5),
    ],
)
def test_auc_hand_computed(pos: list[float], neg: list[float], expected: float) -> None:
    assert rd.auc(pos, neg) == pytest.approx(expected)


def test_auc_matches_pairwise_count() -> None:
    rng = random.Random(7)
    for _ in range(50):
        pos = [float(rng.randint(0, 5)) for _ in range(rng.randint(1, 12))]
        neg = [float(rng.randint(0, 5)) for _ in range(rng.randint(1, 12))]
        wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
        assert rd.auc(pos, neg) == pytest.approx(wins / (len(pos) * len(neg)))


def test_auc_needs_both_classes() -> None:
    with pytest.raises(ValueError, match="positive"):
        rd.auc([], [1.0])
    with pytest.raises(ValueError, match="NaN"):
        rd.auc([float("nan")], [1.0])


def test_number_tokens() -> None:
    assert rd.number_tokens("It cost 1,000 or two million, not 3.5.") == {
        "1000": 1,
        "two": 1,
        "million": 1,
        "3.5": 1,
    }
    assert rd.number_tokens("The first one") == {"one": 1}


def test_word_normalisation() -> None:
    assert rd.norm_word("“Far-Left”") == "far left"
    assert rd.norm_word("'Slammed'") == "slammed"
    assert rd.term_keys("far-left thugs") == {"far left thugs", "far", "left", "thugs"}


# --- SummEdits --------------------------------------------------------------------------------

DOC = "The council cut 35 jobs in 2019, officials said on Monday."


def _summedits(root: Path) -> None:
    def rec(i: str, summary: str, original: str, label: int) -> dict[str, Any]:
        return {
            "id": i,
            "doc": DOC,
            "summary": summary,
            "label": label,
            "original_summary": original,
            "edit_types": [] if label else ["entity_modification"],
            "split": "evaluation",
        }

    seed = "The council cut 35 jobs in 2019."
    rows = [
        rec("a_og", seed, seed, 1),
        rec("b", "The council cut 40 jobs in 2019.", seed, 1),  # consistent but flagged
        rec("c", "The council cut 53 jobs in 2019.", seed, 0),  # number edit, caught
        rec("d", "The council cut jobs in 2019.", seed, 0),  # number removed: a miss
        rec("e", "The council added 35 jobs in 2019.", seed, 0),  # not a number edit
        rec("f", "The council cut 35 jobs in 2019 and first aid.", seed, 0),  # no number token
    ]
    _write(root / rd.SUMMEDITS_FILE, json.dumps(rows))


def test_summedits_numbers(tmp_path: Path) -> None:
    _summedits(tmp_path)
    assert len(rd.load_summedits(tmp_path)) == 6
    r = rd.summedits_numbers(tmp_path, progress=False)
    assert r.counts["number_edit_pairs"] == 2
    assert r.counts["digit_edit_pairs"] == 2
    assert r.counts["detected"] == 1
    assert r.value == 0.5
    assert r.passed is False
    assert r.counts["number_added_pairs"] == 1
    assert r.numbers["detection_rate_number_added"] == 1.0
    assert r.counts["consistent"] == 2
    assert r.counts["consistent_flagged"] == 1
    assert r.numbers["false_positive_rate"] == 0.5
    assert len(r.misses) == 1 and "number removed" in r.misses[0]
    assert "'40'" in r.false_alarms[0]


def test_summedits_bad_file(tmp_path: Path) -> None:
    _write(tmp_path / rd.SUMMEDITS_FILE, json.dumps({"not": "a list"}))
    with pytest.raises(InputError, match="JSON list"):
        rd.load_summedits(tmp_path)


# --- XSum hallucinations ----------------------------------------------------------------------

XSUM_DOC = "The club was founded in 1901. It signed the striker for £3m on Friday."
HEADER = [
    "bbcid",
    "system",
    "summary",
    "hallucination_type",
    "hallucinated_span",
    "hallucinated_span_start",
    "hallucinated_span_end",
    "worker_id",
]


def _xsum(root: Path) -> None:
    def esc(s: str) -> str:  # the CSV's escaping
        return s.replace("'", "\\'")

    rows: list[list[str]] = []

    def span_rows(
        bbcid: str, system: str, summary: str, spans: list[str | None], zero_based: bool = False
    ) -> None:
        for w, span in enumerate(spans):
            if span is None:
                rows.append([bbcid, system, esc(summary), "NULL", "NULL", "-1", "-1", f"wid_{w}"])
                continue
            a = summary.index(span) + (0 if zero_based else 1)
            rows.append(
                [bbcid, system, esc(summary), "extrinsic", esc(span), str(a), str(a + len(span)),
                 f"wid_{w}"]
            )  # fmt: skip

    s1 = "the club's new striker signed for £5m on friday."
    span_rows("101", "BERTS2S", s1, ["£5m", "£5m", None])  # two workers agree: one span
    s2 = "the club signed a striker in 2005."
    span_rows("101", "PtGen", s2, ["in 2005", None], zero_based=True)
    s3 = "the club founded in 1901 signed a striker for £3m."
    span_rows("101", "TConvS2S", s3, ["the club founded in 1901", "signed", None])
    gold = "the club, founded in 1901, paid £3m for the 24-year-old striker."
    span_rows("101", "Gold", gold, ["24-year-old", None, None])
    span_rows("102", "BERTS2S", "it won 7-0.", ["7-0", None, None])  # no document text
    path = root / rd.XSUM_SPANS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    _jsonl(
        root / rd.XSUM_DOCS_FILE,
        [{"bbcid": "101", "document": XSUM_DOC, "gold_summary": esc(gold)}],
    )


def test_xsum_loader_unescapes_and_resolves_offsets(tmp_path: Path) -> None:
    _xsum(tmp_path)
    spans = rd.load_xsum_spans(tmp_path)
    five = [s for s in spans if s.text == "£5m"]
    assert len(five) == 1  # duplicates across workers dropped
    sp = five[0]
    assert sp.summary.startswith("the club's")  # \' unescaped
    assert sp.start is not None and sp.summary[sp.start : sp.end] == "£5m"
    in2005 = next(s for s in spans if s.text == "in 2005")  # 0-based offsets in this row
    assert in2005.summary[in2005.start : in2005.end] == "in 2005"
    assert rd.unescape_xsum("\\nfernando\\'s") == "fernando's"
    assert rd.load_xsum_documents(tmp_path) == {"101": XSUM_DOC}
    assert rd.load_xsum_summaries(tmp_path)[("101", "Gold")].startswith("the club, founded")


def test_xsum_hallucinated_numbers(tmp_path: Path) -> None:
    _xsum(tmp_path)
    r = rd.xsum_hallucinated_numbers(tmp_path, progress=False)
    assert r.counts["documents_missing"] == 1
    assert r.counts["digit_spans"] == 3  # £5m, in 2005, the club founded in 1901
    assert r.counts["detected"] == 2
    assert r.value == pytest.approx(2 / 3)
    assert len(r.misses) == 1 and "1901" in r.misses[0] and "supported" in r.misses[0]
    assert r.counts["system_unsupported_figures"] == 2
    assert r.numbers["system_flags_in_annotated_span"] == 1.0
    assert r.counts["gold_digit_figures"] == 3
    assert r.counts["gold_digit_figures_flagged"] == 1
    assert r.counts["gold_flagged_in_annotated_span"] == 1


# --- BABE -------------------------------------------------------------------------------------


def test_babe_loader(tmp_path: Path) -> None:
    _babe(tmp_path)
    rows = rd.load_babe(tmp_path)
    assert len(rows) == 4  # "No agreement" left out
    assert rows[0].biased and rows[0].biased_words == ("Slammed", "radical")
    assert rows[1].text == 'The senator\'s "bizarre" remarks; drew attention.'
    assert not rows[2].biased and rows[2].biased_words == ()


def test_babe(tmp_path: Path) -> None:
    _babe(tmp_path)
    r = rd.babe(tmp_path, find_terms=FAKE, progress=False)
    # biased scores [40, 0] (2 terms in 5 words; none), non-biased [0, 100/6]
    assert r.value == pytest.approx(2.5 / 4)
    assert r.counts["biased"] == 2 and r.counts["non_biased"] == 2
    assert r.numbers["word_precision"] == pytest.approx(2 / 3)
    assert r.numbers["word_precision_annotated_sentences"] == 1.0
    assert r.numbers["word_recall"] == pytest.approx(2 / 3)
    assert r.passed is False
    assert len(r.misses) == 1 and "'bizarre'" in r.misses[0]
    assert len(r.false_alarms) == 1 and "slammed" in r.false_alarms[0]


def test_babe_bad_biased_words(tmp_path: Path) -> None:
    path = tmp_path / rd.BABE_FILE
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(BABE_HEADER)
        writer.writerow(["A text.", "", "", "", "", "Biased", "", "['unclosed"])
    with pytest.raises(InputError, match="list literal"):
        rd.load_babe(tmp_path)


# --- BASIL ------------------------------------------------------------------------------------


def _ann(txt: str, sentence: str, bias: str = "lex", quote: str = "no") -> dict[str, Any]:
    start = sentence.index(txt)
    return {
        "aim": "dir",
        "bias": bias,
        "end": start + len(txt),
        "id": "p0",
        "indirect-ally-opponent-sentiment": "",
        "notes": "",
        "polarity": "neg",
        "quote": quote,
        "speaker": "",
        "start": start,
        "target": "Mayor",
        "txt": txt,
    }


def _basil(root: Path) -> None:
    title = "Mayor Caves On Budget"
    paragraphs = [
        ["The mayor slammed the plan on Monday.", "It was a radical change."],
        ["“This is a radical idea.", "It is reckless,” she said."],
        ["Officials said the plan was costly."],
    ]
    anns = [
        _ann("slammed", paragraphs[0][0]),
        _ann("radical", paragraphs[0][1]),
        _ann("radical idea", paragraphs[1][0], quote="yes"),
        _ann("reckless", paragraphs[1][1], quote="yes"),  # its quote opens a sentence earlier
        _ann("costly", paragraphs[2][0]),
        _ann("Caves", title),
        _ann("plan", paragraphs[2][0], bias="inf"),
    ]
    article = {
        "title": title,
        "keywords": [],
        "date": "2012-01-01",
        "uuid": "u1",
        "url": "https://example.org/basil",
        "main-entities": ["Mayor"],
        "word-count": 40,
        "source": "nyt",
        "main-event": "budget",
        "triplet-uuid": "t1",
        "body-paragraphs": paragraphs,
    }
    annotation = {
        "article-level-annotations": {},
        "phrase-level-annotations": anns,
        "triplet-uuid": "t1",
        "uuid": "u1",
    }
    _jsonl(
        root / rd.BASIL_FILE,
        [
            {
                "file": "articles/2012/u1.json",
                "annotation_file": "annotations/2012/u1_ann.json",
                "article": article,
                "annotation": annotation,
            }
        ],
    )


def test_basil_loader_locates_spans(tmp_path: Path) -> None:
    _basil(tmp_path)
    spans = rd.load_basil(tmp_path)
    assert len(spans) == 6  # the "inf" span is not lexical
    for sp in spans:
        assert sp.start is not None and sp.paragraph[sp.start : sp.end] == sp.text
    reckless = next(s for s in spans if s.text == "reckless")
    assert reckless.paragraph == "“This is a radical idea. It is reckless,” she said."
    assert next(s for s in spans if s.text == "Caves").paragraph == "Mayor Caves On Budget"
    assert len(rd.load_basil(tmp_path, bias="inf")) == 1


def test_basil(tmp_path: Path) -> None:
    _basil(tmp_path)
    r = rd.basil(tmp_path, find_terms=FAKE, progress=False)
    assert r.counts["lexical_spans"] == 6
    assert r.counts["outside"] == 4 and r.counts["inside"] == 2
    assert r.counts["outside_detected"] == 2
    assert r.value == 0.5
    assert r.counts["inside_not_counted"] == 2
    assert r.counts["inside_lexicon_hit_excluded"] == 2
    assert r.numbers["inside_not_counted_rate"] == 1.0
    assert r.numbers["quote_agreement_with_annotators"] == 1.0
    assert len(r.misses) == 2 and {m.split(" ")[0] for m in r.misses} == {"'costly'", "'Caves'"}


# --- AllSides ---------------------------------------------------------------------------------


def test_allsides(tmp_path: Path) -> None:
    _allsides(tmp_path)
    heads = rd.load_allsides(tmp_path)
    assert [(h.side, h.leaning) for h in heads if h.story == "2"] == [
        ("neutral", "neutral"),
        ("left", "lean left"),
        ("right", "right"),
    ]
    r = rd.allsides(tmp_path, find_terms=FAKE, progress=False)
    # partisan [40, 0, 0, 25] vs centre + neutral [0, 0, 0]
    assert r.value == pytest.approx(9 / 12)
    assert r.passed is True
    assert r.numbers["auc_vs_center"] == pytest.approx(3 / 4)
    assert r.numbers["auc_strong_partisan_vs_neutral"] == pytest.approx(5 / 6)
    assert r.counts["left_headlines"] == 2 and r.counts["neutral_headlines"] == 2
    assert len(r.misses) == 1 and "Council passes budget" in r.misses[0]


# --- PTC --------------------------------------------------------------------------------------


def test_ptc_loader_keeps_offsets(tmp_path: Path) -> None:
    articles = _ptc(tmp_path)
    loaded, spans = rd.load_ptc(tmp_path)
    assert loaded == articles  # the BOM is kept: it counts in the offsets
    assert [loaded[s.article_id][s.start : s.end] for s in spans] == [
        "slammed",
        "reckless",
        "thugs",
        "dazzling",
        "display of power",
    ]


def test_ptc_loaded_language(tmp_path: Path) -> None:
    _ptc(tmp_path)
    r = rd.ptc_loaded_language(tmp_path, find_terms=FAKE, progress=False)
    assert r.counts["loaded_spans"] == 3 and r.counts["loaded_detected"] == 2
    assert r.value == pytest.approx(2 / 3)
    assert r.counts["name_calling_spans"] == 1 and r.counts["name_calling_detected"] == 0
    assert r.numbers["name_calling_recall_unquoted"] is None  # the only one is quoted
    assert r.counts["articles"] == 3
    assert r.counts["terms"] == 4 and r.counts["terms_in_any_span"] == 2  # not the "radical"s
    assert any("dazzling" in m for m in r.misses)
    assert any("thugs" in m and "(in quotes)" in m for m in r.misses)


def test_ptc_bad_labels(tmp_path: Path) -> None:
    _write(tmp_path / rd.PTC_LABELS_FILE, "1\tLoaded_Language\t3\n")
    with pytest.raises(InputError, match="4 tab-separated"):
        rd.load_ptc(tmp_path)


# --- run_all and the report -------------------------------------------------------------------


def test_run_all_and_report(tmp_path: Path) -> None:
    _summedits(tmp_path)
    _xsum(tmp_path)
    _babe(tmp_path)
    _basil(tmp_path)
    _allsides(tmp_path)
    _ptc(tmp_path)
    out = rd.run_all(tmp_path, progress=False, find_terms=FAKE)
    assert set(out["datasets"]) == set(rd.DATASETS)
    assert out["skipped"] == {}
    json.dumps(out)  # plain data
    assert out["datasets"]["allsides"]["passed"] is True
    report = rd.format_report(out)
    assert "| summedits_numbers | number-edit detection rate | 0.500 | 2 | >= 0.90 | FAIL |" in (
        report
    )
    assert "| allsides |" in report and "| pass |" in report
    assert "| basil |" in report and "| n/a |" in report
    assert "Example misses:" in report and "Total time:" in report


def test_run_all_skips_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _summedits(tmp_path)
    _babe(tmp_path)
    monkeypatch.setattr(rd_report, "_lexicon_problem", lambda: "loaded-term lexicon missing (x)")
    out = rd.run_all(tmp_path, progress=False)
    assert list(out["datasets"]) == ["summedits_numbers"]
    assert out["skipped"]["babe"] == "loaded-term lexicon missing (x)"
    assert out["skipped"]["basil"].startswith("missing basil/")
    report = rd.format_report(out)
    assert "| babe | skipped: loaded-term lexicon missing (x) |" in report
