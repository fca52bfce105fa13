"""Tiny files in the formats of the public labelled data sets (real file names, columns and
JSON shapes, invented sentences), written to a test's ``tmp_path``; shared by the tests of
the real-data checks."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmark.validation import real_data as rd


def _write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)


def _jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    _write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


BABE_HEADER = [
    "text",
    "news_link",
    "outlet",
    "topic",
    "type",
    "label_bias",
    "label_opinion",
    "biased_words",
]


def _babe(root: Path) -> None:
    rows = [
        ["Officials slammed the radical plan.", "https://example.org/1", "Outlet A", "tax",
         "right", "Biased", "Expresses writer’s opinion", "['Slammed', 'radical']"],
        ['The senator\'s "bizarre" remarks; drew attention.', "https://example.org/2",
         "Outlet B", "tax", "left", "Biased", "Somewhat factual but also opinionated",
         "['bizarre']"],
        ["The committee met on Tuesday.", "https://example.org/3", "Outlet C", "tax",
         "center", "Non-biased", "Entirely factual", "[]"],
        ["Critics slammed the decision on Monday.", "https://example.org/4", "Outlet A",
         "tax", "", "Non-biased", "Entirely factual", "[]"],
        ["Nobody agreed on this one.", "https://example.org/5", "Outlet A", "tax", "",
         "No agreement", "No agreement", "[]"],
    ]  # fmt: skip
    path = root / rd.BABE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(BABE_HEADER)
        writer.writerows(rows)


def _side(stance: str, specific: str, title: str) -> dict[str, Any]:
    return {
        "stance": stance,
        "stance_specific": specific,
        "newsSource": f"{stance.title()} Daily",
        "newsTitle": title,
        "newsLink": "https://example.org/n",
        "newBody": ["A paragraph."],
        "topicID": "1",
        "opinionTag": None,
    }


def _allsides(root: Path) -> None:
    stories = [
        {
            "id": 1,
            "issue": "Council Approves Budget",
            "topic": "Budget",
            "link": "/story/1",
            "date": "2021-01-01T00:00:00-07:00",
            "roundup": ["The council approved the budget."],
            "news": {
                "left": _side("left", "left", "Council Slams Through Radical Budget"),
                "center": _side("center", "center", "Council approves budget"),
                "right": _side("right", "right", "Council passes budget"),
            },
        },
        {
            "id": 2,
            "issue": "Senate Votes On Bill",
            "topic": "Congress",
            "link": "/story/2",
            "date": "2021-01-02T00:00:00-07:00",
            "roundup": ["The Senate voted."],
            "news": {
                "left": _side("left", "lean left", "Senate votes on bill"),
                "right": _side("right", "right", "Reckless Senate rams bill"),
            },
        },
        {"id": 3, "issue": "", "news": {}},
    ]
    _jsonl(root / rd.ALLSIDES_FILE, stories)


def _ptc(root: Path) -> dict[str, str]:
    articles = {
        "700000001": (
            "Regime under fire\n\nThe regime slammed the reckless protesters.\n"
            "“They are thugs,” he said.\n"
        ),
        "700000002": "\ufeffShow of force\n\nA dazzling display of power.\nA radical step.\n",
        "700000003": "No spans here\n\nA radical plan.\n",  # an article without labels
    }
    for art_id, text in articles.items():
        _write(root / rd.PTC_ARTICLES_DIR / f"article{art_id}.txt", text)

    def label(art_id: str, technique: str, phrase: str) -> str:
        a = articles[art_id].index(phrase)
        return f"{art_id}\t{technique}\t{a}\t{a + len(phrase)}\n"

    _write(
        root / rd.PTC_LABELS_FILE,
        label("700000001", "Loaded_Language", "slammed")
        + label("700000001", "Loaded_Language", "reckless")
        + label("700000001", "Name_Calling,Labeling", "thugs")
        + label("700000002", "Loaded_Language", "dazzling")
        + label("700000002", "Doubt", "display of power"),
    )
    return articles
