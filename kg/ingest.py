"""Read articles into ``Document``s: files, directories, globs, JSONL and stdin.

Bytes are decoded (UTF-8 fast path; BOMs; charset-normalizer for GB18030, Big5 and
UTF-16 otherwise; ``encoding=`` forces one), the article body is found (plain text,
Markdown with YAML front matter, or HTML main text via lxml), cleaned by
``kg.clean``, converted to Simplified by ``kg.normalize``, and every character of the
result keeps its span in the decoded original.

>>> doc = document_from_text("文|某报 张三\\n騰訊與阿里巴巴合作。\\n评论", source="a.txt")
>>> doc.text, doc.meta.author, doc.meta.outlet, doc.script
('腾讯与阿里巴巴合作。', '张三', '某报', 'traditional')
>>> doc.original[doc.starts[0]:doc.ends[1]]
'騰訊'
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import glob
import hashlib
import html
import io
import json
import os
import re
import stat
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence

from lxml import etree

from kg.clean import clean
from kg.errors import InputError
from kg.model import Document, Meta
from kg.normalize import MappedText, converter, t2s, to_simplified
from kg.vocab import DEFAULT_BASE_IRI

#: Suffixes read when a directory is given; a file named explicitly is read whatever its name.
SUFFIXES = (".txt", ".html", ".htm", ".md", ".jsonl")
STDIN = "-"
#: Largest article read (a file, or a JSONL line): a news article is well under 1 MB, and a
#: larger text would hold one worker for many minutes.
MAX_DOCUMENT_BYTES = 20_000_000
#: The encodings detection chooses among when the bytes are not UTF-8.
CANDIDATE_ENCODINGS = ("gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be")

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"), (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"), (b"RIFF", "a media file"), (b"SQLite format 3\x00", "a database"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"), (b"OggS", "a media file"), (b"ID3", "an MP3 file"),
)
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")

_FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_HTML_HINT = re.compile(
    r"<!doctype html|<html\b|<body\b|<(?:p|div|br|h[1-6]|article|section|blockquote|li|table|span)\b[^>]*>",
    re.I,
)
_MASK = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<(script|style|svg|noscript|template|textarea|head|math)\b.*?(?:</\1\s*>|\Z)"
    r"|<[!?/]?[a-zA-Z][^>]*(?:>|\Z)",
    re.S | re.I,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_HTML_BREAK = re.compile(r"[ \t\f]*[\r\n][ \t\r\n\f]*")
_SKIP = frozenset({
    "script", "style", "svg", "noscript", "template", "iframe", "object", "embed", "button",
    "select", "textarea", "head", "nav", "form", "canvas", "math", "audio", "video", "input",
})
_BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
    "table", "tr", "td", "th", "section", "article", "header", "footer", "aside", "main",
    "figure", "figcaption", "dd", "dt", "dl", "hr", "address", "body", "html", "caption",
    "details", "summary",
})
_BREAK = None

_META_FIELDS = {
    "title": ("og:title", "twitter:title", "title", "dc.title", "headline"),
    "date": ("article:published_time", "og:published_time", "published_time", "pubdate",
             "publishdate", "publish_date", "datepublished", "dc.date", "dcterms.created", "date"),
    "author": ("author", "article:author", "dc.creator", "byl"),
    "outlet": ("og:site_name", "publisher", "application-name", "source"),
    "url": ("og:url", "twitter:url"),
}
_FIELD_KEYS = {
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate", "publish_date", "published_at", "created"),
    "author": ("author", "authors", "byline"),
    "outlet": ("source", "outlet", "publisher", "site", "site_name", "media"),
    "url": ("url", "link", "permalink", "canonical", "source_url"),
    "id": ("id", "guid", "uuid", "doc_id", "docid", "article_id"),
}

_MD_RULES = (
    (re.compile(r"^[ \t]*```.*?^[ \t]*```[^\n]*$", re.M | re.S), (0,)),
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), (0,)),
    (re.compile(r"(\[)[^\]\n]+(\]\([^)\n]*\))"), (1, 2)),
    (re.compile(r"^[ \t]{0,3}(#{1,6}[ \t]+)", re.M), (1,)),
    (re.compile(r"^[ \t]{0,3}(>[ \t]?)+", re.M), (0,)),
    (re.compile(r"^[ \t]*((?:[-*+]|\d{1,3}[.)])[ \t]+)", re.M), (1,)),
    (re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M), (0,)),
    (re.compile(r"\*\*|__|~~|`"), (0,)),
    (re.compile(r"<[A-Za-z/][^>\n]*>"), (0,)),
)


def resolve_inputs(paths: Sequence[str]) -> list[str]:
    """Expand files, directories (recursively), globs and ``-`` into a list of inputs.

    Raises:
        InputError: a path does not exist, a directory holds no article files, or a
            glob matches nothing. Nothing has been read or written at that point.
    """
    found: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        if path not in seen:
            seen.add(path)
            found.append(path)

    for path in paths:
        if path == STDIN:
            add(path)
        elif glob.has_magic(path) and not os.path.exists(path):
            matches = _glob(path)
            files = [f for m in matches for f in (_walk(m) if os.path.isdir(m) else [m])]
            if not files:
                raise InputError("no files match this pattern", where=path,
                                 fix="check the pattern, and quote it so the shell leaves it alone")
            for file in files:
                add(file)
        elif os.path.isdir(path):
            files = _walk(path)
            if not files:
                names = ", ".join(SUFFIXES[:-1]) + " or " + SUFFIXES[-1]
                raise InputError(f"no {names} files in this directory", where=path,
                                 fix="put articles in it or name the files")
            for file in files:
                add(file)
        elif os.path.exists(path):
            add(path)
        elif os.path.islink(path):
            raise InputError(f"is a symbolic link to nothing ({os.readlink(path)})", where=path,
                             fix="fix or remove the link")
        else:
            raise InputError("no such file or directory", where=path, fix="check the path")
    return found


def _glob(pattern: str) -> list[str]:
    """The paths matching ``pattern`` (``**`` spans directories), sorted.

    ``**`` does not follow symbolic links to directories (``glob.glob`` does, and a link
    loop such as ``dir/self -> .`` makes it run for ever); hidden names are left out.
    """
    parts = Path(pattern).parts
    first = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    base = Path(*parts[:first]) if first else Path(".")
    rest = Path(*parts[first:]).as_posix()
    if not base.is_dir() or not rest:
        return []
    found = (p for p in base.glob(rest) if not any(n.startswith(".") for n in p.relative_to(base).parts))
    return sorted(str(p) for p in found)


def _walk(directory: str) -> list[str]:
    files = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                files.append(os.path.join(root, name))
    return files


def decode(data: bytes, where: str, encoding: str | None = None) -> str:
    """Decode a file's bytes, refusing binary data instead of producing mojibake.

    >>> decode("騰訊".encode("big5"), "a.txt")
    '騰訊'
    >>> decode(b"\\x89PNG\\r\\n\\x1a\\n\\x00", "logo.png")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: logo.png: is a PNG image, not text (give .txt, .html, .md or .jsonl articles)
    """
    body = next((data[len(bom):] for bom, _ in _BOMS if data.startswith(bom)), data)
    if not body.strip(b" \t\r\n\x00"):
        raise InputError("empty file", where=where, fix="give a file that holds an article")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", where=where,
                             fix="use a codec name such as utf-8, gb18030, big5 or utf-16") from None
        try:
            return _checked(data.decode(encoding), where)
        except UnicodeDecodeError as err:
            raise InputError(f"cannot be decoded as {encoding} (bad byte at {err.start})", where=where,
                             fix="check --encoding, or leave it out to detect the encoding") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"is {what}, not text", where=where,
                             fix="give .txt, .html, .md or .jsonl articles")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), where)
            except UnicodeDecodeError:
                raise InputError(f"starts with a {codec} byte-order mark but is not valid {codec}",
                                 where=where, fix="re-save the file, or pass --encoding") from None
    try:
        return _checked(data.decode("utf-8"), where)
    except UnicodeDecodeError as err:
        if err.end == len(data) and err.reason == "unexpected end of data":
            _refuse_truncated(data, where, "utf-8")
    return _checked(_detect(data, where), where)


def _refuse_truncated(data: bytes, where: str, codec: str | None = None) -> None:
    """Raise when ``data`` is text (in ``codec``, else as detected) cut inside its last character."""
    from charset_normalizer import from_bytes

    for cut in (1, 2, 3):
        head = data[:-cut]
        found = codec or getattr(from_bytes(head, cp_isolation=list(CANDIDATE_ENCODINGS)).best(), "encoding", None)
        if not found or not head.strip():
            continue
        try:
            head.decode(found)
        except (UnicodeDecodeError, LookupError):
            continue
        name = {"utf-8": "UTF-8", "gb18030": "GB18030", "big5": "Big5"}.get(codecs.lookup(found).name, found)
        raise InputError(f"ends inside a {name} character (truncated file?)", where=where,
                         fix="save the complete file again")


def _detect(data: bytes, where: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if best is None:
        _refuse_truncated(data, where)
        raise InputError("is not text in UTF-8, UTF-16, GB18030 or Big5 (undecodable bytes)",
                         where=where, fix="convert it to UTF-8, or pass --encoding")
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError:
        _refuse_truncated(data, where)
        raise InputError(f"looks like {best.encoding} but does not decode as it", where=where,
                         fix="convert it to UTF-8, or pass --encoding") from None


def _checked(text: str, where: str) -> str:
    if not text.strip():
        raise InputError("empty file", where=where, fix="give a file that holds an article")
    bad = len(_CONTROL.findall(text))
    if bad > max(2, len(text) // 500):
        raise InputError(f"looks like binary data ({bad} control or unassigned characters)",
                         where=where, fix="give a text file, or pass the right --encoding")
    return text


_MONTHS = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), 1) for name in names}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
         r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.I)
#: Publication times as seconds (or milliseconds) since 1970 are read in China Standard Time,
#: where the articles are published: 1719100800 is 2024-06-23 08:00 there.
_CST = dt.timezone(dt.timedelta(hours=8))


def _epoch(value: float) -> str | None:
    seconds = value / 1000 if value >= 1e11 else value  # 13 digits: milliseconds
    if not 1e8 <= seconds < 4.2e9:  # 1973 to 2103: a number outside is not a timestamp
        return None
    return dt.datetime.fromtimestamp(seconds, _CST).date().isoformat()


def parse_date(value: object) -> str | None:
    """An ISO date (``2022-06-16``) from a YAML date, ISO, RFC 2822, 年月日 or English string, or
    from seconds or milliseconds since 1970 (read in China Standard Time, UTC+8).

    >>> parse_date("Thu, 16 Jun 2022 00:00:00 GMT"), parse_date("2022年6月16日 10:05")
    ('2022-06-16', '2022-06-16')
    >>> parse_date("2022-06-16T08:00:00+08:00"), parse_date("someday")
    ('2022-06-16', None)
    >>> parse_date("June 23, 2025"), parse_date("23 Jun 2025"), parse_date("Jan 09, 2024")
    ('2025-06-23', '2025-06-23', '2024-01-09')
    >>> parse_date(1719100800), parse_date("1719100800000"), parse_date("20250623")
    ('2024-06-23', '2024-06-23', '2025-06-23')
    """
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _epoch(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if re.fullmatch(r"\d{8}", text):  # 20250623
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    elif re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return _epoch(float(text))
    found = re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text)
    if found:
        try:
            return dt.date(*map(int, found.groups())).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern, order in ((_MONTH_FIRST, (3, 1, 2)), (_DAY_FIRST, (3, 2, 1))):
        found = pattern.search(text)
        if found:
            year, month, day = (found.group(i) for i in order)
            try:
                return dt.date(int(year), _MONTHS[month.lower().rstrip(".")], int(day)).isoformat()
            except (ValueError, KeyError):
                return None
    return None


def _front_matter(original: str, where: str) -> tuple[dict, int]:
    found = _FRONT_MATTER.match(original)
    if not found:
        return {}, 0
    import yaml

    try:
        data = yaml.safe_load(found.group(1))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise InputError(f"front matter is not valid YAML{line}", where=where,
                         fix="fix the header between the --- lines") from None
    return (_fields(data) if isinstance(data, dict) else {}), found.end()


def _fields(record: dict) -> dict[str, object]:
    lowered = {str(k).lower(): v for k, v in record.items()}
    fields: dict[str, object] = {}
    for name, keys in _FIELD_KEYS.items():
        for key in keys:
            value = lowered.get(key)
            if isinstance(value, list):
                value = "、".join(str(v) for v in value if v)
            if value not in (None, ""):
                fields[name] = value
                break
    return fields


def _check_html(region: str, where: str) -> None:
    tail = region.rstrip()
    if tail.rfind("<") > tail.rfind(">"):
        raise InputError("HTML ends inside a tag (truncated file?)", where=where,
                         fix="save the complete page again")
    if tail.rfind("<!--") > tail.rfind("-->"):
        raise InputError("HTML ends inside a comment (truncated file?)", where=where,
                         fix="save the complete page again")
    for tag in ("html", "body"):
        if re.search(rf"<{tag}\b", region, re.I) and not re.search(rf"</{tag}\s*>", region, re.I):
            raise InputError(f"HTML has <{tag}> but no </{tag}> (truncated file?)", where=where,
                             fix="save the complete page again")


def html_body(original: str, start: int, where: str) -> tuple[MappedText, dict[str, object]]:
    """Main text of the HTML in ``original[start:]`` as paragraphs, and its <meta> fields.

    Parsed by lxml without network access; script, style, SVG, navigation and form
    content is left out. Each text character maps to its place in the source (an
    entity such as ``&amp;`` maps to the whole entity).
    """
    region = original[start:]
    _check_html(region, where)
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
    try:
        root = etree.fromstring(region, parser)
    except (etree.XMLSyntaxError, ValueError):
        root = None
    if any("Excessive depth" in e.message for e in parser.error_log):
        # libxml2 stops at 256 levels and drops the rest: refuse rather than lose the text.
        raise InputError("HTML is nested more than 256 elements deep (the parser reads no deeper)",
                         where=where, fix="save only the article's part of the page")
    if root is None:
        raise InputError("HTML without any content", where=where, fix="give the article's HTML page")
    meta = _html_meta(root)
    body = root.find(".//body")
    container = _main(body if body is not None else root)
    masked = _MASK.sub(lambda m: "\x00" * (m.end() - m.start()), region)
    paragraphs: list[MappedText] = []
    current: list[MappedText] = []
    cursor = 0
    for chunk in _chunks(container):
        if chunk is _BREAK:
            if current:
                paragraphs.append(_paragraph(current))
                current = []
            continue
        mapped, cursor = _locate(chunk, region, masked, cursor, start)
        if mapped is not None:
            current.append(mapped)
    if current:
        paragraphs.append(_paragraph(current))
    parts: list[MappedText] = []
    for paragraph in paragraphs:
        if not paragraph.text.strip():
            continue
        if parts:
            gap_start, gap_end = parts[-1].ends[-1], paragraph.starts[0]
            if gap_end <= gap_start:
                gap_start, gap_end = gap_start - 1, gap_start
            parts.append(MappedText("\n", array("i", [gap_start]), array("i", [gap_end])))
        parts.append(paragraph)
    return MappedText.join(parts), meta


def _main(body: etree._Element) -> etree._Element:
    candidates = body.xpath(".//article | .//main")
    if not candidates:
        return body
    best = max(candidates, key=lambda el: len("".join(el.itertext())))
    whole = len("".join(body.itertext())) or 1
    return best if len("".join(best.itertext())) >= 0.5 * whole else body


def _chunks(root: etree._Element) -> Iterator[str | None]:
    """Text and tails in document order; ``None`` at each block boundary."""
    stack: list[tuple[str, object]] = [("start", root)]
    while stack:
        kind, item = stack.pop()
        if kind == "text":
            yield item
            continue
        if kind == "end":
            yield _BREAK
            continue
        tag = item.tag
        if not isinstance(tag, str):
            continue
        name = tag.rsplit("}", 1)[-1].lower()
        if name in _SKIP:
            continue
        if name == "br":
            yield _BREAK
            continue
        if name in _BLOCK:
            yield _BREAK
            stack.append(("end", item))
        for child in reversed(item):
            if child.tail:
                stack.append(("text", child.tail))
            stack.append(("start", child))
        if item.text:
            stack.append(("text", item.text))


def _locate(chunk: str, region: str, masked: str, cursor: int, offset: int
            ) -> tuple[MappedText | None, int]:
    if not chunk.strip():
        # Whitespace between inline tags: look only nearby, it matches anywhere.
        k = masked.find(chunk, cursor, cursor + len(chunk) + 64)
        if k < 0:
            return None, cursor
        return MappedText.identity(chunk, offset + k), k + len(chunk)
    k = masked.find(chunk, cursor)
    if k >= 0:
        return MappedText.identity(chunk, offset + k), k + len(chunk)
    return _walk_entities(chunk, region, masked, cursor, offset)


def _walk_entities(chunk: str, region: str, masked: str, pos: int, offset: int
                   ) -> tuple[MappedText, int]:
    # lxml decoded entities (and line ends), so walk the source alongside the chunk.
    starts, ends = array("i"), array("i")
    n = len(region)
    last = max(pos - 1, 0)
    for char in chunk:
        while pos < n and masked[pos] == "\x00":
            pos += 1
        if pos < n and region[pos] == "&":
            entity = _ENTITY.match(region, pos)
            if entity and html.unescape(entity.group()) == char:
                starts.append(offset + pos)
                ends.append(offset + entity.end())
                last, pos = pos, entity.end()
                continue
        if pos < n and region[pos] == char:
            starts.append(offset + pos)
            ends.append(offset + pos + 1)
            last, pos = pos, pos + 1
            continue
        k = masked.find(char, pos, pos + 64)
        if k >= 0:
            last, pos = k, k + 1
        starts.append(offset + last)
        ends.append(offset + last + 1)
    return MappedText(chunk, starts, ends), pos


def _paragraph(chunks: list[MappedText]) -> MappedText:
    joined = MappedText.join(chunks)
    edits = []
    for m in _HTML_BREAK.finditer(joined.text):
        edits.append((m.start(), m.start() + 1, " "))
        if m.end() > m.start() + 1:
            edits.append((m.start() + 1, m.end(), ""))
    return joined.edit(edits)


def _html_meta(root: etree._Element) -> dict[str, object]:
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if key and content:
            values.setdefault(key, content)
    found: dict[str, object] = {}
    for name, keys in _META_FIELDS.items():
        for key in keys:
            if values.get(key):
                found[name] = values[key]
                break
    title = root.find(".//title")
    if "title" not in found and title is not None and (title.text or "").strip():
        found["title"] = title.text.strip()
    for link in root.iter("link"):
        if "url" not in found and (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            found["url"] = link.get("href").strip()
    return found


def markdown_body(original: str, start: int) -> MappedText:
    """Text of the Markdown in ``original[start:]``: markup dropped, link text kept.

    >>> markdown_body("## 标题\\n**阿里**与[腾讯](https://qq.com)合作", 0).text
    '标题\\n阿里与腾讯合作'
    """
    mapped = MappedText.identity(original[start:], start)
    for pattern, groups in _MD_RULES:
        edits = []
        for m in pattern.finditer(mapped.text):
            for group in groups:
                if m.end(group) > m.start(group):
                    edits.append((m.start(group), m.end(group), ""))
        if edits:
            mapped = mapped.edit(edits)
    return mapped


def _simplified(value: str, script: str) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    return converter("tw2sp").convert(value) if script == "taiwan" else t2s(value)


def _meta(script: str, *sources: dict[str, object] | Meta | None) -> Meta:
    merged: dict[str, object] = {}
    for source in sources:
        if source is None:
            continue
        items = vars(source).items() if isinstance(source, Meta) else source.items()
        for name, value in items:
            if value not in (None, "") and name not in merged:
                merged[name] = value
    title, author, outlet = (merged.get(k) for k in ("title", "author", "outlet"))
    url = str(merged["url"]).strip() if merged.get("url") else None
    ident = str(merged["id"]).strip() if merged.get("id") not in (None, "") else None
    return Meta(
        title=_simplified(str(title), script) if title else None,
        date=parse_date(merged.get("date")),
        author=_simplified(str(author), script) if author else None,
        outlet=_simplified(str(outlet), script) if outlet else None,
        url=url if url and re.match(r"https?://", url) else None,
        id=ident or None,
    )


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_key(meta: Meta, content_hash: str) -> str:
    """The key of a document's IRI: who the document is, never where it was read from.

    The URL when the input gives one, else its stable ``id`` field, else the content hash.
    A file name or a JSONL line number is provenance only: the same file name read on two
    days with other articles in it names other documents.

    >>> document_key(Meta(url="https://e.com/a", id="7"), "ab" * 32) == _sha("https://e.com/a")[:16]
    True
    >>> document_key(Meta(id="7"), "ab" * 32) == _sha("id:7")[:16]
    True
    >>> document_key(Meta(), "ab" * 32)
    'abababababababab'
    """
    if meta.url:
        return _sha(meta.url)[:16]
    if meta.id:
        return _sha("id:" + meta.id)[:16]
    return content_hash[:16]


def document_from_text(original: str, *, source: str, meta: Meta | None = None, kind: str = "txt",
                       base_iri: str = DEFAULT_BASE_IRI) -> Document:
    """Make a ``Document`` from decoded text (pure: no disk access).

    Args:
        original: the decoded file (or JSONL field) text; offsets index it.
        source: the name shown in errors and stored as ``kg:sourcePath``.
        meta: metadata known from outside (JSONL fields); it wins over what the
            text itself says.
        kind: ``txt``, ``md`` or ``html``; a ``txt`` or ``md`` text that starts with
            YAML front matter, or whose body is HTML, is read as such.
        base_iri: base of the document IRI.
    """
    fields: dict[str, object] = {}
    start = 0
    if kind in ("txt", "md"):
        fields, start = _front_matter(original, source)
    html_fields: dict[str, object] = {}
    if kind == "html" or _HTML_HINT.search(original, start, start + 20000):
        body, html_fields = html_body(original, start, source)
    elif kind == "md":
        body = markdown_body(original, start)
    else:
        body = MappedText.identity(original[start:], start)
    cleaned = clean(body)
    if not cleaned.text.text.strip():
        raise InputError("no article text left after clean-up", where=source,
                         fix="check that the file holds the article, not only page chrome")
    if not any(char.isalnum() for char in cleaned.text.text):
        raise InputError("no words in the text (only marks, symbols or punctuation)", where=source,
                         fix="check that the file holds the article")
    text, script = to_simplified(cleaned.text)
    info = _meta(script, meta, fields, html_fields, cleaned.header)
    content_hash = _sha(text.text)
    key = document_key(info, content_hash)
    return Document(
        source=source, original=original, text=text.text, starts=text.starts, ends=text.ends,
        script=script, meta=info, iri=f"{base_iri}doc/{key}", content_hash=content_hash,
        cleaned_original=cleaned.text.text,
    )


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "md", ".markdown": "md",
            ".jsonl": "jsonl"}.get(suffix, "txt")


def _read_error(err: OSError, path: str) -> InputError:
    if isinstance(err, FileNotFoundError) and os.path.islink(path):
        return InputError(f"is a symbolic link to nothing ({os.readlink(path)})", where=path,
                          fix="fix or remove the link")
    if isinstance(err, FileNotFoundError):  # it was there when the inputs were listed
        return InputError("is gone (moved or deleted while kg was reading the inputs)", where=path,
                          fix="put it back and run the command again")
    return InputError(f"cannot be read ({err.strerror or err})", where=path,
                      fix="check the path and its permissions")


def _too_large(size: int, where: str, what: str = "is") -> InputError:
    return InputError(f"{what} {size / 1e6:,.1f} MB, more than the {MAX_DOCUMENT_BYTES // 1_000_000} MB "
                      "one article may be", where=where,
                      fix="split it into articles: one per file, or one per JSONL line")


_SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                  (stat.S_ISDIR, "a directory"))


def _not_regular(mode: int, where: str) -> InputError | None:
    """The error for a path that is not a regular file (reading a pipe or a device blocks)."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "something other than a file")
    return InputError(f"is {kind}, not a regular file", where=where,
                      fix="save what it gives into a file, or pipe it in as `kg build -`")


def _open_regular(path: str) -> BinaryIO:
    """Open a regular file for reading, refusing pipes, sockets and devices.

    The file is opened without blocking and checked on the open descriptor, so a
    named pipe put in a file's place after the inputs were listed is refused too,
    instead of waiting for a writer for ever.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        error = _not_regular(os.fstat(fd).st_mode, path)
    except OSError:
        os.close(fd)
        raise
    if error is not None:
        os.close(fd)
        raise error
    return open(fd, "rb")


def check_regular(path: str) -> None:
    """Raise ``InputError`` when ``path`` exists and is not a regular file (``-`` is stdin).

    >>> check_regular("/dev/null")
    Traceback (most recent call last):
    kg.errors.InputError: /dev/null: is a character device, not a regular file (save what it gives into a file, or pipe it in as `kg build -`)
    """
    if path == STDIN:
        return
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # reading it says what is wrong
    error = _not_regular(mode, path)
    if error is not None:
        raise error


def _read_bytes(path: str) -> bytes:
    where = "<stdin>" if path == STDIN else path
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
            if len(data) > MAX_DOCUMENT_BYTES:
                raise _too_large(len(data) + len(sys.stdin.buffer.read()), where)
            return data
        with _open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_DOCUMENT_BYTES:
                raise _too_large(size, where)
            return handle.read()
    except OSError as err:
        raise _read_error(err, path) from None


def read_document(path: str, *, encoding: str | None = None,
                  base_iri: str = DEFAULT_BASE_IRI) -> Document:
    """Read one article file (``-`` for stdin) into a ``Document``."""
    where = "<stdin>" if path == STDIN else path
    text = decode(_read_bytes(path), where, encoding)
    return document_from_text(text, source=where, kind=_kind(path), base_iri=base_iri)


def _jsonl_document(line: str, where: str, base_iri: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"not valid JSON ({err.msg} at column {err.colno})", where=where,
                         fix="write one JSON object per line") from None
    if not isinstance(record, dict):
        raise InputError("not a JSON object", where=where, fix="write one JSON object per line")
    # json.loads joins escaped pairs (\ud83d\ude00) into one character; a lone half stays behind.
    lone = _SURROGATE.search(json.dumps(record, ensure_ascii=False)) if "\\ud" in line.lower() else None
    if lone:
        raise InputError(f"holds a lone surrogate \\u{ord(lone.group()):04x} (half of a UTF-16 pair, not a character)",
                         where=where, fix="fix the program that wrote the JSON; pairs must stay whole")
    body, kind = record.get("text"), "txt"
    if not isinstance(body, str) or not body.strip():
        body, kind = record.get("html"), "html"
    if not isinstance(body, str) or not body.strip():
        raise InputError('has no "text" or "html" field', where=where,
                         fix='give the article as "text" (or "html")')
    meta = Meta(**{name: str(value) for name, value in _fields(record).items()})
    return document_from_text(body, source=where, meta=meta, kind=kind, base_iri=base_iri)


@dataclass(frozen=True)
class Unit:
    """One document's worth of input: a file, or one line of a JSONL file.

    Units are cheap to make and to send to another process: a file unit holds
    only its path (the worker reads it), a JSONL unit holds its decoded line,
    and stdin's unit holds its decoded text, since only the reading process
    can read stdin.

    >>> Unit("news.jsonl", 3, '{"text": "..."}').source, Unit("a.txt").source, Unit("-", text="x").source
    ('news.jsonl:3', 'a.txt', '<stdin>')
    """

    path: str
    line: int | None = None
    text: str | None = None

    @property
    def source(self) -> str:
        """The name shown in errors and stored as ``kg:sourcePath``.

        >>> Unit("-", 2, '{"text": "..."}').source
        '<stdin>:2'
        """
        name = "<stdin>" if self.path == STDIN else self.path
        return f"{name}:{self.line}" if self.line is not None else name


STDIN_FORMATS = ("auto", "jsonl", "article")


def iter_units(paths: Sequence[str], *, encoding: str | None = None,
               errors: list | None = None, stdin_format: str = "auto") -> Iterator[Unit]:
    """Stream the ``Unit``s of some inputs: one per file, one per JSONL line.

    A JSONL file is read line by line, so memory does not grow with its size and
    its first unit comes before the rest of the file is read. Its lines are UTF-8
    (a byte-order mark is allowed; a UTF-16 or UTF-32 mark is followed), or
    ``encoding`` when given. Other files are only listed here; ``read_unit``
    reads them. Stdin is a JSONL stream (units ``<stdin>:N``) or one article, as
    ``stdin_format`` says (see :func:`stdin_units`).

    Args:
        paths: files, directories, globs, or ``-`` for stdin.
        encoding: force this encoding instead of detecting it.
        errors: when given, a bad file's or line's ``InputError`` is appended here
            and the rest is still read; when ``None`` the first one raises.
        stdin_format: ``auto``, ``jsonl`` or ``article``: how to read ``-``.

    Raises:
        InputError: a path cannot be resolved (always), or an input is bad and
            ``errors`` is ``None``.
    """
    for path in resolve_inputs(paths):
        try:
            if _SURROGATE.search(path):
                # The name's bytes are not UTF-8 (a GBK name from a Windows zip): kg could not
                # store it as kg:sourcePath nor print it.
                shown = os.fsencode(path).decode("utf-8", "backslashreplace")
                raise InputError("file name is not UTF-8", where=shown,
                                 fix="rename the file in UTF-8, e.g. convmv -f gbk -t utf-8 --notest")
            if path == STDIN:
                yield from stdin_units(sys.stdin.buffer, encoding, errors, stdin_format)
                continue
            check_regular(path)
            if _kind(path) == "jsonl":
                yield from _jsonl_units(path, encoding, errors)
            else:
                yield Unit(path)
        except InputError as err:
            if errors is None:
                raise
            errors.append(err)


def read_unit(unit: Unit, *, encoding: str | None = None, base_iri: str = DEFAULT_BASE_IRI) -> Document:
    """Read, clean and normalise one ``Unit`` into a ``Document``.

    Raises:
        InputError: the file or JSONL line is not a readable article.
    """
    if unit.line is not None:
        return _jsonl_document(unit.text or "", unit.source, base_iri)
    if unit.text is not None:
        return document_from_text(unit.text, source=unit.source, kind=_kind(unit.path), base_iri=base_iri)
    return read_document(unit.path, encoding=encoding, base_iri=base_iri)


JSONL_SOURCE = re.compile(r"^(?P<path>.+\.jsonl):(?P<line>\d+)$", re.IGNORECASE)


def read_source(source: str, *, encoding: str | None = None,
                base_iri: str = DEFAULT_BASE_IRI) -> Document:
    """Read the document a stored ``kg:sourcePath`` names: a file, or ``news.jsonl:3``
    (line 3 of a JSONL file).

    Raises:
        InputError: the file is gone, or the line holds no article.
    """
    found = JSONL_SOURCE.match(source)
    if found is None or os.path.exists(source) or not os.path.isfile(found.group("path")):
        return read_document(source, encoding=encoding, base_iri=base_iri)
    wanted = int(found.group("line"))
    for unit in iter_units([found.group("path")], encoding=encoding):
        if unit.line == wanted:
            return read_unit(unit, encoding=encoding, base_iri=base_iri)
    raise InputError(f"has no article on line {wanted}", where=found.group("path"),
                     fix="name a line that holds a JSON object with a text or html field")


def _jsonl_units(path: str, encoding: str | None, errors: list | None) -> Iterator[Unit]:
    try:
        handle = _open_regular(path)
    except OSError as err:
        raise _read_error(err, path) from None
    with handle:
        yield from _jsonl_stream(handle, path, path, encoding, errors)


def _jsonl_stream(handle: BinaryIO, path: str, where: str, encoding: str | None,
                  errors: list | None) -> Iterator[Unit]:
    found = False
    for number, line in _jsonl_lines(handle, where, encoding):
        if isinstance(line, InputError):
            if errors is None:
                raise line
            errors.append(line)
            found = True
        elif line.strip():
            found = True
            yield Unit(path, number, line)
    if not found:
        raise InputError("empty file", where=where, fix="give a file that holds an article")


class _Replay(io.RawIOBase):
    """A byte stream that gives ``head`` first, then the rest of ``stream``: stdin after its
    first lines were read to tell JSONL from an article."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self.head = head
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.stream.read1(len(buffer)) if hasattr(self.stream, "read1") else self.stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def _is_record(line: bytes, encoding: str | None) -> bool:
    """Whether ``line`` is a JSON object with a ``text`` or ``html`` string: a JSONL article."""
    try:
        record = json.loads(line.removeprefix(codecs.BOM_UTF8).decode(encoding or "utf-8"))
    except (UnicodeDecodeError, LookupError, ValueError):
        return False
    return isinstance(record, dict) and any(isinstance(record.get(key), str) for key in ("text", "html"))


def stdin_units(stream: BinaryIO, encoding: str | None = None, errors: list | None = None,
                stdin_format: str = "auto") -> Iterator[Unit]:
    """The units of stdin: a JSONL stream, one unit per line (``<stdin>:N``), or one article.

    ``auto`` reads the first non-empty line: a JSON object with a ``text`` or ``html`` string
    makes the stream JSONL (streamed line by line; a later line that is no such object is
    rejected on its own, as in a JSONL file), anything else makes it one article. ``jsonl``
    and ``article`` say which without looking.

    >>> [u.source for u in stdin_units(io.BytesIO(b'{"text": "a"}\\n\\n{"text": "b"}\\n'))]
    ['<stdin>:1', '<stdin>:3']
    >>> [u.source for u in stdin_units(io.BytesIO("腾讯与京东合作。".encode()))]
    ['<stdin>']
    """
    if stdin_format not in STDIN_FORMATS:
        raise InputError(f"unknown format {stdin_format!r}", where="--format", fix="use auto, jsonl or article")
    head: list[bytes] = []
    if stdin_format == "auto":
        size = 0
        while size <= MAX_DOCUMENT_BYTES:
            line = stream.readline(MAX_DOCUMENT_BYTES + 1 - size)
            if not line:
                break
            head.append(line)
            size += len(line)
            if line.strip():
                break
        stdin_format = "jsonl" if head and _is_record(head[-1], encoding) else "article"
    if stdin_format == "jsonl":
        yield from _jsonl_stream(io.BufferedReader(_Replay(b"".join(head), stream)), STDIN, "<stdin>",
                                 encoding, errors)
        return
    data = b"".join(head)
    data += stream.read(MAX_DOCUMENT_BYTES + 1 - len(data))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large(len(data) + len(stream.read()), "<stdin>")
    yield Unit(STDIN, text=decode(data, "<stdin>", encoding))


def _jsonl_lines(handle: BinaryIO, path: str, encoding: str | None) -> Iterator[tuple[int, str | InputError]]:
    """``(line number, text)`` for each line, or an ``InputError`` for a line that does not decode."""
    head = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
    for magic, what in _MAGIC:
        if head.startswith(magic[:4]) and not encoding:
            raise InputError(f"is {what}, not text", where=path,
                             fix="give .txt, .html, .md or .jsonl articles")
    bom = next((codec for mark, codec in _BOMS if head.startswith(mark)), None)
    codec = encoding or (bom if bom not in (None, "utf-8-sig") else "utf-8")
    try:
        newline_safe = "\n".encode(codec) == b"\n"
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", where=path,
                         fix="use a codec name such as utf-8, gb18030, big5 or utf-16") from None
    if not newline_safe:
        # UTF-16 and UTF-32: a b"\n" byte may sit inside a character, so decode as a stream.
        number = 0
        try:
            for number, text in enumerate(io.TextIOWrapper(handle, encoding=codec, newline=None), 1):
                yield number, text.rstrip("\n")
        except UnicodeDecodeError as err:
            raise InputError(f"cannot be decoded as {codec} ({err.reason})", where=f"{path}:{number + 1}",
                             fix="re-save the file as UTF-8, or pass the right --encoding") from None
        return
    for number, data in enumerate(_bounded_lines(handle), 1):
        if isinstance(data, int):
            yield number, _too_large(data, f"{path}:{number}", "the line is")
            continue
        if number == 1 and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        try:
            yield number, data.rstrip(b"\r\n").decode(codec)
        except UnicodeDecodeError as err:
            fix = ("re-save the file as UTF-8 (JSONL is UTF-8), or pass --encoding" if not encoding
                   else "check --encoding, or leave it out for UTF-8")
            yield number, InputError(f"cannot be decoded as {codec} (bad byte at {err.start})",
                                     where=f"{path}:{number}", fix=fix)


def _bounded_lines(handle: BinaryIO) -> Iterator[bytes | int]:
    """The lines of ``handle``; a line longer than ``MAX_DOCUMENT_BYTES`` is skipped and gives its size."""
    while True:
        data = handle.readline(MAX_DOCUMENT_BYTES + 1)
        if not data:
            return
        if len(data) <= MAX_DOCUMENT_BYTES or data.endswith(b"\n"):
            yield data
            continue
        size = len(data)
        while data and not data.endswith(b"\n"):  # read past the rest without holding it
            data = handle.readline(1 << 20)
            size += len(data)
        yield size


def iter_documents(paths: Sequence[str], *, encoding: str | None = None,
                   base_iri: str = DEFAULT_BASE_IRI, errors: list | None = None
                   ) -> Iterator[Document]:
    """Stream ``Document``s: one per file, one per JSONL line (``iter_units`` + ``read_unit``).

    Args:
        paths: files, directories, globs, or ``-`` for stdin.
        encoding: force this encoding instead of detecting it.
        base_iri: base of the document IRIs.
        errors: when given, a bad file's or line's ``InputError`` is appended here
            and the rest is still read; when ``None`` the first one raises.

    Raises:
        InputError: a path cannot be resolved (always), or an input is bad and
            ``errors`` is ``None``.
    """
    for unit in iter_units(paths, encoding=encoding, errors=errors):
        try:
            yield read_unit(unit, encoding=encoding, base_iri=base_iri)
        except InputError as err:
            if errors is None:
                raise
            errors.append(err)
