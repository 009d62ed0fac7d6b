"""Decide what encoding a page's bytes are in, and whether they are text at all.

Valid UTF-8 is taken as UTF-8 (a non-ASCII byte sequence that happens to be valid UTF-8 is
vanishingly unlikely in any other encoding). Otherwise the bytes are either mostly UTF-8 with a few
broken sequences (a "mixed" page: decoded as UTF-8 with the broken bytes replaced, and a warning)
or in a legacy encoding, which charset-normalizer detects. Bytes with NULs, many control
characters or the magic number of a known binary format are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.errors import BinaryInputError, EmptyInputError, EncodingInputError

_BINARY_MAGIC: dict[bytes, str] = {
    b"\x1f\x8b": "gzip archive",
    b"PK\x03\x04": "zip archive",
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\x7fELF": "executable",
    b"SQLite format 3": "SQLite database",
}
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# A well-formed UTF-8 multi-byte sequence: evidence that a page that fails to decode is UTF-8
# with some damage rather than a legacy encoding.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    warning: str | None = None


def sniff_binary(raw: bytes, source: str, control_ratio: float = 0.05) -> None:
    """Raise BinaryInputError when the bytes are evidently not text."""
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            raise BinaryInputError(source, f"binary file ({what}), not text")
    head = raw[:65536]
    if b"\x00" in head and not _looks_utf16(head):
        raise BinaryInputError(source, "binary file (contains NUL bytes), not text")
    if head and len(_CONTROL.findall(head)) / len(head) > control_ratio:
        raise BinaryInputError(source, "binary file (too many control characters), not text")


def _looks_utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode(raw: bytes, source: str, control_ratio: float = 0.05) -> DecodedText:
    """Decode a page's bytes, detecting the encoding; raise an InputError when it is not text."""
    if not raw.strip():
        raise EmptyInputError(source, "empty file")
    sniff_binary(raw, source, control_ratio)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if _looks_utf16(raw):
        try:
            return DecodedText(raw.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingInputError(source, f"invalid UTF-16 ({exc.reason})") from exc
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_damaged_or_legacy(raw, source)


# Characters a Western-European page in windows-1252 plausibly holds beyond ASCII: accented
# Latin letters, typographic quotes and dashes, and a few common symbols.
_WESTERN = frozenset(
    [chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7)] + list("\u00a0©®°«»·½¼¾£¥§¿¡€‘’‚“”„–—…•™œŒšŠžŽŸ†‡")
)


def _as_windows_1252(raw: bytes) -> str | None:
    """The text when the bytes read as plausible windows-1252, the web's default legacy encoding.

    Statistical detectors guess poorly on short pages (a few accented words); a page whose every
    non-ASCII character is ordinary Western punctuation or an accented letter in windows-1252 is
    taken as such, as browsers do.
    """
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    extra = {c for c in text if ord(c) > 127}
    return text if extra and extra <= _WESTERN else None


def _decode_damaged_or_legacy(raw: bytes, source: str) -> DecodedText:
    good = len(_UTF8_MULTIBYTE.findall(raw))
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
    if good and good >= bad:
        return DecodedText(text, "utf-8", f"mixed encoding: {bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD")
    western = _as_windows_1252(raw)
    if western is not None:
        return DecodedText(western, "cp1252")
    from charset_normalizer import from_bytes  # the last resort, imported when first needed

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise EncodingInputError(source, "could not detect the text encoding")
    decoded = str(best)
    replaced = decoded.count("\ufffd")
    warning = f"decoded as {best.encoding} with {replaced} byte(s) replaced" if replaced else None
    return DecodedText(decoded, best.encoding, warning)
