"""Small inputs written on the fly by tests: HTML pages, WARC archives, feeds."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ARTICLE = (
    "<p>The river ferry between Oldbank and Kessel resumed service on Thursday after a three-week "
    "halt caused by low water, the operator said in a statement.</p>"
    "<p>Captain Jonas Reil said the first crossing carried forty passengers and two delivery vans, "
    "and that the timetable would return to normal by the weekend.</p>"
    "<p>Farmers on the eastern bank had complained that the closure doubled the time it took to "
    "bring produce to the Kessel market, where prices rose sharply in the meantime.</p>"
)


def html_page(title: str = "Ferry service resumes on the river", body: str = ARTICLE, date: str = "2025-06-12") -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title} | Kessel Gazette</title>"
        f"<meta property='og:site_name' content='Kessel Gazette'>"
        f"<meta property='article:published_time' content='{date}T08:00:00Z'>"
        "<meta name='author' content='Lena Hartwig'></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/region'>Region</a></li></ul></nav>"
        f"<main><article><h1>{title}</h1><p class='byline'>By Lena Hartwig</p>{body}</article></main>"
        "<aside><h3>Most read</h3><ul><li><a href='/x'>Council approves new market hall</a></li></ul></aside>"
        "<footer><p>Copyright 2025 Kessel Gazette. All rights reserved.</p></footer></body></html>"
    )


def write_warc(path: Path, pages: list[tuple[str, str]], *, with_image: bool = True) -> None:
    """A gzipped WARC with an HTML response per (url, html), and an image response to skip."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
            )
        if with_image:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            png = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
            writer.write_record(
                writer.create_warc_record(
                    "https://gazette.example/logo.png", "response", payload=png, http_headers=headers
                )
            )


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Kessel Gazette</title><link>https://gazette.example/</link>
<item><title>Ferry service resumes on the river</title><link>https://gazette.example/ferry</link>
<pubDate>Thu, 12 Jun 2025 08:00:00 GMT</pubDate><author>lena@gazette.example (Lena Hartwig)</author>
<description>Short teaser only.</description>
<content:encoded><![CDATA[{article}]]></content:encoded></item>
<item><title>Market hall plans approved</title><link>https://gazette.example/market</link>
<pubDate>Fri, 13 Jun 2025 09:30:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The council approved plans for a covered market hall on the old tram depot site on Friday, ending a debate that ran for six years.</p><p>Construction is due to start in the autumn.</p>]]></content:encoded></item>
</channel></rss>
""".replace("{article}", ARTICLE)

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>River News</title><id>urn:river</id><updated>2025-06-12T10:00:00Z</updated>
<entry><title>Ferry back on the water</title><id>urn:river:1</id><link href="https://river.example/ferry"/>
<updated>2025-06-12T10:00:00Z</updated><author><name>Tomas Brink</name></author>
<content type="html">&lt;p&gt;The Oldbank ferry is running again after low water stopped it for three weeks, its operator confirmed on Thursday.&lt;/p&gt;&lt;p&gt;Forty passengers made the first crossing.&lt;/p&gt;</content></entry>
</feed>
"""
