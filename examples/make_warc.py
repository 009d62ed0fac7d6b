"""Build examples/corpus/crawl/crawl-20250920.warc.gz from the HTML pages in examples/warc_src/.

The WARC holds only `response` records, in this order (the `#N` index used in examples/truth.json):

    #0  text/html   TechLedger: Larkspur Telecom data breach (S6)
    #1  text/html   Brackenford Community Radio: Quarry Lane fire follow-up (S4)
    #2  text/html   Ardmoor Herald: Selby Cove ichthyosaur (S7)
    #3  text/plain  techledger.example/robots.txt          -- not an article, must be skipped
    #4  image/png   a thumbnail from ardmoorherald.example -- not an article, must be skipped

Run:  .venv/bin/python examples/make_warc.py
The output is deterministic (fixed WARC-Date, record ids derived from the URI), so re-running it
does not change the file unless the sources change.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import struct
import uuid
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "warc_src"
OUTPUT = HERE / "corpus" / "crawl" / "crawl-20250920.warc.gz"

# (target URI, Content-Type, payload source, WARC-Date of the capture)
HTML_PAGES = [
    ("https://techledger.example/security/larkspur-telecom-hackers-stole-data-1-3-million-customers/",
     "techledger-larkspur-breach.html", "2025-09-20T07:12:04Z"),
    ("https://bcr.example/news/2025/06/04/quarry-lane-fire-investigators-on-site",
     "bcr-quarry-lane-fire-investigators.html", "2025-09-20T07:12:09Z"),
    ("https://ardmoorherald.example/news/selby-cove-ichthyosaur-best-find-in-a-generation",
     "ardmoorherald-selby-cove-ichthyosaur.html", "2025-09-20T07:12:15Z"),
]

ROBOTS_TXT = b"User-agent: *\nDisallow: /wp-admin/\nDisallow: /search\n\nSitemap: https://techledger.example/sitemap.xml\n"


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A valid, grey, 4x3 PNG written without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))  # filter byte + grey pixels
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def record_id(uri: str) -> str:
    return f"<urn:uuid:{uuid.UUID(hashlib.md5(uri.encode()).hexdigest())}>"


def add_response(writer: WARCWriter, uri: str, content_type: str, payload: bytes, warc_date: str) -> None:
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type),
         ("Content-Length", str(len(payload))),
         ("Server", "nginx")],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        uri, "response",
        payload=io.BytesIO(payload),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": warc_date, "WARC-Record-ID": record_id(uri)},
    )
    writer.write_record(record)


def main() -> None:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, source, warc_date in HTML_PAGES:
        add_response(writer, uri, "text/html; charset=utf-8", (SOURCES / source).read_bytes(), warc_date)
    add_response(writer, "https://techledger.example/robots.txt", "text/plain", ROBOTS_TXT,
                 "2025-09-20T07:12:03Z")
    add_response(writer, "https://ardmoorherald.example/media/selby-ichthyosaur-thumb.png", "image/png",
                 tiny_png(), "2025-09-20T07:12:16Z")
    data = buffer.getvalue()
    # warcio writes one gzip member per record; check it decompresses before replacing the file.
    gzip.decompress(data)
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT.relative_to(HERE.parent)} ({len(data)} bytes, {len(HTML_PAGES) + 2} responses)")


if __name__ == "__main__":
    main()
