"""A synthetic CNN/DailyMail-shaped test set for speed benchmarks.

Each article has a headline, 3-4 bullets, a body of about 780 words (450 to 1,100) in
one- and two-sentence paragraphs, and a lead-3 prediction (the first sentence cut to 12
words as headline, the first three sentences as bullets). The text is original: it is
assembled from this file's own templates and word lists, with loaded words picked from
the project's lexicon at run time, and it carries what the metrics look for: figures in
every form the figure checker parses, hedges and attributions, quoted speech, and bullets
that restate body figures faithfully, without their hedge, or with a changed number.

Generation is deterministic: article k comes from its own ``random.Random(f"{seed}:{k}")``,
so a set of n articles is the first n of any larger set with the same seed, and the output
is byte-identical across runs and machines.

    python bench/generate.py --n 11490 --seed 0 --out /tmp/cnndm-like

writes ``/tmp/cnndm-like/dataset`` (a built dataset, split "test") and
``/tmp/cnndm-like/lead3.jsonl`` (the lead-3 predictions).
"""

# Why this script is long: most of it is the generator's own text (topics, claims, quotes,
# names, figure forms), original and kept beside the code that assembles it; the code itself
# is the second half of the file.

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

if __package__ in (None, ""):
    # Run as a script or imported from bench/ (not a package): the repository root holds
    # the benchmark package.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmark.dataset import (
    DatasetCard,
    load_dataset_dir,
    make_dataset_dict,
    save_dataset,
    stable_id,
)
from benchmark.metrics.neutrality import Lexicon, find_loaded_terms, load_lexicon
from benchmark.records import Article, Prediction, write_predictions
from benchmark.text import split_sentences

T = TypeVar("T")

SIZES = (1000, 4000, 11490, 16000)
SOURCE = "synthetic_cnndm"

_MEAN_WORDS = 780
_MIN_WORDS = 450
_MAX_WORDS = 1100
_HEADLINE_WORDS = 12  # the lead-3 prediction's headline: the first sentence cut to this
_TAIL_P = 0.6  # share of sentences that get a clause ending (news sentences run long)
_QUOTED_P = 0.75  # share of loaded-word slots in quotations that get a loaded word

# --- templates ---------------------------------------------------------------------------------

_ATTRIBUTING = frozenset({"said", "show", "found", "added", "{A}"})


class _Tpl:
    """A ``str.format`` template; its slots are filled on first use (see _Slots)."""

    __slots__ = ("tail_ok", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # A clause ending goes before the full stop, so not after "..., critics said."
        last = text.rstrip(".").rsplit(" ", 1)[-1]
        self.tail_ok = text.endswith(".") and '"' not in text and last not in _ATTRIBUTING


def _tpls(*texts: str) -> tuple[_Tpl, ...]:
    return tuple(_Tpl(t) for t in texts)


@dataclass(frozen=True)
class _Claim:
    """A checkable statement: a body sentence and the bullet that restates it.

    ``fig`` names the figure generator; ``{F}`` is the figure with its qualifier, ``{M}``
    a modal ("will", "could"), ``{A}`` an attribution tail and ``{AB}`` the bullet's.
    """

    body: _Tpl
    bullet: _Tpl
    fig: str
    plain: _Tpl | None = None  # the bullet stated as fact, where dropping F's hedge is not enough


def _claims(*rows: tuple[str, ...]) -> tuple[_Claim, ...]:
    return tuple(
        _Claim(_Tpl(r[0]), _Tpl(r[1]), r[2], _Tpl(r[3]) if len(r) > 3 else None) for r in rows
    )


@dataclass(frozen=True)
class _Topic:
    orgs: tuple[str, ...]  # "{place} Council"
    short: tuple[str, ...]  # "the council"
    staff: tuple[str, ...]
    people: tuple[str, ...]
    things: tuple[str, ...]
    projects: tuple[str, ...]  # without article: "leisure centre redevelopment"
    events: tuple[str, ...]  # singular, without article: "funding squeeze"
    sources: tuple[str, ...]  # singular: "a council spokesman"
    critics: tuple[str, ...]  # plural: "opposition councillors"
    claims: tuple[_Claim, ...]


_TOPICS: tuple[_Topic, ...] = (
    _Topic(
        orgs=("{place} Council", "{place} Borough Council", "{place} County Council"),
        short=("the council", "the authority"),
        staff=("staff", "council workers", "employees", "care workers"),
        people=("residents", "households", "families", "pensioners", "carers"),
        things=("libraries", "children's centres", "bus routes", "community centres", "car parks"),
        projects=("leisure centre redevelopment", "town centre regeneration scheme", "ring road"),
        events=("funding squeeze", "budget shortfall", "council tax rise", "spending review"),
        sources=("a council spokesman", "the council's finance chief", "a senior council officer"),
        critics=("opposition councillors", "campaigners", "residents' groups", "union leaders"),
        claims=_claims(
            (
                "{F} {M} close under the proposals, which go before the cabinet on {weekday}{A}.",
                "{F} {M} close under proposals drawn up by {org_short}{AB}.",
                "count:things",
            ),
            (
                "Council tax for a typical Band D home {M} rise by {F} to {money_small} "
                "a year from {month}{A}.",
                "Council tax for a typical Band D home {M} rise by {F}{AB}.",
                "money_small",
            ),
            (
                "{Org_short} faces a budget gap of {F} over the next {years}, and {M} have "
                "to draw on its reserves{A}.",
                "{Org_short} faces a budget gap of {F} over the next {years}{AB}.",
                "money_big",
            ),
            (
                "{F} {M} be moved to new contracts as part of a shake-up of adult social care{A}.",
                "{F} {M} be moved to new contracts in a social care shake-up{AB}.",
                "count:staff",
            ),
        ),
    ),
    _Topic(
        orgs=("{surname} Group", "{place} Foods", "{surname} and Sons", "{surname} Retail"),
        short=("the firm", "the company", "the retailer"),
        staff=("workers", "employees", "staff", "shop workers", "warehouse staff"),
        people=("customers", "shoppers", "suppliers", "shareholders"),
        things=("stores", "branches", "factories", "depots", "outlets"),
        projects=("restructuring plan", "new distribution centre", "store refit programme"),
        events=("store closure programme", "takeover", "restructuring", "profit warning"),
        sources=("the company", "a spokeswoman for the firm", "the chief executive"),
        critics=("union leaders", "shop workers' representatives", "local MPs", "suppliers"),
        claims=_claims(
            (
                "{F} {M} close by the end of {year_next}, putting {count_staff} at risk{A}.",
                "{F} {M} close by the end of {year_next}{AB}.",
                "count:things",
            ),
            (
                "Pre-tax profits fell to {F} in the six months to the end of {month}, "
                "down from {money_big} a year earlier{A}.",
                "Pre-tax profits fell to {F} in the six months to {month}{AB}.",
                "money_big",
            ),
            (
                "Sales {M} fall by {F} this year as shoppers cut back on spending{A}.",
                "Sales at {org} {M} fall by {F} this year{AB}.",
                "pct",
            ),
            (
                "{F} {M} lose their jobs when the {project} goes ahead{A}.",
                "{F} {M} lose their jobs under the {project}{AB}.",
                "count:staff",
            ),
        ),
    ),
    _Topic(
        orgs=("{place} Rail", "{place} Buses", "{place} and {place2} Railway", "{place} Trams"),
        short=("the operator", "the rail firm", "the bus company"),
        staff=("drivers", "guards", "engineers", "ticket office staff", "conductors"),
        people=("passengers", "commuters", "travellers", "season ticket holders"),
        things=("trains", "services", "buses", "routes", "stations"),
        projects=("line upgrade", "new station", "electrification project", "signalling upgrade"),
        events=("strike", "walkout", "signal failure", "timetable change"),
        sources=("the operator", "a spokesman for the line", "the transport authority"),
        critics=("passenger groups", "union leaders", "commuters", "local MPs"),
        claims=_claims(
            (
                "{F} {M} be cancelled during the {event} on {weekday}, with replacement "
                "buses on some routes{A}.",
                "{F} {M} be cancelled during the {event} on {weekday}{AB}.",
                "count:things",
            ),
            (
                "Delays of {F} were reported on the line between {place} and {place2} "
                "during the morning rush hour{A}.",
                "Delays of {F} were reported between {place} and {place2}{AB}.",
                "minutes",
            ),
            (
                "{F} {M} be affected each day while the {project} is carried out{A}.",
                "{F} {M} be affected each day during the {project}{AB}.",
                "count:people",
            ),
            (
                "The {project} {M} cut journey times between {place} and {place2} by {F}{A}.",
                "The {project} {M} cut journeys between {place} and {place2} by {F}{AB}.",
                "minutes",
            ),
        ),
    ),
    _Topic(
        orgs=("the {place} Weather Centre", "{place} Coastguard", "the {place} Rivers Trust"),
        short=("the agency", "the coastguard", "the forecasting service"),
        staff=("engineers", "firefighters", "rescue crews", "volunteers"),
        people=("residents", "households", "homeowners", "farmers"),
        things=("trees", "roads", "schools", "bridges", "railway lines"),
        projects=("sea wall repairs", "river defence scheme", "drainage works"),
        events=("storm", "heavy rain", "heatwave", "high tide", "cold snap"),
        sources=("a forecaster", "the agency", "a spokesman for the coastguard"),
        critics=("residents", "farmers", "local businesses", "parish councillors"),
        claims=_claims(
            (
                "Gusts of {F} {M} hit exposed coasts overnight, with a warning in place "
                "until {time} on {weekday}{A}.",
                "Gusts of {F} {M} hit exposed coasts around {place} overnight{AB}.",
                "mph",
            ),
            (
                "{F} of rain fell in just {hours} at a weather station near {place}{A}.",
                "{F} of rain fell in {hours} at a weather station near {place}{AB}.",
                "mm",
            ),
            (
                "{F} were left without power at the height of the {event}{A}.",
                "{F} in {place} were left without power during the {event}{AB}.",
                "count:homes",
            ),
            (
                "Temperatures {M} reach {F} in parts of {place} on {weekday}, well above "
                "the average for {month}{A}.",
                "Temperatures {M} reach {F} in parts of {place} on {weekday}{AB}.",
                "temp",
            ),
        ),
    ),
    _Topic(
        orgs=("{place} General Hospital", "the {place} Health Trust", "{place} Royal Infirmary"),
        short=("the trust", "the hospital", "the health board"),
        staff=("nurses", "doctors", "paramedics", "midwives", "junior doctors"),
        people=("patients", "outpatients", "elderly patients", "children"),
        things=("beds", "operations", "appointments", "wards", "clinics"),
        projects=("new maternity unit", "cancer centre", "emergency department rebuild"),
        events=("outbreak", "winter crisis", "staffing shortage", "strike"),
        sources=("the trust", "a hospital spokeswoman", "the medical director"),
        critics=("patient groups", "health campaigners", "unions", "local MPs"),
        claims=_claims(
            (
                "{F} are waiting more than {weeks} for treatment, the longest waits in the "
                "region{A}.",
                "{F} are waiting more than {weeks} for treatment{AB}.",
                "count:people",
            ),
            (
                "{F} {M} be cut over the next {years} to save money{A}.",
                "{F} {M} be cut at {org} over the next {years}{AB}.",
                "count:things",
            ),
            (
                "The {project} {M} cost {F}, almost double the original estimate{A}.",
                "The {project} at {org} {M} cost {F}{AB}.",
                "money_big",
            ),
            (
                "Waiting times in the emergency department rose by {F} last winter{A}.",
                "Emergency department waiting times at {org} rose by {F} last winter{AB}.",
                "pct",
            ),
        ),
    ),
    _Topic(
        orgs=("{place} Police", "{place} Constabulary", "the {place} Crown Prosecution team"),
        short=("the force", "the constabulary", "the police force"),
        staff=("officers", "detectives", "police officers", "special constables"),
        people=("victims", "witnesses", "residents", "shopkeepers"),
        things=("cars", "phones", "bicycles", "catalytic converters", "vans"),
        projects=("investigation", "operation", "inquiry"),
        events=("robbery", "raid", "burglary case", "theft inquiry"),
        sources=("police", "a police spokesman", "the senior investigating officer"),
        critics=("residents", "victims' families", "shopkeepers", "community leaders"),
        claims=_claims(
            (
                "Officers seized {F} of cannabis and {money_mid} in cash during the raids{A}.",
                "Officers seized {F} of cannabis during the raids in {place}{AB}.",
                "kg",
            ),
            (
                "{F} have been arrested in connection with the {project}{A}.",
                "{F} have been arrested in connection with the {project}{AB}.",
                "count:suspects",
            ),
            (
                "The gang {M} have stolen goods worth {F} over {months}{A}.",
                "The gang {M} have stolen goods worth {F} from homes in {place}{AB}.",
                "money_mid",
            ),
            (
                "{F} {M} be reported stolen in {place} this year, up from {count_things} last "
                "year{A}.",
                "{F} {M} be reported stolen in {place} this year{AB}.",
                "count:things",
            ),
        ),
    ),
    _Topic(
        orgs=("{place} Academy", "{place} Grammar School", "the {place} Schools Trust"),
        short=("the school", "the trust", "the local authority"),
        staff=("teachers", "teaching assistants", "staff", "supply teachers"),
        people=("pupils", "students", "parents", "sixth-formers"),
        things=("schools", "classrooms", "school places", "playing fields"),
        projects=("new sixth-form block", "school rebuilding programme", "new primary school"),
        events=("inspection", "closure", "merger", "admissions row"),
        sources=("the head teacher", "the trust", "a spokesman for the local authority"),
        critics=("parents", "teaching unions", "governors", "local councillors"),
        claims=_claims(
            (
                "{F} {M} be without a school place in September after the {event}{A}.",
                "{F} in {place} {M} be without a school place in September{AB}.",
                "count:people",
            ),
            (
                "{F} of pupils reached the expected standard in reading and maths, down from "
                "{pct} the year before{A}.",
                "{F} of pupils reached the expected standard in reading and maths{AB}.",
                "pct_of",
            ),
            (
                "The {project} {M} provide {F} when it opens in {year_next}{A}.",
                "The {project} {M} provide {F} from {year_next}{AB}.",
                "count:things",
            ),
            (
                "{F} {M} leave the profession within {years}, a survey of staff found{A}.",
                "{F} {M} leave the profession within {years}, a staff survey found{AB}.",
                "count:staff",
            ),
        ),
    ),
    _Topic(
        orgs=("{place} Athletic", "{place} Marathon", "{place} Rovers", "{place} Cricket Club"),
        short=("the club", "the board", "the organising committee"),
        staff=("stewards", "volunteers", "players", "coaches"),
        people=("runners", "fans", "spectators", "supporters", "season ticket holders"),
        things=("tickets", "seats", "season tickets", "hospitality boxes"),
        projects=("new stadium", "stand redevelopment", "training ground"),
        events=("race", "final", "derby", "relegation battle"),
        sources=("the club", "a spokesman for organisers", "the chairman"),
        critics=("supporters' groups", "fans", "season ticket holders", "local residents"),
        claims=_claims(
            (
                "{F} {M} take part in the {miles_compound} race on {weekday}, a record for "
                "the event{A}.",
                "{F} {M} take part in the {miles_compound} race on {weekday}{AB}.",
                "count:people",
            ),
            (
                "The course runs for {F} through {place} and {place2} before finishing at "
                "the harbour{A}.",
                "The course runs for {F} through {place} and {place2}{AB}.",
                "miles",
            ),
            (
                "Season ticket prices {M} rise to {F} for next season{A}.",
                "Season ticket prices at {org} {M} rise to {F} next season{AB}.",
                "money_small",
            ),
            (
                "The {project} {M} hold {F} when work is finished in {year_next}{A}.",
                "The {project} at {org} {M} hold {F} from {year_next}{AB}.",
                "count:fans",
            ),
        ),
    ),
    _Topic(
        orgs=("{surname} Homes", "{place} Housing Association", "{surname} Developments"),
        short=("the developer", "the housing association", "the planning authority"),
        staff=("builders", "planning officers", "housing officers", "contractors"),
        people=("tenants", "first-time buyers", "families", "residents", "renters"),
        things=("homes", "flats", "houses", "affordable homes", "bungalows"),
        projects=("housing estate", "development", "tower block refurbishment"),
        events=("planning inquiry", "rent rise", "eviction", "public consultation"),
        sources=("the developer", "a spokeswoman for the housing association", "planners"),
        critics=("residents", "campaigners", "parish councillors", "tenants' groups"),
        claims=_claims(
            (
                "Developers want to build {F} on {acres} of green belt land north of {place}{A}.",
                "Developers want to build {F} on green belt land near {place}{AB}.",
                "count:things",
            ),
            (
                "The average house price in {place} has risen to {F}, the highest in the "
                "county{A}.",
                "The average house price in {place} has risen to {F}{AB}.",
                "money_house",
            ),
            (
                "Rents {M} rise by {F} this year, pushing more families into arrears{A}.",
                "Rents in {place} {M} rise by {F} this year{AB}.",
                "pct",
            ),
            (
                "{F} of the new homes {M} be classed as affordable under the plans{A}.",
                "{F} of the new homes {M} be classed as affordable{AB}.",
                "pct_of",
            ),
        ),
    ),
    _Topic(
        orgs=("{place} Energy", "the {place} Wind Farm consortium", "{surname} Power"),
        short=("the energy firm", "the consortium", "the supplier"),
        staff=("engineers", "workers", "technicians", "apprentices"),
        people=("households", "customers", "residents", "bill payers"),
        things=("turbines", "solar panels", "charging points", "substations"),
        projects=("wind farm", "solar farm", "recycling plant", "battery storage site"),
        events=("power cut", "price rise", "planning row", "public inquiry"),
        sources=("the energy firm", "a spokesman for the consortium", "the regulator"),
        critics=("environmental groups", "local campaigners", "farmers", "residents"),
        claims=_claims(
            (
                "The {project} {M} power {F} once it is fully running{A}.",
                "The {project} near {place} {M} power {F} when fully running{AB}.",
                "count:homes",
            ),
            (
                "The {project} {M} generate {F} of electricity at its peak{A}.",
                "The {project} near {place} {M} generate {F} of electricity at its peak{AB}.",
                "mw",
            ),
            (
                "The {project} {M} cut carbon emissions by {F} a year{A}.",
                "The {project} near {place} {M} cut carbon emissions by {F} a year{AB}.",
                "tonnes",
            ),
            (
                "Energy bills {M} rise by {F} a year from {month}{A}.",
                "Energy bills {M} rise by {F} a year from {month}{AB}.",
                "money_small",
            ),
        ),
    ),
)

# Claims any topic can make, about its own projects, people and events.
_GENERIC_CLAIMS = _claims(
    (
        "The {project} {M} cost {F}, according to documents published this week.",
        "The {project} in {place} {M} cost {F}, documents show.",
        "money_big",
    ),
    (
        "{F} {M} be affected by the {event}, with {place} among the worst-hit areas{A}.",
        "{F} in {place} {M} be affected by the {event}{AB}.",
        "count:people",
    ),
    (
        "{F} of {people} {M} be worse off as a result of the {event}{A}.",
        "{F} of {people} {M} be worse off because of the {event}{AB}.",
        "pct_of",
    ),
    (
        "{Org_short} has set aside {F} to deal with the {event} and its aftermath{A}.",
        "{Org_short} has set aside {F} to deal with the {event}{AB}.",
        "money_big",
    ),
    (
        "{F} signed a petition against the plans within {days}, organisers said.",
        "{F} signed a petition against the plans within {days}.",
        "count:people",
    ),
    (
        "The number of complaints about the {event} rose by {F} in {year}{A}.",
        "Complaints about the {event} rose by {F} in {year}{AB}.",
        "pct",
    ),
    (
        "{F} {M} be needed over {years} to keep the {project} on track{A}.",
        "{F} {M} be needed to keep the {project} on track{AB}.",
        "count:staff",
    ),
)

# Quoted claims: the figure is hedged by the quotation marks; a bullet may attribute it.
_QUOTE_CLAIMS = _claims(
    (
        '"{F} {M} be affected and nobody has bothered to tell them," said {P2s}.',
        "{F} {M} be affected by the {event}, says {P2s}.",
        "count:people",
        "{F} will be affected by the {event} in {place}.",
    ),
    (
        '"We are talking about {F} of public money on {aADJQ} scheme," said {P2s}, {role2}.',
        "{P2s} says {F} of public money is being spent on the scheme.",
        "money_big",
        "{F} of public money is being spent on the scheme.",
    ),
    (
        '"Bills have {RISEQ} by {F} and families simply cannot cope," said {P3s}, {age3}.',
        "Bills have gone up by {F}, says resident {P3s}.",
        "pct",
        "Household bills in {place} have gone up by {F}.",
    ),
)

_FILLERS = _tpls(
    "The {event} began at about {time} on {weekday}, {date}.",
    "{P3}, {age3}, from {place}, said {he3} had lived in the area since {year}.",
    "A {age}-year-old woman from {place2} was among those affected by the {event}.",
    "A man aged {age} was taken to hospital as a precaution but was later discharged.",
    "The decision followed a {spelled}-hour meeting at {place} town hall on {weekday} night.",
    "A {spelled}-week public consultation on the plans will begin on {date}.",
    "The building was put up in {decade} and was last refurbished in {year}.",
    "This year marks the {ordinal} anniversary of {org}.",
    "Between {range_and} {staff} are expected to attend a briefing on {weekday}.",
    "Repairs are expected to take {range_dash} months, {org_short} said.",
    "The site, which covers {acres}, is {miles} from the centre of {place}.",
    "A public meeting will be held at {time} on {date} at {place} library.",
    "Half of the {people} who responded to a survey in {year} said they had not been consulted.",
    "{Org} was fined {money_mid} in {year} over a similar failure.",
    "Figures published on {weekday} show {count_people} in {place} were affected last year.",
    "Some {count_people} attended a meeting at {place} village hall last month.",
    "{P1s}, who has worked for {org_short} for {n_years} years, said lessons would be learned.",
    "The {project} was first proposed in {year}, with an initial budget of {money_big}.",
    "About a third of {people} in {place} said in a survey that they had not been consulted.",
    "Officials said {count_staff} had been working in shifts since {time} on {weekday}.",
    "The nearest alternative is {miles} away in {place2}, a journey of {minutes} by bus.",
    "A report to be published on {date} is expected to set out the options.",
    "{Org_short} said a further {count_staff} would be recruited by {year_next}.",
    "Two-thirds of those who responded said they opposed the {project}.",
    "The row is the latest in a series of problems for {org}, which was set up in {year}.",
    "A {spelled}-day trial of the new arrangements is due to start on {weekday}.",
    "The cost has risen from {money_big} in {year} to {money_big2} today, {src} said.",
    "It is the {ordinal} time since {year} that {org_short} has been forced to change course.",
    "More than {count_people} have written to {org_short} since the plans were announced on "
    "{date}.",
    "An estimated {count_people} live within {miles} of the site.",
    "Lorries weighing up to {tonnes} use the road every day, according to {src}.",
    "A van carrying a {kg} package was stopped on the outskirts of {place} at {time}.",
    "Work on the {project} is due to finish in {year_next}, {n_late} years later than planned.",
)

_CONTEXT = _tpls(
    "The plans have been {LV} by {critics}, who say they will hit {LPEOPLE} hardest.",
    "It comes amid {LMASS} over the handling of the {event}.",
    "Critics described the decision as {aLNOUN} that could have been avoided.",
    "{Critics} {LV} the move, saying it had been taken without proper consultation.",
    "{aLADJ_cap} row has broken out over who should pay for the {project}.",
    "A spokesman for {org_short} declined to comment further on the {event}.",
    "A final decision is expected to be made by the cabinet later this year.",
    "{P1s} added that {org_short} would keep the situation under review.",
    "Supporters of the scheme say it will bring investment and jobs to the area.",
    "{LLABEL_cap} activists joined the protest outside the offices of {org}.",
    "Some residents said the plans were the latest example of {LCONCEPT}.",
    "{Org_short} has now announced {LCRACK} late payments and unpaid bills.",
    "Residents said they were {LFEEL} when they heard about the {event}.",
    "The {event} has been called {aLNOUN} by {critics}.",
    "{Critics} say {org_short} has {LCUT} vital services to balance the books.",
    "Local businesses fear {LEXODUS} customers if the plans go ahead.",
    "The {event} was discussed at length at a meeting of the full council.",
    "{Org_short} insisted that the changes were necessary and had been carefully considered.",
    "Costs have {LRISE} since the {project} was first approved, critics said.",
    "Visitor numbers have {LFALL} since the {event} began, traders said.",
    "{Org_short} said it had followed the relevant guidance and would cooperate with any review.",
    "Local councillors have called for an independent inquiry into how the decision was reached.",
    "The issue is expected to feature prominently in next year's local elections.",
    "{P1s} said {org_short} had listened carefully to the concerns raised by {people}.",
    "Campaigners have set up a website and a social media page to coordinate their response.",
    "The proposals will now be examined by an independent panel before a decision is taken.",
    "Many {people} said they had only learned about the plans from friends and neighbours.",
    "Traders in the town centre said business had already been affected by the uncertainty.",
    "{Org_short} said it recognised the strength of feeling in the community.",
    "It is not the first time {org} has faced criticism over its handling of the {project}.",
    "Questions have also been raised about the way the consultation was carried out.",
    "{Critics} have vowed to keep up the pressure, calling the handling of the {event} {aLNOUN}.",
    "The {event} has dominated conversation in {place} for much of the past week.",
    "Opposition politicians have demanded answers and want the plans put on hold.",
)

# Clause endings that lengthen a sentence to news length without adding figures or hedges.
_TAILS = (
    ", in a move that has divided opinion in {place}",
    " despite months of talks between the two sides",
    ", as pressure grows on {org_short} to find a solution",
    " after a review of the options earlier this year",
    ", with further details due to be set out in the spring",
    " following a long-running dispute over funding",
    ", although the details have yet to be finalised",
    " as part of a wider review of services across the region",
    ", in what has been a difficult year for {org}",
    " amid growing concern among {people} in {place}",
    ", the latest development in a story that has dominated local headlines",
    " and the issue is set to be raised at the next full meeting",
)

_QUOTES = _tpls(
    '"This is {aADJQ} decision and {people} will end up paying the price," said {P2s}.',
    '"It has been {aNOUNQ} from start to finish," said {P2}, {role2}.',
    '{P2}, {role2}, said: "Frankly, the whole thing is {aNOUNQ}."',
    '"We were absolutely {FEELQ} when we found out," said {P3s}, {age3}.',
    '"{Org_short} has {VQ} the very people it is supposed to serve," {he2} added.',
    '"People are {FEELQ}. They feel nobody is listening to them," said {P3}, {role3}.',
    '"We understand people\'s concerns and we will continue to listen," said {P1s}.',
    '{P1}, {role1}, said: "Our priority is to keep services running safely."',
    '"We will set out more details in the coming weeks," said {P1s}, {role1}.',
    '"It is {aADJQ} waste of money at a time when {people} are struggling," said {P2s}.',
    '"This is {QCONCEPT}, pure and simple," said {P2s}, {role2}.',
    '"I have never seen anything like it in {n_years} years," said {P3}, {age3}, from {place}.',
    '"We have done everything we can to keep disruption to a minimum," {he1} said.',
    '"{Critics} have {VQ} the plans without even reading them," said {P1s}.',
)

_HEADLINES = _tpls(
    "{HF} at stake as {org} unveils plans for the {project}",
    "{Critics} {LVP} {org} over {LADJ} {project} plans",
    "{place} {event} could affect {HF}, {org_short} warns",
    "{LMASS_cap} in {place} as the {event} leaves {HF} affected",
    "Revealed: the {LADJ} cost of the {event} for {people} in {place}",
    "{Org} faces {LMASS} over the {event} after {HF} figure emerges",
    "Why {people} in {place} are paying the price for the {event}",
    "{Org} {LVP} {critics} as row over the {project} deepens",
    "{HF}: what the {event} means for {people} in {place}",
    "{People} {LFEEL} as {org} confirms {LADJ} {event} plans",
)

# --- vocabulary --------------------------------------------------------------------------------

_PLACE_HEADS = (
    "Ash Brad Cal Dun Elm Fern Gold Hal Ivy Kel Lang Mar Nor Oak Pen Red Sel Thorn Wal Wyn "
    "Bram Crow Har Stan Ald Birch Cold Frog Hazel Kings Lyn Mill"
).split()
_PLACE_TAILS = "ford bury ham ley wick field ton mouth stead bridge worth by combe dale".split()
_MEN = (
    "James David Michael Robert Andrew Peter Paul Mark Richard Stephen Simon Ian Gary Neil "
    "Martin Graham Tom Daniel Chris Alan Kevin Owen Rhys Sanjay Tariq Marcus Leon Callum"
).split()
_WOMEN = (
    "Sarah Emma Claire Helen Rachel Karen Joanne Lisa Nicola Julie Laura Susan Anna Fiona "
    "Catherine Jane Amy Louise Priya Aisha Megan Chloe Bethan Maria Grace Ruth Sian Deborah"
).split()
_SURNAMES = (
    "Smith Jones Taylor Brown Wilson Evans Thomas Roberts Walker Wright Thompson White Hughes "
    "Edwards Green Hall Wood Harris Clarke Jackson Turner Hill Moore Cooper Ward Morris King "
    "Baker Harrison Morgan Patel Khan Allen Young Mitchell Kelly Bell Carter Shaw Lloyd Price "
    "Bennett Griffiths Marshall Fletcher Chapman Owen Lewis Dixon Hunt Palmer Holmes Mason"
).split()
_ROLE_OFFICIAL = (
    "chief executive of {org}",
    "a director at {org}",
    "the leader of {org}",
    "a spokesman for {org}",
    "head of operations at {org}",
)
_ROLE_CRITIC = (
    "chair of the {place} Residents' Association",
    "a local campaigner",
    "an opposition councillor",
    "a union representative",
    "the MP for {place}",
)
_ROLE_RESIDENT = (
    "a parent of two from {place}",
    "a retired teacher",
    "a shop owner in {place}",
    "a local business owner",
    "a lifelong {place} resident",
)
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_SPELLED = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    15: "fifteen",
    20: "twenty",
    30: "thirty",
    40: "forty",
    50: "fifty",
}
_SPELLED_KEYS = tuple(_SPELLED)
# How many of each thing a story counts: thousands of residents, dozens of stores.
_COUNT_SCALES = {
    "people": "big",
    "staff": "small",
    "things": "small",
    "suspects": "tiny",
    "fans": "big",
    "homes": "big",
}
_FRACTIONS = ("half", "a third", "two-thirds", "a quarter", "three-quarters")
_COUNT_NOUNS = {
    "suspects": ("people", "men", "suspects", "teenagers", "women"),
    "fans": ("fans", "spectators", "supporters"),
    "homes": ("homes", "households"),
}

# --- loaded words ------------------------------------------------------------------------------

# Pools of loaded words: lexicon terms with a form selector ("past": the -ed form, "pres":
# the third-person form, else a form the entry must list), a frame to check that the
# lexicon counts the form in that position (skip patterns drop literal senses), and
# neutral alternatives for articles written straight.
_POOLS: dict[str, tuple[tuple[tuple[str, str], ...], str, tuple[str, ...]]] = {
    "crit_past": (
        tuple(
            (t, "past")
            for t in (
                "slam blast lambast berate rubbish ridicule skewer savage mock round_on "
                "rail_against vilify demonise snub"
            ).split()
        ),
        "Campaigners {} the plans on Monday.",
        ("criticised", "questioned", "opposed", "challenged"),
    ),
    "crit_pres": (
        tuple(
            (t, "pres")
            for t in "slam blast lambast savage mock round_on rail_against rubbish".split()
        ),
        "Campaigners {} council over plans",
        ("criticises", "responds to", "rejects claims from"),
    ),
    "rise_past": (
        tuple((t, "past") for t in "soar rocket skyrocket balloon".split()),
        "Costs have {} by 12 per cent.",
        ("risen", "increased", "gone up"),
    ),
    "fall_past": (
        tuple((t, "past") for t in "plunge plummet tumble nosedive".split()),
        "Visitor numbers have {} by 12 per cent.",
        ("fallen", "dropped", "declined"),
    ),
    "cut_past": (
        tuple((t, "past") for t in "axe slash scrap ditch".split()),
        "The council has {} vital services.",
        ("cut", "reduced", "withdrawn"),
    ),
    "adj": (
        tuple(
            (t, t)
            for t in (
                "outrageous disgraceful shameful appalling staggering eye-watering "
                "jaw-dropping colossal catastrophic disastrous shambolic farcical scandalous "
                "ludicrous absurd reckless heartless callous sinister despicable laughable "
                "pathetic chaotic horrific"
            ).split()
        ),
        "It was a {} decision.",
        ("controversial", "unexpected", "contested", "questionable", "costly"),
    ),
    "feel": (
        (
            ("horrifying", "horrified"),
            ("appalling", "appalled"),
            ("devastating", "devastated"),
            ("heartbroken", "heartbroken"),
            ("livid", "livid"),
            ("furious", "furious"),
            ("disgusting", "disgusted"),
            ("sickening", "sickened"),
            ("terrifying", "terrified"),
        ),
        "Residents said they were {} by the news.",
        ("concerned", "worried", "upset", "disappointed"),
    ),
    "noun": (
        (
            ("shambles", "shambles"),
            ("fiasco", "fiasco"),
            ("debacle", "debacle"),
            ("farce", "farce"),
            ("nightmare", "nightmare"),
            ("scandal", "scandal"),
            ("disaster", "disaster"),
            ("bombshell", "bombshell"),
            ("u-turn", "U-turn"),
            ("climb down", "climb-down"),
            ("cover up", "cover-up"),
            ("blunder", "blunder"),
            ("humiliation", "humiliation"),
            ("melt down", "meltdown"),
        ),
        "Critics called it a {} for the town.",
        ("setback", "mistake", "problem", "change of course"),
    ),
    "mass": (
        tuple(
            (t, t) for t in "chaos fury misery mayhem bedlam havoc panic hysteria frenzy".split()
        ),
        "It comes amid {} over the plans.",
        ("concern", "criticism", "debate", "uncertainty", "disagreement"),
    ),
    "label": (
        (
            ("far-left", "far-left"),
            ("hard-left", "hard-left"),
            ("far-right", "far-right"),
            ("hard-right", "hard-right"),
            ("alt-right", "alt-right"),
            ("woke", "woke"),
            ("marxist", "Marxist"),
            ("socialist", "socialist"),
        ),
        "Hundreds of {} activists joined the protest.",
        ("local", "opposition", "student", "independent"),
    ),
    "concept": (
        (
            ("cancel culture", "cancel culture"),
            ("compensation culture", "compensation culture"),
            ("benefits culture", "benefits culture"),
            ("big government", "big government"),
            ("mob rule", "mob rule"),
            ("gravy train", "the gravy train"),
            ("magic money tree", "the magic money tree"),
            ("broken britain", "broken Britain"),
            ("political correctness gone mad", "political correctness gone mad"),
            ("elf and safety", "health and safety gone mad"),
        ),
        "Critics said it was the latest example of {}.",
        ("poor planning", "short-term thinking", "wider funding pressures"),
    ),
    "people_phrase": (
        (
            ("hard-working families", "hard-working families"),
            ("hard-working families", "hard-working taxpayers"),
            ("law-abiding citizens", "law-abiding citizens"),
            ("law-abiding citizens", "law-abiding taxpayers"),
        ),
        "The cuts will hit {} hardest.",
        ("low-income families", "working families", "older residents", "local taxpayers"),
    ),
    "crack": (
        (("crackdown", "a crackdown on"),),
        "Officers announced {} speeding drivers.",
        ("new checks on", "tighter rules on", "a review of"),
    ),
    "exodus": (
        (("exodus", "an exodus of"),),
        "Traders fear {} customers.",
        ("a steady loss of", "fewer", "losing"),
    ),
}


@dataclass(frozen=True)
class _Pool:
    loaded: tuple[str, ...]
    neutral: tuple[str, ...]


def _select_form(forms: Sequence[str], selector: str) -> str | None:
    if selector == "past":
        return next((f for f in forms if f.split()[0].endswith("ed")), None)
    if selector == "pres":
        return next((f for f in forms[1:] if f.split()[0].endswith("s")), None)
    # An explicit form may add an article or fix the case ("the gravy train", "U-turn");
    # the frame check below makes sure it is the entry's form as the lexicon counts it.
    return selector


@lru_cache(maxsize=1)
def _pools() -> dict[str, _Pool]:
    """Loaded-word pools from the lexicon, keeping the forms it counts in their frame."""
    lex: Lexicon = load_lexicon()
    by_term = {e.term: e for e in lex.entries}
    out: dict[str, _Pool] = {}
    for name, (picks, frame, neutral) in _POOLS.items():
        loaded: list[str] = []
        for term, selector in picks:
            entry = by_term.get(term.replace("_", " "))
            form = None if entry is None else _select_form(entry.forms, selector)
            if entry is None or form is None:
                continue  # a lexicon without this term: use the others
            found = find_loaded_terms(frame.format(form), lexicon=lex)
            if len(found) == 1 and found[0].term == entry.term:
                loaded.append(form)
        out[name] = _Pool(tuple(loaded) or neutral, neutral)
    return out


# --- the article state -------------------------------------------------------------------------


@dataclass
class _Fact:
    """A claim made in the body, with what a bullet needs to restate it."""

    slots: _Slots
    claim: _Claim
    fig_alt: str  # the figure with a changed number
    qual: str
    hedged: bool


class _Art:
    """One article being written: its RNG, fixed slots, style and the claims made so far."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.topic = _pick(rng, _TOPICS)
        self.tabloid = _pick(rng, (0.0, 0.1, 0.25, 0.4, 0.6, 0.8))
        self.pools = _pools()
        self.pub_year = rng.randint(2008, 2015)
        self.symbol: str = _pick(rng, _SYMBOLS)
        self.introduced: set[str] = set()  # speakers named in full already
        # Templates are dealt from shuffled decks, so an article repeats one only after
        # using the others.
        self.claim_decks: dict[str, list[_Claim]] = {}
        self.tpl_decks: dict[str, list[_Tpl]] = {}
        self.facts: list[_Fact] = []
        self.const: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self._fix()

    def _fix(self) -> None:
        rng, t, c = self.rng, self.topic, self.const
        place = _pick(rng, _PLACE_HEADS) + _pick(rng, _PLACE_TAILS)
        place2 = place
        while place2 == place:
            place2 = _pick(rng, _PLACE_HEADS) + _pick(rng, _PLACE_TAILS)
        c["place"], c["place2"] = place, place2
        org = _pick(rng, t.orgs).format(place=place, place2=place2, surname=_surname(rng))
        c["org"] = org
        c["Org"] = _cap(org)
        short = _pick(rng, t.short)
        c["org_short"] = short
        c["Org_short"] = _cap(short)
        c["project"] = _pick(rng, t.projects)
        c["event"] = _pick(rng, t.events)
        c["src"] = _pick(rng, t.sources)
        critics = _pick(rng, t.critics)
        c["critics"] = critics
        c["Critics"] = _cap(critics)
        people = _pick(rng, t.people)
        c["people"] = people
        c["People"] = _cap(people)
        c["staff"] = _pick(rng, t.staff)
        c["things"] = _pick(rng, t.things)
        for k, roles in ((1, _ROLE_OFFICIAL), (2, _ROLE_CRITIC), (3, _ROLE_RESIDENT)):
            female = rng.random() < 0.5
            first = _pick(rng, _WOMEN if female else _MEN)
            last = _surname(rng)
            # P1/P1s are made on use (see _Slots): a full name the first time, then "Ms X".
            self.names[f"P{k}"] = f"{first} {last}"
            self.names[f"P{k}s"] = f"{'Ms' if female else 'Mr'} {last}"
            c[f"he{k}"] = "she" if female else "he"
            c[f"age{k}"] = str(rng.randint(24, 84))
            c[f"role{k}"] = _pick(rng, roles).format(org=org, place=place)

    # -- slots

    def word(self, pool: str, loaded_p: float | None = None) -> str:
        p = self.pools[pool]
        if self.rng.random() < (self.tabloid if loaded_p is None else loaded_p):
            return _pick(self.rng, p.loaded)
        return _pick(self.rng, p.neutral)


class _Slots(dict[str, str]):
    """Slot values for one sentence: the article's fixed ones, others made on first use."""

    def __init__(self, art: _Art) -> None:
        super().__init__(art.const)
        self.art = art

    def __missing__(self, key: str) -> str:
        art = self.art
        if key in art.names:
            full = key.rstrip("s")
            value = art.names[key if full in art.introduced else full]
            art.introduced.add(full)
        else:
            value = _SLOTS[key.rstrip("0123456789")](art)
        self[key] = value
        return value


def _pick(rng: random.Random, seq: Sequence[T]) -> T:
    """``rng.choice`` at half the cost (one float instead of a bit-sampling loop)."""
    return seq[int(rng.random() * len(seq))]


def _cap(s: str) -> str:
    if s[:1] == '"':
        return '"' + s[1:2].upper() + s[2:]
    return s[:1].upper() + s[1:]


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _surname(rng: random.Random) -> str:
    return _pick(rng, _SURNAMES)


# --- figures -----------------------------------------------------------------------------------


def _round_sig(x: float, sig: int) -> int:
    if x < 10:
        return max(2, round(x))
    digits = len(str(int(x)))
    step: int = 10 ** max(0, digits - sig)
    return max(step, round(x / step) * step)


def _count_value(rng: random.Random, scale: str) -> int:
    if scale == "tiny":
        return rng.randint(13, 40)
    r = rng.random() * (0.66 if scale == "small" else 1.0)
    if r < 0.3:
        return rng.randint(13, 99)
    if r < 0.6:
        return _round_sig(rng.randint(100, 999), _pick(rng, (1, 2, 2, 3)))
    if r < 0.93:
        return _round_sig(rng.randint(1000, 99_000), _pick(rng, (2, 2, 3)))
    return _round_sig(rng.randint(100_000, 900_000), 2)


def _changed(rng: random.Random, value: float) -> float:
    """Another plausible value for a bullet that gets the number wrong."""
    return value * _pick(rng, (0.5, 0.8, 1.25, 1.5, 2.0, 3.0))


def _count(rng: random.Random, noun: str, scale: str = "big") -> tuple[str, str]:
    if rng.random() < (0.5 if scale == "tiny" else 0.2):
        n = _pick(rng, _SPELLED_KEYS)
        alt = _pick(rng, [k for k in _SPELLED_KEYS if k != n])
        return f"{_SPELLED[n]} {noun}", f"{_SPELLED[alt]} {noun}"
    v = _count_value(rng, scale)
    alt = _round_sig(_changed(rng, v), 2)
    if alt == v:
        alt = v * 2
    return f"{v:,} {noun}", f"{alt:,} {noun}"


def _money_text(symbol: str, value: float, style: int) -> str:
    if value >= 1e9:
        x = value / 1e9
        num = f"{x:.1f}".rstrip("0").rstrip(".")
        return f"{symbol}{num}bn" if style else f"{symbol}{num} billion"
    if value >= 1e6:
        x = value / 1e6
        num = f"{x:.1f}".rstrip("0").rstrip(".")
        return f"{symbol}{num}m" if style else f"{symbol}{num} million"
    if value >= 100 or value == int(value):
        return f"{symbol}{int(value):,}"
    return f"{symbol}{value:.2f}"


_SYMBOLS = ("£", "£", "£", "£", "$", "$", "€")
_MILLIONS = (1.2, 1.5, 2, 2.5, 3, 3.5, 4.8, 6, 7.5, 12, 15, 20, 25, 38, 45, 60, 120, 250, 400)


def _symbol(rng: random.Random, sym: str) -> str:
    # Mostly the article's own currency, now and then another.
    return sym if rng.random() < 0.85 else _pick(rng, _SYMBOLS)


def _money_big(rng: random.Random, sym: str) -> tuple[str, str]:
    sym = _symbol(rng, sym)
    value = _pick(rng, _MILLIONS) * (1e9 if rng.random() < 0.05 else 1e6)
    style = 0 if rng.random() < 0.3 else 1
    alt = round(_changed(rng, value) / 1e5) * 1e5
    return _money_text(sym, value, style), _money_text(sym, alt, style)


def _money_mid(rng: random.Random, sym: str) -> tuple[str, str]:
    sym = _symbol(rng, sym)
    value = _pick(rng, (12, 18, 25, 40, 45, 60, 85, 120, 150, 240, 250, 400, 650, 950)) * 1000
    alt = _round_sig(_changed(rng, value), 2)
    return _money_text(sym, value, 1), _money_text(sym, alt, 1)


def _money_house(rng: random.Random, sym: str) -> tuple[str, str]:
    sym = _symbol(rng, sym)
    value = _pick(rng, (165, 185, 210, 240, 275, 310, 350, 425, 560, 720)) * 1000
    alt = _round_sig(_changed(rng, value), 2)
    return _money_text(sym, value, 1), _money_text(sym, alt, 1)


def _money_small(rng: random.Random, sym: str) -> tuple[str, str]:
    r = rng.random()
    if r < 0.12:
        p = _pick(rng, (5, 10, 20, 25, 30, 40, 50, 75, 90))
        alt = _pick(rng, [x for x in (5, 10, 15, 20, 35, 45, 60, 80) if x != p])
        return f"{p}p", f"{alt}p"
    sym = _symbol(rng, sym)
    if r < 0.25:
        v = _pick(rng, (1.5, 2.5, 4.99, 9.99, 12.5, 3.75))
        return _money_text(sym, v, 1), _money_text(sym, round(v * 2, 2), 1)
    v = _pick(rng, (45, 60, 75, 99, 120, 150, 240, 350, 480, 650, 800, 1250, 1800, 2400))
    return _money_text(sym, v, 1), _money_text(sym, _round_sig(_changed(rng, v), 2), 1)


def _pct_text(v: float, style: int) -> str:
    num = f"{v:g}"
    return (f"{num}%", f"{num} per cent", f"{num} per cent", f"{num} percent")[style]


def _pct(rng: random.Random, sym: str = "") -> tuple[str, str]:
    v = rng.randint(2, 60) if rng.random() < 0.8 else rng.randint(10, 99) / 10
    alt = v + _pick(rng, (-1, 1)) * max(1, round(v * 0.3))
    style = rng.randint(0, 3)
    return _pct_text(v, style), _pct_text(abs(alt) or v + 5, style)


def _pct_of(rng: random.Random, sym: str = "") -> tuple[str, str]:
    if rng.random() < 0.35:
        f = _pick(rng, _FRACTIONS)
        return f, _pick(rng, [x for x in _FRACTIONS if x != f])
    return _pct(rng)


def _qty(unit: str, lo: float, hi: float, step: float, sep: str = "") -> _FigGen:
    def gen(rng: random.Random, sym: str = "") -> tuple[str, str]:
        n = int((hi - lo) / step)
        v = lo + step * rng.randint(0, n)
        alt = v + step * _pick(rng, (-3, -2, 2, 3, 4))
        if alt <= 0:
            alt = v + step * 2
        return f"{v:,g}{sep}{unit}", f"{alt:,g}{sep}{unit}"

    return gen


_FigGen = Callable[[random.Random, str], tuple[str, str]]
_FIGS: dict[str, _FigGen] = {
    "money_big": _money_big,
    "money_mid": _money_mid,
    "money_house": _money_house,
    "money_small": _money_small,
    "pct": _pct,
    "pct_of": _pct_of,
    "mph": _qty("mph", 40, 110, 5),
    "mm": _qty("mm", 20, 150, 5),
    "temp": _qty("C", 24, 38, 1),
    "miles": _qty("miles", 3, 40, 0.5, " "),
    "kg": _qty("kg", 1.5, 60, 0.5),
    "tonnes": _qty("tonnes", 2000, 250_000, 1000, " "),
    "mw": _qty("MW", 20, 900, 10),
    "minutes": _qty("minutes", 5, 90, 5, " "),
}
# Qualifiers before a figure, by kind; the local hedges among them are what a bullet drops.
_QUALS = {
    "count": ("",) * 9
    + ("about ", "around ", "nearly ", "more than ", "almost ", "as many as ", "up to ")
    + ("an estimated ", "at least ", "more than ", "as many as "),
    "money": ("",) * 9
    + ("about ", "nearly ", "more than ", "as much as ", "up to ", "an estimated ", "around "),
    "pct": ("",) * 9 + ("about ", "nearly ", "more than ", "up to ", "almost ", "around "),
    "qty": ("",) * 9 + ("about ", "up to ", "nearly ", "more than ", "around "),
}
_LOCAL_HEDGES = frozenset({"as many as ", "up to ", "an estimated ", "as much as "})
_MODALS = ("will",) * 6 + ("could", "could", "may", "might", "would", "will reportedly")
_HEDGING_MODALS = frozenset({"could", "may", "might", "will reportedly"})
# (body tail, faithful bullet tail, hedges?)
_ATTRIBUTIONS = (
    ("", "", False),
    ("", "", False),
    ("", "", False),
    ("", "", False),
    ("", "", False),
    (", officials said", ", officials say", False),
    (", according to {src}", ", according to {src}", True),
    (", {src} said", ", {src} says", False),
    (", it was reported", ", it is reported", True),
    (", sources said", ", sources say", True),
)


def _qual_kind(fig: str) -> str:
    if fig.startswith("count"):
        return "count"
    if fig.startswith("money"):
        return "money"
    if fig.startswith("pct"):
        return "pct"
    return "qty"


# --- slot generators ---------------------------------------------------------------------------


def _date(art: _Art) -> str:
    rng = art.rng
    m = rng.randrange(12)
    d = rng.randint(1, _DAYS_IN_MONTH[m])
    style = rng.randrange(3)
    if style == 0:
        return f"{_MONTHS[m]} {d}, {art.pub_year - rng.randint(0, 1)}"
    if style == 1:
        return f"{d} {_MONTHS[m]}"
    return f"{_MONTHS[m]} {d}"


def _time(art: _Art) -> str:
    rng = art.rng
    h = rng.randint(1, 12)
    mins = _pick(rng, ("", "", ".15", ".30", ".45"))
    return f"{h}{mins}{_pick(rng, ('am', 'pm'))}"


def _count_slot(attr: str) -> Callable[[_Art], str]:
    def gen(art: _Art) -> str:
        return _count(art.rng, _noun(art, attr), _COUNT_SCALES[attr])[0]

    return gen


def _noun(art: _Art, attr: str) -> str:
    if attr in _COUNT_NOUNS:
        return _pick(art.rng, _COUNT_NOUNS[attr])
    pool: tuple[str, ...] = getattr(art.topic, attr)
    return _pick(art.rng, pool)


def _ordinal(art: _Art) -> str:
    n = _pick(art.rng, (2, 3, 4, 5, 10, 21, 25, 40, 50, 60, 70, 75, 100, 125, 150))
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n % 100 not in (11, 12, 13) else 0, "th")
    return f"{n}{suffix}"


def _range(sep: str) -> Callable[[_Art], str]:
    def gen(art: _Art) -> str:
        lo = _pick(art.rng, (2, 3, 4, 6, 8, 10, 12, 15, 20, 30))
        return f"{lo}{sep}{lo + _pick(art.rng, (2, 4, 6, 10))}"

    return gen


def _dur(unit: str, choices: tuple[int, ...]) -> Callable[[_Art], str]:
    def gen(art: _Art) -> str:
        n = _pick(art.rng, choices)
        if art.rng.random() < 0.4 and n in _SPELLED:
            return f"{_SPELLED[n]} {unit}"
        return f"{n} {unit}"

    return gen


def _headline_fig(art: _Art) -> str:
    """The first counted figure of the story (headline templates say "... affected")."""
    for fact in art.facts:
        if fact.claim.fig.startswith("count"):
            return fact.slots["F"].removeprefix(fact.qual)
    return _count(art.rng, _noun(art, "people"))[0]


_SLOTS: dict[str, Callable[[_Art], str]] = {
    "weekday": lambda a: _pick(a.rng, _WEEKDAYS),
    "month": lambda a: _pick(a.rng, _MONTHS),
    "date": _date,
    "time": _time,
    "year": lambda a: str(a.pub_year - a.rng.randint(1, 15)),
    "year_next": lambda a: str(a.pub_year + a.rng.randint(1, 4)),
    "decade": lambda a: f"the {_pick(a.rng, (1950, 1960, 1970, 1980, 1990))}s",
    "ordinal": _ordinal,
    "age": lambda a: str(a.rng.randint(19, 88)),
    "n_years": lambda a: str(a.rng.randint(3, 35)),
    "n_late": lambda a: str(a.rng.randint(2, 6)),
    "spelled": lambda a: _SPELLED[_pick(a.rng, (2, 3, 4, 5, 6, 8, 9, 10, 12))],
    "range_and": _range(" and "),
    "range_dash": _range("-"),
    "years": _dur("years", (2, 3, 4, 5, 10)),
    "months": _dur("months", (3, 6, 9, 12, 18)),
    "weeks": _dur("weeks", (4, 6, 8, 12, 18, 52)),
    "days": _dur("days", (2, 3, 5, 7, 10)),
    "hours": _dur("hours", (2, 3, 6, 12, 24, 48)),
    "minutes": lambda a: _FIGS["minutes"](a.rng, "")[0],
    "miles": lambda a: _FIGS["miles"](a.rng, "")[0],
    "miles_compound": lambda a: _pick(a.rng, ("26.2-mile", "10-mile", "13.1-mile", "5km", "10km")),
    "acres": lambda a: f"{a.rng.randint(5, 400)} {_pick(a.rng, ('acres', 'hectares'))}",
    "tonnes": lambda a: f"{_pick(a.rng, (7.5, 18, 32, 44))} tonnes",
    "kg": lambda a: _FIGS["kg"](a.rng, "")[0],
    "money_big": lambda a: _money_big(a.rng, a.symbol)[0],
    "money_mid": lambda a: _money_mid(a.rng, a.symbol)[0],
    "money_small": lambda a: _money_small(a.rng, a.symbol)[0],
    "pct": lambda a: _pct(a.rng)[0],
    "count_people": _count_slot("people"),
    "count_staff": _count_slot("staff"),
    "count_things": _count_slot("things"),
    "HF": _headline_fig,
    "LV": lambda a: a.word("crit_past"),
    "LVP": lambda a: a.word("crit_pres"),
    "LRISE": lambda a: a.word("rise_past"),
    "LFALL": lambda a: a.word("fall_past"),
    "LCUT": lambda a: a.word("cut_past"),
    "LADJ": lambda a: a.word("adj"),
    "aLADJ_cap": lambda a: _cap(_a(a.word("adj"))),
    "LFEEL": lambda a: a.word("feel"),
    "aLNOUN": lambda a: _a(a.word("noun")),
    "LMASS": lambda a: a.word("mass"),
    "LMASS_cap": lambda a: _cap(a.word("mass")),
    "LLABEL_cap": lambda a: _cap(a.word("label")),
    "LCONCEPT": lambda a: a.word("concept"),
    "LPEOPLE": lambda a: a.word("people_phrase"),
    "LCRACK": lambda a: a.word("crack"),
    "LEXODUS": lambda a: a.word("exodus"),
    # Speakers use loaded words far more often than the narrator (see _QUOTED_P).
    "aADJQ": lambda a: _a(a.word("adj", _QUOTED_P)),
    "aNOUNQ": lambda a: _a(a.word("noun", _QUOTED_P)),
    "FEELQ": lambda a: a.word("feel", _QUOTED_P),
    "VQ": lambda a: a.word("crit_past", _QUOTED_P),
    "RISEQ": lambda a: a.word("rise_past", _QUOTED_P),
    "QCONCEPT": lambda a: a.word("concept", _QUOTED_P),
}


# --- sentences ---------------------------------------------------------------------------------


def _claim_sentence(art: _Art, claim: _Claim) -> str:
    rng = art.rng
    slots = _Slots(art)
    kind, _, noun_attr = claim.fig.partition(":")
    if kind == "count":
        fig, alt = _count(rng, _noun(art, noun_attr), _COUNT_SCALES[noun_attr])
    else:
        fig, alt = _FIGS[kind](rng, art.symbol)
    qual = _pick(rng, _QUALS[_qual_kind(claim.fig)])
    modal = _pick(rng, _MODALS)
    tail, bullet_tail, tail_hedges = _pick(rng, _ATTRIBUTIONS)
    src = art.const["src"]
    slots["F"] = qual + fig
    slots["M"] = modal
    slots["A"] = tail.format(src=src)
    slots["AB"] = bullet_tail.format(src=src)
    quoted = claim.body.text.startswith('"')
    text = claim.body.text
    if text.endswith("{A}.") and rng.random() < _TAIL_P:
        text = text.removesuffix("{A}.") + _pick(rng, _TAILS) + "{A}."
    hedged = (
        quoted
        or qual in _LOCAL_HEDGES
        or ("{M}" in claim.body.text and modal in _HEDGING_MODALS)
        or ("{A}" in claim.body.text and tail_hedges)
    )
    art.facts.append(_Fact(slots, claim, qual + alt, qual, hedged))
    return _cap(text.format_map(slots))


def _bullet(art: _Art, fact: _Fact) -> str:
    """Restate a claim: mostly faithfully, sometimes without its hedge or with a wrong number."""
    r = art.rng.random()
    slots = fact.slots
    if r < 0.2:
        slots = _Slots(art)
        slots.update(fact.slots)
        slots["F"] = fact.fig_alt
    elif r < 0.45 and fact.hedged:
        slots = _Slots(art)
        slots.update(fact.slots)
        if fact.qual in _LOCAL_HEDGES:
            slots["F"] = fact.slots["F"].removeprefix(fact.qual)
        slots["M"] = "will"
        slots["AB"] = ""
        if fact.claim.plain is not None:
            return _cap(fact.claim.plain.text.format_map(slots))
    return _cap(fact.claim.bullet.text.format_map(slots))


def _fill(art: _Art, tpl: _Tpl, tail: bool = False) -> str:
    text = tpl.text
    if tail and tpl.tail_ok and art.rng.random() < _TAIL_P:
        text = text[:-1] + _pick(art.rng, _TAILS) + "."
    return _cap(text.format_map(_Slots(art)))


def _deal_claim(art: _Art, name: str, claims: Sequence[_Claim]) -> _Claim:
    deck = art.claim_decks.get(name)
    if not deck:
        deck = art.claim_decks[name] = list(claims)
        art.rng.shuffle(deck)
    return deck.pop()


def _deal(art: _Art, name: str, tpls: Sequence[_Tpl]) -> _Tpl:
    deck = art.tpl_decks.get(name)
    if not deck:
        deck = art.tpl_decks[name] = list(tpls)
        art.rng.shuffle(deck)
    return deck.pop()


def _sentence(art: _Art, kind: str) -> str:
    rng = art.rng
    if kind == "claim":
        # The topic's own claims twice over: most figures are about the story itself.
        claims = art.topic.claims * 2 + _GENERIC_CLAIMS
        return _claim_sentence(art, _deal_claim(art, "claim", claims))
    if kind == "quote":
        if rng.random() < 0.3:
            return _claim_sentence(art, _deal_claim(art, "quote", _QUOTE_CLAIMS))
        return _fill(art, _deal(art, "quote", _QUOTES))
    if kind == "filler":
        return _fill(art, _deal(art, "filler", _FILLERS), tail=True)
    return _fill(art, _deal(art, "context", _CONTEXT), tail=True)


# Weights set so that figures come at ~3 per 100 words: CNN/DM articles (FRANK's 250) have
# 2.4, so the set is a little harder on the figure checker than the real test split.
_KINDS = ("claim",) * 2 + ("filler",) * 2 + ("quote",) * 3 + ("context",) * 9


def _body(art: _Art) -> list[str]:
    """Paragraphs of one or two sentences until the article reaches its target length."""
    rng = art.rng
    # A sum of four uniforms (sd 1/sqrt(3)) instead of rng.gauss, whose log/cos could
    # differ in the last bit between C libraries; the centre is 12 words low because the
    # last paragraph overshoots the target by half a paragraph on average.
    spread = sum(rng.random() for _ in range(4)) - 2.0
    target = min(_MAX_WORDS, max(_MIN_WORDS, round(_MEAN_WORDS - 12 + spread * 260)))
    paragraphs: list[str] = []
    words = 0
    # The lead is two of the topic's claims, as news leads carry the story's main figures.
    first = [_claim_sentence(art, _deal_claim(art, "lead", art.topic.claims)) for _ in range(2)]
    while words < target:
        if first:
            sents = [first.pop(0)]
        else:
            kind = _pick(rng, _KINDS)
            sents = [_sentence(art, kind)]
            if kind != "quote" and rng.random() < 0.4:
                sents.append(_sentence(art, _pick(rng, _KINDS)))
        para = " ".join(sents)
        n = para.count(" ") + 1
        if words + n > _MAX_WORDS and words >= _MIN_WORDS:
            break
        words += n
        paragraphs.append(para)
    return paragraphs


def _headline(art: _Art) -> str:
    text = ""
    for _ in range(6):
        text = _fill(art, _pick(art.rng, _HEADLINES))
        if 8 <= text.count(" ") + 1 <= 14:
            break
    return text


def _published(art: _Art) -> str:
    m = art.rng.randrange(12)
    d = art.rng.randint(1, _DAYS_IN_MONTH[m])
    return f"{art.pub_year:04d}-{m + 1:02d}-{d:02d}"


# --- public API --------------------------------------------------------------------------------


def make_article(k: int, *, seed: int = 0) -> tuple[Article, Prediction]:
    """Article ``k`` of the set with this seed, and its lead-3 prediction."""
    art = _Art(random.Random(f"{seed}:{k}"))
    paragraphs = _body(art)
    body = "\n\n".join(paragraphs)
    headline = _headline(art)
    n_bullets = _pick(art.rng, (3, 4))
    # Outlet highlights mostly restate the top of the story.
    pool = art.facts[: max(n_bullets, (len(art.facts) * 2) // 3)]
    chosen = sorted(art.rng.sample(range(len(pool)), min(n_bullets, len(pool))))
    bullets = tuple(_bullet(art, pool[i]) for i in chosen)
    url = f"https://bench.invalid/{seed}/{k}"
    article = Article(
        id=stable_id(url=url, headline=headline, body=body),
        headline=headline,
        bullets=bullets,
        body=body,
        source=SOURCE,
        url=url,
        published=_published(art),
    )
    # Newlines always end a sentence, so the first three paragraphs (each at least one
    # sentence) split exactly as the whole body would: no need to split all of it.
    lead = [s.text for s in split_sentences("\n\n".join(paragraphs[:3]))[:3]]
    head = " ".join(lead[0].split()[:_HEADLINE_WORDS]).rstrip(".,;:")
    return article, Prediction(article.id, head, tuple(lead))


def make_set(n: int, *, seed: int = 0) -> tuple[list[Article], list[Prediction]]:
    """Articles 0..n-1 and their lead-3 predictions."""
    articles: list[Article] = []
    predictions: list[Prediction] = []
    for k in range(n):
        a, p = make_article(k, seed=seed)
        articles.append(a)
        predictions.append(p)
    return articles, predictions


def write_set(out: Path, n: int, *, seed: int = 0) -> tuple[Path, Path]:
    """Write ``out/dataset`` (split "test") and ``out/lead3.jsonl``; returns both paths."""
    articles, predictions = make_set(n, seed=seed)
    out = Path(out)
    dataset_dir = out / "dataset"
    card = DatasetCard(
        pretty_name=f"Synthetic CNN/DailyMail-shaped test set ({n} articles, seed {seed})",
        license="cc-by-4.0",
        description=(
            "Original synthetic news articles generated by bench/generate.py for speed "
            "benchmarks: CNN/DailyMail-like lengths, headlines, 3-4 bullets, figures, "
            "hedges, quotations and loaded words. Not real news."
        ),
        how_built=f"`python bench/generate.py --n {n} --seed {seed}`; deterministic.",
        known_limits=("Template text: useful for timing and metric coverage, not for quality.",),
    )
    save_dataset(
        make_dataset_dict({"test": articles}),
        dataset_dir,
        card=card,
        builder={"name": "bench/generate.py", "n": n, "seed": seed},
    )
    predictions_path = write_predictions(out / "lead3.jsonl", predictions)
    return dataset_dir, predictions_path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1000, help=f"articles (sizes used: {SIZES})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    dataset_dir, predictions_path = write_set(args.out, args.n, seed=args.seed)
    elapsed = time.perf_counter() - t0
    test = load_dataset_dir(dataset_dir)["test"]  # read back: counts come from what was written
    words = [len(b.split()) for b in test["body"]]
    with open(predictions_path, encoding="utf-8") as fh:
        n_predictions = sum(1 for _ in fh)
    print(f"articles: {test.num_rows}, predictions: {n_predictions} ({predictions_path})")
    print(f"body words: mean {sum(words) / len(words):.0f}, min {min(words)}, max {max(words)}")
    print(f"dataset: {dataset_dir}")
    print(f"elapsed: {elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
