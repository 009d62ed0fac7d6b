"""Known boilerplate: the lines scraped pages carry around an article, each with a named reason.

Every pattern matches a *whole* line (after trimming), never a fragment of a paragraph, so an
article sentence that mentions "comments" or "source" is never cut. Lines that no pattern knows
but that repeat across pages of one outlet are caught by `repetition.py` instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BoilerplateRule:
    """Whole-line patterns, and phrases that mark a line wherever they stand in it.

    `contains` phrases are searched, not matched from a leading wildcard: a pattern that starts
    with ".*" is retried at every position of every article paragraph.
    """

    reason: str
    pattern: re.Pattern[str]
    contains: re.Pattern[str] | None = None
    contains_max_chars: int = 600


def _rule(
    reason: str, *alternatives: str, contains: tuple[str, ...] = (), contains_max_chars: int = 600
) -> BoilerplateRule:
    body = "|".join(f"(?:{a})" for a in alternatives)
    phrases = re.compile("|".join(f"(?:{c})" for c in contains), re.IGNORECASE) if contains else None
    return BoilerplateRule(reason, re.compile(rf"^(?:{body})$", re.IGNORECASE), phrases, contains_max_chars)


_SOCIAL = r"facebook|twitter|x|whatsapp|telegram|linkedin|reddit|email|e-mail|pinterest|print|copy link|messenger|vk"

RULES: tuple[BoilerplateRule, ...] = (
    _rule(
        "comment form",
        r"leave a (?:reply|comment)",
        r"post a comment|add (?:a|your) comment|write a comment|join the (?:conversation|discussion)",
        r"cancel reply|reply",
        r"(?:your )?email address will not be published\.?.*",
        r"required fields are marked.*",
        r"you must be logged in to post a comment.*",
        r"\d+\s*comments?|comments?\s*\(\d+\)|comments?|no comments(?: yet)?",
        r"(?:name|email|website)\s*\*?",
        r"save my name, email,? and website in this browser.*",
    ),
    _rule(
        "source link",
        r"source link|source",
        r"read (?:the )?(?:original|full) (?:article|story|post)(?: here| at .{0,80}| on .{0,80})?",
        r"(?:continue|keep) reading.{0,80}|read more(?: at .{0,80}| here)?\.?",
        r"(?:originally )?published (?:at|on|by) https?://\S+",
        r"(?:via|source):?\s*https?://\S+",
        r"the post .{1,300} appeared first on .{1,80}",
        r"this (?:article|story|post|report) (?:was )?(?:first |originally )?(?:appeared|published)"
        r"(?: first)? (?:on|in|by) .{1,80}",
    ),
    _rule(
        "aggregator disclaimer",
        r"denial of responsibility!?.*",
        r"disclaimer:.*",
        r"this (?:article|story|post) (?:was|has been) (?:automatically )?(?:generated|aggregated|"
        r"published) from (?:an? )?(?:syndicated|rss|wire) (?:feed|source).*",
        contains=(
            r"\bis an? (?:automatic|automated) (?:news )?aggregator\b",
            r"\ball trademarks belong to their rightful owners\b",
            r"\bthe content will be (?:deleted|removed) within \d+ hours\b",
        ),
    ),
    _rule(
        "page navigation",
        r"(?:top|bottom) of (?:the )?page",
        r"(?:back|return|go) to top",
        r"skip to (?:main )?content|skip to navigation",
        r"home|menu|search|log ?in|sign ?in|sign ?up|subscribe|close|next|previous|more",
        r"(?:previous|next) (?:article|post|story)(?::.*)?",
        r"home\s*[›>»/|].*",
        r"recent posts|see all|view all|load more|loading\.{0,3}|show more",
    ),
    _rule(
        "view or comment counter",
        r"\d[\d,.]*\s*[km]?\s*views?\s*\d*\s*comments?",
        r"\d[\d,.]*\s*[km]?\s*(?:views?|shares?|likes?|reads?|comments?)",
        r"\d+\s*min(?:ute)?s? read",
    ),
    _rule(
        "share or follow line",
        r"share(?: this)?(?: article| story| post)?(?: on .{0,40})?:?",
        r"follow us(?: on .{0,60})?!?",
        r"(?:like|follow|join) us on .{0,60}",
        r"like this:?|like loading\.{0,3}|liked by .{1,60}",
        r"click to (?:share|print|email).{0,80}",
        rf"(?:share on |share via )?(?:{_SOCIAL})(?:[\s,|/•·]+(?:{_SOCIAL}))*",
        r"(?:subscribe|sign up) (?:to|for) (?:our|the) .{0,60}newsletter.{0,80}",
        r"get (?:the latest|breaking) news.{0,80}(?:inbox|newsletter|app).{0,40}",
        r"download (?:our|the) app.{0,80}",
    ),
    _rule(
        "related link",
        r"(?:see also|read also|also read|related(?: articles| stories| posts| news)?|"
        r"you (?:may|might) also like|recommended(?: for you)?|more stories|more from .{1,40}|"
        r"trending(?: now)?|most read|popular posts)\s*[:：-].*",
        r"(?:related(?: articles| stories| posts| news)?|you (?:may|might) also like|"
        r"recommended(?: for you)?|more stories|trending(?: now)?|most read|popular posts)",
    ),
    _rule(
        "image credit",
        r"(?:main |featured |top |header |cover )?(?:image|photo|picture|pic|illustration|"
        r"photograph)s?(?: source| credits?)?\s*[:：].{0,200}",
        r"(?:image|photo|picture|illustration)s? (?:by|via|courtesy(?: of)?) .{1,120}",
        r"\(?(?:photo|image|picture|credit)s?\s*[:：/].{1,120}\)?",
        r"credits?\s*[:：].{1,120}",
        contains=(r"\s/\s*(?:getty images|afp|reuters|ap photo|epa|shutterstock|ap)(?: via .{1,40})?$",),
        contains_max_chars=130,
    ),
    _rule(
        "copyright or legal line",
        r"(?:©|\(c\)|copyright\b).{0,200}",
        r"(?:privacy policy|terms of (?:use|service)|cookie policy|contact us|about us)"
        r"(?:\s*[|•·]\s*.{0,40})*",
        r"we use cookies.{0,300}",
        contains=(r"\ball rights reserved\b",),
        contains_max_chars=220,
    ),
    _rule(
        "advertising",
        r"advertisement|sponsored(?: content)?|story continues below(?: advertisement)?|"
        r"ad|ads by .{1,40}|paid (?:content|post)",
    ),
    _rule(
        "tags or categories",
        r"(?:tags?|filed under|categories|category|topics?)\s*[:：].{0,200}",
    ),
    _rule("punctuation only", r"[\W_]{1,20}"),
)


#: Every rule's whole-line pattern as one alternation, tried in the rules' order: one call finds
#: the first rule whose pattern matches, instead of a call per rule for every line of every page.
_ANY_PATTERN = re.compile(
    "^(?:" + "|".join(f"(?P<r{i}>{rule.pattern.pattern[1:-1]})" for i, rule in enumerate(RULES)) + ")$",
    re.IGNORECASE,
)
_PHRASE_RULES = tuple((i, rule) for i, rule in enumerate(RULES) if rule.contains is not None)


def boilerplate_reason(line: str) -> str | None:
    """The reason a whole line is known boilerplate, or None when no rule knows it.

    The rules are tried in order, each by its whole-line pattern and then its phrases: the first
    rule whose pattern matches wins unless an earlier rule's phrase is found.
    """
    stripped = line.strip(" \t\u00a0\u2022\u00b7*-–—|")
    if not stripped:
        return "punctuation only"
    if len(stripped) > 600:
        # Rules that match "anything after a keyword" must not swallow a long paragraph.
        return None
    m = _ANY_PATTERN.match(stripped)
    first = int(m.lastgroup[1:]) if m is not None and m.lastgroup else len(RULES)
    for i, rule in _PHRASE_RULES:
        if i >= first:
            break
        if rule.contains is not None and len(stripped) <= rule.contains_max_chars and rule.contains.search(stripped):
            return rule.reason
    return RULES[first].reason if first < len(RULES) else None
