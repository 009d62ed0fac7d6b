"""Readers: split each input into records, one per news page, keeping each record's own bytes.

A `.txt` or `.html` file is one record; a JSON Lines file, a JSON array, a WARC archive and an
RSS/Atom feed hold many. A record's `raw` bytes are what its document id hashes, so the same page
met again, under any name or inside any container, is recognised. Problems with one record
(a malformed JSON line, a truncated archive) are yielded as errors and the rest is read.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from storyline.config import IngestConfig
from storyline.errors import (
    EmptyInputError,
    InputError,
    MalformedRecordError,
    TooLargeInputError,
    UnreadableInputError,
)
from storyline.ingest.sources import InputFile

#: Canonical field -> names it goes by in JSON exports, tried in order.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext", "full_text", "articleBody"),
    "html": ("html", "raw_html", "content_html"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "uri", "canonical_url"),
    "date": ("date", "published", "published_at", "pubdate", "date_publish", "datePublished", "timestamp"),
    "source": ("source", "outlet", "site", "site_name", "publisher", "domain"),
    "author": ("author", "authors", "byline", "creator"),
}


@dataclass(slots=True)
class RawRecord:
    """One page as read: its label, format, own bytes, and fields a container gave it."""

    label: str
    format: str  # "text" | "html" | "json" | "feed"
    raw: bytes
    fields: dict[str, str | None] = field(default_factory=dict)


def detect_format(name: str, head: bytes) -> str:
    """The reader for an input, by its name and, when the name says nothing, its first bytes."""
    lower = name.lower()
    if lower.endswith((".warc", ".warc.gz")):
        return "warc"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".rss", ".atom")):
        return "feed"
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith((".txt", ".text", ".md")):
        return "text"
    return _sniff_format(head)


def _sniff_format(head: bytes) -> str:
    start = head.lstrip()[:512].lower()
    if start.startswith(b"warc/") or (head.startswith(b"\x1f\x8b") and b"warc" in _gunzip_head(head)):
        return "warc"
    if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
        return "feed"
    if start.startswith((b"<!doctype html", b"<html")) or b"<body" in start:
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"["):
        return "json"
    return "text"


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 256).lower()
    except zlib.error:
        return b""


def read_input(item: InputFile, config: IngestConfig) -> Iterator[RawRecord | InputError]:
    """Every record of one input, or an error for the input or for single records in it."""
    try:
        stream = _open(item)
    except OSError as exc:
        yield UnreadableInputError(item.label, exc.strerror or str(exc))
        return
    with stream:
        head = stream.peek(4096)[:4096] if isinstance(stream, io.BufferedReader) else b""
        fmt = detect_format(item.label, head)
        if fmt in ("text", "html"):
            yield from _read_page(item, stream, fmt, config)
        elif fmt == "jsonl":
            yield from _read_jsonl(item, stream, config)
        elif fmt == "json":
            yield from _read_json_array(item, stream, config)
        elif fmt == "warc":
            yield from _read_warc(item, stream, config)
        else:
            yield from _read_feed(item, stream, config)


def _open(item: InputFile) -> io.BufferedReader:
    if item.path is None:
        return io.BufferedReader(io.BytesIO(sys.stdin.buffer.read()))
    return open(item.path, "rb")


def _read_page(item: InputFile, stream: IO[bytes], fmt: str, config: IngestConfig) -> Iterator[RawRecord | InputError]:
    raw = stream.read(config.max_page_bytes + 1)
    if len(raw) > config.max_page_bytes:
        yield TooLargeInputError(
            item.label, f"larger than the {config.max_page_bytes // 1_000_000} MB limit for one page (max_page_bytes)"
        )
        return
    if not raw.strip():
        yield EmptyInputError(item.label, "empty file")
        return
    yield RawRecord(item.label, fmt, raw)


def field_value(record: Mapping[str, Any], name: str, field_map: Mapping[str, str]) -> str | None:
    """A canonical field of a JSON record, by the user's mapping or the usual names."""
    names = (field_map[name],) if name in field_map else FIELD_ALIASES[name]
    for key in names:
        value = record.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = value.get("name") or value.get("title") or json.dumps(value)
        return str(value)
    return None


def record_fields(record: Mapping[str, Any], field_map: Mapping[str, str]) -> dict[str, str | None]:
    return {name: field_value(record, name, field_map) for name in FIELD_ALIASES}


def _json_record(
    label: str, raw: bytes, value: Any, config: IngestConfig, field_map: Mapping[str, str]
) -> RawRecord | InputError:
    if not isinstance(value, dict):
        return MalformedRecordError(label, f"expected a JSON object, found {type(value).__name__}")
    fields = record_fields(value, field_map)
    if not fields.get("text") and not fields.get("html"):
        return EmptyInputError(
            label,
            "record has no text (looked for fields: "
            + ", ".join((field_map["text"],) if "text" in field_map else FIELD_ALIASES["text"])
            + "; map yours with --field text=NAME)",
        )
    return RawRecord(label, "json", raw, fields)


def _read_jsonl(item: InputFile, stream: IO[bytes], config: IngestConfig) -> Iterator[RawRecord | InputError]:
    index = 0
    for number, line in enumerate(_bounded_lines(stream, config.max_record_bytes), start=1):
        label = f"{item.label}#{index}"
        if line is None:
            yield TooLargeInputError(
                f"{item.label}:{number}", f"line longer than the {config.max_record_bytes // 1_000_000} MB record limit"
            )
            index += 1
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield MalformedRecordError(f"{item.label}:{number}", f"malformed JSON line ({_json_reason(exc)})")
            index += 1
            continue
        yield _json_record(label, line.strip(), value, config, config_field_map(config))
        index += 1


def _json_reason(exc: Exception) -> str:
    return exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"


def config_field_map(config: IngestConfig) -> dict[str, str]:
    return dict(config.field_map)


def _bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines of a stream; a line over the limit is yielded as None and skipped without holding it."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drain the rest of the overlong line in bounded chunks
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _read_json_array(item: InputFile, stream: IO[bytes], config: IngestConfig) -> Iterator[RawRecord | InputError]:
    data = stream.read(config.max_page_bytes * 10 + 1)
    if not data.strip():
        yield EmptyInputError(item.label, "empty file")
        return
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield MalformedRecordError(item.label, f"malformed JSON ({_json_reason(exc)})")
        return
    records = value if isinstance(value, list) else [value]
    for index, record in enumerate(records):
        raw = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        yield _json_record(f"{item.label}#{index}", raw, record, config, config_field_map(config))


def _read_warc(item: InputFile, stream: IO[bytes], config: IngestConfig) -> Iterator[RawRecord | InputError]:
    # The archive and feed libraries are imported when an input needs them, not at start-up.
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    index = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            status = record.http_headers.get_statuscode()
            if "html" not in ctype or status != "200":
                continue
            payload = record.content_stream().read(config.max_record_bytes + 1)
            label = f"{item.label}#{index}"
            if len(payload) <= config.max_record_bytes and getattr(record.raw_stream, "limit", 0) > 0:
                # The record promised more bytes than the archive holds: it was cut off.
                raise EOFError("record shorter than its Content-Length")
            index += 1
            if len(payload) > config.max_record_bytes:
                yield TooLargeInputError(label, "WARC response larger than the record limit")
                continue
            if not payload.strip():
                yield EmptyInputError(label, "WARC response with an empty body")
                continue
            fields: dict[str, str | None] = {
                "url": record.rec_headers.get_header("WARC-Target-URI"),
                "crawl_date": record.rec_headers.get_header("WARC-Date"),
            }
            yield RawRecord(label, "html", payload, fields)
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
        what = "truncated or corrupt WARC archive"
        yield MalformedRecordError(
            item.label, f"{what} after {index} page(s) ({type(exc).__name__}); the pages before it were read"
        )


def _read_feed(item: InputFile, stream: IO[bytes], config: IngestConfig) -> Iterator[RawRecord | InputError]:
    data = stream.read(config.max_page_bytes * 10 + 1)
    if not data.strip():
        yield EmptyInputError(item.label, "empty file")
        return
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"not a readable RSS/Atom feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        yield MalformedRecordError(item.label, reason)
        return
    outlet = feed.feed.get("title")
    for index, entry in enumerate(feed.entries):
        content = entry.get("content") or []
        html_body = content[0].get("value") if content else entry.get("summary")
        record = {
            "title": entry.get("title"),
            "html": html_body,
            "url": entry.get("link"),
            "date": entry.get("published") or entry.get("updated"),
            "author": entry.get("author"),
            "source": outlet,
            "full_content": bool(content),
        }
        if not html_body:
            yield EmptyInputError(f"{item.label}#{index}", "feed entry has no content or summary")
            continue
        raw = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        fields = {k: (str(v) if v is not None else None) for k, v in record.items()}
        yield RawRecord(f"{item.label}#{index}", "feed", raw, fields)
