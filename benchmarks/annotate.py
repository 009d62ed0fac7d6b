"""Annotate benchmark: words/s and peak memory of the annotate stage beside bare spaCy `nlp.pipe`.

The corpus is generated here (seeded, deterministic): news articles of 300-500 words with people
named with their titles ("Foreign Minister Park Sun-nam", later just "Park"), appositions ("...,
an analyst at ..."), places, organisations and news agencies, and the dates news uses: "on
Tuesday", "last year", "next month", "July 27, 1953", anniversaries ("Thursday marked the 70th
anniversary of ..."). A recurring cast of office-holders per country makes entities recur across
the corpus, as they do in real news. About one article in seven has no publication date, so the
stage infers it. `benchmarks/_generate.py` writes site pages without titled people or calendar
dates, so it is not used for the text.

How it is measured:

1. The corpus is written as one JSON Lines file and ingested alone, in a subprocess, into a fresh
   database: `storyline.ingest.ingest([FILE], Store(DB), DEFAULT_CONFIG)`. This is not timed here
   (benchmarks/ingest.py is the ingest benchmark).
2. **Stage**: a fresh subprocess imports the stage, loads the spaCy pipeline
   (`storyline.annotate.nlp.load(config.annotate.spacy_pipeline)`; import and load are timed and
   reported apart), then times `storyline.annotate.stage.annotate(store, DEFAULT_CONFIG)` on a copy
   of that database. Peak memory is `resource.getrusage(RUSAGE_SELF).ru_maxrss` in the subprocess.
3. **Bare spaCy**: another fresh subprocess loads the same pipeline with the same components
   through the same `nlp.load()`, reads the same documents' clean texts, and times
   `nlp.pipe(texts, batch_size=config.annotate.spacy_batch_size)` over them.
   Both use one process for spaCy (the stage calls `nlp.pipe` with its default `n_process=1`);
   when the configuration gains a process setting, the bare run uses the same number.
   The two runs alternate (`--repeat`), median reported.
4. **Where the extra time goes**: the timed stage run is instrumented at function level (each
   function the stage module calls, the `Store` and `EntityRegistry` methods and spaCy's
   `Language.pipe`, timed exclusive of the others; about a microsecond a call, estimated and
   printed), which splits the stage's time into spaCy, language id, mention repair, entity
   linking, time expressions, publication date, storage and stage glue, over the whole run and
   by tenths of it (does it slow down as the corpus grows?). `--plain` turns this off.
5. **Profile**: a 1,000-article database is annotated under cProfile (model load excluded); the
   top functions in storyline's own code by cumulative time are listed. cProfile inflates
   Python-heavy code (storyline) against Cython (spaCy), so use it for ranking, step 4 for shares.

    .venv/bin/python benchmarks/annotate.py           # 10,000 articles; rewrites its section of docs/benchmarks.md
    .venv/bin/python benchmarks/annotate.py --quick   # 1,000 articles, no docs written

Prints tables, then one JSON line with every figure. Exits 1 when a subprocess fails or the stage
annotated fewer documents than were ingested.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import hashlib
import inspect
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
THIS = str(Path(__file__).resolve())
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Annotate (benchmarks/annotate.py)"
DOCS_INTRO = (
    "# Benchmarks\n\nFigures printed by the scripts in `benchmarks/`; each section is rewritten by its script.\n"
)
#: What storyline may add on top of bare spaCy, as a share of spaCy's time.
GOAL_OVERHEAD = 0.25
SEED = 20251123

# --- the corpus --------------------------------------------------------------------------------
# Every name, phrase and template below is written for this file; the people and most companies
# are invented, the countries, cities, international bodies and news agencies are real names.

CULTURES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    # culture: (given names, family names, family name first)
    "western": (
        ("Anna", "Thomas", "Maria", "David", "Sarah", "Michael", "Elena", "Peter", "Laura", "James", "Claire",
         "Martin", "Sophie", "Daniel", "Julia", "Robert", "Helen", "Mark", "Katrin", "Paul"),
        ("Schneider", "Dubois", "Rossi", "Johnson", "Novak", "Lindberg", "Kowalski", "Fischer", "Moreau",
         "Bianchi", "Walsh", "Hughes", "Jansen", "Petersen", "Horvat", "Costa", "Bauer", "Leclerc", "Murray"),
        False,
    ),
    "korean": (
        ("Sun-nam", "Yong-chol", "Hyun-woo", "Min-jung", "Jae-sung", "Eun-hee", "Song-il", "Chol-su", "Young-ho",
         "Ji-won"),
        ("Kim", "Park", "Lee", "Choi", "Jung", "Kang", "Ri", "Pak"),
        True,
    ),
    "chinese": (
        ("Hongzhong", "Wei", "Xiaoming", "Jianguo", "Meiling", "Yifan", "Haitao", "Lijun", "Qiang", "Yan"),
        ("Wang", "Li", "Zhang", "Chen", "Liu", "Zhao", "Huang", "Zhou"),
        True,
    ),
    "russian": (
        ("Sergei", "Dmitry", "Olga", "Andrei", "Irina", "Nikolai", "Tatiana", "Alexei", "Yelena", "Mikhail"),
        ("Volkov", "Morozov", "Sokolova", "Lebedev", "Orlova", "Pavlov", "Kuznetsov", "Smirnova", "Belov"),
        False,
    ),
    "ukrainian": (
        ("Oleksandr", "Iryna", "Mykola", "Yulia", "Taras", "Oksana", "Bohdan", "Natalia"),
        ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchuk", "Hrytsenko"),
        False,
    ),
    "arabic": (
        ("Ahmed", "Fatima", "Omar", "Layla", "Khalid", "Yousef", "Mona", "Tariq", "Rania", "Samir"),
        ("al-Rashid", "Haddad", "Mansour", "el-Sayed", "Nasser", "Khalil", "Saleh", "Hamdan"),
        False,
    ),
    "african": (
        ("Chidi", "Amina", "Kwame", "Wanjiru", "Tendai", "Ngozi", "Kofi", "Achieng", "Sipho", "Folake"),
        ("Okafor", "Mensah", "Kamau", "Mwangi", "Adeyemi", "Banda", "Otieno", "Boateng", "Nwosu"),
        False,
    ),
    "latin": (
        ("Carlos", "María", "Javier", "Lucía", "Diego", "Camila", "Andrés", "Valentina", "João", "Beatriz"),
        ("González", "Fernández", "Silva", "Ramírez", "Herrera", "Castro", "Pereira", "Ortega", "Mendes"),
        False,
    ),
    "japanese": (
        ("Hiroshi", "Yuki", "Takeshi", "Aiko", "Kenji", "Naomi", "Shinji", "Emi"),
        ("Tanaka", "Suzuki", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Sato"),
        False,
    ),
    "indian": (
        ("Rahul", "Priya", "Arjun", "Sunita", "Vikram", "Anjali", "Rohan", "Kavita"),
        ("Sharma", "Patel", "Singh", "Iyer", "Reddy", "Menon", "Gupta", "Nair"),
        False,
    ),
}

# country, capital, other cities, demonym, naming culture, head of state's title
COUNTRIES: tuple[tuple[str, str, tuple[str, ...], str, str, str], ...] = (
    ("Germany", "Berlin", ("Munich", "Hamburg", "Frankfurt"), "German", "western", "Chancellor"),
    ("France", "Paris", ("Lyon", "Marseille", "Toulouse"), "French", "western", "President"),
    ("Italy", "Rome", ("Milan", "Naples", "Turin"), "Italian", "western", "Prime Minister"),
    ("Poland", "Warsaw", ("Krakow", "Gdansk", "Wroclaw"), "Polish", "western", "President"),
    ("Sweden", "Stockholm", ("Gothenburg", "Malmo"), "Swedish", "western", "Prime Minister"),
    ("Britain", "London", ("Manchester", "Glasgow", "Cardiff"), "British", "western", "Prime Minister"),
    ("the United States", "Washington", ("New York", "Chicago", "Houston"), "American", "western", "President"),
    ("South Korea", "Seoul", ("Busan", "Incheon", "Daegu"), "South Korean", "korean", "President"),
    ("North Korea", "Pyongyang", ("Wonsan", "Kaesong", "Sinuiju"), "North Korean", "korean", "leader"),
    ("China", "Beijing", ("Shanghai", "Shenzhen", "Wuhan"), "Chinese", "chinese", "President"),
    ("Russia", "Moscow", ("St Petersburg", "Novosibirsk", "Kazan"), "Russian", "russian", "President"),
    ("Ukraine", "Kyiv", ("Kharkiv", "Odesa", "Lviv"), "Ukrainian", "ukrainian", "President"),
    ("Egypt", "Cairo", ("Alexandria", "Port Said"), "Egyptian", "arabic", "President"),
    ("Jordan", "Amman", ("Aqaba", "Irbid"), "Jordanian", "arabic", "King"),
    ("Nigeria", "Abuja", ("Lagos", "Kano", "Port Harcourt"), "Nigerian", "african", "President"),
    ("Kenya", "Nairobi", ("Mombasa", "Kisumu", "Nakuru"), "Kenyan", "african", "President"),
    ("Ghana", "Accra", ("Kumasi", "Tamale"), "Ghanaian", "african", "President"),
    ("Brazil", "Brasilia", ("Sao Paulo", "Rio de Janeiro", "Salvador"), "Brazilian", "latin", "President"),
    ("Mexico", "Mexico City", ("Guadalajara", "Monterrey", "Puebla"), "Mexican", "latin", "President"),
    ("Argentina", "Buenos Aires", ("Cordoba", "Rosario", "Mendoza"), "Argentine", "latin", "President"),
    ("Japan", "Tokyo", ("Osaka", "Yokohama", "Sapporo"), "Japanese", "japanese", "Prime Minister"),
    ("India", "New Delhi", ("Mumbai", "Bengaluru", "Chennai"), "Indian", "indian", "Prime Minister"),
)
MINISTRIES = ("Foreign", "Defence", "Finance", "Health", "Interior", "Trade", "Energy", "Transport")
GLOBAL_BODIES = (
    ("the United Nations", "Secretary-General"), ("the World Health Organization", "Director-General"),
    ("the International Monetary Fund", "Managing Director"), ("the World Bank", "President"),
    ("NATO", "Secretary General"), ("the European Commission", "President"), ("the African Union", "Chairperson"),
    ("the International Atomic Energy Agency", "Director General"), ("OPEC", "Secretary General"),
    ("the World Trade Organization", "Director-General"), ("the Red Cross", "President"),
)
AGENCIES = ("Reuters", "the Associated Press", "Agence France-Presse", "Yonhap", "Xinhua", "Bloomberg", "Kyodo",
            "KCNA", "Anadolu", "the BBC")
COMPANIES = ("Halvorsen Shipping", "Meridian Energy", "Corvus Motors", "Baltic Grain Holdings", "Sunward Solar",
             "Atlas Steel", "Novagen Pharmaceuticals", "Kestrel Airlines", "Granite Telecom", "Bluewater Mining",
             "Orion Rail", "Helix Semiconductors")
FIRMS = ("Hartley Capital", "Eastgate Research", "the Lindqvist Institute", "Northbridge Economics",
         "the Centre for Strategic Affairs", "Harbourside Analytics", "the Institute for Peace Studies",
         "Greyfield Securities")
ANALYST_ROLES = ("an analyst", "a senior economist", "a researcher", "a fellow", "a professor", "director of research")
OUTLETS = ("The Morning Ledger", "Daily Courier", "Global Dispatch", "The Evening Record", "World Chronicle",
           "The Capital Sentinel", "Harbour Post", "The Continental", "Metro Bulletin", "The Northern Star",
           "Pacific Wire", "The Observer Weekly", "Frontline News", "The Daily Compass", "Atlas Times",
           "The Civic Herald", "Riverside Gazette", "Summit Report", "The Open Register", "Coastline Daily")
TOPICS = ("the gas pipeline", "the peace talks", "the trade agreement", "the grain corridor", "the new sanctions",
          "the budget", "the election", "interest rates", "the nuclear programme", "the vaccine rollout",
          "the port expansion", "the border crossing", "the rail link", "the fishing rights", "the climate plan",
          "the pension reform", "the arms deal", "the debt restructuring", "the ceasefire", "the wage dispute")
SAY = ("said", "told reporters", "said in a statement", "told a news conference", "wrote on social media",
       "told lawmakers", "said in an interview")
VERB_BASE = ("approve", "reject", "delay", "review", "suspend", "extend", "expand", "revise", "fund", "sign",
             "renegotiate", "challenge")
VERB_PAST = ("approved", "rejected", "delayed", "announced", "postponed", "criticised", "defended", "reviewed",
             "suspended", "extended", "welcomed", "signed", "backed", "questioned")
GROUPS = ("residents", "workers", "farmers", "commuters", "teachers", "nurses", "students", "pensioners",
          "fishermen", "truck drivers", "doctors", "miners")
ACTIONS = ("gathered outside parliament", "marched through the city centre", "blocked the main road",
           "went on strike", "signed a petition", "staged a sit-in", "queued for hours")
QUOTES = (
    "We have waited {n} months for an answer", "This is not the end of the matter",
    "The figures simply do not add up", "We will keep talking until there is a deal",
    "Nobody wants to see {topic} fail", "We need a decision, not another report",
    "Our position has not changed", "Safety has to come first",
    "We were never consulted about {topic}", "It is a good day for {place}",
    "The door to dialogue remains open", "There can be no agreement without guarantees",
)
# Historical events with their dates, for "July 27, 1953" and anniversaries.
EVENTS = (
    ("the armistice that ended the Korean War", (1953, 7, 27)), ("the fall of the Berlin Wall", (1989, 11, 9)),
    ("the founding of the United Nations", (1945, 10, 24)), ("the Chernobyl disaster", (1986, 4, 26)),
    ("the signing of the Maastricht Treaty", (1992, 2, 7)), ("the Indian Ocean tsunami", (2004, 12, 26)),
    ("Kenya's independence", (1963, 12, 12)), ("the collapse of Lehman Brothers", (2008, 9, 15)),
    ("the first Moon landing", (1969, 7, 20)), ("the end of apartheid", (1994, 4, 27)),
    ("the Good Friday Agreement", (1998, 4, 10)), ("the Helsinki Accords", (1975, 8, 1)),
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_date(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the news names: title before the name, role after it, and the name used later."""

    title: str
    name: str
    surname: str
    role: str


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    capital: str
    cities: tuple[str, ...]
    demonym: str
    culture: str
    people: tuple[Person, ...]
    orgs: tuple[str, ...]


class World:
    """The recurring cast: each country's office-holders and institutions, fixed by the seed."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"{seed}:world")
        self.used: set[str] = set()
        self.countries: list[Country] = []
        for name, capital, cities, demonym, culture, head in COUNTRIES:
            short = name.removeprefix("the ")
            people = [self.person(rng, culture, head, f"{head.lower()} of {name}")]
            if head != "Prime Minister" and rng.random() < 0.5:
                people.append(self.person(rng, culture, "Prime Minister", f"prime minister of {name}"))
            for ministry in rng.sample(MINISTRIES, 5):
                role = f"{short}'s {ministry.lower()} minister"
                people.append(self.person(rng, culture, f"{ministry} Minister", role))
            people += [
                self.person(rng, culture, "Mayor", f"mayor of {capital}"),
                self.person(rng, culture, "central bank Governor", f"governor of the {demonym} central bank"),
                self.person(rng, culture, "opposition leader", f"leader of the {demonym} opposition"),
                self.person(rng, culture, "General", f"chief of the {demonym} armed forces"),
                self.person(rng, culture, "Ambassador", f"{demonym} ambassador to the United Nations"),
            ]
            orgs = (f"the {demonym} central bank", f"{short}'s Ministry of {rng.choice(MINISTRIES)}",
                    f"the {demonym} parliament", f"the {demonym} Football Federation", f"{capital} city council")
            self.countries.append(Country(name, capital, cities, demonym, culture, tuple(people), orgs))
        self.bodies = [(body, self.person(rng, rng.choice(list(CULTURES)), title, f"{title.lower()} of {body}"))
                       for body, title in GLOBAL_BODIES]

    def person(self, rng: random.Random, culture: str, title: str, role: str) -> Person:
        given, family, family_first = CULTURES[culture]
        while True:
            first, last = rng.choice(given), rng.choice(family)
            name = f"{last} {first}" if family_first else f"{first} {last}"
            if name not in self.used or len(self.used) > 5000:
                self.used.add(name)
                return Person(title, name, last, role)


@functools.lru_cache(maxsize=4)
def world(seed: int) -> World:
    return World(seed)


class ArticleWriter:
    """One article: a cast, a publication date, and sentences that refer to them as news does."""

    def __init__(self, rng: random.Random, w: World, published: dt.date) -> None:
        self.rng, self.world, self.day = rng, w, published
        self.home, self.away = rng.sample(w.countries, 2)
        body, official = rng.choice(w.bodies)
        self.body, self.official = body, official
        self.cast = [*rng.sample(self.home.people, 3), rng.choice(self.away.people), official]
        self.topic = rng.choice(TOPICS)
        self.agency = rng.choice(AGENCIES)
        self.named: set[str] = set()

    # references ---------------------------------------------------------------------------
    def who(self, p: Person | None = None) -> str:
        """A person as news names them: title and full name first, surname after."""
        p = p or self.rng.choice(self.cast)
        if p.name in self.named:
            return p.surname
        self.named.add(p.name)
        if self.rng.random() < 0.7:
            return f"{p.title} {p.name}"
        return f"{p.name}, {p.role},"

    def analyst(self) -> str:
        culture = self.rng.choice(list(CULTURES))
        given, family, family_first = CULTURES[culture]
        first, last = self.rng.choice(given), self.rng.choice(family)
        name = f"{last} {first}" if family_first else f"{first} {last}"
        return f"{name}, {self.rng.choice(ANALYST_ROLES)} at {self.rng.choice(FIRMS)}"

    def place(self) -> str:
        c = self.rng.choice((self.home, self.home, self.away))
        return self.rng.choice((c.capital, *c.cities))

    def org(self) -> str:
        return self.rng.choice((*self.home.orgs, self.body, self.rng.choice(COMPANIES)))

    # dates --------------------------------------------------------------------------------
    def weekday(self) -> str:
        return WEEKDAYS[(self.day - dt.timedelta(days=self.rng.randint(0, 4))).weekday()]

    def when_past(self) -> str:
        r, d = self.rng.randrange(12), self.day
        if r < 4:
            return f"on {self.weekday()}"
        if r == 4:
            return f"late on {self.weekday()}"
        past = d - dt.timedelta(days=self.rng.randint(20, 200))
        return (
            "last year", "last month", "earlier this month", "last week", f"in {MONTHS[past.month - 1]}",
            f"on {MONTHS[past.month - 1]} {past.day}", f"in {d.year - self.rng.randint(2, 15)}",
        )[r - 5]

    def when_future(self) -> str:
        return self.rng.choice(("next week", "next month", f"by the end of {self.day.year + 1}", "within weeks",
                                "later this year", f"in {MONTHS[(self.day.month + 1) % 12]}", "before the summer",
                                "in the first quarter of next year", "on Friday"))

    def amount(self) -> str:
        unit = self.rng.choice(("dollars", "euros", "yuan", "rupees", "pounds"))
        return f"{self.rng.randint(2, 950)} {self.rng.choice(('million', 'billion'))} {unit}"

    # sentences ----------------------------------------------------------------------------
    def clause(self) -> str:
        r, c = self.rng.randrange(6), self.rng.choice
        if r == 0:
            return f"{self.home.name} would {c(VERB_BASE)} {self.topic} {self.when_future()}"
        if r == 1:
            return f"{self.topic} had cost {self.home.name} about {self.amount()} since {self.day.year - 2}"
        if r == 2:
            return f"{c(GROUPS)} in {self.place()} had been waiting for a decision since {c(MONTHS)}"
        if r == 3:
            return f"talks with {self.body} would resume {self.when_future()}"
        if r == 4:
            return f"{self.away.name} had {c(VERB_PAST)} a similar plan {self.when_past()}"
        return f"{self.who()} would travel to {self.away.capital} {self.when_future()}"

    def lead(self) -> str:
        p = self.cast[0]
        return (f"{self.who(p)} {self.rng.choice(VERB_PAST)} {self.topic} {self.when_past()}, saying "
                f"{self.clause()}.").replace(",,", ",")

    def sentence(self) -> str:
        """One sentence, from one of 16 templates (an apposition never ends it with ",.")."""
        return self._sentence().replace(",.", ".").replace(",,", ",")

    def _sentence(self) -> str:
        r, c = self.rng.randrange(16), self.rng.choice
        if r == 0:
            quote = c(QUOTES).format(n=self.rng.randint(2, 30), topic=self.topic, place=self.place())
            return f"\u201c{quote},\u201d {self.who()} {c(SAY)} {self.when_past()}."
        if r == 1:
            return f"{self.who()} {c(SAY)} that {self.clause()}."
        if r == 2:
            return f"{_cap(self.org())} said in a statement {self.when_past()} that {self.clause()}."
        if r == 3:
            return f"\u201c{c(QUOTES).format(n=5, topic=self.topic, place=self.place())},\u201d said {self.analyst()}."
        if r == 4:
            name, year = c(EVENTS)
            return f"The dispute dates back to {name} on {long_date(dt.date(*year))}, {c(SAY[:1])} {self.who()}."
        if r == 5:
            return f"Last year, {self.home.name} spent {self.amount()} on {self.topic}, according to {self.agency}."
        if r == 6:
            return f"Talks are expected to resume {self.when_future()}, {self.agency} reported {self.when_past()}."
        if r == 7:
            return f"{self.home.demonym} officials did not respond to requests for comment {self.when_past()}."
        if r == 8:
            month = MONTHS[(self.day.month - 2) % 12]
            rate = f"{self.rng.randint(2, 19)}.{self.rng.randint(0, 9)}%"
            since = self.day.year - self.rng.randint(3, 30)
            return (f"Inflation in {self.home.name.removeprefix('the ')} rose to {rate} in {month}, the highest "
                    f"since {since}, data showed "
                    f"{self.when_past()}.")
        if r == 9:
            return (f"{_cap(self.who(c(self.cast[:3])))} is scheduled to travel to {self.away.capital} "
                    f"{self.when_future()} to meet "
                    f"{self.who(self.cast[3])}.")
        if r == 10:
            return (f"About {self.rng.randint(20, 9000):,} {c(GROUPS)} {c(ACTIONS)} in {self.place()} "
                    f"{self.when_past()}, police said.")
        if r == 11:
            return f"{self.agency[:1].upper() + self.agency[1:]} reported {self.when_past()} that {self.clause()}."
        if r == 12:
            return (f"{_cap(self.who(self.official))} urged both sides to {c(VERB_BASE)} {self.topic} "
                    f"{self.when_future()}.")
        if r == 13:
            return (f"The agreement, first signed {c(NUMBER_WORDS)} years ago in {self.place()}, expires "
                    f"{self.when_future()}.")
        if r == 14:
            return f"Critics argue that {self.clause()}, while supporters say {self.clause()}."
        return (f"Shares in {c(COMPANIES)} fell {self.rng.randint(1, 12)}% {self.when_past()} after "
                f"{self.who()} {c(VERB_PAST)} {self.topic}.")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def make_article(i: int, seed: int = SEED) -> dict[str, str]:
    """Article `i` of the corpus as a JSON record: depends only on (seed, i), so corpora are prefixes."""
    rng = random.Random(f"{seed}:article:{i}")
    w = world(seed)
    anniversary = rng.random() < 0.12
    if anniversary:
        event, (y, m, d) = rng.choice(EVENTS)
        years = rng.choice((10, 20, 25, 30, 40, 50, 60, 70, 75))
        while y + years < 2022:
            years += 10
        day_after = rng.random() < 0.3
        published = dt.date(y + years, m, d) + dt.timedelta(days=1 if day_after else 0)
    else:
        published = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 4 * 365))
    a = ArticleWriter(rng, w, published)
    paragraphs = [a.lead()]
    if anniversary:
        mark = "The day after" if day_after else f"{WEEKDAYS[dt.date(y + years, m, d).weekday()]}"
        full = f", on {long_date(dt.date(y, m, d))}" if rng.random() < 0.5 else ""
        paragraphs.append(f"{mark} marked the {ordinal(years)} anniversary of {event}{full}. {a.sentence()}")
    target = rng.randint(290, 470)
    words = sum(p.count(" ") + 1 for p in paragraphs)
    while words < target:
        para = " ".join(a.sentence() for _ in range(rng.choice((1, 2, 2, 3))))
        words += para.count(" ") + 1
        paragraphs.append(para)
    if rng.random() < 0.4:
        paragraphs[0] = f"{a.home.capital.upper()} ({a.agency.removeprefix('the ')}) \u2014 {paragraphs[0]}"
    outlet = OUTLETS[i % len(OUTLETS)]
    headline = f"{a.home.name.removeprefix('the ')} {rng.choice(VERB_PAST)} {a.topic.removeprefix('the ')} " \
               f"as {rng.choice(GROUPS)} protest in {a.place()}"
    record = {
        "url": f"https://news{i % len(OUTLETS)}.example/{published.year}/{i:06d}",
        "title": _cap(headline),
        "source": outlet,
        "author": a.analyst().split(",")[0],
        "text": "\n\n".join(paragraphs),
    }
    if rng.random() >= 1 / 7:  # about one article in seven has no date: the stage infers it
        record["date"] = f"{published.isoformat()}T{rng.randint(5, 22):02d}:{rng.randint(0, 59):02d}:00Z"
    return record


def write_corpus(path: Path, articles: int, seed: int = SEED) -> dict[str, Any]:
    """Write `articles` records as JSON Lines; returns counts."""
    words = dated = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(articles):
            record = make_article(i, seed)
            words += len(record["text"].split())
            dated += "date" in record
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {"articles": articles, "words_generated": words, "dated": dated, "bytes": path.stat().st_size}


# --- instrumentation of the stage (in the stage subprocess) -----------------------------------


class Clock:
    """Exclusive wall and CPU time per label: a wrapped call's time less that of wrapped calls inside it."""

    def __init__(self) -> None:
        self.own: defaultdict[str, float] = defaultdict(float)
        self.own_cpu: defaultdict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self.stack: list[list[Any]] = []

    def enter(self, label: str) -> None:
        self.stack.append([label, time.perf_counter(), time.process_time(), 0.0, 0.0])

    def exit(self) -> None:
        label, start, start_cpu, inner, inner_cpu = self.stack.pop()
        elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        self.own[label] += elapsed - inner
        self.own_cpu[label] += elapsed_cpu - inner_cpu
        self.calls[label] += 1
        if self.stack:
            self.stack[-1][3] += elapsed
            self.stack[-1][4] += elapsed_cpu

    def snapshot(self) -> dict[str, Any]:
        return {"own_s": dict(self.own), "own_cpu_s": dict(self.own_cpu), "calls": dict(self.calls)}


class _TimedContext:
    """A context manager whose enter and exit (BEGIN and COMMIT) are timed under one label."""

    def __init__(self, clock: Clock, label: str, inner: Any) -> None:
        self.clock, self.label, self.inner = clock, label, inner

    def __enter__(self) -> Any:
        self.clock.enter(self.label)
        try:
            return self.inner.__enter__()
        finally:
            self.clock.exit()

    def __exit__(self, *exc: Any) -> Any:
        self.clock.enter(self.label)
        try:
            return self.inner.__exit__(*exc)
        finally:
            self.clock.exit()


def _timed_iter(clock: Clock, label: str, it: Iterator[Any]) -> Iterator[Any]:
    while True:
        clock.enter(label)
        try:
            item = next(it)
        except StopIteration:
            return
        finally:
            clock.exit()
        yield item


def _timed(clock: Clock, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def gen_wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
            return _timed_iter(clock, label, fn(*args, **kwargs))

        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        clock.enter(label)
        try:
            result = fn(*args, **kwargs)
        finally:
            clock.exit()
        if type(result).__module__ == "contextlib":  # Store.transaction: time BEGIN and COMMIT too
            return _TimedContext(clock, label, result)
        return result

    return wrapper


def _label(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def instrument(clock: Clock, stage: ModuleType, batches: list[tuple[list[str], float, float]]) -> int:
    """Wrap what the stage calls; returns how many functions were wrapped."""
    from spacy.language import Language

    from storyline.store.db import Store

    wrapped = 0
    for name, obj in list(vars(stage).items()):
        if inspect.isfunction(obj) and obj.__module__.startswith("storyline"):
            setattr(stage, name, _timed(clock, _label(obj), obj))
            wrapped += 1
        elif inspect.isclass(obj) and obj.__module__.startswith("storyline") and obj is not Store:
            for attr, member in list(vars(obj).items()):
                if inspect.isfunction(member) and not attr.startswith("__") and "registry" in obj.__module__:
                    setattr(obj, attr, _timed(clock, _label(member), member))
                    wrapped += 1
    for attr, member in list(vars(Store).items()):
        if inspect.isfunction(member) and not attr.startswith("__"):
            setattr(Store, attr, _timed(clock, _label(member), member))
            wrapped += 1
    Language.pipe = _timed(clock, "spacy.language.Language.pipe", Language.pipe)  # type: ignore[method-assign]
    batch_fn = getattr(stage, "_annotate_batch", None)
    if batch_fn is not None:  # per-batch wall time, to see whether the stage slows down as the corpus grows

        @functools.wraps(batch_fn)
        def per_batch(*args: Any, **kwargs: Any) -> Any:
            start, start_cpu = time.perf_counter(), time.process_time()
            try:
                return batch_fn(*args, **kwargs)
            finally:
                ids = next((a for a in reversed(args) if isinstance(a, list)), [])
                batches.append((ids, time.perf_counter() - start, time.process_time() - start_cpu))

        stage._annotate_batch = per_batch  # type: ignore[attr-defined]
    return wrapped + 1


def _nothing() -> None:
    return None


def clock_cost_s(rounds: int = 200_000) -> float:
    """Seconds one timed call adds (enter, exit, wrapper), measured on this machine."""
    f = _timed(Clock(), "x", _nothing)
    start = time.perf_counter()
    for _ in range(rounds):
        f()
    wrapped = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(rounds):
        _nothing()
    return max(wrapped - (time.perf_counter() - start), 0.0) / rounds


# --- child processes ---------------------------------------------------------------------------


def _spacy_processes(config: Any) -> int:
    """spaCy processes the stage uses: a process setting of the configuration if it has one, else 1."""
    for f in fields(config.annotate):
        if f.name in ("n_process", "spacy_processes", "spacy_n_process", "processes", "workers"):
            value = int(getattr(config.annotate, f.name))
            return value if value > 0 else (os.cpu_count() or 1)
    return 1


def _texts(store: Any, stage: ModuleType) -> tuple[list[str], list[str]]:
    """The ids the stage will annotate, in its order, and their clean texts (as the stage loads them)."""
    ids = store.pending(stage.STAGE, stage.VERSION)
    return ids, [store.document(doc_id).clean_text for doc_id in ids]


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _cpu_s() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def stage_child(db: str, plain: bool) -> None:
    """Time `annotate(store, DEFAULT_CONFIG)` on DB, model load apart; print one JSON line."""
    t0 = time.perf_counter()
    from storyline.annotate import nlp, stage
    from storyline.config import DEFAULT_CONFIG
    from storyline.store.db import Store

    import_s = time.perf_counter() - t0
    config = DEFAULT_CONFIG
    t1 = time.perf_counter()
    model = nlp.load(config.annotate.spacy_pipeline)
    load_s = time.perf_counter() - t1
    rss_loaded = _maxrss_mib()
    code_files = loaded_storyline_files()
    clock = Clock()
    batches: list[tuple[list[str], float, float]] = []
    with Store(db) as store:
        ids, texts = _texts(store, stage)
        words_of = {doc_id: len(t.split()) for doc_id, t in zip(ids, texts, strict=True)}
        del texts
        wrapped = 0 if plain else instrument(clock, stage, batches)
        rss_before = _maxrss_mib()
        cpu0, start = _cpu_s(), time.perf_counter()
        annotated = stage.annotate(store, config)
        seconds, cpu = time.perf_counter() - start, _cpu_s() - cpu0
        timed = clock.snapshot()  # before Store.close, which is outside the timed call
    calls = sum(timed["calls"].values())
    print(json.dumps({
        "docs": len(ids), "annotated": annotated, "words": sum(words_of.values()), "import_s": import_s,
        "load_s": load_s, "seconds": seconds, "cpu_s": cpu, "peak_rss_mib": _maxrss_mib(),
        "rss_after_load_mib": rss_loaded, "rss_before_run_mib": rss_before,
        "model_loads": nlp.load.cache_info().misses, "pipeline": f"{model.meta.get('lang')}_{model.meta.get('name')}",
        "pipeline_version": model.meta.get("version"), "components": model.pipe_names,
        "spacy_processes": _spacy_processes(config), "batch_size": config.annotate.batch_size,
        "spacy_batch_size": config.annotate.spacy_batch_size, "wrapped": wrapped, "timed_calls": calls,
        "instrumentation_s": calls * clock_cost_s() if wrapped else 0.0,
        "code_files": code_files, "code_fingerprint": src_fingerprint(code_files),
        **timed,
        "batches": [[len(b), sum(words_of.get(d, 0) for d in b), s, c] for b, s, c in batches],
    }))


def bare_child(db: str, processes: int) -> None:
    """Time bare `nlp.pipe` over the same clean texts with the same pipeline; print one JSON line."""
    t0 = time.perf_counter()
    from storyline.annotate import nlp, stage
    from storyline.config import DEFAULT_CONFIG
    from storyline.store.db import Store

    import_s = time.perf_counter() - t0
    config = DEFAULT_CONFIG
    t1 = time.perf_counter()
    model = nlp.load(config.annotate.spacy_pipeline)
    load_s = time.perf_counter() - t1
    rss_loaded = _maxrss_mib()
    with Store(db) as store:
        _, texts = _texts(store, stage)
    words = sum(len(t.split()) for t in texts)
    n_process = processes or _spacy_processes(config)
    tokens = ents = 0
    cpu0, start = _cpu_s(), time.perf_counter()
    for doc in model.pipe(texts, batch_size=config.annotate.spacy_batch_size, n_process=n_process):
        tokens += len(doc)
        ents += len(doc.ents)
    seconds, cpu = time.perf_counter() - start, _cpu_s() - cpu0
    print(json.dumps({
        "docs": len(texts), "words": words, "tokens": tokens, "entities": ents, "import_s": import_s,
        "load_s": load_s, "seconds": seconds, "cpu_s": cpu, "peak_rss_mib": _maxrss_mib(),
        "rss_after_load_mib": rss_loaded, "n_process": n_process, "components": model.pipe_names,
    }))


def ingest_child(path: str, db: str) -> None:
    from storyline.config import DEFAULT_CONFIG
    from storyline.ingest import ingest
    from storyline.store.db import Store

    start = time.perf_counter()
    with Store(db) as store:
        report = ingest([path], store, DEFAULT_CONFIG)
        stored = store.count_documents()
    print(json.dumps({"seconds": time.perf_counter() - start, "stored": stored, "errors": len(report.errors)}))


def profile_child(db: str, prof: str) -> None:
    """Annotate DB under cProfile, imports and model load excluded."""
    import cProfile

    from storyline.annotate import nlp, stage
    from storyline.config import DEFAULT_CONFIG
    from storyline.store.db import Store

    nlp.load(DEFAULT_CONFIG.annotate.spacy_pipeline)
    profiler = cProfile.Profile()
    with Store(db) as store:
        start = time.perf_counter()
        profiler.enable()
        n = stage.annotate(store, DEFAULT_CONFIG)
        profiler.disable()
        seconds = time.perf_counter() - start
    profiler.dump_stats(prof)
    code_files = loaded_storyline_files()
    print(json.dumps({"annotated": n, "seconds": seconds, "code_fingerprint": src_fingerprint(code_files)}))


# --- the parent --------------------------------------------------------------------------------


def say(message: str) -> None:
    """Progress goes to stderr, so that stdout holds only the tables and the JSON line."""
    print(message, file=sys.stderr, flush=True)


@dataclass(slots=True)
class Child:
    result: dict[str, Any]
    wall_s: float
    maxrss_mib: float


def run_child(*args: str) -> Child:
    """Run this script in a child mode, in a fresh interpreter; its last stdout line is JSON."""
    cmd = [sys.executable, THIS, *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(args[:1])} exited {code}:\n{stderr[-3000:]}")
    return Child(json.loads(stdout.strip().splitlines()[-1]), wall, usage.ru_maxrss / 1024)


def _remove_db(path: Path) -> None:
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()


def copy_db(source: Path, target: Path) -> None:
    _remove_db(target)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


#: Where each instrumented function's own time goes; first match wins; labels are module.qualname.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("spaCy (`Language.pipe`)", r"^spacy\."),
    ("language id", r"annotate\.language\."),
    ("mention repair", r"annotate\.mentions\.|_sources_are_organisations"),
    ("entity linking", r"annotate\.(entities|registry)\."),
    ("time expressions", r"annotate\.timex|_tense|_event_dates|_sentence_lookup"),
    ("publication date", r"annotate\.pubdate\.|_infer_and_resolve|_known_dates"),
    ("storage (SQLite reads/writes)", r"store\.|stage\._(load|write)$"),
    ("stage glue (loops, batching)", r"."),
)


def category(label: str) -> str:
    return next(name for name, pattern in CATEGORIES if re.search(pattern, label))


def breakdown(stage: dict[str, Any], bare: dict[str, Any]) -> dict[str, Any]:
    """The stage's time by part and by function, against bare spaCy's time."""
    own: dict[str, float] = stage.get("own_s", {})
    own_cpu: dict[str, float] = stage.get("own_cpu_s", {})
    if not own:
        return {}
    glue = "stage glue (loops, batching)"
    wall: defaultdict[str, float] = defaultdict(float)
    cpu: defaultdict[str, float] = defaultdict(float)
    for label, seconds in own.items():
        wall[category(label)] += seconds
        cpu[category(label)] += own_cpu.get(label, 0.0)
    wall[glue] += max(stage["seconds"] - sum(own.values()), 0.0)  # outside every wrapped call
    cpu[glue] += max(stage["cpu_s"] - sum(own_cpu.values()), 0.0)
    parts = [
        {"part": c, "seconds": wall[c], "cpu_s": cpu[c], "pct_of_stage_cpu": 100 * cpu[c] / stage["cpu_s"],
         "pct_of_bare_cpu": 100 * cpu[c] / bare["cpu_s"]}
        for c in sorted(cpu, key=lambda c: -cpu[c])
    ]
    functions = [
        {"function": label, "part": category(label), "calls": stage["calls"].get(label, 0), "seconds": own[label],
         "cpu_s": own_cpu.get(label, 0.0), "pct_of_stage_cpu": 100 * own_cpu.get(label, 0.0) / stage["cpu_s"]}
        for label in sorted(own, key=lambda k: -own_cpu.get(k, 0.0))
    ]
    timeline = []
    batches = stage["batches"]
    tenth = max(1, len(batches) // 10)
    for i in range(0, len(batches), tenth):
        chunk = batches[i : i + tenth]
        words, secs, cpus = sum(b[1] for b in chunk), sum(b[2] for b in chunk), sum(b[3] for b in chunk)
        timeline.append({"docs_done": sum(b[0] for b in batches[: i + len(chunk)]), "words": words,
                         "seconds": secs, "cpu_s": cpus, "words_per_s": words / secs if secs else 0.0,
                         "words_per_cpu_s": words / cpus if cpus else 0.0})
    return {"parts": parts, "functions": functions, "timeline": timeline}


_STORYLINE_SRC = str(ROOT / "src" / "storyline")


def profile_rows(prof: Path, top: int) -> dict[str, Any]:
    """Top functions in storyline's own code by cumulative time, in % of the profiled annotate call."""
    stats = pstats.Stats(str(prof))
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = next((v[3] for (f, _l, fn), v in raw.items() if f.endswith("annotate/stage.py") and fn == "annotate"),
                 stats.total_tt)  # type: ignore[attr-defined]
    rows, spacy_cum = [], 0.0
    for (file, line, func), (_, ncalls, own, cum, _) in raw.items():
        if file.endswith("spacy/language.py") and func == "pipe":
            spacy_cum = max(spacy_cum, cum)
        if not file.startswith(_STORYLINE_SRC) and "/storyline/" not in file:
            continue
        module = file.split("/storyline/", 1)[1].removesuffix(".py").replace("/", ".")
        rows.append({"function": f"{module}:{func}", "line": line, "calls": ncalls,
                     "cum_pct": 100 * cum / total, "own_pct": 100 * own / total})
    by_own = sorted(rows, key=lambda r: -r["own_pct"])[:top]
    rows.sort(key=lambda r: -r["cum_pct"])
    return {"profiled_s": total, "spacy_pipe_pct": 100 * spacy_cum / total, "top": rows[:top], "by_own": by_own}


def checks(db: Path) -> dict[str, int]:
    """What the stage left in the database (each count -1 when the schema has moved)."""
    queries = {
        "sentences": "SELECT COUNT(*) FROM sentences",
        "mentions": "SELECT COUNT(*) FROM mentions",
        "linked_mentions": "SELECT COUNT(*) FROM mentions WHERE entity IS NOT NULL",
        "entities": "SELECT COUNT(*) FROM entities",
        "time_expressions": "SELECT COUNT(*) FROM time_expressions",
        "inferred_published": "SELECT COUNT(*) FROM documents WHERE inferred_published IS NOT NULL",
        "undated": "SELECT COUNT(*) FROM documents WHERE published IS NULL",
        "known_dates": "SELECT COUNT(*) FROM known_dates",
    }
    out: dict[str, int] = {}
    with contextlib.closing(sqlite3.connect(db)) as conn:
        for key, sql in queries.items():
            try:
                out[key] = int(conn.execute(sql).fetchone()[0])
            except sqlite3.Error:
                out[key] = -1
    return out


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as fh:
        cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu)
    return {
        "cpu": cpu, "cpu_count": os.cpu_count(),
        "ram_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "spacy": metadata.version("spacy"), "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
        "commit": _commit(), "src_fingerprint": src_fingerprint(),
    }


def _commit() -> str:
    git = ["git", "-C", str(ROOT)]
    try:
        sha = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run([*git, "status", "--porcelain", "src"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha.stdout.strip() + (" + uncommitted changes in src/" if dirty.stdout.strip() else "")


def src_fingerprint(files: list[str] | None = None) -> str:
    """A hash of the given files under the repository (default: all of src/): same hash, same code."""
    digest = hashlib.sha256()
    paths = [ROOT / f for f in files] if files is not None else sorted((ROOT / "src").rglob("*.py"))
    for path in paths:
        data = path.read_bytes() if path.exists() else b"(missing)"
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:12]


def loaded_storyline_files() -> list[str]:
    """The storyline source files this process has imported, relative to the repository."""
    files = set()
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if (name == "storyline" or name.startswith("storyline.")) and file:
            path = Path(file).resolve()
            if path.is_relative_to(ROOT):
                files.add(str(path.relative_to(ROOT)))
    return sorted(files)


def median_by(runs: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """The run with the median `key`, carrying the highest peak memory of all the runs."""
    chosen = dict(sorted(runs, key=lambda r: r[key])[len(runs) // 2])
    chosen["peak_rss_mib"] = max(r["peak_rss_mib"] for r in runs)
    return chosen


def summarise(stage: dict[str, Any], bare: dict[str, Any]) -> dict[str, Any]:
    return {
        "words": stage["words"], "docs": stage["docs"],
        "stage_s": stage["seconds"], "bare_s": bare["seconds"],
        "stage_words_per_s": stage["words"] / stage["seconds"], "bare_words_per_s": bare["words"] / bare["seconds"],
        "stage_cpu_s": stage["cpu_s"], "bare_cpu_s": bare["cpu_s"],
        "overhead_wall_pct": 100 * (stage["seconds"] / bare["seconds"] - 1),
        "overhead_cpu_pct": 100 * (stage["cpu_s"] / bare["cpu_s"] - 1),
        "stage_peak_rss_mib": stage["peak_rss_mib"], "bare_peak_rss_mib": bare["peak_rss_mib"],
    }


def tables(r: dict[str, Any]) -> str:
    s, b, m = r["stage"], r["bare"], r["summary"]
    procs = b["n_process"]
    lines = [
        f"| run ({procs} spaCy process{'es' if procs > 1 else ''}) | docs | words | import s | model load s | "
        "timed s | words/s | CPU s | words per CPU s | overhead (wall) | overhead (CPU) | peak RSS MiB | "
        "RSS after load MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| bare `nlp.pipe` | {b['docs']:,} | {b['words']:,} | {b['import_s']:.2f} | {b['load_s']:.2f} | "
        f"{b['seconds']:.1f} | {m['bare_words_per_s']:,.0f} | {b['cpu_s']:.1f} | {b['words'] / b['cpu_s']:,.0f} | - | "
        f"- | {b['peak_rss_mib']:.0f} | {b['rss_after_load_mib']:.0f} |",
        f"| annotate stage | {s['docs']:,} | {s['words']:,} | {s['import_s']:.2f} | {s['load_s']:.2f} | "
        f"{s['seconds']:.1f} | {m['stage_words_per_s']:,.0f} | {s['cpu_s']:.1f} | {s['words'] / s['cpu_s']:,.0f} | "
        f"{m['overhead_wall_pct']:+.0f}% | {m['overhead_cpu_pct']:+.0f}% | {s['peak_rss_mib']:.0f} | "
        f"{s['rss_after_load_mib']:.0f} |",
    ]
    bd = r["breakdown"]
    if bd:
        lines += [
            "",
            f"Where the stage's time goes (instrumented run above: own time of each function, wall and CPU; "
            f"{s['timed_calls']:,} timed calls cost about {s['instrumentation_s']:.1f} s of it). The last column is "
            "each part's CPU time as a share of bare spaCy's CPU time: the spaCy row against 100% shows whether "
            "spaCy itself runs slower inside the stage, and the other rows add up to the overhead.",
            "",
            "| part | wall s | CPU s | % of stage CPU | % of bare spaCy CPU |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [f"| {c['part']} | {c['seconds']:.1f} | {c['cpu_s']:.1f} | {c['pct_of_stage_cpu']:.1f}% | "
                  f"{c['pct_of_bare_cpu']:.1f}% |" for c in bd["parts"]]
        lines += ["", "| function (own time) | part | calls | wall s | CPU s | % of stage CPU |",
                  "|---|---|---:|---:|---:|---:|"]
        lines += [f"| `{f['function'].removeprefix('storyline.')}` | {f['part']} | {f['calls']:,} | "
                  f"{f['seconds']:.2f} | {f['cpu_s']:.2f} | {f['pct_of_stage_cpu']:.1f}% |"
                  for f in bd["functions"][:15]]
        if bd["timeline"]:
            lines += ["", "| documents annotated | words/s over that stretch | words per CPU s |", "|---:|---:|---:|"]
            lines += [f"| {t['docs_done']:,} | {t['words_per_s']:,.0f} | {t['words_per_cpu_s']:,.0f} |"
                      for t in bd["timeline"]]
    p = r["profile"]
    lines += [
        "",
        f"cProfile, annotate stage over the first {p['articles']:,} articles in one process, model load excluded "
        f"({p['profiled_s']:.1f} s under the profiler; spaCy's `Language.pipe` is {p['spacy_pipe_pct']:.0f}% of it). "
        f"Top {len(p['top'])} functions in storyline's code by cumulative time. cProfile charges every Python "
        "call, and spaCy's Cython is built with profiling hooks, so code that walks tokens (e.g. builds "
        "`doc.text`, iterates `doc`) is inflated here against the instrumented shares above: rank with this, "
        "size with those.",
        "",
        "| function | calls | cum % | own % |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| `{row['function']}` | {row['calls']:,} | {row['cum_pct']:.1f} | {row['own_pct']:.1f} |"
              for row in p["top"]]
    lines += ["", "The same profile, storyline's functions by own time (time in spaCy or the standard library that "
              "they call is their callees', not theirs):", "", "| function | calls | own % | cum % |",
              "|---|---:|---:|---:|"]
    lines += [f"| `{row['function']}` | {row['calls']:,} | {row['own_pct']:.1f} | {row['cum_pct']:.1f} |"
              for row in p.get("by_own", [])[:10]]
    c = r["checks"]
    met = m["overhead_cpu_pct"] <= 100 * GOAL_OVERHEAD
    lines += [
        "",
        f"- storyline's cost on top of bare spaCy <= {100 * GOAL_OVERHEAD:.0f}%: {m['overhead_cpu_pct']:+.0f}% in CPU "
        f"time ({m['overhead_wall_pct']:+.0f}% in wall time), **{'met' if met else 'not met'}**",
        f"- checks: annotated {s['annotated']:,} of {s['docs']:,} documents; sentences {c['sentences']:,}, mentions "
        f"{c['mentions']:,} ({c['linked_mentions']:,} linked), entities {c['entities']:,}, time expressions "
        f"{c['time_expressions']:,}; publication date inferred for {c['inferred_published']:,} of {c['undated']:,} "
        f"undated documents; known dates learned {c['known_dates']:,}; spaCy model loads in the stage process "
        f"{s['model_loads']} (1 = only the one timed apart); bare spaCy found {b['entities']:,} entities in "
        f"{b['tokens']:,} tokens",
    ]
    if r["src_changed_during_run"]:
        lines.append("- **the stage's code changed while this ran** (fingerprints "
                     f"{r['code_fingerprints']}): the figures may mix two versions of the code")
    return "\n".join(lines)


def docs_body(r: dict[str, Any], command: str) -> str:
    m, s = r["machine"], r["stage"]
    return (
        f"Measured {r['date']} on {m['cpu']}, `os.cpu_count()` = {m['cpu_count']}, {m['ram_gib']} GiB RAM, "
        f"{m['os']}; Python {m['python']}, spaCy {m['spacy']}, pipeline {s['pipeline']} {s['pipeline_version']} "
        f"({', '.join(s['components'])}); storyline {m['commit']} (fingerprint of the "
        f"{len(s['code_files'])} storyline modules the stage ran: {r['code_fingerprints']['end']}). "
        f"Load average (1, 5, 15 min) at start: {', '.join(map(str, m['load_avg_at_start']))}; at end: "
        f"{', '.join(map(str, r['load_avg_at_end']))} (other work shares these cores, so CPU time is the steadier "
        "figure).\n\n"
        f"Command: `{command}`\n\n"
        f"Corpus: {r['corpus']['articles']:,} generated news articles (JSON Lines, seeded; titled people, places, "
        f"organisations, agencies, relative and calendar dates, anniversaries; {r['corpus']['dated']:,} with a "
        f"date field), ingested alone into a fresh database ({r['ingest_s']:.0f} s, not part of the figures). "
        "The stage run times `storyline.annotate.stage.annotate(store, DEFAULT_CONFIG)` in a fresh subprocess "
        "after it has imported the stage and loaded the spaCy pipeline (both timed apart); the bare run times "
        "`nlp.pipe(texts, batch_size=config.annotate.spacy_batch_size)` over the same documents' clean texts in "
        "another fresh subprocess, with the pipeline from the same `storyline.annotate.nlp.load()` (same "
        f"components). Both use {r['bare']['n_process']} spaCy process(es) "
        f"(the stage's `nlp.pipe` call uses n_process={s['spacy_processes']}). Words are whitespace-separated "
        "words of the clean texts. CPU s counts the process and its reaped children. Peak RSS is the "
        f"subprocess's own `ru_maxrss`. Runs alternated {r['repeat']} time(s), median reported.\n\n"
        f"{tables(r)}\n"
    )


def write_docs(path: Path, body: str) -> None:
    """Write or replace this script's section of docs/benchmarks.md, leaving the others alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else DOCS_INTRO
    section = f"{SECTION}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    info = machine()
    say(f"work folder {work}; cpu_count={info['cpu_count']}; load {info['load_avg_at_start']}")
    corpus_path = work / "articles.jsonl"
    corpus = write_corpus(corpus_path, args.articles)
    say(f"generated {corpus['articles']:,} articles, {corpus['words_generated']:,} words")
    base = work / "ingested.db"
    _remove_db(base)
    ing = run_child("--ingest-child", str(corpus_path), str(base)).result
    say(f"ingested {ing['stored']:,} documents in {ing['seconds']:.1f} s ({ing['errors']} errors)")
    if args.profile_articles == args.articles:
        profile_base = base
    else:
        profile_corpus = work / "profile.jsonl"
        write_corpus(profile_corpus, args.profile_articles)
        profile_base = work / "profile-ingested.db"
        _remove_db(profile_base)
        run_child("--ingest-child", str(profile_corpus), str(profile_base))

    stages, bares = [], []
    run_db = work / "run.db"
    for i in range(args.repeat):  # alternated, so that both see the same machine conditions
        bare = run_child("--bare-child", str(base), str(args.processes)).result
        bares.append(bare)
        say(f"[{i + 1}/{args.repeat}] bare nlp.pipe: {bare['words']:,} words in {bare['seconds']:.1f} s = "
            f"{bare['words'] / bare['seconds']:,.0f} words/s (CPU {bare['cpu_s']:.1f} s)")
        copy_db(base, run_db)
        stage = run_child("--stage-child", str(run_db), *(["--plain"] if args.plain else [])).result
        stages.append(stage)
        say(f"[{i + 1}/{args.repeat}] annotate stage: {stage['words']:,} words in {stage['seconds']:.1f} s = "
            f"{stage['words'] / stage['seconds']:,.0f} words/s (CPU {stage['cpu_s']:.1f} s)")
    found = checks(run_db)
    stage, bare = median_by(stages, "seconds"), median_by(bares, "seconds")
    if stage["spacy_processes"] != bare["n_process"]:
        say(f"warning: the stage used {stage['spacy_processes']} spaCy process(es), the bare run {bare['n_process']}")

    prof_db, prof = work / "profile.db", work / "annotate.prof"
    copy_db(profile_base, prof_db)
    profiled = run_child("--profile-child", str(prof_db), str(prof)).result
    profile = profile_rows(prof, args.top)
    profile["articles"] = args.profile_articles
    say(f"profiled {args.profile_articles:,} articles: {profile['profiled_s']:.1f} s under cProfile")
    # The storyline modules the stage ran, hashed in every stage run, in the profile run and now.
    fingerprints = {f"stage run {i + 1}": s["code_fingerprint"] for i, s in enumerate(stages)}
    fingerprints["profile run"] = profiled.get("code_fingerprint", "")
    fingerprints["end"] = src_fingerprint(stage["code_files"])

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M+00:00"), "machine": info,
        "load_avg_at_end": [round(x, 2) for x in os.getloadavg()], "corpus": corpus, "ingest_s": ing["seconds"],
        "ingested": ing["stored"], "repeat": args.repeat, "stage": stage, "bare": bare,
        "runs": {"stage_s": [s["seconds"] for s in stages], "bare_s": [b["seconds"] for b in bares]},
        "summary": summarise(stage, bare), "breakdown": breakdown(stage, bare), "profile": profile,
        "checks": found, "code_fingerprints": fingerprints,
        "src_changed_during_run": len(set(fingerprints.values())) > 1,
        "goal_overhead_pct": 100 * GOAL_OVERHEAD,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="1,000 articles; no docs written")
    ap.add_argument("--articles", type=int, help="articles (default 10,000; 1,000 with --quick)")
    ap.add_argument("--profile-articles", type=int, default=1_000, help="articles in the cProfile run (1,000)")
    ap.add_argument("--top", type=int, default=15, help="functions listed from the profile (15)")
    ap.add_argument("--repeat", type=int, default=1, help="alternated stage and bare runs, median reported (1)")
    ap.add_argument("--processes", type=int, default=0,
                    help="spaCy processes in the bare run (default: what the stage uses, today 1)")
    ap.add_argument("--plain", action="store_true", help="time the stage without the function-level breakdown")
    ap.add_argument("--workdir", type=Path, help="where the corpus and databases go (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    ap.add_argument("--docs", action="store_true", help="rewrite the docs section even with --quick")
    ap.add_argument("--no-docs", action="store_true", help=f"do not rewrite the section of {DOCS.relative_to(ROOT)}")
    ap.add_argument("--stage-child", metavar="DB", help=argparse.SUPPRESS)
    ap.add_argument("--bare-child", nargs=2, metavar=("DB", "PROCESSES"), help=argparse.SUPPRESS)
    ap.add_argument("--ingest-child", nargs=2, metavar=("JSONL", "DB"), help=argparse.SUPPRESS)
    ap.add_argument("--profile-child", nargs=2, metavar=("DB", "PROF"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.stage_child:
        stage_child(args.stage_child, args.plain)
        return 0
    if args.bare_child:
        bare_child(args.bare_child[0], int(args.bare_child[1]))
        return 0
    if args.ingest_child:
        ingest_child(*args.ingest_child)
        return 0
    if args.profile_child:
        profile_child(*args.profile_child)
        return 0
    args.articles = args.articles or (1_000 if args.quick else 10_000)
    args.profile_articles = min(args.profile_articles, args.articles)
    args.repeat = max(1, args.repeat)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="storyline-annotate-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        report = run(args, work)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    command = "python " + " ".join([str(Path(THIS).relative_to(ROOT)), *(argv if argv is not None else sys.argv[1:])])
    command = ".venv/bin/" + command
    print(tables(report))
    if (not args.quick or args.docs) and not args.no_docs:
        write_docs(DOCS, docs_body(report, command))
        say(f"wrote the section '{SECTION}' of {DOCS.relative_to(ROOT)}")
    print(json.dumps(report, default=str))
    ok = report["stage"]["annotated"] == report["ingested"] == report["stage"]["docs"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
