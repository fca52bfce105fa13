"""The scraped-text parser (builder 1) on hand-written inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmark.builders.seed import parse_seed_text, read_seed_file
from benchmark.errors import SeedFormatError

NBSP = "\u00a0"

FULL = (
    "Council to axe 'as many as 300' jobs" + NBSP + "\n"
    "\n"
    "Council to axe ‘as many as 300’ jobs\n"
    "The authority says a £2.5m gap leaves it no choice.\n"
    "  • As many as 300 jobs could go, the leader said" + NBSP + NBSP + "\n"
    "\t* Unions slam the plan as ‘shameless’\n"
    "- A vote is due on 14 March\n"
    "\n"
    "Wexleigh council said on Monday that as many as 300 posts could go to close a £2.5m gap.\n"
    "\n"
    "Councillors and residents outside the town hall on Monday evening\n"
    "\n"
    "Pictured: Council leader Jane Doe, who said the cuts were necessary. She spoke for an hour.\n"
    "\n"
    "“It is a disgrace,” said union representative Tom Hill. The party's members' votes are due.\n"
    "\n"
    "Source: Read Full Article\n"
)


def test_full_example_keeps_headline_bullets_body_and_reports_drops() -> None:
    r = parse_seed_text(FULL, name="full.txt")
    assert r.headline == "Council to axe ‘as many as 300’ jobs"  # the curly copy is kept
    assert r.bullets == (
        "As many as 300 jobs could go, the leader said",
        "Unions slam the plan as ‘shameless’",
        "A vote is due on 14 March",
    )
    assert r.body == (
        "Wexleigh council said on Monday that as many as 300 posts could go "
        "to close a £2.5m gap.\n\n"
        "“It is a disgrace,” said union representative Tom Hill. "
        "The party's members' votes are due."
    )
    assert [(d.kind, d.line) for d in r.dropped] == [
        ("repeated_headline", 3),
        ("standfirst", 4),
        ("caption", 11),
        ("caption", 13),
        ("trailer", 17),
    ]
    assert r.dropped[1].text == "The authority says a £2.5m gap leaves it no choice."
    assert NBSP not in r.headline + "".join(r.bullets) + r.body


def test_curly_first_copy_is_kept_when_second_is_straight() -> None:
    text = 'Mayor’s “secret” plan\nMayor\'s "secret" plan\n\nThe mayor spoke.\n'
    r = parse_seed_text(text)
    assert r.headline == "Mayor’s “secret” plan"
    assert [d.kind for d in r.dropped] == ["repeated_headline"]


def test_headline_and_standfirst_on_one_line() -> None:
    text = (
        "Club 'faces £12m' bill\n"
        "Club ‘faces £12m’ bill: Owners say the debt can be paid over four years\n"
        "* Debt of £12m revealed\n\n"
        "The club said on Friday it owed £12m.\n"
    )
    r = parse_seed_text(text)
    assert r.headline == "Club ‘faces £12m’ bill"
    assert [(d.kind, d.text) for d in r.dropped] == [
        ("repeated_headline", "Club ‘faces £12m’ bill"),
        ("standfirst", "Owners say the debt can be paid over four years"),
    ]
    assert r.bullets == ("Debt of £12m revealed",)


def test_line_after_repeat_is_body_when_no_bullets_follow() -> None:
    # Without a bullet block a standfirst cannot be told from a lead paragraph: keep it.
    text = "Rates held\nRates held\nThe bank held rates at 4.5% on Thursday.\n\nMore text here.\n"
    r = parse_seed_text(text)
    assert r.body.startswith("The bank held rates at 4.5% on Thursday.")
    assert r.bullets == ()


def test_bullet_markers_and_indentation() -> None:
    text = "H\n•One?\n  • first\n    * second\n\t- third\n – fourth\n\nBody text.\n"
    r = parse_seed_text(text)
    # "•One?" has no space after the marker, so it is not a bullet but body: the
    # bullets block only starts once a real bullet appears.
    assert r.bullets == ()
    r = parse_seed_text("H\n  • first\n    * second\n\t- third\n – fourth\n\nBody text.\n")
    assert r.bullets == ("first", "second", "third", "fourth")


def test_wrapped_bullet_continues_on_deeper_indent() -> None:
    r = parse_seed_text("H\n• A bullet that\n    wraps onto a second line\n• Next\n\nBody.\n")
    assert r.bullets == ("A bullet that wraps onto a second line", "Next")


def test_bullets_separated_by_blank_lines() -> None:
    r = parse_seed_text("H\n\n- one\n\n- two\n\nBody sentence.\n")
    assert r.bullets == ("one", "two")
    assert r.body == "Body sentence."


def test_dash_inside_body_is_not_a_bullet() -> None:
    r = parse_seed_text("H\n\nFirst paragraph.\n\n- a list item in the body.\n")
    assert r.bullets == ()
    assert r.body == "First paragraph.\n\n- a list item in the body."


@pytest.mark.parametrize(
    ("paragraph", "is_caption"),
    [
        ("Residents gathered outside the town hall on Monday", True),
        ("Pictured: the site, which was cleared in 2019. It cost £4m.", True),
        ("PICTURED: Floodwater on Front Street.", True),
        ("The council said it would appeal.", False),
        ("“We will appeal,” she said.", False),
        ('"We will appeal," she said."', False),
        ("Will the council appeal?", False),
        ("It was, she said, a disgrace!", False),
        ("In a statement, the council said:", False),  # introduces a quote paragraph
        ("The man (pictured) was arrested on Friday.", False),
        ("He said the deal was worth (about £3m).", False),
    ],
)
def test_caption_rule(paragraph: str, is_caption: bool) -> None:
    r = parse_seed_text(f"Headline\n\nLead paragraph.\n\n{paragraph}\n\nLast paragraph.\n")
    assert ([d.kind for d in r.dropped] == ["caption"]) is is_caption
    assert (paragraph in r.body) is not is_caption


def test_long_caption_restating_the_lead_is_dropped() -> None:
    lead = (
        "Hollins & Vane has been ordered to refund up to £4.2m to 180,000 shoppers whose gift "
        "cards expired before they could be spent, the regulator said on Wednesday."
    )
    caption = lead[:-1].replace("the regulator said", "regulators found")
    r = parse_seed_text(f"Refunds ordered\n\n{lead}\n\n{caption}\n\nThe chain apologised.\n")
    assert r.body == f"{lead}\n\nThe chain apologised."
    assert r.dropped[0].kind == "caption"


@pytest.mark.parametrize(
    "trailer",
    [
        "Source: Read Full Article",
        "Read Full Article",
        "Read more: Council axes jobs",
        "SOURCE: The Example Ledger",
        "Continue reading",
    ],
)
def test_trailers(trailer: str) -> None:
    r = parse_seed_text(f"H\n\nBody one.\n\n{trailer}\n\n\n")
    assert r.body == "Body one."
    assert [(d.kind, d.text) for d in r.dropped] == [("trailer", trailer)]


def test_repeated_headline_later_in_the_body_is_dropped() -> None:
    r = parse_seed_text("Rates held at 4.5%\n• Bullet\n\nRates held at 4.5%\n\nThe bank met.\n")
    assert r.body == "The bank met."
    assert r.dropped[0].kind == "repeated_headline"


def test_currency_quotes_and_dashes_are_kept() -> None:
    body = "Costs rose to €300k – up 12% – and £3.5bn in “total”, the firm’s chief said."
    r = parse_seed_text(f"‘£3.5bn’ bill\n\n{body}\n")
    assert r.headline == "‘£3.5bn’ bill"
    assert r.body == body


def test_crlf_and_bom_and_cr() -> None:
    crlf = "\ufeffHeadline\r\n\r\n* one\r\n\r\nBody here.\r\n"
    r = parse_seed_text(crlf)
    assert (r.headline, r.bullets, r.body) == ("Headline", ("one",), "Body here.")
    r = parse_seed_text("Headline\r\rBody here.\r")
    assert (r.headline, r.body) == ("Headline", "Body here.")


def test_hard_wrapped_paragraph_is_joined() -> None:
    r = parse_seed_text("H\n\nThe council met on Monday and\nagreed to the plan.\n")
    assert r.body == "The council met on Monday and agreed to the plan."
    assert r.dropped == ()


def test_one_paragraph_per_line_without_blank_lines() -> None:
    r = parse_seed_text("H\nFirst paragraph.\nA caption line\nSecond paragraph.\n")
    assert r.body == "First paragraph.\n\nSecond paragraph."
    assert [d.kind for d in r.dropped] == ["caption"]


def test_control_characters_are_removed() -> None:
    r = parse_seed_text("Head\x00line\n\nBody\x07 text.\n")
    assert (r.headline, r.body) == ("Headline", "Body text.")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no headline: the file is empty"),
        ("\n \n\t\n", "no headline: the file is empty"),
        ("\ufeff", "no headline: the file is empty"),
        ("• only\n• bullets\n", "no headline"),
        ("Headline only\n", "no body"),
        ("Headline\n• a bullet\n- another\n", "no body"),
        ("Headline\n\nA caption with no full stop\n\nSource: Read Full Article\n", "no body"),
        (" ".join(["word"] * 80) + ".\n\nBody.\n", "no headline: the first line has 80 words"),
    ],
)
def test_malformed_files_raise_naming_the_file(text: str, message: str) -> None:
    with pytest.raises(SeedFormatError, match=message) as info:
        parse_seed_text(text, name="bad/article.txt")
    assert info.value.path == "bad/article.txt"
    assert str(info.value).startswith("bad/article.txt")


def test_file_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes("Headline\n\nCosts £5m.\n".encode("latin-1"))
    with pytest.raises(SeedFormatError, match="not valid UTF-8") as info:
        read_seed_file(p)
    assert info.value.path == str(p)
    assert info.value.line == 3
