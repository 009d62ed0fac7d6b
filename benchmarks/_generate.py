"""Synthetic news pages for the benchmarks: plain text and full HTML, seeded and deterministic.

Every word comes from the small vocabulary and sentence templates below (written for this file;
no text is copied from anywhere). Page `i` of a corpus depends only on the seed and `i`, so a
corpus of 2,500 pages is exactly the first 2,500 pages of a corpus of 10,000, and the same call
always writes the same bytes.

A corpus has ~50 fictional sites, one folder per site. Each site has a fixed template, as a real
scraped site does: whether it prints bylines, a date header, view counters, which share and
comment furniture it carries, a copyright footer, and one slogan of its own repeated on every
page (the line only corpus statistics can find). Pages are assigned to sites round-robin.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# --- vocabulary --------------------------------------------------------------------------------

FIRST = (
    "Mara", "Ilse", "Tomas", "Ada", "Oren", "Lidia", "Kasper", "Noor", "Elin", "Bram", "Sela", "Dario",
    "Petra", "Joss", "Anika", "Roel", "Imre", "Talia", "Viktor", "Oona", "Hugo", "Maren", "Lev",
    "Catrin", "Ivo", "Rhea", "Anselm", "Yara", "Felix", "Greta", "Soren", "Nadia", "Pim", "Wren",
)
LAST = (
    "Voss", "Brandt", "Fenn", "Okafor", "Lindqvist", "Marsh", "Teller", "Quill", "Ardent", "Halloway",
    "Desmet", "Koval", "Raines", "Sorel", "Whitcombe", "Nakamura", "Berrow", "Castell", "Dunmore",
    "Ellery", "Fairweather", "Grieve", "Holm", "Ivers", "Jansen", "Kettle", "Lowry", "Morrow",
    "Nettles", "Pryce", "Ashdown", "Bellamy", "Corrin", "Draycott",
)
PLACES = (
    "Port Aldane", "Brenmoor", "Caldry", "Dunhallow", "Essling", "Farrowgate", "Glenmere", "Harlund",
    "Istrel", "Jorvane", "Kestrel Bay", "Lowmarch", "Mirrowdale", "Norhaven", "Orlesk", "Pellmont",
    "Quarren", "Saltmere", "Tarrowby", "Ulvik", "Vennick", "Westerholm", "Yarrowfield", "Zelden",
)
COUNTRIES = ("Northland", "Estelland", "Varnia", "Caldoria", "Lusk", "Ostmark", "Serrany")
AGENCIES = (
    "Meridian Press Agency", "Northland Courier", "Varnia Daily Wire", "the Harbour Times",
    "Estelland Broadcasting", "the Lowmarch Herald", "Caldoria News Agency", "the Ostmark Observer",
)
ORGS = (
    "the city council", "the port authority", "the dockworkers' union", "the national grid operator",
    "the central bank", "the regional water board", "the transport agency", "the health ministry",
    "the finance ministry", "the teachers' federation", "the chamber of commerce", "the fisheries office",
    "the environment agency", "the district court", "the farmers' cooperative", "the rail operator",
)
ROLES = (
    "spokesperson", "chair", "deputy director", "chief economist", "secretary", "mayor", "minister",
    "head of operations", "senior engineer", "press officer", "treasurer", "lead negotiator",
)
TOPICS = (
    "stone bridge", "rail line", "water supply", "school budget", "harbour expansion", "wind farm",
    "ferry service", "hospital wing", "tax reform", "fishing quota", "grain harvest", "power plant",
    "housing plan", "airport runway", "flood defences", "copper mine", "trade agreement", "bus network",
    "night-shift pay", "pension fund", "ring road", "library closure", "ambulance service", "sea wall",
)
VERBS_PAST = (
    "approved", "rejected", "delayed", "announced", "postponed", "criticised", "defended", "reviewed",
    "suspended", "extended", "expanded", "questioned", "welcomed", "scrapped", "revised", "backed",
)
VERBS_BASE = (
    "approve", "reject", "delay", "review", "suspend", "extend", "expand", "revise", "fund", "audit",
    "reopen", "close", "rebuild", "sell", "replace", "inspect",
)
PEOPLE = (
    "residents", "workers", "farmers", "commuters", "teachers", "nurses", "shop owners", "students",
    "fishermen", "pensioners", "drivers", "parents", "volunteers", "engineers",
)
ACTIONS = (
    "gathered outside the town hall", "signed a petition", "walked out", "blocked the main road",
    "attended a public meeting", "lodged formal complaints", "joined the protest", "queued for hours",
)
ADJUNCTS = (
    "before the end of the year", "by the spring", "within weeks", "after the summer recess",
    "once the inspection is complete", "if funding allows", "despite the objections", "in stages",
    "without further consultation", "as early as next month", "pending a court ruling",
)
TIMES = (
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
    "last week", "earlier this month", "late on Thursday", "this morning", "on Monday evening",
)
STATES = (
    "worried about the cost", "frustrated by the delays", "cautiously optimistic", "divided on the plan",
    "unconvinced by the figures", "relieved by the decision", "angry about the closures",
)
EVENTS = (
    "a storm damaged the old structure", "an audit found gaps in the accounts", "the floods of last spring",
    "a long dispute over funding", "a fire closed the site for weeks", "prices rose sharply",
)
QUOTES = (
    "We have waited {n} months for an answer", "This is not the end of the matter",
    "The figures simply do not add up", "We will keep talking until there is a deal",
    "Nobody here wants to see the {topic} fail", "We need a decision, not another report",
    "The town cannot afford to wait any longer", "Safety has to come first",
    "We were never consulted about the {topic}", "It is a good day for {place}",
)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SECTIONS = ("World", "Local", "Business", "Politics", "Environment", "Transport", "Health", "Education")
SITE_STEMS = (
    "Lantern", "Harbour", "Valley", "Northern", "Coastal", "Riverside", "Highland", "Evening", "Morning",
    "Granite", "Beacon", "Compass", "Meridian", "Lowland", "Island", "Frontier", "Citadel",
)
SITE_KINDS = ("Post", "Ledger", "Gazette", "Courier", "Record", "Sentinel", "Dispatch", "Chronicle", "Bulletin")
TAGLINES = (
    "independent news for {region} since {year}", "your window on {region}",
    "the stories that matter to {region}", "straight reporting from {region}, every morning",
    "news from {region} you can rely on", "reader-funded journalism for {region}",
    "keeping {region} informed since {year}",
)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _money(rng: random.Random) -> str:
    return f"{rng.randint(2, 950)} million {rng.choice(('crowns', 'marks', 'dollars', 'euros'))}"


def _clause(rng: random.Random) -> str:
    form = rng.randrange(5)
    if form == 0:
        return f"{rng.choice(ORGS)} would {rng.choice(VERBS_BASE)} the {rng.choice(TOPICS)} {rng.choice(ADJUNCTS)}"
    if form == 1:
        return f"the {rng.choice(TOPICS)} had been {rng.choice(VERBS_PAST)} {rng.choice(ADJUNCTS)}"
    if form == 2:
        return f"{rng.choice(PEOPLE)} in {rng.choice(PLACES)} were {rng.choice(STATES)}"
    if form == 3:
        return f"the cost of the {rng.choice(TOPICS)} had risen to {_money(rng)}"
    return f"{rng.choice(ORGS)} {rng.choice(VERBS_PAST)} the plan after {rng.choice(EVENTS)}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(rng: random.Random) -> str:
    c = rng.choice
    t = rng.randrange(13)
    if t == 0:
        return f"{_cap(c(ORGS))} {c(VERBS_PAST)} the {c(TOPICS)} {c(TIMES)}, saying {_clause(rng)}."
    if t == 1:
        quote = c(QUOTES).format(n=rng.randint(2, 30), topic=c(TOPICS), place=c(PLACES))
        return f"\u201c{quote},\u201d {_person(rng)}, {c(ROLES)} of {c(ORGS)}, told reporters {c(TIMES)}."
    if t == 2:
        return f"According to {c(AGENCIES)}, {_clause(rng)}."
    if t == 3:
        return f"The {c(TOPICS)} would cost about {_money(rng)}, {_person(rng)} said."
    if t == 4:
        return f"{_person(rng)} said the {c(TOPICS)} could be finished by {c(MONTHS)} {c(ADJUNCTS)}."
    if t == 5:
        return f"{_cap(c(PEOPLE))} in {c(PLACES)} {c(ACTIONS)} {c(TIMES)}, saying {_clause(rng)}."
    if t == 6:
        return f"The decision follows {rng.randint(2, 40)} months of talks over the {c(TOPICS)}."
    if t == 7:
        return f"Officials in {c(PLACES)} did not respond to a request for comment {c(TIMES)}."
    if t == 8:
        return f"About {rng.randint(20, 9000)} {c(PEOPLE)} {c(ACTIONS)} in {c(PLACES)}, {c(ORGS)} said."
    if t == 9:
        return f"Critics argue that {_clause(rng)}, while supporters say {_clause(rng)}."
    if t == 10:
        return f"It was not immediately clear whether {_clause(rng)}."
    if t == 11:
        return f"In a statement, {c(ORGS)} said {_clause(rng)} and that {_clause(rng)}."
    return f"Last year, {c(ORGS)} {c(VERBS_PAST)} a similar {c(TOPICS)} after {c(EVENTS)}."


def _headline(rng: random.Random) -> str:
    t = rng.randrange(6)
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    if t == 0:
        return f"{place} council delays vote on the {topic}"
    if t == 1:
        return f"{_cap(rng.choice(PEOPLE))} walk out in {place} over {topic}"
    if t == 2:
        return f"{_cap(rng.choice(ORGS).removeprefix('the '))} {rng.choice(VERBS_PAST)} {topic} plan"
    if t == 3:
        return f"{rng.randint(20, 900)} {rng.choice(PEOPLE)} protest in {place} as {topic} costs rise"
    if t == 4:
        return f"Questions grow over {place} {topic} after {rng.choice(EVENTS)}"
    return f"{rng.choice(COUNTRIES)} to {rng.choice(VERBS_BASE)} {topic} {rng.choice(ADJUNCTS)}"


# --- sites -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Site:
    """One fictional outlet and the fixed furniture of its page template."""

    index: int
    name: str
    slug: str
    domain: str
    slogan: str
    slogan_on_top: bool
    bylines: bool
    date_header: bool
    counters: bool
    share: tuple[str, ...]
    comment_form: bool
    source_link: bool
    tags: bool
    copyright: bool
    layout: int


def make_sites(count: int, seed: int) -> list[Site]:
    """`count` distinct sites, each with its own template and slogan."""
    rng = random.Random(f"{seed}:sites")
    names: list[str] = []
    for stem in SITE_STEMS:
        for kind in SITE_KINDS:
            names.append(f"The {stem} {kind}")
    rng.shuffle(names)
    sites = []
    for i, name in enumerate(names[:count]):
        region = rng.choice(PLACES + COUNTRIES)
        tagline = TAGLINES[i % len(TAGLINES)].format(region=region, year=rng.randint(1890, 2015))
        slug = name.lower().removeprefix("the ").replace(" ", "-")
        share_pool = ("Share this:", "Facebook", "Twitter", "WhatsApp", "Email", "Print", "Share on Facebook")
        sites.append(Site(
            index=i, name=name, slug=slug, domain=slug.replace("-", "") + ".example",
            slogan=f"{name.removeprefix('The ')} \u2014 {tagline}", slogan_on_top=rng.random() < 0.3,
            bylines=rng.random() < 0.75, date_header=rng.random() < 0.4, counters=rng.random() < 0.5,
            share=tuple(rng.sample(share_pool, rng.randint(0, 4))), comment_form=rng.random() < 0.6,
            source_link=rng.random() < 0.5, tags=rng.random() < 0.5, copyright=rng.random() < 0.6,
            layout=rng.randrange(3),
        ))
    return sites


# --- one article -------------------------------------------------------------------------------


@dataclass(slots=True)
class Article:
    """The editorial content of one page, before a site template wraps it."""

    headline: str
    author: str | None
    date: tuple[int, int, int]  # year, month, day
    section: str
    paragraphs: list[str]
    tags: list[str]


def make_article(rng: random.Random, site: Site) -> Article:
    """An article of 300-600 words: 2-5 sentence paragraphs, sometimes opened by a dateline."""
    target = rng.randint(300, 600)
    paragraphs: list[str] = []
    words = 0
    while words < target:
        para = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        words += para.count(" ") + 1
        paragraphs.append(para)
    if rng.random() < 0.35:
        place = rng.choice(PLACES).upper()
        agency = f" ({rng.choice(AGENCIES).removeprefix('the ')})" if rng.random() < 0.5 else ""
        paragraphs[0] = f"{place}, {rng.choice(COUNTRIES)}{agency} \u2014 {paragraphs[0]}"
    author = _person(rng) if site.bylines and rng.random() < 0.9 else None
    date = (rng.randint(2022, 2025), rng.randint(1, 12), rng.randint(1, 28))
    tags = [rng.choice(TOPICS), rng.choice(PLACES)]
    return Article(_headline(rng), author, date, rng.choice(SECTIONS), paragraphs, tags)


def _long_date(date: tuple[int, int, int]) -> str:
    year, month, day = date
    return f"{MONTHS[month - 1]} {day}, {year}"


# --- plain text --------------------------------------------------------------------------------


def text_page(rng: random.Random, site: Site) -> str:
    """A scraped plain-text page: header furniture, headline, byline, paragraphs, footer furniture."""
    art = make_article(rng, site)
    lines: list[str] = []
    if site.date_header:
        weekday = WEEKDAYS[(art.date[2] + art.date[1]) % 7]
        lines.append(f"{weekday}, {_long_date(art.date)}")
    if site.slogan_on_top:
        lines.append(site.slogan)
    lines.append(art.headline)
    if art.author:
        lines.append(f"By {art.author}")
    if site.counters:
        lines.append(f"{rng.randint(0, 4000)} views{rng.randint(0, 40)} comments")
    elif rng.random() < 0.5:
        lines.append(f"Published: {_long_date(art.date)}")
    lines.extend(art.paragraphs)
    lines.extend(site.share)
    if site.tags:
        lines.append("Tags: " + ", ".join(art.tags))
    if site.source_link:
        lines.append("Source link")
    if site.comment_form:
        lines.extend(("Leave a Reply", "Your email address will not be published. Required fields are marked *"))
    if not site.slogan_on_top:
        lines.append(site.slogan)
    if site.copyright:
        lines.append(f"\u00a9 {art.date[0]} {site.name.removeprefix('The ')}. All rights reserved.")
    return "\n\n".join(lines) + "\n"


# --- HTML --------------------------------------------------------------------------------------

_CSS_RULES = (
    "body{{margin:0;font-family:{font},serif;color:#1{a}1{a}1{a};background:#fff}}",
    ".site-header{{display:flex;align-items:center;padding:12px 24px;border-bottom:1px solid #e{a}e{a}e{a}}}",
    ".nav ul{{list-style:none;margin:0;padding:0;display:flex;gap:{g}px}}",
    ".nav a{{color:#333;text-decoration:none;font-size:14px;text-transform:uppercase}}",
    ".container{{max-width:{w}px;margin:0 auto;display:grid;grid-template-columns:2fr 1fr;gap:32px}}",
    "article h1{{font-size:{h}px;line-height:1.2;margin:24px 0 8px}}",
    "article p{{font-size:18px;line-height:1.6;margin:0 0 16px}}",
    ".byline,.dateline-meta{{color:#666;font-size:14px}}",
    ".sidebar .widget{{margin-bottom:24px;padding:16px;background:#f{a}f{a}f{a}}}",
    ".share-buttons a{{display:inline-block;margin-right:8px;padding:4px 8px;border-radius:3px}}",
    ".related .card{{display:grid;grid-template-columns:96px 1fr;gap:12px;margin-bottom:12px}}",
    ".site-footer{{background:#2{a}2{a}2{a};color:#ccc;padding:32px 24px;font-size:13px}}",
    ".site-footer a{{color:#ddd}}.ad-slot{{min-height:250px;background:#eee;text-align:center}}",
    "@media (max-width:760px){{.container{{grid-template-columns:1fr}}.sidebar{{display:none}}}}",
)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _slug(text: str) -> str:
    return "-".join("".join(c for c in w if c.isalnum()) for w in text.lower().split())[:80]


def _link_list(items: list[tuple[str, str]], cls: str) -> str:
    return f'<ul class="{cls}">' + "".join(f'<li><a href="{h}">{_esc(t)}</a></li>' for h, t in items) + "</ul>"


def html_page(rng: random.Random, site: Site) -> str:
    """A full news page: head with meta and scripts, nav, article, sidebar, related, comments, footer."""
    art = make_article(rng, site)
    year, month, day = art.date
    iso = f"{year:04d}-{month:02d}-{day:02d}T{rng.randint(5, 22):02d}:{rng.randint(0, 59):02d}:00+00:00"
    base = f"https://www.{site.domain}"
    url = f"{base}/{art.section.lower()}/{year}/{month:02d}/{_slug(art.headline)}"
    a, css_seed = site.index % 10, site.index
    css = "\n".join(
        r.format(a=a, font=("Georgia", "Merriweather", "Lora")[site.layout], g=12 + css_seed % 12,
                 w=1080 + 20 * (css_seed % 6), h=32 + css_seed % 10)
        for r in _CSS_RULES
    )
    title = _esc(art.headline)
    author_meta = f'<meta name="author" content="{_esc(art.author)}">' if art.author else ""
    ld_author = f',"author":{{"@type":"Person","name":"{art.author}"}}' if art.author else ""
    head = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} | {_esc(site.name)}</title>"
        f'<meta name="description" content="{_esc(art.paragraphs[0][:150])}">'
        f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
        f'<meta property="og:site_name" content="{_esc(site.name)}"><meta property="og:url" content="{url}">'
        f'<meta property="article:published_time" content="{iso}">'
        f'<meta property="article:section" content="{art.section}">{author_meta}'
        f'<link rel="canonical" href="{url}"><link rel="stylesheet" href="{base}/assets/main.{site.slug}.css">'
        f"<style>\n{css}\n</style>"
        f'<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{art.headline}","datePublished":"{iso}"{ld_author},'
        f'"publisher":{{"@type":"Organization","name":"{site.name}"}}}}</script>'
        f"<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}"
        f"gtag('js',new Date());gtag('config','SITE-{site.index:04d}');</script>"
        f"</head>"
    )
    nav_items = [(f"{base}/{s.lower()}/", s) for s in SECTIONS] + [
        (f"{base}/tag/{_slug(p)}/", p) for p in rng.sample(PLACES, 8)
    ]
    header = (
        f'<header class="site-header"><a class="logo" href="{base}/"><img src="{base}/logo.svg" '
        f'alt="{_esc(site.name)}"></a><nav class="nav" aria-label="Main">{_link_list(nav_items, "menu")}</nav>'
        f'<form class="search" action="{base}/search"><input name="q" placeholder="Search"><button>Search</button>'
        f"</form></header>"
        f'<div class="breadcrumb"><a href="{base}/">Home</a> \u203a <a href="{base}/{art.section.lower()}/">'
        f"{art.section}</a></div>"
    )
    body_parts = []
    for i, para in enumerate(art.paragraphs):
        if i == 2 and rng.random() < 0.5:
            body_parts.append('<div class="ad-slot" data-slot="in-article">Advertisement</div>')
        if i == 3 and rng.random() < 0.3:
            body_parts.append(f"<blockquote><p>{_esc(_sentence(rng))}</p></blockquote>")
        words = para.split(" ")
        if len(words) > 12 and rng.random() < 0.4:
            k = rng.randint(3, len(words) - 4)
            link = f'<a href="{base}/{_slug(" ".join(words[k:k + 3]))}">{_esc(" ".join(words[k:k + 3]))}</a>'
            body_parts.append(
                f"<p>{_esc(' '.join(words[:k]))} {link} {_esc(' '.join(words[k + 3:]))}</p>"
            )
        else:
            body_parts.append(f"<p>{_esc(para)}</p>")
    byline = ""
    if art.author:
        byline = f'<p class="byline">By <a href="{base}/author/{_slug(art.author)}/">{_esc(art.author)}</a></p>'
    share = "".join(
        f'<a href="#" class="share-{_slug(s)}">{_esc(s)}</a>' for s in ("Facebook", "Twitter", "WhatsApp", "Email")
    )
    tag_links = ", ".join(f'<a href="{base}/tag/{_slug(t)}/">{_esc(t)}</a>' for t in art.tags)
    article = (
        f'<article class="post"><h1 class="entry-title">{title}</h1>{byline}'
        f'<p class="dateline-meta"><time datetime="{iso}">{_long_date(art.date)}</time></p>'
        f'<figure><img src="{base}/img/{year}/{_slug(art.tags[0])}.jpg" alt="{_esc(art.tags[0])}">'
        f"<figcaption>The {_esc(art.tags[0])} in {_esc(art.tags[1])}. Photo: {_esc(_person(rng))}</figcaption></figure>"
        f'<div class="entry-content">{"".join(body_parts)}</div>'
        f'<div class="tags">Tags: {tag_links}</div>'
        f'<div class="share-buttons"><span>Share this:</span>{share}</div></article>'
    )
    most_read = [(f"{base}/{_slug(h)}", h) for h in (_headline(rng) for _ in range(rng.randint(5, 8)))]
    sidebar = (
        f'<aside class="sidebar"><div class="widget"><h3>Most read</h3>{_link_list(most_read, "most-read")}</div>'
        f'<div class="widget newsletter"><h3>Newsletter</h3>'
        f"<p>Get the latest news from {_esc(site.name)} in your inbox.</p>"
        f'<form><input type="email" placeholder="Email"><button>Sign up</button></form></div>'
        f'<div class="widget ad-slot">Advertisement</div></aside>'
    )
    cards = "".join(
        f'<div class="card"><img src="{base}/img/thumb{rng.randint(1, 999)}.jpg" alt=""><a href="{base}/{_slug(h)}">'
        f"{_esc(h)}</a></div>"
        for h in (_headline(rng) for _ in range(rng.randint(3, 6)))
    )
    related = f'<section class="related"><h2>Related stories</h2>{cards}</section>'
    comments = ""
    if site.comment_form:
        items = "".join(
            f'<li class="comment"><p class="comment-author">{_esc(_person(rng))}</p><p>{_esc(_sentence(rng))}</p></li>'
            for _ in range(rng.randint(0, 4))
        )
        comments = (
            f'<section id="comments"><h3>Leave a Reply</h3><ol class="comment-list">{items}</ol>'
            f"<p>Your email address will not be published. Required fields are marked *</p>"
            f'<form><textarea name="comment"></textarea><input name="author" placeholder="Name *">'
            f'<input name="email" placeholder="Email *"><button>Post Comment</button></form></section>'
        )
    footer_links = [(f"{base}/{_slug(t)}/", t) for t in (
        "About us", "Contact us", "Advertise", "Careers", "Privacy policy", "Terms of use", "Cookie policy",
        "Corrections", "Newsletters", "Archive", "RSS feeds", "Sitemap",
    )]
    footer = (
        f'<footer class="site-footer"><p class="slogan">{_esc(site.slogan)}</p>'
        f'{_link_list(footer_links, "footer-links")}'
        f"<p>\u00a9 {year} {_esc(site.name.removeprefix('The '))}. All rights reserved.</p></footer>"
        f'<script src="{base}/assets/app.{site.slug}.js" defer></script>'
        f"<script>(function(){{var s=document.createElement('script');s.async=true;"
        f"s.src='https://ads.{site.domain}/slot.js?id={site.index}';document.head.appendChild(s)}})();</script>"
    )
    main_block = f'<main class="container"><div class="content">{article}{related}{comments}</div>{sidebar}</main>'
    if site.layout == 1:  # sidebar first in the source order, as some templates do
        main_block = f'<main class="container">{sidebar}<div class="content">{article}{related}{comments}</div></main>'
    return f"{head}<body class=\"layout-{site.layout}\">{header}{main_block}{footer}</body></html>\n"


# --- corpora -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Corpus:
    """What a generator wrote: where, how many pages, how many bytes, and each site's slogan."""

    root: Path
    pages: int
    bytes: int
    slogans: tuple[str, ...]


def write_corpus(
    root: Path, pages: int, *, kind: str = "text", sites: int = 50, seed: int = 20251123
) -> Corpus:
    """Write `pages` pages of `kind` ("text" or "html") under root/<site>/, one file a page.

    Page i goes to site i % sites and depends only on (seed, i): smaller corpora are prefixes.
    """
    render: Callable[[random.Random, Site], str] = text_page if kind == "text" else html_page
    suffix = ".txt" if kind == "text" else ".html"
    all_sites = make_sites(sites, seed)
    for site in all_sites:
        (root / site.slug).mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(pages):
        site = all_sites[i % sites]
        data = render(random.Random(f"{seed}:{kind}:{i}"), site).encode("utf-8")
        (root / site.slug / f"{i:06d}{suffix}").write_bytes(data)
        total += len(data)
    return Corpus(root, pages, total, tuple(s.slogan for s in all_sites))
